import Foundation
import WPSCore
import WPSFormats
import WPSStorage

struct AreaJSON: Encodable, Sendable {
    struct Label: Encodable, Sendable {
        var language: String
        var label: String
    }

    var code: String
    var label: String
    var labels: [Label]

    init(area: ExpertiseArea, language: UILanguage) {
        code = area.code
        label = area.label(language.rawValue)
        labels = area.labels.sorted { $0.key < $1.key }.map { Label(language: $0.key, label: $0.value) }
    }
}

struct ExpertJSON: Encodable, Sendable {
    struct Language: Encodable, Sendable {
        var code: String
        var level: String
    }

    struct Certificate: Encodable, Sendable {
        var title: String
        var issuer: String
        var year: Int?

        enum CodingKeys: String, CodingKey { case title, issuer, year }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(issuer, forKey: .issuer)
            try c.encode(year, forKey: .year)
        }
    }

    struct Biography: Encodable, Sendable {
        var language: String
        var text: String
    }

    struct Period: Encodable, Sendable {
        var from: String
        var to: String
        var available: Bool
    }

    var id: Int
    var personId: Int
    var name: String
    var areas: [String]
    var languages: [Language]
    var countriesWorked: [String]
    var certifications: [Certificate]
    var biography: [Biography]
    var availability: [Period]
    var listed: Bool
    var trainingsDelivered: Int
    var missionsCompleted: Int
    var version: Int

    init(expert: Expert, record: ExpertRecord, today: Day) {
        let f = expert.fields
        id = expert.id
        personId = f.personId
        name = expert.name
        areas = f.areas
        languages = f.languages.map { Language(code: $0.code, level: $0.level.rawValue) }
        countriesWorked = f.countriesWorked
        certifications = f.certifications.map { Certificate(title: $0.title, issuer: $0.issuer, year: $0.year) }
        biography = f.biography.sorted { $0.key < $1.key }.map { Biography(language: $0.key, text: $0.value) }
        availability = f.availability.map { Period(from: $0.from.description, to: $0.to.description, available: $0.available) }
        listed = f.listed
        trainingsDelivered = record.trainings.count
        missionsCompleted = record.missions.filter { $0.end < today }.count
        version = expert.version
    }
}

struct RequestJSON: Encodable, Sendable {
    struct Requester: Encodable, Sendable {
        var name: String
        var organisation: String
        var email: String
    }

    var id: Int
    var title: String
    var institutionId: Int?
    var areas: [String]
    var languages: [String]
    var country: String?
    var city: String
    var start: String
    var end: String
    var format: String
    var audience: String
    var expertsNeeded: Int
    var description: String
    var status: String
    var confirmed: Bool
    var version: Int
    /// Who sent a public request: for the secretariat only.
    var requester: Requester?

    init(request: ExpertiseRequest, secretariat: Bool) {
        let f = request.fields
        id = request.id
        title = f.title
        institutionId = f.institutionId
        areas = f.areas
        languages = f.languages
        country = f.country
        city = f.city
        start = f.start.description
        end = f.end.description
        format = f.format.rawValue
        audience = f.audience
        expertsNeeded = f.expertsNeeded
        description = f.description
        status = request.status.rawValue
        confirmed = request.confirmed
        version = request.version
        requester = secretariat && f.institutionId == nil
            ? Requester(name: f.requesterName, organisation: f.requesterOrganisation, email: f.requesterEmail) : nil
    }

    enum CodingKeys: String, CodingKey {
        case id, title, institutionId, areas, languages, country, city, start, end, format, audience, expertsNeeded, description, status, confirmed, version
        case requester
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(institutionId, forKey: .institutionId)
        try c.encode(areas, forKey: .areas)
        try c.encode(languages, forKey: .languages)
        try c.encode(country, forKey: .country)
        try c.encode(city, forKey: .city)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(format, forKey: .format)
        try c.encode(audience, forKey: .audience)
        try c.encode(expertsNeeded, forKey: .expertsNeeded)
        try c.encode(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(confirmed, forKey: .confirmed)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(requester, forKey: .requester)
    }
}

struct ReasonJSON: Encodable, Sendable {
    var code: String
    var text: String
}

struct MatchJSON: Encodable, Sendable {
    var expertId: Int
    var name: String
    var score: Double
    var parts: Parts
    var reasons: [ReasonJSON]
    var conflict: Bool
    var recentMissions: Int

    struct Parts: Encodable, Sendable {
        var areas: Double
        var trainings: Double
        var missions: Double
        var feedback: Double
        var language: Double
        var region: Double

        init(_ parts: [String: Double]) {
            areas = parts["areas"] ?? 0
            trainings = parts["trainings"] ?? 0
            missions = parts["missions"] ?? 0
            feedback = parts["feedback"] ?? 0
            language = parts["language"] ?? 0
            region = parts["region"] ?? 0
        }
    }
}

struct ExcludedJSON: Encodable, Sendable {
    var expertId: Int
    var name: String
    var reasons: [ReasonJSON]
}

struct MatchListJSON: Encodable, Sendable {
    var items: [MatchJSON]
    var excluded: [ExcludedJSON]

    init(_ found: RequestMatches, phrases: ExpertisePhrases) {
        items = found.matches.map { match in
            MatchJSON(
                expertId: match.expertId, name: found.experts[match.expertId]?.name ?? "", score: match.score, parts: MatchJSON.Parts(match.parts),
                reasons: match.reasons.map { ReasonJSON(code: $0.code, text: phrases.reason($0)) }, conflict: match.conflict,
                recentMissions: match.recentMissions)
        }
        excluded = found.excluded.map { left in
            ExcludedJSON(
                expertId: left.expertId, name: found.experts[left.expertId]?.name ?? "",
                reasons: left.reasons.map { ReasonJSON(code: $0.code, text: phrases.reason($0)) })
        }
    }
}

struct AssignmentJSON: Encodable, Sendable {
    struct Feedback: Encodable, Sendable {
        var score: Int
        var text: String
    }

    var id: Int
    var requestId: Int
    var expertId: Int
    var status: String
    var activityId: Int?
    var report: String
    var reportedAt: String?
    var feedback: Feedback?

    init(assignment: Assignment) {
        id = assignment.id
        requestId = assignment.requestId
        expertId = assignment.expertId
        status = assignment.status.rawValue
        activityId = assignment.activityId
        report = assignment.report
        reportedAt = assignment.reportedAt
        feedback = assignment.feedbackScore.map { Feedback(score: $0, text: assignment.feedbackText) }
    }

    enum CodingKeys: String, CodingKey { case id, requestId, expertId, status, activityId, report, reportedAt, feedback }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(requestId, forKey: .requestId)
        try c.encode(expertId, forKey: .expertId)
        try c.encode(status, forKey: .status)
        try c.encode(activityId, forKey: .activityId)
        try c.encode(report, forKey: .report)
        try c.encode(reportedAt, forKey: .reportedAt)
        try c.encode(feedback, forKey: .feedback)
    }
}

struct CohortJSON: Encodable, Sendable {
    var id: Int
    var title: String
    var programme: String
    var start: String
    var end: String
    var institutionId: Int?
    var coordinatorUserId: Int?

    init(cohort: CoachingCohort) {
        id = cohort.id
        title = cohort.fields.title
        programme = cohort.fields.programme
        start = cohort.fields.start.description
        end = cohort.fields.end.description
        institutionId = cohort.fields.institutionId
        coordinatorUserId = cohort.coordinatorUserId
    }

    enum CodingKeys: String, CodingKey { case id, title, programme, start, end, institutionId, coordinatorUserId }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(programme, forKey: .programme)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(institutionId, forKey: .institutionId)
        try c.encode(coordinatorUserId, forKey: .coordinatorUserId)
    }
}

/// A pairing; the coachee's keys are absent for anyone but the coach and the coordinator.
struct PairingJSON: Encodable, Sendable {
    var pairing: CoachingPairing

    enum Keys: String, CodingKey { case id, cohortId, coachExpertId, coachName, coacheePersonId, coacheeName, sessions, minutes, lastSession }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(pairing.id, forKey: .id)
        try c.encode(pairing.cohortId, forKey: .cohortId)
        try c.encode(pairing.coachExpertId, forKey: .coachExpertId)
        try c.encode(pairing.coachName, forKey: .coachName)
        try c.encodeIfPresent(pairing.coacheePersonId, forKey: .coacheePersonId)
        try c.encodeIfPresent(pairing.coacheeName, forKey: .coacheeName)
        try c.encode(pairing.sessions, forKey: .sessions)
        try c.encode(pairing.minutes, forKey: .minutes)
        try c.encode(pairing.lastSession?.description, forKey: .lastSession)
    }
}

/// A session; `topics` and `notes` are absent for anyone but its coach.
struct SessionJSON: Encodable, Sendable {
    var session: CoachingSession

    enum Keys: String, CodingKey { case id, pairingId, date, minutes, mode, topics, notes }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(session.id, forKey: .id)
        try c.encode(session.pairingId, forKey: .pairingId)
        try c.encode(session.date.description, forKey: .date)
        try c.encode(session.minutes, forKey: .minutes)
        try c.encode(session.mode.rawValue, forKey: .mode)
        try c.encodeIfPresent(session.topics?.map(\.rawValue), forKey: .topics)
        try c.encodeIfPresent(session.notes, forKey: .notes)
    }
}

struct TopicCountsJSON: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var topic: String
        var sessions: Int?
        var withheld: Bool

        enum CodingKeys: String, CodingKey { case topic, sessions, withheld }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(topic, forKey: .topic)
            try c.encode(sessions, forKey: .sessions)
            try c.encode(withheld, forKey: .withheld)
        }
    }

    var threshold: Int
    var items: [Row]

    init(_ topics: CohortTopics) {
        threshold = topics.threshold
        items = topics.counts.map { Row(topic: $0.topic.rawValue, sessions: $0.sessions, withheld: $0.sessions == nil) }
    }
}

/// Reading the expertise slice's JSON bodies.
enum ExpertiseInput {
    static func expert(_ input: inout JSONInput, onto base: ExpertFields?) -> ExpertFields {
        var fields = base ?? ExpertFields(personId: 0)
        if base == nil {
            input.require("person_id")
            if let value = input.int("person_id") { fields.personId = value }
        } else if input.has("person_id") {
            input.fail("person_id", "read_only")
        }
        if let value = input.strings("areas") { fields.areas = value }
        if let value = input.objects("languages", { nested -> ExpertLanguage? in
            nested.require("code", "level")
            let code = nested.string("code")
            let level = nested.choice("level", LanguageLevel.self)
            guard let code, let level else { return nil }
            if code.range(of: ExpertFields.languageCodePattern, options: .regularExpression) == nil {
                nested.fail("code", "invalid_language", .string(code))
                return nil
            }
            return ExpertLanguage(code: code, level: level)
        }) { fields.languages = value }
        if let value = input.strings("countries_worked") {
            for (index, code) in value.enumerated() where code.range(of: "^[A-Za-z]{2}$", options: .regularExpression) == nil {
                input.fail("countries_worked[\(index)]", "invalid_country", .string(code))
            }
            fields.countriesWorked = value
        }
        if let value = input.objects("certifications", { nested -> Certification? in
            nested.require("title")
            let title = nested.string("title")
            let issuer = nested.string("issuer") ?? ""
            let year = nested.optionalInt("year", in: 1950...2100) ?? nil
            guard let title else { return nil }
            return Certification(title: title, issuer: issuer, year: year)
        }) { fields.certifications = value }
        var biographyLines = 0
        if let value = input.objects("biography", { nested -> (String, String)? in
            nested.require("language", "text")
            guard let language = nested.string("language"), let text = nested.string("text") else { return nil }
            if language.range(of: #"^[a-z]{2}(-[A-Za-z]{4})?$"#, options: .regularExpression) == nil {
                nested.fail("language", "invalid_language", .string(language))
                return nil
            }
            return (language, text)
        }) {
            biographyLines = value.count
            fields.biography = Dictionary(value, uniquingKeysWith: { _, last in last })
        }
        if let value = input.objects("availability", { nested -> AvailabilityPeriod? in
            nested.require("from", "to")
            let from = nested.day("from")
            let to = nested.day("to")
            let available = nested.bool("available") ?? true
            guard case .some(.some(let start)) = from, case .some(.some(let end)) = to else {
                if case .some(.none) = from { nested.fail("from", "required") }
                if case .some(.none) = to { nested.fail("to", "required") }
                return nil
            }
            return AvailabilityPeriod(from: start, to: end, available: available)
        }) { fields.availability = value }
        if let value = input.bool("listed") { fields.listed = value }
        input.rejectUnknown(["person_id", "areas", "languages", "countries_worked", "certifications", "biography", "availability", "listed", "version"])
        // The document's maxItems hold for the lists as sent (before repeats are dropped)
        for (key, count, limit) in [("areas", fields.areas.count, 30), ("languages", fields.languages.count, 30),
                                    ("countries_worked", fields.countriesWorked.count, 100), ("certifications", fields.certifications.count, 100),
                                    ("availability", fields.availability.count, 100)] where count > limit {
            input.fail(key, "too_many")
        }
        if biographyLines > 10 { input.fail("biography", "too_many") }
        return fields
    }

    static func request(_ input: inout JSONInput, onto base: ExpertiseRequestFields?) -> ExpertiseRequestFields {
        var fields = base ?? ExpertiseRequestFields(title: "", areas: [], languages: [], start: .epoch, end: .epoch)
        if base == nil { input.require("title", "areas", "languages", "start", "end") }
        if let value = input.string("title") { fields.title = value }
        if case .some(let value) = input.optionalInt("institution_id") { fields.institutionId = value }
        if let value = input.strings("areas") { fields.areas = value }
        if let value = input.strings("languages") {
            for (index, code) in value.enumerated() where code.range(of: ExpertFields.languageCodePattern, options: .regularExpression) == nil {
                input.fail("languages[\(index)]", "invalid_language", .string(code))
            }
            fields.languages = value
        }
        if input.has("country") { fields.country = input.string("country", nullable: true).flatMap { $0.isEmpty ? nil : $0 } }
        if let value = input.string("city") { fields.city = value }
        for key in ["start", "end"] {
            switch input.day(key) {
            case .some(.some(let day)): if key == "start" { fields.start = day } else { fields.end = day }
            case .some(.none): if !input.errors.contains(where: { $0.field == key }) { input.fail(key, "required") }
            case .none: break
            }
        }
        if let value = input.choice("format", MissionFormat.self) { fields.format = value }
        if let value = input.string("audience") { fields.audience = value }
        if let value = input.int("experts_needed", in: 1...20) { fields.expertsNeeded = value }
        if let value = input.string("description") { fields.description = value }
        if let value = input.string("requester_name") { fields.requesterName = value }
        if let value = input.string("requester_organisation") { fields.requesterOrganisation = value }
        if let value = input.string("requester_email") { fields.requesterEmail = value }
        input.rejectUnknown([
            "title", "institution_id", "areas", "languages", "country", "city", "start", "end", "format", "audience", "experts_needed", "description",
            "requester_name", "requester_organisation", "requester_email", "status", "confirmed", "version",
        ])
        return fields
    }
}

extension ExpertFields: PlanRoute.CheckedFields {}
extension ExpertiseRequestFields: PlanRoute.CheckedFields {}
