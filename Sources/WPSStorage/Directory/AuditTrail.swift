import Foundation
import SQLKit
import WPSCore

/// Writes and reads `audit_events`. Writers call ``record(in:actor:entity:id:action:before:after:)``
/// with the same connection as the change, so the event commits or rolls back with it.
enum AuditTrail {
    static func record<Before: Encodable, After: Encodable>(
        in sql: any SQLDatabase, actor: Actor, entity: String, id: String, action: AuditAction,
        before: Before?, after: After?
    ) async throws {
        var beforeJSON: String?
        var afterJSON: String?
        if let before { beforeJSON = try json(before) }
        if let after { afterJSON = try json(after) }
        try await sql.raw("""
            INSERT INTO audit_events (at, actor_user_id, actor_name, entity, entity_id, action, before_json, after_json)
            VALUES (\(bind: Timestamp.now()), \(bind: actor.userId), \(bind: actor.name), \(bind: entity), \(bind: id),
                    \(bind: action.rawValue), \(bind: beforeJSON), \(bind: afterJSON))
            """).run()
    }

    static func events(in sql: any SQLDatabase, entity: String, id: String) async throws -> [AuditEvent] {
        try await sql.raw("""
            SELECT id, at, actor_user_id, actor_name, entity, entity_id, action, before_json, after_json
            FROM audit_events WHERE entity = \(bind: entity) AND entity_id = \(bind: id) ORDER BY id
            """).all().map { row in
            AuditEvent(
                id: try row.decode(column: "id", as: Int.self),
                at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
                actorUserId: try row.optional("actor_user_id", as: Int.self),
                actorName: try row.decode(column: "actor_name", as: String.self),
                entity: try row.decode(column: "entity", as: String.self),
                entityId: try row.decode(column: "entity_id", as: String.self),
                action: AuditAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .update,
                before: try row.optional("before_json", as: String.self),
                after: try row.optional("after_json", as: String.self))
        }
    }

    /// Snake-case keys, sorted, so that two snapshots of a record compare field by field.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
