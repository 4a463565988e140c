/// How a coaching session was held.
public enum CoachingMode: String, Sendable, CaseIterable, Codable {
    case inPerson = "in_person", remote
}

/// The Gender Coach Programme's list of session topics.
public enum CoachingTopic: String, Sendable, CaseIterable, Codable {
    case leadership
    case genderPerspectiveInOperations = "gender_perspective_in_operations"
    case recruitmentAndRetention = "recruitment_and_retention"
    case harassmentPrevention = "harassment_prevention"
    case workLifeBalance = "work_life_balance"
    case genderAnalysis = "gender_analysis"
    case unscr1325Implementation = "unscr_1325_implementation"
    case communication
}

/// A cohort of the programme: a period, an institution whose decision makers are coached, and
/// the account that coordinates it.
public struct CoachingCohortFields: Sendable, Equatable {
    public var title: String
    public var programme: String
    public var start: Day
    public var end: Day
    public var institutionId: Int?

    public init(title: String, programme: String = "Gender Coach Programme", start: Day, end: Day, institutionId: Int? = nil) {
        self.title = title
        self.programme = programme
        self.start = start
        self.end = end
        self.institutionId = institutionId
    }

    public func trimmed() -> CoachingCohortFields {
        var fields = self
        fields.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        fields.programme = programme.trimmingCharacters(in: .whitespacesAndNewlines)
        return fields
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 300)
        errors.checkText("programme", programme, required: false, maxLength: 300)
        if end < start { errors.add("end", "before_start", end.description) }
        return errors.all
    }
}

public struct CoachingCohort: Sendable, Equatable {
    public var id: Int
    public var fields: CoachingCohortFields
    /// The account that coordinates it; nil: the secretariat does.
    public var coordinatorUserId: Int?

    public init(id: Int, fields: CoachingCohortFields, coordinatorUserId: Int?) {
        self.id = id
        self.fields = fields
        self.coordinatorUserId = coordinatorUserId
    }
}

/// A coach and a coachee, with what anyone who may see the pairing may know: counts of
/// sessions and minutes and the last session's day. `coacheePersonId` and `coacheeName` are nil
/// for anyone but the coach and the cohort's coordinator.
public struct CoachingPairing: Sendable, Equatable {
    public var id: Int
    public var cohortId: Int
    public var coachExpertId: Int
    public var coachName: String
    public var coacheePersonId: Int?
    public var coacheeName: String?
    public var sessions: Int
    public var minutes: Int
    public var lastSession: Day?

    public init(
        id: Int, cohortId: Int, coachExpertId: Int, coachName: String, coacheePersonId: Int?, coacheeName: String?, sessions: Int = 0, minutes: Int = 0,
        lastSession: Day? = nil
    ) {
        self.id = id
        self.cohortId = cohortId
        self.coachExpertId = coachExpertId
        self.coachName = coachName
        self.coacheePersonId = coacheePersonId
        self.coacheeName = coacheeName
        self.sessions = sessions
        self.minutes = minutes
        self.lastSession = lastSession
    }
}

/// What a coach records of a session. The notes are hers alone.
public struct CoachingSessionFields: Sendable, Equatable {
    public var date: Day
    public var minutes: Int
    public var mode: CoachingMode
    public var topics: [CoachingTopic]
    public var notes: String

    public init(date: Day, minutes: Int, mode: CoachingMode, topics: [CoachingTopic] = [], notes: String = "") {
        self.date = date
        self.minutes = minutes
        self.mode = mode
        self.topics = topics
        self.notes = notes
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if !(1...1_440).contains(minutes) { errors.add("minutes", "out_of_range", String(minutes)) }
        errors.checkText("notes", notes, required: false, maxLength: 20_000)
        return errors.all
    }
}

/// A session as one viewer may see it: `topics` and `notes` only for its coach.
public struct CoachingSession: Sendable, Equatable {
    public var id: Int
    public var pairingId: Int
    public var date: Day
    public var minutes: Int
    public var mode: CoachingMode
    public var topics: [CoachingTopic]?
    public var notes: String?

    public init(id: Int, pairingId: Int, date: Day, minutes: Int, mode: CoachingMode, topics: [CoachingTopic]?, notes: String?) {
        self.id = id
        self.pairingId = pairingId
        self.date = date
        self.minutes = minutes
        self.mode = mode
        self.topics = topics
        self.notes = notes
    }
}

/// A cohort's topics as counts of sessions, each below `k` withheld (nil), as any small count.
public struct CohortTopics: Sendable, Equatable {
    public var counts: [(topic: CoachingTopic, sessions: Int?)]
    public var threshold: Int

    public init(counts: [(topic: CoachingTopic, sessions: Int?)], threshold: Int) {
        self.counts = counts
        self.threshold = threshold
    }

    public static func == (lhs: CohortTopics, rhs: CohortTopics) -> Bool {
        lhs.threshold == rhs.threshold && lhs.counts.map(\.topic) == rhs.counts.map(\.topic) && lhs.counts.map(\.sessions) == rhs.counts.map(\.sessions)
    }

    /// Counts of 1 to k−1 are withheld; zero is shown (no session had the topic).
    public static func withheld(_ raw: [CoachingTopic: Int], threshold: Int) -> CohortTopics {
        CohortTopics(
            counts: CoachingTopic.allCases.map { topic in
                let n = raw[topic] ?? 0
                return (topic, n > 0 && n < threshold ? nil : n)
            }, threshold: threshold)
    }
}
