import Foundation
import WPSCore

/// The indicators of a dataset as one reader may see them: computed from the published (for
/// the owner's analysts: exact) NATO code × sex and post × sex tables, recruitment and attrition
/// in the reference year, and the same indicators for each snapshot of its series.
struct DatasetAnalysis: Sendable {
    struct Snapshot: Sendable {
        var dataset: Dataset
        var representation: Representation
    }

    /// From one snapshot of the series to the next: people matched by id.
    struct Step: Sendable {
        var from: Dataset
        var to: Dataset
        var table: ProtectedTable
        var rates: [TransitionRates]
        /// People found in both (nil when withheld).
        var matched: Int? {
            table.rows.firstIndex(of: "stayed").flatMap { table.rowTotals[$0] }
        }
    }

    var dataset: Dataset
    var exact: Bool
    var representation: Representation
    var movements: ProtectedTable?
    var rates: [Rates]
    var series: [Snapshot]
    var steps: [Step]

    /// The threshold for this reader: 1 (nothing withheld) for the owner's analysts.
    static func threshold(for dataset: Dataset, viewer: Viewer, services: AppServices) -> Int {
        viewer.seesExactFigures(of: dataset) ? 1 : services.config.suppressionThreshold
    }

    /// A dataset's indicators and the published NATO code × sex table they (and the rates) rest on.
    struct Published: Sendable {
        var byRank: ProtectedTable
        var representation: Representation
    }

    /// The published tables a representation rests on; nil when the dataset is hidden.
    static func published(of dataset: Dataset, viewer: Viewer, services: AppServices) async throws -> Published? {
        let k = threshold(for: dataset, viewer: viewer, services: services)
        guard let byRank = try await services.datasets.table(datasetId: dataset.id, rows: .natoCode, columns: .sex, viewer: viewer),
            let byPost = try await services.datasets.table(datasetId: dataset.id, rows: .positionLevel, columns: .sex, viewer: viewer)
        else { return nil }
        let rank = try await services.protect(byRank, as: .table(dataset: dataset.id, rows: .natoCode, columns: .sex, threshold: k), viewer: viewer)
        let post = try await services.protect(byPost, as: .table(dataset: dataset.id, rows: .positionLevel, columns: .sex, threshold: k), viewer: viewer)
        return Published(byRank: rank, representation: Indicators.representation(byRank: rank, byPost: post))
    }

    /// Nil when the dataset does not exist or is hidden from the viewer.
    static func load(datasetId: Int, viewer: Viewer, services: AppServices) async throws -> DatasetAnalysis? {
        guard let dataset = try await services.datasets.dataset(id: datasetId, viewer: viewer),
            let published = try await published(of: dataset, viewer: viewer, services: services)
        else { return nil }
        let representation = published.representation
        let k = threshold(for: dataset, viewer: viewer, services: services)
        let year = dataset.referenceDate.year
        var movements: ProtectedTable?
        if let counts = try await services.datasets.movements(datasetId: datasetId, year: year, viewer: viewer) {
            movements = try await services.protect(counts, as: .movements(dataset: datasetId, year: year, threshold: k), viewer: viewer)
        }
        var series: [Snapshot] = []
        for snapshot in try await services.datasets.series(of: dataset, viewer: viewer) {
            if snapshot.id == dataset.id {
                series.append(Snapshot(dataset: snapshot, representation: representation))
            } else if let other = try await Self.published(of: snapshot, viewer: viewer, services: services) {
                series.append(Snapshot(dataset: snapshot, representation: other.representation))
            }
        }
        var steps: [Step] = []
        for (earlier, later) in zip(series, series.dropFirst()) {
            guard let counts = try await services.datasets.transitions(from: earlier.dataset.id, to: later.dataset.id, viewer: viewer)
            else { continue }
            let threshold = max(
                threshold(for: earlier.dataset, viewer: viewer, services: services), threshold(for: later.dataset, viewer: viewer, services: services))
            let table = try await services.protect(counts, as: .transitions(from: earlier.dataset.id, to: later.dataset.id, threshold: threshold), viewer: viewer)
            steps.append(Step(from: earlier.dataset, to: later.dataset, table: table, rates: Indicators.transitionRates(table)))
        }
        return DatasetAnalysis(
            dataset: dataset, exact: k == 1, representation: representation, movements: movements,
            rates: movements.map { Indicators.rates($0, byRank: published.byRank) } ?? [], series: series, steps: steps)
    }
}

/// `GET /api/v1/datasets/{id}/indicators`: shares in percent, null where withheld.
struct IndicatorsJSON: Encodable, Sendable {
    struct RatesJSON: Encodable, Sendable {
        var sex: String
        var recruitment: Double?
        var attrition: Double?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: IndicatorsJSON.Keys.self)
            try container.encode(sex, forKey: .sex)
            try container.encode(recruitment.map(IndicatorsJSON.rounded), forKey: .recruitment)
            try container.encode(attrition.map(IndicatorsJSON.rounded), forKey: .attrition)
        }
    }

    struct SnapshotJSON: Encodable, Sendable {
        var datasetId: Int
        var referenceDate: String
        var representation: Representation

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: IndicatorsJSON.Keys.self)
            try container.encode(datasetId, forKey: .datasetId)
            try container.encode(referenceDate, forKey: .referenceDate)
            try IndicatorsJSON.encode(representation, into: &container)
        }
    }

    struct StepJSON: Encodable, Sendable {
        var step: DatasetAnalysis.Step

        struct StepRates: Encodable, Sendable {
            var rates: TransitionRates
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: IndicatorsJSON.Keys.self)
                try container.encode(rates.sex, forKey: .sex)
                try container.encode(rates.promotion.map(IndicatorsJSON.rounded), forKey: .promotion)
                try container.encode(rates.attrition.map(IndicatorsJSON.rounded), forKey: .attrition)
                try container.encode(rates.recruitment.map(IndicatorsJSON.rounded), forKey: .recruitment)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: IndicatorsJSON.Keys.self)
            try container.encode(step.from.id, forKey: .fromDatasetId)
            try container.encode(step.to.id, forKey: .toDatasetId)
            try container.encode(step.from.referenceDate.description, forKey: .from)
            try container.encode(step.to.referenceDate.description, forKey: .to)
            try container.encode(step.matched, forKey: .peopleMatched)
            try container.encode(step.rates.map(StepRates.init), forKey: .rates)
        }
    }

    var analysis: DatasetAnalysis

    enum Keys: String, CodingKey {
        case datasetId = "dataset_id", referenceDate = "reference_date", year, exact, women, total
        case shareOfWomen = "share_of_women", shareInSeniorPosts = "share_in_senior_posts"
        case shareInDecisionMaking = "share_in_decision_making", glassCeilingIndex = "glass_ceiling_index"
        case rates, series, sex, recruitment, attrition, country, shareOfWomenByCode = "share_of_women_by_code"
        case betweenSnapshots = "between_snapshots", fromDatasetId = "from_dataset_id", toDatasetId = "to_dataset_id", from, to
        case peopleMatched = "people_matched", promotion
    }

    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    static func encode(_ representation: Representation, into container: inout KeyedEncodingContainer<Keys>) throws {
        try container.encode(representation.women, forKey: .women)
        try container.encode(representation.total, forKey: .total)
        try container.encode(representation.shareOfWomen.map(rounded), forKey: .shareOfWomen)
        try container.encode(representation.shareInSeniorPosts.map(rounded), forKey: .shareInSeniorPosts)
        try container.encode(representation.shareInDecisionMaking.map(rounded), forKey: .shareInDecisionMaking)
        try container.encode(representation.glassCeilingIndex.map { ($0 * 100).rounded() / 100 }, forKey: .glassCeilingIndex)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(analysis.dataset.id, forKey: .datasetId)
        try container.encode(analysis.dataset.referenceDate.description, forKey: .referenceDate)
        try container.encode(analysis.dataset.referenceDate.year, forKey: .year)
        try container.encode(analysis.exact, forKey: .exact)
        try Self.encode(analysis.representation, into: &container)
        try container.encode(analysis.rates.map { RatesJSON(sex: $0.sex, recruitment: $0.recruitment, attrition: $0.attrition) }, forKey: .rates)
        try container.encode(analysis.steps.map(StepJSON.init), forKey: .betweenSnapshots)
        try container.encode(
            analysis.series.map { SnapshotJSON(datasetId: $0.dataset.id, referenceDate: $0.dataset.referenceDate.description, representation: $0.representation) },
            forKey: .series)
    }
}
