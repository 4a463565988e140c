import Foundation

/// The user (or command) that makes a change, as the audit trail records it.
public struct Actor: Sendable, Equatable {
    public var userId: Int?
    public var name: String

    public init(userId: Int?, name: String) {
        self.userId = userId
        self.name = name
    }

    /// A change made from the command line or by the platform itself (demo data, seed data).
    public static func system(_ name: String) -> Actor { Actor(userId: nil, name: name) }
}

/// What happened to a record.
public enum AuditAction: String, Codable, Sendable {
    case create, update, delete, restore
    case memberAdded = "member_added"
    case memberRemoved = "member_removed"
}

/// One line of a record's history: who changed what, when, from what to what.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int
    public var at: Date
    public var actorUserId: Int?
    public var actorName: String
    public var entity: String
    public var entityId: String
    public var action: AuditAction
    /// The record as JSON before the change (nil on create).
    public var before: String?
    /// The record as JSON after the change (nil when removed).
    public var after: String?

    public init(
        id: Int, at: Date, actorUserId: Int?, actorName: String, entity: String, entityId: String,
        action: AuditAction, before: String?, after: String?
    ) {
        self.id = id
        self.at = at
        self.actorUserId = actorUserId
        self.actorName = actorName
        self.entity = entity
        self.entityId = entityId
        self.action = action
        self.before = before
        self.after = after
    }

    /// The top-level fields whose values differ between `before` and `after`, sorted.
    public var changedFields: [String] {
        let old = Self.object(before)
        let new = Self.object(after)
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }

    private static func object(_ json: String?) -> [String: String] {
        guard let data = json?.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var flat: [String: String] = [:]
        for (key, value) in object {
            if let nested = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) {
                flat[key] = String(decoding: nested, as: UTF8.self)
            }
        }
        return flat
    }
}
