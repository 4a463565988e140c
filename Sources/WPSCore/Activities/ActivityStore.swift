/// Which activities a list shows: dates that overlap `from…to`, a country, a kind, a plan
/// measure, a network or board, words of the title or city.
public struct ActivityQuery: Sendable, Equatable {
    public var from: Day?
    public var to: Day?
    public var country: String?
    public var kind: ActivityKind?
    public var measureId: Int?
    public var networkId: Int?
    public var projectId: Int?
    public var text: String?
    public var includeDeleted: Bool
    public var page: PageRequest

    public init(
        from: Day? = nil, to: Day? = nil, country: String? = nil, kind: ActivityKind? = nil, measureId: Int? = nil, networkId: Int? = nil,
        projectId: Int? = nil, text: String? = nil, includeDeleted: Bool = false, page: PageRequest = PageRequest()
    ) {
        self.from = from
        self.to = to
        self.country = country
        self.kind = kind
        self.measureId = measureId
        self.networkId = networkId
        self.projectId = projectId
        self.text = text
        self.includeDeleted = includeDeleted
        self.page = page
    }

    public var foldedWords: [String] { DirectoryQuery(text: text).foldedWords }
}

/// Participants reached, summed over the activities a viewer sees, grouped by what `by` names.
public enum ReachDimension: String, Sendable, CaseIterable {
    case kind, sex, country, year
    case institutionKind = "institution_kind"
}

/// One group of the reach figures: the value of each dimension asked for, and the
/// participants by sex (split by sex only when `sex` is asked).
public struct ReachRow: Sendable, Equatable {
    public var keys: [ReachDimension: String]
    public var counts: SexCounts
    public var activities: Int

    public init(keys: [ReachDimension: String], counts: SexCounts, activities: Int) {
        self.keys = keys
        self.counts = counts
        self.activities = activities
    }
}

/// Activities and their participants. Seen by their visibility; created and changed by the
/// editors and admins of the owning institution (which must be one of the organisers).
public protocol ActivityStore: Sendable {
    func activities(_ query: ActivityQuery, viewer: Viewer) async throws -> Page<Activity>
    /// Every activity the viewer sees that meets the query, without paging (calendar feeds).
    func allActivities(_ query: ActivityQuery, viewer: Viewer) async throws -> [Activity]
    func activity(id: Int, viewer: Viewer) async throws -> Activity?
    /// - Throws: `StoreError.invalid` naming each field; `.forbidden` without rights in the owner.
    func createActivity(_ fields: ActivityFields, viewer: Viewer, by actor: Actor) async throws -> Activity
    func updateActivity(id: Int, version: Int, fields: ActivityFields, viewer: Viewer, by actor: Actor) async throws -> Activity
    func deleteActivity(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    /// The participant lines, nil when the viewer cannot see the activity. Listed people come
    /// with their names only for the organisers' members (`names`); others get counts lines and
    /// anonymous person lines.
    func participants(activityId: Int, viewer: Viewer) async throws -> (lines: [Participant], names: Bool)?
    /// Adds a person (once per activity: 409 `already_listed`) or a counts line.
    func addParticipant(activityId: Int, _ fields: ParticipantFields, viewer: Viewer, by actor: Actor) async throws -> Participant
    /// The activity of a participant line, when the viewer sees it.
    func participantActivity(id: Int, viewer: Viewer) async throws -> Int?
    /// Removes a participant line (by the activity's editors).
    func removeParticipant(id: Int, viewer: Viewer, by actor: Actor) async throws
    /// Adds every line or none (an attendance sheet).
    func addParticipants(activityId: Int, _ lines: [ParticipantFields], viewer: Viewer, by actor: Actor) async throws -> [Participant]
    /// The activities that serve any of these plan measures, as the viewer sees them, by start.
    func activities(servingMeasures measureIds: [Int], viewer: Viewer) async throws -> [ServingActivity]
    /// The activities that reviewed this report.
    func activities(reviewingReport reportId: Int, viewer: Viewer) async throws -> [Activity]
    /// The cascade downstream of `start` through the trainings the viewer sees
    /// (``TrainingCascade/downstream(ofTraining:trainings:sexes:)`` or
    /// ``TrainingCascade/downstream(ofTrainer:trainings:sexes:)``). Only the trainings a cascade
    /// from `start` can reach are read, so a cascade costs what it reaches, not every training.
    func cascade(from start: CascadeStart, viewer: Viewer) async throws -> TrainingCascade.Result
    /// Whether any of these people trained in an activity the viewer sees: a cheap look before
    /// the cascade.
    func trainedOthers(_ people: [Int], viewer: Viewer) async throws -> Bool
    /// Whether someone listed at this activity trained in an activity the viewer sees.
    func participantsTrainedOthers(activityId: Int, viewer: Viewer) async throws -> Bool
    /// Participants reached by the activities the viewer sees (of `year` when given).
    func reach(by dimensions: [ReachDimension], year: Int?, viewer: Viewer) async throws -> [ReachRow]
}

/// Where a training cascade starts: a training of trainers, or a trainer's own trainings.
public enum CascadeStart: Sendable, Equatable {
    case training(Int)
    case trainer(personId: Int)
}
