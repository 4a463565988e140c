import Foundation
import SQLiteKit
import VaporCSQLite

/// Stops the statement running on one SQLite connection (`sqlite3_interrupt`), to enforce the
/// query budget on SQLite as `statement_timeout` does on PostgreSQL.
///
/// SQLiteNIO 1.13 keeps the connection's `sqlite3*` to itself; it is read here once, at open,
/// by reflection (``SQLiteRawHandle``). If a later SQLiteNIO stores it differently, `init` returns nil,
/// the server logs that SQLite reads have no budget, and everything else works as before.
/// `sqlite3_interrupt` may be called from any thread; on a connection with no running statement
/// it does nothing (sqlite.org/c3ref/interrupt.html).
struct SQLiteInterrupt: @unchecked Sendable {
    private let raw: OpaquePointer

    init?(_ connection: SQLiteConnection) {
        guard let handle = SQLiteRawHandle(connection) else { return nil }
        self.raw = handle.raw
    }

    func interrupt() {
        sqlite_nio_sqlite3_interrupt(raw)
    }
}
