import SQLKit
import WPSCore

/// Marks a directory record deleted (restorable), the same way for every table: the version
/// must still be the one the caller read, and the audit trail keeps what was deleted.
enum SoftDelete {
    static func markDeleted<Fields: Encodable>(
        table: String, entity: String, id: Int, expectedVersion: Int?, currentVersion: Int, fields: Fields,
        actor: Actor, in sql: any SQLDatabase
    ) async throws {
        if let expectedVersion, expectedVersion != currentVersion {
            throw StoreError.versionConflict(entity: entity, id: id, expected: expectedVersion, current: currentVersion)
        }
        try await sql.raw(
            "UPDATE \(ident: table) SET deleted_at = \(bind: Timestamp.now()), version = version + 1 WHERE id = \(bind: id)"
        ).run()
        try await AuditTrail.record(
            in: sql, actor: actor, entity: entity, id: String(id), action: .delete, before: fields, after: Optional<Fields>.none)
    }
}
