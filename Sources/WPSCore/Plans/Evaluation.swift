/// An evaluation of a plan (mid-term or final) with its findings and recommendations.
public enum EvaluationKind: String, Codable, Sendable, CaseIterable {
    case midTerm = "mid_term"
    case final
    case other
}

public struct EvaluationFields: Sendable, Equatable, Codable {
    public var kind: EvaluationKind
    /// Who evaluated: an independent expert, a CSO network, a parliamentary committee.
    public var evaluator: String
    public var date: Day?
    public var findings: String

    public init(kind: EvaluationKind, evaluator: String, date: Day? = nil, findings: String = "") {
        self.kind = kind
        self.evaluator = evaluator
        self.date = date
        self.findings = findings
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("evaluator", evaluator, required: true, maxLength: 500)
        errors.checkText("findings", findings, required: false, maxLength: 50_000)
        return errors.all
    }

    public func trimmed() -> EvaluationFields {
        var copy = self
        copy.evaluator = evaluator.trimmed
        copy.findings = findings.trimmed
        return copy
    }
}

public struct Evaluation: Sendable, Equatable {
    public var id: Int
    public var planId: Int
    public var fields: EvaluationFields
    public var recommendations: [Recommendation]

    public init(id: Int, planId: Int, fields: EvaluationFields, recommendations: [Recommendation] = []) {
        self.id = id
        self.planId = planId
        self.fields = fields
        self.recommendations = recommendations
    }
}

public enum RecommendationPriority: String, Codable, Sendable, CaseIterable {
    case high, medium, low
}

/// What became of a recommendation; `carried_into` names the node of a later plan that takes it up.
public enum RecommendationStatus: String, Codable, Sendable, CaseIterable {
    case open, accepted
    case partiallyAccepted = "partially_accepted"
    case rejected
    case carriedInto = "carried_into"
}

/// What the evaluators wrote.
public struct RecommendationFields: Sendable, Equatable, Codable {
    public var text: String
    public var priority: RecommendationPriority
    /// The institutions it is addressed to.
    public var addressedTo: [Int]

    public init(text: String, priority: RecommendationPriority = .medium, addressedTo: [Int] = []) {
        self.text = text
        self.priority = priority
        self.addressedTo = addressedTo
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("text", text, required: true, maxLength: 10_000)
        if Set(addressedTo).count != addressedTo.count { errors.add("addressed_to_ids", "repeated") }
        return errors.all
    }

    public func trimmed() -> RecommendationFields {
        var copy = self
        copy.text = text.trimmed
        return copy
    }
}

/// The answer to a recommendation, kept in the register.
public struct RecommendationResponse: Sendable, Equatable, Codable {
    public var status: RecommendationStatus
    public var response: String
    public var carriedIntoNodeId: Int?

    public init(status: RecommendationStatus = .open, response: String = "", carriedIntoNodeId: Int? = nil) {
        self.status = status
        self.response = response
        self.carriedIntoNodeId = carriedIntoNodeId
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("response", response, required: false, maxLength: 10_000)
        if status == .carriedInto, carriedIntoNodeId == nil { errors.add("carried_into_node_id", "required") }
        if status != .carriedInto, let node = carriedIntoNodeId { errors.add("carried_into_node_id", "only_when_carried_into", String(node)) }
        return errors.all
    }

    public func trimmed() -> RecommendationResponse {
        var copy = self
        copy.response = response.trimmed
        return copy
    }
}

public struct Recommendation: Sendable, Equatable, VersionedRecord {
    public var id: Int
    public var evaluationId: Int
    public var planId: Int
    public var fields: RecommendationFields
    public var answer: RecommendationResponse
    public var version: Int
    public var deleted: Bool { false }

    public init(id: Int, evaluationId: Int, planId: Int, fields: RecommendationFields, answer: RecommendationResponse = RecommendationResponse(), version: Int = 1) {
        self.id = id
        self.evaluationId = evaluationId
        self.planId = planId
        self.fields = fields
        self.answer = answer
        self.version = version
    }
}

/// Evaluations and the recommendations register. Seen with the evaluated plan; written by its
/// coordinator's editors and admins. A recommendation carried into a later plan names a live
/// node of another plan the writer may see.
public protocol EvaluationStore: Sendable {
    /// Nil when the viewer cannot see the plan.
    func evaluations(planId: Int, viewer: Viewer) async throws -> [Evaluation]?
    func createEvaluation(planId: Int, _ fields: EvaluationFields, viewer: Viewer, by actor: Actor) async throws -> Evaluation
    func createRecommendation(evaluationId: Int, _ fields: RecommendationFields, viewer: Viewer, by actor: Actor) async throws -> Recommendation
    func recommendation(id: Int, viewer: Viewer) async throws -> Recommendation?
    /// The register across plans: by evaluated plan and status, those the viewer may see.
    func recommendations(plan: Int?, status: RecommendationStatus?, viewer: Viewer, page: PageRequest) async throws -> Page<Recommendation>
    func answer(recommendationId: Int, version: Int, _ answer: RecommendationResponse, viewer: Viewer, by actor: Actor) async throws -> Recommendation
    /// The recommendations carried into nodes of this plan, those the viewer may see.
    func carriedInto(planId: Int, viewer: Viewer) async throws -> [Recommendation]
}
