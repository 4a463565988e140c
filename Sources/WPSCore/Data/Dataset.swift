/// A dataset of personnel data owned by an institution.
public struct Dataset: Sendable, Equatable, Codable {
    public var id: Int
    public var institutionId: Int
    public var country: String
    public var referenceDate: Day
    public var series: String
    /// `records` (one row per person) or `aggregate` (counts).
    public var kind: String
    public var fileName: String
    public var rowCount: Int
    public var visibility: Visibility
    public var version: Int

    public init(
        id: Int, institutionId: Int, country: String, referenceDate: Day, series: String, kind: String, fileName: String,
        rowCount: Int, visibility: Visibility, version: Int
    ) {
        self.id = id
        self.institutionId = institutionId
        self.country = country
        self.referenceDate = referenceDate
        self.series = series
        self.kind = kind
        self.fileName = fileName
        self.rowCount = rowCount
        self.visibility = visibility
        self.version = version
    }
}

extension Viewer {
    /// Whether the viewer sees a dataset's exact figures: analysts (and admins) of the owning
    /// institution. Everyone else sees tables through ``DisclosureControl``.
    public func seesExactFigures(of dataset: Dataset) -> Bool {
        guard let role = roles[dataset.institutionId] else { return false }
        return role == .analyst || role == .admin
    }
}

/// Reads datasets; only those the viewer may see.
public protocol DatasetStore: Sendable {
    /// Datasets the viewer may see, newest reference date first.
    func datasets(viewer: Viewer, page: PageRequest) async throws -> Page<Dataset>
    /// One dataset, or nil when it does not exist or the viewer may not see it.
    func dataset(id: Int, viewer: Viewer) async throws -> Dataset?
    /// The exact counts of a visible dataset by two dimensions (protect before showing to
    /// anyone who does not see exact figures).
    func table(datasetId: Int, rows: AnalysisDimension, columns: AnalysisDimension, viewer: Viewer) async throws -> CountTable?
}
