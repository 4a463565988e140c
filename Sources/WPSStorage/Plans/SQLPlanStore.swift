import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `plans`.
enum PlanSQL: VersionedRecordSQL {
    static let table = "plans"
    static let entity = "plan"
    static let columns = """
        id, kind, country_code, level, network_id, countries, title, title_en, period_start, period_end, status, adopting_act, \
        adopted_on, coordinator_id, coordinating_body_id, previous_plan_id, visibility, version, deleted_at
        """

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["coordinator_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Plan {
        let countries = try row.decode(column: "countries", as: String.self)
        return Plan(
            id: try row.decode(column: "id", as: Int.self),
            fields: PlanFields(
                kind: PlanKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .nap,
                country: try row.optional("country_code", as: String.self),
                level: try row.decode(column: "level", as: String.self),
                networkId: try row.optional("network_id", as: Int.self),
                countries: countries.split(separator: ",").map(String.init),
                title: try row.decode(column: "title", as: String.self),
                titleEn: try row.decode(column: "title_en", as: String.self),
                periodStart: try row.decode(column: "period_start", as: Int.self),
                periodEnd: try row.decode(column: "period_end", as: Int.self),
                status: PlanStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                adoptingAct: try row.decode(column: "adopting_act", as: String.self),
                adoptedOn: try row.optional("adopted_on", as: String.self).flatMap(Day.init),
                coordinatorId: try row.decode(column: "coordinator_id", as: Int.self),
                coordinatingBodyId: try row.optional("coordinating_body_id", as: Int.self),
                previousPlanId: try row.optional("previous_plan_id", as: Int.self),
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func canEdit(_ record: Plan, viewer: Viewer) -> Bool { viewer.canEdit(record) }

    /// The plan at `id` when it is not deleted and the viewer may see it: what every part of a
    /// plan (periods, reports, evaluations, consultations) is seen through.
    static func live(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Plan? {
        guard let plan = try await visible(id: id, viewer: viewer, in: sql), !plan.deleted else { return nil }
        return plan
    }

    /// What the fields name must exist and be visible: the country and its level, the
    /// coordinator, the network and body, the previous plan.
    static func checkReferences(_ fields: PlanFields, id: Int?, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let country = fields.country, fields.kind != .regional {
            if try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
                errors.append(FieldError(field: "country", code: "unknown_country", value: country))
            } else if try await sql.raw("SELECT code FROM government_levels WHERE country_code = \(bind: country) AND code = \(bind: fields.level)").first() == nil {
                errors.append(FieldError(field: "level", code: "unknown_level", value: fields.level))
            }
        }
        for (index, country) in fields.countries.enumerated()
        where try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "countries[\(index)]", code: "unknown_country", value: country))
        }
        if try await !PersonSQL.institutionExists(fields.coordinatorId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "coordinator_id", code: "unknown_institution", value: String(fields.coordinatorId)))
        }
        for (field, network) in [("network_id", fields.networkId), ("coordinating_body_id", fields.coordinatingBodyId)] {
            guard let network else { continue }
            var query: SQLQueryString = "SELECT id FROM networks WHERE id = \(bind: network) AND "
            query.appendInterpolation(NetworkSQL.visibleTo(viewer))
            if try await sql.raw(query).first() == nil {
                errors.append(FieldError(field: field, code: "unknown_network", value: String(network)))
            }
        }
        if let previous = fields.previousPlanId {
            if previous == id {
                errors.append(FieldError(field: "previous_plan_id", code: "cycle", value: String(previous)))
            } else if try await visible(id: previous, viewer: viewer, in: sql).map({ $0.deleted }) != false {
                errors.append(FieldError(field: "previous_plan_id", code: "unknown_plan", value: String(previous)))
            }
        }
        return errors
    }
}

/// Row mapping and rules for `plan_nodes` and their institutions. A node is seen and changed
/// with its plan's rights.
enum PlanNodeSQL {
    static let columns = """
        id, plan_id, parent_id, kind, code, title, title_en, pillar, start_date, end_date, budget_amount, budget_currency, \
        budget_source, status, position, version, deleted_at
        """

    static func decode(_ row: any SQLRow) throws -> PlanNode {
        var budget: Budget?
        if let amount = try row.optional("budget_amount", as: String.self).flatMap(Double.init) {
            budget = Budget(
                amount: amount, currency: try row.optional("budget_currency", as: String.self) ?? "",
                source: try row.optional("budget_source", as: String.self) ?? "")
        }
        return PlanNode(
            id: try row.decode(column: "id", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int.self),
            fields: PlanNodeFields(
                kind: PlanNodeKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .measure,
                parentId: try row.optional("parent_id", as: Int.self),
                code: try row.decode(column: "code", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                titleEn: try row.decode(column: "title_en", as: String.self),
                pillar: try row.optional("pillar", as: String.self).flatMap(Pillar.init(rawValue:)),
                start: try row.optional("start_date", as: String.self).flatMap(Day.init),
                end: try row.optional("end_date", as: String.self).flatMap(Day.init),
                budget: budget,
                status: try row.optional("status", as: String.self).flatMap(MeasureStatus.init(rawValue:)),
                position: try row.decode(column: "position", as: Int.self)),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    /// Puts each node's lead and partner institutions in place.
    static func completed(_ nodes: [PlanNode], in sql: any SQLDatabase) async throws -> [PlanNode] {
        guard !nodes.isEmpty else { return nodes }
        var query: SQLQueryString = "SELECT node_id, institution_id, role FROM plan_node_institutions WHERE node_id IN ("
        query.appendInterpolation(unsafeRaw: nodes.map { String($0.id) }.joined(separator: ","))
        query.appendLiteral(") ORDER BY node_id, position")
        var leads: [Int: [Int]] = [:]
        var partners: [Int: [Int]] = [:]
        for row in try await sql.raw(query).all() {
            let node = try row.decode(column: "node_id", as: Int.self)
            let institution = try row.decode(column: "institution_id", as: Int.self)
            if try row.decode(column: "role", as: String.self) == "lead" {
                leads[node, default: []].append(institution)
            } else {
                partners[node, default: []].append(institution)
            }
        }
        return nodes.map { node in
            var copy = node
            copy.fields.leadIds = leads[node.id] ?? []
            copy.fields.partnerIds = partners[node.id] ?? []
            return copy
        }
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> PlanNode? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: columns) FROM plan_nodes WHERE id = \(bind: id)").first() else { return nil }
        return try await completed([try decode(row)], in: sql).first
    }

    static func writeInstitutions(_ fields: PlanNodeFields, node: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM plan_node_institutions WHERE node_id = \(bind: node)").run()
        for (role, ids) in [("lead", fields.leadIds), ("partner", fields.partnerIds)] {
            for (position, institution) in ids.enumerated() {
                try await sql.raw("""
                    INSERT INTO plan_node_institutions (node_id, institution_id, role, position)
                    VALUES (\(bind: node), \(bind: institution), \(bind: role), \(bind: position))
                    """).run()
            }
        }
    }

    /// The parent must be a live node of the same plan one level up, and the code must extend
    /// the parent's and be free among the plan's live nodes; the institutions must exist.
    static func checkReferences(
        _ fields: PlanNodeFields, planId: Int, id: Int?, viewer: Viewer, in sql: any SQLDatabase
    ) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let parentId = fields.parentId {
            if let parent = try await load(id: parentId, in: sql), parent.planId == planId, !parent.deleted, parent.id != id {
                if parent.fields.kind != fields.kind.parentKind {
                    errors.append(FieldError(field: "parent_id", code: "wrong_level", value: String(parentId)))
                } else if !fields.code.hasPrefix(parent.fields.code + ".") {
                    errors.append(FieldError(field: "code", code: "not_under_parent", value: fields.code))
                }
            } else {
                errors.append(FieldError(field: "parent_id", code: "unknown_node", value: String(parentId)))
            }
        }
        let taken = try await sql.raw("""
            SELECT id FROM plan_nodes WHERE plan_id = \(bind: planId) AND code = \(bind: fields.code) AND deleted_at IS NULL
                AND id <> \(bind: id ?? 0)
            """).first()
        if taken != nil { errors.append(FieldError(field: "code", code: "taken", value: fields.code)) }
        for (field, ids) in [("lead_ids", fields.leadIds), ("partner_ids", fields.partnerIds)] {
            if Set(ids).count != ids.count { errors.append(FieldError(field: field, code: "repeated")) }
            for (index, institution) in ids.enumerated() where try await !PersonSQL.institutionExists(institution, viewer: viewer, in: sql) {
                errors.append(FieldError(field: "\(field)[\(index)]", code: "unknown_institution", value: String(institution)))
            }
        }
        return errors
    }
}

/// Row mapping for `indicators`.
enum IndicatorSQL {
    static let columns = """
        id, node_id, code, definition, unit, disaggregation, baseline_value, baseline_year, target_value, target_year, source, \
        computed_institution_id, computed_series, computed_measure, version, deleted_at
        """

    static func decode(_ row: any SQLRow) throws -> Indicator {
        func yearValue(_ prefix: String) throws -> YearValue? {
            let value = try row.optional("\(prefix)_value", as: String.self).flatMap(Double.init)
            let year = try row.optional("\(prefix)_year", as: Int.self)
            return value == nil && year == nil ? nil : YearValue(value: value, year: year)
        }
        var computed: ComputedFrom?
        if let institution = try row.optional("computed_institution_id", as: Int.self),
            let measure = try row.optional("computed_measure", as: String.self).flatMap(PersonnelMeasure.init(rawValue:))
        {
            computed = ComputedFrom(institutionId: institution, series: try row.optional("computed_series", as: String.self) ?? "", measure: measure)
        }
        return Indicator(
            id: try row.decode(column: "id", as: Int.self),
            nodeId: try row.decode(column: "node_id", as: Int.self),
            fields: IndicatorFields(
                code: try row.decode(column: "code", as: String.self),
                definition: try row.decode(column: "definition", as: String.self),
                unit: IndicatorUnit(rawValue: try row.decode(column: "unit", as: String.self)) ?? .count,
                disaggregation: Disaggregation(rawValue: try row.decode(column: "disaggregation", as: String.self)) ?? .none,
                baseline: try yearValue("baseline"), target: try yearValue("target"),
                source: try row.decode(column: "source", as: String.self), computedFrom: computed),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> Indicator? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM indicators WHERE id = \(bind: id)").first().map(decode)
    }

    /// A number as the database keeps it: exact decimal text, never a float's rounding.
    static func text(_ value: Double?) -> String? {
        guard let value else { return nil }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// Action plans in SQLite or PostgreSQL.
public struct SQLPlanStore: PlanStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    public func plans(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Plan> {
        try await database.read { sql in
            try await PlanSQL.page(
                query, filters: [("country_code", query.country?.uppercased()), ("kind", query.kind), ("status", query.status)],
                orderBy: "period_start DESC, search_text, id", viewer: viewer, in: sql)
        }
    }

    public func plan(id: Int, viewer: Viewer) async throws -> Plan? {
        try await database.read { sql in try await PlanSQL.visible(id: id, viewer: viewer, in: sql) }
    }

    public func createPlan(_ input: PlanFields, viewer: Viewer, by actor: Actor) async throws -> Plan {
        let fields = input.trimmed()
        guard viewer.canEdit(owner: fields.coordinatorId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await PlanSQL.checkReferences(fields, id: nil, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO plans (kind, country_code, level, network_id, countries, title, title_en, period_start, period_end, status,
                    adopting_act, adopted_on, coordinator_id, coordinating_body_id, previous_plan_id, visibility, search_text, version,
                    created_at, updated_at)
                VALUES (\(bind: fields.kind.rawValue), \(bind: fields.country), \(bind: fields.level), \(bind: fields.networkId),
                    \(bind: fields.countries.joined(separator: ",")), \(bind: fields.title), \(bind: fields.titleEn), \(bind: fields.periodStart),
                    \(bind: fields.periodEnd), \(bind: fields.status.rawValue), \(bind: fields.adoptingAct), \(bind: fields.adoptedOn?.description),
                    \(bind: fields.coordinatorId), \(bind: fields.coordinatingBodyId), \(bind: fields.previousPlanId),
                    \(bind: fields.visibility.rawValue), \(bind: fields.searchText), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: PlanSQL.columns)
                """).first()
            return try await PlanSQL.created(row, actor: actor, in: sql)
        }
    }

    public func updatePlan(id: Int, version: Int, fields input: PlanFields, viewer: Viewer, by actor: Actor) async throws -> Plan {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await PlanSQL.editable(id: id, at: version, viewer: viewer, in: sql)
            // Handing a plan to another coordinator needs rights in both.
            if fields.coordinatorId != current.fields.coordinatorId, !viewer.canEdit(owner: fields.coordinatorId) { throw StoreError.forbidden }
            let errors = fields.validate() + newProblems(
                try await PlanSQL.checkReferences(fields, id: id, viewer: viewer, in: sql),
                before: try await PlanSQL.checkReferences(current.fields, id: id, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE plans SET kind = \(bind: fields.kind.rawValue), country_code = \(bind: fields.country), level = \(bind: fields.level),
                    network_id = \(bind: fields.networkId), countries = \(bind: fields.countries.joined(separator: ",")),
                    title = \(bind: fields.title), title_en = \(bind: fields.titleEn), period_start = \(bind: fields.periodStart),
                    period_end = \(bind: fields.periodEnd), status = \(bind: fields.status.rawValue), adopting_act = \(bind: fields.adoptingAct),
                    adopted_on = \(bind: fields.adoptedOn?.description), coordinator_id = \(bind: fields.coordinatorId),
                    coordinating_body_id = \(bind: fields.coordinatingBodyId), previous_plan_id = \(bind: fields.previousPlanId),
                    visibility = \(bind: fields.visibility.rawValue), search_text = \(bind: fields.searchText),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: PlanSQL.columns)
                """).first()
            return try await PlanSQL.updated(row, from: current, actor: actor, in: sql)
        }
    }

    public func deletePlan(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await PlanSQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    public func tree(planId: Int, viewer: Viewer) async throws -> PlanTree? {
        try await database.read { sql in
            guard let plan = try await PlanSQL.visible(id: planId, viewer: viewer, in: sql), !plan.deleted || viewer.isPlatformAdmin else { return nil }
            // Whoever may see the plan sees all of its tree: kept until the next write
            let nodes = try await database.derived("plans.tree|\(planId)", in: sql, rows: { $0.reduce(0) { $0 + 1 + $1.indicators.count } }) {
                let nodes = try await PlanNodeSQL.completed(
                    try await sql.raw("SELECT \(unsafeRaw: PlanNodeSQL.columns) FROM plan_nodes WHERE plan_id = \(bind: planId) AND deleted_at IS NULL")
                        .all().map(PlanNodeSQL.decode),
                    in: sql)
                let indicators = try await sql.raw("""
                    SELECT \(unsafeRaw: IndicatorSQL.columns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
                    FROM indicators i JOIN plan_nodes n ON n.id = i.node_id
                    WHERE n.plan_id = \(bind: planId) AND i.deleted_at IS NULL ORDER BY i.code, i.id
                    """).all().map(IndicatorSQL.decode)
                let byNode = Dictionary(grouping: indicators, by: \.nodeId)
                return PlanTree.ordered(nodes.map { PlanTree.Node(node: $0, indicators: byNode[$0.id] ?? []) })
            }
            return PlanTree(plan: plan, nodes: nodes)
        }
    }

    /// The live node at `id` and its plan, when the viewer may see the plan.
    private func visibleNode(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (PlanNode, Plan)? {
        guard let node = try await PlanNodeSQL.load(id: id, in: sql), !node.deleted,
            let plan = try await PlanSQL.visible(id: node.planId, viewer: viewer, in: sql), !plan.deleted
        else { return nil }
        return (node, plan)
    }

    /// The node at `id`, when the viewer may change its plan.
    private func editableNode(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (PlanNode, Plan) {
        guard let (node, plan) = try await visibleNode(id: id, viewer: viewer, in: sql) else {
            throw StoreError.notFound(entity: "plan_node", id: String(id))
        }
        guard viewer.canEdit(plan) else { throw StoreError.forbidden }
        return (node, plan)
    }

    public func node(id: Int, viewer: Viewer) async throws -> PlanNode? {
        try await database.read { sql in try await visibleNode(id: id, viewer: viewer, in: sql)?.0 }
    }

    public func createNode(planId: Int, _ input: PlanNodeFields, viewer: Viewer, by actor: Actor) async throws -> PlanNode {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let plan = try await PlanSQL.editable(id: planId, viewer: viewer, in: sql)
            return try await Self.insertNode(fields, plan: plan, viewer: viewer, by: actor, in: sql)
        }
    }

    /// Checks and writes a node of `plan` (which the caller may change) in the caller's transaction.
    static func insertNode(_ fields: PlanNodeFields, plan: Plan, viewer: Viewer, by actor: Actor, in sql: any SQLDatabase) async throws -> PlanNode {
        let errors = fields.validate() + (try await PlanNodeSQL.checkReferences(fields, planId: plan.id, id: nil, viewer: viewer, in: sql))
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        let now = Timestamp.now()
        guard let row = try await sql.raw("""
            INSERT INTO plan_nodes (plan_id, parent_id, kind, code, title, title_en, pillar, start_date, end_date, budget_amount,
                budget_currency, budget_source, status, position, version, created_at, updated_at)
            VALUES (\(bind: plan.id), \(bind: fields.parentId), \(bind: fields.kind.rawValue), \(bind: fields.code), \(bind: fields.title),
                \(bind: fields.titleEn), \(bind: fields.pillar?.rawValue), \(bind: fields.start?.description), \(bind: fields.end?.description),
                \(bind: IndicatorSQL.text(fields.budget?.amount)), \(bind: fields.budget?.currency), \(bind: fields.budget?.source),
                \(bind: fields.status?.rawValue), \(bind: fields.position), 1, \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        else { throw StoreError.notFound(entity: "plan_node", id: "new") }
        let id = try row.decode(column: "id", as: Int.self)
        try await PlanNodeSQL.writeInstitutions(fields, node: id, in: sql)
        guard let node = try await PlanNodeSQL.load(id: id, in: sql) else { throw StoreError.notFound(entity: "plan_node", id: String(id)) }
        try await AuditTrail.record(
            in: sql, actor: actor, entity: "plan_node", id: String(id), action: .create, before: Optional<PlanNodeFields>.none,
            after: node.fields)
        return node
    }

    public func updateNode(id: Int, version: Int, fields input: PlanNodeFields, viewer: Viewer, by actor: Actor) async throws -> PlanNode {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let (current, plan) = try await editableNode(id: id, viewer: viewer, in: sql)
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "plan_node", id: id, expected: version, current: current.version)
            }
            var errors = fields.validate() + newProblems(
                try await PlanNodeSQL.checkReferences(fields, planId: plan.id, id: id, viewer: viewer, in: sql),
                before: try await PlanNodeSQL.checkReferences(current.fields, planId: plan.id, id: id, viewer: viewer, in: sql))
            if fields.kind != current.fields.kind { errors.append(FieldError(field: "kind", code: "cannot_change", value: fields.kind.rawValue)) }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            try await sql.raw("""
                UPDATE plan_nodes SET parent_id = \(bind: fields.parentId), code = \(bind: fields.code), title = \(bind: fields.title),
                    title_en = \(bind: fields.titleEn), pillar = \(bind: fields.pillar?.rawValue), start_date = \(bind: fields.start?.description),
                    end_date = \(bind: fields.end?.description), budget_amount = \(bind: IndicatorSQL.text(fields.budget?.amount)),
                    budget_currency = \(bind: fields.budget?.currency), budget_source = \(bind: fields.budget?.source),
                    status = \(bind: fields.status?.rawValue), position = \(bind: fields.position),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                """).run()
            try await PlanNodeSQL.writeInstitutions(fields, node: id, in: sql)
            guard let node = try await PlanNodeSQL.load(id: id, in: sql) else { throw StoreError.notFound(entity: "plan_node", id: String(id)) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "plan_node", id: String(id), action: .update, before: current.fields, after: node.fields)
            return node
        }
    }

    public func deleteNode(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            let (current, _) = try await editableNode(id: id, viewer: viewer, in: sql)
            if let version, version != current.version {
                throw StoreError.versionConflict(entity: "plan_node", id: id, expected: version, current: current.version)
            }
            if try await sql.raw("SELECT id FROM plan_nodes WHERE parent_id = \(bind: id) AND deleted_at IS NULL").first() != nil {
                throw StoreError.conflict(
                    code: "node_has_children", message: "This node has live nodes under it: delete or move them first. Nothing was changed.")
            }
            let now = Timestamp.now()
            try await sql.raw("UPDATE plan_nodes SET deleted_at = \(bind: now), version = version + 1 WHERE id = \(bind: id)").run()
            try await sql.raw("UPDATE indicators SET deleted_at = \(bind: now), version = version + 1 WHERE node_id = \(bind: id) AND deleted_at IS NULL").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "plan_node", id: String(id), action: .delete, before: current.fields,
                after: Optional<PlanNodeFields>.none)
        }
    }

    /// The live indicator at `id` and its plan, when the viewer may see the plan.
    private func visibleIndicator(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (Indicator, Plan)? {
        guard let indicator = try await IndicatorSQL.load(id: id, in: sql), !indicator.deleted,
            let (_, plan) = try await visibleNode(id: indicator.nodeId, viewer: viewer, in: sql)
        else { return nil }
        return (indicator, plan)
    }

    private func editableIndicator(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Indicator {
        guard let (indicator, plan) = try await visibleIndicator(id: id, viewer: viewer, in: sql) else {
            throw StoreError.notFound(entity: "indicator", id: String(id))
        }
        guard viewer.canEdit(plan) else { throw StoreError.forbidden }
        return indicator
    }

    public func indicator(id: Int, viewer: Viewer) async throws -> Indicator? {
        try await database.read { sql in try await visibleIndicator(id: id, viewer: viewer, in: sql)?.0 }
    }

    private static func checkIndicator(_ fields: IndicatorFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors = fields.validate()
        if let computed = fields.computedFrom, try await !PersonSQL.institutionExists(computed.institutionId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "computed_from.institution_id", code: "unknown_institution", value: String(computed.institutionId)))
        }
        return errors
    }

    public func createIndicator(nodeId: Int, _ input: IndicatorFields, viewer: Viewer, by actor: Actor) async throws -> Indicator {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let (node, _) = try await editableNode(id: nodeId, viewer: viewer, in: sql)
            return try await Self.insertIndicator(fields, node: node.id, viewer: viewer, by: actor, in: sql)
        }
    }

    /// Checks and writes an indicator of a node the caller may change, in the caller's transaction.
    static func insertIndicator(_ fields: IndicatorFields, node: Int, viewer: Viewer, by actor: Actor, in sql: any SQLDatabase) async throws -> Indicator {
        let errors = try await Self.checkIndicator(fields, viewer: viewer, in: sql)
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        let now = Timestamp.now()
        guard let row = try await sql.raw("""
            INSERT INTO indicators (node_id, code, definition, unit, disaggregation, baseline_value, baseline_year, target_value,
                target_year, source, computed_institution_id, computed_series, computed_measure, version, created_at, updated_at)
            VALUES (\(bind: node), \(bind: fields.code), \(bind: fields.definition), \(bind: fields.unit.rawValue),
                \(bind: fields.disaggregation.rawValue), \(bind: IndicatorSQL.text(fields.baseline?.value)), \(bind: fields.baseline?.year),
                \(bind: IndicatorSQL.text(fields.target?.value)), \(bind: fields.target?.year), \(bind: fields.source),
                \(bind: fields.computedFrom?.institutionId), \(bind: fields.computedFrom?.series), \(bind: fields.computedFrom?.measure.rawValue),
                1, \(bind: now), \(bind: now))
            RETURNING \(unsafeRaw: IndicatorSQL.columns)
            """).first()
        else { throw StoreError.notFound(entity: "indicator", id: "new") }
        let indicator = try IndicatorSQL.decode(row)
        try await AuditTrail.record(
            in: sql, actor: actor, entity: "indicator", id: String(indicator.id), action: .create,
            before: Optional<IndicatorFields>.none, after: indicator.fields)
        return indicator
    }

    public func updateIndicator(id: Int, version: Int, fields input: IndicatorFields, viewer: Viewer, by actor: Actor) async throws -> Indicator {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await editableIndicator(id: id, viewer: viewer, in: sql)
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "indicator", id: id, expected: version, current: current.version)
            }
            let errors = try await Self.checkIndicator(fields, viewer: viewer, in: sql)
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            guard let row = try await sql.raw("""
                UPDATE indicators SET code = \(bind: fields.code), definition = \(bind: fields.definition), unit = \(bind: fields.unit.rawValue),
                    disaggregation = \(bind: fields.disaggregation.rawValue), baseline_value = \(bind: IndicatorSQL.text(fields.baseline?.value)),
                    baseline_year = \(bind: fields.baseline?.year), target_value = \(bind: IndicatorSQL.text(fields.target?.value)),
                    target_year = \(bind: fields.target?.year), source = \(bind: fields.source),
                    computed_institution_id = \(bind: fields.computedFrom?.institutionId), computed_series = \(bind: fields.computedFrom?.series),
                    computed_measure = \(bind: fields.computedFrom?.measure.rawValue), version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: IndicatorSQL.columns)
                """).first()
            else { throw StoreError.versionConflict(entity: "indicator", id: id, expected: version, current: current.version) }
            let indicator = try IndicatorSQL.decode(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "indicator", id: String(id), action: .update, before: current.fields, after: indicator.fields)
            return indicator
        }
    }

    public func deleteIndicator(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            let current = try await editableIndicator(id: id, viewer: viewer, in: sql)
            if let version, version != current.version {
                throw StoreError.versionConflict(entity: "indicator", id: id, expected: version, current: current.version)
            }
            try await sql.raw("UPDATE indicators SET deleted_at = \(bind: Timestamp.now()), version = version + 1 WHERE id = \(bind: id)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "indicator", id: String(id), action: .delete, before: current.fields,
                after: Optional<IndicatorFields>.none)
        }
    }
}
