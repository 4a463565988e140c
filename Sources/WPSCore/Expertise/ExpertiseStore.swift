/// Which experts a roster shows.
public struct ExpertQuery: Sendable, Equatable {
    public var area: String?
    public var language: String?
    public var country: String?
    public var availableFrom: Day?
    public var availableTo: Day?

    public init(area: String? = nil, language: String? = nil, country: String? = nil, availableFrom: Day? = nil, availableTo: Day? = nil) {
        self.area = area
        self.language = language
        self.country = country
        self.availableFrom = availableFrom
        self.availableTo = availableTo
    }
}

/// What the secretariat and an expert see of a request: matches, assignments.
public struct RequestMatches: Sendable, Equatable {
    public var matches: [ExpertMatch]
    public var excluded: [ExpertExclusion]
    public var experts: [Int: Expert]

    public init(matches: [ExpertMatch], excluded: [ExpertExclusion], experts: [Int: Expert]) {
        self.matches = matches
        self.excluded = excluded
        self.experts = experts
    }
}

/// The roster, requests, assignments and the Gender Coach Programme.
///
/// Who may do what: the **secretariat** (platform admins, and editors and admins of the
/// institutions named as the expertise secretariat) keeps the roster and the requests; an
/// **expert** (the account linked to her person) keeps her own profile, answers her assignments
/// and files mission reports; a requesting institution's editors send requests and give
/// feedback. Listed experts are seen by signed-in users; an unlisted profile only by herself and
/// the secretariat. Anything else answers as if it did not exist.
public protocol ExpertiseStore: Sendable {
    func areas() async throws -> [ExpertiseArea]
    /// Adds an area or changes its labels (platform admins).
    func saveArea(_ area: ExpertiseArea, viewer: Viewer, by actor: Actor) async throws -> ExpertiseArea
    /// Whether the viewer works for the secretariat.
    func isSecretariat(_ viewer: Viewer) async throws -> Bool
    /// The person the viewer's account belongs to.
    func personId(of viewer: Viewer) async throws -> Int?

    func experts(_ query: ExpertQuery, viewer: Viewer) async throws -> [Expert]
    func expert(id: Int, viewer: Viewer) async throws -> Expert?
    func expert(personId: Int, viewer: Viewer) async throws -> Expert?
    /// A profile for a person (the secretariat, or the person herself).
    func createExpert(_ fields: ExpertFields, viewer: Viewer, by actor: Actor) async throws -> Expert
    func updateExpert(id: Int, version: Int, fields: ExpertFields, viewer: Viewer, by actor: Actor) async throws -> Expert
    /// Her trainings and missions (from activities) and the feedback her missions received.
    func record(expertId: Int) async throws -> ExpertRecord
    /// The records of many experts at once (a roster's page), by expert id.
    func records(expertIds: [Int]) async throws -> [Int: ExpertRecord]
    /// Every assignment of hers.
    func assignments(expertId: Int, viewer: Viewer) async throws -> [Assignment]

    func requests(viewer: Viewer) async throws -> [ExpertiseRequest]
    func request(id: Int, viewer: Viewer) async throws -> ExpertiseRequest?
    /// A request by an institution's editor, or (`viewer` anonymous) through the public form,
    /// which waits for the secretariat's confirmation.
    func createRequest(_ fields: ExpertiseRequestFields, viewer: Viewer, by actor: Actor) async throws -> ExpertiseRequest
    /// Changes the fields, the status (one of `status.next`) or confirms a public request.
    func updateRequest(
        id: Int, version: Int, fields: ExpertiseRequestFields, status: RequestStatus, confirmed: Bool, viewer: Viewer, by actor: Actor
    ) async throws -> ExpertiseRequest
    /// The ranked matches (the secretariat only; nil otherwise).
    func matches(requestId: Int, viewer: Viewer, today: Day) async throws -> RequestMatches?
    func assignments(requestId: Int, viewer: Viewer) async throws -> [Assignment]
    func assignment(id: Int, viewer: Viewer) async throws -> Assignment?
    func propose(requestId: Int, expertId: Int, viewer: Viewer, by actor: Actor) async throws -> Assignment
    /// The expert accepts (her mission becomes an `expert_mission` activity) or declines.
    func answer(assignmentId: Int, accept: Bool, viewer: Viewer, by actor: Actor) async throws -> Assignment
    func report(assignmentId: Int, text: String, viewer: Viewer, by actor: Actor) async throws -> Assignment
    func feedback(assignmentId: Int, score: Int, text: String, viewer: Viewer, by actor: Actor) async throws -> Assignment

    func cohorts(viewer: Viewer) async throws -> [CoachingCohort]
    func cohort(id: Int, viewer: Viewer) async throws -> CoachingCohort?
    func createCohort(_ fields: CoachingCohortFields, viewer: Viewer, by actor: Actor) async throws -> CoachingCohort
    func pairings(cohortId: Int, viewer: Viewer) async throws -> [CoachingPairing]?
    func pairing(id: Int, viewer: Viewer) async throws -> CoachingPairing?
    func createPairing(cohortId: Int, coachExpertId: Int, coacheePersonId: Int, viewer: Viewer, by actor: Actor) async throws -> CoachingPairing
    func sessions(pairingId: Int, viewer: Viewer) async throws -> [CoachingSession]?
    func addSession(pairingId: Int, _ fields: CoachingSessionFields, viewer: Viewer, by actor: Actor) async throws -> CoachingSession
    func cohortTopics(cohortId: Int, threshold: Int, viewer: Viewer) async throws -> CohortTopics?
}
