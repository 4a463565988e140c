import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `projects`, their links and donors.
enum ProjectSQL: VersionedRecordSQL {
    static let table = "projects"
    static let entity = "project"
    static let columns = """
        id, title, title_en, description, start_date, end_date, status, owner_id, countries, budget_amount, budget_currency, visibility, \
        version, deleted_at
        """

    static var links: [(link: String, path: WritableKeyPath<ProjectFields, [Int]>)] {
        [("implementer", \.implementerIds), ("partner", \.partnerIds), ("measure", \.measureIds)]
    }

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["owner_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Project {
        var budget: Budget?
        if let amount = try row.optional("budget_amount", as: String.self).flatMap(Double.init) {
            budget = Budget(amount: amount, currency: try row.optional("budget_currency", as: String.self) ?? "", source: "")
        }
        return Project(
            id: try row.decode(column: "id", as: Int.self),
            fields: ProjectFields(
                title: try row.decode(column: "title", as: String.self),
                titleEn: try row.decode(column: "title_en", as: String.self),
                description: try row.decode(column: "description", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: try row.optional("end_date", as: String.self).flatMap(Day.init),
                status: ProjectStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .implementation,
                ownerId: try row.decode(column: "owner_id", as: Int.self),
                countries: try row.decode(column: "countries", as: String.self).split(separator: ",").map(String.init),
                budget: budget,
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func canEdit(_ record: Project, viewer: Viewer) -> Bool { viewer.canEdit(owner: record.fields.ownerId) }

    static func completed(_ projects: [Project], in sql: any SQLDatabase) async throws -> [Project] {
        guard !projects.isEmpty else { return projects }
        let ids = projects.map { String($0.id) }.joined(separator: ",")
        var links: [Int: [String: [Int]]] = [:]
        for row in try await sql.raw("""
            SELECT project_id, link, target_id FROM project_links WHERE project_id IN (\(unsafeRaw: ids)) ORDER BY project_id, link, position
            """).all() {
            links[try row.decode(column: "project_id", as: Int.self), default: [:]][try row.decode(column: "link", as: String.self), default: []]
                .append(try row.decode(column: "target_id", as: Int.self))
        }
        var donors: [Int: [Donor]] = [:]
        for row in try await sql.raw("""
            SELECT project_id, institution_id, amount, currency FROM project_donors WHERE project_id IN (\(unsafeRaw: ids)) ORDER BY project_id, position
            """).all() {
            donors[try row.decode(column: "project_id", as: Int.self), default: []].append(Donor(
                institutionId: try row.decode(column: "institution_id", as: Int.self),
                amount: Double(try row.decode(column: "amount", as: String.self)) ?? 0,
                currency: try row.decode(column: "currency", as: String.self)))
        }
        return projects.map { project in
            var copy = project
            for (link, path) in Self.links { copy.fields[keyPath: path] = links[project.id]?[link] ?? [] }
            copy.fields.donors = donors[project.id] ?? []
            return copy
        }
    }

    static func write(_ fields: ProjectFields, project: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM project_links WHERE project_id = \(bind: project)").run()
        for (link, path) in links {
            for (position, target) in fields[keyPath: path].enumerated() {
                try await sql.raw("""
                    INSERT INTO project_links (project_id, link, target_id, position) VALUES (\(bind: project), \(bind: link), \(bind: target), \(bind: position))
                    """).run()
            }
        }
        try await sql.raw("DELETE FROM project_donors WHERE project_id = \(bind: project)").run()
        for (position, donor) in fields.donors.enumerated() {
            try await sql.raw("""
                INSERT INTO project_donors (project_id, institution_id, amount, currency, position)
                VALUES (\(bind: project), \(bind: donor.institutionId), \(bind: IndicatorSQL.text(donor.amount) ?? "0"), \(bind: donor.currency), \(bind: position))
                """).run()
        }
    }

    /// What the fields name must exist and be visible: the countries, institutions and measures.
    static func checkReferences(_ fields: ProjectFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        for (index, country) in fields.countries.enumerated()
        where try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "countries[\(index)]", code: "unknown_country", value: country))
        }
        if try await !PersonSQL.institutionExists(fields.ownerId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "owner_id", code: "unknown_institution", value: String(fields.ownerId)))
        }
        for (field, ids) in [("implementer_ids", fields.implementerIds), ("partner_ids", fields.partnerIds)] {
            for (index, id) in ids.enumerated() where try await !PersonSQL.institutionExists(id, viewer: viewer, in: sql) {
                errors.append(FieldError(field: "\(field)[\(index)]", code: "unknown_institution", value: String(id)))
            }
        }
        for (index, donor) in fields.donors.enumerated() where try await !PersonSQL.institutionExists(donor.institutionId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "donors[\(index)].institution_id", code: "unknown_institution", value: String(donor.institutionId)))
        }
        for (index, id) in fields.measureIds.enumerated() {
            let node = try await PlanNodeSQL.load(id: id, in: sql)
            let plan = try await node.asyncMap { try await PlanSQL.live(id: $0.planId, viewer: viewer, in: sql) } ?? nil
            if node?.deleted != false || node?.fields.kind != .measure || plan == nil {
                errors.append(FieldError(field: "measure_ids[\(index)]", code: "unknown_measure", value: String(id)))
            }
        }
        return errors
    }
}

/// Projects in SQLite or PostgreSQL.
public struct SQLProjectStore: ProjectStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    public func projects(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Project> {
        try await database.read { sql in
            var country: SQLQueryString?
            if let code = query.country, !code.isEmpty {
                country = "(',' || countries || ',') LIKE \(bind: "%," + VisibilitySQL.escapeLike(code.uppercased()) + ",%") ESCAPE '!'"
            }
            return try await ProjectSQL.page(
                query, filters: [("status", query.status)], condition: country, orderBy: "start_date DESC, id DESC", viewer: viewer, in: sql)
        }
    }

    public func project(id: Int, viewer: Viewer) async throws -> Project? {
        try await database.read { sql in try await ProjectSQL.visible(id: id, viewer: viewer, in: sql) }
    }

    public func createProject(_ input: ProjectFields, viewer: Viewer, by actor: Actor) async throws -> Project {
        let fields = input.trimmed()
        guard viewer.canEdit(owner: fields.ownerId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await ProjectSQL.checkReferences(fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO projects (title, title_en, description, start_date, end_date, status, owner_id, countries, budget_amount, budget_currency,
                    visibility, search_text, version, created_at, updated_at)
                VALUES (\(bind: fields.title), \(bind: fields.titleEn), \(bind: fields.description), \(bind: fields.start.description),
                    \(bind: fields.end?.description), \(bind: fields.status.rawValue), \(bind: fields.ownerId), \(bind: fields.countries.joined(separator: ",")),
                    \(bind: IndicatorSQL.text(fields.budget?.amount)), \(bind: fields.budget?.currency), \(bind: fields.visibility.rawValue),
                    \(bind: fields.searchText), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: ProjectSQL.columns)
                """).first()
            return try await ProjectSQL.created(row, actor: actor, in: sql) { created in try await ProjectSQL.write(fields, project: created.id, in: sql) }
        }
    }

    public func updateProject(id: Int, version: Int, fields input: ProjectFields, viewer: Viewer, by actor: Actor) async throws -> Project {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await ProjectSQL.editable(id: id, at: version, viewer: viewer, in: sql)
            if fields.ownerId != current.fields.ownerId, !viewer.canEdit(owner: fields.ownerId) { throw StoreError.forbidden }
            let errors = fields.validate() + newProblems(
                try await ProjectSQL.checkReferences(fields, viewer: viewer, in: sql),
                before: try await ProjectSQL.checkReferences(current.fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE projects SET title = \(bind: fields.title), title_en = \(bind: fields.titleEn), description = \(bind: fields.description),
                    start_date = \(bind: fields.start.description), end_date = \(bind: fields.end?.description), status = \(bind: fields.status.rawValue),
                    owner_id = \(bind: fields.ownerId), countries = \(bind: fields.countries.joined(separator: ",")),
                    budget_amount = \(bind: IndicatorSQL.text(fields.budget?.amount)), budget_currency = \(bind: fields.budget?.currency),
                    visibility = \(bind: fields.visibility.rawValue), search_text = \(bind: fields.searchText),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: ProjectSQL.columns)
                """).first()
            return try await ProjectSQL.updated(row, from: current, actor: actor, in: sql) { changed in try await ProjectSQL.write(fields, project: changed.id, in: sql) }
        }
    }

    public func deleteProject(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await ProjectSQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    public func results(projectId: Int, viewer: Viewer) async throws -> [ProjectResult]? {
        try await database.read { sql in
            guard let project = try await ProjectSQL.visible(id: projectId, viewer: viewer, in: sql), !project.deleted else { return nil }
            return try await Self.results(projectId: projectId, in: sql)
        }
    }

    static func results(projectId: Int, in sql: any SQLDatabase) async throws -> [ProjectResult] {
        let results = try await sql.raw("SELECT id, title, type FROM project_results WHERE project_id = \(bind: projectId) ORDER BY id").all()
        guard !results.isEmpty else { return [] }
        var indicators: [Int: [ResultIndicator]] = [:]
        var indicatorResult: [Int: Int] = [:]
        for row in try await sql.raw("""
            SELECT i.id, i.result_id, i.code, i.definition, i.unit, i.disaggregation, i.baseline_value, i.baseline_year, i.target_value, i.target_year, i.source
            FROM result_indicators i JOIN project_results r ON r.id = i.result_id WHERE r.project_id = \(bind: projectId) ORDER BY i.result_id, i.position
            """).all() {
            func yearValue(_ prefix: String) throws -> YearValue? {
                let value = try row.optional("\(prefix)_value", as: String.self).flatMap(Double.init)
                let year = try row.optional("\(prefix)_year", as: Int.self)
                return value == nil && year == nil ? nil : YearValue(value: value, year: year)
            }
            let id = try row.decode(column: "id", as: Int.self)
            let result = try row.decode(column: "result_id", as: Int.self)
            indicatorResult[id] = result
            indicators[result, default: []].append(ResultIndicator(id: id, fields: IndicatorFields(
                code: try row.decode(column: "code", as: String.self), definition: try row.decode(column: "definition", as: String.self),
                unit: IndicatorUnit(rawValue: try row.decode(column: "unit", as: String.self)) ?? .count,
                disaggregation: Disaggregation(rawValue: try row.decode(column: "disaggregation", as: String.self)) ?? .none,
                baseline: try yearValue("baseline"), target: try yearValue("target"), source: try row.decode(column: "source", as: String.self))))
        }
        var actuals: [Int: [ResultActual]] = [:]
        if !indicatorResult.isEmpty {
            for row in try await sql.raw("""
                SELECT indicator_id, period_start, period_end, value, female, male, other, unknown, note FROM result_actuals
                WHERE indicator_id IN (\(unsafeRaw: indicatorResult.keys.map(String.init).joined(separator: ","))) ORDER BY indicator_id, position
                """).all() {
                func number(_ column: String) throws -> Double? { try row.optional(column, as: String.self).flatMap(Double.init) }
                let indicator = try row.decode(column: "indicator_id", as: Int.self)
                actuals[indicator, default: []].append(ResultActual(
                    start: Day(try row.decode(column: "period_start", as: String.self)) ?? .epoch,
                    end: Day(try row.decode(column: "period_end", as: String.self)) ?? .epoch,
                    value: ReportValue(
                        indicatorId: indicator, value: try number("value"), female: try number("female"), male: try number("male"),
                        other: try number("other"), unknown: try number("unknown"), note: try row.decode(column: "note", as: String.self))))
            }
        }
        return try results.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            let list = (indicators[id] ?? []).map { indicator in
                var copy = indicator
                copy.actuals = actuals[indicator.id] ?? []
                return copy
            }
            return ProjectResult(id: id, projectId: projectId, fields: ProjectResultFields(
                title: try row.decode(column: "title", as: String.self), type: ResultType(rawValue: try row.decode(column: "type", as: String.self)) ?? .output,
                indicators: list))
        }
    }

    public func addResult(projectId: Int, _ input: ProjectResultFields, viewer: Viewer, by actor: Actor) async throws -> ProjectResult {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            _ = try await ProjectSQL.editable(id: projectId, viewer: viewer, in: sql)
            let errors = fields.validate()
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            guard let row = try await sql.raw("""
                INSERT INTO project_results (project_id, title, type, created_at)
                VALUES (\(bind: projectId), \(bind: fields.title), \(bind: fields.type.rawValue), \(bind: Timestamp.now())) RETURNING id
                """).first()
            else { throw StoreError.notFound(entity: "project_result", id: "new") }
            let resultId = try row.decode(column: "id", as: Int.self)
            for (position, indicator) in fields.indicators.enumerated() {
                let f = indicator.fields
                guard let inserted = try await sql.raw("""
                    INSERT INTO result_indicators (result_id, code, definition, unit, disaggregation, baseline_value, baseline_year, target_value,
                        target_year, source, position)
                    VALUES (\(bind: resultId), \(bind: f.code), \(bind: f.definition), \(bind: f.unit.rawValue), \(bind: f.disaggregation.rawValue),
                        \(bind: IndicatorSQL.text(f.baseline?.value)), \(bind: f.baseline?.year), \(bind: IndicatorSQL.text(f.target?.value)),
                        \(bind: f.target?.year), \(bind: f.source), \(bind: position))
                    RETURNING id
                    """).first()
                else { continue }
                let indicatorId = try inserted.decode(column: "id", as: Int.self)
                for (number, actual) in indicator.actuals.enumerated() {
                    let v = actual.value
                    try await sql.raw("""
                        INSERT INTO result_actuals (indicator_id, period_start, period_end, value, female, male, other, unknown, note, position)
                        VALUES (\(bind: indicatorId), \(bind: actual.start.description), \(bind: actual.end.description), \(bind: IndicatorSQL.text(v.value)),
                            \(bind: IndicatorSQL.text(v.female)), \(bind: IndicatorSQL.text(v.male)), \(bind: IndicatorSQL.text(v.other)),
                            \(bind: IndicatorSQL.text(v.unknown)), \(bind: v.note), \(bind: number))
                        """).run()
                }
            }
            try await sql.raw("UPDATE projects SET version = version + 1, updated_at = \(bind: Timestamp.now()) WHERE id = \(bind: projectId)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "project", id: String(projectId), action: .update, before: Optional<ProjectResultFields>.none, after: fields)
            guard let result = try await Self.results(projectId: projectId, in: sql).first(where: { $0.id == resultId }) else {
                throw StoreError.notFound(entity: "project_result", id: String(resultId))
            }
            return result
        }
    }
}
