/// Every two-way table of one dataset, protected together (DESIGN §3).
///
/// A reader can ask for the dataset by any two of its dimensions, and the tables share their
/// margins: the women in the whole dataset, the people at each NATO code, in each unit. So
/// suppression is decided once for the set: a margin is withheld in every table or in none, a
/// table and its transpose are one table, and the audit attacks each table alone and every two
/// tables that share a dimension whose margins are partly withheld, chained through that
/// dimension's totals (``FigureNetwork``). Tables that share no dimension meet only in the grand
/// total, which is shown; so any one table, and any two combined, leave every withheld figure an
/// interval of at least `width` values apart.
///
/// What a reader knows of a withheld figure is what its label says: a cell "<k" is 1…k−1, a cell
/// "x" is any number (zero included), a total "x" is at least 1.
public struct LinkedTables: Sendable {
    /// A dimension's labels in reader's order and the number of people under each.
    public struct Dimension: Sendable, Equatable {
        public var labels: [String]
        public var totals: [Int]
    }

    struct Pair: Hashable, Sendable {
        var first: Int
        var second: Int
    }

    /// A figure the set publishes: a cell of the table of a pair (rows the lower dimension), a
    /// margin of a dimension, or the grand total.
    enum Figure: Hashable {
        case cell(Pair, Int, Int)
        case margin(Int, Int)
        case total
    }

    public let dimensions: [Dimension]
    public let total: Int
    public let threshold: Int
    public let width: Int
    private var cells: [Pair: [[Int]]]
    private var cellReasons: [Pair: [[Suppression?]]]
    private var marginReasons: [[Suppression?]]
    private var totalReason: Suppression?
    /// Withheld figures that no further withholding could protect (zeros, shown, leave them
    /// determined); the tests require there are none in practice.
    public private(set) var unprotectable = 0
    /// Whether the grand total is published elsewhere (a dataset's size), so that it may not be
    /// withheld to protect a cell.
    let totalIsPublic: Bool

    /// The dataset from its counts for every combination of `labels.count` dimensions.
    /// - Parameters:
    ///   - labels: each dimension's labels in reader's order; a combination's labels must be
    ///     among them (others are ignored).
    ///   - threshold: k; counts from 1 to k−1 are withheld. 1 withholds nothing.
    ///   - width: how many values apart a withheld figure's bounds must stay (2: never pinned to
    ///     one value nor narrowed to two neighbouring ones).
    public init(labels: [[String]], counts: [(labels: [String], count: Int)], threshold: Int, width: Int) {
        let index = labels.map { Dictionary($0.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
        var totals = labels.map { [Int](repeating: 0, count: $0.count) }
        var cells: [Pair: [[Int]]] = [:]
        for first in labels.indices {
            for second in labels.indices where second > first {
                cells[Pair(first: first, second: second)] = Array(
                    repeating: Array(repeating: 0, count: labels[second].count), count: labels[first].count)
            }
        }
        var total = 0
        for entry in counts where entry.labels.count == labels.count && entry.count > 0 {
            let positions = entry.labels.enumerated().map { index[$0.offset][$0.element] }
            guard positions.allSatisfy({ $0 != nil }) else { continue }
            let at = positions.compactMap { $0 }
            total += entry.count
            for d in at.indices { totals[d][at[d]] += entry.count }
            for first in at.indices {
                for second in at.indices where second > first {
                    cells[Pair(first: first, second: second)]?[at[first]][at[second]] += entry.count
                }
            }
        }
        self.init(
            dimensions: zip(labels, totals).map { Dimension(labels: $0, totals: $1) }, cells: cells, total: total,
            threshold: threshold, width: width, totalIsPublic: true)
    }

    /// A dataset's tables by every pair of `dimensions`, labels in reader's order.
    public init(dimensions: [AnalysisDimension], counts: [(labels: [String], count: Int)], threshold: Int, width: Int) {
        let labels = dimensions.indices.map { d in Tabulation.order(Set(counts.filter { $0.labels.count == dimensions.count }.map { $0.labels[d] }), dimensions[d]) }
        self.init(labels: labels, counts: counts, threshold: threshold, width: width)
    }

    /// One table on its own (movements, transitions, a table outside a dataset).
    public init(table: CountTable, threshold: Int, width: Int) {
        self.init(
            dimensions: [Dimension(labels: table.rows, totals: table.rowTotals), Dimension(labels: table.columns, totals: table.columnTotals)],
            cells: [Pair(first: 0, second: 1): table.cells], total: table.total, threshold: threshold, width: width,
            totalIsPublic: false)
    }

    private init(dimensions: [Dimension], cells: [Pair: [[Int]]], total: Int, threshold: Int, width: Int, totalIsPublic: Bool) {
        self.dimensions = dimensions
        self.totalIsPublic = totalIsPublic
        self.cells = cells
        self.total = total
        self.threshold = threshold
        self.width = max(1, width)
        let isSmall = { (value: Int) in value > 0 && value < threshold }
        cellReasons = cells.mapValues { $0.map { $0.map { isSmall($0) ? .primary : nil } } }
        marginReasons = dimensions.map { $0.totals.map { isSmall($0) ? .primary : nil } }
        totalReason = isSmall(total) ? .primary : nil
        guard threshold > 1 else { return }
        if totalReason != nil {
            // Fewer than k people in all: every figure is small.
            cellReasons = cells.mapValues { $0.map { $0.map { $0 > 0 ? .primary : nil } } }
            marginReasons = dimensions.map { $0.totals.map { $0 > 0 ? .primary : nil } }
            return
        }
        protect()
        if unprotectable > 0 {
            // A few people spread so that nothing short of the dataset's size would protect
            // them: withhold every figure but the size.
            let big = { (value: Int) -> Suppression? in value == 0 ? nil : value < threshold ? .primary : .secondary }
            cellReasons = cells.mapValues { $0.map { $0.map(big) } }
            marginReasons = dimensions.map { $0.totals.map(big) }
        }
    }

    // MARK: - Protection

    private var pairs: [Pair] { cells.keys.sorted { ($0.first, $0.second) < ($1.first, $1.second) } }

    /// Audits each table, then each two tables chained through a dimension with a withheld
    /// margin, withholding more where a figure is narrowed, until a whole round withholds
    /// nothing. Withholding only widens what a reader can infer, and each change withholds one
    /// more figure, so this ends.
    private mutating func protect() {
        var rounds = 0
        while true {
            rounds += 1
            var changed = false
            var unprotectable = 0
            for pair in pairs {
                let outcome = audit(chain: [pair.first, pair.second])
                changed = changed || outcome.changed
                unprotectable += outcome.unprotectable
            }
            for shared in dimensions.indices where marginReasons[shared].contains(where: { $0 != nil }) {
                let others = pairs.compactMap { $0.first == shared ? $0.second : $0.second == shared ? $0.first : nil }
                for (i, first) in others.enumerated() {
                    for second in others[(i + 1)...] {
                        let outcome = audit(chain: [first, shared, second])
                        changed = changed || outcome.changed
                        unprotectable += outcome.unprotectable
                    }
                }
            }
            self.unprotectable = unprotectable
            if !changed { break }
        }
    }

    private func cell(_ a: Int, _ i: Int, _ b: Int, _ j: Int) -> (figure: Figure, value: Int) {
        if a < b {
            let pair = Pair(first: a, second: b)
            return (.cell(pair, i, j), cells[pair]?[i][j] ?? 0)
        }
        let pair = Pair(first: b, second: a)
        return (.cell(pair, j, i), cells[pair]?[j][i] ?? 0)
    }

    private func reason(_ figure: Figure) -> Suppression? {
        switch figure {
        case .cell(let pair, let r, let c): cellReasons[pair]?[r][c] ?? nil
        case .margin(let d, let i): marginReasons[d][i]
        case .total: totalReason
        }
    }

    private mutating func setReason(_ figure: Figure, _ reason: Suppression) {
        switch figure {
        case .cell(let pair, let r, let c): cellReasons[pair]?[r][c] = reason
        case .margin(let d, let i): marginReasons[d][i] = reason
        case .total: totalReason = reason
        }
    }

    /// The network of the tables along `chain` (dimension, dimension[, dimension]): the first
    /// dimension's margins, a table to the next, its margins, and so on.
    private func network(chain: [Int]) -> (network: FigureNetwork, figures: [Figure]) {
        var network = FigureNetwork(nodes: 2, threshold: threshold)
        let source = 0
        let sink = 1
        var figures: [Figure] = []
        func arc(_ from: Int, _ to: Int, _ figure: Figure, value: Int, hideCost: Int?) {
            let reason = reason(figure)
            figures.append(figure)
            // Cells read "<k" (1…k−1) or "x" (any number, zero included: zeros are withheld
            // too where a shown zero would give a small count away); totals read "x", at least 1.
            let isCell = if case .cell = figure { true } else { false }
            let lowerIfHidden = isCell ? 0 : 1
            let (lower, upper): (Int, Int?) =
                switch reason {
                case .primary: isCell ? (1, threshold - 1) : (1, nil)
                case .secondary: (lowerIfHidden, nil)
                case nil: (value, value)
                }
            network.add(
                FigureNetwork.Arc(
                    from: from, to: to, value: value, lower: lower, upper: upper, withheld: reason != nil,
                    connector: false, hideCost: value > 0 || isCell ? hideCost : nil, figure: figures.count - 1, lowerIfHidden: lowerIfHidden))
        }
        var outNodes: [Int] = []
        for (position, d) in chain.enumerated() {
            var nextOut: [Int] = []
            for (i, value) in dimensions[d].totals.enumerated() {
                let inNode = network.addNode()
                let outNode = network.addNode()
                nextOut.append(outNode)
                if position == 0 { network.connect(source, inNode) }
                if position == chain.count - 1 { network.connect(outNode, sink) }
                if value > 0 {
                    // A margin is shown in several tables: withholding it costs more than a cell.
                    arc(inNode, outNode, .margin(d, i), value: value, hideCost: 2 * value)
                }
                if position > 0 {
                    for (j, from) in outNodes.enumerated() {
                        let (figure, count) = cell(chain[position - 1], j, d, i)
                        // Withholding a zero hides nobody but still tells readers less.
                        arc(from, inNode, figure, value: count, hideCost: max(count, 1))
                    }
                }
            }
            outNodes = nextOut
        }
        // A dataset's size is shown elsewhere: never withheld to protect. A table's own total is,
        // as a last resort.
        arc(sink, source, .total, value: total, hideCost: totalIsPublic ? nil : 10 * total)
        return (network, figures)
    }

    private mutating func audit(chain: [Int]) -> (changed: Bool, unprotectable: Int) {
        var (network, figures) = network(chain: chain)
        let outcome = network.protect(width: width)
        for arc in outcome.withheld {
            let figure = figures[network.arcs[arc].figure]
            if reason(figure) == nil { setReason(figure, .secondary) }
        }
        return (!outcome.withheld.isEmpty, outcome.unprotectable.count)
    }

    // MARK: - Reading

    /// The table of dimension `rows` by dimension `columns` as it may be published.
    public func table(rows: Int, columns: Int) -> ProtectedTable {
        let rowDimension = dimensions[rows]
        let columnDimension = dimensions[columns]
        let label = { (reason: Suppression?, value: Int) -> Int? in reason == nil ? value : nil }
        var values: [[Int?]] = []
        var reasons: [[Suppression?]] = []
        for i in rowDimension.labels.indices {
            var valueRow: [Int?] = []
            var reasonRow: [Suppression?] = []
            for j in columnDimension.labels.indices {
                if rows == columns {
                    let reason = i == j ? marginReasons[rows][i] : nil
                    reasonRow.append(reason)
                    valueRow.append(label(reason, i == j ? rowDimension.totals[i] : 0))
                } else {
                    let (figure, value) = cell(rows, i, columns, j)
                    let reason = reason(figure)
                    reasonRow.append(reason)
                    valueRow.append(label(reason, value))
                }
            }
            values.append(valueRow)
            reasons.append(reasonRow)
        }
        return ProtectedTable(
            rows: rowDimension.labels, columns: columnDimension.labels, cells: values,
            rowTotals: rowDimension.totals.indices.map { label(marginReasons[rows][$0], rowDimension.totals[$0]) },
            columnTotals: columnDimension.totals.indices.map { label(marginReasons[columns][$0], columnDimension.totals[$0]) },
            total: label(totalReason, total), cellReasons: reasons, threshold: threshold,
            rowReasons: marginReasons[rows], columnReasons: marginReasons[columns], totalReason: totalReason)
    }

    /// The number of people under `label` of dimension `dimension` as every table of the set
    /// publishes it (a margin is withheld in all of them or in none); nil when withheld or absent.
    public func margin(dimension: Int, label: String) -> Int? {
        guard dimensions.indices.contains(dimension), let i = dimensions[dimension].labels.firstIndex(of: label),
            marginReasons[dimension][i] == nil
        else { return nil }
        return dimensions[dimension].totals[i]
    }

    /// How many cells of all the set's tables are withheld, and how many there are (non-zero).
    public var withheldShare: (withheld: Int, cells: Int, people: Int) {
        var withheld = 0
        var nonZero = 0
        var people = 0
        for (pair, table) in cells {
            for (r, row) in table.enumerated() {
                for (c, value) in row.enumerated() where value > 0 {
                    nonZero += 1
                    if cellReasons[pair]?[r][c] != nil {
                        withheld += 1
                        people += value
                    }
                }
            }
        }
        return (withheld, nonZero, people)
    }
}
