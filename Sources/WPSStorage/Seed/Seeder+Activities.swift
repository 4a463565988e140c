import Foundation
import Logging
import SQLKit
import WPSCore

extension Seeder {
    /// The activities' part of the demo (``ActivityDemo``), after the directory's and the
    /// plans': institutions, people, networks, plans, measures, reports and evaluations are found
    /// by the names ``DirectoryDemo`` and ``PlanDemo`` give them. Returns how many it wrote.
    static func loadDemoActivities(_ database: WPSDatabase, logger: Logger) async throws -> Int {
        let store = SQLActivityStore(database: database)
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        struct Names: Sendable {
            var institutions: [String: Int] = [:]
            var networks: [String: Int] = [:]
            var people: [String: Int] = [:]
            var plans: [String: Int] = [:]
            var measures: [String: Int] = [:]
            var reports: [String: Int] = [:]
            var evaluations: [Int: Int] = [:]
        }
        let names = try await database.read { sql in
            var names = Names()
            func pairs(_ query: SQLQueryString, key: String) async throws -> [String: Int] {
                Dictionary(try await sql.raw(query).all().map {
                    (try $0.decode(column: key, as: String.self), try $0.decode(column: "id", as: Int.self))
                }) { first, _ in first }
            }
            names.institutions = try await pairs("SELECT id, name FROM institutions WHERE deleted_at IS NULL", key: "name")
            names.networks = try await pairs("SELECT id, name FROM networks WHERE deleted_at IS NULL", key: "name")
            names.people = try await pairs("SELECT id, given_name || ' ' || family_name AS full_name FROM people WHERE deleted_at IS NULL", key: "full_name")
            names.plans = try await pairs("SELECT id, title FROM plans WHERE deleted_at IS NULL", key: "title")
            names.measures = try await pairs("""
                SELECT id, CAST(plan_id AS TEXT) || '/' || code AS plan_code FROM plan_nodes WHERE deleted_at IS NULL AND kind = 'measure'
                """, key: "plan_code")
            names.reports = try await pairs("""
                SELECT r.id, CAST(r.plan_id AS TEXT) || '/' || p.name || '/' || CAST(r.institution_id AS TEXT) AS report_key
                FROM progress_reports r JOIN reporting_periods p ON p.id = r.period_id
                """, key: "report_key")
            for row in try await sql.raw("SELECT id, plan_id FROM evaluations").all() {
                names.evaluations[try row.decode(column: "plan_id", as: Int.self)] = try row.decode(column: "id", as: Int.self)
            }
            return names
        }
        let institutionKeys = Dictionary(DirectoryDemo.institutions.map { ($0.key, $0.fields.name) }) { first, _ in first }
        let networkKeys = Dictionary(DirectoryDemo.networks.map { ($0.key, $0.fields.name) }) { first, _ in first }
        let planKeys = Dictionary(PlanDemo.plans.map { ($0.key, $0.fields.title) }) { first, _ in first }
        func institution(_ key: String) -> Int? { institutionKeys[key].flatMap { names.institutions[$0] } }
        func plan(_ key: String) -> Int? { planKeys[key].flatMap { names.plans[$0] } }

        let projectStore = SQLProjectStore(database: database)
        var projects: [String: Int] = [:]
        for entry in ActivityDemo.projects {
            guard let owner = institution(entry.owner) else { continue }
            var fields = entry.fields
            fields.ownerId = owner
            fields.implementerIds = entry.implementers.compactMap(institution)
            fields.partnerIds = entry.partners.compactMap(institution)
            fields.donors = entry.donors.compactMap { donor in institution(donor.institution).map { Donor(institutionId: $0, amount: donor.amount, currency: donor.currency) } }
            fields.measureIds = entry.measures.compactMap { measure in plan(measure.plan).flatMap { names.measures["\($0)/\(measure.code)"] } }
            let project = try await projectStore.createProject(fields, viewer: admin, by: actor)
            projects[entry.key] = project.id
            for result in entry.results { _ = try await projectStore.addResult(projectId: project.id, result, viewer: admin, by: actor) }
        }
        var written = 0
        for entry in ActivityDemo.entries {
            guard let owner = institution(entry.owner), let start = Day(entry.start), let end = Day(entry.end) else {
                logger.warning("demo activity skipped", metadata: ["title": "\(entry.title)"])
                continue
            }
            let fields = ActivityFields(
                kind: entry.kind, title: entry.title, titleEn: entry.titleEn, start: start, end: end, city: entry.city, country: entry.country,
                online: entry.online, ownerId: owner, organiserIds: entry.organisers.compactMap(institution), funderIds: entry.funders.compactMap(institution),
                projectId: entry.project.flatMap { projects[$0] },
                networkId: entry.network.flatMap { networkKeys[$0] }.flatMap { names.networks[$0] },
                measureIds: entry.measures.compactMap { measure in plan(measure.plan).flatMap { names.measures["\($0)/\(measure.code)"] } },
                reviewedReportIds: entry.reviewedReports.compactMap { report in
                    guard let plan = plan(report.plan), let reporter = institution(report.institution) else { return nil }
                    return names.reports["\(plan)/\(report.period)/\(reporter)"]
                },
                reviewedEvaluationIds: entry.reviewedEvaluations.compactMap { plan($0).flatMap { names.evaluations[$0] } },
                trainerIds: entry.trainers.compactMap { names.people[$0] }, agenda: entry.agenda, outputs: entry.outputs, visibility: .public)
            let activity = try await store.createActivity(fields, viewer: admin, by: actor)
            var lines = entry.people.compactMap { names.people[$0] }.map { ParticipantFields(personId: $0) }
            lines += entry.counts.map { ParticipantFields(counts: SexCounts(female: $0.female, male: $0.male), institutionKind: $0.kind) }
            if !lines.isEmpty { _ = try await store.addParticipants(activityId: activity.id, lines, viewer: admin, by: actor) }
            written += 1
        }
        return written
    }
}
