import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import Synchronization
import VaporCSQLite

/// A SQLite reader connection whose reads run on a thread of its own, statement after statement
/// without leaving it, with its prepared statements kept.
///
/// Through SQLiteNIO every statement of a read goes to a thread pool and its rows come back
/// through the event loop: a plan's page of thirty statements paid some ninety thread switches
/// (a fifth of the server's time in the kernel under load) and parsed every statement anew
/// (another twentieth). Here ``WPSDatabase/read(_:)`` runs the whole read with this thread as
/// its task executor (SE-0417), and ``SQLiteInlineDatabase`` steps each statement right there.
/// A slow statement still holds only its own reader, as before. Rows are the `SQLiteData`
/// values SQLiteNIO would read, decoded by SQLiteKit's own decoder, so what a read returns does
/// not change. Writes keep going through SQLiteNIO on the writer.
final class SQLiteReader: @unchecked Sendable {
    let connection: SQLiteConnection
    let thread: SQLiteReaderThread
    private let db: OpaquePointer
    /// Prepared statements by their SQL, used on ``thread`` only.
    private var statements: [String: CachedStatement] = [:]
    /// Different SQL texts kept at most (lists of ids make texts of every length).
    static let maximumStatements = 500
    /// The `PRAGMA data_version` this connection saw last (``DerivedCache``); used by one read at a time.
    private var seenDataVersion: Int?

    final class CachedStatement {
        let handle: OpaquePointer
        let columns: [String]
        let lookup: [String: Int]

        init(handle: OpaquePointer) {
            self.handle = handle
            let count = Int(sqlite_nio_sqlite3_column_count(handle))
            var names: [String] = []
            names.reserveCapacity(count)
            for index in 0..<count {
                names.append(sqlite_nio_sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "")
            }
            columns = names
            // The first of two columns of one name, as SQLiteNIO has it
            lookup = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    init?(_ connection: SQLiteConnection, name: String) {
        guard let raw = SQLiteRawHandle(connection) else { return nil }
        self.connection = connection
        self.db = raw.raw
        self.thread = SQLiteReaderThread(name: name)
        // Seen at opening, before any value is kept: the first read then moves the shared
        // generation only if someone has committed since, not once per reader after every start
        seenDataVersion = Self.dataVersion(raw.raw)
    }

    /// `PRAGMA data_version` on `db`, nil when it cannot be read (the first read then asks).
    private static func dataVersion(_ db: OpaquePointer) -> Int? {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else { return nil }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return Int(sqlite_nio_sqlite3_column_int64(statement, 0))
    }

    /// The shared generation after this reader has seen `dataVersion`: moved on when it differs
    /// from what this reader saw last (another connection has committed since).
    func generation(dataVersion: Int, counter: borrowing Atomic<UInt64>) -> UInt64 {
        guard seenDataVersion == dataVersion else {
            seenDataVersion = dataVersion
            return counter.add(1, ordering: .sequentiallyConsistent).newValue
        }
        return counter.load(ordering: .sequentiallyConsistent)
    }

    /// Runs `query` with `binds` on this connection, calling `onRow` for each row. Must be called
    /// on ``thread``.
    func run(_ sql: String, _ binds: [SQLiteData], decoder: SQLiteDataDecoder, _ onRow: (any SQLRow) -> Void) throws {
        let statement = try prepared(sql)
        let handle = statement.handle
        defer {
            sqlite_nio_sqlite3_reset(handle)
            sqlite_nio_sqlite3_clear_bindings(handle)
        }
        for (index, bind) in binds.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch bind {
            case .blob(let value):
                status = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(handle, position, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            case .float(let value): status = sqlite_nio_sqlite3_bind_double(handle, position, value)
            case .integer(let value): status = sqlite_nio_sqlite3_bind_int64(handle, position, Int64(value))
            case .null: status = sqlite_nio_sqlite3_bind_null(handle, position)
            case .text(let value):
                status = sqlite_nio_sqlite3_bind_text64(handle, position, value, UInt64(value.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            }
            guard status == SQLITE_OK else { throw error(status) }
        }
        let width = statement.columns.count
        while true {
            let status = sqlite_nio_sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status) }
            var values: [SQLiteData] = []
            values.reserveCapacity(width)
            for column in 0..<Int32(width) { values.append(try data(handle, column)) }
            onRow(SQLiteInlineRow(statement: statement, values: values, decoder: decoder))
        }
    }

    private func prepared(_ sql: String) throws -> CachedStatement {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.maximumStatements { finalizeAll() }
        var handle: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard status == SQLITE_OK, let handle else {
            sqlite_nio_sqlite3_finalize(handle)
            throw error(status)
        }
        let statement = CachedStatement(handle: handle)
        statements[sql] = statement
        return statement
    }

    /// Finalizes every kept statement (before the connection closes, which it cannot while one
    /// is left). Must be called on ``thread``, or when no read runs.
    func finalizeAll() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements.removeAll()
    }

    private func data(_ handle: OpaquePointer, _ column: Int32) throws -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(handle, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(handle, column) else {
                throw SQLiteReadError(code: SQLITE_ERROR, message: "Unexpected nil column text")
            }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let blob = sqlite_nio_sqlite3_column_blob(handle, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: length))
            }
            return .blob(buffer)
        case SQLITE_NULL: return .null
        default: throw SQLiteReadError(code: SQLITE_ERROR, message: "Unexpected column type")
        }
    }

    private func error(_ status: Int32) -> SQLiteReadError {
        SQLiteReadError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(db)))
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A SQLite error met by a read on a ``SQLiteReader``, with SQLite's own message.
public struct SQLiteReadError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
    /// Whether the statement was stopped by `sqlite3_interrupt` (the read's time ran out).
    var interrupted: Bool { code & 0xff == SQLITE_INTERRUPT }
}

/// A row read by a ``SQLiteReader``: the column names are the statement's, shared by its rows.
struct SQLiteInlineRow: SQLRow, @unchecked Sendable {
    let statement: SQLiteReader.CachedStatement
    let values: [SQLiteData]
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { statement.columns }

    func contains(column: String) -> Bool { statement.lookup[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = statement.lookup[column] else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = statement.lookup[column] else { throw SQLiteMissingColumn(column: column) }
        return try decoder.decode(D.self, from: values[index])
    }
}

struct SQLiteMissingColumn: Error {
    let column: String
}

/// `SQLDatabase` over a ``SQLiteReader``: each statement runs at once on the calling thread,
/// which ``WPSDatabase/read(_:)`` makes the reader's own.
struct SQLiteInlineDatabase: SQLDatabase {
    let reader: SQLiteReader
    let logger: Logger
    let encoder = SQLiteDataEncoder()
    let decoder = SQLiteDataDecoder()

    var eventLoop: any EventLoop { reader.connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { reader.connection.sql().version }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, rawBinds) = serialize(query)
        let binds = try rawBinds.map { try encoder.encode($0) }
        try reader.run(sql, binds, decoder: decoder, onRow)
    }
}

/// One thread that runs the jobs of the reads given to it, one after another: the task
/// executor of a ``SQLiteReader``.
final class SQLiteReaderThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var finished = false

    init(name: String) {
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the thread once the jobs given to it have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
