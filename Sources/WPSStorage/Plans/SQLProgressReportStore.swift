import Foundation
import SQLKit
import WPSCore

/// Row mapping for reporting periods, progress reports, their content and history.
enum ReportSQL {
    static let periodColumns = "id, plan_id, name, start_date, end_date, due_date, locked_at, version"
    static let columns = "id, plan_id, period_id, institution_id, status, narrative, submitted_on, version"

    static func decodePeriod(_ row: any SQLRow) throws -> ReportingPeriod {
        ReportingPeriod(
            id: try row.decode(column: "id", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int.self),
            fields: PeriodFields(
                name: try row.decode(column: "name", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch,
                due: try row.optional("due_date", as: String.self).flatMap(Day.init)),
            locked: try row.optional("locked_at", as: String.self) != nil,
            version: try row.decode(column: "version", as: Int.self))
    }

    static func decode(_ row: any SQLRow) throws -> ProgressReport {
        ProgressReport(
            id: try row.decode(column: "id", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int.self),
            periodId: try row.decode(column: "period_id", as: Int.self),
            institutionId: try row.decode(column: "institution_id", as: Int.self),
            status: ReportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            fields: ReportContent(narrative: try row.decode(column: "narrative", as: String.self)),
            version: try row.decode(column: "version", as: Int.self),
            submittedOn: try row.optional("submitted_on", as: String.self).flatMap(Day.init))
    }

    static func number(_ row: any SQLRow, _ column: String) throws -> Double? {
        try row.optional(column, as: String.self).flatMap(Double.init)
    }

    static func decodeValue(_ row: any SQLRow) throws -> ReportValue {
        ReportValue(
            indicatorId: try row.decode(column: "indicator_id", as: Int.self),
            value: try number(row, "value"), female: try number(row, "female"), male: try number(row, "male"),
            other: try number(row, "other"), unknown: try number(row, "unknown"),
            note: try row.decode(column: "note", as: String.self), source: try row.decode(column: "source", as: String.self))
    }

    struct AgeKey: Hashable {
        var report: Int
        var indicator: Int
    }

    /// The figures by age band of the reports listed in `ids` (a comma-separated list of ids),
    /// by report and indicator, in the reporter's order.
    static func ages(ofReports ids: String, in sql: any SQLDatabase) async throws -> [AgeKey: [AgeValue]] {
        var ages: [AgeKey: [AgeValue]] = [:]
        for row in try await sql.raw("""
            SELECT report_id, indicator_id, band, female, male, other, unknown FROM report_value_ages
            WHERE report_id IN (\(unsafeRaw: ids)) ORDER BY report_id, indicator_id, position
            """).all() {
            let key = AgeKey(report: try row.decode(column: "report_id", as: Int.self), indicator: try row.decode(column: "indicator_id", as: Int.self))
            ages[key, default: []].append(AgeValue(
                band: try row.decode(column: "band", as: String.self), female: try number(row, "female"), male: try number(row, "male"),
                other: try number(row, "other"), unknown: try number(row, "unknown")))
        }
        return ages
    }

    /// Puts each report's measures and values in place.
    static func completed(_ reports: [ProgressReport], in sql: any SQLDatabase) async throws -> [ProgressReport] {
        guard !reports.isEmpty else { return reports }
        let ids = reports.map { String($0.id) }.joined(separator: ",")
        var measures: [Int: [ReportMeasure]] = [:]
        for row in try await sql.raw("SELECT report_id, node_id, status, narrative FROM report_measures WHERE report_id IN (\(unsafeRaw: ids)) ORDER BY report_id, position").all() {
            measures[try row.decode(column: "report_id", as: Int.self), default: []].append(ReportMeasure(
                nodeId: try row.decode(column: "node_id", as: Int.self),
                status: MeasureStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .notStarted,
                narrative: try row.decode(column: "narrative", as: String.self)))
        }
        var values: [Int: [ReportValue]] = [:]
        let ages = try await ages(ofReports: ids, in: sql)
        for row in try await sql.raw("""
            SELECT report_id, indicator_id, value, female, male, other, unknown, note, source FROM report_values
            WHERE report_id IN (\(unsafeRaw: ids)) ORDER BY report_id, position
            """).all() {
            let report = try row.decode(column: "report_id", as: Int.self)
            var value = try decodeValue(row)
            value.byAge = ages[AgeKey(report: report, indicator: value.indicatorId)] ?? []
            values[report, default: []].append(value)
        }
        return reports.map { report in
            var copy = report
            copy.fields.measures = measures[report.id] ?? []
            copy.fields.values = values[report.id] ?? []
            return copy
        }
    }

    static func loadPeriod(id: Int, in sql: any SQLDatabase) async throws -> ReportingPeriod? {
        try await sql.raw("SELECT \(unsafeRaw: periodColumns) FROM reporting_periods WHERE id = \(bind: id)").first().map(decodePeriod)
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> ProgressReport? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: columns) FROM progress_reports WHERE id = \(bind: id)").first() else { return nil }
        return try await completed([try decode(row)], in: sql).first
    }

    /// Whether the viewer sees the report: before publication the reporting institution and the
    /// coordinator; once published, whoever sees the plan.
    static func sees(_ report: ProgressReport, plan: Plan, viewer: Viewer) -> Bool {
        guard !plan.deleted else { return false }
        if viewer.seesUnpublished(report, coordinator: plan.fields.coordinatorId) { return true }
        return report.status == .published && viewer.canSee(plan.fields.visibility, owner: plan.fields.coordinatorId)
    }

    static func text(_ value: Double?) -> String? { IndicatorSQL.text(value) }

    static let lockedMessage = "This reporting period is locked: its reports cannot change. Ask the plan's coordinator to unlock it. Nothing was changed."
}

/// Reporting periods and progress reports in SQLite or PostgreSQL.
public struct SQLProgressReportStore: ProgressReportStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    private func visiblePlan(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Plan? {
        try await PlanSQL.live(id: id, viewer: viewer, in: sql)
    }

    public func periods(planId: Int, viewer: Viewer) async throws -> [ReportingPeriod]? {
        try await database.read { sql in
            guard try await visiblePlan(planId, viewer: viewer, in: sql) != nil else { return nil }
            return try await sql.raw("""
                SELECT \(unsafeRaw: ReportSQL.periodColumns) FROM reporting_periods WHERE plan_id = \(bind: planId) ORDER BY start_date, id
                """).all().map(ReportSQL.decodePeriod)
        }
    }

    public func period(id: Int, viewer: Viewer) async throws -> ReportingPeriod? {
        try await database.read { sql in
            guard let period = try await ReportSQL.loadPeriod(id: id, in: sql),
                try await visiblePlan(period.planId, viewer: viewer, in: sql) != nil
            else { return nil }
            return period
        }
    }

    public func createPeriod(planId: Int, _ input: PeriodFields, viewer: Viewer, by actor: Actor) async throws -> ReportingPeriod {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let plan = try await PlanSQL.editable(id: planId, viewer: viewer, in: sql)
            let errors = fields.validate()
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            guard let row = try await sql.raw("""
                INSERT INTO reporting_periods (plan_id, name, start_date, end_date, due_date, version, created_at, updated_at)
                VALUES (\(bind: plan.id), \(bind: fields.name), \(bind: fields.start.description), \(bind: fields.end.description),
                    \(bind: fields.due?.description), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: ReportSQL.periodColumns)
                """).first()
            else { throw StoreError.notFound(entity: "reporting_period", id: "new") }
            let period = try ReportSQL.decodePeriod(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "reporting_period", id: String(period.id), action: .create,
                before: Optional<PeriodFields>.none, after: period.fields)
            return period
        }
    }

    public func setLocked(periodId: Int, _ locked: Bool, viewer: Viewer, by actor: Actor) async throws -> ReportingPeriod {
        try await database.transaction { sql in
            guard let period = try await ReportSQL.loadPeriod(id: periodId, in: sql),
                let plan = try await visiblePlan(period.planId, viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "reporting_period", id: String(periodId)) }
            guard viewer.canEdit(plan) else { throw StoreError.forbidden }
            guard period.locked != locked else { return period }
            guard let row = try await sql.raw("""
                UPDATE reporting_periods SET locked_at = \(bind: locked ? Timestamp.now() : nil), version = version + 1,
                    updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: periodId)
                RETURNING \(unsafeRaw: ReportSQL.periodColumns)
                """).first()
            else { throw StoreError.notFound(entity: "reporting_period", id: String(periodId)) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "reporting_period", id: String(periodId), action: .update,
                before: ["locked": period.locked], after: ["locked": locked])
            return try ReportSQL.decodePeriod(row)
        }
    }

    public func reports(periodId: Int, viewer: Viewer) async throws -> [ProgressReport]? {
        try await database.read { sql in
            guard let period = try await ReportSQL.loadPeriod(id: periodId, in: sql),
                let plan = try await visiblePlan(period.planId, viewer: viewer, in: sql)
            else { return nil }
            let reports = try await sql.raw("""
                SELECT \(unsafeRaw: ReportSQL.columns) FROM progress_reports WHERE period_id = \(bind: periodId) ORDER BY id
                """).all().map(ReportSQL.decode).filter { ReportSQL.sees($0, plan: plan, viewer: viewer) }
            return try await ReportSQL.completed(reports, in: sql)
        }
    }

    public func reports(planId: Int, viewer: Viewer) async throws -> [ProgressReport] {
        try await database.read { sql in
            try await ReportSQL.completed(try await visibleReports(planId: planId, viewer: viewer, in: sql), in: sql)
        }
    }

    /// The plan's reports the viewer may see, without their content.
    private func visibleReports(planId: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> [ProgressReport] {
        guard let plan = try await visiblePlan(planId, viewer: viewer, in: sql) else { return [] }
        return try await sql.raw("""
            SELECT \(unsafeRaw: ReportSQL.columns) FROM progress_reports WHERE plan_id = \(bind: planId) ORDER BY period_id, id
            """).all().map(ReportSQL.decode).filter { ReportSQL.sees($0, plan: plan, viewer: viewer) }
    }

    public func summaries(planId: Int, viewer: Viewer) async throws -> [ProgressReport] {
        try await database.read { sql in try await visibleReports(planId: planId, viewer: viewer, in: sql) }
    }

    /// The report and its plan, when the viewer may see the report.
    private func visibleReport(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (ProgressReport, Plan)? {
        guard let report = try await ReportSQL.load(id: id, in: sql), let plan = try await PlanSQL.load(id: report.planId, in: sql),
            ReportSQL.sees(report, plan: plan, viewer: viewer)
        else { return nil }
        return (report, plan)
    }

    public func report(id: Int, viewer: Viewer) async throws -> ProgressReport? {
        try await database.read { sql in try await visibleReport(id, viewer: viewer, in: sql)?.0 }
    }

    public func createReport(periodId: Int, institutionId: Int, viewer: Viewer, by actor: Actor) async throws -> ProgressReport {
        try await database.transaction { sql in
            guard let period = try await ReportSQL.loadPeriod(id: periodId, in: sql),
                let plan = try await visiblePlan(period.planId, viewer: viewer, in: sql)
            else { throw StoreError.notFound(entity: "reporting_period", id: String(periodId)) }
            guard viewer.canEdit(owner: institutionId) || viewer.canEdit(plan) else { throw StoreError.forbidden }
            if period.locked { throw StoreError.conflict(code: "period_locked", message: ReportSQL.lockedMessage) }
            let responsible = try await sql.raw("""
                SELECT 1 AS one FROM plan_node_institutions i JOIN plan_nodes n ON n.id = i.node_id
                WHERE n.plan_id = \(bind: plan.id) AND n.deleted_at IS NULL AND i.institution_id = \(bind: institutionId)
                """).first() != nil
            guard responsible || institutionId == plan.fields.coordinatorId else {
                let known = try await PersonSQL.institutionExists(institutionId, viewer: viewer, in: sql)
                throw StoreError.invalid([FieldError(
                    field: "institution_id", code: known ? "not_responsible" : "unknown_institution", value: String(institutionId))])
            }
            if try await sql.raw("""
                SELECT id FROM progress_reports WHERE period_id = \(bind: periodId) AND institution_id = \(bind: institutionId)
                """).first() != nil {
                throw StoreError.conflict(
                    code: "report_exists", message: "This institution already has a report for this period: open it instead. Nothing was changed.")
            }
            let now = Timestamp.now()
            guard let row = try await sql.raw("""
                INSERT INTO progress_reports (plan_id, period_id, institution_id, status, narrative, version, created_at, updated_at)
                VALUES (\(bind: plan.id), \(bind: periodId), \(bind: institutionId), 'draft', '', 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: ReportSQL.columns)
                """).first()
            else { throw StoreError.notFound(entity: "progress_report", id: "new") }
            let report = try ReportSQL.decode(row)
            try await record(report, action: "create", comment: "", actor: actor, in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "progress_report", id: String(report.id), action: .create,
                before: Optional<ReportContent>.none, after: report.fields)
            return report
        }
    }

    private func record(_ report: ProgressReport, action: String, comment: String, actor: Actor, in sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO report_events (report_id, action, status, comment, actor_user_id, actor_name, at)
            VALUES (\(bind: report.id), \(bind: action), \(bind: report.status.rawValue), \(bind: comment), \(bind: actor.userId),
                \(bind: actor.name), \(bind: Timestamp.now()))
            """).run()
    }

    /// The report for a change: 404 unseen, 403 without the right, 409 `period_locked`.
    private func changeable(
        _ id: Int, viewer: Viewer, allowed: (ProgressReport, Plan) -> Bool, in sql: any SQLDatabase
    ) async throws -> (ProgressReport, Plan) {
        guard let (report, plan) = try await visibleReport(id, viewer: viewer, in: sql) else {
            throw StoreError.notFound(entity: "progress_report", id: String(id))
        }
        guard allowed(report, plan) else { throw StoreError.forbidden }
        if try await ReportSQL.loadPeriod(id: report.periodId, in: sql)?.locked != false {
            throw StoreError.conflict(code: "period_locked", message: ReportSQL.lockedMessage)
        }
        return (report, plan)
    }

    /// Measures must be live measures of the plan that the institution leads or partners (the
    /// coordinator reports on any); values must be of the plan's live indicators, in their unit.
    private func problems(_ content: ReportContent, report: ProgressReport, plan: Plan, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors = content.validate()
        let nodes = try await PlanNodeSQL.completed(
            try await sql.raw("SELECT \(unsafeRaw: PlanNodeSQL.columns) FROM plan_nodes WHERE plan_id = \(bind: plan.id) AND deleted_at IS NULL")
                .all().map(PlanNodeSQL.decode),
            in: sql)
        let byId = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        let coordinator = report.institutionId == plan.fields.coordinatorId
        for (index, measure) in content.measures.enumerated() {
            guard let node = byId[measure.nodeId], node.fields.kind == .measure else {
                errors.append(FieldError(field: "measures[\(index)].node_id", code: "unknown_measure", value: String(measure.nodeId)))
                continue
            }
            if !coordinator, !(node.fields.leadIds + node.fields.partnerIds).contains(report.institutionId) {
                errors.append(FieldError(field: "measures[\(index)].node_id", code: "not_responsible", value: String(measure.nodeId)))
            }
        }
        let indicators = try await sql.raw("""
            SELECT \(unsafeRaw: IndicatorSQL.columns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
            FROM indicators i JOIN plan_nodes n ON n.id = i.node_id
            WHERE n.plan_id = \(bind: plan.id) AND i.deleted_at IS NULL AND n.deleted_at IS NULL
            """).all().map(IndicatorSQL.decode)
        let indicatorById = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })
        for (index, value) in content.values.enumerated() {
            guard let indicator = indicatorById[value.indicatorId] else {
                errors.append(FieldError(field: "values[\(index)].indicator_id", code: "unknown_indicator", value: String(value.indicatorId)))
                continue
            }
            errors += value.problems(for: indicator, at: "values[\(index)]")
        }
        return errors
    }

    public func updateReport(id: Int, version: Int, content input: ReportContent, viewer: Viewer, by actor: Actor) async throws -> ProgressReport {
        let content = input.trimmed()
        return try await database.transaction { sql in
            let (current, plan) = try await changeable(id, viewer: viewer, allowed: { report, _ in viewer.canEdit(owner: report.institutionId) }, in: sql)
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "progress_report", id: id, expected: version, current: current.version)
            }
            guard current.status.isWithReporter else {
                throw StoreError.conflict(
                    code: "report_not_editable",
                    message: "This report is \(current.status.rawValue): it changes only while a draft or returned. Nothing was changed.")
            }
            let errors = try await problems(content, report: current, plan: plan, in: sql)
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            try await sql.raw("""
                UPDATE progress_reports SET narrative = \(bind: content.narrative), version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                """).run()
            try await sql.raw("DELETE FROM report_measures WHERE report_id = \(bind: id)").run()
            for (position, measure) in content.measures.enumerated() {
                try await sql.raw("""
                    INSERT INTO report_measures (report_id, node_id, status, narrative, position)
                    VALUES (\(bind: id), \(bind: measure.nodeId), \(bind: measure.status.rawValue), \(bind: measure.narrative), \(bind: position))
                    """).run()
            }
            try await sql.raw("DELETE FROM report_value_ages WHERE report_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM report_values WHERE report_id = \(bind: id)").run()
            for (position, value) in content.values.enumerated() {
                for (band, age) in value.byAge.enumerated() {
                    try await sql.raw("""
                        INSERT INTO report_value_ages (report_id, indicator_id, band, female, male, other, unknown, position)
                        VALUES (\(bind: id), \(bind: value.indicatorId), \(bind: age.band), \(bind: ReportSQL.text(age.female)),
                            \(bind: ReportSQL.text(age.male)), \(bind: ReportSQL.text(age.other)), \(bind: ReportSQL.text(age.unknown)), \(bind: band))
                        """).run()
                }
                try await sql.raw("""
                    INSERT INTO report_values (report_id, indicator_id, value, female, male, other, unknown, note, source, position)
                    VALUES (\(bind: id), \(bind: value.indicatorId), \(bind: ReportSQL.text(value.value)), \(bind: ReportSQL.text(value.female)),
                        \(bind: ReportSQL.text(value.male)), \(bind: ReportSQL.text(value.other)), \(bind: ReportSQL.text(value.unknown)),
                        \(bind: value.note), \(bind: value.source), \(bind: position))
                    """).run()
            }
            guard let report = try await ReportSQL.load(id: id, in: sql) else { throw StoreError.notFound(entity: "progress_report", id: String(id)) }
            try await record(report, action: "edit", comment: "", actor: actor, in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "progress_report", id: String(id), action: .update, before: current.fields, after: report.fields)
            return report
        }
    }

    public func move(reportId: Int, _ step: ReportStep, comment input: String, viewer: Viewer, by actor: Actor) async throws -> ProgressReport {
        let comment = input.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.transaction { sql in
            let (current, _) = try await changeable(reportId, viewer: viewer, allowed: { report, plan in
                step.byCoordinator ? viewer.canEdit(plan) : viewer.canEdit(owner: report.institutionId)
            }, in: sql)
            var errors = FieldErrors()
            errors.checkText("comment", comment, required: step.needsComment, maxLength: 5000)
            guard errors.all.isEmpty else { throw StoreError.invalid(errors.all) }
            guard step.from.contains(current.status) else {
                throw StoreError.conflict(
                    code: "invalid_transition",
                    message: "A \(current.status.rawValue) report cannot be taken the step '\(step.rawValue)'. Nothing was changed.")
            }
            let today = String(Timestamp.now().prefix(10))
            try await sql.raw("""
                UPDATE progress_reports SET status = \(bind: step.to.rawValue), version = version + 1, updated_at = \(bind: Timestamp.now()),
                    submitted_on = \(bind: current.submittedOn?.description ?? (step == .submit ? today : nil))
                WHERE id = \(bind: reportId)
                """).run()
            guard let report = try await ReportSQL.load(id: reportId, in: sql) else {
                throw StoreError.notFound(entity: "progress_report", id: String(reportId))
            }
            try await record(report, action: step.rawValue, comment: comment, actor: actor, in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "progress_report", id: String(reportId), action: .update,
                before: ["status": current.status.rawValue], after: ["status": report.status.rawValue, "comment": comment])
            return report
        }
    }

    public func queue(viewer: Viewer) async throws -> [ProgressReport] {
        guard viewer.isSignedIn else { return [] }
        let editing = viewer.roles.filter { $0.value.canEdit }.keys.sorted()
        return try await database.read { sql in
            let columns = ReportSQL.columns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
            let mine = SQLQueryString(editing.isEmpty ? "NULL" : editing.map(String.init).joined(separator: ", "))
            let review: SQLQueryString = viewer.isPlatformAdmin
                ? "r.status IN ('submitted', 'accepted')" : "(r.status IN ('submitted', 'accepted') AND p.coordinator_id IN (\(mine)))"
            let query: SQLQueryString = """
                SELECT \(unsafeRaw: columns) FROM progress_reports r
                JOIN plans p ON p.id = r.plan_id JOIN reporting_periods q ON q.id = r.period_id
                WHERE p.deleted_at IS NULL AND q.locked_at IS NULL
                AND (\(review) OR (r.status IN ('draft', 'returned') AND r.institution_id IN (\(mine))))
                ORDER BY q.end_date, q.id, r.id
                """
            // The list shows who and where, not the content: the reports are not completed.
            return try await sql.raw(query).all().map(ReportSQL.decode)
        }
    }

    public func history(reportId: Int, viewer: Viewer) async throws -> [ReportEvent]? {
        try await database.read { sql in
            guard try await visibleReport(reportId, viewer: viewer, in: sql) != nil else { return nil }
            return try await sql.raw("""
                SELECT action, status, comment, actor_user_id, actor_name, at FROM report_events WHERE report_id = \(bind: reportId) ORDER BY id
                """).all().map { row in
                ReportEvent(
                    action: try row.decode(column: "action", as: String.self),
                    status: ReportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                    comment: try row.decode(column: "comment", as: String.self),
                    actor: Actor(userId: try row.optional("actor_user_id", as: Int.self), name: try row.decode(column: "actor_name", as: String.self)),
                    at: try row.decode(column: "at", as: String.self))
            }
        }
    }

    public func readings(indicatorId: Int, viewer: Viewer) async throws -> [IndicatorReading]? {
        try await database.read { sql in
            guard let indicator = try await IndicatorSQL.load(id: indicatorId, in: sql), !indicator.deleted,
                let node = try await PlanNodeSQL.load(id: indicator.nodeId, in: sql), !node.deleted,
                let plan = try await visiblePlan(node.planId, viewer: viewer, in: sql)
            else { return nil }
            return try await readings(plan: plan, condition: "v.indicator_id = \(bind: indicatorId)", key: "indicator|\(indicatorId)", viewer: viewer, in: sql)
        }
    }

    public func units(planId: Int) async throws -> [Int: IndicatorUnit] {
        try await database.read { sql in
            var units: [Int: IndicatorUnit] = [:]
            for row in try await sql.raw("""
                SELECT i.id, i.unit FROM indicators i JOIN plan_nodes n ON n.id = i.node_id
                WHERE n.plan_id = \(bind: planId) AND i.deleted_at IS NULL
                """).all() {
                units[try row.decode(column: "id", as: Int.self)] = IndicatorUnit(rawValue: try row.decode(column: "unit", as: String.self))
            }
            return units
        }
    }

    public func readings(planId: Int, statuses: Set<ReportStatus>?, period: Int?, viewer: Viewer) async throws -> [IndicatorReading] {
        try await database.read { sql in
            guard let plan = try await visiblePlan(planId, viewer: viewer, in: sql) else { return [] }
            var condition: SQLQueryString = "r.plan_id = \(bind: planId)"
            if let statuses {
                guard !statuses.isEmpty else { return [] }
                // Status names are the enum's own words, never the caller's text.
                condition.appendLiteral(" AND r.status IN (")
                condition.appendInterpolation(unsafeRaw: statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", "))
                condition.appendLiteral(")")
            }
            if let period { condition.appendLiteral(" AND r.period_id = "); condition.appendInterpolation(bind: period) }
            let key = "plan|\(planId)|\(statuses.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all")|\(period.map(String.init) ?? "")"
            return try await readings(plan: plan, condition: condition, key: key, viewer: viewer, in: sql)
        }
    }

    /// The values of the plan's reports that meet `condition` and that the viewer may see, by
    /// period start, then institution. Every value that meets it is read once until the next
    /// write (`key` names the condition); who sees which report is decided for each viewer.
    private func readings(plan: Plan, condition: SQLQueryString, key: String, viewer: Viewer, in sql: any SQLDatabase) async throws -> [IndicatorReading] {
        try await database.derived("reports.readings|\(key)", in: sql, rows: \.count) { try await Self.readings(plan: plan, condition: condition, in: sql) }
            .filter { ReportSQL.sees($0.report, plan: plan, viewer: viewer) }.map(\.reading)
    }

    /// Every value of the plan's reports that meets `condition`, with its report, by period
    /// start, then institution.
    private static func readings(plan: Plan, condition: SQLQueryString, in sql: any SQLDatabase) async throws -> [(report: ProgressReport, reading: IndicatorReading)] {
        let periods = Dictionary(uniqueKeysWithValues: try await sql.raw("""
            SELECT \(unsafeRaw: ReportSQL.periodColumns) FROM reporting_periods WHERE plan_id = \(bind: plan.id)
            """).all().map(ReportSQL.decodePeriod).map { ($0.id, $0) })
        var readings: [(report: ProgressReport, reading: IndicatorReading)] = []
        var query: SQLQueryString = """
            SELECT r.id, r.plan_id, r.period_id, r.institution_id, r.status, '' AS narrative, r.submitted_on, r.version,
                v.indicator_id, v.value, v.female, v.male, v.other, v.unknown, v.note, v.source
            FROM report_values v JOIN progress_reports r ON r.id = v.report_id
            WHERE
            """
        query.appendLiteral(" ")
        query.appendInterpolation(condition)
        query.appendLiteral(" ORDER BY r.period_id, r.institution_id, v.position")
        // The rows come report by report: each report is read once, not once per value
        var current: ProgressReport?
        let rows = try await sql.raw(query).all()
        var reportIds: [Int] = []
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            if reportIds.last != id { reportIds.append(id) }
        }
        let ages = reportIds.isEmpty ? [:] : try await ReportSQL.ages(ofReports: reportIds.map(String.init).joined(separator: ","), in: sql)
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            let report = try current.flatMap { $0.id == id ? $0 : nil } ?? ReportSQL.decode(row)
            current = report
            guard let period = periods[report.periodId] else { continue }
            var value = try ReportSQL.decodeValue(row)
            value.byAge = ages[ReportSQL.AgeKey(report: report.id, indicator: value.indicatorId)] ?? []
            readings.append((report, IndicatorReading(
                period: period, source: value.source, institutionId: report.institutionId, reportId: report.id, value: value,
                status: report.status.rawValue)))
        }
        return readings.sorted {
            ($0.reading.period.fields.start, $0.reading.period.id, $0.reading.institutionId) < ($1.reading.period.fields.start, $1.reading.period.id, $1.reading.institutionId)
        }
    }
}
