import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import VaporCSQLite

/// One value of a row written by a ``BulkLoad``.
public enum BulkValue: Sendable, Equatable {
    case null
    case int(Int)
    case text(String)

    static func text(_ value: String?) -> BulkValue { value.map(BulkValue.text) ?? .null }
    static func int(_ value: Int?) -> BulkValue { value.map(BulkValue.int) ?? .null }
    static func bool(_ value: Bool?) -> BulkValue { value.map { .int($0 ? 1 : 0) } ?? .null }
}

/// Rows for one table, values laid out row after row (no array per row).
public struct BulkRows: Sendable {
    public let width: Int
    private(set) var values: [BulkValue] = []

    public init(width: Int, capacity: Int) {
        self.width = width
        values.reserveCapacity(width * capacity)
    }

    public var count: Int { values.count / width }
    public var isEmpty: Bool { values.isEmpty }

    /// Adds one value; a row is complete after `width` of them.
    public mutating func append(_ value: BulkValue) { values.append(value) }

    /// Lets `body` read and change the values in place, row after row.
    mutating func withValues<R>(_ body: (inout UnsafeMutableBufferPointer<BulkValue>) throws -> R) rethrows -> R {
        try values.withUnsafeMutableBufferPointer(body)
    }
}

/// A batch handed to the writer's thread, taken out whole there so it can be changed in place
/// without a copy.
private final class BulkBatch: @unchecked Sendable {
    private var rows: BulkRows?
    init(_ rows: BulkRows) { self.rows = rows }
    func take() -> BulkRows? {
        defer { rows = nil }
        return rows
    }
}

/// Writes many rows into one table inside the caller's transaction, in the fastest way each
/// engine offers:
/// - SQLite: one prepared `INSERT`, bound and stepped row by row through the SQLite C API on
///   the writer connection's own thread, while the caller prepares the next batch (two cores:
///   reading and writing overlap);
/// - PostgreSQL: `COPY … FROM STDIN` in text format through PostgresNIO;
/// - SQLite whose connection handle cannot be reached (a later SQLiteNIO): multi-row `INSERT`s
///   with the values written as SQL literals, as before.
///
/// A failure anywhere throws out of ``WPSDatabase/bulkLoad(into:columns:in:_:)``; the caller's
/// transaction then rolls back, so nothing of the load is kept.
public final class BulkLoad: @unchecked Sendable {
    // Used by one task at a time, in order (the loader's `send` calls are awaited one by one).
    private enum Target {
        case sqlite(SQLiteBulkStatement, NIOThreadPool)
        case postgres(PostgresCopyFromWriter)
        case literals(any SQLDatabase, String)
    }

    private let target: Target
    /// Batches sent to the SQLite writer and not yet written, oldest first; each waits for the
    /// one before it, so they are written in order, one at a time.
    private var inFlight: [Task<Void, any Error>] = []
    /// How many batches may wait for the writer: with one, the reader stood still whenever a
    /// batch took the writer longer than the next took to read.
    static let batchesAhead = 4

    private init(target: Target) {
        self.target = target
    }

    /// Sends a batch. On SQLite it is written while the caller goes on; its error, if any, comes
    /// out of a later `send` or out of the load.
    /// - Parameter prepare: last changes to the batch before it is written. On SQLite it runs on
    ///   the writer's thread, beside the caller's next reading, and the batches' `prepare` run one
    ///   at a time, in the order sent; on PostgreSQL it runs at once, on the caller's task.
    public func send(_ rows: consuming BulkRows, preparing prepare: (@Sendable (inout BulkRows) -> Void)? = nil) async throws {
        guard !rows.isEmpty else { return }
        switch target {
        case .sqlite(let statement, let threads):
            if inFlight.count >= Self.batchesAhead { try await inFlight.removeFirst().value }
            let previous = inFlight.last
            let batch = BulkBatch(rows)
            inFlight.append(Task {
                try await previous?.value
                try await threads.runIfActive {
                    guard var rows = batch.take() else { return }
                    prepare?(&rows)
                    try statement.insert(rows)
                }
            })
        case .postgres(let writer):
            prepare?(&rows)
            var buffer = ByteBufferAllocator().buffer(capacity: rows.count * 128)
            PostgresCopyText.write(rows, into: &buffer)
            try await writer.write(buffer)
        case .literals(let sql, let insert):
            prepare?(&rows)
            try await sql.raw(SQLQueryString(SQLLiterals.insert(insert, rows))).run()
        }
    }

    fileprivate func drain() async throws {
        while !inFlight.isEmpty { try await inFlight.removeFirst().value }
    }

    fileprivate func settle() async {
        while !inFlight.isEmpty { _ = try? await inFlight.removeFirst().value }
    }

    /// Runs `body` with a loader for `table`'s `columns` on the transaction `sql` came from.
    /// - Parameter rowsMeetChecks: every value the caller sends satisfies the table's CHECK
    ///   constraints by construction (the personnel import's `sex` is a `Sex`'s raw value). On
    ///   SQLite the constraints are then left out of the load's statement
    ///   (`PRAGMA ignore_check_constraints` while it is prepared and run, and off again
    ///   afterwards, whatever happens): the `sex IN (…)` check was a third of what SQLite did to
    ///   store a million people (`scripts/bench/sqlite_floor.c`, NOCHECK=1). PostgreSQL's `COPY`
    ///   checks them as always.
    static func run<T>(
        table: String, columns: [String], rowsMeetChecks: Bool = false, sql: any SQLDatabase, connection: TransactionConnection,
        _ body: (BulkLoad) async throws -> T
    ) async throws -> T {
        let insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES"
        switch connection {
        case .sqlite(let raw, let threads):
            // Foreign keys checked at COMMIT and INSERT OR FAIL: a failing row then ends the
            // statement without undoing the rows before it, so SQLite keeps no statement journal
            // (the whole transaction is rolled back on any failure anyway).
            try await sql.raw("PRAGMA defer_foreign_keys = ON").run()
            // Set for the whole load: changing the flag expires prepared statements, and SQLite
            // would prepare this one again, with the checks, at its next step.
            if rowsMeetChecks { try await sql.raw("PRAGMA ignore_check_constraints = ON").run() }
            do {
                let statement = try await threads.runIfActive {
                    try SQLiteBulkStatement(raw, insert: insert.replacingOccurrences(of: "INSERT INTO", with: "INSERT OR FAIL INTO"), width: columns.count)
                }
                let load = BulkLoad(target: .sqlite(statement, threads))
                let result: T
                do {
                    result = try await body(load)
                    try await load.drain()
                    try await threads.runIfActive { statement.finalize() }
                } catch {
                    await load.settle()
                    _ = try? await threads.runIfActive { statement.finalize() }
                    throw error
                }
                if rowsMeetChecks { try await sql.raw("PRAGMA ignore_check_constraints = OFF").run() }
                return result
            } catch {
                if rowsMeetChecks { try? await sql.raw("PRAGMA ignore_check_constraints = OFF").run() }
                throw error
            }
        case .postgres(let connection, let logger):
            var result: T?
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                result = try await body(BulkLoad(target: .postgres(writer)))
            }
            guard let result else { throw BulkLoadError.noResult }
            return result
        case .none:
            return try await body(BulkLoad(target: .literals(sql, insert)))
        }
    }
}

enum BulkLoadError: Error {
    case noResult
}

/// What a transaction runs on, for ``BulkLoad``.
enum TransactionConnection: @unchecked Sendable {
    case sqlite(SQLiteRawHandle, NIOThreadPool)
    case postgres(PostgresConnection, Logger)
    case none

    /// The connection of the transaction the current task runs in.
    @TaskLocal static var current: TransactionConnection = .none
}

/// The `sqlite3*` of a SQLiteNIO connection. SQLiteNIO 1.x keeps it to itself; it is read by
/// reflection (`handle.raw`). If a later SQLiteNIO stores it differently, `init` returns nil and
/// callers fall back to going through SQLiteNIO. SQLiteNIO opens connections with
/// `SQLITE_OPEN_FULLMUTEX`, so calls from another thread are serialised by SQLite itself.
struct SQLiteRawHandle: @unchecked Sendable {
    let raw: OpaquePointer

    init?(_ connection: SQLiteConnection) {
        guard let handle = Mirror(reflecting: connection).children.first(where: { $0.label == "handle" })?.value,
            let pointer = Mirror(reflecting: handle).children.first(where: { $0.label == "raw" })?.value as? OpaquePointer?,
            let raw = pointer
        else { return nil }
        self.raw = raw
    }
}

/// A SQLite error met while bulk loading, with SQLite's own message.
public struct SQLiteBulkError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
}

/// Prepared INSERTs reused for every row: one of ``rowsPerStatement`` rows for the bulk of a
/// batch (a statement's fixed cost — opening cursors, checking foreign keys' tables, ending —
/// then falls on many rows) and one of a single row for the rest. Used on the writer's thread
/// only, one batch at a time.
final class SQLiteBulkStatement: @unchecked Sendable {
    static let rowsPerStatement = 64
    private let db: OpaquePointer
    private let width: Int
    private var many: OpaquePointer?
    private var one: OpaquePointer?
    /// What each parameter of `many` and `one` holds now: SQLite keeps a binding until it is
    /// replaced (a reset does not clear it), so a value equal to the one in place (the dataset,
    /// a sex, a rank, a null) is not bound again. Binding was a third of the writer's time.
    /// nil: not known (a bind failed).
    private var boundMany: [BulkValue?]
    private var boundOne: [BulkValue?]
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// - Parameter insert: `INSERT INTO table (columns) VALUES`, without the values.
    init(_ handle: SQLiteRawHandle, insert: String, width: Int) throws {
        db = handle.raw
        self.width = width
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        // NULL is what an unbound parameter holds.
        boundMany = Array(repeating: .null, count: width * Self.rowsPerStatement)
        boundOne = Array(repeating: .null, count: width)
        one = try prepare("\(insert) \(row)")
        many = try prepare("\(insert) " + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ","))
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            sqlite_nio_sqlite3_finalize(statement)
            throw error(status)
        }
        return statement
    }

    private func error(_ status: Int32) -> SQLiteBulkError {
        SQLiteBulkError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(db)))
    }

    func insert(_ rows: BulkRows) throws {
        guard let many, let one else { return }
        let count = rows.count
        var row = 0
        try rows.values.withUnsafeBufferPointer { values in
            while count - row >= Self.rowsPerStatement {
                try run(many, values[(row * width)..<((row + Self.rowsPerStatement) * width)], bound: &boundMany)
                row += Self.rowsPerStatement
            }
            while row < count {
                try run(one, values[(row * width)..<((row + 1) * width)], bound: &boundOne)
                row += 1
            }
        }
    }

    /// Binds `values` to `statement`'s parameters in order (those not already `bound`) and runs
    /// it once.
    private func run(_ statement: OpaquePointer, _ values: Slice<UnsafeBufferPointer<BulkValue>>, bound: inout [BulkValue?]) throws {
        var parameter: Int32 = 0
        for value in values {
            parameter += 1
            if bound[Int(parameter) - 1] == value { continue }
            var status: Int32
            switch value {
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, parameter)
            case .int(let number): status = sqlite_nio_sqlite3_bind_int64(statement, parameter, Int64(number))
            case .text(var text):
                var hasNul = false
                status = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, bytes.count > 0 else { return Self.bindEmpty(statement, parameter) }
                    guard memchr(base, 0, bytes.count) != nil else {
                        return sqlite_nio_sqlite3_bind_text(statement, parameter, base, Int32(bytes.count), Self.transient)
                    }
                    hasNul = true
                    return SQLITE_OK
                }
                if hasNul {
                    text = text.replacingOccurrences(of: "\u{0}", with: "")
                    status = text.withUTF8 { bytes in
                        guard let base = bytes.baseAddress, bytes.count > 0 else { return Self.bindEmpty(statement, parameter) }
                        return sqlite_nio_sqlite3_bind_text(statement, parameter, base, Int32(bytes.count), Self.transient)
                    }
                }
            }
            guard status == SQLITE_OK else {
                bound[Int(parameter) - 1] = nil
                throw error(status)
            }
            bound[Int(parameter) - 1] = value
        }
        let stepped = sqlite_nio_sqlite3_step(statement)
        sqlite_nio_sqlite3_reset(statement)
        guard stepped == SQLITE_DONE else { throw error(stepped) }
    }

    /// An empty text (a null pointer would bind NULL instead).
    private static func bindEmpty(_ statement: OpaquePointer, _ column: Int32) -> Int32 {
        let empty: StaticString = ""
        return sqlite_nio_sqlite3_bind_text(statement, column, UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self), 0, nil)
    }

    func finalize() {
        sqlite_nio_sqlite3_finalize(many)
        sqlite_nio_sqlite3_finalize(one)
        many = nil
        one = nil
    }
}

/// PostgreSQL's `COPY` text format: columns separated by tabs, rows by newlines, `\N` for
/// NULL, and backslash, tab, newline and carriage return escaped with a backslash. NUL
/// characters, which PostgreSQL cannot store in text, are dropped.
enum PostgresCopyText {
    static func write(_ rows: BulkRows, into buffer: inout ByteBuffer) {
        var column = 0
        for value in rows.values {
            if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .int(let number): buffer.writeString(String(number))
            case .text(let text):
                var text = text
                text.withUTF8 { bytes in
                    if !bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0 }) {
                        buffer.writeBytes(bytes)
                        return
                    }
                    for byte in bytes {
                        switch byte {
                        case 0x5C: buffer.writeStaticString("\\\\")
                        case 0x09: buffer.writeStaticString("\\t")
                        case 0x0A: buffer.writeStaticString("\\n")
                        case 0x0D: buffer.writeStaticString("\\r")
                        case 0: break
                        default: buffer.writeInteger(byte)
                        }
                    }
                }
            }
            column += 1
            if column == rows.width {
                buffer.writeInteger(UInt8(ascii: "\n"))
                column = 0
            }
        }
    }
}

/// Values written into a statement as SQL literals: integers as digits, text in single quotes
/// with quotes doubled (the same on SQLite and PostgreSQL with standard-conforming strings), NUL
/// characters dropped. Only for values the platform has checked, and only where binding would
/// cost too much (the fallback bulk path and the small tables written after a load).
enum SQLLiterals {
    static func insert(_ insert: String, _ rows: BulkRows) -> String {
        var text = insert
        text.reserveCapacity(insert.utf8.count + rows.values.count * 12)
        var column = 0
        for value in rows.values {
            text += column > 0 ? "," : (text.utf8.count == insert.utf8.count ? " (" : ", (")
            append(value, to: &text)
            column += 1
            if column == rows.width {
                text += ")"
                column = 0
            }
        }
        return text
    }

    static func append(_ value: BulkValue, to text: inout String) {
        switch value {
        case .null: text += "NULL"
        case .int(let number): text += String(number)
        case .text(let value):
            text += "'"
            if value.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == 0 }) {
                text += value.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\u{0}", with: "")
            } else {
                text += value
            }
            text += "'"
        }
    }
}
