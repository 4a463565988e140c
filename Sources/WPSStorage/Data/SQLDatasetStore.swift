import SQLKit
import WPSCore

/// The one SQL implementation of ``DatasetStore``.
public struct SQLDatasetStore: DatasetStore {
    let database: WPSDatabase
    /// Counts computed from a dataset's rows, kept: a dataset never changes after its import.
    let computed = ImmutableResultCache<DatasetComputation, CountTable>(capacity: 2048)

    public init(database: WPSDatabase) {
        self.database = database
    }

    static let columns = """
        id, institution_id, country_code, reference_date, series, kind, file_name, row_count, visibility, version, source, definition, \
        reported_total, reported_women, counted_women
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
            reportedTotal: try row.optional("reported_total", as: Int.self),
            reportedWomen: try row.optional("reported_women", as: Int.self),
            countedWomen: try row.optional("counted_women", as: Int.self))
    }

    public func datasets(viewer: Viewer, page: PageRequest) async throws -> Page<Dataset> {
        try await database.read { sql in
            var fromWhere: SQLQueryString = "FROM datasets WHERE deleted_at IS NULL AND "
            fromWhere.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            return try await VisibilitySQL.page(
                in: sql, columns: Self.columns, fromWhere: fromWhere, orderBy: "reference_date DESC, id DESC", request: page,
                decode: Self.decode)
        }
    }

    public func latestPerCountry(viewer: Viewer) async throws -> [Dataset] {
        try await database.read { sql in
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: Self.columns) FROM (
                    SELECT \(unsafeRaw: Self.columns),
                        ROW_NUMBER() OVER (PARTITION BY country_code ORDER BY reference_date DESC, id DESC) AS position
                    FROM datasets WHERE deleted_at IS NULL AND\u{20}
                """
            query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            query.appendLiteral(") AS ranked WHERE position = 1 ORDER BY country_code")
            return try await sql.raw(query).all().map(Self.decode)
        }
    }

    public func dataset(id: Int, viewer: Viewer) async throws -> Dataset? {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM datasets WHERE id = \(bind: id) AND deleted_at IS NULL AND "
            query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            return try await sql.raw(query).first().map(Self.decode)
        }
    }

    public func table(of dataset: Dataset, rows: AnalysisDimension, columns: AnalysisDimension) async throws -> CountTable {
        try await exactTable(datasetId: dataset.id, rows: rows, columns: columns)
    }

    public func deleteDataset(id: Int, viewer: Viewer, by actor: Actor) async throws {
        guard let dataset = try await dataset(id: id, viewer: viewer) else { throw StoreError.notFound(entity: "dataset", id: String(id)) }
        guard viewer.canAddData(for: dataset.institutionId) else { throw StoreError.forbidden }
        try await database.transaction { sql in
            let changed = try await sql.raw("""
                UPDATE datasets SET deleted_at = \(bind: Timestamp.now()), version = version + 1
                WHERE id = \(bind: id) AND deleted_at IS NULL RETURNING id
                """).all()
            guard !changed.isEmpty else { throw StoreError.notFound(entity: "dataset", id: String(id)) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "dataset", id: String(id), action: .delete, before: DeletedDataset(dataset),
                after: Optional<DeletedDataset>.none)
        }
    }

    /// What the audit trail keeps of a deleted dataset.
    struct DeletedDataset: Encodable {
        var institutionId: Int
        var referenceDate: String
        var series: String
        var fileName: String
        var rowCount: Int

        init(_ dataset: Dataset) {
            institutionId = dataset.institutionId
            referenceDate = dataset.referenceDate.description
            series = dataset.series
            fileName = dataset.fileName
            rowCount = dataset.rowCount
        }
    }
}
