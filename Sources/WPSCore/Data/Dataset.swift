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
    /// People in the dataset: records imported, or the sum of an aggregate table's counts.
    public var rowCount: Int
    public var visibility: Visibility
    public var version: Int
    /// Where the figures come from and what is counted.
    public var source: String
    public var definition: String
    /// The total an aggregate table reports, which may differ from the sum of its parts.
    public var reportedTotal: Int?
    /// An aggregate table's reported number of women, and the women its counts add up to.
    public var reportedWomen: Int?
    public var countedWomen: Int?

    public init(
        id: Int, institutionId: Int, country: String, referenceDate: Day, series: String, kind: String, fileName: String,
        rowCount: Int, visibility: Visibility, version: Int, source: String = "", definition: String = "", reportedTotal: Int? = nil,
        reportedWomen: Int? = nil, countedWomen: Int? = nil
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
        self.source = source
        self.definition = definition
        self.reportedTotal = reportedTotal
        self.reportedWomen = reportedWomen
        self.countedWomen = countedWomen
    }

    /// The reported number of women minus the women in the counts, when they differ (an
    /// aggregate table whose source reports its women apart).
    public var womenGap: Int? {
        guard let reportedWomen, let countedWomen, reportedWomen != countedWomen else { return nil }
        return reportedWomen - countedWomen
    }

    /// The reported total minus the sum of the parts (people not broken down), when they differ.
    public var gap: Int? {
        guard let reportedTotal, reportedTotal != rowCount else { return nil }
        return reportedTotal - rowCount
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
    /// The newest dataset of each country that the viewer may see (by reference date, then id),
    /// ordered by country code: one query, whatever the number of datasets.
    func latestPerCountry(viewer: Viewer) async throws -> [Dataset]
    /// One dataset, or nil when it does not exist or the viewer may not see it.
    func dataset(id: Int, viewer: Viewer) async throws -> Dataset?
    /// The exact counts of `dataset` by two dimensions (protect before showing to anyone who does
    /// not see exact figures).
    ///
    /// This and the other methods that take a ``Dataset`` rather than an id do not check the
    /// reader's rights again: pass only a dataset this store returned to the reader
    /// (``dataset(id:viewer:)``, ``series(of:viewer:)``, …). Their counterparts by id check them.
    func table(of dataset: Dataset, rows: AnalysisDimension, columns: AnalysisDimension) async throws -> CountTable
    /// The exact number of people of `dataset` for every combination of `dimensions` that occurs
    /// (to protect every table of the dataset together).
    func counts(of dataset: Dataset, dimensions: [AnalysisDimension]) async throws -> [(labels: [String], count: Int)]
    /// People who entered and who left in `year`, by sex (rows `entered`, `left`), from the entry
    /// and exit dates of a person-level dataset; nil for an aggregate table.
    func movements(of dataset: Dataset, year: Int) async throws -> CountTable?
    /// People deployed abroad on the reference date, by sex (one row, `deployed_abroad`), from a
    /// person-level file's deployment column; nil when the file had none (no person has it
    /// recorded) or for an aggregate table.
    func deployedAbroad(of dataset: Dataset) async throws -> CountTable?
    /// Between two person-level snapshots, by sex of the earlier one (the later one for
    /// `joined`): `joined` (ids only in the later), `left` (only in the earlier), `stayed` (in both)
    /// and `promoted` (in both, at a higher NATO code). People are matched by `person_id`; nil
    /// when either is an aggregate table.
    func transitions(from earlier: Dataset, to later: Dataset) async throws -> CountTable?
    /// The snapshots of the dataset's series (same institution and series name), oldest first,
    /// that the viewer may see; just the dataset when it has no series name.
    func series(of dataset: Dataset, viewer: Viewer) async throws -> [Dataset]
    /// The snapshots of an institution's series by its name, oldest first, that the viewer may see.
    func snapshots(institutionId: Int, series: String, viewer: Viewer) async throws -> [Dataset]
    /// Stores an aggregate table as a new dataset, in one transaction, audited.
    /// - Throws: ``StoreError/invalid(_:)`` listing every problem (field paths such as
    ///   `counts[3].nato_code`); ``StoreError/forbidden`` unless the viewer is an analyst, editor or
    ///   admin of the institution (or a platform admin).
    func createAggregate(_ table: AggregateTable, viewer: Viewer, by actor: Actor) async throws -> Dataset
    /// Removes a dataset from lists, series, comparisons and pages (its rows stay, for the audit
    /// trail; nothing else refers to them). A series then runs from the snapshot before it to the
    /// one after it.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the viewer cannot see it (or it is gone
    ///   already); ``StoreError/forbidden`` unless the viewer may add data for its institution.
    func deleteDataset(id: Int, viewer: Viewer, by actor: Actor) async throws
    /// Computes what the dataset pages read first — each dataset's NATO code and post tables,
    /// its movements, its match with the snapshot before it — so the first reader after a start
    /// does not wait for it. Nothing is shown to anyone; readers' rights are checked as always.
    func warmUp() async throws
}

extension DatasetStore {
    /// ``table(of:rows:columns:)`` of a dataset the viewer may see; nil when hidden or missing.
    public func table(datasetId: Int, rows: AnalysisDimension, columns: AnalysisDimension, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer) else { return nil }
        return try await table(of: dataset, rows: rows, columns: columns)
    }

    /// ``counts(of:dimensions:)`` of a dataset the viewer may see; nil when hidden or missing.
    public func counts(datasetId: Int, dimensions: [AnalysisDimension], viewer: Viewer) async throws -> [(labels: [String], count: Int)]? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer) else { return nil }
        return try await counts(of: dataset, dimensions: dimensions)
    }

    /// ``movements(of:year:)`` of a dataset the viewer may see; nil when hidden or missing.
    public func movements(datasetId: Int, year: Int, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer) else { return nil }
        return try await movements(of: dataset, year: year)
    }

    /// ``deployedAbroad(of:)`` of a dataset the viewer may see; nil when hidden or missing.
    public func deployedAbroad(datasetId: Int, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer) else { return nil }
        return try await deployedAbroad(of: dataset)
    }

    /// ``transitions(from:to:)`` of two snapshots the viewer may see; nil when either is hidden
    /// or missing.
    public func transitions(from earlier: Int, to later: Int, viewer: Viewer) async throws -> CountTable? {
        guard let first = try await dataset(id: earlier, viewer: viewer), let second = try await dataset(id: later, viewer: viewer)
        else { return nil }
        return try await transitions(from: first, to: second)
    }
}

extension Viewer {
    /// Whether the viewer may add data for an institution: its analysts, editors and admins.
    public func canAddData(for institutionId: Int) -> Bool {
        if isPlatformAdmin { return true }
        guard let role = roles[institutionId] else { return false }
        return role == .analyst || role == .editor || role == .admin
    }
}
