/// The three levels of a plan's tree.
public enum PlanNodeKind: String, Codable, Sendable, CaseIterable {
    case goal, objective, measure

    /// The kind a node of this kind hangs under (nil: the plan itself).
    public var parentKind: PlanNodeKind? {
        switch self {
        case .goal: nil
        case .objective: .goal
        case .measure: .objective
        }
    }
}

/// The UNSCR 1325 pillar a goal serves.
public enum Pillar: String, Codable, Sendable, CaseIterable {
    case participation, prevention, protection
    case reliefRecovery = "relief_recovery"
    case other
}

/// How far a measure has come.
public enum MeasureStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case completed, delayed, cancelled
}

/// What a measure costs: an amount in an ISO 4217 currency, and where the money comes from.
public struct Budget: Sendable, Equatable, Codable {
    public var amount: Double
    public var currency: String
    public var source: String

    public init(amount: Double, currency: String, source: String = "") {
        self.amount = amount
        self.currency = currency
        self.source = source
    }
}

/// A goal, objective or measure of a plan.
public struct PlanNode: Sendable, Equatable, Codable, VersionedRecord {
    public var id: Int
    public var planId: Int
    public var fields: PlanNodeFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, planId: Int, fields: PlanNodeFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.planId = planId
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// What a user edits on a node. Lead and partner institutions, dates, budget and status belong
/// to measures; the pillar to goals.
public struct PlanNodeFields: Sendable, Equatable, Codable {
    public var kind: PlanNodeKind
    public var parentId: Int?
    /// "2", "2.1", "2.1.3": a child's code starts with its parent's code and a dot.
    public var code: String
    public var title: String
    public var titleEn: String
    public var pillar: Pillar?
    public var leadIds: [Int]
    public var partnerIds: [Int]
    public var start: Day?
    public var end: Day?
    public var budget: Budget?
    public var status: MeasureStatus?
    /// Order among siblings (then by code).
    public var position: Int

    public init(
        kind: PlanNodeKind, parentId: Int? = nil, code: String, title: String, titleEn: String = "", pillar: Pillar? = nil,
        leadIds: [Int] = [], partnerIds: [Int] = [], start: Day? = nil, end: Day? = nil, budget: Budget? = nil,
        status: MeasureStatus? = nil, position: Int = 0
    ) {
        self.kind = kind
        self.parentId = parentId
        self.code = code
        self.title = title
        self.titleEn = titleEn
        self.pillar = pillar
        self.leadIds = leadIds
        self.partnerIds = partnerIds
        self.start = start
        self.end = end
        self.budget = budget
        self.status = status
        self.position = position
    }

    /// The largest budget a measure may state (beyond it, a typing error).
    public static let largestAmount = 1e12

    /// Whether `code` is a node code: parts of ASCII letters and digits joined by dots, at most 20 characters.
    public static func isCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 20 && code.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// The rules that need nothing but the fields themselves (the parent's kind and code are
    /// checked by the store, which reads the parent).
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("code", code, required: true, maxLength: 20)
        if !code.isEmpty, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) || code.hasPrefix(".") || code.hasSuffix(".") {
            errors.add("code", "invalid_code", String(code.prefix(20)))
        }
        errors.checkText("title", title, required: true, maxLength: 1000)
        errors.checkText("title_en", titleEn, required: false, maxLength: 1000)
        if pillar != nil, kind != .goal { errors.add("pillar", "only_for_goals") }
        if kind != .measure {
            if !leadIds.isEmpty { errors.add("lead_ids", "only_for_measures") }
            if !partnerIds.isEmpty { errors.add("partner_ids", "only_for_measures") }
            if start != nil { errors.add("start", "only_for_measures") }
            if end != nil { errors.add("end", "only_for_measures") }
            if budget != nil { errors.add("budget", "only_for_measures") }
            if status != nil { errors.add("status", "only_for_measures") }
        }
        if let start, let end, end < start { errors.add("end", "before_start", end.description) }
        for id in Set(leadIds).intersection(partnerIds).sorted() { errors.add("partner_ids", "also_lead", String(id)) }
        if let budget {
            if !(0...Self.largestAmount).contains(budget.amount) { errors.add("budget.amount", "out_of_range", String(budget.amount)) }
            if !(budget.currency.count == 3 && budget.currency.allSatisfy({ $0.isASCII && $0.isUppercase })) {
                errors.add("budget.currency", "not_iso_4217", String(budget.currency.prefix(20)))
            }
            errors.checkText("budget.source", budget.source, required: false, maxLength: 300)
        }
        if (kind == .goal) != (parentId == nil) { errors.add("parent_id", kind == .goal ? "goal_has_no_parent" : "required") }
        return errors.all
    }

    public func trimmed() -> PlanNodeFields {
        var copy = self
        copy.code = code.trimmed
        copy.title = title.trimmed
        copy.titleEn = titleEn.trimmed
        copy.budget?.currency = budget?.currency.trimmed.uppercased() ?? ""
        copy.budget?.source = budget?.source.trimmed ?? ""
        return copy
    }
}

/// What an indicator counts in.
public enum IndicatorUnit: String, Codable, Sendable, CaseIterable {
    case count, percent
    case yesNo = "yes_no"
    case text

    /// The rule a number breaks in this unit (`not_a_count`, …), or nil when it is fine.
    public func problem(with number: Double) -> String? {
        switch self {
        case .count: number < 0 || number != number.rounded() || number > 1e12 ? "not_a_count" : nil
        case .percent: (0...100).contains(number) ? nil : "not_a_percent"
        case .yesNo: number == 0 || number == 1 ? nil : "not_yes_no"
        case .text: "text_has_no_number"
        }
    }
}

/// Whether an indicator's values are given by sex (and age band).
public enum Disaggregation: String, Codable, Sendable, CaseIterable {
    case none, sex
    case sexAge = "sex_age"
}

/// A share of women computed from an institution's personnel data.
public enum PersonnelMeasure: String, Codable, Sendable, CaseIterable {
    case shareWomen = "share_women"
    case shareWomenOfficers = "share_women_officers"
    /// OF-5 and above.
    case shareWomenSeniorOfficers = "share_women_senior_officers"
    case shareWomenDecisionMaking = "share_women_decision_making"
}

/// An indicator bound to a dataset series: its value for a period is the measure of the
/// series' latest snapshot on or before the period's end, as the reader may see it.
public struct ComputedFrom: Sendable, Equatable, Codable {
    public var institutionId: Int
    public var series: String
    public var measure: PersonnelMeasure

    public init(institutionId: Int, series: String, measure: PersonnelMeasure) {
        self.institutionId = institutionId
        self.series = series
        self.measure = measure
    }
}

/// A value with its year: a baseline or a target.
public struct YearValue: Sendable, Equatable, Codable {
    public var value: Double?
    public var year: Int?

    public init(value: Double?, year: Int?) {
        self.value = value
        self.year = year
    }
}

/// An indicator on a node of a plan.
public struct Indicator: Sendable, Equatable, Codable, VersionedRecord {
    public var id: Int
    public var nodeId: Int
    public var fields: IndicatorFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, nodeId: Int, fields: IndicatorFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.nodeId = nodeId
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// What a user edits on an indicator.
public struct IndicatorFields: Sendable, Equatable, Codable {
    public var code: String
    public var definition: String
    public var unit: IndicatorUnit
    public var disaggregation: Disaggregation
    public var baseline: YearValue?
    public var target: YearValue?
    /// The means of verification: where the values come from.
    public var source: String
    public var computedFrom: ComputedFrom?

    public init(
        code: String, definition: String, unit: IndicatorUnit = .count, disaggregation: Disaggregation = .none,
        baseline: YearValue? = nil, target: YearValue? = nil, source: String = "", computedFrom: ComputedFrom? = nil
    ) {
        self.code = code
        self.definition = definition
        self.unit = unit
        self.disaggregation = disaggregation
        self.baseline = baseline
        self.target = target
        self.source = source
        self.computedFrom = computedFrom
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("code", code, required: false, maxLength: 30)
        errors.checkText("definition", definition, required: true, maxLength: 2000)
        errors.checkText("source", source, required: false, maxLength: 1000)
        for (name, value) in [("baseline", baseline), ("target", target)] {
            guard let value else { continue }
            if let year = value.year, !PlanFields.years.contains(year) { errors.add("\(name).year", "out_of_range", String(year)) }
            guard let number = value.value else { continue }
            if let problem = unit.problem(with: number) { errors.add("\(name).value", problem, String(number)) }
        }
        if let computedFrom {
            if unit != .percent { errors.add("unit", "computed_is_percent", unit.rawValue) }
            errors.checkText("computed_from.series", computedFrom.series, required: true, maxLength: 200)
        }
        return errors.all
    }

    public func trimmed() -> IndicatorFields {
        var copy = self
        copy.code = code.trimmed
        copy.definition = definition.trimmed
        copy.source = source.trimmed
        copy.computedFrom?.series = computedFrom?.series.trimmed ?? ""
        return copy
    }
}

/// A plan with its whole tree: every live node in order (parents before children, siblings by
/// position then code), each with its live indicators.
public struct PlanTree: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var node: PlanNode
        public var indicators: [Indicator]

        public init(node: PlanNode, indicators: [Indicator]) {
            self.node = node
            self.indicators = indicators
        }
    }

    public var plan: Plan
    public var nodes: [Node]

    public init(plan: Plan, nodes: [Node]) {
        self.plan = plan
        self.nodes = nodes
    }

    /// Nodes in reading order: each parent followed by its children, depth first.
    public static func ordered(_ nodes: [Node]) -> [Node] {
        let children = Dictionary(grouping: nodes, by: \.node.fields.parentId)
        func sorted(_ list: [Node]) -> [Node] {
            list.sorted {
                ($0.node.fields.position, CodeOrder($0.node.fields.code), $0.node.id) < ($1.node.fields.position, CodeOrder($1.node.fields.code), $1.node.id)
            }
        }
        var result: [Node] = []
        func visit(_ parent: Int?) {
            for node in sorted(children[parent] ?? []) {
                result.append(node)
                visit(node.node.id)
            }
        }
        visit(nil)
        return result
    }
}

/// Codes compared part by part as numbers where they are numbers: "2.10" after "2.9".
struct CodeOrder: Comparable {
    let parts: [String]
    init(_ code: String) { parts = code.split(separator: ".").map(String.init) }

    static func < (lhs: CodeOrder, rhs: CodeOrder) -> Bool {
        for (a, b) in zip(lhs.parts, rhs.parts) where a != b {
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return lhs.parts.count < rhs.parts.count
    }
}
