import Foundation
import Logging
import SQLKit
import WPSCore

extension Seeder {
    /// The action plans' part of the demo (``PlanDemo``), after the directory's: institutions and
    /// networks are found by the names ``DirectoryDemo`` gives them.
    static func loadDemoPlans(_ database: WPSDatabase, into summary: inout DemoSummary, logger: Logger) async throws {
        let store = SQLPlanStore(database: database)
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        let (institutionIds, networkIds) = try await database.read { sql in
            let institutions = try await sql.raw("SELECT id, name FROM institutions WHERE deleted_at IS NULL").all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "id", as: Int.self))
            }
            let networks = try await sql.raw("SELECT id, name FROM networks WHERE deleted_at IS NULL").all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "id", as: Int.self))
            }
            return (Dictionary(institutions, uniquingKeysWith: { first, _ in first }), Dictionary(networks, uniquingKeysWith: { first, _ in first }))
        }
        let institutionKeys = Dictionary(DirectoryDemo.institutions.map { ($0.key, $0.fields.name) }, uniquingKeysWith: { first, _ in first })
        let networkKeys = Dictionary(DirectoryDemo.networks.map { ($0.key, $0.fields.name) }, uniquingKeysWith: { first, _ in first })
        func institution(_ key: String) -> Int? { institutionKeys[key].flatMap { institutionIds[$0] } }
        func network(_ key: String?) -> Int? { key.flatMap { networkKeys[$0] }.flatMap { networkIds[$0] } }

        var planIds: [String: Int] = [:]
        var nodeIdsByPlan: [String: [String: Int]] = [:]
        var indicatorIdsByPlan: [String: [String: Int]] = [:]
        for entry in PlanDemo.plans {
            guard let coordinator = institution(entry.coordinator) else {
                logger.warning("demo plan coordinator not found", metadata: ["plan": "\(entry.key)"])
                continue
            }
            var fields = entry.fields
            fields.coordinatorId = coordinator
            fields.coordinatingBodyId = network(entry.body)
            fields.networkId = network(entry.network)
            fields.previousPlanId = entry.previous.flatMap { planIds[$0] }
            let plan = try await store.createPlan(fields, viewer: admin, by: actor)
            planIds[entry.key] = plan.id
            var nodeIds: [String: Int] = [:]
            for node in entry.nodes {
                // A node's parent is the node whose code its own extends by one part.
                let parentCode = node.code.split(separator: ".").dropLast().joined(separator: ".")
                let created = try await store.createNode(
                    planId: plan.id,
                    PlanNodeFields(
                        kind: node.kind, parentId: parentCode.isEmpty ? nil : nodeIds[parentCode], code: node.code, title: node.title,
                        titleEn: node.titleEn, pillar: node.pillar, leadIds: node.leads.compactMap(institution),
                        partnerIds: node.partners.compactMap(institution), start: node.start.flatMap(Day.init), end: node.end.flatMap(Day.init),
                        budget: node.budget, status: node.status),
                    viewer: admin, by: actor)
                nodeIds[node.code] = created.id
                for indicator in node.indicators {
                    var fields = indicator.fields
                    if let computed = indicator.computedFrom, let owner = institution(computed.institution) {
                        fields.computedFrom = ComputedFrom(institutionId: owner, series: computed.series, measure: computed.measure)
                    }
                    let indicatorId = try await store.createIndicator(nodeId: created.id, fields, viewer: admin, by: actor).id
                    indicatorIdsByPlan[entry.key, default: [:]][indicator.fields.code] = indicatorId
                }
            }
            nodeIdsByPlan[entry.key] = nodeIds
        }
        summary.plans = planIds.count
        try await loadDemoReports(database, plans: planIds, nodes: nodeIdsByPlan, indicators: indicatorIdsByPlan, institution: institution)
        let consultations = SQLConsultationStore(database: database)
        let today = Day(String(Timestamp.now().prefix(10))) ?? .epoch
        for entry in ConsultationDemo.consultations {
            guard let plan = planIds[entry.plan] else { continue }
            let opens = entry.dates.flatMap { Day($0.opens) } ?? today.adding(days: -14)
            let closes = entry.dates.flatMap { Day($0.closes) } ?? today.adding(days: 60)
            let consultation = try await consultations.createConsultation(
                planId: plan, ConsultationFields(title: entry.title, opensOn: opens, closesOn: closes, description: entry.description),
                viewer: admin, by: actor)
            for item in entry.proposals {
                guard let proposer = institution(item.institution) else { continue }
                let proposal = try await consultations.propose(
                    consultationId: consultation.id,
                    ProposalFields(institutionId: proposer, nodeId: item.node.flatMap { nodeIdsByPlan[entry.plan]?[$0] }, section: item.section, text: item.text),
                    today: opens, viewer: admin, by: actor)
                for endorser in item.endorsedBy.compactMap(institution) {
                    _ = try await consultations.endorse(proposalId: proposal.id, institutionId: endorser, today: opens, viewer: admin, by: actor)
                }
                if let answer = item.answer {
                    _ = try await consultations.answer(proposalId: proposal.id, version: 1, answer, viewer: admin, by: actor)
                }
            }
        }
        let evaluations = SQLEvaluationStore(database: database)
        for entry in EvaluationDemo.evaluations {
            guard let plan = planIds[entry.plan] else { continue }
            let evaluation = try await evaluations.createEvaluation(planId: plan, entry.fields, viewer: admin, by: actor)
            for item in entry.recommendations {
                let recommendation = try await evaluations.createRecommendation(
                    evaluationId: evaluation.id,
                    RecommendationFields(text: item.text, priority: item.priority, addressedTo: item.addressedTo.compactMap(institution)),
                    viewer: admin, by: actor)
                guard item.status != .open else { continue }
                let node = item.carriedInto.flatMap { nodeIdsByPlan[$0.plan]?[$0.code] }
                _ = try await evaluations.answer(
                    recommendationId: recommendation.id, version: recommendation.version,
                    RecommendationResponse(status: item.status, response: item.response, carriedIntoNodeId: node), viewer: admin, by: actor)
            }
        }
    }

    /// ``ReportDemo``: periods, then each report written and taken through its review steps as
    /// the ministries and the agency would, then the locks.
    static func loadDemoReports(
        _ database: WPSDatabase, plans: [String: Int], nodes: [String: [String: Int]], indicators: [String: [String: Int]],
        institution: (String) -> Int?
    ) async throws {
        let store = SQLProgressReportStore(database: database)
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        var periodIds: [String: Int] = [:]
        for entry in ReportDemo.periods {
            guard let plan = plans[entry.plan] else { continue }
            periodIds[entry.plan + "/" + entry.fields.name] = try await store.createPeriod(planId: plan, entry.fields, viewer: admin, by: actor).id
        }
        for entry in ReportDemo.reports {
            guard let period = periodIds[entry.plan + "/" + entry.period], let reporter = institution(entry.institution) else { continue }
            let report = try await store.createReport(periodId: period, institutionId: reporter, viewer: admin, by: actor)
            let content = ReportContent(
                narrative: entry.narrative,
                measures: entry.measures.compactMap { measure in
                    nodes[entry.plan]?[measure.code].map { ReportMeasure(nodeId: $0, status: measure.status, narrative: measure.narrative) }
                },
                values: entry.values.compactMap { value in
                    indicators[entry.plan]?[value.indicator].map { id in
                        var copy = value.value
                        copy.indicatorId = id
                        return copy
                    }
                })
            _ = try await store.updateReport(id: report.id, version: report.version, content: content, viewer: admin, by: actor)
            for (step, comment) in entry.steps {
                _ = try await store.move(reportId: report.id, step, comment: comment, viewer: admin, by: actor)
            }
        }
        for entry in ReportDemo.periods where entry.locked {
            guard let period = periodIds[entry.plan + "/" + entry.fields.name] else { continue }
            _ = try await store.setLocked(periodId: period, true, viewer: admin, by: actor)
        }
    }
}
