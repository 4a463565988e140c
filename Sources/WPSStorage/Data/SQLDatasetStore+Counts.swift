import SQLKit
import WPSCore

extension SQLDatasetStore {
    /// The exact number of records of a dataset for every combination of `dimensions` that
    /// occurs, grouped by the database (GROUP BY on both engines) from the counts written at
    /// import (`personnel_counts`). Labels are those
    /// ``AnalysisDimension`` gives in memory; missing values count as "unknown".
    public func counts(datasetId: Int, dimensions: [AnalysisDimension]) async throws -> [(labels: [String], count: Int)] {
        let year = try await database.read { sql in
            try await sql.raw("SELECT reference_date FROM datasets WHERE id = \(bind: datasetId)").first()?
                .decode(column: "reference_date", as: String.self)
        }.flatMap(Day.init)?.year ?? 0
        return try await counts(datasetId: datasetId, referenceYear: year, dimensions: dimensions)
    }

    public func counts(of dataset: Dataset, dimensions: [AnalysisDimension]) async throws -> [(labels: [String], count: Int)] {
        try await counts(datasetId: dataset.id, referenceYear: dataset.referenceDate.year, dimensions: dimensions)
    }

    /// ``counts(datasetId:dimensions:)`` with ages counted at the end of `year`.
    func counts(datasetId: Int, referenceYear year: Int, dimensions: [AnalysisDimension]) async throws -> [(labels: [String], count: Int)] {
        guard !dimensions.isEmpty else {
            let total = try await database.read { sql in
                try await sql.raw("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM personnel_counts WHERE dataset_id = \(bind: datasetId)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            return [(labels: [], count: total)]
        }
        let selected = dimensions.enumerated().map { "\(Self.expression($1, referenceYear: year)) AS d\($0)" }.joined(separator: ", ")
        let groups = dimensions.indices.map { String($0 + 1) }.joined(separator: ", ")
        return try await database.read { sql in
            try await sql.raw("""
                SELECT \(unsafeRaw: selected), CAST(SUM(n) AS BIGINT) AS n FROM personnel_counts WHERE dataset_id = \(bind: datasetId)
                GROUP BY \(unsafeRaw: groups)
                """).all().map { row in
                (labels: try dimensions.indices.map { try row.decode(column: "d\($0)", as: String.self) },
                 count: try row.decode(column: "n", as: Int.self))
            }
        }
    }

    /// The exact counts of a dataset by two dimensions (for the owner's analysts, or to be passed
    /// through ``DisclosureControl`` for anyone else).
    public func exactTable(datasetId: Int, rows: AnalysisDimension, columns: AnalysisDimension) async throws -> CountTable {
        try await computed.value(for: .table(dataset: datasetId, rows: rows, columns: columns)) {
            let counts = try await counts(datasetId: datasetId, dimensions: [rows, columns])
            return Tabulation.table(
                counts: counts.map { (row: $0.labels[0], column: $0.labels[1], count: $0.count) }, rows: rows, columns: columns)
        }
    }

    /// The SQL that gives a record's label in `dimension`, as ``AnalysisDimension`` labels it in
    /// memory. Only column names and integers are written into it.
    static func expression(_ dimension: AnalysisDimension, referenceYear: Int) -> String {
        let unknown = "'\(AnalysisDimension.unknown)'"
        switch dimension {
        case .sex: return "sex"
        case .natoCode: return "COALESCE(nato_code, \(unknown))"
        case .category: return "COALESCE(category, \(unknown))"
        case .service: return "COALESCE(service, \(unknown))"
        case .unit: return "COALESCE(unit, \(unknown))"
        case .positionLevel: return "CASE decision_making WHEN 1 THEN 'decision_making' WHEN 0 THEN 'other' ELSE \(unknown) END"
        case .ageBand(let bands):
            // An aggregate table sends its own bands; records have birth years.
            let age = "(\(referenceYear) - birth_year)"
            var cases = "CASE WHEN age_band IS NOT NULL THEN age_band WHEN birth_year IS NULL THEN \(unknown)"
            for (index, lower) in bands.lowerBounds.enumerated().reversed() {
                let label = bands.labels[index].replacingOccurrences(of: "'", with: "''")
                cases += " WHEN \(age) >= \(lower) THEN '\(label)'"
            }
            return cases + " ELSE \(unknown) END"
        }
    }
}
