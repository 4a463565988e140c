/// What a reader can work out about withheld figures from a published table: for each withheld
/// cell, the smallest and largest value it can have over every table that agrees with the shown
/// figures and the bounds the labels give (a cell "<k": 1…k−1; a cell "x": any number; a total
/// "x": 1 or more). Exact: a linear programme over all shown figures at once, solved as flows
/// (``FigureNetwork``). Tests use it as one attacker; `scripts/checks/disclosure_attack.py` is
/// an independent one.
public enum DisclosureAudit {
    /// Bounds of a withheld figure; `upper` is nil when unbounded.
    public struct Bounds: Sendable, Equatable {
        public var lower: Int
        public var upper: Int?
        public var isExact: Bool { upper == lower }
        /// How many values apart the bounds are (nil when unbounded).
        public var width: Int? { upper.map { $0 - lower } }
    }

    /// The bounds a reader can derive for every withheld cell of `table`. `original` only gives
    /// the audit a table to start from; the bounds rest on what `table` shows.
    public static func cellBounds(_ table: ProtectedTable, original: CountTable) -> [[Bounds?]] {
        let k = table.threshold
        var network = FigureNetwork(nodes: 2, threshold: k)
        func bounds(_ reason: Suppression?, _ value: Int) -> (Int, Int?) {
            switch reason {
            case .primary: (1, k - 1)
            case .secondary: (0, nil)
            case nil: (value, value)
            }
        }
        // Totals read "x" whatever their size: at least 1.
        func add(_ from: Int, _ to: Int, _ value: Int, _ shown: Int?, _ reason: Suppression?, figure: Int) -> Int {
            let withheld = shown == nil
            let (lower, upper) = withheld ? (figure < 0 ? (1, nil) : bounds(reason ?? .secondary, value)) : (value, value)
            return network.add(
                FigureNetwork.Arc(
                    from: from, to: to, value: value, lower: lower, upper: upper, withheld: withheld, connector: false, hideCost: nil,
                    figure: figure))
        }
        let rowNodes = table.rows.indices.map { _ in (network.addNode(), network.addNode()) }
        let columnNodes = table.columns.indices.map { _ in (network.addNode(), network.addNode()) }
        let rowTotals = original.rowTotals
        let columnTotals = original.columnTotals
        for (r, nodes) in rowNodes.enumerated() {
            network.connect(0, nodes.0)
            _ = add(nodes.0, nodes.1, rowTotals[r], table.rowTotals[r], table.rowReasons.indices.contains(r) ? table.rowReasons[r] : nil, figure: -1)
        }
        for (c, nodes) in columnNodes.enumerated() {
            network.connect(nodes.1, 1)
            _ = add(
                nodes.0, nodes.1, columnTotals[c], table.columnTotals[c], table.columnReasons.indices.contains(c) ? table.columnReasons[c] : nil,
                figure: -1)
        }
        _ = add(1, 0, original.total, table.total, table.totalReason, figure: -1)
        var arcOfCell: [[Int?]] = table.cells.map { $0.map { _ in nil } }
        for r in table.rows.indices {
            for c in table.columns.indices where original.cells[r][c] > 0 || table.cells[r][c] == nil {
                arcOfCell[r][c] = add(rowNodes[r].1, columnNodes[c].0, original.cells[r][c], table.cells[r][c], table.cellReasons[r][c], figure: r)
            }
        }
        return arcOfCell.enumerated().map { r, row in
            row.enumerated().map { c, arc in
                guard let arc, table.cells[r][c] == nil else { return nil }
                let interval = network.interval(of: arc)
                return Bounds(lower: interval.lower, upper: interval.upper)
            }
        }
    }

    /// The withheld cells whose bounds are fewer than `width` values apart.
    public static func exposedCells(_ table: ProtectedTable, original: CountTable, width: Int = DisclosureControl.defaultWidth) -> [(row: Int, column: Int)] {
        var exposed: [(row: Int, column: Int)] = []
        for (r, row) in cellBounds(table, original: original).enumerated() {
            for (c, bounds) in row.enumerated() {
                guard let bounds else { continue }
                // A small count's own label allows only k−1 values.
                let possible = table.cellReasons[r][c] == .primary ? min(width, table.threshold - 2) : width
                if let apart = bounds.width, apart < possible { exposed.append((r, c)) }
            }
        }
        return exposed
    }
}
