import SQLKit
import WPSCore

extension SQLDatasetStore {
    public func movements(datasetId: Int, year: Int, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer), dataset.kind == "records" else { return nil }
        let prefix = String(year)
        let rows = try await database.read { sql in
            try await sql.raw("""
                SELECT sex,
                    CAST(SUM(CASE WHEN substr(entry_date, 1, 4) = \(bind: prefix) THEN 1 ELSE 0 END) AS BIGINT) AS entered,
                    CAST(SUM(CASE WHEN substr(exit_date, 1, 4) = \(bind: prefix) THEN 1 ELSE 0 END) AS BIGINT) AS left_
                FROM personnel_records WHERE dataset_id = \(bind: datasetId) GROUP BY sex
                """).all().map { row in
                (sex: try row.decode(column: "sex", as: String.self), entered: try row.decode(column: "entered", as: Int.self),
                 left: try row.decode(column: "left_", as: Int.self))
            }
        }
        let sexes = Tabulation.order(Set(rows.map(\.sex)), .sex)
        let bySex = Dictionary(rows.map { ($0.sex, $0) }, uniquingKeysWith: { first, _ in first })
        return CountTable(
            rows: ["entered", "left"], columns: sexes,
            cells: [sexes.map { bySex[$0]?.entered ?? 0 }, sexes.map { bySex[$0]?.left ?? 0 }])
    }

    public func series(of dataset: Dataset, viewer: Viewer) async throws -> [Dataset] {
        guard !dataset.series.isEmpty else { return [dataset] }
        return try await database.read { sql in
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: Self.columns) FROM datasets
                WHERE institution_id = \(bind: dataset.institutionId) AND series = \(bind: dataset.series) AND deleted_at IS NULL AND
                """
            query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            query.appendLiteral(" ORDER BY reference_date, id")
            return try await sql.raw(query).all().map(Self.decode)
        }
    }
}
