import SQLKit

extension SQLRow {
    /// A column that may be NULL. `decode(column:as: Int?.self)` goes through `Optional`'s
    /// `Decodable` and SQLiteKit's generic decoder, which look up generic metadata and protocol
    /// conformances for every cell: reading the 13,000 participant lines of a deep training
    /// cascade spent two fifths of its time there. Asking for NULL first, then decoding the
    /// plain type, skips that.
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        // SQLite's rows answer NULL for a column they lack: a misspelt name is caught here
        assert(contains(column: column), "no column \(column)")
        return try decodeNil(column: column) ? nil : try decode(column: column, as: T.self)
    }
}
