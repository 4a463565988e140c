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
        #expect(DisclosureAudit.exposedCells(table).isEmpty)
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
        #expect(Self.recoverable(table, original: original).isEmpty, "cells \(cells)")
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
            // Withheld margins are never zero and, when small, below k: the reader knows it too.
            return true
        }

        func search(_ index: Int) {
            if index == hiddenCells.count {
                if complete() { for (i, (r, c)) in hiddenCells.enumerated() { seen[i].insert(values[r][c]) } }
                return
            }
            let (r, c) = hiddenCells[index]
            let upper = table.cellReasons[r][c] == .primary ? k - 1 : cap
            var range = Array(1...max(1, upper))
            // The last withheld cell of a line with a shown total is forced.
            if lastInRow[r] == index, let shown = table.rowTotals[r] {
                range = [shown - rowSum(r)]
            } else if lastInColumn[c] == index, let shown = table.columnTotals[c] {
                range = [shown - columnSum(c)]
            }
            for value in range where value >= 1 && value <= upper {
                values[r][c] = value
                if let shown = table.rowTotals[r], rowSum(r) > shown { break }
                if let shown = table.columnTotals[c], columnSum(c) > shown { break }
                if lastInColumn[c] == index, let shown = table.columnTotals[c], columnSum(c) != shown { continue }
                search(index + 1)
            }
            values[r][c] = 0
        }
        search(0)
        return hiddenCells.enumerated().filter { seen[$0.offset].count == 1 }.map { $0.element }
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
