import Foundation
import Logging
import WPSCore
import WPSStorage

/// What the handlers work with: the stores and the configuration.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let database: WPSDatabase
    public let directory: any DirectoryStore
    public let accounts: any AccountStore
    public let datasets: any DatasetStore
    public let ranks: any RankStore
    /// Files sent to the import wizard, between its steps (in the database: any server may confirm).
    public let uploads: SQLUploadStore
    public let passwords: PasswordHasher
    public let throttle: LoginThrottle
    /// Prometheus text for `/metrics`; nil when metrics are not collected in this process.
    public let metricsText: (@Sendable () -> String)?
    /// Tables after disclosure control, by what they were computed from and the threshold they
    /// were protected with — never by who asked: a dataset never changes after its import.
    let published = ImmutableResultCache<PublishedTable, ProtectedTable>(capacity: 4096)
    /// Every table of a dataset protected together, by dataset and threshold.
    let protectedDatasets = ImmutableResultCache<ProtectedDataset, LinkedTables>(capacity: 256)
    /// Each dataset's column of the country comparison, by dataset and threshold.
    let comparisonColumns = ImmutableResultCache<ProtectedDataset, CountryComparison.Column>(capacity: 1024)

    public init(config: AppConfig, database: WPSDatabase, metricsText: (@Sendable () -> String)? = nil) {
        self.config = config
        self.database = database
        self.directory = SQLDirectoryStore(database: database)
        self.accounts = SQLAccountStore(database: database)
        self.datasets = SQLDatasetStore(database: database)
        self.ranks = SQLRankStore(database: database)
        self.uploads = SQLUploadStore(database: database)
        self.passwords = PasswordHasher(cost: config.bcryptCost)
        self.throttle = LoginThrottle()
        self.metricsText = metricsText
    }
}

/// What a published table is made of: a table of a dataset, its movements in a year, or the
/// transitions between two snapshots, protected with a threshold (1 for exact figures).
enum PublishedTable: Hashable, Sendable {
    case table(dataset: Int, rows: AnalysisDimension, columns: AnalysisDimension, threshold: Int)
    case movements(dataset: Int, year: Int, threshold: Int)
    case transitions(from: Int, to: Int, threshold: Int)

    var threshold: Int {
        switch self {
        case .table(_, _, _, let threshold), .movements(_, _, let threshold), .transitions(_, _, let threshold): threshold
        }
    }
}

/// A dataset's tables protected with a threshold.
struct ProtectedDataset: Hashable, Sendable {
    var dataset: Int
    var threshold: Int
}

extension AppServices {
    /// `counts` (which the caller read with the viewer's rights) after disclosure control with
    /// the key's threshold, computed once per key. For a table of a dataset by two of its
    /// published dimensions, the table as the dataset's linked protection has it.
    func protect(_ counts: CountTable, as key: PublishedTable, viewer: Viewer) async throws -> ProtectedTable {
        if case .table(let dataset, let rows, let columns, let threshold) = key, threshold > 1,
            let r = AnalysisDimension.published.firstIndex(of: rows), let c = AnalysisDimension.published.firstIndex(of: columns),
            let linked = try await protectedTables(of: dataset, threshold: threshold, viewer: viewer)
        {
            return linked.table(rows: r, columns: c)
        }
        return try await published.value(for: key) {
            let width = config.protectionWidth
            return try await CPUWork.run { DisclosureControl.suppressSmallCells(in: counts, threshold: key.threshold, width: width) }
        }
    }

    /// Every table of a dataset by two of ``AnalysisDimension/published``, protected together;
    /// nil when the viewer may not see the dataset.
    /// Prepares, in the background at start, what the first readers would otherwise wait for:
    /// every dataset's exact counts (the store) and its published tables after disclosure
    /// control (at the configured threshold), newest datasets first, as many as the cache keeps.
    public func warmUp() async throws {
        try await datasets.warmUp()
        let everyone = Viewer(userId: nil, isPlatformAdmin: true)
        let newest = try await datasets.datasets(viewer: everyone, page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage))
        for dataset in newest.items {
            try Task.checkCancellation()
            _ = try await protectedTables(of: dataset.id, threshold: config.suppressionThreshold, viewer: everyone)
        }
    }

    func protectedTables(of dataset: Int, threshold: Int, viewer: Viewer) async throws -> LinkedTables? {
        guard try await datasets.dataset(id: dataset, viewer: viewer) != nil else { return nil }
        let dimensions = AnalysisDimension.published
        let width = config.protectionWidth
        return try await protectedDatasets.value(for: ProtectedDataset(dataset: dataset, threshold: threshold)) {
            let counts = try await datasets.counts(datasetId: dataset, dimensions: dimensions, viewer: viewer) ?? []
            return try await CPUWork.run { LinkedTables(dimensions: dimensions, counts: counts, threshold: threshold, width: width) }
        }
    }
}
