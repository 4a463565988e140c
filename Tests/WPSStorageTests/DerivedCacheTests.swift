import Foundation
import Logging
import SQLKit
import Synchronization
import Testing
import WPSCore
import WPSStorage

/// A value worked out from the database is kept between writes and never handed out after one:
/// not after our own, not after another process's.
@Suite struct DerivedCacheTests {
    /// How many times a value was worked out.
    final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// The number of rows of `notes`, as a page would derive it.
    static func derivedCount(_ database: WPSDatabase, computed: Counter) async throws -> Int {
        try await database.read { sql in
            try await database.derived("test.notes", in: sql) {
                computed.add()
                return try await sql.raw("SELECT COUNT(*) AS n FROM derived_notes").first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aValueIsKeptUntilAnyoneWrites(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.transaction { sql in try await sql.raw("CREATE TABLE derived_notes (n BIGINT)").run() }
            let computed = Counter()
            // Asked on every reader, a value is worked out at most once per reader and then kept
            for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                #expect(try await Self.derivedCount(database, computed: computed) == 0)
            }
            // (PostgreSQL's log position is the server's: other databases' writes, such as the
            // suites running beside this one, also move it, so only SQLite is asked to keep)
            let keeps = engine == .sqlite
            #expect(!keeps || computed.value <= WPSDatabase.defaultReaders)
            let settled = computed.value
            for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                #expect(try await Self.derivedCount(database, computed: computed) == 0)
            }
            #expect(!keeps || computed.value == settled)

            // Our own write: the next read, on any reader, sees it
            try await database.transaction { sql in try await sql.raw("INSERT INTO derived_notes (n) VALUES (1)").run() }
            for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                #expect(try await Self.derivedCount(database, computed: computed) == 1)
            }

            // Another process's write (a second connection to the same database, as a `wps`
            // command run beside the server would be)
            let other = try await WPSDatabase.open(database.location, logger: Logger(label: "wps.test.other"))
            try await other.transaction { sql in try await sql.raw("INSERT INTO derived_notes (n) VALUES (2)").run() }
            await other.close()
            for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                #expect(try await Self.derivedCount(database, computed: computed) == 2)
            }

            // Inside a transaction nothing is kept: it sees its own writes
            let inside = try await database.transaction { sql in
                try await sql.raw("INSERT INTO derived_notes (n) VALUES (3)").run()
                return try await database.derived("test.notes", in: sql) {
                    try await sql.raw("SELECT COUNT(*) AS n FROM derived_notes").first()?.decode(column: "n", as: Int.self) ?? -1
                }
            }
            #expect(inside == 3)
            #expect(try await Self.derivedCount(database, computed: computed) == 3)

            // An optional value: worked out when nothing is kept, and kept when it is nil
            let optional: Int? = try await database.read { sql in try await database.derived("test.optional", in: sql) { Optional(7) } }
            #expect(optional == 7)
            let none = Counter()
            for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                let value: Int? = try await database.read { sql in
                    try await database.derived("test.none", in: sql) { () -> Int? in
                        none.add()
                        return nil
                    }
                }
                #expect(value == nil)
            }
            #expect(!keeps || none.value <= WPSDatabase.defaultReaders)
        }
    }

    /// A value too large to keep is worked out each time rather than filling the memory.
    @Test func aValueLargerThanAllMayBeIsWorkedOutEachTime() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let computed = Counter()
            for _ in 0..<3 {
                let value = try await database.read { sql in
                    try await database.derived("test.large", in: sql, rows: { _ in 1_000_000 }) {
                        computed.add()
                        return 1
                    }
                }
                #expect(value == 1)
            }
            #expect(computed.value == 3)
        }
    }

    struct Refused: Error {}

    @Test(arguments: TestDatabase.engines)
    func manyAskingAtOnceWaitForOneAndAFailureIsNotHandedOn(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Every reader has looked once, so that none sees a change the others have seen
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<(2 * WPSDatabase.defaultReaders) {
                    group.addTask {
                        _ = try await database.read { sql in
                            _ = try await database.derived("warm", in: sql) { 0 }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let computed = Counter()
            let values = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        try await database.derived("test.slow") {
                            computed.add()
                            try await Task.sleep(for: .milliseconds(200))
                            return 7
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(values == Array(repeating: 7, count: 32))
            #expect(engine != .sqlite || computed.value == 1, "worked out once for all 32")

            // The first caller fails: those who waited for it work the value out themselves
            let tries = Counter()
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            return try await database.derived("test.failing") {
                                tries.add()
                                let first = tries.value == 1
                                try await Task.sleep(for: .milliseconds(100))
                                if first { throw Refused() }
                                return 1
                            } == 1
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { !$0 }.count == 1, "only the failing caller fails")
        }
    }
}
