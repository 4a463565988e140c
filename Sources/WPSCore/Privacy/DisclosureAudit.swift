/// What a reader can work out about withheld figures from a published table: for each withheld
/// figure, the smallest and largest value it can have. Disclosure control uses it to make sure
/// no interval closes on one value; tests use it as the attacker.
public enum DisclosureAudit {
    /// Bounds of a withheld figure; `upper` is nil when unbounded.
    public struct Bounds: Sendable, Equatable {
        public var lower: Int
        public var upper: Int?
        public var isExact: Bool { upper == lower }
    }

    /// The bounds a reader can derive for every withheld cell, knowing the threshold, that zeros
    /// are always shown, which cells were withheld as small (primary) and all shown sums.
    public static func cellBounds(_ table: ProtectedTable, actualTotals: Bool = true) -> [[Bounds?]] {
        // Variables: withheld cells, then withheld row totals, column totals and grand total.
        var lower: [Int] = []
        var upper: [Int?] = []
        var cellVariable: [[Int?]] = table.cells.map { $0.map { _ in nil } }
        func add(_ low: Int, _ high: Int?) -> Int {
            lower.append(low)
            upper.append(high)
            return lower.count - 1
        }
        let small = table.threshold - 1
        for r in table.cells.indices {
            for c in table.cells[r].indices where table.cells[r][c] == nil {
                // Zeros are never withheld, so a withheld cell is at least 1; a small one at most k−1.
                cellVariable[r][c] = add(1, table.cellReasons[r][c] == .primary ? small : nil)
            }
        }
        let rowVariable = table.rowTotals.map { $0 == nil ? add(1, nil) : nil }
        let columnVariable = table.columnTotals.map { $0 == nil ? add(1, nil) : nil }
        let totalVariable = table.total == nil ? add(1, nil) : nil

        // Each equation: Σ (coefficient × variable) = constant.
        var equations: [(terms: [(Int, Int)], constant: Int)] = []
        for r in table.cells.indices {
            var terms: [(Int, Int)] = []
            var constant = 0
            for c in table.cells[r].indices {
                if let v = cellVariable[r][c] { terms.append((v, 1)) } else { constant -= table.cells[r][c] ?? 0 }
            }
            if let v = rowVariable[r] { terms.append((v, -1)) } else { constant += table.rowTotals[r] ?? 0 }
            equations.append((terms, constant))
        }
        for c in table.columns.indices {
            var terms: [(Int, Int)] = []
            var constant = 0
            for r in table.cells.indices {
                if let v = cellVariable[r][c] { terms.append((v, 1)) } else { constant -= table.cells[r][c] ?? 0 }
            }
            if let v = columnVariable[c] { terms.append((v, -1)) } else { constant += table.columnTotals[c] ?? 0 }
            equations.append((terms, constant))
        }
        for margins in [(rowVariable, table.rowTotals), (columnVariable, table.columnTotals)] {
            var terms: [(Int, Int)] = []
            var constant = 0
            for (index, variable) in margins.0.enumerated() {
                if let variable { terms.append((variable, 1)) } else { constant -= margins.1[index] ?? 0 }
            }
            if let totalVariable { terms.append((totalVariable, -1)) } else { constant += table.total ?? 0 }
            equations.append((terms, constant))
        }

        // Propagate bounds to a fixed point: for Σ a_j x_j = b, a_i x_i = b − Σ_{j≠i} a_j x_j.
        var changed = true
        var rounds = 0
        while changed && rounds < 1000 {
            changed = false
            rounds += 1
            for equation in equations {
                for (i, a) in equation.terms {
                    var restLow = 0
                    var restHigh: Int? = 0
                    for (j, b) in equation.terms where j != i {
                        if b > 0 {
                            restLow += lower[j]
                            restHigh = restHigh.flatMap { high in upper[j].map { high + $0 } }
                        } else {
                            restHigh = restHigh.map { $0 - lower[j] }
                            if let up = upper[j] { restLow -= up } else { restLow = Int.min / 4 }
                        }
                    }
                    // a x_i = constant − rest, rest ∈ [restLow, restHigh]
                    let high = equation.constant - restLow
                    let low = restHigh.map { equation.constant - $0 }
                    var newLow: Int?
                    var newHigh: Int?
                    if a > 0 {
                        newHigh = restLow > Int.min / 8 ? high : nil
                        newLow = low
                    } else {
                        newLow = restLow > Int.min / 8 ? -high : nil
                        newHigh = low.map { -$0 }
                    }
                    if let newLow, newLow > lower[i] {
                        lower[i] = newLow
                        changed = true
                    }
                    if let newHigh, upper[i].map({ newHigh < $0 }) ?? true {
                        upper[i] = newHigh
                        changed = true
                    }
                }
            }
        }
        return cellVariable.map { row in row.map { variable in variable.map { Bounds(lower: lower[$0], upper: upper[$0]) } } }
    }

    /// The withheld cells whose value a reader can work out exactly.
    public static func exposedCells(_ table: ProtectedTable) -> [(row: Int, column: Int)] {
        var exposed: [(row: Int, column: Int)] = []
        for (r, row) in cellBounds(table).enumerated() {
            for (c, bounds) in row.enumerated() where bounds?.isExact == true { exposed.append((r, c)) }
        }
        return exposed
    }
}
