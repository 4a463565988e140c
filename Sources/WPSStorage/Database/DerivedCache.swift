import SQLKit
import Synchronization

/// Values worked out from the database — the listed experts, a request's ranked matches — kept
/// until anything in the database changes, so that a page asked for many times between two
/// writes works them out once.
///
/// What the database looked like is told by a generation that only grows:
/// - SQLite: each reader asks `PRAGMA data_version`, which changes whenever another connection
///   (our writer, or another process such as a `wps` command) has committed since that reader
///   last asked (first asked when it opens, before anything is kept); a reader that sees it change
///   moves one shared counter on. Every commit is seen by the first read on each reader after
///   it, so no value worked out before a commit is handed out after that read.
/// - PostgreSQL: the server's write-ahead log position (`pg_current_wal_insert_lsn`), which
///   every committed change moves, whichever process made it (several `wps serve` may share one
///   server). Other writes move it too; that only costs a value worked out again.
///
/// A value is kept under the generation read *before* it was worked out, so it is never older
/// than its label. Callers asking for a value while another works it out wait for that one. Only
/// values that every viewer who gets them may see in full are kept (key by what a viewer may see,
/// never by who); inside a transaction nothing is kept, since the transaction sees its own writes.
final class DerivedCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var values: [String: any Sendable] = [:]
        /// The sizes of the values kept, in rows (``maximumRows``).
        var rows = 0
        /// Values being worked out, by generation and key, with the callers waiting for each.
        var working: [Flight: [CheckedContinuation<(any Sendable)?, Never>]] = [:]

        /// Drops every value when the database has changed since they were worked out.
        mutating func advance(to newer: UInt64) {
            guard newer > generation else { return }
            generation = newer
            values.removeAll()
            rows = 0
        }
    }

    /// Values kept at most, and their rows at most (a deep cascade is thousands): all are dropped
    /// when either is reached (they are cheap to work out again).
    static let maximumValues = 512
    static let maximumRows = 250_000
    private let state = Mutex(State())
    /// SQLite's shared counter, moved on by a reader that sees `data_version` change.
    let sqliteChanges = Atomic<UInt64>(0)

    private struct Flight: Hashable {
        var generation: UInt64
        var key: String
    }

    /// What a caller asking for `key` at `generation` does.
    enum Turn {
        /// Takes the value kept.
        case kept(any Sendable)
        /// Works it out and hands it on (``finish(_:rows:_:at:)``).
        case lead
        /// Waits for the caller working it out (``wait(_:at:)``).
        case wait
    }

    /// Whether `key`'s value at `generation` is kept, being worked out, or is this caller's to work
    /// out: many requests for one page after a write work it out once, not once each (64 at once
    /// made every one of them wait for 64 computations).
    func turn(_ key: String, at generation: UInt64) -> Turn {
        state.withLock { state in
            state.advance(to: generation)
            if generation == state.generation, let value = state.values[key] { return .kept(value) }
            let flight = Flight(generation: generation, key: key)
            if state.working[flight] != nil { return .wait }
            state.working[flight] = []
            return .lead
        }
    }

    /// The value the leading caller worked out for `key` at `generation`; nil when it failed (or
    /// finished before this caller began to wait and was not kept): then the caller works it out.
    func wait(_ key: String, at generation: UInt64) async -> (any Sendable)? {
        await withCheckedContinuation { continuation in
            let flight = Flight(generation: generation, key: key)
            let now: (any Sendable)?? = state.withLock { state in
                guard state.working[flight] == nil else {
                    state.working[flight]?.append(continuation)
                    return .none
                }
                return .some(generation == state.generation ? state.values[key] : nil)
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Keeps the value the leading caller worked out (nil: it failed) and hands it to those waiting.
    func finish(_ value: (any Sendable)?, rows: Int, _ key: String, at generation: UInt64) {
        let waiting = state.withLock { state in
            let waiting = state.working.removeValue(forKey: Flight(generation: generation, key: key)) ?? []
            state.advance(to: generation)
            // Worked out before a later write, or larger than all may be: not kept
            guard let value, generation == state.generation, rows <= Self.maximumRows else { return waiting }
            if state.values.count >= Self.maximumValues || state.rows + rows > Self.maximumRows {
                state.values.removeAll()
                state.rows = 0
            }
            state.values[key] = value
            state.rows += rows
            return waiting
        }
        // Worked out after its generation was read, so never older than what each waiter asked for
        for continuation in waiting { continuation.resume(returning: value) }
    }
}

extension WPSDatabase {
    /// `compute`'s value for `key`, worked out once for the database as it now stands and kept
    /// until anything is written (``DerivedCache``). `sql` is the read's connection; inside a
    /// transaction, or where the engine cannot tell its generation, `compute` simply runs.
    /// - Important: only for values every caller who asks for `key` may see in full; put what
    ///   decides that (a visibility, a language) into the key, never who is asking.
    /// - Parameter rows: about how many rows the value holds (what it costs to keep).
    public func derived<T: Sendable>(
        _ key: String, in sql: any SQLDatabase, rows: (T) -> Int = { _ in 1 }, _ compute: () async throws -> T
    ) async throws -> T {
        try await kept(key, at: try await generation(in: sql), rows: rows, compute)
    }

    /// ``derived(_:in:rows:_:)`` for work done outside a read (an answer written from values a
    /// store returned): the generation is read first, on a read of its own.
    public func derived<T: Sendable>(_ key: String, rows: (T) -> Int = { _ in 1 }, _ compute: () async throws -> T) async throws -> T {
        try await kept(key, at: try await read({ sql in try await self.generation(in: sql) }), rows: rows, compute)
    }

    /// The value kept for `key` at `generation`, or `compute`'s, then kept (nil: nothing is kept).
    private func kept<T: Sendable>(_ key: String, at generation: UInt64?, rows: (T) -> Int, _ compute: () async throws -> T) async throws -> T {
        guard let generation else { return try await compute() }
        switch derivedCache.turn(key, at: generation) {
        case .kept(let kept):
            // Unwrapped first: nothing kept, cast to an optional T, would read as a kept nil
            if let value = kept as? T { return value }
            return try await compute()
        case .wait:
            if let worked = await derivedCache.wait(key, at: generation), let value = worked as? T { return value }
            return try await compute()
        case .lead:
            do {
                let value = try await compute()
                derivedCache.finish(value, rows: max(1, rows(value)), key, at: generation)
                return value
            } catch {
                derivedCache.finish(nil, rows: 0, key, at: generation)
                throw error
            }
        }
    }

    /// Where the database's changes stand, as seen by the read on `sql`; nil inside a transaction.
    private func generation(in sql: any SQLDatabase) async throws -> UInt64? {
        if let inline = sql as? SQLiteInlineDatabase {
            guard let version = try await sql.raw("PRAGMA data_version").first()?.decode(column: "data_version", as: Int.self) else { return nil }
            return inline.reader.generation(dataVersion: version, counter: derivedCache.sqliteChanges)
        }
        guard engine == .postgres, case .none = TransactionConnection.current else { return nil }
        let position = try await sql.raw("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS position").first()?
            .decode(column: "position", as: Int.self)
        return position.map { UInt64(max(0, $0)) }
    }
}
