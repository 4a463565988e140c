/// One page of a longer list, with the total count of matching records.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var perPage: Int
    public var total: Int

    public init(items: [Item], page: Int, perPage: Int, total: Int) {
        self.items = items
        self.page = page
        self.perPage = perPage
        self.total = total
    }

    /// The number of pages needed to show `total` records (at least 1).
    public var pageCount: Int { max(1, total / max(1, perPage) + (total % max(1, perPage) == 0 ? 0 : 1)) }
}

/// Which page of a list to read; pages count from 1.
public struct PageRequest: Sendable, Equatable {
    public static let maximumPerPage = 200
    /// No list has this many pages; the bound keeps `offset` far from overflowing, whatever a
    /// client sends.
    public static let maximumPage = 1_000_000
    public var page: Int
    public var perPage: Int

    /// Clamps out-of-range values to the nearest valid one.
    public init(page: Int = 1, perPage: Int = 50) {
        self.page = min(Self.maximumPage, max(1, page))
        self.perPage = min(Self.maximumPerPage, max(1, perPage))
    }

    /// At most (1,000,000 − 1) × 200: never overflows.
    public var offset: Int { (page - 1) * perPage }
}
