/// Countries side by side on NATO codes: the latest dataset of each country that the reader may
/// see, with its indicators and the share of women at each NATO code, all from published tables.
public struct CountryComparison: Sendable {
    public struct Country: Sendable {
        public var dataset: Dataset
        public var representation: Representation
        /// Percent of women at each NATO code; nil where withheld.
        public var shareByCode: [String: Double?]
    }

    public var countries: [Country]
    /// Every NATO code that occurs, junior first.
    public var codes: [String]

    /// A dataset's column of the comparison: what it shows depends on the dataset and the
    /// threshold it is published with only (a dataset never changes after its import), so it is
    /// computed once per pair and kept (``DataPublication/comparisonColumns``).
    public struct Column: Sendable {
        public var representation: Representation
        public var shareByCode: [String: Double?]
    }

    public static func load(viewer: Viewer, publication: DataPublication) async throws -> CountryComparison {
        var countries: [Country] = []
        var codes = Set<String>()
        for dataset in try await publication.datasets.latestPerCountry(viewer: viewer) {
            let threshold = publication.threshold(for: dataset, viewer: viewer)
            // Keyed by what the viewer may see (the threshold), never by who asked.
            let column = try await publication.comparisonColumns.value(for: ProtectedDataset(dataset: dataset.id, threshold: threshold)) {
                let tables = try await DatasetAnalysis.published(of: dataset, viewer: viewer, publication: publication)
                let published = tables.byRank
                var shares: [String: Double?] = [:]
                if let female = published.columns.firstIndex(of: Sex.female.rawValue) {
                    for (r, code) in published.rows.enumerated() where code != AnalysisDimension.unknown {
                        shares[code] = published.percentOfRow(r, female)
                    }
                }
                return Column(representation: tables.representation, shareByCode: shares)
            }
            codes.formUnion(column.shareByCode.keys)
            countries.append(Country(dataset: dataset, representation: column.representation, shareByCode: column.shareByCode))
        }
        return CountryComparison(countries: countries, codes: Tabulation.order(codes, .natoCode))
    }
}
