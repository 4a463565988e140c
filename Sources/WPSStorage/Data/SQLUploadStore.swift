import Foundation
import SQLKit
import WPSCore

/// Files sent to the import wizard, kept between its steps (upload → problem report → confirm)
/// for an hour, each readable only by the user who sent it. They live in the database, so every
/// server behind a load balancer sees them and `wps backup` never needs them; they are written
/// and read back in parts of ``partSize`` bytes, so a large file is never held whole in memory.
public struct SQLUploadStore: Sendable {
    public static let lifetime: TimeInterval = 3600
    public static let partSize = 1024 * 1024
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// Keeps the file at `path` for `userId` under a new random `token` (64 hex digits, made by
    /// the caller), all or nothing; uploads older than ``lifetime`` go at the same time.
    public func keep(token: String, fileName: String, contentsOf path: String, userId: Int, now: Date = Date()) async throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? file.close() }
        let cutoff = Timestamp.string(now.addingTimeInterval(-Self.lifetime))
        let created = Timestamp.string(now)
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM upload_parts WHERE token IN (SELECT token FROM uploads WHERE created_at < \(bind: cutoff))").run()
            try await sql.raw("DELETE FROM uploads WHERE created_at < \(bind: cutoff)").run()
            try await sql.raw("""
                INSERT INTO uploads (token, user_id, file_name, content, created_at)
                VALUES (\(bind: token), \(bind: userId), \(bind: fileName), \(bind: Data()), \(bind: created))
                """).run()
            var part = 0
            while let bytes = try file.read(upToCount: Self.partSize), !bytes.isEmpty {
                try await sql.raw("INSERT INTO upload_parts (token, part, content) VALUES (\(bind: token), \(bind: part), \(bind: bytes))").run()
                part += 1
            }
        }
    }

    /// The name of the file behind `token` when it exists, is younger than ``lifetime`` and
    /// belongs to `userId`.
    public func fileName(token: String, userId: Int, now: Date = Date()) async throws -> String? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let cutoff = Timestamp.string(now.addingTimeInterval(-Self.lifetime))
        return try await database.read { sql in
            try await sql.raw("""
                SELECT file_name FROM uploads WHERE token = \(bind: token) AND user_id = \(bind: userId) AND created_at >= \(bind: cutoff)
                """).first()?.decode(column: "file_name", as: String.self)
        }
    }

    /// Writes the file behind `token` (see ``fileName(token:userId:now:)``) to a new file at
    /// `path`, part by part; false when there is no such upload for `userId` (or it went
    /// meanwhile).
    public func copy(token: String, userId: Int, to path: String, now: Date = Date()) async throws -> Bool {
        guard try await fileName(token: token, userId: userId, now: now) != nil else { return false }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let file = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? file.close() }
        // Rows written before uploads were kept in parts hold the whole file in `content`.
        let whole = try await database.read { sql in
            try await sql.raw("SELECT content FROM uploads WHERE token = \(bind: token)").first()?.decode(column: "content", as: Data.self)
        }
        var written = whole?.count ?? 0
        if let whole, !whole.isEmpty { try file.write(contentsOf: whole) }
        var part = 0
        while let bytes = try await database.read({ [part] sql in
            try await sql.raw("SELECT content FROM upload_parts WHERE token = \(bind: token) AND part = \(bind: part)").first()?
                .decode(column: "content", as: Data.self)
        }) {
            try file.write(contentsOf: bytes)
            written += bytes.count
            part += 1
        }
        return written > 0
    }

    public func remove(token: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM upload_parts WHERE token = \(bind: token)").run()
            try await sql.raw("DELETE FROM uploads WHERE token = \(bind: token)").run()
        }
    }
}
