/// A two-way table of counts with its margins, as analyses produce it.
public struct CountTable: Sendable, Equatable {
    public var rows: [String]
    public var columns: [String]
    /// `cells[r][c]` is the count for row `r` and column `c`.
    public var cells: [[Int]]

    public init(rows: [String], columns: [String], cells: [[Int]]) {
        precondition(cells.count == rows.count && cells.allSatisfy { $0.count == columns.count }, "cells must be rows × columns")
        self.rows = rows
        self.columns = columns
        self.cells = cells
    }

    public var rowTotals: [Int] { cells.map { $0.reduce(0, +) } }
    public var columnTotals: [Int] { columns.indices.map { c in cells.reduce(0) { $0 + $1[c] } } }
    public var total: Int { cells.reduce(0) { $0 + $1.reduce(0, +) } }
}

/// Why a figure is withheld.
public enum Suppression: String, Sendable, Equatable, Codable {
    /// A count from 1 to k−1.
    case primary
    /// Withheld so that a primary cell cannot be worked out from what is shown; any number,
    /// zero included.
    case secondary
}

/// A table as it may be published: each figure is shown or withheld.
public struct ProtectedTable: Sendable, Equatable {
    public var rows: [String]
    public var columns: [String]
    public var cells: [[Int?]]
    public var rowTotals: [Int?]
    public var columnTotals: [Int?]
    public var total: Int?
    /// Why each withheld cell is withheld (nil where shown).
    public var cellReasons: [[Suppression?]]
    public var threshold: Int
    /// Why each withheld row total, column total and the grand total is withheld (nil where shown).
    public var rowReasons: [Suppression?] = []
    public var columnReasons: [Suppression?] = []
    public var totalReason: Suppression? = nil

    /// The share of a cell in its row, in percent, or nil when it rests on a withheld figure.
    public func percentOfRow(_ row: Int, _ column: Int) -> Double? {
        guard let count = cells[row][column], let total = rowTotals[row], total > 0 else { return nil }
        return Double(count) * 100 / Double(total)
    }

    /// How a withheld count is written for readers: "<5".
    public var withheldLabel: String { "<\(threshold)" }

    /// A cell as readers see it: the count, "<k" for a small count, "x" for a figure withheld
    /// so that a small one cannot be worked out.
    public func label(_ row: Int, _ column: Int) -> String {
        cells[row][column].map(String.init) ?? (cellReasons[row][column] == .primary ? withheldLabel : "x")
    }

    /// A row total as readers see it: "x" when withheld, whatever its size, so that a withheld
    /// total does not say it is small.
    public func rowTotalLabel(_ row: Int) -> String { rowTotals[row].map(String.init) ?? "x" }

    /// A column total as readers see it.
    public func columnTotalLabel(_ column: Int) -> String { columnTotals[column].map(String.init) ?? "x" }

    /// The grand total as readers see it.
    public var totalLabel: String { total.map(String.init) ?? "x" }
}

/// Disclosure control (DESIGN §3) of a table on its own: primary suppression of counts below the
/// threshold k, then secondary suppression until every withheld figure keeps an interval of at
/// least `width` values over everything the table shows (``LinkedTables``, ``FigureNetwork``).
/// The tables of one dataset are protected together by ``LinkedTables`` instead.
public enum DisclosureControl {
    /// How many values apart the bounds a reader can work out for a withheld figure must stay
    /// unless configured otherwise (`WPS_PROTECTION_WIDTH`).
    public static let defaultWidth = 2

    /// Protects `table` for readers who are not analysts of the owning institution.
    /// - Parameters:
    ///   - threshold: k; counts from 1 to k−1 are withheld. 1 withholds nothing.
    ///   - width: see ``defaultWidth``.
    public static func suppressSmallCells(in table: CountTable, threshold: Int, width: Int = defaultWidth) -> ProtectedTable {
        LinkedTables(table: table, threshold: threshold, width: width).table(rows: 0, columns: 1)
    }
}
