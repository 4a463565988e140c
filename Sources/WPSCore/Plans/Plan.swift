/// A national (`nap`) or local (`lap`) action plan for UNSCR 1325, or a network's joint
/// (`regional`) plan, which lists its countries instead of one.
public enum PlanKind: String, Codable, Sendable, CaseIterable {
    case nap, lap, regional
}

/// Where a plan is in its life.
public enum PlanStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case adopted
    case inImplementation = "in_implementation"
    case evaluated
    case closed
}

/// An action plan: its place, period, status and who coordinates it. The coordinating
/// institution (usually the gender-equality mechanism) keeps the record: its editors and admins
/// change the plan and its tree, and `institution` visibility means its members.
public struct Plan: Sendable, Equatable, Codable, VersionedRecord {
    public var id: Int
    public var fields: PlanFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: PlanFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// What a user edits on a plan.
public struct PlanFields: Sendable, Equatable, Codable {
    public var kind: PlanKind
    /// The plan's country (nil for a regional plan).
    public var country: String?
    /// One of the country's level codes (`state`, `entity`, `municipality`, …); empty for a regional plan.
    public var level: String
    /// A regional plan's network, and its countries.
    public var networkId: Int?
    public var countries: [String]
    public var title: String
    public var titleEn: String
    public var periodStart: Int
    public var periodEnd: Int
    public var status: PlanStatus
    /// The act that adopted it ("Council of Ministers of BiH, 8 July 2014") and when.
    public var adoptingAct: String
    public var adoptedOn: Day?
    public var coordinatorId: Int
    /// The network or board that coordinates it.
    public var coordinatingBodyId: Int?
    public var previousPlanId: Int?
    public var visibility: Visibility

    public init(
        kind: PlanKind = .nap, country: String?, level: String = "state", networkId: Int? = nil, countries: [String] = [],
        title: String, titleEn: String = "", periodStart: Int, periodEnd: Int, status: PlanStatus = .draft, adoptingAct: String = "",
        adoptedOn: Day? = nil, coordinatorId: Int, coordinatingBodyId: Int? = nil, previousPlanId: Int? = nil,
        visibility: Visibility = .public
    ) {
        self.kind = kind
        self.country = country
        self.level = level
        self.networkId = networkId
        self.countries = countries
        self.title = title
        self.titleEn = titleEn
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.status = status
        self.adoptingAct = adoptingAct
        self.adoptedOn = adoptedOn
        self.coordinatorId = coordinatorId
        self.coordinatingBodyId = coordinatingBodyId
        self.previousPlanId = previousPlanId
        self.visibility = visibility
    }

    public var searchText: String { TextFolding.fold("\(title) \(titleEn)") }

    /// The years a plan may name: from the first plans (2005) to a generation ahead.
    public static let years = 1990...2100

    /// The rules that need nothing but the fields themselves.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 500)
        errors.checkText("title_en", titleEn, required: false, maxLength: 500)
        errors.checkText("adopting_act", adoptingAct, required: false, maxLength: 500)
        if !Self.years.contains(periodStart) { errors.add("period_start", "out_of_range", String(periodStart)) }
        if !Self.years.contains(periodEnd) { errors.add("period_end", "out_of_range", String(periodEnd)) }
        if periodEnd < periodStart { errors.add("period_end", "before_start", String(periodEnd)) }
        switch kind {
        case .nap, .lap:
            if country == nil { errors.add("country", "required") }
            if level.isEmpty { errors.add("level", "required") }
            if networkId != nil { errors.add("network_id", "only_for_regional_plans") }
            if !countries.isEmpty { errors.add("countries", "only_for_regional_plans") }
        case .regional:
            if networkId == nil { errors.add("network_id", "required") }
            if countries.count < 2 { errors.add("countries", "at_least_two") }
            if country != nil { errors.add("country", "not_for_regional_plans", country) }
        }
        for (index, code) in countries.enumerated() where !(code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLetter }) {
            errors.add("countries[\(index)]", "not_iso_3166", String(code.prefix(20)))
        }
        if adoptedOn != nil, status == .draft { errors.add("adopted_on", "draft_not_adopted") }
        return errors.all
    }

    public func trimmed() -> PlanFields {
        var copy = self
        copy.title = title.trimmed
        copy.titleEn = titleEn.trimmed
        copy.adoptingAct = adoptingAct.trimmed
        copy.level = level.trimmed
        if let country { copy.country = country.trimmed.isEmpty ? nil : country.trimmed.uppercased() }
        copy.countries = countries.map { $0.trimmed.uppercased() }
        if kind == .regional { copy.level = "" }
        return copy
    }
}

extension Viewer {
    /// Editors and admins of the coordinating institution change a plan and its tree.
    public func canEdit(_ plan: Plan) -> Bool { canEdit(owner: plan.fields.coordinatorId) }
}
