import SQLKit
import WPSCore

/// The one SQL implementation of ``DatasetStore``.
public struct SQLDatasetStore: DatasetStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    static let columns = """
        id, institution_id, country_code, reference_date, series, kind, file_name, row_count, visibility, version, source, definition, \
        reported_total
        """

    static func decode(_ row: any SQLRow) throws -> Dataset {
        Dataset(
            id: try row.decode(column: "id", as: Int.self),
            institutionId: try row.decode(column: "institution_id", as: Int.self),
            country: try row.decode(column: "country_code", as: String.self),
            referenceDate: Day(try row.decode(column: "reference_date", as: String.self)) ?? .epoch,
            series: try row.decode(column: "series", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            rowCount: try row.decode(column: "row_count", as: Int.self),
            visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution,
            version: try row.decode(column: "version", as: Int.self),
            source: try row.decode(column: "source", as: String.self),
            definition: try row.decode(column: "definition", as: String.self),
            reportedTotal: try row.decode(column: "reported_total", as: Int?.self))
    }

    public func datasets(viewer: Viewer, page: PageRequest) async throws -> Page<Dataset> {
        try await database.read { sql in
            var fromWhere: SQLQueryString = "FROM datasets WHERE "
            fromWhere.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            return try await VisibilitySQL.page(
                in: sql, columns: Self.columns, fromWhere: fromWhere, orderBy: "reference_date DESC, id DESC", request: page,
                decode: Self.decode)
        }
    }

    public func dataset(id: Int, viewer: Viewer) async throws -> Dataset? {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM datasets WHERE id = \(bind: id) AND "
            query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            return try await sql.raw(query).first().map(Self.decode)
        }
    }

    public func table(datasetId: Int, rows: AnalysisDimension, columns: AnalysisDimension, viewer: Viewer) async throws -> CountTable? {
        guard try await dataset(id: datasetId, viewer: viewer) != nil else { return nil }
        return try await exactTable(datasetId: datasetId, rows: rows, columns: columns)
    }
}
