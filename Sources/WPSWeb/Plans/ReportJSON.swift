import Foundation
import WPSCore
import WPSFormats

/// The JSON shapes of reporting periods, progress reports, their history and an indicator's
/// values. Keys are written snake_case by ``JSONResponse``; absent values are null.
struct PeriodJSON: Encodable, Sendable {
    var period: ReportingPeriod

    enum Keys: String, CodingKey { case id, planId, name, start, end, due, locked, version }

    init(period: ReportingPeriod) { self.period = period }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(period.id, forKey: .id)
        try c.encode(period.planId, forKey: .planId)
        try c.encode(period.fields.name, forKey: .name)
        try c.encode(period.fields.start.description, forKey: .start)
        try c.encode(period.fields.end.description, forKey: .end)
        try c.encode(period.fields.due?.description, forKey: .due)
        try c.encode(period.locked, forKey: .locked)
        try c.encode(period.version, forKey: .version)
    }
}

/// A value with its parts by sex and by age band; `gap` is the total minus the parts, and
/// `age_gaps` each sex's figure minus its age bands, where they differ (counts only).
struct ValueParts: Encodable, Sendable {
    var value: ReportValue
    var unit: IndicatorUnit?

    enum Keys: String, CodingKey { case value, female, male, other, unknown, gap, byAge, ageGaps }

    struct Age: Encodable, Sendable {
        var age: AgeValue
        enum Keys: String, CodingKey { case band, female, male, other, unknown }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(age.band, forKey: .band)
            try c.encode(age.female, forKey: .female)
            try c.encode(age.male, forKey: .male)
            try c.encode(age.other, forKey: .other)
            try c.encode(age.unknown, forKey: .unknown)
        }
    }

    func encode(into c: inout KeyedEncodingContainer<Keys>) throws {
        try c.encode(value.value, forKey: .value)
        try c.encode(value.female, forKey: .female)
        try c.encode(value.male, forKey: .male)
        try c.encode(value.other, forKey: .other)
        try c.encode(value.unknown, forKey: .unknown)
        try c.encode(unit.flatMap(value.gap(unit:)), forKey: .gap)
        try c.encode(value.byAge.map(Age.init), forKey: .byAge)
        try c.encode(unit.map(value.ageGaps(unit:)) ?? [:], forKey: .ageGaps)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try encode(into: &c)
    }
}

struct ReportJSON: Encodable, Sendable {
    var report: ProgressReport
    /// Units of the plan's indicators, for each value's gap.
    var units: [Int: IndicatorUnit] = [:]

    enum Keys: String, CodingKey {
        case id, planId, periodId, institutionId, status, version, submittedOn, narrative, measures, values
    }

    struct Measure: Encodable {
        var nodeId: Int
        var status: String
        var narrative: String
    }

    struct Value: Encodable {
        var parts: ValueParts
        enum Keys: String, CodingKey { case indicatorId, note, source }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(parts.value.indicatorId, forKey: .indicatorId)
            try c.encode(parts.value.note, forKey: .note)
            try c.encode(parts.value.source, forKey: .source)
            try parts.encode(to: encoder)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.id, forKey: .id)
        try c.encode(report.planId, forKey: .planId)
        try c.encode(report.periodId, forKey: .periodId)
        try c.encode(report.institutionId, forKey: .institutionId)
        try c.encode(report.status.rawValue, forKey: .status)
        try c.encode(report.version, forKey: .version)
        try c.encode(report.submittedOn?.description, forKey: .submittedOn)
        try c.encode(report.fields.narrative, forKey: .narrative)
        try c.encode(report.fields.measures.map { Measure(nodeId: $0.nodeId, status: $0.status.rawValue, narrative: $0.narrative) }, forKey: .measures)
        try c.encode(report.fields.values.map { Value(parts: ValueParts(value: $0, unit: units[$0.indicatorId])) }, forKey: .values)
    }
}

struct ReportEventJSON: Encodable, Sendable {
    var action: String
    var status: String
    var comment: String
    var actorUserId: Int?
    var actorName: String
    var at: String

    init(_ event: ReportEvent) {
        action = event.action
        status = event.status.rawValue
        comment = event.comment
        actorUserId = event.actor.userId
        actorName = event.actor.name
        at = event.at
    }

    enum Keys: String, CodingKey { case action, status, comment, actorUserId, actorName, at }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(action, forKey: .action)
        try c.encode(status, forKey: .status)
        try c.encode(comment, forKey: .comment)
        try c.encode(actorUserId, forKey: .actorUserId)
        try c.encode(actorName, forKey: .actorName)
        try c.encode(at, forKey: .at)
    }
}

/// One item of `GET /indicators/{id}/values`.
struct ReadingJSON: Encodable, Sendable {
    var reading: IndicatorReading
    var unit: IndicatorUnit

    enum Keys: String, CodingKey { case periodId, period, source, institutionId, reportId, note, status }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(reading.period.id, forKey: .periodId)
        try c.encode(reading.period.fields.name, forKey: .period)
        try c.encode(reading.source, forKey: .source)
        try c.encode(reading.institutionId, forKey: .institutionId)
        try c.encode(reading.reportId, forKey: .reportId)
        try c.encode(reading.value.note, forKey: .note)
        try c.encode(reading.status, forKey: .status)
        try ValueParts(value: reading.value, unit: unit).encode(to: encoder)
    }
}

/// `{"items":[…]}` for lists that are never paged (a plan's periods, a report's history).
struct ItemsJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}

/// Turns API JSON into periods and report content.
enum ReportInput {
    static func period(_ input: inout JSONInput, onto base: PeriodFields?) -> PeriodFields {
        input.require("name", "start", "end")
        var fields = base ?? PeriodFields(name: "", start: .epoch, end: .epoch)
        if let value = input.string("name") { fields.name = value }
        for key in ["start", "end"] {
            switch input.day(key) {
            case .some(.some(let day)): if key == "start" { fields.start = day } else { fields.end = day }
            // null was reported by `require` above; "" is reported here, once
            case .some(.none): if !input.errors.contains(where: { $0.field == key }) { input.fail(key, "required") }
            case .none: break
            }
        }
        if case .some(let value) = input.day("due") { fields.due = value }
        return fields
    }

    /// Numbers as the reader takes them; the indicator's unit says which are meant.
    static let anyNumber = -1e15...1e15

    /// A PATCH body: `narrative`, `measures` and `values` each replace what the report had when
    /// given, and stay as they were when left out.
    static func content(_ input: inout JSONInput, onto base: ReportContent?) -> ReportContent {
        var content = base ?? ReportContent()
        if let value = input.string("narrative") { content.narrative = value }
        if let measures = input.objects("measures", { nested -> ReportMeasure? in
            nested.require("node_id", "status")
            let node = nested.int("node_id")
            let status = nested.choice("status", MeasureStatus.self)
            let narrative = nested.string("narrative") ?? ""
            guard let node, let status else { return nil }
            return ReportMeasure(nodeId: node, status: status, narrative: narrative)
        }) { content.measures = measures }
        if let values = input.objects("values", { nested -> ReportValue? in
            nested.require("indicator_id")
            let indicator = nested.int("indicator_id")
            var value = ReportValue(indicatorId: indicator ?? 0)
            value.value = nested.optionalNumber("value", in: anyNumber) ?? nil
            value.female = nested.optionalNumber("female", in: anyNumber) ?? nil
            value.male = nested.optionalNumber("male", in: anyNumber) ?? nil
            value.other = nested.optionalNumber("other", in: anyNumber) ?? nil
            value.unknown = nested.optionalNumber("unknown", in: anyNumber) ?? nil
            value.note = nested.string("note") ?? ""
            value.source = nested.string("source") ?? ""
            if let ages = nested.objects("by_age", { band -> AgeValue? in
                band.require("band")
                var age = AgeValue(band: band.string("band") ?? "")
                age.female = band.optionalNumber("female", in: anyNumber) ?? nil
                age.male = band.optionalNumber("male", in: anyNumber) ?? nil
                age.other = band.optionalNumber("other", in: anyNumber) ?? nil
                age.unknown = band.optionalNumber("unknown", in: anyNumber) ?? nil
                return age
            }) { value.byAge = ages }
            return indicator == nil ? nil : value
        }) { content.values = values }
        return content
    }
}

extension PeriodFields: PlanRoute.CheckedFields {}
extension ReportContent: PlanRoute.CheckedFields {}
