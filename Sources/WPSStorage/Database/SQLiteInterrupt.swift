import Foundation
import SQLiteKit
import VaporCSQLite

/// Stops the statement running on one SQLite connection (`sqlite3_interrupt`), to enforce the
/// query budget on SQLite as `statement_timeout` does on PostgreSQL.
///
/// SQLiteNIO 1.13 keeps the connection's `sqlite3*` to itself; it is read here once, at open,
/// by reflection (`handle.raw`). If a later SQLiteNIO stores it differently, `init` returns nil,
/// the server logs that SQLite reads have no budget, and everything else works as before.
/// `sqlite3_interrupt` may be called from any thread; on a connection with no running statement
/// it does nothing (sqlite.org/c3ref/interrupt.html).
struct SQLiteInterrupt: @unchecked Sendable {
    private let raw: OpaquePointer

    init?(_ connection: SQLiteConnection) {
        guard let handle = Mirror(reflecting: connection).children.first(where: { $0.label == "handle" })?.value,
            let pointer = Mirror(reflecting: handle).children.first(where: { $0.label == "raw" })?.value as? OpaquePointer?,
            let raw = pointer
        else { return nil }
        self.raw = raw
    }

    func interrupt() {
        sqlite_nio_sqlite3_interrupt(raw)
    }
}
