import Foundation
import Logging
import SQLKit
import WPSCore

/// Throw-away databases for tests on both engines: a new SQLite file, and, when
/// `WPS_TEST_POSTGRES_URL` names a PostgreSQL server, a new database on it. Each is migrated
/// and seeded, and removed afterwards.
public enum TestDatabase {
    /// The engines tests should run on here: SQLite always, PostgreSQL when configured.
    public static var engines: [WPSDatabase.Engine] {
        ProcessInfo.processInfo.environment["WPS_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    /// Runs `body` with a fresh, migrated and seeded database on `engine`.
    public static func with<T>(
        _ engine: WPSDatabase.Engine, _ body: (WPSDatabase) async throws -> T
    ) async throws -> T {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        do {
            try await Migrator.migrate(database, logger: logger)
            try await Seeder.seedReferenceData(database)
            let result = try await body(database)
            await database.close()
            try await cleanup()
            return result
        } catch {
            await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// Makes an empty database and returns where it is and how to remove it.
    public static func make(_ engine: WPSDatabase.Engine) async throws -> (DatabaseLocation, @Sendable () async throws -> Void) {
        let name = "wps_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            let path = folder.appendingPathComponent("wps.sqlite").path
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let serverURL = ProcessInfo.processInfo.environment["WPS_TEST_POSTGRES_URL"],
                var components = URLComponents(string: serverURL)
            else { throw DatabaseOpenError.cannotOpen("PostgreSQL", "WPS_TEST_POSTGRES_URL is not set") }
            let admin = try await WPSDatabase.open(.postgres(url: serverURL), logger: Logger(label: "wps.test"))
            _ = try await admin.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
            await admin.close()
            components.path = "/" + name
            let url = components.string ?? serverURL
            return (.postgres(url: url), {
                let admin = try await WPSDatabase.open(.postgres(url: serverURL), logger: Logger(label: "wps.test"))
                _ = try? await admin.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
                await admin.close()
            })
        }
    }
}
