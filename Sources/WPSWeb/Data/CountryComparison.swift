import Foundation
import WPSCore

/// Countries side by side on NATO codes: the latest dataset of each country that the reader may
/// see, with its indicators and the share of women at each NATO code, all from published tables.
struct CountryComparison: Sendable {
    struct Country: Sendable {
        var dataset: Dataset
        var representation: Representation
        /// Percent of women at each NATO code; nil where withheld.
        var shareByCode: [String: Double?]
    }

    var countries: [Country]
    /// Every NATO code that occurs, junior first.
    var codes: [String]

    /// A dataset's column of the comparison: what it shows depends on the dataset and the
    /// threshold it is published with only (a dataset never changes after its import), so it is
    /// computed once per pair and kept (``AppServices/comparisonColumns``).
    struct Column: Sendable {
        var representation: Representation
        var shareByCode: [String: Double?]
    }

    /// The dataset is hidden from the viewer (never kept).
    private struct Hidden: Error {}

    static func load(viewer: Viewer, services: AppServices) async throws -> CountryComparison {
        var countries: [Country] = []
        var codes = Set<String>()
        for dataset in try await services.datasets.latestPerCountry(viewer: viewer) {
            let threshold = DatasetAnalysis.threshold(for: dataset, viewer: viewer, services: services)
            let column: Column
            do {
                // Keyed by what the viewer may see (the threshold), never by who asked.
                column = try await services.comparisonColumns.value(for: ProtectedDataset(dataset: dataset.id, threshold: threshold)) {
                    guard let tables = try await DatasetAnalysis.published(of: dataset, viewer: viewer, services: services) else { throw Hidden() }
                    let published = tables.byRank
                    var shares: [String: Double?] = [:]
                    if let female = published.columns.firstIndex(of: Sex.female.rawValue) {
                        for (r, code) in published.rows.enumerated() where code != AnalysisDimension.unknown {
                            shares[code] = published.percentOfRow(r, female)
                        }
                    }
                    return Column(representation: tables.representation, shareByCode: shares)
                }
            } catch is Hidden {
                continue
            }
            codes.formUnion(column.shareByCode.keys)
            countries.append(Country(dataset: dataset, representation: column.representation, shareByCode: column.shareByCode))
        }
        return CountryComparison(countries: countries, codes: Tabulation.order(codes, .natoCode))
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
