/// The dashboard's coverage: per goal, how many of its measures have activities (in each
/// reporting period and in all), and the participants its activities reached — each activity
/// counted once per goal, however many of the goal's measures it serves.
public struct PlanCoverage: Sendable, Equatable {
    public struct GoalRow: Sendable, Equatable {
        public var goal: PlanNode
        public var measures: Int
        /// Measures with at least one activity, in all.
        public var covered: Int
        /// Measures with at least one activity overlapping each period, by period id.
        public var coveredIn: [Int: Int]
        public var activities: Int
        public var reach: SexCounts
    }

    public var goals: [GoalRow]

    public static func make(tree: PlanTree, activities: [ServingActivity], periods: [ReportingPeriod]) -> PlanCoverage {
        let nodes = tree.nodes.map(\.node)
        let parents = Dictionary(nodes.map { ($0.id, $0.fields.parentId) }) { first, _ in first }
        func goal(of id: Int) -> Int? {
            var current: Int? = id
            var steps = 0
            while let node = current, steps < 10 {
                guard let parent = parents[node] ?? nil else { return node }
                current = parent
                steps += 1
            }
            return nil
        }
        var byMeasure: [Int: [ServingActivity]] = [:]
        for activity in activities {
            for measure in Set(activity.measureIds) { byMeasure[measure, default: []].append(activity) }
        }
        let measures = nodes.filter { $0.fields.kind == .measure }
        let rows = nodes.filter { $0.fields.kind == .goal }.map { goalNode -> GoalRow in
            let own = measures.filter { goal(of: $0.id) == goalNode.id }
            var seen = Set<Int>()
            var reach = SexCounts()
            for measure in own {
                for activity in byMeasure[measure.id] ?? [] where seen.insert(activity.id).inserted { reach = reach + activity.participants }
            }
            var coveredIn: [Int: Int] = [:]
            for period in periods {
                coveredIn[period.id] = own.filter { measure in
                    (byMeasure[measure.id] ?? []).contains { $0.start <= period.fields.end && $0.end >= period.fields.start }
                }.count
            }
            return GoalRow(
                goal: goalNode, measures: own.count, covered: own.filter { !(byMeasure[$0.id] ?? []).isEmpty }.count, coveredIn: coveredIn,
                activities: seen.count, reach: reach)
        }
        return PlanCoverage(goals: rows)
    }
}
