import Foundation
import WPSCore
import WPSFormats

/// The JSON shapes of the plans API. Keys are written snake_case by ``JSONResponse``; a field
/// without a value is written as null, never left out, as the document declares.
struct PlanJSON: Encodable, Sendable {
    var plan: Plan

    enum Keys: String, CodingKey {
        case id, kind, country, level, networkId, countries, title, titleEn, periodStart, periodEnd, status, adoptingAct, adoptedOn
        case coordinatorId, coordinatingBodyId, previousPlanId, visibility, version, deleted
    }

    func encode(to encoder: any Encoder) throws {
        let f = plan.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(plan.id, forKey: .id)
        try c.encode(f.kind.rawValue, forKey: .kind)
        try c.encode(f.country, forKey: .country)
        try c.encode(f.level, forKey: .level)
        try c.encode(f.networkId, forKey: .networkId)
        try c.encode(f.countries, forKey: .countries)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.titleEn, forKey: .titleEn)
        try c.encode(f.periodStart, forKey: .periodStart)
        try c.encode(f.periodEnd, forKey: .periodEnd)
        try c.encode(f.status.rawValue, forKey: .status)
        try c.encode(f.adoptingAct, forKey: .adoptingAct)
        try c.encode(f.adoptedOn?.description, forKey: .adoptedOn)
        try c.encode(f.coordinatorId, forKey: .coordinatorId)
        try c.encode(f.coordinatingBodyId, forKey: .coordinatingBodyId)
        try c.encode(f.previousPlanId, forKey: .previousPlanId)
        try c.encode(f.visibility.rawValue, forKey: .visibility)
        try c.encode(plan.version, forKey: .version)
        try c.encode(plan.deleted, forKey: .deleted)
    }
}

struct PlanNodeJSON: Encodable, Sendable {
    var node: PlanNode
    /// Written only in a tree.
    var indicators: [Indicator]?

    enum Keys: String, CodingKey {
        case id, planId, kind, parentId, code, title, titleEn, pillar, leadIds, partnerIds, start, end, budget, status, position, version
        case indicators
    }

    enum BudgetKeys: String, CodingKey { case amount, currency, source }

    func encode(to encoder: any Encoder) throws {
        let f = node.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(node.id, forKey: .id)
        try c.encode(node.planId, forKey: .planId)
        try c.encode(f.kind.rawValue, forKey: .kind)
        try c.encode(f.parentId, forKey: .parentId)
        try c.encode(f.code, forKey: .code)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.titleEn, forKey: .titleEn)
        try c.encode(f.pillar?.rawValue, forKey: .pillar)
        try c.encode(f.leadIds, forKey: .leadIds)
        try c.encode(f.partnerIds, forKey: .partnerIds)
        try c.encode(f.start?.description, forKey: .start)
        try c.encode(f.end?.description, forKey: .end)
        if let budget = f.budget {
            var b = c.nestedContainer(keyedBy: BudgetKeys.self, forKey: .budget)
            try b.encode(budget.amount, forKey: .amount)
            try b.encode(budget.currency, forKey: .currency)
            try b.encode(budget.source, forKey: .source)
        } else {
            try c.encodeNil(forKey: .budget)
        }
        try c.encode(f.status?.rawValue, forKey: .status)
        try c.encode(f.position, forKey: .position)
        try c.encode(node.version, forKey: .version)
        if let indicators { try c.encode(indicators.map(IndicatorJSON.init), forKey: .indicators) }
    }
}

struct IndicatorJSON: Encodable, Sendable {
    var indicator: Indicator

    enum Keys: String, CodingKey {
        case id, nodeId, code, definition, unit, disaggregation, baseline, target, source, computedFrom, version
    }

    enum ValueKeys: String, CodingKey { case value, year }
    enum ComputedKeys: String, CodingKey { case institutionId, series, measure }

    func encode(to encoder: any Encoder) throws {
        let f = indicator.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(indicator.id, forKey: .id)
        try c.encode(indicator.nodeId, forKey: .nodeId)
        try c.encode(f.code, forKey: .code)
        try c.encode(f.definition, forKey: .definition)
        try c.encode(f.unit.rawValue, forKey: .unit)
        try c.encode(f.disaggregation.rawValue, forKey: .disaggregation)
        for (key, value) in [(Keys.baseline, f.baseline), (Keys.target, f.target)] {
            if let value {
                var v = c.nestedContainer(keyedBy: ValueKeys.self, forKey: key)
                try v.encode(value.value, forKey: .value)
                try v.encode(value.year, forKey: .year)
            } else {
                try c.encodeNil(forKey: key)
            }
        }
        try c.encode(f.source, forKey: .source)
        if let computed = f.computedFrom {
            var v = c.nestedContainer(keyedBy: ComputedKeys.self, forKey: .computedFrom)
            try v.encode(computed.institutionId, forKey: .institutionId)
            try v.encode(computed.series, forKey: .series)
            try v.encode(computed.measure.rawValue, forKey: .measure)
        } else {
            try c.encodeNil(forKey: .computedFrom)
        }
        try c.encode(indicator.version, forKey: .version)
    }
}

/// `GET /api/v1/plans/{id}/tree`.
struct PlanTreeJSON: Encodable, Sendable {
    var tree: PlanTree

    enum Keys: String, CodingKey { case plan, nodes }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(PlanJSON(plan: tree.plan), forKey: .plan)
        try c.encode(tree.nodes.map { PlanNodeJSON(node: $0.node, indicators: $0.indicators) }, forKey: .nodes)
    }
}

/// Turns API JSON into plan fields: a POST starts from nothing and needs the required fields;
/// a PATCH starts from the stored record and changes what it names.
enum PlanInput {
    /// Years as the reader takes them (no overflow later); the rules say which are meant.
    static let anyYear = -1_000_000...1_000_000

    /// The problems of the input itself and those of the fields read from it, each field once.
    static func problems(_ input: JSONInput, _ validated: [FieldError]) -> [FieldError] {
        input.errors + validated.filter { problem in !input.errors.contains { $0.field == problem.field } }
    }

    static func plan(_ input: inout JSONInput, onto base: PlanFields?) -> PlanFields {
        if base == nil { input.require("kind", "title", "period_start", "period_end", "coordinator_id") }
        var fields = base ?? PlanFields(country: nil, level: "", title: "", periodStart: 0, periodEnd: 0, coordinatorId: 0)
        if let value = input.choice("kind", PlanKind.self) { fields.kind = value }
        if input.has("country") { fields.country = input.string("country", nullable: true) }
        if let value = input.string("level") { fields.level = value }
        if case .some(let value) = input.optionalInt("network_id") { fields.networkId = value }
        if let value = input.strings("countries") { fields.countries = value }
        if let value = input.string("title") { fields.title = value }
        if let value = input.string("title_en") { fields.titleEn = value }
        // Ranges are checked with the other rules (PlanFields.validate), so that all are reported at once.
        if let value = input.int("period_start", in: PlanInput.anyYear) { fields.periodStart = value }
        if let value = input.int("period_end", in: PlanInput.anyYear) { fields.periodEnd = value }
        if let value = input.choice("status", PlanStatus.self) { fields.status = value }
        if let value = input.string("adopting_act") { fields.adoptingAct = value }
        if case .some(let value) = input.day("adopted_on") { fields.adoptedOn = value }
        if let value = input.int("coordinator_id") { fields.coordinatorId = value }
        if case .some(let value) = input.optionalInt("coordinating_body_id") { fields.coordinatingBodyId = value }
        if case .some(let value) = input.optionalInt("previous_plan_id") { fields.previousPlanId = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return fields
    }

    static func node(_ input: inout JSONInput, onto base: PlanNodeFields?) -> PlanNodeFields {
        if base == nil { input.require("kind", "code", "title") }
        var fields = base ?? PlanNodeFields(kind: .goal, code: "", title: "")
        if let value = input.choice("kind", PlanNodeKind.self) { fields.kind = value }
        if case .some(let value) = input.optionalInt("parent_id") { fields.parentId = value }
        if let value = input.string("code") { fields.code = value }
        if let value = input.string("title") { fields.title = value }
        if let value = input.string("title_en") { fields.titleEn = value }
        if input.has("pillar") { fields.pillar = input.string("pillar", nullable: true).flatMap { text in
            Pillar(rawValue: text) ?? { input.fail("pillar", "invalid_value", .string(text)); return nil }()
        } }
        if let value = input.ids("lead_ids") { fields.leadIds = value }
        if let value = input.ids("partner_ids") { fields.partnerIds = value }
        if case .some(let value) = input.day("start") { fields.start = value }
        if case .some(let value) = input.day("end") { fields.end = value }
        if case .some(let value) = input.object("budget", { nested -> Budget? in
            nested.require("amount", "currency")
            let amount = nested.optionalNumber("amount", in: -1e18...1e18) ?? nil
            let currency = nested.string("currency")
            let source = nested.string("source") ?? ""
            guard let amount, let currency else { return nil }
            return Budget(amount: amount, currency: currency, source: source)
        }) { fields.budget = value }
        if input.has("status") { fields.status = input.string("status", nullable: true).flatMap { text in
            MeasureStatus(rawValue: text) ?? { input.fail("status", "invalid_value", .string(text)); return nil }()
        } }
        if let value = input.int("position", in: 0...1_000_000) { fields.position = value }
        return fields
    }

    static func indicator(_ input: inout JSONInput, onto base: IndicatorFields?) -> IndicatorFields {
        if base == nil { input.require("definition", "unit") }
        var fields = base ?? IndicatorFields(code: "", definition: "")
        if let value = input.string("code") { fields.code = value }
        if let value = input.string("definition") { fields.definition = value }
        if let value = input.choice("unit", IndicatorUnit.self) { fields.unit = value }
        if let value = input.choice("disaggregation", Disaggregation.self) { fields.disaggregation = value }
        for key in ["baseline", "target"] {
            guard case .some(let value) = input.object(key, { nested -> YearValue? in
                let number = nested.optionalNumber("value", in: -1e15...1e15) ?? nil
                let year = nested.optionalInt("year", in: PlanInput.anyYear) ?? nil
                return YearValue(value: number, year: year)
            }) else { continue }
            if key == "baseline" { fields.baseline = value } else { fields.target = value }
        }
        if let value = input.string("source") { fields.source = value }
        if case .some(let value) = input.object("computed_from", { nested -> ComputedFrom? in
            nested.require("institution_id", "series", "measure")
            let institution = nested.int("institution_id")
            let series = nested.string("series")
            let measure = nested.choice("measure", PersonnelMeasure.self)
            guard let institution, let series, let measure else { return nil }
            return ComputedFrom(institutionId: institution, series: series, measure: measure)
        }) { fields.computedFrom = value }
        return fields
    }
}
