/// The figures of one table, or of tables linked through a shared margin, as a circulation
/// network: the exact linear-programming attack on withheld figures, solved with integers.
///
/// A table's cells with its row, column and grand totals are the flows of a network (source →
/// row → cell → column → sink → back to the source); two tables that share a dimension chain
/// through that dimension's totals (rows of one → the shared totals → columns of the other).
/// Every shown figure fixes its arc; a withheld one lies between the bounds a reader knows:
/// 1…k−1 for a small count ("<k"), any number for a cell withheld to protect others ("x"), at
/// least 1 for a withheld total. Network matrices are totally unimodular, so the smallest and
/// largest value a linear programme over all shown figures allows for a withheld figure are whole numbers,
/// and they are what maximum flows give: the value can rise by the flow that can return from the
/// arc's head to its tail through the other withheld figures, and fall by the flow the other way.
struct FigureNetwork {
    /// A figure of a table, or a connector of the network.
    struct Arc {
        var from: Int
        var to: Int
        /// The true value: a feasible circulation the audit starts from.
        var value: Int
        var lower: Int
        /// nil when unbounded above.
        var upper: Int?
        var withheld: Bool
        /// A connector with no figure of its own, free in both directions.
        var connector: Bool
        /// What hiding it costs (people withheld); nil when it may not be hidden.
        var hideCost: Int?
        /// The figure the arc stands for, for whoever built the network.
        var figure: Int
        /// What a reader knows of it once withheld to protect another: a cell reads "x", k or
        /// more (else it would read "<k"); a total reads "x" whatever its size, so only 1.
        var lowerIfHidden: Int = 1
    }

    static let unbounded = Int.max / 4

    private(set) var arcs: [Arc] = []
    private(set) var adjacency: [[Int]]
    /// k: a withheld cell is 1…k−1 ("<k") or k or more ("x").
    let threshold: Int

    init(nodes: Int, threshold: Int) {
        adjacency = Array(repeating: [], count: nodes)
        self.threshold = threshold
    }

    mutating func addNode() -> Int {
        adjacency.append([])
        return adjacency.count - 1
    }

    @discardableResult
    mutating func add(_ arc: Arc) -> Int {
        arcs.append(arc)
        adjacency[arc.from].append(arcs.count - 1)
        adjacency[arc.to].append(arcs.count - 1)
        return arcs.count - 1
    }

    mutating func connect(_ from: Int, _ to: Int) {
        add(Arc(from: from, to: to, value: 0, lower: 0, upper: nil, withheld: false, connector: true, hideCost: nil, figure: -1))
    }

    /// How far the flow on `arc` can rise (forward) or fall (backward) on its own bounds.
    func capacity(_ arc: Arc, forward: Bool) -> Int {
        if arc.connector { return Self.unbounded }
        guard arc.withheld else { return 0 }
        if forward { return arc.upper.map { max(0, $0 - arc.value) } ?? Self.unbounded }
        return max(0, arc.value - arc.lower)
    }

    /// The bounds a shown figure would have if it were withheld to protect another ("x").
    func capacityIfHidden(_ arc: Arc, forward: Bool) -> Int {
        forward ? Self.unbounded : max(0, arc.value - arc.lowerIfHidden)
    }

    /// The most flow that can go from `source` to `sink` through withheld figures and
    /// connectors, without `excluded`, up to `limit`, given the extra flow `delta` already
    /// sent on each arc. Breadth-first augmenting paths (Edmonds–Karp) on whole numbers.
    func maximumFlow(from source: Int, to sink: Int, excluding excluded: Int, limit: Int, delta: inout [Int]) -> Int {
        guard source != sink else { return limit }
        var flow = 0
        while flow < limit {
            // Each node's arc of arrival and whether it was used forward.
            var arrival = [(arc: Int, forward: Bool)?](repeating: nil, count: adjacency.count)
            var visited = [Bool](repeating: false, count: adjacency.count)
            visited[source] = true
            var queue = [source]
            var head = 0
            search: while head < queue.count {
                let node = queue[head]
                head += 1
                for index in adjacency[node] where index != excluded {
                    let arc = arcs[index]
                    let forward = arc.from == node
                    let next = forward ? arc.to : arc.from
                    guard !visited[next], residual(index, forward: forward, delta) > 0 else { continue }
                    visited[next] = true
                    arrival[next] = (index, forward)
                    if next == sink { break search }
                    queue.append(next)
                }
            }
            guard visited[sink] else { break }
            var bottleneck = limit - flow
            var node = sink
            while node != source, let step = arrival[node] {
                bottleneck = min(bottleneck, residual(step.arc, forward: step.forward, delta))
                node = step.forward ? arcs[step.arc].from : arcs[step.arc].to
            }
            node = sink
            while node != source, let step = arrival[node] {
                delta[step.arc] += step.forward ? bottleneck : -bottleneck
                node = step.forward ? arcs[step.arc].from : arcs[step.arc].to
            }
            flow += bottleneck
        }
        return flow
    }

    private func residual(_ index: Int, forward: Bool, _ delta: [Int]) -> Int {
        let arc = arcs[index]
        let base = capacity(arc, forward: forward)
        if base >= Self.unbounded { return Self.unbounded }
        return forward ? base - delta[index] : base + delta[index]
    }

    /// How far a withheld figure can rise and fall, each counted up to `limit`.
    func slack(of index: Int, limit: Int) -> (up: Int, down: Int) {
        let arc = arcs[index]
        var delta = [Int](repeating: 0, count: arcs.count)
        let up = maximumFlow(from: arc.to, to: arc.from, excluding: index, limit: min(limit, capacity(arc, forward: true)), delta: &delta)
        delta = [Int](repeating: 0, count: arcs.count)
        let down = maximumFlow(from: arc.from, to: arc.to, excluding: index, limit: min(limit, capacity(arc, forward: false)), delta: &delta)
        return (up, down)
    }

    /// The smallest and largest value of a withheld figure over every table that agrees with
    /// the shown figures and the known bounds; the upper one is nil when unbounded.
    func interval(of index: Int) -> (lower: Int, upper: Int?) {
        let (up, down) = slack(of: index, limit: Self.unbounded)
        let value = arcs[index].value
        return (value - down, up >= Self.unbounded ? nil : value + up)
    }

    /// The cheapest set of shown figures whose withholding would let the withheld figure `index`
    /// move by at least one more (in whichever direction is cheaper), after the flows `deltas`
    /// already found for each direction; nil when nothing can. Dijkstra over the arcs, with
    /// withheld figures and connectors free and a shown one costing what hiding it costs.
    func cheapestOpening(for index: Int, up upDelta: [Int]?, down downDelta: [Int]?) -> [Int]? {
        let arc = arcs[index]
        let options = [
            upDelta.flatMap { cheapestPath(from: arc.to, to: arc.from, excluding: index, delta: $0) },
            downDelta.flatMap { cheapestPath(from: arc.from, to: arc.to, excluding: index, delta: $0) },
        ].compactMap { $0 }
        return options.min { $0.cost < $1.cost }?.hidden
    }

    private func cheapestPath(from source: Int, to sink: Int, excluding excluded: Int, delta: [Int]) -> (cost: Int, hidden: [Int])? {
        var distance = [Int](repeating: Int.max, count: adjacency.count)
        var arrival = [Int?](repeating: nil, count: adjacency.count)
        var arrivedForward = [Bool](repeating: true, count: adjacency.count)
        var done = [Bool](repeating: false, count: adjacency.count)
        distance[source] = 0
        var heap = MinHeap()
        heap.push((0, source))
        while let (cost, node) = heap.pop() {
            guard !done[node], cost == distance[node] else { continue }
            done[node] = true
            if node == sink { break }
            for index in adjacency[node] where index != excluded {
                let candidate = arcs[index]
                let forward = candidate.from == node
                let next = forward ? candidate.to : candidate.from
                let step: Int
                if residual(index, forward: forward, delta) > 0 {
                    step = 0
                } else if !candidate.withheld, !candidate.connector, let hideCost = candidate.hideCost,
                    capacityIfHidden(candidate, forward: forward) > 0
                {
                    step = hideCost
                } else {
                    continue
                }
                let reached = cost + step
                if reached < distance[next] {
                    distance[next] = reached
                    arrival[next] = index
                    arrivedForward[next] = forward
                    heap.push((reached, next))
                }
            }
        }
        guard distance[sink] != Int.max else { return nil }
        var hidden: [Int] = []
        var node = sink
        while node != source, let index = arrival[node] {
            if !arcs[index].withheld && !arcs[index].connector { hidden.append(index) }
            node = arrivedForward[node] ? arcs[index].from : arcs[index].to
        }
        return (distance[sink], hidden)
    }

    /// Withholds a shown figure to protect another: the reader learns it is k or more.
    mutating func withhold(_ index: Int) {
        arcs[index].withheld = true
        arcs[index].lower = arcs[index].lowerIfHidden
        arcs[index].upper = nil
    }

    /// Ensures every withheld figure can take values `width` apart, withholding the cheapest
    /// shown figures where it cannot; returns the arcs newly withheld and the figures that no
    /// withholding could protect.
    mutating func protect(width: Int) -> (withheld: [Int], unprotectable: [Int]) {
        var newly: [Int] = []
        var unprotectable: [Int] = []
        var index = 0
        // Arcs withheld here are appended to the work as they come.
        var work = arcs.indices.filter { arcs[$0].withheld && !arcs[$0].connector }
        while index < work.count {
            let current = work[index]
            index += 1
            while true {
                let arc = arcs[current]
                // A small count's own bounds (1…k−1) may be narrower than the width asked for.
                let width = min(width, arc.upper.map { $0 - arc.lower } ?? width)
                var upDelta = [Int](repeating: 0, count: arcs.count)
                var downDelta = [Int](repeating: 0, count: arcs.count)
                let upLimit = min(width, capacity(arc, forward: true))
                let downLimit = min(width, capacity(arc, forward: false))
                let up = maximumFlow(from: arc.to, to: arc.from, excluding: current, limit: upLimit, delta: &upDelta)
                let down = maximumFlow(from: arc.from, to: arc.to, excluding: current, limit: downLimit, delta: &downDelta)
                if up + down >= width { break }
                // Only a direction with room left can gain from withholding more.
                guard let opening = cheapestOpening(for: current, up: up < upLimit ? upDelta : nil, down: down < downLimit ? downDelta : nil),
                    !opening.isEmpty
                else {
                    unprotectable.append(current)
                    break
                }
                for hidden in opening {
                    withhold(hidden)
                    newly.append(hidden)
                    work.append(hidden)
                }
            }
        }
        return (newly, unprotectable)
    }
}

/// A binary heap of (cost, node), smallest cost first.
private struct MinHeap {
    private var items: [(Int, Int)] = []

    mutating func push(_ item: (Int, Int)) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].0 < items[parent].0 else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left].0 < items[smallest].0 { smallest = left }
                if right < items.count && items[right].0 < items[smallest].0 { smallest = right }
                guard smallest != parent else { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
