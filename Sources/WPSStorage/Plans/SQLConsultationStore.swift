import Foundation
import SQLKit
import WPSCore

/// Row mapping for consultations and proposals.
enum ConsultationSQL {
    static let columns = "id, plan_id, title, opens_on, closes_on, description"
    static let proposalColumns = "id, consultation_id, institution_id, node_id, section, text, status, reason, group_label, version, created_at"

    static func decode(_ row: any SQLRow) throws -> Consultation {
        Consultation(
            id: try row.decode(column: "id", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int.self),
            fields: ConsultationFields(
                title: try row.decode(column: "title", as: String.self),
                opensOn: Day(try row.decode(column: "opens_on", as: String.self)) ?? .epoch,
                closesOn: Day(try row.decode(column: "closes_on", as: String.self)) ?? .epoch,
                description: try row.decode(column: "description", as: String.self)))
    }

    static func decodeProposal(_ row: any SQLRow) throws -> Proposal {
        Proposal(
            id: try row.decode(column: "id", as: Int.self),
            consultationId: try row.decode(column: "consultation_id", as: Int.self),
            fields: ProposalFields(
                institutionId: try row.decode(column: "institution_id", as: Int.self),
                nodeId: try row.optional("node_id", as: Int.self),
                section: try row.decode(column: "section", as: String.self),
                text: try row.decode(column: "text", as: String.self)),
            answer: ProposalAnswer(
                status: ProposalStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                reason: try row.decode(column: "reason", as: String.self),
                group: try row.decode(column: "group_label", as: String.self)),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    /// Puts each proposal's endorsements in place, oldest first.
    static func completed(_ proposals: [Proposal], in sql: any SQLDatabase) async throws -> [Proposal] {
        guard !proposals.isEmpty else { return proposals }
        var endorsements: [Int: [Endorsement]] = [:]
        for row in try await sql.raw("""
            SELECT proposal_id, institution_id, at FROM endorsements
            WHERE proposal_id IN (\(unsafeRaw: proposals.map { String($0.id) }.joined(separator: ","))) ORDER BY proposal_id, at, institution_id
            """).all() {
            endorsements[try row.decode(column: "proposal_id", as: Int.self), default: []].append(Endorsement(
                institutionId: try row.decode(column: "institution_id", as: Int.self), at: try row.decode(column: "at", as: String.self)))
        }
        return proposals.map { proposal in
            var copy = proposal
            copy.endorsements = endorsements[proposal.id] ?? []
            return copy
        }
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> Consultation? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM consultations WHERE id = \(bind: id)").first().map(decode)
    }

    static func loadProposal(id: Int, in sql: any SQLDatabase) async throws -> Proposal? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: proposalColumns) FROM proposals WHERE id = \(bind: id)").first() else { return nil }
        return try await completed([try decodeProposal(row)], in: sql).first
    }

    static let closedMessage = "This consultation is not open today: proposals and endorsements are taken between its opening and closing dates. Nothing was changed."
}

/// Consultations on plans in SQLite or PostgreSQL.
public struct SQLConsultationStore: ConsultationStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    private func visiblePlan(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Plan? {
        try await PlanSQL.live(id: id, viewer: viewer, in: sql)
    }

    /// The consultation and its plan, when the viewer may see the plan.
    private func visible(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (Consultation, Plan)? {
        guard let consultation = try await ConsultationSQL.load(id: id, in: sql),
            let plan = try await visiblePlan(consultation.planId, viewer: viewer, in: sql)
        else { return nil }
        return (consultation, plan)
    }

    public func consultations(planId: Int, viewer: Viewer) async throws -> [Consultation]? {
        try await database.read { sql in
            guard try await visiblePlan(planId, viewer: viewer, in: sql) != nil else { return nil }
            return try await sql.raw("""
                SELECT \(unsafeRaw: ConsultationSQL.columns) FROM consultations WHERE plan_id = \(bind: planId) ORDER BY opens_on, id
                """).all().map(ConsultationSQL.decode)
        }
    }

    public func consultation(id: Int, viewer: Viewer) async throws -> Consultation? {
        try await database.read { sql in try await visible(id, viewer: viewer, in: sql)?.0 }
    }

    public func createConsultation(planId: Int, _ input: ConsultationFields, viewer: Viewer, by actor: Actor) async throws -> Consultation {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let plan = try await PlanSQL.editable(id: planId, viewer: viewer, in: sql)
            let errors = fields.validate()
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            guard let row = try await sql.raw("""
                INSERT INTO consultations (plan_id, title, opens_on, closes_on, description, created_at)
                VALUES (\(bind: plan.id), \(bind: fields.title), \(bind: fields.opensOn.description), \(bind: fields.closesOn.description),
                    \(bind: fields.description), \(bind: Timestamp.now()))
                RETURNING \(unsafeRaw: ConsultationSQL.columns)
                """).first()
            else { throw StoreError.notFound(entity: "consultation", id: "new") }
            let consultation = try ConsultationSQL.decode(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "consultation", id: String(consultation.id), action: .create,
                before: Optional<ConsultationFields>.none, after: fields)
            return consultation
        }
    }

    public func proposals(consultationId: Int, viewer: Viewer) async throws -> [Proposal]? {
        try await database.read { sql in
            guard try await visible(consultationId, viewer: viewer, in: sql) != nil else { return nil }
            return try await ConsultationSQL.completed(
                try await sql.raw("""
                    SELECT \(unsafeRaw: ConsultationSQL.proposalColumns) FROM proposals WHERE consultation_id = \(bind: consultationId)
                    ORDER BY group_label, id
                    """).all().map(ConsultationSQL.decodeProposal),
                in: sql)
        }
    }

    public func proposal(id: Int, viewer: Viewer) async throws -> Proposal? {
        try await database.read { sql in
            guard let proposal = try await ConsultationSQL.loadProposal(id: id, in: sql),
                try await visible(proposal.consultationId, viewer: viewer, in: sql) != nil
            else { return nil }
            return proposal
        }
    }

    public func propose(consultationId: Int, _ input: ProposalFields, today: Day, viewer: Viewer, by actor: Actor) async throws -> Proposal {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            guard let (consultation, plan) = try await visible(consultationId, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "consultation", id: String(consultationId))
            }
            guard viewer.canEdit(owner: fields.institutionId) else { throw StoreError.forbidden }
            guard consultation.fields.isOpen(on: today) else { throw StoreError.conflict(code: "consultation_closed", message: ConsultationSQL.closedMessage) }
            var errors = fields.validate()
            if let node = fields.nodeId {
                let found = try await PlanNodeSQL.load(id: node, in: sql)
                if found == nil || found?.deleted == true || found?.planId != plan.id {
                    errors.append(FieldError(field: "node_id", code: "unknown_node", value: String(node)))
                }
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            guard let row = try await sql.raw("""
                INSERT INTO proposals (consultation_id, institution_id, node_id, section, text, status, reason, group_label, version, created_at, updated_at)
                VALUES (\(bind: consultationId), \(bind: fields.institutionId), \(bind: fields.nodeId), \(bind: fields.section), \(bind: fields.text),
                    'open', '', '', 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: ConsultationSQL.proposalColumns)
                """).first()
            else { throw StoreError.notFound(entity: "proposal", id: "new") }
            let proposal = try ConsultationSQL.decodeProposal(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "proposal", id: String(proposal.id), action: .create, before: Optional<ProposalFields>.none, after: fields)
            return proposal
        }
    }

    public func endorse(proposalId: Int, institutionId: Int, today: Day, viewer: Viewer, by actor: Actor) async throws -> Proposal {
        try await database.transaction { sql in
            guard let proposal = try await ConsultationSQL.loadProposal(id: proposalId, in: sql),
                let (consultation, _) = try await visible(proposal.consultationId, viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "proposal", id: String(proposalId)) }
            guard viewer.canEdit(owner: institutionId) else { throw StoreError.forbidden }
            guard consultation.fields.isOpen(on: today) else { throw StoreError.conflict(code: "consultation_closed", message: ConsultationSQL.closedMessage) }
            if institutionId == proposal.fields.institutionId {
                throw StoreError.conflict(code: "own_proposal", message: "An organisation does not endorse its own proposal. Nothing was changed.")
            }
            if proposal.endorsements.contains(where: { $0.institutionId == institutionId }) {
                throw StoreError.conflict(code: "already_endorsed", message: "This organisation has endorsed this proposal already. Nothing was changed.")
            }
            try await sql.raw("""
                INSERT INTO endorsements (proposal_id, institution_id, actor_user_id, at)
                VALUES (\(bind: proposalId), \(bind: institutionId), \(bind: actor.userId), \(bind: Timestamp.now()))
                """).run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "proposal", id: String(proposalId), action: .update,
                before: Optional<[String: Int]>.none, after: ["endorsed_by": institutionId])
            guard let endorsed = try await ConsultationSQL.loadProposal(id: proposalId, in: sql) else {
                throw StoreError.notFound(entity: "proposal", id: String(proposalId))
            }
            return endorsed
        }
    }

    public func answer(proposalId: Int, version: Int, _ input: ProposalAnswer, viewer: Viewer, by actor: Actor) async throws -> Proposal {
        let answer = input.trimmed()
        return try await database.transaction { sql in
            guard let current = try await ConsultationSQL.loadProposal(id: proposalId, in: sql),
                let (_, plan) = try await visible(current.consultationId, viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "proposal", id: String(proposalId)) }
            guard viewer.canEdit(plan) else { throw StoreError.forbidden }
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "proposal", id: proposalId, expected: version, current: current.version)
            }
            let errors = answer.validate()
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            try await sql.raw("""
                UPDATE proposals SET status = \(bind: answer.status.rawValue), reason = \(bind: answer.reason), group_label = \(bind: answer.group),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: proposalId) AND version = \(bind: version)
                """).run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "proposal", id: String(proposalId), action: .update, before: current.answer, after: answer)
            guard let answered = try await ConsultationSQL.loadProposal(id: proposalId, in: sql) else {
                throw StoreError.notFound(entity: "proposal", id: String(proposalId))
            }
            return answered
        }
    }
}
