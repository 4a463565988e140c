import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The evaluations of plans and the recommendations register of the JSON API.
enum EvaluationRoute: APISlice {
    case listEvaluations, createEvaluation, createRecommendation, listRecommendations, updateRecommendation

    var method: HTTPRequest.Method {
        switch self {
        case .listEvaluations, .listRecommendations: .get
        case .createEvaluation, .createRecommendation: .post
        case .updateRecommendation: .patch
        }
    }

    var path: String {
        switch self {
        case .listEvaluations, .createEvaluation: "/api/v1/plans/{id}/evaluations"
        case .createRecommendation: "/api/v1/evaluations/{id}/recommendations"
        case .listRecommendations: "/api/v1/recommendations"
        case .updateRecommendation: "/api/v1/recommendations/{id}"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let tag = "evaluations"
        switch self {
        case .listEvaluations:
            return APIOperation(summary: "A plan's evaluations, each with its recommendations", tag: tag, success: ("200", "EvaluationList"))
        case .createEvaluation:
            return APIOperation(
                summary: "Add an evaluation of a plan (the coordinator's editors and admins)", tag: tag, body: "EvaluationInput",
                success: ("201", "Evaluation"), validates: true)
        case .createRecommendation:
            return APIOperation(
                summary: "Add a recommendation to an evaluation", tag: tag, body: "RecommendationInput", success: ("201", "Recommendation"),
                validates: true)
        case .listRecommendations:
            let filters: [[String: any Sendable]] = [
                ["name": "plan", "in": "query", "required": false, "schema": S.identifier],
                ["name": "status", "in": "query", "required": false, "schema": S.choice(RecommendationStatus.allCases.map(\.rawValue))],
            ]
            return APIOperation(
                summary: "The recommendations register across plans, by evaluated plan and status", tag: tag,
                query: S.pageParameters + filters,
                success: ("200", "RecommendationList"), validates: true)
        case .updateRecommendation:
            return APIOperation(
                summary: "Answer a recommendation: its status, the response, and for carried_into the node of a later plan; 'version' must be the version read, else 409",
                tag: tag, body: "RecommendationChange", success: ("200", "Recommendation"), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let recommendation: [String: [String: any Sendable]] = [
            "id": S.integer, "evaluation_id": S.integer, "plan_id": S.integer, "text": S.string,
            "priority": S.choice(RecommendationPriority.allCases.map(\.rawValue)), "addressed_to_ids": ["type": "array", "items": S.integer],
            "status": S.choice(RecommendationStatus.allCases.map(\.rawValue)), "response": S.string,
            "carried_into_node_id": S.nullableInteger, "version": S.integer,
        ]
        let evaluation: [String: [String: any Sendable]] = [
            "id": S.integer, "plan_id": S.integer, "kind": S.choice(EvaluationKind.allCases.map(\.rawValue)), "evaluator": S.string,
            "date": S.date, "findings": S.string, "recommendations": ["type": "array", "items": S.ref("Recommendation")],
        ]
        return [
            "Recommendation": S.object(recommendation, required: recommendation.keys.sorted()),
            "RecommendationList": S.list("Recommendation"),
            "Evaluation": S.object(evaluation, required: evaluation.keys.sorted()),
            "EvaluationList": S.object(["items": ["type": "array", "items": S.ref("Evaluation")]], required: ["items"]),
            "EvaluationInput": S.object([
                "kind": S.choice(EvaluationKind.allCases.map(\.rawValue)),
                "evaluator": ["type": "string", "pattern": S.visibleText, "maxLength": 500], "date": S.dateInput,
                "findings": ["type": "string", "maxLength": 50_000],
            ], required: ["kind", "evaluator"]),
            "RecommendationInput": S.object([
                "text": ["type": "string", "pattern": S.visibleText, "maxLength": 10_000],
                "priority": S.choice(RecommendationPriority.allCases.map(\.rawValue)),
                "addressed_to_ids": ["type": "array", "items": S.identifier, "description": "institutions, each once"],
            ], required: ["text"]),
            "RecommendationChange": S.object([
                "version": S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 },
                "status": S.choice(RecommendationStatus.allCases.map(\.rawValue)),
                "response": ["type": "string", "maxLength": 10_000],
                "carried_into_node_id": S.nullableIdentifier.merging([
                    "description": "required with status carried_into (a live node of another plan), null otherwise",
                ]) { $1 },
            ], required: ["version"]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (EvaluationRoute) -> APIHandler {
        let store = services.evaluations
        return { route in
            switch route {
            case .listEvaluations:
                return { request, context in
                    guard let evaluations = try await store.evaluations(planId: try pathID(context), viewer: context.viewer) else {
                        throw APIProblem.notFound
                    }
                    return try JSONResponse(ItemsJSON(items: evaluations.map(EvaluationJSON.init))).response(from: request, context: context)
                }
            case .createEvaluation:
                return PlanRoute.create(
                    read: EvaluationInput.evaluation,
                    save: { plan, fields, who in try await store.createEvaluation(planId: plan ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: EvaluationJSON.init, location: { "/api/v1/plans/\($0.planId)/evaluations" })
            case .createRecommendation:
                return PlanRoute.create(
                    read: EvaluationInput.recommendation,
                    save: { evaluation, fields, who in
                        try await store.createRecommendation(evaluationId: evaluation ?? 0, fields, viewer: who.viewer, by: who.actor)
                    },
                    json: RecommendationJSON.init, location: { "/api/v1/recommendations?plan=\($0.planId)" })
            case .listRecommendations:
                return { request, context in
                    let query = try CollectionAPI<Plan, PlanFields, PlanJSON>.query(from: request, viewer: context.viewer)
                    var errors: [FieldError] = []
                    var plan: Int?
                    if let text = request.query.get("plan") {
                        if let id = Int(text), JSONInput.idRange.contains(id) { plan = id } else {
                            errors.append(FieldError(field: "plan", code: "out_of_range", value: String(text.prefix(60))))
                        }
                    }
                    var status: RecommendationStatus?
                    if let text = request.query.get("status") {
                        status = RecommendationStatus(rawValue: text)
                        if status == nil { errors.append(FieldError(field: "status", code: "invalid_value", value: String(text.prefix(60)))) }
                    }
                    guard errors.isEmpty else { throw StoreError.invalid(errors) }
                    let page = try await store.recommendations(plan: plan, status: status, viewer: context.viewer, page: query.page)
                    return try JSONResponse(ListJSON(items: page.items.map(RecommendationJSON.init), page: page.page, perPage: page.perPage, total: page.total))
                        .response(from: request, context: context)
                }
            case .updateRecommendation:
                return PlanRoute.change(
                    load: store.recommendation, part: \.answer,
                    read: { input, answer in
                        if let value = input.choice("status", RecommendationStatus.self) { answer.status = value }
                        if let value = input.string("response") { answer.response = value }
                        if case .some(let value) = input.optionalInt("carried_into_node_id") { answer.carriedIntoNodeId = value }
                    },
                    save: { id, version, answer, who in
                        try await store.answer(recommendationId: id, version: version, answer, viewer: who.viewer, by: who.actor)
                    },
                    json: { recommendation, _ in RecommendationJSON(recommendation: recommendation) })
            }
        }
    }
}

struct RecommendationJSON: Encodable, Sendable {
    var recommendation: Recommendation

    enum Keys: String, CodingKey {
        case id, evaluationId, planId, text, priority, addressedToIds, status, response, carriedIntoNodeId, version
    }

    func encode(to encoder: any Encoder) throws {
        let r = recommendation
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(r.id, forKey: .id)
        try c.encode(r.evaluationId, forKey: .evaluationId)
        try c.encode(r.planId, forKey: .planId)
        try c.encode(r.fields.text, forKey: .text)
        try c.encode(r.fields.priority.rawValue, forKey: .priority)
        try c.encode(r.fields.addressedTo, forKey: .addressedToIds)
        try c.encode(r.answer.status.rawValue, forKey: .status)
        try c.encode(r.answer.response, forKey: .response)
        try c.encode(r.answer.carriedIntoNodeId, forKey: .carriedIntoNodeId)
        try c.encode(r.version, forKey: .version)
    }
}

struct EvaluationJSON: Encodable, Sendable {
    var evaluation: Evaluation

    enum Keys: String, CodingKey { case id, planId, kind, evaluator, date, findings, recommendations }

    func encode(to encoder: any Encoder) throws {
        let e = evaluation
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(e.id, forKey: .id)
        try c.encode(e.planId, forKey: .planId)
        try c.encode(e.fields.kind.rawValue, forKey: .kind)
        try c.encode(e.fields.evaluator, forKey: .evaluator)
        try c.encode(e.fields.date?.description, forKey: .date)
        try c.encode(e.fields.findings, forKey: .findings)
        try c.encode(e.recommendations.map(RecommendationJSON.init), forKey: .recommendations)
    }
}

enum EvaluationInput {
    static func evaluation(_ input: inout JSONInput, onto base: EvaluationFields?) -> EvaluationFields {
        input.require("kind", "evaluator")
        var fields = base ?? EvaluationFields(kind: .final, evaluator: "")
        if let value = input.choice("kind", EvaluationKind.self) { fields.kind = value }
        if let value = input.string("evaluator") { fields.evaluator = value }
        if case .some(let value) = input.day("date") { fields.date = value }
        if let value = input.string("findings") { fields.findings = value }
        return fields
    }

    static func recommendation(_ input: inout JSONInput, onto base: RecommendationFields?) -> RecommendationFields {
        input.require("text")
        var fields = base ?? RecommendationFields(text: "")
        if let value = input.string("text") { fields.text = value }
        if let value = input.choice("priority", RecommendationPriority.self) { fields.priority = value }
        if let value = input.ids("addressed_to_ids") { fields.addressedTo = value }
        return fields
    }
}

extension EvaluationFields: PlanRoute.CheckedFields {}
extension RecommendationFields: PlanRoute.CheckedFields {}
extension RecommendationResponse: PlanRoute.CheckedFields {}
