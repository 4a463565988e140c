/// An activity an expert delivered as trainer: a training, or a mission.
public struct DeliveredActivity: Sendable, Equatable {
    public var activityId: Int
    public var end: Day
    public var areas: [String]
    public var country: String?

    public init(activityId: Int, end: Day, areas: [String], country: String?) {
        self.activityId = activityId
        self.end = end
        self.areas = areas
        self.country = country
    }
}

/// What the platform knows of an expert's work, from activities and feedback (never typed).
public struct ExpertRecord: Sendable, Equatable {
    public var trainings: [DeliveredActivity]
    public var missions: [DeliveredActivity]
    public var feedback: [Int]

    public init(trainings: [DeliveredActivity] = [], missions: [DeliveredActivity] = [], feedback: [Int] = []) {
        self.trainings = trainings
        self.missions = missions
        self.feedback = feedback
    }
}

/// Why an expert ranks where she does, or why she is left out; the pages and the JSON say it in
/// the reader's language.
public enum MatchReason: Sendable, Equatable {
    case covers(areas: [String])
    case speaks(language: String, level: LanguageLevel)
    case delivered(count: Int, area: String)
    case missionsCompleted(Int)
    case feedback(average: Double, count: Int)
    case workedIn(country: String)
    case available(from: Day, to: Day)
    case recentMissions(Int)
    case conflict
    case noArea
    case noLanguage
    case unavailable(day: Day)

    public var code: String {
        switch self {
        case .covers: "covers"
        case .speaks: "speaks"
        case .delivered: "delivered"
        case .missionsCompleted: "missions_completed"
        case .feedback: "feedback"
        case .workedIn: "worked_in"
        case .available: "available"
        case .recentMissions: "recent_missions"
        case .conflict: "conflict"
        case .noArea: "no_area"
        case .noLanguage: "no_language"
        case .unavailable: "unavailable"
        }
    }
}

/// One expert ranked for a request: the score, its parts (which add up to it), and the reasons.
public struct ExpertMatch: Sendable, Equatable {
    public var expertId: Int
    public var score: Double
    public var parts: [String: Double]
    public var reasons: [MatchReason]
    public var conflict: Bool
    public var recentMissions: Int
}

/// An expert left out of a request's matches, and why.
public struct ExpertExclusion: Sendable, Equatable {
    public var expertId: Int
    public var reasons: [MatchReason]
}

/// Ranks the roster for a request.
///
/// Only listed experts are considered (one who withdrew consent is neither matched nor listed as
/// left out). An expert is matched when she covers at least one requested area, speaks one
/// requested language at B2 or better (or as her own), and is available on every day of the
/// request. Her score adds up these parts:
///
/// | part | points |
/// |---|---|
/// | `areas` | 40 × the share of the requested areas she covers |
/// | `trainings` | 2 for each training she delivered on a requested area, at most 20 |
/// | `missions` | 3 for each expert mission she completed, at most 15 |
/// | `feedback` | 4 × (average feedback − 3), from −8 to +8, when she has any |
/// | `language` | her best requested language: B2 0, C1 4, C2 6, native 8 |
/// | `region` | 6 when she worked in the request's country (her profile, or an activity there) |
///
/// Among equal scores, the one with fewer missions in the last 12 months ranks first (work is
/// spread), then the lower id. Experts who hold a position in the requesting institution are
/// matched but flagged as a conflict of interest.
public enum ExpertMatching {
    public static let trainingPoints = 2.0, trainingCap = 20.0, missionPoints = 3.0, missionCap = 15.0, regionPoints = 6.0

    public static func languagePoints(_ level: LanguageLevel) -> Double {
        switch level {
        case .native: 8
        case .c2: 6
        case .c1: 4
        default: 0
        }
    }

    /// The requested languages she speaks at B2 or better (or as her own), with her level.
    static func spokenLanguages(_ request: ExpertiseRequestFields, _ profile: ExpertFields) -> [(String, LanguageLevel)] {
        request.languages.compactMap { code in profile.level(of: code).map { (code, $0) } }.filter { $0.1 >= .working }
    }

    /// Why an expert cannot be matched, from her profile alone (empty when she can): no requested
    /// area, no requested language at B2 or better, a day of the request she is not free. The
    /// store reads the records (trainings, missions, feedback) only of those who can.
    public static func leftOut(_ request: ExpertiseRequestFields, _ expert: Expert) -> [MatchReason] {
        let profile = expert.fields
        var why: [MatchReason] = []
        if !request.areas.contains(where: { profile.areas.contains($0) }) { why.append(.noArea) }
        if spokenLanguages(request, profile).isEmpty { why.append(.noLanguage) }
        if let blocked = profile.firstUnavailableDay(from: request.start, to: request.end) { why.append(.unavailable(day: blocked)) }
        return why
    }

    public static func rank(
        _ request: ExpertiseRequestFields, experts: [(expert: Expert, record: ExpertRecord)], today: Day
    ) -> (matches: [ExpertMatch], excluded: [ExpertExclusion]) {
        var matches: [ExpertMatch] = []
        var excluded: [ExpertExclusion] = []
        let yearAgo = today.adding(days: -365)
        for (expert, record) in experts where expert.fields.listed && !expert.deleted {
            let profile = expert.fields
            let covered = request.areas.filter { profile.areas.contains($0) }
            let spoken = spokenLanguages(request, profile)
            let why = leftOut(request, expert)
            guard why.isEmpty, let best = spoken.max(by: { $0.1 < $1.1 }) else {
                excluded.append(ExpertExclusion(expertId: expert.id, reasons: why))
                continue
            }
            var parts: [String: Double] = [:]
            var reasons: [MatchReason] = [.covers(areas: covered)]
            parts["areas"] = (40.0 * Double(covered.count) / Double(max(1, request.areas.count))).rounded(toPlaces: 2)
            reasons.append(.speaks(language: best.0, level: best.1))
            parts["language"] = languagePoints(best.1)
            var trainingCount = 0
            for area in covered {
                let count = record.trainings.filter { $0.areas.contains(area) }.count
                if count > 0 { reasons.append(.delivered(count: count, area: area)) }
            }
            trainingCount = record.trainings.filter { training in training.areas.contains { covered.contains($0) } }.count
            parts["trainings"] = min(trainingCap, trainingPoints * Double(trainingCount))
            let completed = record.missions.filter { $0.end < today }
            if !completed.isEmpty { reasons.append(.missionsCompleted(completed.count)) }
            parts["missions"] = min(missionCap, missionPoints * Double(completed.count))
            if !record.feedback.isEmpty {
                let average = Double(record.feedback.reduce(0, +)) / Double(record.feedback.count)
                parts["feedback"] = (4 * (average - 3)).rounded(toPlaces: 2)
                reasons.append(.feedback(average: average.rounded(toPlaces: 1), count: record.feedback.count))
            } else {
                parts["feedback"] = 0
            }
            var region = 0.0
            if let country = request.country,
                profile.countriesWorked.contains(country) || (record.trainings + record.missions).contains(where: { $0.country == country })
            {
                region = regionPoints
                reasons.append(.workedIn(country: country))
            }
            parts["region"] = region
            reasons.append(.available(from: request.start, to: request.end))
            let recent = record.missions.filter { $0.end >= yearAgo && $0.end <= today }.count
            reasons.append(.recentMissions(recent))
            let conflict = request.institutionId.map { expert.institutionIds.contains($0) } ?? false
            if conflict { reasons.append(.conflict) }
            let score = parts.values.reduce(0, +).rounded(toPlaces: 2)
            matches.append(ExpertMatch(expertId: expert.id, score: score, parts: parts, reasons: reasons, conflict: conflict, recentMissions: recent))
        }
        matches.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.recentMissions != b.recentMissions { return a.recentMissions < b.recentMissions }
            return a.expertId < b.expertId
        }
        return (matches, excluded.sorted { $0.expertId < $1.expertId })
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
