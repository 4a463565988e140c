import Foundation
import Logging
import SQLKit
import Testing
import WPSCore
import WPSStorage

/// One slow read must not stall the platform: it holds one reader, and the health check has a
/// connection of its own.
@Suite struct ConcurrentReadTests {
    actor Flag {
        var isSet = false
        func set() { isSet = true }
    }

    @Test(arguments: TestDatabase.engines)
    func aSlowReadHoldsOneReaderAndTheHealthCheckNone(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a read that takes seconds (counting to millions, or sleeping on PostgreSQL)
            let slowQuery: SQLQueryString = engine == .postgres
                ? "SELECT CAST(1 AS BIGINT) AS n FROM pg_sleep(4)"
                : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT COUNT(*) AS n FROM c"
            let finished = Flag()
            let started = Flag()
            let slow = Task {
                try await database.read { sql in
                    await started.set()
                    _ = try await sql.raw(slowQuery).first()
                }
                await finished.set()
            }
            while await !started.isSet { await Task.yield() }
            try await Task.sleep(for: .milliseconds(100))
            // When the health check and another reader ask while it runs
            let healthy = await database.isHealthy()
            let countries = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM countries").first()?.decode(column: "n", as: Int.self)
            }
            let slowWasStillRunning = await !finished.isSet
            // Then both answered, and before the slow read was done
            #expect(healthy)
            #expect((countries ?? 0) >= 7)
            #expect(slowWasStillRunning)
            try await slow.value
            #expect(await finished.isSet)
        }
    }

    @Test func aStatementPastTheBudgetIsCancelledOnPostgreSQL() async throws {
        guard TestDatabase.engines.contains(.postgres) else { return }
        // Given a database whose statements may run 300 ms
        let (location, cleanup) = try await TestDatabase.make(.postgres)
        let database = try await WPSDatabase.open(location, logger: Logger(label: "wps.test"), queryTimeout: .milliseconds(300))
        // When a read takes longer, Then the server cancels it and the caller is told so
        await #expect(throws: QueryTimeout.self) {
            try await database.read { _ = try await $0.raw("SELECT CAST(1 AS BIGINT) AS n FROM pg_sleep(3)").first() }
        }
        // And a quick read still answers
        #expect(try await database.read { try await $0.raw("SELECT CAST(1 AS BIGINT) AS n").first()?.decode(column: "n", as: Int.self) } == 1)
        await database.close()
        try await cleanup()
    }

    @Test func aReadPastTheBudgetIsStoppedOnSQLiteAndItsReaderFreed() async throws {
        // Given a SQLite database with one reader, whose reads may run 300 ms
        let (location, cleanup) = try await TestDatabase.make(.sqlite)
        let database = try await WPSDatabase.open(location, logger: Logger(label: "wps.test"), readers: 1, queryTimeout: .milliseconds(300))
        // When a read would take far longer (counting to a billion), Then it is stopped and the
        // caller is told so, well before it could have finished
        let started = ContinuousClock.now
        await #expect(throws: QueryTimeout.self) {
            try await database.read { sql in
                _ = try await sql.raw("""
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT COUNT(*) AS n FROM c
                    """).first()
            }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        // And the only reader answers the next read at once
        #expect(try await database.read { try await $0.raw("SELECT 1 AS n").first()?.decode(column: "n", as: Int.self) } == 1)
        await database.close()
        try await cleanup()
    }

    @Test func closingWhileAReadStepsItsRowsWaitsForTheRead() async throws {
        // Given a SQLite read stepping through a million rows, its statement kept by its reader
        let (location, cleanup) = try await TestDatabase.make(.sqlite)
        let database = try await WPSDatabase.open(location, logger: Logger(label: "wps.test"), readers: 1)
        let started = Flag()
        let read = Task {
            try await database.read { sql in
                await started.set()
                return try await sql.raw("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT x FROM c")
                    .all().count
            }
        }
        while await !started.isSet { await Task.yield() }
        try await Task.sleep(for: .milliseconds(50))
        // When the server shuts down meanwhile, Then closing waits for the read, which ends with
        // every row (its statement was finalized under it before, and the read hung on freed memory)
        await database.close()
        #expect(try await read.value == 1_000_000)
        try await cleanup()
    }
}
