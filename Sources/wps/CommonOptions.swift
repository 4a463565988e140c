import ArgumentParser
import Foundation
import Logging
import WPSStorage
import WPSWeb

/// `--database`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Database: a file path or sqlite:PATH (default ./wps-data/wps.sqlite) or postgres://user:password@host:5432/db. Overrides WPS_DATABASE_URL.")
    var database: String?

    /// The configuration for this run; every problem is reported before exiting non-zero.
    func config(host: String? = nil, port: Int? = nil) throws -> AppConfig {
        do {
            return try AppConfig.resolve(database: database, host: host, port: port, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens and migrates the database, with the reference data seeded.
    func openDatabase(_ config: AppConfig, logger: Logger) async throws -> WPSDatabase {
        let database: WPSDatabase
        do {
            database = try await WPSDatabase.open(
                config.database, logger: logger, readers: config.sqliteReaders, queryTimeout: config.queryTimeout)
        } catch let error as DatabaseOpenError {
            throw Failure(error.description)
        }
        do {
            let applied = try await Migrator.migrate(database, logger: logger)
            if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.joined(separator: ", "))"]) }
            try await Seeder.seedReferenceData(database)
        } catch {
            await database.close()
            throw error
        }
        return database
    }
}

enum CommandLogging {
    /// Logs go to standard error so that standard output carries only a command's result.
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A failure that has already been explained to the user; exits with status 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard output at once (print is buffered when output goes to a file,
/// and a server's banner must not wait for its exit).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
