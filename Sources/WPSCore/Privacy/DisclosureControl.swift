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
    /// Withheld so that a primary cell cannot be worked out from what is shown.
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
}

/// Disclosure control (DESIGN §3): primary suppression of counts below the threshold k and
/// secondary suppression until no withheld figure can be worked out from the figures shown,
/// including the row, column and grand totals.
public enum DisclosureControl {
    /// Which figures of a table are withheld, and why.
    struct Pattern: Equatable {
        var cells: [[Bool]]
        var reasons: [[Suppression?]]
        var rows: [Bool]
        var columns: [Bool]
        var total: Bool

        var withheldCount: Int {
            cells.joined().filter { $0 }.count + rows.filter { $0 }.count + columns.filter { $0 }.count + (total ? 1 : 0)
        }
    }

    /// Protects `table` for readers who are not analysts of the owning institution.
    /// - Parameter threshold: k; counts from 1 to k−1 are withheld. Zeros are shown.
    public static func suppressSmallCells(in table: CountTable, threshold: Int) -> ProtectedTable {
        let isSmall = { (value: Int) in value > 0 && value < threshold }
        var pattern = Pattern(
            cells: table.cells.map { $0.map(isSmall) },
            reasons: table.cells.map { $0.map { isSmall($0) ? .primary : nil } },
            // A small margin is itself a small count.
            rows: table.rowTotals.map(isSmall), columns: table.columnTotals.map(isSmall), total: isSmall(table.total))

        // The classic rule first: a line whose total is shown must not have exactly one withheld
        // cell; withhold its smallest other positive cell.
        var changed = true
        while changed {
            changed = false
            for r in table.rows.indices where !pattern.rows[r] && pattern.cells[r].filter({ $0 }).count == 1 {
                if let c = table.columns.indices.filter({ !pattern.cells[r][$0] && table.cells[r][$0] > 0 }).min(by: { table.cells[r][$0] < table.cells[r][$1] }) {
                    pattern.cells[r][c] = true
                    pattern.reasons[r][c] = .secondary
                    changed = true
                }
            }
            for c in table.columns.indices where !pattern.columns[c] && pattern.cells.filter({ $0[c] }).count == 1 {
                if let r = table.rows.indices.filter({ !pattern.cells[$0][c] && table.cells[$0][c] > 0 }).min(by: { table.cells[$0][c] < table.cells[$1][c] }) {
                    pattern.cells[r][c] = true
                    pattern.reasons[r][c] = .secondary
                    changed = true
                }
            }
        }
        // Then, until nothing withheld can be worked out by solving all the shown sums together
        // or by bounds, withhold one more figure: the cheapest that ends the first exposure,
        // else the one that leaves fewest exposures. Each round withholds one more figure, so
        // this ends.
        while let exposed = firstExposure(table, pattern, threshold) {
            let candidates = fixes(for: exposed, in: table, pattern)
            guard !candidates.isEmpty else { break }
            let next: Pattern
            if let ending = candidates.first(where: { !isExposed(exposed, table, $0(pattern), threshold) }) {
                next = ending(pattern)
            } else {
                let trials = candidates.map { $0(pattern) }
                next = trials.min { exposures(table, $0, threshold).count < exposures(table, $1, threshold).count } ?? trials[0]
            }
            guard next.withheldCount > pattern.withheldCount else { break }
            pattern = next
        }
        return protected(table, pattern, threshold)
    }

    /// The first withheld figure a reader can work out: a cell, or a margin that was withheld
    /// because it is small. Linear algebra on the shown sums first, then bounds (withheld cells
    /// are at least 1, small ones at most k−1).
    static func firstExposure(_ table: CountTable, _ pattern: Pattern, _ threshold: Int) -> Figure? {
        exposures(table, pattern, threshold).first
    }

    static func exposures(_ table: CountTable, _ pattern: Pattern, _ threshold: Int) -> [Figure] {
        let isSmall = { (value: Int) in value > 0 && value < threshold }
        let determined = determinedFigures(hidden: pattern.cells, rowHidden: pattern.rows, columnHidden: pattern.columns, totalHidden: pattern.total)
            .filter { figure in
                switch figure {
                case .cell: true
                case .row(let r): isSmall(table.rowTotals[r])
                case .column(let c): isSmall(table.columnTotals[c])
                case .total: isSmall(table.total)
                }
            }
        if !determined.isEmpty { return determined }
        return DisclosureAudit.exposedCells(protected(table, pattern, threshold)).map { Figure.cell($0.row, $0.column) }
    }

    static func isExposed(_ figure: Figure, _ table: CountTable, _ pattern: Pattern, _ threshold: Int) -> Bool {
        if determinedFigures(hidden: pattern.cells, rowHidden: pattern.rows, columnHidden: pattern.columns, totalHidden: pattern.total)
            .contains(figure)
        {
            return true
        }
        guard case .cell(let r, let c) = figure else { return false }
        return DisclosureAudit.exposedCells(protected(table, pattern, threshold)).contains { $0.row == r && $0.column == c }
    }

    /// Ways to withhold one more figure near an exposed one, cheapest first. Zeros are never
    /// withheld (readers know a withheld figure is at least 1).
    static func fixes(for figure: Figure, in table: CountTable, _ pattern: Pattern) -> [(Pattern) -> Pattern] {
        let cost = { (p: (Int, Int)) in table.cells[p.0][p.1] }
        func hideCells(_ positions: [(Int, Int)]) -> [(Pattern) -> Pattern] {
            positions.filter { !pattern.cells[$0.0][$0.1] && table.cells[$0.0][$0.1] > 0 }.sorted { cost($0) < cost($1) }.map { position in
                { pattern in
                    var next = pattern
                    next.cells[position.0][position.1] = true
                    next.reasons[position.0][position.1] = .secondary
                    return next
                }
            }
        }
        let rowTotals = table.rowTotals
        let columnTotals = table.columnTotals
        func hideRows(except: Int?) -> [(Pattern) -> Pattern] {
            rowTotals.indices.filter { $0 != except && !pattern.rows[$0] && rowTotals[$0] > 0 }.sorted { rowTotals[$0] < rowTotals[$1] }
                .map { row in { var next = $0; next.rows[row] = true; return next } }
        }
        func hideColumns(except: Int?) -> [(Pattern) -> Pattern] {
            columnTotals.indices.filter { $0 != except && !pattern.columns[$0] && columnTotals[$0] > 0 }
                .sorted { columnTotals[$0] < columnTotals[$1] }
                .map { column in { var next = $0; next.columns[column] = true; return next } }
        }
        let hideTotal: [(Pattern) -> Pattern] = pattern.total || table.total == 0 ? [] : [{ var next = $0; next.total = true; return next }]
        let allCells = table.rows.indices.flatMap { r in table.columns.indices.map { (r, $0) } }
        switch figure {
        case .cell(let r, let c):
            let near = table.columns.indices.map { (r, $0) } + table.rows.indices.map { ($0, c) }
            let farther = allCells.filter { $0.0 != r && $0.1 != c }
            var fixes = hideCells(near) + hideCells(farther)
            if !pattern.rows[r] && rowTotals[r] > 0 { fixes.append { var next = $0; next.rows[r] = true; return next } }
            if !pattern.columns[c] && columnTotals[c] > 0 { fixes.append { var next = $0; next.columns[c] = true; return next } }
            return fixes + hideRows(except: r) + hideColumns(except: c) + hideTotal
        case .row(let r):
            return hideRows(except: r) + hideTotal + hideCells(allCells)
        case .column(let c):
            return hideColumns(except: c) + hideTotal + hideCells(allCells)
        case .total:
            return hideRows(except: nil) + hideColumns(except: nil) + hideCells(allCells)
        }
    }

    private static func protected(_ table: CountTable, _ pattern: Pattern, _ threshold: Int) -> ProtectedTable {
        let rowTotals = table.rowTotals
        let columnTotals = table.columnTotals
        return ProtectedTable(
            rows: table.rows, columns: table.columns,
            cells: table.cells.indices.map { r in table.columns.indices.map { c in pattern.cells[r][c] ? nil : table.cells[r][c] } },
            rowTotals: rowTotals.indices.map { pattern.rows[$0] ? nil : rowTotals[$0] },
            columnTotals: columnTotals.indices.map { pattern.columns[$0] ? nil : columnTotals[$0] },
            total: pattern.total ? nil : table.total,
            cellReasons: pattern.reasons, threshold: threshold)
    }

    /// A withheld figure: a cell, a row or column total, or the grand total.
    enum Figure: Equatable {
        case cell(Int, Int)
        case row(Int)
        case column(Int)
        case total
    }

    /// A withheld figure whose value follows from the shown figures, if any.
    ///
    /// The unknowns are the withheld cells and margins; each shown or withheld margin gives one
    /// linear equation. A withheld cell is determined exactly when every solution of the
    /// homogeneous system is zero at that cell, which reduced row-echelon form tells.
    static func determinedFigure(hidden: [[Bool]], rowHidden: [Bool], columnHidden: [Bool], totalHidden: Bool) -> Figure? {
        determinedFigures(hidden: hidden, rowHidden: rowHidden, columnHidden: columnHidden, totalHidden: totalHidden).first
    }

    /// Every withheld figure whose value follows from the shown figures.
    static func determinedFigures(hidden: [[Bool]], rowHidden: [Bool], columnHidden: [Bool], totalHidden: Bool) -> [Figure] {
        var index: [String: Int] = [:]
        func variable(_ key: String) -> Int {
            if let i = index[key] { return i }
            index[key] = index.count
            return index.count - 1
        }
        var equations: [[Int: Double]] = []
        for (r, row) in hidden.enumerated() {
            var equation: [Int: Double] = [:]
            for (c, isHidden) in row.enumerated() where isHidden { equation[variable("c\(r),\(c)")] = 1 }
            if rowHidden[r] { equation[variable("r\(r)")] = -1 }
            if !equation.isEmpty { equations.append(equation) }
        }
        for c in columnHidden.indices {
            var equation: [Int: Double] = [:]
            for r in hidden.indices where hidden[r][c] { equation[variable("c\(r),\(c)")] = 1 }
            if columnHidden[c] { equation[variable("k\(c)")] = -1 }
            if !equation.isEmpty { equations.append(equation) }
        }
        var rowSum: [Int: Double] = [:]
        for r in rowHidden.indices where rowHidden[r] { rowSum[variable("r\(r)")] = 1 }
        if totalHidden { rowSum[variable("t")] = -1 }
        if !rowSum.isEmpty { equations.append(rowSum) }
        var columnSum: [Int: Double] = [:]
        for c in columnHidden.indices where columnHidden[c] { columnSum[variable("k\(c)")] = 1 }
        if totalHidden { columnSum[variable("t")] = -1 }
        if !columnSum.isEmpty { equations.append(columnSum) }

        let count = index.count
        guard count > 0 else { return [] }
        var matrix = equations.map { equation in (0..<count).map { equation[$0] ?? 0 } }
        // Reduced row-echelon form.
        var pivotColumns: [Int] = []
        var pivotRow = 0
        for column in 0..<count where pivotRow < matrix.count {
            guard let found = (pivotRow..<matrix.count).max(by: { abs(matrix[$0][column]) < abs(matrix[$1][column]) }),
                abs(matrix[found][column]) > 1e-9
            else { continue }
            matrix.swapAt(pivotRow, found)
            let pivot = matrix[pivotRow][column]
            matrix[pivotRow] = matrix[pivotRow].map { $0 / pivot }
            for other in matrix.indices where other != pivotRow && abs(matrix[other][column]) > 1e-12 {
                let factor = matrix[other][column]
                for j in 0..<count { matrix[other][j] -= factor * matrix[pivotRow][j] }
            }
            pivotColumns.append(column)
            pivotRow += 1
        }
        let free = Set(0..<count).subtracting(pivotColumns)
        var figures: [Figure] = []
        for (rowIndex, column) in pivotColumns.enumerated() {
            let determined = free.allSatisfy { abs(matrix[rowIndex][$0]) < 1e-9 }
            guard determined else { continue }
            let key = index.first { $0.value == column }?.key ?? ""
            let numbers = key.dropFirst().split(separator: ",").compactMap { Int($0) }
            switch (key.first, numbers.count) {
            case ("c", 2): figures.append(.cell(numbers[0], numbers[1]))
            case ("r", 1): figures.append(.row(numbers[0]))
            case ("k", 1): figures.append(.column(numbers[0]))
            case ("t", _): figures.append(.total)
            default: continue
            }
        }
        // Cells first: they are what must not be found out.
        let cells = figures.filter { if case .cell = $0 { true } else { false } }
        return cells + figures.filter { !cells.contains($0) }
    }
}
