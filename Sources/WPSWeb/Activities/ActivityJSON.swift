import Foundation
import WPSCore
import WPSFormats

/// The JSON shapes of activities, their participants and the reach figures.
struct SexCountsJSON: Encodable, Sendable {
    var counts: SexCounts
    enum Keys: String, CodingKey { case female, male, other, unknown, total }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(counts.female, forKey: .female)
        try c.encode(counts.male, forKey: .male)
        try c.encode(counts.other, forKey: .other)
        try c.encode(counts.unknown, forKey: .unknown)
        try c.encode(counts.total, forKey: .total)
    }
}

struct ActivityJSON: Encodable, Sendable {
    var activity: Activity

    enum Keys: String, CodingKey {
        case id, kind, title, titleEn, start, end, city, country, online, ownerId, organiserIds, funderIds, projectId, networkId, measureIds
        case reviewedReportIds, reviewedEvaluationIds, trainerIds, areas, agenda, outputs, participants, participantGap, visibility, version, deleted
    }

    func encode(to encoder: any Encoder) throws {
        let f = activity.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(activity.id, forKey: .id)
        try c.encode(f.kind.rawValue, forKey: .kind)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.titleEn, forKey: .titleEn)
        try c.encode(f.start.description, forKey: .start)
        try c.encode(f.end.description, forKey: .end)
        try c.encode(f.city, forKey: .city)
        try c.encode(f.country, forKey: .country)
        try c.encode(f.online, forKey: .online)
        try c.encode(f.ownerId, forKey: .ownerId)
        try c.encode(f.organiserIds, forKey: .organiserIds)
        try c.encode(f.funderIds, forKey: .funderIds)
        try c.encode(f.projectId, forKey: .projectId)
        try c.encode(f.networkId, forKey: .networkId)
        try c.encode(f.measureIds, forKey: .measureIds)
        try c.encode(f.reviewedReportIds, forKey: .reviewedReportIds)
        try c.encode(f.reviewedEvaluationIds, forKey: .reviewedEvaluationIds)
        try c.encode(f.trainerIds, forKey: .trainerIds)
        try c.encode(f.areas, forKey: .areas)
        try c.encode(f.agenda, forKey: .agenda)
        try c.encode(f.outputs, forKey: .outputs)
        try c.encode(SexCountsJSON(counts: activity.participants), forKey: .participants)
        try c.encode(activity.participantGap, forKey: .participantGap)
        try c.encode(f.visibility.rawValue, forKey: .visibility)
        try c.encode(activity.version, forKey: .version)
        try c.encode(activity.deleted, forKey: .deleted)
    }
}

struct ParticipantJSON: Encodable, Sendable {
    var participant: Participant

    enum Keys: String, CodingKey {
        case id, kind, personId, name, sex, institutionId, female, male, other, unknown, total, statedTotal, gap, institutionKind, level
    }

    func encode(to encoder: any Encoder) throws {
        let p = participant
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(p.id, forKey: .id)
        // A listed person is "person" even when the caller does not see who (no id, no name)
        try c.encode(p.fields.counts == nil ? "person" : "counts", forKey: .kind)
        try c.encode(p.fields.personId, forKey: .personId)
        try c.encode(p.fields.personId == nil ? nil : p.name, forKey: .name)
        try c.encode(p.fields.counts == nil ? p.sex?.rawValue : nil, forKey: .sex)
        try c.encode(p.fields.institutionId, forKey: .institutionId)
        let counts = p.counts
        try c.encode(counts.female, forKey: .female)
        try c.encode(counts.male, forKey: .male)
        try c.encode(counts.other, forKey: .other)
        try c.encode(counts.unknown, forKey: .unknown)
        try c.encode(counts.total, forKey: .total)
        try c.encode(p.fields.statedTotal, forKey: .statedTotal)
        try c.encode(p.gap, forKey: .gap)
        try c.encode(p.fields.institutionKind, forKey: .institutionKind)
        try c.encode(p.fields.level, forKey: .level)
    }
}

struct CascadeJSON: Encodable, Sendable {
    var result: TrainingCascade.Result

    struct Step: Encodable, Sendable {
        var step: TrainingCascade.Step
        enum Keys: String, CodingKey { case activityId, title, kind, start, end, generation, trainerIds, participants }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let f = step.activity.fields
            try c.encode(step.activity.id, forKey: .activityId)
            try c.encode(f.title, forKey: .title)
            try c.encode(f.kind.rawValue, forKey: .kind)
            try c.encode(f.start.description, forKey: .start)
            try c.encode(f.end.description, forKey: .end)
            try c.encode(step.generation, forKey: .generation)
            try c.encode(f.trainerIds, forKey: .trainerIds)
            try c.encode(SexCountsJSON(counts: step.participants), forKey: .participants)
        }
    }

    enum Keys: String, CodingKey { case generations, people, reach, trainings }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.generations, forKey: .generations)
        try c.encode(result.people, forKey: .people)
        try c.encode(SexCountsJSON(counts: result.reach), forKey: .reach)
        try c.encode(result.steps.map(Step.init), forKey: .trainings)
    }
}

struct AttendanceJSON: Encodable, Sendable {
    var result: AttendanceSheet.Result
    var participants: SexCounts
    enum Keys: String, CodingKey { case listed, counted, participants }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.listed, forKey: .listed)
        try c.encode(result.counted, forKey: .counted)
        try c.encode(SexCountsJSON(counts: participants), forKey: .participants)
    }
}

struct ParticipantListJSON: Encodable, Sendable {
    var items: [ParticipantJSON]
    var names: Bool
    var summary: SexCountsJSON
}

struct ReachJSON: Encodable, Sendable {
    var by: [ReachDimension]
    var rows: [ReachRow]

    struct Row: Encodable, Sendable {
        var row: ReachRow
        var by: [ReachDimension]
        struct Key: CodingKey {
            var stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for dimension in by where dimension != .sex {
                try c.encode(row.keys[dimension] ?? "", forKey: Key(stringValue: dimension.rawValue))
            }
            try c.encode(row.activities, forKey: Key(stringValue: "activities"))
            if by.contains(.sex) {
                for (name, value) in zip(ReportValue.partNames, [row.counts.female, row.counts.male, row.counts.other, row.counts.unknown]) {
                    try c.encode(value, forKey: Key(stringValue: name))
                }
            }
            try c.encode(row.counts.total, forKey: Key(stringValue: "total"))
        }
    }

    enum Keys: String, CodingKey { case by, items }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(by.map(\.rawValue), forKey: .by)
        try c.encode(rows.map { Row(row: $0, by: by) }, forKey: .items)
    }
}

/// Turns API JSON into activity and participant fields.
enum ActivityInput {
    static func activity(_ input: inout JSONInput, onto base: ActivityFields?) -> ActivityFields {
        if base == nil { input.require("kind", "title", "start", "end", "owner_id") }
        var fields = base ?? ActivityFields(kind: .meeting, title: "", start: .epoch, end: .epoch, ownerId: 0)
        if let value = input.choice("kind", ActivityKind.self) { fields.kind = value }
        if let value = input.string("title") { fields.title = value }
        if let value = input.string("title_en") { fields.titleEn = value }
        for key in ["start", "end"] {
            switch input.day(key) {
            case .some(.some(let day)): if key == "start" { fields.start = day } else { fields.end = day }
            case .some(.none): if !input.errors.contains(where: { $0.field == key }) { input.fail(key, "required") }
            case .none: break
            }
        }
        if let value = input.string("city") { fields.city = value }
        if input.has("country") { fields.country = input.string("country", nullable: true).flatMap { $0.isEmpty ? nil : $0 } }
        if let value = input.bool("online") { fields.online = value }
        if let value = input.int("owner_id") { fields.ownerId = value }
        if case .some(let value) = input.optionalInt("network_id") { fields.networkId = value }
        if case .some(let value) = input.optionalInt("project_id") { fields.projectId = value }
        if let value = input.ids("organiser_ids") { fields.organiserIds = value }
        if let value = input.ids("funder_ids") { fields.funderIds = value }
        if let value = input.ids("measure_ids") { fields.measureIds = value }
        if let value = input.ids("reviewed_report_ids") { fields.reviewedReportIds = value }
        if let value = input.ids("reviewed_evaluation_ids") { fields.reviewedEvaluationIds = value }
        if let value = input.ids("trainer_ids") { fields.trainerIds = value }
        if let value = input.strings("areas") { fields.areas = value }
        if let value = input.string("agenda") { fields.agenda = value }
        if let value = input.string("outputs") { fields.outputs = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return fields
    }

    static func participant(_ input: inout JSONInput, onto base: ParticipantFields?) -> ParticipantFields {
        var fields = base ?? ParticipantFields()
        if case .some(let value) = input.optionalInt("person_id") { fields.personId = value }
        if case .some(let value) = input.optionalInt("institution_id") { fields.institutionId = value }
        let range = 0...SexCounts.largest
        let parts = ["female", "male", "other", "unknown"].map { input.optionalInt($0, in: range) }
        if parts.contains(where: { $0 != nil }) {
            let numbers = parts.map { ($0 ?? nil) ?? 0 }
            fields.counts = SexCounts(female: numbers[0], male: numbers[1], other: numbers[2], unknown: numbers[3])
        }
        if case .some(let value) = input.optionalInt("total", in: range) { fields.statedTotal = value }
        if let value = input.string("institution_kind") { fields.institutionKind = value }
        if let value = input.string("level") { fields.level = value }
        return fields
    }
}

extension ActivityFields: PlanRoute.CheckedFields {}
extension ParticipantFields: PlanRoute.CheckedFields {}
