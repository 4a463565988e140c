import Foundation
import SQLKit
import WPSCore

/// The one SQL implementation of ``ImportMappingStore``; a mapping is kept as JSON.
public struct SQLImportMappingStore: ImportMappingStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    public func mapping(institutionId: Int, name: String) async throws -> ImportMapping? {
        try await database.read { sql in
            try await Self.mapping(institutionId: institutionId, name: name, in: sql)
        }
    }

    public func saveMapping(_ mapping: ImportMapping, institutionId: Int, name: String, by actor: Actor) async throws {
        try await database.transaction { sql in
            try await Self.save(mapping, institutionId: institutionId, name: name, by: actor, in: sql)
        }
    }

    static func mapping(institutionId: Int, name: String, in sql: any SQLDatabase) async throws -> ImportMapping? {
        guard let text = try await sql.raw("""
            SELECT mapping FROM import_mappings WHERE institution_id = \(bind: institutionId) AND name = \(bind: name)
            """).first()?.decode(column: "mapping", as: String.self)
        else { return nil }
        return try JSONDecoder().decode(ImportMapping.self, from: Data(text.utf8))
    }

    /// Creates or replaces the mapping inside the caller's transaction, audited.
    static func save(_ mapping: ImportMapping, institutionId: Int, name: String, by actor: Actor, in sql: any SQLDatabase) async throws {
        let before = try await Self.mapping(institutionId: institutionId, name: name, in: sql)
        guard before != mapping else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(mapping), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO import_mappings (institution_id, name, mapping, updated_at)
            VALUES (\(bind: institutionId), \(bind: name), \(bind: text), \(bind: Timestamp.now()))
            ON CONFLICT (institution_id, name) DO UPDATE SET mapping = excluded.mapping, version = import_mappings.version + 1,
                updated_at = excluded.updated_at
            """).run()
        try await AuditTrail.record(
            in: sql, actor: actor, entity: "import_mapping", id: "\(institutionId)/\(name)", action: before == nil ? .create : .update,
            before: before, after: mapping)
    }
}
