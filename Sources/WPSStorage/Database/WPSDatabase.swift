@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The database the platform runs on, on either engine. All access goes through ``read(_:)``
/// and ``transaction(_:)``, so that callers never hold a connection of their own and every
/// multi-statement change is atomic.
public final class WPSDatabase: Sendable {
    /// The two engines the platform supports.
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    private enum Backend: Sendable {
        /// One connection for writes (SQLite allows one writer), a pool of readers (WAL lets
        /// readers see the last committed state while a write is under way, and each other run),
        /// and a connection of its own for the health check, each with its own threads, so a
        /// check never waits behind a slow read.
        case sqlite(writer: SQLiteConnection, readers: ConnectionLender<ReaderSlot>, health: SQLiteConnection,
                    all: [SQLiteConnection], writeLock: AsyncLock, threads: [NIOThreadPool], budget: ReadBudget?,
                    bulk: TransactionConnection)
        /// A pool for everything, and a connection of its own for the health check.
        case postgres(pool: PostgresPool, health: PostgresPool, logger: Logger)
    }

    /// How many SQLite readers run side by side when nothing else is said: two per core.
    public static var defaultReaders: Int { max(2, 2 * System.coreCount) }

    public let engine: Engine
    public let location: DatabaseLocation
    private let backend: Backend
    /// Values worked out from the database, kept until it changes (``derived(_:in:_:)``).
    let derivedCache = DerivedCache()

    private init(engine: Engine, location: DatabaseLocation, backend: Backend) {
        self.engine = engine
        self.location = location
        self.backend = backend
    }

    /// Opens the database at `location`, creating the SQLite file and its folder if needed.
    /// - Throws: ``DatabaseOpenError`` when the file or server cannot be reached.
    /// - Parameters:
    ///   - readers: SQLite connections that read side by side (``defaultReaders`` when nil).
    ///   - queryTimeout: the longest a read may run before it is stopped and the caller gets
    ///     ``QueryTimeout`` (nil: no limit): PostgreSQL's `statement_timeout`; on SQLite,
    ///     `sqlite3_interrupt` on the reader when the read's time is up.
    public static func open(
        _ location: DatabaseLocation, logger: Logger, readers: Int? = nil, queryTimeout: Duration? = nil
    ) async throws -> WPSDatabase {
        switch location {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw DatabaseOpenError.cannotCreateFolder(folder.path)
            }
            let readerCount = max(1, min(64, readers ?? defaultReaders))
            // Each connection's calls run on a thread pool: the writer and the health check have
            // one thread each, the readers as many threads as there are readers.
            let threads = [NIOThreadPool(numberOfThreads: 1), NIOThreadPool(numberOfThreads: 1), NIOThreadPool(numberOfThreads: readerCount)]
            for pool in threads { pool.start() }
            var opened: [SQLiteConnection] = []
            do {
                for index in 0..<(2 + readerCount) {
                    let connection = try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: threads[min(index, 2)], logger: logger,
                        on: MultiThreadedEventLoopGroup.singleton.any())
                    opened.append(connection)
                    try await configure(connection, logger: logger)
                }
            } catch {
                // A connection must be closed before it goes away, also when the file is not a database.
                for connection in opened { try? await connection.close() }
                for pool in threads { try? await pool.shutdownGracefully() }
                throw DatabaseOpenError.cannotOpen("\(location)", String(reflecting: error))
            }
            var budget: ReadBudget?
            if let queryTimeout {
                let interrupts = opened[2...].compactMap { connection in SQLiteInterrupt(connection).map { (ObjectIdentifier(connection), $0) } }
                if interrupts.count == readerCount {
                    budget = ReadBudget(limit: queryTimeout, interrupts: Dictionary(uniqueKeysWithValues: interrupts))
                } else {
                    logger.warning("SQLite reads have no time limit: this SQLiteNIO does not let the platform interrupt a statement")
                }
            }
            return WPSDatabase(
                engine: .sqlite, location: location,
                backend: .sqlite(
                    writer: opened[0], readers: ConnectionLender(opened[2...].enumerated().map { ReaderSlot($1, name: "wps-sqlite-reader-\($0)") }),
                    health: opened[1], all: opened,
                    writeLock: AsyncLock(), threads: threads, budget: budget,
                    bulk: SQLiteRawHandle(opened[0]).map { .sqlite($0, threads[0]) } ?? .none))
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw DatabaseOpenError.cannotOpen("\(location)", "the URL is not understood")
            }
            var limited = configuration
            if let queryTimeout {
                let milliseconds = queryTimeout.components.seconds * 1000 + queryTimeout.components.attoseconds / 1_000_000_000_000_000
                limited.coreConfiguration.options.additionalStartupParameters.append(("statement_timeout", String(max(1, milliseconds))))
            }
            func makePool(_ configuration: SQLPostgresConfiguration, perEventLoop: Int) -> EventLoopGroupConnectionPool<PostgresConnectionSource> {
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: configuration), maxConnectionsPerEventLoop: perEventLoop,
                    pruneInterval: .seconds(60), logger: logger, on: MultiThreadedEventLoopGroup.singleton)
            }
            let pool = makePool(limited, perEventLoop: 4)
            let health = makePool(configuration, perEventLoop: 1)
            let database = WPSDatabase(
                engine: .postgres, location: location,
                backend: .postgres(pool: PostgresPool(pool), health: PostgresPool(health), logger: logger))
            do {
                _ = try await database.read { try await $0.raw("SELECT 1 AS one").first() }
            } catch {
                try? await pool.shutdownAsync()
                try? await health.shutdownAsync()
                throw DatabaseOpenError.cannotOpen("\(location)", String(reflecting: error))
            }
            return database
        }
    }

    private static func configure(_ connection: SQLiteConnection, logger: Logger) async throws {
        let sql = connection.sql()
        // 16 KiB pages for a new database (an existing one keeps its own; the size is fixed once
        // the file has content): a million-row import writes a quarter as many pages and splits,
        // 1.43 s against 1.29 s for SQLite's part (`scripts/bench/sqlite_floor.c` with PAGE=4096 and
        // with its default, 16384).
        try await sql.raw("PRAGMA page_size = 16384").run()
        // WAL: readers never block the writer; synchronous=FULL: an acknowledged write survives
        // a crash of the process or the machine.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = FULL").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        try await sql.raw("PRAGMA busy_timeout = 10000").run()
    }

    /// Runs `body` on a connection for reading. On SQLite it sees the last committed state.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, let readers, _, _, _, _, let budget, _):
            return try await readers.with { slot in
                let connection = slot.connection
                let ticket = budget?.begin(connection)
                defer { if let ticket { budget?.end(connection, ticket) } }
                do {
                    // The whole read on the reader's own thread, its statements stepped there
                    // (see SQLiteReader); through SQLiteNIO when the handle could not be read
                    if let reader = slot.reader {
                        return try await withTaskExecutorPreference(reader.thread) {
                            try await body(SQLiteInlineDatabase(reader: reader, logger: connection.logger))
                        }
                    }
                    return try await body(connection.sql())
                } catch let error as SQLiteError where error.reason == .interrupt {
                    throw QueryTimeout()
                } catch let error as SQLiteReadError where error.interrupted {
                    throw QueryTimeout()
                }
            }
        case .postgres(let pool, _, let logger):
            do {
                return try await body(pool.pool.database(logger: logger).sql())
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == PostgresError.Code.queryCanceled.raw {
                throw QueryTimeout()
            }
        }
    }

    /// Runs `body` inside one transaction: everything it writes is committed together when it
    /// returns, and nothing is kept when it throws.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(bulk: nil, body)
    }

    /// A ``transaction(_:)`` that bulk loads a large table (``bulkLoad(into:columns:in:_:)``),
    /// everything it writes kept together or not at all, as there.
    ///
    /// On SQLite, foreign keys are not looked up row by row while it runs — a lookup per row
    /// was a tenth of a million-row import. SQLite changes `foreign_keys` only between
    /// transactions, so it is off on the writer for this one (and on again after it, whatever
    /// happens); before COMMIT, `PRAGMA foreign_key_check` runs on each of `checkedTables` —
    /// every table the body writes except the bulk-loaded one, whose keys the body vouches for
    /// (it writes keys it has just made in this transaction). A violation rolls everything back
    /// (``ForeignKeyViolation``). PostgreSQL checks every row as always.
    public func bulkTransaction<T: Sendable>(
        checking checkedTables: [String], _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await transaction(bulk: checkedTables, body)
    }

    private func transaction<T: Sendable>(
        bulk checkedTables: [String]?, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite(let writer, _, _, _, let writeLock, _, _, let bulk):
            return try await writeLock.withLock {
                let sql = writer.sql()
                guard let checkedTables else {
                    return try await Self.sqliteTransaction(on: sql, bulk: bulk, checking: [], body)
                }
                try await sql.raw("PRAGMA foreign_keys = OFF").run()
                let result: Result<T, any Error>
                do {
                    result = .success(try await Self.sqliteTransaction(on: sql, bulk: bulk, checking: checkedTables, body))
                } catch {
                    result = .failure(error)
                }
                // Back to what every other transaction relies on
                try await sql.raw("PRAGMA foreign_keys = ON").run()
                return try result.get()
            }
        case .postgres(let pool, _, let logger):
            return try await pool.pool.withConnection(logger: logger) { connection in
                connection.eventLoop.makeFutureWithTask {
                    let sql = connection.sql()
                    try await sql.raw("BEGIN").run()
                    do {
                        let result = try await TransactionConnection.$current.withValue(.postgres(connection, logger)) { try await body(sql) }
                        try await sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }.get()
        }
    }

    private static func sqliteTransaction<T: Sendable>(
        on sql: any SQLDatabase, bulk: TransactionConnection, checking checkedTables: [String],
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await TransactionConnection.$current.withValue(bulk) { try await body(sql) }
            for table in checkedTables where try await sql.raw("PRAGMA foreign_key_check(\(unsafeRaw: table))").first() != nil {
                throw ForeignKeyViolation(table: table)
            }
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Writes many rows into `table` inside the transaction `sql` belongs to, the fastest way the
    /// engine offers (see ``BulkLoad``). Outside a transaction of this database it writes
    /// multi-row INSERTs on `sql`. Everything `body` sends is kept only if the transaction commits.
    /// - Parameter rowsMeetChecks: the caller's values satisfy the table's CHECK constraints by
    ///   construction (see ``BulkLoad``): SQLite then does not evaluate them for each row.
    public func bulkLoad<T>(
        into table: String, columns: [String], rowsMeetChecks: Bool = false, in sql: any SQLDatabase,
        _ body: (BulkLoad) async throws -> T
    ) async throws -> T {
        try await BulkLoad.run(
            table: table, columns: columns, rowsMeetChecks: rowsMeetChecks, sql: sql, connection: TransactionConnection.current, body)
    }

    /// Whether the database answers a trivial query, asked on a connection of its own, so the
    /// answer never waits behind reads or writes in progress.
    public func isHealthy() async -> Bool {
        switch backend {
        case .sqlite(_, _, let health, _, _, _, _, _):
            return (try? await health.sql().raw("SELECT 1 AS one").first()) != nil
        case .postgres(_, let health, let logger):
            return (try? await health.pool.database(logger: logger).sql().raw("SELECT 1 AS one").first()) != nil
        }
    }

    /// Closes every connection; the object must not be used afterwards.
    public func close() async {
        switch backend {
        case .sqlite(_, let readers, _, let all, _, let threads, let budget, _):
            budget?.stop()
            // A connection with statements left open cannot close. Each reader's thread ends
            // first, once the jobs given to it have run: its statements were finalized under a
            // read still stepping one (a request in flight at shutdown), and that read then
            // waited forever on the freed statement's mutex, holding the process open
            for slot in readers.all {
                slot.reader?.thread.stop()
                slot.reader?.finalizeAll()
            }
            for connection in all { try? await connection.close() }
            for pool in threads { try? await pool.shutdownGracefully() }
        case .postgres(let pool, let health, _):
            try? await pool.pool.shutdownAsync()
            try? await health.pool.shutdownAsync()
        }
    }
}

/// How long a SQLite read may run, and how to stop each reader's statement. Reads mark their
/// start and end (two short locks, no task per read: a timer task per read cost a third of the
/// throughput of the busiest pages); one watchdog looks every 100 ms and interrupts the reader
/// whose read has run past the limit, under the same lock, so a read that already ended is
/// never touched and the next read on that reader is not hit.
final class ReadBudget: @unchecked Sendable {
    let limit: Duration
    private let interrupts: [ObjectIdentifier: SQLiteInterrupt]
    private let lock = NSLock()
    private var running: [ObjectIdentifier: (ticket: UInt64, started: ContinuousClock.Instant)] = [:]
    private var nextTicket: UInt64 = 0
    private var watchdog: Task<Void, Never>?

    init(limit: Duration, interrupts: [ObjectIdentifier: SQLiteInterrupt]) {
        self.limit = limit
        self.interrupts = interrupts
        watchdog = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                self?.interruptOverdue()
            }
        }
    }

    func begin(_ connection: SQLiteConnection) -> UInt64 {
        lock.withLock {
            nextTicket += 1
            running[ObjectIdentifier(connection)] = (nextTicket, .now)
            return nextTicket
        }
    }

    func end(_ connection: SQLiteConnection, _ ticket: UInt64) {
        lock.withLock {
            if running[ObjectIdentifier(connection)]?.ticket == ticket { running[ObjectIdentifier(connection)] = nil }
        }
    }

    private func interruptOverdue() {
        let now = ContinuousClock.now
        lock.withLock {
            for (connection, read) in running where now - read.started > limit {
                interrupts[connection]?.interrupt()
                running[connection] = nil
            }
        }
    }

    func stop() {
        watchdog?.cancel()
    }
}

/// A SQLite reader connection, with its own thread and kept statements when SQLiteNIO's handle
/// could be read (``SQLiteReader``).
struct ReaderSlot: Sendable {
    let connection: SQLiteConnection
    let reader: SQLiteReader?

    init(_ connection: SQLiteConnection, name: String) {
        self.connection = connection
        reader = SQLiteReader(connection, name: name)
    }
}

/// A statement ran past the configured time and the database cancelled it.
public struct QueryTimeout: Error, Sendable {
    public init() {}
}

/// A bulk transaction wrote a row whose foreign key names no row (``WPSDatabase/bulkTransaction(checking:_:)``);
/// nothing of the transaction was kept.
public struct ForeignKeyViolation: Error, Sendable, CustomStringConvertible {
    public let table: String
    public var description: String { "A row written to \(table) refers to a row that does not exist; nothing was stored." }
}

/// Why the database could not be opened.
public enum DatabaseOpenError: Error, CustomStringConvertible {
    case cannotCreateFolder(String)
    case cannotOpen(String, String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path): "cannot create the folder \(path) for the database"
        case .cannotOpen(let what, let why): "cannot open the \(what): \(why)"
        }
    }
}

/// AsyncKit's pool predates strict concurrency but guards its state with locks and is meant to
/// be shared between event loops; this box says so to the compiler.
final class PostgresPool: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>

    init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>) {
        self.pool = pool
    }
}
