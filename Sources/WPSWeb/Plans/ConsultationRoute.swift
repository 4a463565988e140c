import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// Consultations on draft plans in the JSON API: proposals, endorsements and the drafting
/// group's answers.
enum ConsultationRoute: APISlice {
    case listConsultations, createConsultation, listProposals, createProposal, endorseProposal, updateProposal

    var method: HTTPRequest.Method {
        switch self {
        case .listConsultations, .listProposals: .get
        case .createConsultation, .createProposal, .endorseProposal: .post
        case .updateProposal: .patch
        }
    }

    var path: String {
        switch self {
        case .listConsultations, .createConsultation: "/api/v1/plans/{id}/consultations"
        case .listProposals, .createProposal: "/api/v1/consultations/{id}/proposals"
        case .endorseProposal: "/api/v1/proposals/{id}/endorse"
        case .updateProposal: "/api/v1/proposals/{id}"
        }
    }

    var operation: APIOperation {
        let tag = "consultations"
        switch self {
        case .listConsultations:
            return APIOperation(summary: "A plan's consultations", tag: tag, success: ("200", "ConsultationList"))
        case .createConsultation:
            return APIOperation(
                summary: "Open a consultation on a plan (the coordinator's editors and admins)", tag: tag, body: "ConsultationInput",
                success: ("201", "Consultation"), validates: true)
        case .listProposals:
            return APIOperation(summary: "A consultation's proposals by group, with their endorsements and answers", tag: tag, success: ("200", "ProposalList"))
        case .createProposal:
            return APIOperation(
                summary: "Propose text for a node of the plan or a named section, for an organisation whose editor or admin the caller is; 409 consultation_closed outside its dates",
                tag: tag, body: "ProposalInput", success: ("201", "Proposal"), validates: true, conflicts: true)
        case .endorseProposal:
            return APIOperation(
                summary: "Endorse a proposal for another organisation (409 own_proposal, already_endorsed, consultation_closed)", tag: tag,
                body: "EndorsementInput", success: ("200", "Proposal"), validates: true, conflicts: true)
        case .updateProposal:
            return APIOperation(
                summary: "The drafting group's answer (a reason for partially_accepted and rejected) and group; 'version' must be the version read, else 409",
                tag: tag, body: "ProposalChange", success: ("200", "Proposal"), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let consultation: [String: [String: any Sendable]] = [
            "id": S.integer, "plan_id": S.integer, "title": S.string, "opens_on": S.string, "closes_on": S.string, "description": S.string,
            "open": ["type": "boolean", "description": "whether it takes proposals today"],
        ]
        let endorsement = S.object(["institution_id": S.integer, "at": S.string], required: ["institution_id", "at"])
        let proposal: [String: [String: any Sendable]] = [
            "id": S.integer, "consultation_id": S.integer, "institution_id": S.integer, "node_id": S.nullableInteger, "section": S.string,
            "text": S.string, "status": S.choice(ProposalStatus.allCases.map(\.rawValue)), "reason": S.string, "group": S.string,
            "endorsements": ["type": "array", "items": endorsement], "version": S.integer, "created_at": S.string,
        ]
        return [
            "Consultation": S.object(consultation, required: consultation.keys.sorted()),
            "ConsultationList": S.object(["items": ["type": "array", "items": S.ref("Consultation")]], required: ["items"]),
            "ConsultationInput": S.object([
                "title": ["type": "string", "pattern": S.visibleText, "maxLength": 500], "opens_on": ["type": "string", "format": "date"],
                "closes_on": ["type": "string", "format": "date", "description": "not before opens_on"],
                "description": ["type": "string", "maxLength": 20_000],
            ], required: ["title", "opens_on", "closes_on"]),
            "Proposal": S.object(proposal, required: proposal.keys.sorted()),
            "ProposalList": S.object(["items": ["type": "array", "items": S.ref("Proposal")]], required: ["items"]),
            "ProposalInput": S.object([
                "institution_id": S.identifier.merging(["description": "the proposing organisation; the caller is its editor or admin"]) { $1 },
                "node_id": S.nullableIdentifier.merging(["description": "a live node of the plan; or name a section"]) { $1 },
                "section": ["type": "string", "maxLength": 300, "description": "required without node_id"],
                "text": ["type": "string", "pattern": S.visibleText, "maxLength": 20_000],
            ], required: ["institution_id", "text"]),
            "EndorsementInput": S.object([
                "institution_id": S.identifier.merging(["description": "the endorsing organisation (not the proposer); the caller is its editor or admin"]) { $1 },
            ], required: ["institution_id"]),
            "ProposalChange": S.object([
                "version": S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 },
                "status": S.choice(ProposalStatus.allCases.map(\.rawValue)),
                "reason": ["type": "string", "maxLength": 10_000, "description": "required for partially_accepted and rejected"],
                "group": ["type": "string", "maxLength": 200],
            ], required: ["version"]),
        ]
    }

    static var today: Day { Day(String(Timestamp.now().prefix(10))) ?? .epoch }

    static func handlers(services: AppServices) -> @Sendable (ConsultationRoute) -> APIHandler {
        let store = services.consultations
        return { route in
            switch route {
            case .listConsultations:
                return { request, context in
                    guard let items = try await store.consultations(planId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try JSONResponse(ItemsJSON(items: items.map { ConsultationJSON(consultation: $0, today: today) })).response(from: request, context: context)
                }
            case .createConsultation:
                return PlanRoute.create(
                    read: ConsultationInput.consultation,
                    save: { plan, fields, who in try await store.createConsultation(planId: plan ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: { ConsultationJSON(consultation: $0, today: today) }, location: { "/api/v1/plans/\($0.planId)/consultations" })
            case .listProposals:
                return { request, context in
                    guard let items = try await store.proposals(consultationId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try JSONResponse(ItemsJSON(items: items.map(ProposalJSON.init))).response(from: request, context: context)
                }
            case .createProposal:
                return PlanRoute.create(
                    read: ConsultationInput.proposal,
                    save: { consultation, fields, who in
                        try await store.propose(consultationId: consultation ?? 0, fields, today: today, viewer: who.viewer, by: who.actor)
                    },
                    json: ProposalJSON.init, location: { "/api/v1/consultations/\($0.consultationId)/proposals" })
            case .endorseProposal:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("institution_id")
                    let institution = input.int("institution_id")
                    guard input.errors.isEmpty, let institution else { throw StoreError.invalid(input.errors) }
                    let proposal = try await store.endorse(proposalId: id, institutionId: institution, today: today, viewer: signedIn.viewer, by: signedIn.actor)
                    return try JSONResponse(ProposalJSON(proposal: proposal)).response(from: request, context: context)
                }
            case .updateProposal:
                return PlanRoute.change(
                    load: store.proposal, part: \.answer,
                    read: { input, answer in
                        if let value = input.choice("status", ProposalStatus.self) { answer.status = value }
                        if let value = input.string("reason") { answer.reason = value }
                        if let value = input.string("group") { answer.group = value }
                    },
                    save: { id, version, answer, who in try await store.answer(proposalId: id, version: version, answer, viewer: who.viewer, by: who.actor) },
                    json: { proposal, _ in ProposalJSON(proposal: proposal) })
            }
        }
    }
}

struct ConsultationJSON: Encodable, Sendable {
    var consultation: Consultation
    var today: Day

    enum Keys: String, CodingKey { case id, planId, title, opensOn, closesOn, description, open }

    func encode(to encoder: any Encoder) throws {
        let f = consultation.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(consultation.id, forKey: .id)
        try c.encode(consultation.planId, forKey: .planId)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.opensOn.description, forKey: .opensOn)
        try c.encode(f.closesOn.description, forKey: .closesOn)
        try c.encode(f.description, forKey: .description)
        try c.encode(f.isOpen(on: today), forKey: .open)
    }
}

struct ProposalJSON: Encodable, Sendable {
    var proposal: Proposal

    enum Keys: String, CodingKey { case id, consultationId, institutionId, nodeId, section, text, status, reason, group, endorsements, version, createdAt }
    struct EndorsementJSON: Encodable { var institutionId: Int; var at: String }

    func encode(to encoder: any Encoder) throws {
        let p = proposal
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(p.id, forKey: .id)
        try c.encode(p.consultationId, forKey: .consultationId)
        try c.encode(p.fields.institutionId, forKey: .institutionId)
        try c.encode(p.fields.nodeId, forKey: .nodeId)
        try c.encode(p.fields.section, forKey: .section)
        try c.encode(p.fields.text, forKey: .text)
        try c.encode(p.answer.status.rawValue, forKey: .status)
        try c.encode(p.answer.reason, forKey: .reason)
        try c.encode(p.answer.group, forKey: .group)
        try c.encode(p.endorsements.map { EndorsementJSON(institutionId: $0.institutionId, at: $0.at) }, forKey: .endorsements)
        try c.encode(p.version, forKey: .version)
        try c.encode(p.createdAt, forKey: .createdAt)
    }
}

enum ConsultationInput {
    static func consultation(_ input: inout JSONInput, onto base: ConsultationFields?) -> ConsultationFields {
        input.require("title", "opens_on", "closes_on")
        var fields = base ?? ConsultationFields(title: "", opensOn: .epoch, closesOn: .epoch)
        if let value = input.string("title") { fields.title = value }
        for key in ["opens_on", "closes_on"] {
            switch input.day(key) {
            case .some(.some(let day)): if key == "opens_on" { fields.opensOn = day } else { fields.closesOn = day }
            case .some(.none): if !input.errors.contains(where: { $0.field == key }) { input.fail(key, "required") }
            case .none: break
            }
        }
        if let value = input.string("description") { fields.description = value }
        return fields
    }

    static func proposal(_ input: inout JSONInput, onto base: ProposalFields?) -> ProposalFields {
        input.require("institution_id", "text")
        var fields = base ?? ProposalFields(institutionId: 0, text: "")
        if let value = input.int("institution_id") { fields.institutionId = value }
        if case .some(let value) = input.optionalInt("node_id") { fields.nodeId = value }
        if let value = input.string("section") { fields.section = value }
        if let value = input.string("text") { fields.text = value }
        return fields
    }
}

extension ConsultationFields: PlanRoute.CheckedFields {}
extension ProposalFields: PlanRoute.CheckedFields {}
extension ProposalAnswer: PlanRoute.CheckedFields {}
