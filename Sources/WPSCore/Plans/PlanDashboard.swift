/// The figures of a plan's dashboard, from what the reader may see: measures by status per goal,
/// indicators on track, off track or without data, and each responsible institution's reporting
/// per period (on time, late, not yet submitted, missing).
public struct PlanDashboard: Sendable, Equatable {
    public struct GoalRow: Sendable, Equatable {
        public var goal: PlanNode
        /// Measures under the goal by status; nil counts those without one.
        public var counts: [MeasureStatus?: Int]
    }

    public enum Track: String, Sendable, CaseIterable {
        case onTrack = "on_track"
        case offTrack = "off_track"
        case noData = "no_data"
    }

    public enum Timeliness: String, Sendable, CaseIterable {
        case onTime = "on_time"
        case late
        /// A report exists but was never submitted.
        case notSubmitted = "not_submitted"
        /// No report the reader may see, for a period whose due date has passed.
        case missing
        /// No report yet, and the period is not yet due.
        case notDue = "not_due"
    }

    public var goals: [GoalRow]
    public var tracks: [Int: Track]
    /// Per responsible institution, per period id.
    public var reporting: [Int: [Int: Timeliness]]

    public var trackCounts: [Track: Int] {
        Dictionary(grouping: tracks.values, by: { $0 }).mapValues(\.count)
    }

    /// - Parameters:
    ///   - latest: each indicator's latest value that counts, with the year it belongs to.
    ///   - today: for what is due.
    public static func make(
        tree: PlanTree, latest: [Int: (value: Double, year: Int)], periods: [ReportingPeriod], reports: [ProgressReport], today: Day
    ) -> PlanDashboard {
        var goals: [GoalRow] = []
        for entry in tree.nodes {
            if entry.node.fields.kind == .goal {
                goals.append(GoalRow(goal: entry.node, counts: [:]))
            } else if entry.node.fields.kind == .measure, !goals.isEmpty {
                goals[goals.count - 1].counts[entry.node.fields.status, default: 0] += 1
            }
        }
        var tracks: [Int: Track] = [:]
        for indicator in tree.nodes.flatMap(\.indicators) where indicator.fields.unit == .count || indicator.fields.unit == .percent {
            tracks[indicator.id] = track(indicator.fields, latest: latest[indicator.id])
        }
        var reporting: [Int: [Int: Timeliness]] = [:]
        let responsible = Set(tree.nodes.flatMap { $0.node.fields.leadIds + $0.node.fields.partnerIds })
        for institution in responsible {
            for period in periods {
                let report = reports.first { $0.institutionId == institution && $0.periodId == period.id }
                reporting[institution, default: [:]][period.id] = timeliness(report, period: period, today: today)
            }
        }
        return PlanDashboard(goals: goals, tracks: tracks, reporting: reporting)
    }

    /// On track when the latest value has come at least as far towards the target as a steady
    /// pace from the baseline would have by its year; no data without a baseline, a target and
    /// a latest value.
    public static func track(_ fields: IndicatorFields, latest: (value: Double, year: Int)?) -> Track {
        guard let latest, let baseline = fields.baseline?.value, let baselineYear = fields.baseline?.year,
            let target = fields.target?.value, let targetYear = fields.target?.year, targetYear > baselineYear
        else { return .noData }
        let share = min(1, max(0, Double(latest.year - baselineYear) / Double(targetYear - baselineYear)))
        let expected = baseline + (target - baseline) * share
        if target >= baseline { return latest.value >= expected ? .onTrack : .offTrack }
        return latest.value <= expected ? .onTrack : .offTrack
    }

    public static func timeliness(_ report: ProgressReport?, period: ReportingPeriod, today: Day) -> Timeliness {
        let due = period.fields.due ?? period.fields.end
        guard let report else { return today > due ? .missing : .notDue }
        guard let submitted = report.submittedOn else { return today > due ? .notSubmitted : .notDue }
        return submitted <= due ? .onTime : .late
    }
}
