import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `activities`, their links and their participants.
enum ActivitySQL: VersionedRecordSQL {
    static let table = "activities"
    static let entity = "activity"
    static let columns = """
        id, kind, title, title_en, start_date, end_date, city, country_code, online, owner_id, project_id, network_id, agenda, outputs, visibility, \
        version, deleted_at
        """

    /// Each list of ids an activity keeps, by its `link` value in `activity_links`.
    static var links: [(link: String, path: WritableKeyPath<ActivityFields, [Int]>)] {
        [("organiser", \.organiserIds), ("funder", \.funderIds), ("measure", \.measureIds), ("report", \.reviewedReportIds),
         ("evaluation", \.reviewedEvaluationIds), ("trainer", \.trainerIds)]
    }

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["owner_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Activity {
        Activity(
            id: try row.decode(column: "id", as: Int.self),
            fields: ActivityFields(
                kind: ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .meeting,
                title: try row.decode(column: "title", as: String.self),
                titleEn: try row.decode(column: "title_en", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch,
                city: try row.decode(column: "city", as: String.self),
                country: try row.optional("country_code", as: String.self),
                online: try row.decode(column: "online", as: Int.self) != 0,
                ownerId: try row.decode(column: "owner_id", as: Int.self),
                projectId: try row.optional("project_id", as: Int.self),
                networkId: try row.optional("network_id", as: Int.self),
                agenda: try row.decode(column: "agenda", as: String.self),
                outputs: try row.decode(column: "outputs", as: String.self),
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func canEdit(_ record: Activity, viewer: Viewer) -> Bool { viewer.canEdit(owner: record.fields.ownerId) }

    /// Puts each activity's links, areas and participants by sex (from `activity_reach`) in place.
    static func completed(_ activities: [Activity], in sql: any SQLDatabase) async throws -> [Activity] {
        guard !activities.isEmpty else { return activities }
        let ids = activities.map { String($0.id) }.joined(separator: ",")
        var links: [Int: [String: [Int]]] = [:]
        for row in try await sql.raw("""
            SELECT activity_id, link, target_id FROM activity_links WHERE activity_id IN (\(unsafeRaw: ids)) ORDER BY activity_id, link, position
            """).all() {
            links[try row.decode(column: "activity_id", as: Int.self), default: [:]][try row.decode(column: "link", as: String.self), default: []]
                .append(try row.decode(column: "target_id", as: Int.self))
        }
        var areas: [Int: [String]] = [:]
        for row in try await sql.raw("SELECT activity_id, area_code FROM activity_areas WHERE activity_id IN (\(unsafeRaw: ids)) ORDER BY activity_id, position").all() {
            areas[try row.decode(column: "activity_id", as: Int.self), default: []].append(try row.decode(column: "area_code", as: String.self))
        }
        let counts = try await ActivityReachSQL.sums(activities.map(\.id), in: sql)
        return activities.map { activity in
            var copy = activity
            for (link, path) in Self.links { copy.fields[keyPath: path] = links[activity.id]?[link] ?? [] }
            copy.fields.areas = areas[activity.id] ?? []
            if let (participants, gap) = counts[activity.id] {
                copy.participants = participants
                copy.participantGap = gap
            }
            return copy
        }
    }

    static func writeLinks(_ fields: ActivityFields, activity: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM activity_links WHERE activity_id = \(bind: activity)").run()
        for (link, path) in links {
            for (position, target) in fields[keyPath: path].enumerated() {
                try await sql.raw("""
                    INSERT INTO activity_links (activity_id, link, target_id, position)
                    VALUES (\(bind: activity), \(bind: link), \(bind: target), \(bind: position))
                    """).run()
            }
        }
        try await sql.raw("DELETE FROM activity_areas WHERE activity_id = \(bind: activity)").run()
        for (position, area) in fields.areas.enumerated() {
            try await sql.raw("INSERT INTO activity_areas (activity_id, area_code, position) VALUES (\(bind: activity), \(bind: area), \(bind: position))").run()
        }
    }

    /// What the fields name must exist and be visible to the viewer: the country, the
    /// institutions, the network, live measures of plans the viewer sees, the reports and
    /// evaluations it reviewed, the trainers.
    static func checkReferences(_ fields: ActivityFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let country = fields.country, try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "country", code: "unknown_country", value: country))
        }
        if try await !PersonSQL.institutionExists(fields.ownerId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "owner_id", code: "unknown_institution", value: String(fields.ownerId)))
        }
        for (field, ids) in [("organiser_ids", fields.organiserIds), ("funder_ids", fields.funderIds)] {
            for (index, id) in ids.enumerated() where try await !PersonSQL.institutionExists(id, viewer: viewer, in: sql) {
                errors.append(FieldError(field: "\(field)[\(index)]", code: "unknown_institution", value: String(id)))
            }
        }
        if let project = fields.projectId {
            var query: SQLQueryString = "SELECT id FROM projects WHERE id = \(bind: project) AND "
            query.appendInterpolation(ProjectSQL.visibleTo(viewer))
            if try await sql.raw(query).first() == nil { errors.append(FieldError(field: "project_id", code: "unknown_project", value: String(project))) }
        }
        if let network = fields.networkId {
            var query: SQLQueryString = "SELECT id FROM networks WHERE id = \(bind: network) AND "
            query.appendInterpolation(NetworkSQL.visibleTo(viewer))
            if try await sql.raw(query).first() == nil { errors.append(FieldError(field: "network_id", code: "unknown_network", value: String(network))) }
        }
        for (index, area) in fields.areas.enumerated() where try await sql.raw("SELECT code FROM expertise_areas WHERE code = \(bind: area)").first() == nil {
            errors.append(FieldError(field: "areas[\(index)]", code: "unknown_area", value: String(area.prefix(60))))
        }
        for (index, id) in fields.measureIds.enumerated() {
            let node = try await PlanNodeSQL.load(id: id, in: sql)
            let plan = try await node.asyncMap { try await PlanSQL.live(id: $0.planId, viewer: viewer, in: sql) } ?? nil
            if node?.deleted != false || node?.fields.kind != .measure || plan == nil {
                errors.append(FieldError(field: "measure_ids[\(index)]", code: "unknown_measure", value: String(id)))
            }
        }
        for (index, id) in fields.reviewedReportIds.enumerated() {
            let report = try await ReportSQL.load(id: id, in: sql)
            let plan = try await report.asyncMap { try await PlanSQL.live(id: $0.planId, viewer: viewer, in: sql) } ?? nil
            if let report, let plan, ReportSQL.sees(report, plan: plan, viewer: viewer) { continue }
            errors.append(FieldError(field: "reviewed_report_ids[\(index)]", code: "unknown_report", value: String(id)))
        }
        for (index, id) in fields.reviewedEvaluationIds.enumerated() {
            let planId = try await sql.raw("SELECT plan_id FROM evaluations WHERE id = \(bind: id)").first()?.decode(column: "plan_id", as: Int.self)
            if let planId, try await PlanSQL.live(id: planId, viewer: viewer, in: sql) != nil { continue }
            errors.append(FieldError(field: "reviewed_evaluation_ids[\(index)]", code: "unknown_evaluation", value: String(id)))
        }
        for (index, id) in fields.trainerIds.enumerated() {
            guard let person = try await PersonSQL.visible(id: id, viewer: viewer, in: sql), !person.deleted else {
                errors.append(FieldError(field: "trainer_ids[\(index)]", code: "unknown_person", value: String(id)))
                continue
            }
        }
        return errors
    }

    static let participantColumns = """
        a.id, a.activity_id, a.person_id, a.institution_id, a.female, a.male, a.other, a.unknown, a.stated_total, a.institution_kind, a.level, \
        p.given_name, p.family_name, p.sex
        """

    static func decodeParticipant(_ row: any SQLRow) throws -> Participant {
        let person = try row.optional("person_id", as: Int.self)
        var counts: SexCounts?
        if person == nil {
            counts = SexCounts(
                female: try row.optional("female", as: Int.self) ?? 0, male: try row.optional("male", as: Int.self) ?? 0,
                other: try row.optional("other", as: Int.self) ?? 0, unknown: try row.optional("unknown", as: Int.self) ?? 0)
        }
        let given = try row.optional("given_name", as: String.self)
        let family = try row.optional("family_name", as: String.self)
        return Participant(
            id: try row.decode(column: "id", as: Int.self),
            activityId: try row.decode(column: "activity_id", as: Int.self),
            fields: ParticipantFields(
                personId: person, institutionId: try row.optional("institution_id", as: Int.self), counts: counts,
                statedTotal: try row.optional("stated_total", as: Int.self),
                institutionKind: try row.decode(column: "institution_kind", as: String.self), level: try row.decode(column: "level", as: String.self)),
            name: [given, family].compactMap { $0 }.joined(separator: " "),
            sex: try row.optional("sex", as: String.self).flatMap(Sex.init(rawValue:)))
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
