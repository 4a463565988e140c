import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// HTML pages for progress reports: a report with its measures, values by sex and history, and
/// the review buttons each reader may press; the report editor; and the forms of a plan's page
/// that add a period, lock it and open an institution's report.
enum ReportPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.report)) { request, context in
            try await show(PageEnvironment(context: context, request: request), services, id: try pathID(context))
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.editReport)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let report = try await editable(try pathID(context), env.viewer, services)
            return try await editor(env: env, services: services, report: report, values: values(report.report.fields), errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.editReport)) { request, context in try await save(request, context, services) }
        signedIn.post(RouterPath(SiteRoute.Template.reportStep)) { request, context in
            let id = try pathID(context)
            let form = context.form
            guard let step = ReportStep(rawValue: form["step"]) else {
                throw StoreError.invalid([FieldError(field: "step", code: "invalid_value", value: String(form["step"].prefix(60)))])
            }
            let comment = form["comment-\(step.rawValue)"]
            do {
                _ = try await services.reports.move(reportId: id, step, comment: comment, viewer: context.viewer, by: context.actor)
            } catch StoreError.invalid(let errors) {
                return try await show(PageEnvironment(context: context, request: request), services, id: id, failed: (step, errors, comment))
                    .response(from: request, context: context)
            }
            return Response.seeOther(.report(id))
        }
        signedIn.post(RouterPath(SiteRoute.Template.periodReports)) { request, context in
            let period = try pathID(context)
            var errors: [FieldError] = []
            let institution = DirectoryViews.number(context.form, "institution_id", errors: &errors)
            guard let institution, errors.isEmpty else {
                throw StoreError.invalid(errors.isEmpty ? [FieldError(field: "institution_id", code: "required")] : errors)
            }
            let report = try await services.reports.createReport(periodId: period, institutionId: institution, viewer: context.viewer, by: context.actor)
            return Response.seeOther(.editReport(report.id))
        }
        signedIn.post(RouterPath(SiteRoute.Template.lockPeriod)) { request, context in
            let period = try await services.reports.setLocked(
                periodId: try pathID(context), context.form["locked"] != "false", viewer: context.viewer, by: context.actor)
            return Response.seeOther(.plan(period.planId))
        }
        signedIn.post(RouterPath(SiteRoute.Template.planPeriods)) { request, context in
            let plan = try pathID(context)
            let form = context.form
            var errors: [FieldError] = []
            let start = DirectoryViews.day(form["start"], field: "start", errors: &errors)
            let end = DirectoryViews.day(form["end"], field: "end", errors: &errors)
            let due = DirectoryViews.day(form["due"], field: "due", errors: &errors)
            if form["start"].isEmpty { errors.append(FieldError(field: "start", code: "required")) }
            if form["end"].isEmpty { errors.append(FieldError(field: "end", code: "required")) }
            if errors.isEmpty, let start, let end {
                do {
                    _ = try await services.reports.createPeriod(
                        planId: plan, PeriodFields(name: form["name"], start: start, end: end, due: due), viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.plan(plan))
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            let values = Dictionary(uniqueKeysWithValues: ["name", "start", "end", "due"].map { ($0, form[$0]) })
            return try await PlanPages.show(request, context.base, services, periodForm: (values, errors)).response(from: request, context: context)
        }
    }

    /// What a page about a report needs: the report, its plan's tree (for titles and units), its
    /// period and the names of the institutions.
    struct Loaded {
        var report: ProgressReport
        var tree: PlanTree
        var period: ReportingPeriod
        var institution: String
    }

    /// The report as the viewer may see it (404 otherwise). The plan's tree is read for its
    /// titles and units even where the plan itself is closed to the reader: a report's readers
    /// see the measures and indicators it reports on.
    static func load(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> Loaded {
        guard let report = try await services.reports.report(id: id, viewer: viewer) else { throw APIProblem.notFound }
        let labels = Viewer(userId: viewer.userId, isPlatformAdmin: true)
        guard let tree = try await services.plans.tree(planId: report.planId, viewer: labels),
            let period = try await services.reports.periods(planId: report.planId, viewer: labels)?.first(where: { $0.id == report.periodId })
        else { throw APIProblem.notFound }
        let names = try await services.directory.institutionNames(ids: [report.institutionId], viewer: labels)
        return Loaded(report: report, tree: tree, period: period, institution: names[report.institutionId] ?? "—")
    }

    /// The report for its editor: seen, and the viewer edits for the reporting institution.
    static func editable(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> Loaded {
        let loaded = try await load(id, viewer, services)
        guard viewer.canEdit(owner: loaded.report.institutionId) else { throw StoreError.forbidden }
        if loaded.period.locked {
            throw StoreError.conflict(
                code: "period_locked", message: "This reporting period is locked: its reports cannot change. Ask the plan's coordinator to unlock it.")
        }
        guard loaded.report.status.isWithReporter else {
            throw StoreError.conflict(
                code: "report_not_editable",
                message: "This report is \(loaded.report.status.rawValue): it changes only while a draft or returned.")
        }
        return loaded
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func show(
        _ env: PageEnvironment, _ services: AppServices, id: Int, failed: (step: ReportStep, errors: [FieldError], comment: String)? = nil
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let loaded = try await load(id, viewer, services)
        let (report, tree, period) = (loaded.report, loaded.tree, loaded.period)
        let history = try await services.reports.history(reportId: id, viewer: viewer) ?? []
        let files = try await services.attachments.attachments(of: .report(id), viewer: viewer) ?? []
        let reviewedAt = try await services.activities.activities(reviewingReport: id, viewer: viewer)
        let nodes = Dictionary(tree.nodes.map { ($0.node.id, $0.node) }) { first, _ in first }
        let indicators = Dictionary(tree.nodes.flatMap(\.indicators).map { ($0.id, $0) }) { first, _ in first }
        let writes = viewer.canEdit(owner: report.institutionId) && report.status.isWithReporter && !period.locked
        let reviews = viewer.canEdit(tree.plan) && !period.locked
        let steps = ReportStep.allCases.filter { step in
            step.from.contains(report.status) && (step.byCoordinator ? reviews : writes)
        }
        let timing: String = {
            guard let submitted = report.submittedOn else { return t("report.not_submitted") }
            guard let due = period.fields.due else { return submitted.description }
            return "\(submitted) (\(t(submitted <= due ? "report.on_time" : "report.late")))"
        }()
        // The figures as the reader writes numbers (the edit form keeps the machine form)
        func shown(_ value: Double?) -> String { number(value).replacingOccurrences(of: ".", with: t.decimalSeparator) }
        func figure(_ value: Double?) -> XLSXCell { value.map { .number($0) } ?? .empty }
        let measuresTable = PageTable<ReportMeasure>(columns: [
            .text(t("field.code")) { nodes[$0.nodeId]?.fields.code ?? "" },
            .text(t("report.measure")) { nodes[$0.nodeId]?.fields.title ?? "—" },
            .text(t("field.status")) { t("measure_status.\($0.status.rawValue)") },
            .text(t("report.narrative")) { $0.narrative },
        ])
        func part(_ title: String, _ value: @escaping (ReportValue) -> Double?) -> PageTable<ReportValue>.Column {
            PageTable.Column(title: title, numeric: true, node: { .text(shown(value($0))) }, value: { figure(value($0)) })
        }
        let valuesTable = PageTable<ReportValue>(columns: [
            .text(t("field.code")) { indicators[$0.indicatorId]?.fields.code ?? "" },
            .text(t("field.indicator")) { indicators[$0.indicatorId]?.fields.definition ?? "—" },
            PageTable.Column(
                title: t("report.value"), numeric: true,
                node: { value in .text(shown(value.value) + (indicators[value.indicatorId]?.fields.unit == .percent && value.value != nil ? " %" : "")) },
                value: { figure($0.value) }),
            part(t("sex.female")) { $0.female }, part(t("sex.male")) { $0.male }, part(t("sex.other")) { $0.other }, part(t("sex.unknown")) { $0.unknown },
            PageTable.Column(
                title: t("report.gap"), numeric: true,
                node: { value in
                    indicators[value.indicatorId].flatMap { value.gap(unit: $0.fields.unit) }.map { .strong(.class("gap"), .text(shown($0))) } ?? .text("")
                },
                value: { value in figure(indicators[value.indicatorId].flatMap { value.gap(unit: $0.fields.unit) }) }),
            .text(t("report.note")) { $0.note },
            .text(t("field.source")) { $0.source },
        ])
        if let format = try PageExport.format(env) {
            let name = "report-\(id)"
            if env.query["table"] == "measures" {
                return try await PageExport.file(measuresTable.cells(report.fields.measures), name: name + "-measures", sheet: t("report.measures"), format: format)
            }
            return try await PageExport.file(valuesTable.cells(report.fields.values), name: name + "-values", sheet: t("report.values"), format: format)
        }
        let html = Layout.page(
            "\(t("report.title")): \(loaded.institution), \(period.fields.name)", env: env,
            notice: period.locked ? Notice(kind: .info, text: t("report.locked")) : (failed == nil ? nil : Notice(kind: .error, text: t("form.has_errors"))),
            DirectoryViews.record([
                (t("report.plan"), .a(.href(SiteRoute.plan(tree.plan.id).path), .text(tree.plan.fields.title))),
                (t("field.period"), .text("\(period.fields.name): \(period.fields.start) – \(period.fields.end)")),
                (t("report.due"), .text(period.fields.due?.description ?? "—")),
                (t("report.institution"), .a(.href(SiteRoute.institution(report.institutionId).path), .text(loaded.institution))),
                (t("field.status"), .strong(.text(t("report_status.\(report.status.rawValue)")))),
                (t("report.submitted_on"), .text(timing)),
                (t("report.reviewed_at"), reviewedAt.isEmpty ? .text("—") : .group(.forEach(Array(reviewedAt.enumerated())) { index, activity in
                    .group(.if(index > 0, .text("; ")), .a(.href(SiteRoute.activity(activity.id).path), .text(activity.fields.title)),
                           .text(" (\(ActivityPages.dates(activity.fields)))"))
                })),
            ]),
            .p(.a(.href("/api/v1/reports/\(id)"), .text(t("report.json")))),
            .h2(.text(t("report.narrative"))),
            report.fields.narrative.isEmpty
                ? .p(.class("muted"), .text("—"))
                : .group(.forEach(report.fields.narrative.components(separatedBy: "\n").filter { !$0.isEmpty }) { .p(.text($0)) }),
            .h2(.text(t("report.measures"))),
            report.fields.measures.isEmpty ? .p(.class("muted"), .text(t("report.no_measures")))
                : .group(measuresTable.html(report.fields.measures), PageExport.links(.report(id), query: [("table", "measures")], t: t)),
            .h2(.text(t("report.values"))),
            report.fields.values.isEmpty ? .p(.class("muted"), .text(t("report.no_values")))
                : .group(valuesTable.html(report.fields.values), PageExport.links(.report(id), query: [("table", "values")], t: t)),
            .group(.forEach(report.fields.values.filter { !$0.byAge.isEmpty }) { value in
                let indicator = indicators[value.indicatorId]
                return .section(
                    .class("by-age"),
                    .h3(.text("\(t("report.by_age")): " + [indicator?.fields.code ?? "", indicator?.fields.definition ?? ""].filter { !$0.isEmpty }.joined(separator: " "))),
                    ageTable(value, unit: indicator?.fields.unit ?? .count, env: env))
            }),
            .section(
                .id("attachments"),
                .h2(.text(t("attachment.title"))),
                AttachmentPages.list(files, canChange: writes, env: env),
                .if(writes, AttachmentPages.form(action: SiteRoute.reportAttachments(id).path, env: env, id: "r\(id)"))),
            .if(writes || !steps.isEmpty, .section(
                .class("actions"),
                .h2(.text(t("report.actions"))),
                .if(writes, .p(.a(.class("button"), .href(SiteRoute.editReport(id).path), .text(t("report.edit"))))),
                .forEach(steps) { step in
                    let mine = failed?.step == step
                    return .form(
                        .action(SiteRoute.reportStep(id).path), .method(.post), .class("step"),
                        Forms.csrf(env), Forms.hidden("step", step.rawValue),
                        Forms.textarea(
                            "comment-\(step.rawValue)", label: t(step.needsComment ? "report.comment_required" : "report.comment"),
                            value: mine ? failed?.comment ?? "" : "",
                            errors: mine ? (failed?.errors ?? []).map { FieldError(field: "comment-\(step.rawValue)", code: $0.code, value: $0.value) } : [],
                            env: env),
                        .button(.type(.submit), .class(step == .return ? "secondary" : "primary"), .text(t("report_step.\(step.rawValue)"))))
                })),
            .h2(.text(t("report.history"))),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.text(t("detail.when"))), .th(.text(t("detail.who"))), .th(.text(t("report.step"))), .th(.text(t("field.status"))),
                           .th(.text(t("report.comment"))))),
                .tbody(.forEach(history) { event in
                    .tr(
                        .td(.text(String(event.at.prefix(16)).replacingOccurrences(of: "T", with: " "))), .td(.text(event.actor.name)),
                        .td(.text(t("report_action.\(event.action)"))), .td(.text(t("report_status.\(event.status.rawValue)"))),
                        .td(.text(event.comment)))
                })))
        )
        return HTMLPage(status: failed == nil ? .ok : .unprocessableContent, html: html)
    }

    /// The measures and indicators the institution reports on: the measures it leads or
    /// partners (every measure for the coordinator) and the indicators on them and on the goals
    /// and objectives above them; indicators computed from personnel data are never typed.
    static func scope(_ tree: PlanTree, institution: Int) -> (measures: [PlanNode], indicators: [Indicator]) {
        let coordinator = institution == tree.plan.fields.coordinatorId
        let measures = tree.nodes.map(\.node).filter { node in
            node.fields.kind == .measure && (coordinator || (node.fields.leadIds + node.fields.partnerIds).contains(institution))
        }
        var included = Set(measures.map(\.id))
        let parents = Dictionary(tree.nodes.map { ($0.node.id, $0.node.fields.parentId) }) { first, _ in first }
        for measure in measures {
            var parent = measure.fields.parentId
            while let id = parent, !included.contains(id) {
                included.insert(id)
                parent = parents[id] ?? nil
            }
        }
        let indicators = tree.nodes.filter { coordinator || included.contains($0.node.id) }.flatMap(\.indicators)
            .filter { $0.fields.computedFrom == nil }
        return (measures, indicators)
    }

    static let parts = ["value", "female", "male", "other", "unknown"]

    static func values(_ content: ReportContent) -> [String: String] {
        var values = ["narrative": content.narrative]
        for measure in content.measures {
            values["m\(measure.nodeId).status"] = measure.status.rawValue
            values["m\(measure.nodeId).narrative"] = measure.narrative
        }
        for value in content.values {
            for (part, number) in zip(parts, [value.value, value.female, value.male, value.other, value.unknown]) {
                values["v\(value.indicatorId).\(part)"] = Self.number(number)
            }
            values["v\(value.indicatorId).note"] = value.note
            values["v\(value.indicatorId).source"] = value.source
            for (row, age) in value.byAge.enumerated() {
                let name = "v\(value.indicatorId).by_age[\(row)]"
                values["\(name).band"] = age.band
                for (part, number) in zip(ReportValue.partNames, age.parts) { values["\(name).\(part)"] = Self.number(number) }
            }
            if !value.byAge.isEmpty { values["v\(value.indicatorId).age_rows"] = String(value.byAge.count) }
        }
        return values
    }

    /// How many band rows the editor shows for a `sex_age` indicator: the bands typed, and at
    /// least the standard bands (pre-labelled), with two spare rows.
    static func ageRows(_ name: String, _ values: [String: String]) -> Int {
        let typed = values["\(name).age_rows"].flatMap { Int($0) }.map { min(max($0, 0), 50) } ?? 0
        return min(max(typed + 2, AgeBands.standard.labels.count + 1), 50)
    }

    /// The label a band row starts with when nothing was typed: under 18, then the standard bands.
    static func defaultBand(_ row: Int) -> String {
        let labels = ["<18"] + AgeBands.standard.labels
        return labels.indices.contains(row) ? labels[row] : ""
    }

    /// Reads a number typed in the form (comma or point); a bad one is an error on its field.
    static func typedNumber(_ name: String, _ form: FormData, _ errors: inout [FieldError]) -> Double? {
        let text = form[name].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        if text.isEmpty { return nil }
        if let number = Double(text), number.isFinite, abs(number) < 1e15 { return number }
        errors.append(FieldError(field: name, code: "invalid_number", value: String(form[name].prefix(60))))
        return nil
    }

    static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        let id = try pathID(context)
        let loaded = try await editable(id, context.viewer, services)
        let form = context.form
        let (measures, indicators) = scope(loaded.tree, institution: loaded.report.institutionId)
        var errors: [FieldError] = []
        var content = loaded.report.fields
        content.narrative = form["narrative"]
        content.measures = measures.compactMap { node in
            let status = form["m\(node.id).status"]
            guard !status.isEmpty else { return nil }
            guard let value = MeasureStatus(rawValue: status) else {
                errors.append(FieldError(field: "m\(node.id).status", code: "invalid_value", value: String(status.prefix(60))))
                return nil
            }
            return ReportMeasure(nodeId: node.id, status: value, narrative: form["m\(node.id).narrative"])
        }
        let shown = Set(indicators.map(\.id))
        var typed: [ReportValue] = []
        for indicator in indicators {
            var value = ReportValue(indicatorId: indicator.id, note: form["v\(indicator.id).note"], source: form["v\(indicator.id).source"])
            let numbers = parts.map { typedNumber("v\(indicator.id).\($0)", form, &errors) }
            (value.value, value.female, value.male, value.other, value.unknown) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
            if indicator.fields.disaggregation == .sexAge {
                let rows = Int(form["v\(indicator.id).age_rows"]).map { min(max($0, 0), 50) } ?? 0
                for row in 0..<rows {
                    let name = "v\(indicator.id).by_age[\(row)]"
                    let figures = ReportValue.partNames.map { typedNumber("\(name).\($0)", form, &errors) }
                    // A row without a figure is a band nobody counted, whatever its label
                    guard figures.contains(where: { $0 != nil }) else { continue }
                    value.byAge.append(AgeValue(band: form["\(name).band"], female: figures[0], male: figures[1], other: figures[2], unknown: figures[3]))
                }
            }
            if numbers.contains(where: { $0 != nil }) || !value.byAge.isEmpty || !value.note.trimmingCharacters(in: .whitespaces).isEmpty {
                typed.append(value)
            }
        }
        // Values of indicators the form does not show stay as they were.
        content.values = content.values.filter { !shown.contains($0.indicatorId) } + typed
        let version = Int(form["version"]) ?? loaded.report.version
        if errors.isEmpty {
            do {
                _ = try await services.reports.updateReport(id: id, version: version, content: content, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.report(id))
            } catch StoreError.invalid(let found) {
                errors = found.map { formField($0, content) }
            } catch StoreError.versionConflict {
                var current = loaded
                current.report = try await services.reports.report(id: id, viewer: context.viewer) ?? loaded.report
                return try await editor(env: env, services: services, report: current, values: values(current.report.fields), errors: [], conflict: true)
                    .response(from: request, context: context)
            }
        }
        var values: [String: String] = ["narrative": form["narrative"]]
        for node in measures {
            values["m\(node.id).status"] = form["m\(node.id).status"]
            values["m\(node.id).narrative"] = form["m\(node.id).narrative"]
        }
        for indicator in indicators {
            for part in parts + ["note", "source"] { values["v\(indicator.id).\(part)"] = form["v\(indicator.id).\(part)"] }
            let rows = Int(form["v\(indicator.id).age_rows"]).map { min(max($0, 0), 50) } ?? 0
            for row in 0..<rows {
                for part in ["band"] + ReportValue.partNames {
                    let name = "v\(indicator.id).by_age[\(row)].\(part)"
                    values[name] = form[name]
                }
            }
            // Refilled rows keep their count: the editor adds its spare rows after them
            if rows > 0 { values["v\(indicator.id).age_rows"] = String(max(rows - 2, 0)) }
        }
        var editing = loaded
        editing.report.version = version
        return try await editor(env: env, services: services, report: editing, values: values, errors: errors)
            .response(from: request, context: context)
    }

    /// A store's problem named by its place in the content (`values[2].female`) as the form
    /// names its field (`v17.female`).
    static func formField(_ error: FieldError, _ content: ReportContent) -> FieldError {
        func index(after prefix: String) -> (Int, String)? {
            guard error.field.hasPrefix(prefix), let close = error.field.firstIndex(of: "]") else { return nil }
            let number = error.field[error.field.index(error.field.startIndex, offsetBy: prefix.count)..<close]
            let rest = error.field[error.field.index(after: close)...].drop { $0 == "." }
            return Int(number).map { ($0, String(rest)) }
        }
        var field = error.field
        if let (i, rest) = index(after: "values["), content.values.indices.contains(i) {
            field = "v\(content.values[i].indicatorId).\(rest == "indicator_id" ? "value" : rest)"
        } else if let (i, rest) = index(after: "measures["), content.measures.indices.contains(i) {
            field = "m\(content.measures[i].nodeId).\(rest == "node_id" ? "status" : rest)"
        }
        return FieldError(field: field, code: error.code, value: error.value)
    }

    /// A value's figures by age band and sex, with each sex's figure minus its bands where they
    /// differ (counts): on the report's page and in the annual report.
    static func ageTable(_ value: ReportValue, unit: IndicatorUnit, env: PageEnvironment) -> Node {
        let t = env.catalog
        let gaps = value.ageGaps(unit: unit)
        let used = ReportValue.partNames.indices.filter { index in value.byAge.contains { $0.parts[index] != nil } }
        return .div(.class("scroll"), .table(
            .class("by-age"),
            .thead(.tr(.th(.text(t("report.age_band"))), .forEach(used) { .th(.text(t("sex.\(ReportValue.partNames[$0])"))) })),
            .tbody(.forEach(value.byAge) { age in
                .tr(.th(.text(age.band)), .forEach(used) { .td(.text(number(age.parts[$0]))) })
            }),
            .if(!gaps.isEmpty, .tbody(.tr(
                .th(.text(t("report.age_gap"))),
                .forEach(used) { index in .td(gaps[ReportValue.partNames[index]].map { .strong(.class("gap"), .text(number($0))) } ?? .text("")) })))))
    }

    /// The figures by age band and sex of a `sex_age` indicator: one row per band, its label
    /// editable (the standard bands to start with), every problem under the table.
    static func ageGrid(_ name: String, values: [String: String], errors: [FieldError], env: PageEnvironment) -> Node {
        let t = env.catalog
        let rows = ageRows(name, values)
        let typedRows = values["\(name).age_rows"] != nil
        let problems = errors.filter { $0.field.hasPrefix("\(name).by_age") }
        return .fieldset(
            .class(problems.isEmpty ? "by-age" : "by-age invalid"),
            .legend(.text(t("report.by_age"))),
            .p(.class("muted"), .id("\(name)-age-hint"), .text(t("report.by_age_hint"))),
            Forms.hidden("\(name).age_rows", String(rows)),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.text(t("report.age_band"))), .forEach(ReportValue.partNames) { .th(.text(t("sex.\($0)"))) })),
                .tbody(.forEach(Array(0..<rows)) { row in
                    let cell = "\(name).by_age[\(row)]"
                    let band = values["\(cell).band"] ?? (typedRows ? "" : defaultBand(row))
                    return .tr(
                        .td(.input(.type(.text), .name("\(cell).band"), .id("\(cell).band"), .value(band),
                                   .attribute(named: "aria-label", value: "\(t("report.age_band")) \(row + 1)"),
                                   .attribute(named: "aria-invalid", value: Forms.errors(for: "\(cell).band", in: errors).isEmpty ? nil : "true"))),
                        .forEach(ReportValue.partNames) { part in
                            .td(.input(.type(.text), .name("\(cell).\(part)"), .id("\(cell).\(part)"), .value(values["\(cell).\(part)"] ?? ""),
                                       .attribute(named: "inputmode", value: "decimal"),
                                       .attribute(named: "aria-label", value: "\(band.isEmpty ? t("report.age_band") + " \(row + 1)" : band): \(t("sex.\(part)"))"),
                                       .attribute(named: "aria-invalid", value: Forms.errors(for: "\(cell).\(part)", in: errors).isEmpty ? nil : "true")))
                        })
                }))),
            Forms.errorNode("\(name)-age", problems, env))
    }

    static func editor(
        env: PageEnvironment, services: AppServices, report loaded: Loaded, values: [String: String], errors: [FieldError], conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let (measures, indicators) = scope(loaded.tree, institution: loaded.report.institutionId)
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let statusOptions = [("", t("report.not_reported"))] + MeasureStatus.allCases.map { ($0.rawValue, t("measure_status.\($0.rawValue)")) }
        let html = Layout.page(
            "\(t("report.edit")): \(loaded.institution), \(loaded.period.fields.name)", env: env, notice: notice,
            .p(.a(.href(SiteRoute.report(loaded.report.id).path), .text(t("report.back")))),
            .form(
                .action(SiteRoute.editReport(loaded.report.id).path), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                Forms.hidden("version", String(loaded.report.version)),
                Forms.textarea("narrative", label: t("report.narrative"), value: values["narrative"] ?? "", errors: errors, env: env,
                               hint: t("report.narrative_hint")),
                .h2(.text(t("report.measures"))),
                measures.isEmpty ? .p(.class("muted"), .text(t("report.no_measures"))) : .group(.forEach(measures) { node in
                    .fieldset(
                        .legend(.text("\(node.fields.code) \(node.fields.title)")),
                        Forms.select("m\(node.id).status", label: t("field.status"), options: statusOptions,
                                     selected: values["m\(node.id).status"] ?? "", errors: errors, env: env),
                        Forms.textarea("m\(node.id).narrative", label: t("report.narrative"), value: values["m\(node.id).narrative"] ?? "",
                                       errors: errors, env: env))
                }),
                .h2(.text(t("report.values"))),
                indicators.isEmpty ? .p(.class("muted"), .text(t("report.no_values"))) : .group(.forEach(indicators) { indicator in
                    let i = indicator.fields
                    let name = "v\(indicator.id)"
                    let unit = t("indicator_unit.\(i.unit.rawValue)")
                    let bySex = i.disaggregation != .none && (i.unit == .count || i.unit == .percent)
                    let target = i.target?.value.map { "; \(t("field.target")): \(number($0))" } ?? ""
                    let hint = "\(unit); \(t("disaggregation.\(i.disaggregation.rawValue)"))\(target)"
                    return .fieldset(
                        .legend(.text([i.code, i.definition].filter { !$0.isEmpty }.joined(separator: " "))),
                        .p(.class("muted"), .text(hint)),
                        .if(i.unit != .text, Forms.text("\(name).value", label: t("report.value"), value: values["\(name).value"] ?? "", errors: errors, env: env)),
                        .if(bySex, .div(
                            .class("by-sex"),
                            .forEach(["female", "male", "other", "unknown"]) { part in
                                Forms.text("\(name).\(part)", label: t("sex.\(part)"), value: values["\(name).\(part)"] ?? "", errors: errors, env: env)
                            })),
                        .if(bySex && i.disaggregation == .sexAge, ageGrid(name, values: values, errors: errors, env: env)),
                        Forms.textarea("\(name).note", label: t(i.unit == .text ? "report.answer" : "report.note"), value: values["\(name).note"] ?? "",
                                       errors: errors, env: env),
                        Forms.text("\(name).source", label: t("field.source"), value: values["\(name).source"] ?? "", errors: errors, env: env))
                }),
                .button(.type(.submit), .class("primary"), .text(t("action.save")))
            )
        )
        return HTMLPage(status: conflict ? .conflict : errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}
