/// The indicators of a dataset as one reader may see them: computed from the published (for
/// the owner's analysts: exact) NATO code × sex and post × sex tables, recruitment and attrition
/// in the reference year, and the same indicators for each snapshot of its series.
public struct DatasetAnalysis: Sendable {
    public struct Snapshot: Sendable {
        public var dataset: Dataset
        public var representation: Representation
    }

    /// From one snapshot of the series to the next: people matched by id.
    public struct Step: Sendable {
        public var from: Dataset
        public var to: Dataset
        public var table: ProtectedTable
        public var rates: [TransitionRates]
        /// People found in both (nil when withheld).
        public var matched: Int? {
            table.rows.firstIndex(of: "stayed").flatMap { table.rowTotals[$0] }
        }
    }

    public var dataset: Dataset
    /// Whether the figures are exact (the owner's analysts) rather than published.
    public var exact: Bool
    public var representation: Representation
    public var movements: ProtectedTable?
    public var rates: [Rates]
    public var series: [Snapshot]
    public var steps: [Step]

    /// A dataset's indicators and the published NATO code × sex table they (and the rates) rest on.
    public struct Published: Sendable {
        public var byRank: ProtectedTable
        public var representation: Representation
    }

    /// The published tables a representation rests on. `dataset` as the store returned it to the
    /// viewer (rights are not checked again: the analysis reads each dataset once).
    public static func published(of dataset: Dataset, viewer: Viewer, publication: DataPublication) async throws -> Published {
        let rank = try await publication.table(of: dataset, rows: .natoCode, columns: .sex, viewer: viewer)
        let post = try await publication.table(of: dataset, rows: .positionLevel, columns: .sex, viewer: viewer)
        return Published(byRank: rank, representation: Indicators.representation(byRank: rank, byPost: post))
    }

    /// Nil when the dataset does not exist or is hidden from the viewer.
    public static func load(datasetId: Int, viewer: Viewer, publication: DataPublication) async throws -> DatasetAnalysis? {
        guard let dataset = try await publication.datasets.dataset(id: datasetId, viewer: viewer) else { return nil }
        return try await load(of: dataset, viewer: viewer, publication: publication)
    }

    /// The analysis of a dataset as the store returned it to the viewer (rights are not checked again).
    public static func load(of dataset: Dataset, viewer: Viewer, publication: DataPublication) async throws -> DatasetAnalysis {
        let datasetId = dataset.id
        let published = try await published(of: dataset, viewer: viewer, publication: publication)
        let representation = published.representation
        let k = publication.threshold(for: dataset, viewer: viewer)
        let year = dataset.referenceDate.year
        var movements: ProtectedTable?
        if let counts = try await publication.datasets.movements(of: dataset, year: year) {
            movements = try await publication.protect(counts, as: .movements(dataset: datasetId, year: year, threshold: k), viewer: viewer)
        }
        var series: [Snapshot] = []
        for snapshot in try await publication.datasets.series(of: dataset, viewer: viewer) {
            if snapshot.id == dataset.id {
                series.append(Snapshot(dataset: snapshot, representation: representation))
            } else {
                let other = try await Self.published(of: snapshot, viewer: viewer, publication: publication)
                series.append(Snapshot(dataset: snapshot, representation: other.representation))
            }
        }
        var steps: [Step] = []
        for (earlier, later) in zip(series, series.dropFirst()) {
            guard let counts = try await publication.datasets.transitions(from: earlier.dataset, to: later.dataset)
            else { continue }
            let threshold = max(
                publication.threshold(for: earlier.dataset, viewer: viewer), publication.threshold(for: later.dataset, viewer: viewer))
            let table = try await publication.protect(counts, as: .transitions(from: earlier.dataset.id, to: later.dataset.id, threshold: threshold), viewer: viewer)
            steps.append(Step(from: earlier.dataset, to: later.dataset, table: table, rates: Indicators.transitionRates(table)))
        }
        return DatasetAnalysis(
            dataset: dataset, exact: k == 1, representation: representation, movements: movements,
            rates: movements.map { Indicators.rates($0, byRank: published.byRank) } ?? [], series: series, steps: steps)
    }
}
