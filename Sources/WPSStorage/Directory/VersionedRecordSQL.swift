import SQLKit
import WPSCore

/// How the SQL stores keep one kind of ``VersionedRecord``: its table, columns and row mapping,
/// who sees it and who changes it. The extension gives every kind the same edit, delete, restore
/// and audit steps, so that a new kind of record writes only its columns and rules.
protocol VersionedRecordSQL: SendableMetatype {
    associatedtype Record: VersionedRecord
    /// The table (a constant of the code, never input).
    static var table: String { get }
    /// The name in errors and the audit trail: `institution`, `person`, …
    static var entity: String { get }
    static var columns: String { get }
    static func decode(_ row: any SQLRow) throws -> Record
    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool) -> SQLQueryString
    static func canEdit(_ record: Record, viewer: Viewer) -> Bool
    /// What decoded rows still need from other tables (people: their positions), in one go.
    static func completed(_ records: [Record], in sql: any SQLDatabase) async throws -> [Record]
}

extension VersionedRecordSQL {
    static func completed(_ records: [Record], in sql: any SQLDatabase) async throws -> [Record] { records }

    static func completed(_ record: Record, in sql: any SQLDatabase) async throws -> Record {
        try await completed([record], in: sql).first ?? record
    }

    /// One page of the records `viewer` sees (deleted ones too if the query asks and the viewer
    /// is a platform admin), with `filters` (a column and the value it must have; an empty value
    /// filters nothing), `condition` if any, and every folded word of the query in the search text.
    static func page(
        _ query: DirectoryQuery, filters: [(column: String, value: String?)], condition: SQLQueryString? = nil, orderBy: String,
        viewer: Viewer, in sql: any SQLDatabase
    ) async throws -> Page<Record> {
        var fromWhere: SQLQueryString = "FROM \(unsafeRaw: table) WHERE "
        fromWhere.appendInterpolation(visibleTo(viewer, includeDeleted: query.includeDeleted))
        if let condition {
            fromWhere.appendLiteral(" AND ")
            fromWhere.appendInterpolation(condition)
        }
        for (column, value) in filters {
            guard let value, !value.isEmpty else { continue }
            fromWhere.appendLiteral(" AND \(column) = ")
            fromWhere.appendInterpolation(bind: value)
        }
        VisibilitySQL.appendTextMatch(query.foldedWords, to: &fromWhere)
        var page = try await VisibilitySQL.page(
            in: sql, columns: columns, fromWhere: fromWhere, orderBy: orderBy, request: query.page, decode: decode)
        page.items = try await completed(page.items, in: sql)
        return page
    }

    /// The record if `viewer` may see it (a deleted one only for platform admins), else nil.
    static func visible(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Record? {
        var query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE id = \(bind: id) AND "
        query.appendInterpolation(visibleTo(viewer, includeDeleted: true))
        guard let row = try await sql.raw(query).first() else { return nil }
        return try await completed(try decode(row), in: sql)
    }

    static func notFound(_ id: Int) -> StoreError { .notFound(entity: entity, id: String(id)) }

    /// The record whatever its state, as stored.
    static func load(id: Int, in sql: any SQLDatabase) async throws -> Record? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try await completed(try decode(row), in: sql)
    }

    /// The live record if `viewer` may see and change it; a hidden one is "not found".
    static func editable(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Record {
        var query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE id = \(bind: id) AND "
        query.appendInterpolation(visibleTo(viewer, includeDeleted: false))
        guard let row = try await sql.raw(query).first() else { throw notFound(id) }
        let current = try await completed(try decode(row), in: sql)
        guard canEdit(current, viewer: viewer) else { throw StoreError.forbidden }
        return current
    }

    /// The editable record, refused as stale unless it is still at `version`.
    static func editable(id: Int, at version: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Record {
        let current = try await editable(id: id, viewer: viewer, in: sql)
        guard current.version == version else {
            throw StoreError.versionConflict(entity: entity, id: id, expected: version, current: current.version)
        }
        return current
    }

    /// After an `INSERT … RETURNING` of the columns: the new record, audited. `then` writes
    /// what lives in other tables before the audit sees the record.
    static func created(
        _ row: (any SQLRow)?, actor: Actor, in sql: any SQLDatabase, then: (Record) async throws -> Void = { _ in }
    ) async throws -> Record {
        guard let row else { throw StoreError.notFound(entity: entity, id: "new") }
        let inserted = try decode(row)
        try await then(inserted)
        let created = try await completed(inserted, in: sql)
        try await AuditTrail.record(
            in: sql, actor: actor, entity: entity, id: String(created.id), action: .create,
            before: Optional<Record.Fields>.none, after: created.fields)
        return created
    }

    /// After an `UPDATE … WHERE id = … AND version = … RETURNING` of the columns: the changed
    /// record, audited against `current`; a conflict when no row matched the version.
    static func updated(
        _ row: (any SQLRow)?, from current: Record, actor: Actor, in sql: any SQLDatabase, then: (Record) async throws -> Void = { _ in }
    ) async throws -> Record {
        guard let row else {
            throw StoreError.versionConflict(entity: entity, id: current.id, expected: current.version, current: current.version)
        }
        let changed = try decode(row)
        try await then(changed)
        let updated = try await completed(changed, in: sql)
        try await AuditTrail.record(
            in: sql, actor: actor, entity: entity, id: String(current.id), action: .update, before: current.fields, after: updated.fields)
        return updated
    }

    /// Marks the record deleted (restorable): `version`, when given, must still be the one the
    /// caller read; the audit trail keeps what was deleted.
    static func delete(id: Int, version: Int?, viewer: Viewer, by actor: Actor, in database: WPSDatabase) async throws {
        try await database.transaction { sql in
            let current = try await editable(id: id, viewer: viewer, in: sql)
            if let version, version != current.version {
                throw StoreError.versionConflict(entity: entity, id: id, expected: version, current: current.version)
            }
            try await sql.raw(
                "UPDATE \(unsafeRaw: table) SET deleted_at = \(bind: Timestamp.now()), version = version + 1 WHERE id = \(bind: id)"
            ).run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: entity, id: String(id), action: .delete, before: current.fields,
                after: Optional<Record.Fields>.none)
        }
    }

    /// Undoes a delete (platform admins; to anyone else the record does not exist). Restoring a
    /// live record changes nothing and answers it, so a repeated request is harmless.
    static func restore(id: Int, viewer: Viewer, by actor: Actor, in database: WPSDatabase) async throws -> Record {
        guard viewer.isPlatformAdmin else { throw notFound(id) }
        return try await database.transaction { sql in
            guard let current = try await load(id: id, in: sql) else { throw notFound(id) }
            guard current.deleted else { return current }
            let row = try await sql.raw("""
                UPDATE \(unsafeRaw: table) SET deleted_at = NULL, version = version + 1 WHERE id = \(bind: id)
                RETURNING \(unsafeRaw: columns)
                """).first()
            guard let row else { throw notFound(id) }
            let restored = try await completed(try decode(row), in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: entity, id: String(id), action: .restore, before: Optional<Record.Fields>.none,
                after: restored.fields)
            return restored
        }
    }
}

/// The problems of a change's references that the stored record did not already have: a record
/// whose owner (or parent, or lead institution) was deleted after it was written can still have
/// its other fields changed; naming a record that is not there is still refused.
func newProblems(_ problems: [FieldError], before stored: [FieldError]) -> [FieldError] {
    problems.filter { !stored.contains($0) }
}

