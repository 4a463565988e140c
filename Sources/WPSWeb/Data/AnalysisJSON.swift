import Foundation
import WPSCore

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

/// `GET /api/v1/comparison`: `{"codes":[…],"countries":[{"country","dataset_id","reference_date",
/// "share_of_women",…,"share_of_women_by_code":{"OF-4":12.5,"OF-5":null}}]}`.
struct ComparisonJSON: Encodable, Sendable {
    struct CountryJSON: Encodable, Sendable {
        var country: CountryComparison.Country

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: IndicatorsJSON.Keys.self)
            try container.encode(country.dataset.country, forKey: .country)
            try container.encode(country.dataset.id, forKey: .datasetId)
            try container.encode(country.dataset.referenceDate.description, forKey: .referenceDate)
            try IndicatorsJSON.encode(country.representation, into: &container)
            try container.encode(country.shareByCode.mapValues { $0.map(IndicatorsJSON.rounded) }, forKey: .shareOfWomenByCode)
        }
    }

    var comparison: CountryComparison

    enum Keys: String, CodingKey { case codes, countries }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(comparison.codes, forKey: .codes)
        try container.encode(comparison.countries.map(CountryJSON.init), forKey: .countries)
    }
}
