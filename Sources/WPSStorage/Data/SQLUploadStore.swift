import Foundation
import SQLKit
import WPSCore

/// Files sent to the import wizard, kept between its steps (upload → problem report → confirm)
/// for an hour, each readable only by the user who sent it. They live in the database, so every
/// server behind a load balancer sees them and `wps backup` never needs them.
public struct SQLUploadStore: Sendable {
    public static let lifetime: TimeInterval = 3600
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// Keeps `bytes` for `userId` under a new random `token` (64 hex digits, made by the caller).
    public func keep(token: String, fileName: String, bytes: [UInt8], userId: Int, now: Date = Date()) async throws {
        let cutoff = Timestamp.string(now.addingTimeInterval(-Self.lifetime))
        let created = Timestamp.string(now)
        let content = Data(bytes)
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM uploads WHERE created_at < \(bind: cutoff)").run()
            try await sql.raw("""
                INSERT INTO uploads (token, user_id, file_name, content, created_at)
                VALUES (\(bind: token), \(bind: userId), \(bind: fileName), \(bind: content), \(bind: created))
                """).run()
        }
    }

    /// The file behind `token` when it exists, is younger than ``lifetime`` and belongs to `userId`.
    public func file(token: String, userId: Int, now: Date = Date()) async throws -> (name: String, bytes: [UInt8])? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let cutoff = Timestamp.string(now.addingTimeInterval(-Self.lifetime))
        return try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT file_name, content FROM uploads
                WHERE token = \(bind: token) AND user_id = \(bind: userId) AND created_at >= \(bind: cutoff)
                """).first()
            else { return nil }
            return (try row.decode(column: "file_name", as: String.self), Array(try row.decode(column: "content", as: Data.self)))
        }
    }

    public func remove(token: String) async throws {
        try await database.transaction { sql in try await sql.raw("DELETE FROM uploads WHERE token = \(bind: token)").run() }
    }
}
