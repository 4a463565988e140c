/// A consultation on a draft plan: open between two dates, when any organisation's editors
/// propose text for a node or a named section, others endorse it, and the drafting group (the
/// coordinator's editors) groups the proposals and answers each.
public struct ConsultationFields: Sendable, Equatable, Codable {
    public var title: String
    public var opensOn: Day
    public var closesOn: Day
    public var description: String

    public init(title: String, opensOn: Day, closesOn: Day, description: String = "") {
        self.title = title
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.description = description
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 500)
        errors.checkText("description", description, required: false, maxLength: 20_000)
        if closesOn < opensOn { errors.add("closes_on", "before_start", closesOn.description) }
        return errors.all
    }

    public func trimmed() -> ConsultationFields {
        var copy = self
        copy.title = title.trimmed
        copy.description = description.trimmed
        return copy
    }

    /// Whether proposals and endorsements are taken on `day`.
    public func isOpen(on day: Day) -> Bool { opensOn <= day && day <= closesOn }
}

public struct Consultation: Sendable, Equatable {
    public var id: Int
    public var planId: Int
    public var fields: ConsultationFields

    public init(id: Int, planId: Int, fields: ConsultationFields) {
        self.id = id
        self.planId = planId
        self.fields = fields
    }
}

/// The drafting group's answer to a proposal.
public enum ProposalStatus: String, Codable, Sendable, CaseIterable {
    case open, accepted
    case partiallyAccepted = "partially_accepted"
    case rejected

    /// A proposal not taken as it was is answered with a reason.
    public var needsReason: Bool { self == .partiallyAccepted || self == .rejected }
}

/// What an organisation proposes: text for a node of the plan, or for a named section.
public struct ProposalFields: Sendable, Equatable, Codable {
    public var institutionId: Int
    public var nodeId: Int?
    public var section: String
    public var text: String

    public init(institutionId: Int, nodeId: Int? = nil, section: String = "", text: String) {
        self.institutionId = institutionId
        self.nodeId = nodeId
        self.section = section
        self.text = text
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("text", text, required: true, maxLength: 20_000)
        errors.checkText("section", section, required: false, maxLength: 300)
        if nodeId == nil, section.trimmed.isEmpty { errors.add("section", "node_or_section") }
        return errors.all
    }

    public func trimmed() -> ProposalFields {
        var copy = self
        copy.text = text.trimmed
        copy.section = section.trimmed
        return copy
    }
}

/// The drafting group's answer and grouping.
public struct ProposalAnswer: Sendable, Equatable, Codable {
    public var status: ProposalStatus
    public var reason: String
    /// A label that groups proposals on the same point ("Women in disasters").
    public var group: String

    public init(status: ProposalStatus = .open, reason: String = "", group: String = "") {
        self.status = status
        self.reason = reason
        self.group = group
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("reason", reason, required: status.needsReason, maxLength: 10_000)
        errors.checkText("group", group, required: false, maxLength: 200)
        return errors.all
    }

    public func trimmed() -> ProposalAnswer {
        var copy = self
        copy.reason = reason.trimmed
        copy.group = group.trimmed
        return copy
    }
}

public struct Endorsement: Sendable, Equatable {
    public var institutionId: Int
    public var at: String

    public init(institutionId: Int, at: String) {
        self.institutionId = institutionId
        self.at = at
    }
}

public struct Proposal: Sendable, Equatable {
    public var id: Int
    public var consultationId: Int
    public var fields: ProposalFields
    public var answer: ProposalAnswer
    public var endorsements: [Endorsement]
    public var version: Int
    public var createdAt: String

    public init(
        id: Int, consultationId: Int, fields: ProposalFields, answer: ProposalAnswer = ProposalAnswer(), endorsements: [Endorsement] = [],
        version: Int = 1, createdAt: String = ""
    ) {
        self.id = id
        self.consultationId = consultationId
        self.fields = fields
        self.answer = answer
        self.endorsements = endorsements
        self.version = version
        self.createdAt = createdAt
    }
}

/// Consultations and their proposals. Seen with the plan; opened and answered by the
/// coordinator's editors and admins; proposed and endorsed by the editors and admins of any
/// organisation, while the consultation is open (409 `consultation_closed` otherwise).
public protocol ConsultationStore: Sendable {
    /// Nil when the viewer cannot see the plan.
    func consultations(planId: Int, viewer: Viewer) async throws -> [Consultation]?
    func consultation(id: Int, viewer: Viewer) async throws -> Consultation?
    func createConsultation(planId: Int, _ fields: ConsultationFields, viewer: Viewer, by actor: Actor) async throws -> Consultation
    /// Nil when the viewer cannot see the consultation.
    func proposals(consultationId: Int, viewer: Viewer) async throws -> [Proposal]?
    func proposal(id: Int, viewer: Viewer) async throws -> Proposal?
    func propose(consultationId: Int, _ fields: ProposalFields, today: Day, viewer: Viewer, by actor: Actor) async throws -> Proposal
    /// 409 `own_proposal` for the proposer itself, `already_endorsed` for a second endorsement.
    func endorse(proposalId: Int, institutionId: Int, today: Day, viewer: Viewer, by actor: Actor) async throws -> Proposal
    func answer(proposalId: Int, version: Int, _ answer: ProposalAnswer, viewer: Viewer, by actor: Actor) async throws -> Proposal
}
