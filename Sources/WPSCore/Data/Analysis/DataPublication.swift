/// Where CPU-heavy work runs (disclosure control of a dataset's tables): the web server gives a
/// thread pool of its own so that requests keep a core; tests and tools may run it in place.
public protocol CPUWorkPool: Sendable {
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T
}

/// Runs the work on the calling task.
public struct InPlaceWork: CPUWorkPool {
    public init() {}
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T { try body() }
}

/// What a published table is made of: a table of a dataset, its movements in a year, or the
/// transitions between two snapshots, protected with a threshold (1 for exact figures).
public enum PublishedTable: Hashable, Sendable {
    case table(dataset: Int, rows: AnalysisDimension, columns: AnalysisDimension, threshold: Int)
    case movements(dataset: Int, year: Int, threshold: Int)
    case deployedAbroad(dataset: Int, threshold: Int)
    case transitions(from: Int, to: Int, threshold: Int)

    public var threshold: Int {
        switch self {
        case .table(_, _, _, let threshold), .movements(_, _, let threshold), .transitions(_, _, let threshold), .deployedAbroad(_, let threshold):
            threshold
        }
    }
}

/// A dataset's tables protected with a threshold.
public struct ProtectedDataset: Hashable, Sendable {
    public var dataset: Int
    public var threshold: Int

    public init(dataset: Int, threshold: Int) {
        self.dataset = dataset
        self.threshold = threshold
    }
}

/// The figures of personnel datasets as each reader may see them: the store's exact counts
/// after disclosure control with the platform's threshold (exact for the owner's analysts).
///
/// Tables after disclosure control are kept by what they were computed from and the threshold
/// they were protected with — never by who asked: a dataset never changes after its import, and
/// a reader's rights are checked against the store before anything kept is handed out.
public struct DataPublication: Sendable {
    public let datasets: any DatasetStore
    /// The smallest count shown to readers who do not see exact figures.
    public let suppressionThreshold: Int
    /// How many figures disclosure control considers together (``DisclosureControl/defaultWidth``).
    public let protectionWidth: Int
    let work: any CPUWorkPool
    public let published = ImmutableResultCache<PublishedTable, ProtectedTable>(capacity: 4096)
    /// Every table of a dataset protected together, by dataset and threshold.
    public let protectedDatasets = ImmutableResultCache<ProtectedDataset, LinkedTables>(capacity: 256)
    /// Each dataset's column of the country comparison, by dataset and threshold.
    public let comparisonColumns = ImmutableResultCache<ProtectedDataset, CountryComparison.Column>(capacity: 1024)

    public init(
        datasets: any DatasetStore, suppressionThreshold: Int, protectionWidth: Int = DisclosureControl.defaultWidth,
        work: any CPUWorkPool = InPlaceWork()
    ) {
        self.datasets = datasets
        self.suppressionThreshold = suppressionThreshold
        self.protectionWidth = protectionWidth
        self.work = work
    }

    /// The threshold for this reader: 1 (nothing withheld) for the owner's analysts.
    public func threshold(for dataset: Dataset, viewer: Viewer) -> Int {
        viewer.seesExactFigures(of: dataset) ? 1 : suppressionThreshold
    }

    /// `counts` (which the caller read with the viewer's rights) after disclosure control with
    /// the key's threshold, computed once per key. For a table of a dataset by two of its
    /// published dimensions, the table as the dataset's linked protection has it.
    public func protect(_ counts: CountTable, as key: PublishedTable, viewer: Viewer) async throws -> ProtectedTable {
        if case .table(let id, let rows, let columns, let threshold) = key, threshold > 1,
            let dataset = try await datasets.dataset(id: id, viewer: viewer),
            let linked = try await linkedTable(of: dataset, rows: rows, columns: columns, threshold: threshold)
        {
            return linked
        }
        return try await suppressed(counts, as: key)
    }

    /// A table of `dataset` by two dimensions as this reader may see it (exact for the owner's
    /// analysts). `dataset` as the store returned it to the reader: rights are not checked again
    /// (``protect(_:as:viewer:)`` is the same for a table read by id), so a page that has its
    /// datasets already asks the database nothing more when the table is kept.
    public func table(of dataset: Dataset, rows: AnalysisDimension, columns: AnalysisDimension, viewer: Viewer) async throws -> ProtectedTable {
        let threshold = threshold(for: dataset, viewer: viewer)
        if let linked = try await linkedTable(of: dataset, rows: rows, columns: columns, threshold: threshold) { return linked }
        let counts = try await datasets.table(of: dataset, rows: rows, columns: columns)
        return try await suppressed(counts, as: .table(dataset: dataset.id, rows: rows, columns: columns, threshold: threshold))
    }

    /// A table by two of ``AnalysisDimension/published`` as the dataset's tables protected
    /// together have it; nil for exact figures (threshold 1) or another dimension.
    private func linkedTable(of dataset: Dataset, rows: AnalysisDimension, columns: AnalysisDimension, threshold: Int) async throws -> ProtectedTable? {
        guard threshold > 1, let r = AnalysisDimension.published.firstIndex(of: rows), let c = AnalysisDimension.published.firstIndex(of: columns)
        else { return nil }
        return try await protectedTables(of: dataset, threshold: threshold).table(rows: r, columns: c)
    }

    /// `counts` with the cells under the key's threshold withheld, computed once per key.
    private func suppressed(_ counts: CountTable, as key: PublishedTable) async throws -> ProtectedTable {
        let (work, width) = (work, protectionWidth)
        return try await published.value(for: key) {
            try await work.run { DisclosureControl.suppressSmallCells(in: counts, threshold: key.threshold, width: width) }
        }
    }

    /// Every table of a dataset by two of ``AnalysisDimension/published``, protected together.
    /// `dataset` as the store returned it to the reader.
    public func protectedTables(of dataset: Dataset, threshold: Int) async throws -> LinkedTables {
        let dimensions = AnalysisDimension.published
        let (work, width, datasets) = (work, protectionWidth, datasets)
        return try await protectedDatasets.value(for: ProtectedDataset(dataset: dataset.id, threshold: threshold)) {
            let counts = try await datasets.counts(of: dataset, dimensions: dimensions)
            return try await work.run { LinkedTables(dimensions: dimensions, counts: counts, threshold: threshold, width: width) }
        }
    }

    /// The women of a dataset as its protected tables publish them for readers without exact
    /// figures (the sex margin, shown or withheld alike in every table); nil when withheld or when
    /// the dataset has none. `dataset` as the store returned it to the reader.
    public func publishedWomen(of dataset: Dataset) async throws -> Int? {
        guard let sex = AnalysisDimension.published.firstIndex(of: .sex) else { return nil }
        let linked = try await protectedTables(of: dataset, threshold: suppressionThreshold)
        return linked.margin(dimension: sex, label: Sex.female.rawValue)
    }

    /// Prepares, in the background at start, what the first readers would otherwise wait for:
    /// every dataset's exact counts (the store) and its published tables after disclosure
    /// control (at the configured threshold), newest datasets first, as many as the cache keeps.
    public func warmUp() async throws {
        try await datasets.warmUp()
        let everyone = Viewer(userId: nil, isPlatformAdmin: true)
        let newest = try await datasets.datasets(viewer: everyone, page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage))
        for dataset in newest.items {
            try Task.checkCancellation()
            _ = try await protectedTables(of: dataset, threshold: suppressionThreshold)
        }
    }
}
