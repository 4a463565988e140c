/// What kind of event an activity is (DESIGN §2.3).
public enum ActivityKind: String, Codable, Sendable, CaseIterable {
    case meeting
    case boardSession = "board_session"
    case conference
    case trainingOfTrainers = "training_of_trainers"
    case seminar
    case workshop
    case campaign
    case mediaAppearance = "media_appearance"
    case studyVisit = "study_visit"
    case expertMission = "expert_mission"
    case coachingSession = "coaching_session"

    /// Kinds where someone trains others: they have trainers.
    public var isTraining: Bool { [.trainingOfTrainers, .seminar, .workshop, .coachingSession].contains(self) }
}

/// What the editors of an activity write: what, when, where, who organised and paid for it,
/// what it serves (plan measures, a project, a network or board), what it reviewed, its agenda
/// and outputs. The owning institution keeps the record: its editors change it, and
/// `institution` visibility means its members.
public struct ActivityFields: Sendable, Equatable, Codable {
    public var kind: ActivityKind
    public var title: String
    public var titleEn: String
    public var start: Day
    public var end: Day
    public var city: String
    /// ISO 3166 alpha-2; nil with `online`.
    public var country: String?
    public var online: Bool
    public var ownerId: Int
    public var organiserIds: [Int]
    public var funderIds: [Int]
    /// The project it belongs to.
    public var projectId: Int?
    public var networkId: Int?
    public var measureIds: [Int]
    /// Progress reports of plans it reviewed (a board session reviewing national reports).
    public var reviewedReportIds: [Int]
    /// Evaluations of plans it reviewed.
    public var reviewedEvaluationIds: [Int]
    public var trainerIds: [Int]
    public var agenda: String
    /// Conclusions, recommendations, a project concept: what came out of it.
    public var outputs: String
    public var visibility: Visibility
    /// Areas of expertise it was about (codes of the taxonomy): what a trainer's profile counts.
    public var areas: [String]

    public init(
        kind: ActivityKind, title: String, titleEn: String = "", start: Day, end: Day, city: String = "", country: String? = nil,
        online: Bool = false, ownerId: Int, organiserIds: [Int] = [], funderIds: [Int] = [], projectId: Int? = nil, networkId: Int? = nil,
        measureIds: [Int] = [], reviewedReportIds: [Int] = [], reviewedEvaluationIds: [Int] = [], trainerIds: [Int] = [],
        agenda: String = "", outputs: String = "", visibility: Visibility = .public, areas: [String] = []
    ) {
        self.kind = kind
        self.title = title
        self.titleEn = titleEn
        self.start = start
        self.end = end
        self.city = city
        self.country = country
        self.online = online
        self.ownerId = ownerId
        self.organiserIds = organiserIds
        self.funderIds = funderIds
        self.projectId = projectId
        self.networkId = networkId
        self.measureIds = measureIds
        self.reviewedReportIds = reviewedReportIds
        self.reviewedEvaluationIds = reviewedEvaluationIds
        self.trainerIds = trainerIds
        self.agenda = agenda
        self.outputs = outputs
        self.visibility = visibility
        self.areas = areas
    }

    public var searchText: String { TextFolding.fold("\(title) \(titleEn) \(city)") }

    /// The links an activity keeps to other records, by the name its JSON gives them.
    public var links: [(name: String, ids: [Int])] {
        [("organiser_ids", organiserIds), ("funder_ids", funderIds), ("measure_ids", measureIds), ("reviewed_report_ids", reviewedReportIds),
         ("reviewed_evaluation_ids", reviewedEvaluationIds), ("trainer_ids", trainerIds)]
    }

    /// The rules that need nothing but the fields themselves.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 500)
        errors.checkText("title_en", titleEn, required: false, maxLength: 500)
        errors.checkText("city", city, required: false, maxLength: 200)
        errors.checkText("agenda", agenda, required: false, maxLength: 20_000)
        errors.checkText("outputs", outputs, required: false, maxLength: 20_000)
        if end < start { errors.add("end", "before_start", end.description) }
        if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
            errors.add("country", "not_iso_3166", String(country.prefix(20)))
        }
        if country == nil, !online { errors.add("country", "required") }
        if !trainerIds.isEmpty, !kind.isTraining, kind != .expertMission { errors.add("trainer_ids", "only_for_trainings") }
        if areas.count > 30 { errors.add("areas", "too_many") }
        for (index, area) in areas.enumerated() where area.count > 60 { errors.add("areas[\(index)]", "too_long", String(area.prefix(40))) }
        for (name, ids) in links {
            if Set(ids).count != ids.count { errors.add(name, "repeated") }
            if ids.count > 200 { errors.add(name, "too_many", String(ids.count)) }
        }
        return errors.all
    }

    public func trimmed() -> ActivityFields {
        var copy = self
        copy.title = title.trimmed
        copy.titleEn = titleEn.trimmed
        copy.city = city.trimmed
        copy.agenda = agenda.trimmed
        copy.outputs = outputs.trimmed
        if let country { copy.country = country.trimmed.isEmpty ? nil : country.trimmed.uppercased() }
        var seen = Set<String>()
        copy.areas = areas.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        return copy
    }
}

/// Participants by sex: from the people listed (each counted by the sex the directory records)
/// and the counts entered for those not listed.
public struct SexCounts: Sendable, Equatable, Codable {
    public var female: Int
    public var male: Int
    public var other: Int
    public var unknown: Int

    public init(female: Int = 0, male: Int = 0, other: Int = 0, unknown: Int = 0) {
        self.female = female
        self.male = male
        self.other = other
        self.unknown = unknown
    }

    public var total: Int { female + male + other + unknown }

    public static func + (lhs: SexCounts, rhs: SexCounts) -> SexCounts {
        SexCounts(female: lhs.female + rhs.female, male: lhs.male + rhs.male, other: lhs.other + rhs.other, unknown: lhs.unknown + rhs.unknown)
    }

    /// One person of the directory, by the sex it records.
    public static func one(_ sex: Sex) -> SexCounts {
        switch sex {
        case .female: SexCounts(female: 1)
        case .male: SexCounts(male: 1)
        case .other: SexCounts(other: 1)
        case .notRecorded: SexCounts(unknown: 1)
        }
    }

    /// The largest count one line may carry: more people than any event has.
    public static let largest = 1_000_000
}

/// One line of an activity's participants: a person of the directory (with the institution she
/// came from), or counts by sex of people not listed, optionally of one kind and level of
/// institution; a stated total that differs from the counts' sum is kept, and the gap shown.
public struct ParticipantFields: Sendable, Equatable, Codable {
    public var personId: Int?
    public var institutionId: Int?
    public var counts: SexCounts?
    public var statedTotal: Int?
    public var institutionKind: String
    public var level: String

    public init(
        personId: Int? = nil, institutionId: Int? = nil, counts: SexCounts? = nil, statedTotal: Int? = nil, institutionKind: String = "",
        level: String = ""
    ) {
        self.personId = personId
        self.institutionId = institutionId
        self.counts = counts
        self.statedTotal = statedTotal
        self.institutionKind = institutionKind
        self.level = level
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        switch (personId, counts) {
        case (nil, nil): errors.add("person_id", "person_or_counts")
        case (.some, .some): errors.add("female", "person_or_counts")
        case (nil, .some(let counts)):
            for (name, value) in [("female", counts.female), ("male", counts.male), ("other", counts.other), ("unknown", counts.unknown)]
            where !(0...SexCounts.largest).contains(value) {
                errors.add(name, "out_of_range", String(value))
            }
            if counts.total == 0, statedTotal == nil { errors.add("female", "no_one_counted") }
        case (.some, nil):
            if statedTotal != nil { errors.add("total", "only_for_counts") }
        }
        if let statedTotal, !(0...SexCounts.largest).contains(statedTotal) { errors.add("total", "out_of_range", String(statedTotal)) }
        if !institutionKind.isEmpty, InstitutionKind(rawValue: institutionKind) == nil {
            errors.add("institution_kind", "invalid_value", String(institutionKind.prefix(60)))
        }
        errors.checkText("level", level, required: false, maxLength: 60)
        return errors.all
    }

    public func trimmed() -> ParticipantFields {
        var copy = self
        copy.institutionKind = institutionKind.trimmed
        copy.level = level.trimmed
        return copy
    }
}

public struct Participant: Sendable, Equatable {
    public var id: Int
    public var activityId: Int
    public var fields: ParticipantFields
    /// For a listed person: her name and sex as the directory has them.
    public var name: String
    public var sex: Sex?

    public init(id: Int, activityId: Int, fields: ParticipantFields, name: String = "", sex: Sex? = nil) {
        self.id = id
        self.activityId = activityId
        self.fields = fields
        self.name = name
        self.sex = sex
    }

    /// What the line adds to the activity's participants by sex.
    public var counts: SexCounts { fields.counts ?? sex.map(SexCounts.one) ?? SexCounts() }

    /// A counts line's stated total minus its counts, when they differ.
    public var gap: Int? {
        guard let stated = fields.statedTotal, fields.counts != nil else { return nil }
        let gap = stated - counts.total
        return gap == 0 ? nil : gap
    }
}

/// An activity with its participants by sex (derived from its participant lines).
public struct Activity: Sendable, Equatable, Codable, VersionedRecord {
    public var id: Int
    public var fields: ActivityFields
    public var participants: SexCounts
    /// The stated totals of counts lines minus their counts, added up (0 when all agree).
    public var participantGap: Int
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: ActivityFields, participants: SexCounts = SexCounts(), participantGap: Int = 0, version: Int = 1, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.participants = participants
        self.participantGap = participantGap
        self.version = version
        self.deleted = deleted
    }
}

/// What a plan's page shows of an activity serving its measures: enough to list it under each
/// measure and to sum the plan's coverage, without the rest of its record (a plan served by
/// thousands of activities is read in one query).
public struct ServingActivity: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var start: Day
    public var end: Day
    /// The measures it serves among those asked for, in its own order.
    public var measureIds: [Int]
    public var participants: SexCounts

    public init(id: Int, title: String, start: Day, end: Day, measureIds: [Int], participants: SexCounts) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.measureIds = measureIds
        self.participants = participants
    }
}
