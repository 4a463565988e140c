import SQLKit
import WPSCore

/// The SQL condition that keeps only rows a viewer may see (DESIGN §3), for a table with a
/// `visibility` column, a `deleted_at` column, and the given owner columns.
enum VisibilitySQL {
    /// - Parameter ownerColumns: columns holding institution ids whose members may see
    ///   `institution`-visible rows.
    /// - Parameter table: the alias that qualifies `visibility` and `deleted_at` in a join.
    static func condition(_ viewer: Viewer, ownerColumns: [String], includeDeleted: Bool = false, table: String? = nil) -> SQLQueryString {
        let visibility = table.map { "\($0).visibility" } ?? "visibility"
        let deletedAt = table.map { "\($0).deleted_at" } ?? "deleted_at"
        if viewer.isPlatformAdmin {
            return includeDeleted ? "1 = 1" : SQLQueryString(deletedAt + " IS NULL")
        }
        var parts = ["\(visibility) = 'public'"]
        if viewer.isSignedIn { parts.append("\(visibility) = 'platform'") }
        let ids = viewer.institutionIds.map(String.init).joined(separator: ",")
        if !ids.isEmpty {
            let owners = ownerColumns.map { "\($0) IN (\(ids))" }.joined(separator: " OR ")
            parts.append("(\(visibility) = 'institution' AND (\(owners)))")
        }
        // Ids are integers from the database, so writing them into the text is safe.
        let text = "(\(deletedAt) IS NULL AND (" + parts.joined(separator: " OR ") + "))"
        return SQLQueryString(text)
    }

    /// Appends ` AND name-matches` for each folded word of the query.
    static func appendTextMatch(_ words: [String], to query: inout SQLQueryString) {
        for word in words {
            query.appendLiteral(" AND search_text LIKE ")
            query.appendInterpolation(bind: "%" + escapeLike(word) + "%")
            query.appendLiteral(" ESCAPE '!'")
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!")
            .replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }

    /// Runs a count and a page query that share the `FROM … WHERE …` text.
    static func page<Item: Sendable>(
        in sql: any SQLDatabase, columns: String, fromWhere: SQLQueryString, orderBy: String,
        request: PageRequest, decode: (any SQLRow) throws -> Item
    ) async throws -> Page<Item> {
        var count: SQLQueryString = "SELECT COUNT(*) AS n "
        count.appendInterpolation(fromWhere)
        let total = try await sql.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        let head = "SELECT " + columns + " "
        var select = SQLQueryString(head)
        select.appendInterpolation(fromWhere)
        select.appendLiteral(" ORDER BY \(orderBy) LIMIT \(request.perPage) OFFSET \(request.offset)")
        let items = try await sql.raw(select).all().map(decode)
        return Page(items: items, page: request.page, perPage: request.perPage, total: total)
    }
}
