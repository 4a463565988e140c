/// The personnel tables of the annual national report to NATO's Committee on Gender Perspectives
/// for one country and year, from the latest dataset of that country and year the reader sees
/// (of the institution asked for; else of a defence institution when there is one, as a report on
/// the armed forces should not take a police dataset that happens to be newer):
/// women and men overall, by category, by service, by NATO code (OF and OR), in decision-making
/// posts, and recruits and leavers. Every table is the dataset's published table (exact for the
/// owner's analysts), protected together with the dataset's other tables, so a figure withheld on
/// the dataset's page is withheld here too.
public struct NATOReport: Sendable {
    public struct Table: Sendable {
        /// `overall`, `by_category`, `by_service`, `by_nato_code`, `decision_making`, `deployed_abroad` (when the
        /// file records deployment), `recruits_and_leavers`.
        public var name: String
        /// The dimension of the rows (`category`, `nato_code`, …; `total` for `overall`, `movement`
        /// for recruits and leavers).
        public var rowDimension: String
        public var table: ProtectedTable
    }

    public var country: String
    public var year: Int
    public var dataset: Dataset
    /// Whether the figures are exact (the owner's analysts) rather than published.
    public var exact: Bool
    public var tables: [Table]
    /// Every dataset of the country and year the reader sees (the one the tables come from
    /// among them), latest first: sources with their own definitions, side by side.
    public var sources: [Dataset]

    /// The tables, by sex, the report lays out, in its order.
    static let layout: [(name: String, rows: AnalysisDimension)] = [
        ("by_category", .category), ("by_service", .service), ("by_nato_code", .natoCode), ("decision_making", .positionLevel),
    ]

    /// Nil when the reader sees no dataset of the country (in that year, when given; of
    /// `institution`, when given).
    /// - Parameter defence: the country's defence institutions (ministry, armed forces), whose
    ///   datasets are preferred when no institution is asked for.
    public static func load(
        country: String, year: Int?, institution: Int? = nil, defence: Set<Int> = [], viewer: Viewer, publication: DataPublication
    ) async throws -> NATOReport? {
        var candidates: [Dataset] = []
        var page = 1
        while true {
            let found = try await publication.datasets.datasets(viewer: viewer, page: PageRequest(page: page, perPage: PageRequest.maximumPerPage))
            candidates += found.items.filter { $0.country == country && (year == nil || $0.referenceDate.year == year) }
            guard page * PageRequest.maximumPerPage < found.total, page < PageRequest.maximumPage else { break }
            page += 1
        }
        candidates.sort { ($0.referenceDate, $0.id) > ($1.referenceDate, $1.id) }
        let chosen = institution.map { id in candidates.first { $0.institutionId == id } }
            ?? candidates.first { defence.contains($0.institutionId) } ?? candidates.first
        guard let dataset = chosen else { return nil }
        let k = publication.threshold(for: dataset, viewer: viewer)
        var tables: [Table] = []
        for (name, rows) in layout {
            let table = try await publication.table(of: dataset, rows: rows, columns: .sex, viewer: viewer)
            tables.append(Table(name: name, rowDimension: rows.name, table: table))
        }
        // Overall: the sexes' totals, as every table of the dataset shows them (protected alike).
        if let byCategory = tables.first?.table {
            let overall = ProtectedTable(
                rows: ["total"], columns: byCategory.columns, cells: [byCategory.columnTotals], rowTotals: [byCategory.total],
                columnTotals: byCategory.columnTotals, total: byCategory.total,
                cellReasons: [byCategory.columnTotals.map { $0 == nil ? .secondary : nil }], threshold: byCategory.threshold,
                rowReasons: [byCategory.total == nil ? .secondary : nil], columnReasons: byCategory.columnReasons, totalReason: byCategory.totalReason)
            tables.insert(Table(name: "overall", rowDimension: "total", table: overall), at: 0)
        }
        let reportYear = year ?? dataset.referenceDate.year
        if let counts = try await publication.datasets.movements(of: dataset, year: reportYear) {
            let table = try await publication.protect(counts, as: .movements(dataset: dataset.id, year: reportYear, threshold: k), viewer: viewer)
            tables.append(Table(name: "recruits_and_leavers", rowDimension: "movement", table: table))
        }
        // Deployed abroad: a population no other table of the dataset shows (only its own row and
        // totals), so it is protected as a table of its own
        if let counts = try await publication.datasets.deployedAbroad(of: dataset) {
            let table = try await publication.protect(counts, as: .deployedAbroad(dataset: dataset.id, threshold: k), viewer: viewer)
            tables.insert(Table(name: "deployed_abroad", rowDimension: "deployment", table: table), at: min(tables.count, 5))
        }
        let sources = candidates.filter { $0.referenceDate.year == reportYear }
        return NATOReport(country: country, year: reportYear, dataset: dataset, exact: k == 1, tables: tables, sources: sources)
    }
}
