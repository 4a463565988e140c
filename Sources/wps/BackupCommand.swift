import ArgumentParser
import Foundation
import Logging
import WPSStorage

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to FILE, safe while the server runs.",
        discussion: "PostgreSQL databases are backed up with PostgreSQL's own tools (pg_dump).")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The backup file to create; it must not exist yet.") var file: String

    func run() async throws {
        let config = try options.config()
        CommandLogging.bootstrap(level: .warning)
        let outcome = try await DatabaseBackup.backup(config.database, to: file, logger: Logger(label: "wps"))
        print(outcome)
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with a backup made by 'wps backup'. Stop the server first.",
        discussion: "The backup is checked (integrity and schema) before anything is replaced; the replaced database is kept beside it as .before-restore. PostgreSQL databases are restored with pg_restore or psql.")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "The backup file to restore.") var file: String

    func run() async throws {
        let config = try options.config()
        CommandLogging.bootstrap(level: .warning)
        let outcome = try await DatabaseBackup.restore(config.database, from: file, logger: Logger(label: "wps"))
        print(outcome)
    }
}
