import Testing
@testable import WPSCore

@Suite struct DisclosureControlTests {
    /// Women and men by NATO code in one unit: one woman colonel must not be found out.
    let ranks = CountTable(
        rows: ["OF-4", "OF-3", "OF-2", "OF-1"], columns: ["female", "male"],
        cells: [[1, 14], [3, 22], [9, 40], [12, 35]])

    @Test func withholdsSmallCountsAndWhatWouldGiveThemAway() {
        let table = DisclosureControl.suppressSmallCells(in: ranks, threshold: 5)
        // The two small counts and one partner each in their rows: no more is lost
        #expect(table.cells == [[nil, nil], [nil, nil], [9, 40], [12, 35]])
        #expect(table.rowTotals == [15, 25, 49, 47])
        #expect(table.cells[0][0] == nil)
        #expect(table.cells[1][0] == nil)
        #expect(table.cellReasons[0][0] == .primary)
        // No count from 1 to k−1 is shown anywhere, margins included
        let shown = table.cells.flatMap { $0 }.compactMap { $0 } + table.rowTotals.compactMap { $0 } + table.columnTotals.compactMap { $0 }
        #expect(!shown.contains { (1...4).contains($0) })
        // Row totals are shown, so each row with a withheld cell has a second one withheld
        for r in table.rows.indices where table.rowTotals[r] != nil {
            let withheld = table.cells[r].filter { $0 == nil }.count
            #expect(withheld != 1, "row \(table.rows[r])")
        }
        #expect(table.percentOfRow(0, 0) == nil)
        #expect(table.percentOfRow(3, 1) == table.cells[3][1].map { Double($0) * 100 / 47 })
        #expect(DisclosureAudit.exposedCells(table, original: ranks).isEmpty)
        #expect(Self.recoverable(table, original: ranks).isEmpty)
    }

    @Test func leavesATableWithoutSmallCountsAlone() {
        let big = CountTable(rows: ["a", "b"], columns: ["x", "y"], cells: [[10, 20], [0, 7]])
        let table = DisclosureControl.suppressSmallCells(in: big, threshold: 5)
        #expect(table.cells == [[10, 20], [0, 7]])
        #expect(table.total == 37)
    }

    @Test func twoSmallCellsThatSumToTheirCountAreNotExposed() {
        // Two withheld ones in a row of total 2 would each be exactly 1.
        let ones = CountTable(rows: ["a", "b", "c"], columns: ["x", "y", "z"], cells: [[1, 1, 0], [6, 8, 9], [7, 5, 6]])
        let table = DisclosureControl.suppressSmallCells(in: ones, threshold: 5)
        #expect(Self.recoverable(table, original: ones).isEmpty)
    }

    @Test(arguments: 1...200)
    func noWithheldCellCanBeRecoveredFromRandomTables(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let rows = Int.random(in: 2...4, using: &generator)
        let columns = Int.random(in: 2...3, using: &generator)
        let cells = (0..<rows).map { _ in
            (0..<columns).map { _ in
                Int.random(in: 0...3, using: &generator) == 0 ? Int.random(in: 0...4, using: &generator) : Int.random(in: 0...14, using: &generator)
            }
        }
        let original = CountTable(rows: (0..<rows).map { "r\($0)" }, columns: (0..<columns).map { "c\($0)" }, cells: cells)
        let table = DisclosureControl.suppressSmallCells(in: original, threshold: 5)
        // Shown figures are true; nothing small is shown
        for r in 0..<rows {
            for c in 0..<columns {
                if let shown = table.cells[r][c] { #expect(shown == cells[r][c]) }
                if cells[r][c] > 0 && cells[r][c] < 5 { #expect(table.cells[r][c] == nil) }
            }
        }
        for margin in table.rowTotals.compactMap({ $0 }) + table.columnTotals.compactMap({ $0 }) + [table.total].compactMap({ $0 }) {
            #expect(!(1...4).contains(margin))
        }
        #expect(DisclosureAudit.exposedCells(table, original: original).isEmpty, "cells \(cells)")
        // Enumerating every table needs the grand total to bound the "x" cells.
        // and few withheld cells, or there are too many tables to try.
        if table.total != nil && table.cells.joined().filter({ $0 == nil }).count <= 5 {
            #expect(Self.recoverable(table, original: original).isEmpty, "cells \(cells)")
        }
    }

    /// The attacker: every table of positive integers for the withheld cells (zeros are never
    /// withheld; small ones are 1…k−1) that agrees with every shown figure. A withheld cell is
    /// recoverable when it has the same value in all of them. Exhaustive search, for small tables.
    static func recoverable(_ table: ProtectedTable, original: CountTable) -> [(Int, Int)] {
        let k = table.threshold
        let rows = table.rows.count
        let columns = table.columns.count
        let cap = original.total + 1
        var hiddenCells: [(Int, Int)] = []
        for r in 0..<rows { for c in 0..<columns where table.cells[r][c] == nil { hiddenCells.append((r, c)) } }
        var values = table.cells.map { $0.map { $0 ?? 0 } }
        var seen: [Set<Int>] = Array(repeating: [], count: hiddenCells.count)
        let lastInRow = Dictionary(hiddenCells.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: max)
        let lastInColumn = Dictionary(hiddenCells.enumerated().map { ($0.element.1, $0.offset) }, uniquingKeysWith: max)

        func rowSum(_ r: Int) -> Int { values[r].reduce(0, +) }
        func columnSum(_ c: Int) -> Int { values.reduce(0) { $0 + $1[c] } }

        func complete() -> Bool {
            let rowTotals = (0..<rows).map(rowSum)
            let columnTotals = (0..<columns).map(columnSum)
            for r in 0..<rows { if let shown = table.rowTotals[r], shown != rowTotals[r] { return false } }
            for c in 0..<columns { if let shown = table.columnTotals[c], shown != columnTotals[c] { return false } }
            if let total = table.total, total != rowTotals.reduce(0, +) { return false }
            // Withheld totals read "x", at least 1.
            for r in 0..<rows where table.rowTotals[r] == nil && rowTotals[r] < 1 { return false }
            for c in 0..<columns where table.columnTotals[c] == nil && columnTotals[c] < 1 { return false }
            return true
        }

        func search(_ index: Int) {
            if index == hiddenCells.count {
                if complete() { for (i, (r, c)) in hiddenCells.enumerated() { seen[i].insert(values[r][c]) } }
                return
            }
            let (r, c) = hiddenCells[index]
            // "<k" is 1…k−1; "x" is any number.
            let primary = table.cellReasons[r][c] == .primary
            let upper = primary ? k - 1 : cap
            let lowest = primary ? 1 : 0
            var range = Array(lowest...max(lowest, upper))
            // The last withheld cell of a line with a shown total is forced.
            if lastInRow[r] == index, let shown = table.rowTotals[r] {
                range = [shown - rowSum(r)]
            } else if lastInColumn[c] == index, let shown = table.columnTotals[c] {
                range = [shown - columnSum(c)]
            }
            for value in range where value >= lowest && value <= upper {
                values[r][c] = value
                if let shown = table.rowTotals[r], rowSum(r) > shown { break }
                if let shown = table.columnTotals[c], columnSum(c) > shown { break }
                if lastInColumn[c] == index, let shown = table.columnTotals[c], columnSum(c) != shown { continue }
                search(index + 1)
            }
            values[r][c] = 0
        }
        search(0)
        return hiddenCells.enumerated().filter { seen[$0.offset].count <= required(table, $0.element) }.map { $0.element }
    }

    /// Fewer distinct values than this, plus one, is a disclosure: width 2, or what a "<k" label
    /// itself allows.
    static func required(_ table: ProtectedTable, _ cell: (Int, Int)) -> Int {
        table.cellReasons[cell.0][cell.1] == .primary ? min(2, table.threshold - 2) : 2
    }

    /// Every value each withheld cell takes over all tables that agree with what is shown.
    static func values(_ table: ProtectedTable, original: CountTable) -> [[Set<Int>]] {
        var result = table.cells.map { $0.map { _ in Set<Int>() } }
        let k = table.threshold
        var values = table.cells.map { $0.map { $0 ?? 0 } }
        let hidden = table.rows.indices.flatMap { r in table.columns.indices.filter { table.cells[r][$0] == nil }.map { (r, $0) } }
        let cap = original.total
        func agrees() -> Bool {
            let rowTotals = values.map { $0.reduce(0, +) }
            let columnTotals = table.columns.indices.map { c in values.reduce(0) { $0 + $1[c] } }
            func allowed(_ value: Int, _ shown: Int?, _ reason: Suppression?) -> Bool {
                if let shown { return value == shown }
                return value >= 1
            }
            return table.rows.indices.allSatisfy { allowed(rowTotals[$0], table.rowTotals[$0], table.rowReasons[$0]) }
                && table.columns.indices.allSatisfy { allowed(columnTotals[$0], table.columnTotals[$0], table.columnReasons[$0]) }
                && allowed(rowTotals.reduce(0, +), table.total, table.totalReason)
        }
        func search(_ index: Int) {
            if index == hidden.count {
                if agrees() { for (r, c) in hidden { result[r][c].insert(values[r][c]) } }
                return
            }
            let (r, c) = hidden[index]
            var range = table.cellReasons[r][c] == .primary ? 1...(k - 1) : 0...cap
            // The last withheld cell of a row with a shown total is forced.
            if let shown = table.rowTotals[r], !hidden[(index + 1)...].contains(where: { $0.0 == r }) {
                let forced = shown - values[r].reduce(0, +)
                guard range.contains(forced) else { return }
                range = forced...forced
            }
            for value in range {
                values[r][c] = value
                if values[r].reduce(0, +) > (table.rowTotals[r] ?? cap) { break }
                if values.reduce(0, { $0 + $1[c] }) > (table.columnTotals[c] ?? cap) { break }
                search(index + 1)
            }
            values[r][c] = 0
        }
        search(0)
        return result
    }

    @Test(arguments: 1...150)
    func theFlowAuditFindsWhatExhaustiveSearchFinds(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed) &* 7919)
        let rows = Int.random(in: 2...3, using: &generator)
        let columns = Int.random(in: 2...3, using: &generator)
        let cells = (0..<rows).map { _ in (0..<columns).map { _ in [0, 1, 2, 3, 5, 6, 8][Int.random(in: 0...6, using: &generator)] } }
        let original = CountTable(rows: (0..<rows).map { "r\($0)" }, columns: (0..<columns).map { "c\($0)" }, cells: cells)
        let table = DisclosureControl.suppressSmallCells(in: original, threshold: 5)
        // A withheld grand total leaves "x" cells unbounded: too many tables to enumerate.
        guard table.total != nil else { return }
        let bounds = DisclosureAudit.cellBounds(table, original: original)
        let seen = Self.values(table, original: original)
        for r in 0..<rows {
            for c in 0..<columns where table.cells[r][c] == nil {
                let found = seen[r][c]
                // Unbounded "x" cells are capped at the grand total in the search.
                #expect(bounds[r][c]?.lower == found.min(), "cells \(cells) at \(r),\(c)")
                if let upper = bounds[r][c]?.upper { #expect(upper == found.max(), "cells \(cells) at \(r),\(c)") }
                // Integral: every value between the bounds is possible.
                if let low = found.min(), let high = found.max() { #expect(found.count == high - low + 1) }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so that failures can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
