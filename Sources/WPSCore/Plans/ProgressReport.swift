/// A reporting period of a plan ("2019", "First half of 2024"): its dates, when reports are due,
/// and whether the coordinator has locked it (then its reports refuse every change).
public struct ReportingPeriod: Sendable, Equatable {
    public var id: Int
    public var planId: Int
    public var fields: PeriodFields
    public var locked: Bool
    public var version: Int

    public init(id: Int, planId: Int, fields: PeriodFields, locked: Bool = false, version: Int = 1) {
        self.id = id
        self.planId = planId
        self.fields = fields
        self.locked = locked
        self.version = version
    }
}

public struct PeriodFields: Sendable, Equatable, Codable {
    public var name: String
    public var start: Day
    public var end: Day
    public var due: Day?

    public init(name: String, start: Day, end: Day, due: Day? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.due = due
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("name", name, required: true, maxLength: 200)
        if end < start { errors.add("end", "before_start", end.description) }
        if let due, due < start { errors.add("due", "before_start", due.description) }
        return errors.all
    }

    public func trimmed() -> PeriodFields {
        var copy = self
        copy.name = name.trimmed
        return copy
    }
}

/// Where a progress report is in its review.
public enum ReportStatus: String, Codable, Sendable, CaseIterable {
    case draft, submitted, returned, accepted, published

    /// The reporting institution writes while the report is with it.
    public var isWithReporter: Bool { self == .draft || self == .returned }
}

/// A step of the review: who may take it and where it leads.
public enum ReportStep: String, Codable, Sendable, CaseIterable {
    case submit
    case `return`
    case accept
    case publish

    /// The status the step leaves the report in.
    public var to: ReportStatus {
        switch self {
        case .submit: .submitted
        case .return: .returned
        case .accept: .accepted
        case .publish: .published
        }
    }

    /// The statuses the step may be taken from.
    public var from: Set<ReportStatus> {
        switch self {
        case .submit: [.draft, .returned]
        case .return: [.submitted, .accepted]
        case .accept: [.submitted]
        case .publish: [.accepted]
        }
    }

    /// The coordinator takes every step but `submit`, which the reporting institution takes.
    public var byCoordinator: Bool { self != .submit }

    /// Returning a report needs a comment that says what to correct.
    public var needsComment: Bool { self == .return }
}

/// One age band's figures by sex, for an indicator disaggregated by sex and age (`sex_age`).
/// The band is the reporter's label ("18–24", "55+"), as the source counted it.
public struct AgeValue: Sendable, Equatable, Codable {
    public var band: String
    public var female: Double?
    public var male: Double?
    public var other: Double?
    public var unknown: Double?

    public init(band: String, female: Double? = nil, male: Double? = nil, other: Double? = nil, unknown: Double? = nil) {
        self.band = band
        self.female = female
        self.male = male
        self.other = other
        self.unknown = unknown
    }

    public var parts: [Double?] { [female, male, other, unknown] }

    public var isEmpty: Bool { parts.allSatisfy { $0 == nil } }
}

/// One institution's value of one indicator in a report. By sex where the indicator asks, and
/// by age band and sex for `sex_age`; a total that differs from the sum of its parts is kept,
/// and the gap shown.
public struct ReportValue: Sendable, Equatable, Codable {
    public var indicatorId: Int
    public var value: Double?
    public var female: Double?
    public var male: Double?
    public var other: Double?
    public var unknown: Double?
    /// A text indicator's answer, or a remark on the figure.
    public var note: String
    /// Where the figure comes from (a register, a survey, a decision).
    public var source: String
    /// The figures by age band and sex, in the reporter's order (`sex_age` indicators only).
    public var byAge: [AgeValue]

    public init(
        indicatorId: Int, value: Double? = nil, female: Double? = nil, male: Double? = nil, other: Double? = nil, unknown: Double? = nil,
        note: String = "", source: String = "", byAge: [AgeValue] = []
    ) {
        self.byAge = byAge
        self.indicatorId = indicatorId
        self.value = value
        self.female = female
        self.male = male
        self.other = other
        self.unknown = unknown
        self.note = note
        self.source = source
    }

    public var parts: [Double?] { [female, male, other, unknown] }

    /// The parts' names, in the order of ``parts``.
    public static let partNames = ["female", "male", "other", "unknown"]

    /// For counts: the total minus the sum of the parts given (nil when there is no total or no
    /// part, or the two agree).
    public func gap(unit: IndicatorUnit) -> Double? {
        guard unit == .count, let value else { return nil }
        let given = parts.compactMap { $0 }
        guard !given.isEmpty else { return nil }
        let gap = value - given.reduce(0, +)
        return gap == 0 ? nil : gap
    }

    /// For counts by age: each sex's figure minus the sum of its age bands, for the sexes where
    /// both are given and differ (the total's own gap is ``gap(unit:)``).
    /// Keys are the parts' names: `female`, `male`, `other`, `unknown`.
    public func ageGaps(unit: IndicatorUnit) -> [String: Double] {
        guard unit == .count, !byAge.isEmpty else { return [:] }
        var gaps: [String: Double] = [:]
        for (index, (sex, figure)) in zip(ReportValue.partNames, parts).enumerated() {
            guard let figure else { continue }
            let bands = byAge.compactMap { $0.parts[index] }
            guard !bands.isEmpty else { continue }
            let gap = figure - bands.reduce(0, +)
            if gap != 0 { gaps[sex] = gap }
        }
        return gaps
    }

    /// The rules the value breaks against its indicator, each named under `field`.
    public func problems(for indicator: Indicator, at field: String) -> [FieldError] {
        var errors = FieldErrors()
        let unit = indicator.fields.unit
        if let value, let problem = unit.problem(with: value) { errors.add("\(field).value", problem, String(value)) }
        for (name, part) in zip(["female", "male", "other", "unknown"], parts) {
            guard let part else { continue }
            if indicator.fields.disaggregation == .none {
                errors.add("\(field).\(name)", "not_disaggregated", String(part))
            } else if unit == .text || unit == .yesNo {
                errors.add("\(field).\(name)", "not_for_unit", String(part))
            } else if let problem = unit.problem(with: part) {
                errors.add("\(field).\(name)", problem, String(part))
            }
        }
        if byAge.count > 50 { errors.add("\(field).by_age", "too_many", String(byAge.count)) }
        for (index, age) in byAge.enumerated() {
            let place = "\(field).by_age[\(index)]"
            guard indicator.fields.disaggregation == .sexAge else {
                errors.add("\(place).band", "not_disaggregated_by_age", age.band)
                continue
            }
            errors.checkText("\(place).band", age.band, required: true, maxLength: 40)
            if byAge[..<index].contains(where: { $0.band.trimmed.lowercased() == age.band.trimmed.lowercased() }) {
                errors.add("\(place).band", "repeated", age.band)
            }
            for (name, part) in zip(["female", "male", "other", "unknown"], age.parts) {
                guard let part else { continue }
                if unit == .text || unit == .yesNo {
                    errors.add("\(place).\(name)", "not_for_unit", String(part))
                } else if let problem = unit.problem(with: part) {
                    errors.add("\(place).\(name)", problem, String(part))
                }
            }
        }
        if indicator.fields.computedFrom != nil { errors.add("\(field).indicator_id", "computed_indicator", String(indicatorId)) }
        errors.checkText("\(field).note", note, required: false, maxLength: 5000)
        errors.checkText("\(field).source", source, required: false, maxLength: 1000)
        return errors.all
    }
}

/// The status and story of one measure in a report.
public struct ReportMeasure: Sendable, Equatable, Codable {
    public var nodeId: Int
    public var status: MeasureStatus
    public var narrative: String

    public init(nodeId: Int, status: MeasureStatus, narrative: String = "") {
        self.nodeId = nodeId
        self.status = status
        self.narrative = narrative
    }
}

/// What the reporting institution writes in a report.
public struct ReportContent: Sendable, Equatable, Codable {
    public var narrative: String
    public var measures: [ReportMeasure]
    public var values: [ReportValue]

    public init(narrative: String = "", measures: [ReportMeasure] = [], values: [ReportValue] = []) {
        self.narrative = narrative
        self.measures = measures
        self.values = values
    }

    /// The rules that need nothing but the content itself.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("narrative", narrative, required: false, maxLength: 20_000)
        for (index, measure) in measures.enumerated() {
            errors.checkText("measures[\(index)].narrative", measure.narrative, required: false, maxLength: 10_000)
            if measures[..<index].contains(where: { $0.nodeId == measure.nodeId }) {
                errors.add("measures[\(index)].node_id", "repeated", String(measure.nodeId))
            }
        }
        for (index, value) in values.enumerated() where values[..<index].contains(where: { $0.indicatorId == value.indicatorId }) {
            errors.add("values[\(index)].indicator_id", "repeated", String(value.indicatorId))
        }
        return errors.all
    }

    public func trimmed() -> ReportContent {
        var copy = self
        copy.narrative = narrative.trimmed
        for index in copy.measures.indices { copy.measures[index].narrative = copy.measures[index].narrative.trimmed }
        for index in copy.values.indices {
            copy.values[index].note = copy.values[index].note.trimmed
            copy.values[index].source = copy.values[index].source.trimmed
            copy.values[index].byAge = copy.values[index].byAge.compactMap { age in
                var band = age
                band.band = age.band.trimmed
                return band.band.isEmpty && band.isEmpty ? nil : band
            }
        }
        return copy
    }
}

/// One institution's progress report on a plan for one period.
public struct ProgressReport: Sendable, Equatable, VersionedRecord {
    public var id: Int
    public var planId: Int
    public var periodId: Int
    public var institutionId: Int
    public var status: ReportStatus
    public var fields: ReportContent
    public var version: Int
    /// When it was first submitted (nil while never submitted): on time or late against the due date.
    public var submittedOn: Day?
    public var deleted: Bool { false }

    public init(
        id: Int, planId: Int, periodId: Int, institutionId: Int, status: ReportStatus = .draft, fields: ReportContent = ReportContent(),
        version: Int = 1, submittedOn: Day? = nil
    ) {
        self.id = id
        self.planId = planId
        self.periodId = periodId
        self.institutionId = institutionId
        self.status = status
        self.fields = fields
        self.version = version
        self.submittedOn = submittedOn
    }
}

/// A step in a report's history: its creation, each change of its content, each review step.
public struct ReportEvent: Sendable, Equatable {
    /// `create`, `edit`, a ``ReportStep``'s name, or `attach`/`detach` (a file added or removed;
    /// the comment names it).
    public var action: String
    public var status: ReportStatus
    public var comment: String
    public var actor: Actor
    public var at: String

    public init(action: String, status: ReportStatus, comment: String, actor: Actor, at: String) {
        self.action = action
        self.status = status
        self.comment = comment
        self.actor = actor
        self.at = at
    }
}

/// A value of an indicator in a period, from one source: a report, or personnel data.
public struct IndicatorReading: Sendable, Equatable {
    public var period: ReportingPeriod
    public var source: String
    public var institutionId: Int
    public var reportId: Int?
    public var value: ReportValue
    /// The report's status; for a computed value `computed`, or `withheld` when disclosure
    /// control withholds it, or `no_data` when no snapshot falls on or before the period's end.
    public var status: String

    public init(period: ReportingPeriod, source: String, institutionId: Int, reportId: Int?, value: ReportValue, status: String) {
        self.period = period
        self.source = source
        self.institutionId = institutionId
        self.reportId = reportId
        self.value = value
        self.status = status
    }
}

extension Viewer {
    /// A report before publication is seen by the reporting institution and the coordinator.
    public func seesUnpublished(_ report: ProgressReport, coordinator: Int) -> Bool {
        isPlatformAdmin || roles[report.institutionId] != nil || roles[coordinator] != nil
    }
}

/// Reporting periods and progress reports with their review. Rights as ``PlanStore``, and: the
/// reporting institution's editors and admins write and submit; the coordinator's return,
/// accept, publish and lock. A report in a locked period refuses every change
/// (``StoreError/conflict(code:message:)`` `period_locked`).
public protocol ProgressReportStore: Sendable {
    /// Nil when the viewer cannot see the plan.
    func periods(planId: Int, viewer: Viewer) async throws -> [ReportingPeriod]?
    func period(id: Int, viewer: Viewer) async throws -> ReportingPeriod?
    func createPeriod(planId: Int, _ fields: PeriodFields, viewer: Viewer, by actor: Actor) async throws -> ReportingPeriod
    func setLocked(periodId: Int, _ locked: Bool, viewer: Viewer, by actor: Actor) async throws -> ReportingPeriod

    /// The period's reports the viewer may see; nil when the viewer cannot see the period's plan.
    func reports(periodId: Int, viewer: Viewer) async throws -> [ProgressReport]?
    /// Every report of a plan the viewer may see, across periods.
    func reports(planId: Int, viewer: Viewer) async throws -> [ProgressReport]
    /// The same reports without their measures and values (who, when, which status): what a
    /// plan's page lists, read without the content it does not show.
    func summaries(planId: Int, viewer: Viewer) async throws -> [ProgressReport]
    func report(id: Int, viewer: Viewer) async throws -> ProgressReport?
    /// Opens the institution's report for the period (one per institution and period; the
    /// institution must lead or partner a measure of the plan, or coordinate it).
    func createReport(periodId: Int, institutionId: Int, viewer: Viewer, by actor: Actor) async throws -> ProgressReport
    func updateReport(id: Int, version: Int, content: ReportContent, viewer: Viewer, by actor: Actor) async throws -> ProgressReport
    /// Takes a review step (409 `invalid_transition` from a status it does not leave).
    func move(reportId: Int, _ step: ReportStep, comment: String, viewer: Viewer, by actor: Actor) async throws -> ProgressReport
    func history(reportId: Int, viewer: Viewer) async throws -> [ReportEvent]?
    /// What waits for the viewer, oldest period first: reports submitted to plans whose
    /// coordinator the viewer edits for (to review: return or accept), reports accepted there (to
    /// publish), and the reports of institutions the viewer edits for that are drafts or returned
    /// (to write). Locked periods and deleted plans wait for nobody. Platform admins see every
    /// submitted and accepted report.
    func queue(viewer: Viewer) async throws -> [ProgressReport]

    /// Every reported value of the indicator the viewer may see, by period, side by side.
    func readings(indicatorId: Int, viewer: Viewer) async throws -> [IndicatorReading]?
    /// Each live indicator's unit in a plan, for the values' gaps: no secret to whoever reads a
    /// report of the plan (callers ask only for a report the viewer may see).
    func units(planId: Int) async throws -> [Int: IndicatorUnit]
    /// Every reported value of the plan's indicators the viewer may see (each names its
    /// indicator), of reports in `statuses` and of `period` when given.
    func readings(planId: Int, statuses: Set<ReportStatus>?, period: Int?, viewer: Viewer) async throws -> [IndicatorReading]
}
