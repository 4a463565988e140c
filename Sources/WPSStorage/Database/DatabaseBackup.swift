import Foundation
import Logging
import SQLKit
import WPSCore

/// Online backup and restore of the SQLite database.
public enum DatabaseBackup {
    /// Writes a consistent snapshot of the database to `file` with `VACUUM INTO`, which reads
    /// one transaction's view and so is safe while the server writes.
    /// - Returns: a sentence for the user.
    /// - Throws: ``BackupError``.
    public static func backup(_ location: DatabaseLocation, to file: String, logger: Logger) async throws -> String {
        guard case .sqlite(let path) = location else { throw BackupError.postgres }
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.noDatabase(path) }
        guard !FileManager.default.fileExists(atPath: file) else { throw BackupError.targetExists(file) }
        let database = try await WPSDatabase.open(location, logger: logger)
        do {
            try await database.read { sql in try await sql.raw("VACUUM INTO \(bind: file)").run() }
        } catch {
            await database.close()
            throw BackupError.failed(String(reflecting: error))
        }
        await database.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return "Backed up \(path) to \(file) (\(size) bytes)."
    }

    /// Replaces the database with `file` after checking that it is an intact WPS database.
    /// The current database is kept as `<path>.before-restore`.
    public static func restore(_ location: DatabaseLocation, from file: String, logger: Logger) async throws -> String {
        guard case .sqlite(let path) = location else { throw BackupError.postgres }
        guard FileManager.default.fileExists(atPath: file) else { throw BackupError.noBackup(file) }
        // Check a copy, so that checking cannot change the backup itself.
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: file, toPath: staging)
        do {
            let check = try await WPSDatabase.open(.sqlite(path: staging), logger: logger)
            let result: (String, Int)
            do {
                result = try await check.read { sql in
                    let integrity = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) ?? ""
                    let migrations = try await sql.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(column: "n", as: Int.self) ?? 0
                    return (integrity, migrations)
                }
            } catch {
                await check.close()
                throw BackupError.notABackup(file)
            }
            await check.close()
            guard result.0 == "ok" else { throw BackupError.damaged(file, result.0) }
            guard result.1 > 0 else { throw BackupError.notABackup(file) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
            throw error is BackupError ? error : BackupError.notABackup(file)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        let previous = path + ".before-restore"
        if FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: previous)
            try FileManager.default.moveItem(atPath: path, toPath: previous)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // rename(2) is atomic: the database is either the old one or the restored one.
        try FileManager.default.moveItem(atPath: staging, toPath: path)
        return "Restored \(path) from \(file); the previous database is kept as \(previous)."
    }
}

/// Why a backup or restore was refused.
public enum BackupError: Error, CustomStringConvertible {
    case postgres
    case noDatabase(String)
    case noBackup(String)
    case targetExists(String)
    case notABackup(String)
    case damaged(String, String)
    case failed(String)

    public var description: String {
        switch self {
        case .postgres:
            "This database is on PostgreSQL: back it up with 'pg_dump --format=custom DBNAME > FILE' and restore with 'pg_restore --clean --dbname DBNAME FILE'."
        case .noDatabase(let path): "There is no database at \(path) to back up."
        case .noBackup(let file): "There is no file \(file) to restore from."
        case .targetExists(let file): "\(file) already exists; choose a new file name so that no backup is overwritten."
        case .notABackup(let file): "\(file) is not a WPS Platform database backup; nothing was changed."
        case .damaged(let file, let report): "\(file) is damaged (\(report.prefix(200))); nothing was changed."
        case .failed(let why): "The backup failed: \(why)"
        }
    }
}
