import Foundation
import Logging
import SQLKit
import Testing
import WPSCore
@testable import WPSStorage

/// Migrations: one file per step, each step in its own transaction, and a landed step that was
/// edited afterwards stops the start with a message that says which and what to do.
@Suite struct MigrationTests {
    @Test(arguments: TestDatabase.engines)
    func anEditedLandedMigrationStopsTheStartAndANewOneIsApplied(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        defer { Task { await database.close(); try? await cleanup() } }
        #expect(try await Migrator.migrate(database, logger: logger) == Migrator.names)
        #expect(try await Migrator.migrate(database, logger: logger).isEmpty)

        // Someone edits a landed step: the start stops, naming it, and nothing runs
        var edited = migrations
        edited[2].statements[0] += " "
        edited.append(Migration(name: "9999_new_table", statements: ["CREATE TABLE later (id $ID)"]))
        await #expect(throws: EditedMigration.self) { try await Migrator.migrate(database, steps: edited, logger: logger) }
        do {
            _ = try await Migrator.migrate(database, steps: edited, logger: logger)
        } catch let error as EditedMigration {
            #expect(error.name == migrations[2].name)
            #expect(error.description.contains("new migration"))
        }
        let tables = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM schema_migrations WHERE name = '9999_new_table'").first()?.decode(column: "n", as: Int.self)
        }
        #expect(tables == 0)

        // The steps as landed plus a new one: the new one is applied, alone
        var extended = migrations
        extended.append(Migration(name: "9999_new_table", statements: ["CREATE TABLE later (id $ID)"]))
        #expect(try await Migrator.migrate(database, steps: extended, logger: logger) == ["9999_new_table"])
    }

    @Test(arguments: TestDatabase.engines)
    func aDatabaseFromBeforeChecksumsGetsThemRecorded(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        defer { Task { await database.close(); try? await cleanup() } }
        // The table as the previous version made it, with its first step applied
        try await database.transaction { sql in
            try await sql.raw("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)").run()
            for statement in migrations[0].statements {
                try await sql.raw(SQLQueryString(SchemaDialect(engine: engine).translate(statement))).run()
            }
            try await sql.raw("INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: migrations[0].name), 'then')").run()
        }
        #expect(try await Migrator.migrate(database, logger: logger) == Array(Migrator.names.dropFirst()))
        let sums = try await database.read { sql in
            try await sql.raw("SELECT checksum FROM schema_migrations ORDER BY name").all().map { try $0.decode(column: "checksum", as: String?.self) }
        }
        #expect(sums == migrations.map { Optional($0.checksum) })
    }

    @Test func everyStepHasItsOwnNameAndAStableChecksum() {
        #expect(Set(migrations.map(\.name)).count == migrations.count)
        #expect(migrations.map(\.name) == migrations.map(\.name).sorted())
        // The checksum is the same in every process (not Swift's seeded Hasher)
        #expect(Migration(name: "x", statements: ["CREATE TABLE t (id $ID)"]).checksum == "669a2e248b302110")
    }
}
