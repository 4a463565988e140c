import Foundation
import SQLKit
import WPSCore

/// Row mapping for evaluations and recommendations.
enum EvaluationSQL {
    static let recommendationColumns = "id, evaluation_id, plan_id, text, priority, status, response, carried_into_node_id, version"

    static func decodeRecommendation(_ row: any SQLRow) throws -> Recommendation {
        Recommendation(
            id: try row.decode(column: "id", as: Int.self),
            evaluationId: try row.decode(column: "evaluation_id", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int.self),
            fields: RecommendationFields(
                text: try row.decode(column: "text", as: String.self),
                priority: RecommendationPriority(rawValue: try row.decode(column: "priority", as: String.self)) ?? .medium),
            answer: RecommendationResponse(
                status: RecommendationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                response: try row.decode(column: "response", as: String.self),
                carriedIntoNodeId: try row.optional("carried_into_node_id", as: Int.self)),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Puts each recommendation's institutions in place.
    static func completed(_ recommendations: [Recommendation], in sql: any SQLDatabase) async throws -> [Recommendation] {
        guard !recommendations.isEmpty else { return recommendations }
        var addressed: [Int: [Int]] = [:]
        for row in try await sql.raw("""
            SELECT recommendation_id, institution_id FROM recommendation_institutions
            WHERE recommendation_id IN (\(unsafeRaw: recommendations.map { String($0.id) }.joined(separator: ","))) ORDER BY recommendation_id, position
            """).all() {
            addressed[try row.decode(column: "recommendation_id", as: Int.self), default: []].append(try row.decode(column: "institution_id", as: Int.self))
        }
        return recommendations.map { recommendation in
            var copy = recommendation
            copy.fields.addressedTo = addressed[recommendation.id] ?? []
            return copy
        }
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> Recommendation? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: recommendationColumns) FROM recommendations WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try await completed([try decodeRecommendation(row)], in: sql).first
    }
}

/// Evaluations and the recommendations register in SQLite or PostgreSQL.
public struct SQLEvaluationStore: EvaluationStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    private func visiblePlan(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Plan? {
        try await PlanSQL.live(id: id, viewer: viewer, in: sql)
    }

    public func evaluations(planId: Int, viewer: Viewer) async throws -> [Evaluation]? {
        try await database.read { sql in
            guard try await visiblePlan(planId, viewer: viewer, in: sql) != nil else { return nil }
            let recommendations = try await EvaluationSQL.completed(
                try await sql.raw("""
                    SELECT \(unsafeRaw: EvaluationSQL.recommendationColumns) FROM recommendations WHERE plan_id = \(bind: planId) ORDER BY id
                    """).all().map(EvaluationSQL.decodeRecommendation),
                in: sql)
            let byEvaluation = Dictionary(grouping: recommendations, by: \.evaluationId)
            return try await sql.raw("""
                SELECT id, plan_id, kind, evaluator, evaluated_on, findings FROM evaluations WHERE plan_id = \(bind: planId)
                ORDER BY evaluated_on, id
                """).all().map { row in
                let id = try row.decode(column: "id", as: Int.self)
                return Evaluation(
                    id: id, planId: planId,
                    fields: EvaluationFields(
                        kind: EvaluationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
                        evaluator: try row.decode(column: "evaluator", as: String.self),
                        date: try row.optional("evaluated_on", as: String.self).flatMap(Day.init),
                        findings: try row.decode(column: "findings", as: String.self)),
                    recommendations: byEvaluation[id] ?? [])
            }
        }
    }

    public func createEvaluation(planId: Int, _ input: EvaluationFields, viewer: Viewer, by actor: Actor) async throws -> Evaluation {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let plan = try await PlanSQL.editable(id: planId, viewer: viewer, in: sql)
            let errors = fields.validate()
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            guard let row = try await sql.raw("""
                INSERT INTO evaluations (plan_id, kind, evaluator, evaluated_on, findings, created_at)
                VALUES (\(bind: plan.id), \(bind: fields.kind.rawValue), \(bind: fields.evaluator), \(bind: fields.date?.description),
                    \(bind: fields.findings), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            else { throw StoreError.notFound(entity: "evaluation", id: "new") }
            let evaluation = Evaluation(id: try row.decode(column: "id", as: Int.self), planId: plan.id, fields: fields)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "evaluation", id: String(evaluation.id), action: .create,
                before: Optional<EvaluationFields>.none, after: fields)
            return evaluation
        }
    }

    public func createRecommendation(evaluationId: Int, _ input: RecommendationFields, viewer: Viewer, by actor: Actor) async throws -> Recommendation {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            guard let row = try await sql.raw("SELECT plan_id FROM evaluations WHERE id = \(bind: evaluationId)").first(),
                let plan = try await visiblePlan(try row.decode(column: "plan_id", as: Int.self), viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "evaluation", id: String(evaluationId)) }
            guard viewer.canEdit(plan) else { throw StoreError.forbidden }
            var errors = fields.validate()
            for (index, institution) in fields.addressedTo.enumerated() where try await !PersonSQL.institutionExists(institution, viewer: viewer, in: sql) {
                errors.append(FieldError(field: "addressed_to_ids[\(index)]", code: "unknown_institution", value: String(institution)))
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            guard let inserted = try await sql.raw("""
                INSERT INTO recommendations (evaluation_id, plan_id, text, priority, status, response, version, created_at, updated_at)
                VALUES (\(bind: evaluationId), \(bind: plan.id), \(bind: fields.text), \(bind: fields.priority.rawValue), 'open', '', 1,
                    \(bind: now), \(bind: now))
                RETURNING id
                """).first()
            else { throw StoreError.notFound(entity: "recommendation", id: "new") }
            let id = try inserted.decode(column: "id", as: Int.self)
            for (position, institution) in fields.addressedTo.enumerated() {
                try await sql.raw("""
                    INSERT INTO recommendation_institutions (recommendation_id, institution_id, position)
                    VALUES (\(bind: id), \(bind: institution), \(bind: position))
                    """).run()
            }
            guard let recommendation = try await EvaluationSQL.load(id: id, in: sql) else {
                throw StoreError.notFound(entity: "recommendation", id: String(id))
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "recommendation", id: String(id), action: .create,
                before: Optional<RecommendationFields>.none, after: fields)
            return recommendation
        }
    }

    public func recommendation(id: Int, viewer: Viewer) async throws -> Recommendation? {
        try await database.read { sql in
            guard let recommendation = try await EvaluationSQL.load(id: id, in: sql),
                try await visiblePlan(recommendation.planId, viewer: viewer, in: sql) != nil
            else { return nil }
            return recommendation
        }
    }

    public func recommendations(plan: Int?, status: RecommendationStatus?, viewer: Viewer, page: PageRequest) async throws -> Page<Recommendation> {
        try await database.read { sql in
            // The plans the viewer may see, as a subquery: its conditions name the plans' own columns.
            var condition: SQLQueryString = "r.plan_id IN (SELECT id FROM plans WHERE "
            condition.appendInterpolation(PlanSQL.visibleTo(viewer))
            condition.appendLiteral(")")
            if let plan { condition.appendLiteral(" AND r.plan_id = "); condition.appendInterpolation(bind: plan) }
            if let status { condition.appendLiteral(" AND r.status = "); condition.appendInterpolation(bind: status.rawValue) }
            var count: SQLQueryString = "SELECT COUNT(*) AS n FROM recommendations r WHERE "
            count.appendInterpolation(condition)
            let total = try await sql.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: EvaluationSQL.recommendationColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM recommendations r WHERE
                """
            query.appendLiteral(" ")
            query.appendInterpolation(condition)
            query.appendLiteral(" ORDER BY r.plan_id, r.id LIMIT \(page.perPage) OFFSET \(page.offset)")
            let items = try await EvaluationSQL.completed(try await sql.raw(query).all().map(EvaluationSQL.decodeRecommendation), in: sql)
            return Page(items: items, page: page.page, perPage: page.perPage, total: total)
        }
    }

    public func answer(recommendationId: Int, version: Int, _ input: RecommendationResponse, viewer: Viewer, by actor: Actor) async throws -> Recommendation {
        let answer = input.trimmed()
        return try await database.transaction { sql in
            guard let current = try await EvaluationSQL.load(id: recommendationId, in: sql),
                let plan = try await visiblePlan(current.planId, viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "recommendation", id: String(recommendationId)) }
            guard viewer.canEdit(plan) else { throw StoreError.forbidden }
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "recommendation", id: recommendationId, expected: version, current: current.version)
            }
            var errors = answer.validate()
            if let nodeId = answer.carriedIntoNodeId, nodeId != current.answer.carriedIntoNodeId {
                if let node = try await PlanNodeSQL.load(id: nodeId, in: sql), !node.deleted,
                    try await visiblePlan(node.planId, viewer: viewer, in: sql) != nil
                {
                    if node.planId == plan.id { errors.append(FieldError(field: "carried_into_node_id", code: "same_plan", value: String(nodeId))) }
                } else {
                    errors.append(FieldError(field: "carried_into_node_id", code: "unknown_node", value: String(nodeId)))
                }
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            try await sql.raw("""
                UPDATE recommendations SET status = \(bind: answer.status.rawValue), response = \(bind: answer.response),
                    carried_into_node_id = \(bind: answer.carriedIntoNodeId), version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: recommendationId) AND version = \(bind: version)
                """).run()
            guard let updated = try await EvaluationSQL.load(id: recommendationId, in: sql) else {
                throw StoreError.notFound(entity: "recommendation", id: String(recommendationId))
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "recommendation", id: String(recommendationId), action: .update, before: current.answer,
                after: updated.answer)
            return updated
        }
    }

    public func carriedInto(planId: Int, viewer: Viewer) async throws -> [Recommendation] {
        try await database.read { sql in
            guard try await visiblePlan(planId, viewer: viewer, in: sql) != nil else { return [] }
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: EvaluationSQL.recommendationColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM recommendations r JOIN plan_nodes n ON n.id = r.carried_into_node_id
                WHERE n.plan_id = \(bind: planId) AND n.deleted_at IS NULL AND r.status = 'carried_into' AND r.plan_id IN (SELECT id FROM plans WHERE
                """
            query.appendLiteral(" ")
            query.appendInterpolation(PlanSQL.visibleTo(viewer))
            query.appendLiteral(") ORDER BY r.id")
            return try await EvaluationSQL.completed(try await sql.raw(query).all().map(EvaluationSQL.decodeRecommendation), in: sql)
        }
    }
}
