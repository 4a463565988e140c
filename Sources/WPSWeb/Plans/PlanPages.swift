import Foundation
import Hummingbird
import WPSCore

/// HTML pages for action plans: the list by country and status, and a plan's page with its tree
/// of goals, objectives and measures and each node's indicators (baseline → latest → target).
enum PlanPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.plans)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.plan)) { request, context in
            try await KeptPage.page(request, context, services) { try await show($0, $1, services) }
        }
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t, countries) = (list.env, list.env.catalog, list.countries)
        var query = list.query
        query.status = request.query.get("status").flatMap { PlanStatus(rawValue: $0)?.rawValue }
        let format = try PageExport.format(request)
        let page = try await services.plans.plans(query, viewer: context.viewer)
        // A download holds every plan the filters find, not one page of them
        let items = format == nil ? page.items : try await PageExport.all(query) { try await services.plans.plans($0, viewer: context.viewer) }
        let coordinators = try await services.directory.institutionNames(ids: items.map(\.fields.coordinatorId), viewer: context.viewer)
        let names = t.countryNames(countries)
        let filters = list.filters([("status", query.status)])
        let table = PageTable<Plan>(columns: [
            .link(t("field.title"), href: { SiteRoute.plan($0.id).path }, { $0.fields.title }, note: { $0.fields.titleEn }),
            .text(t("field.country")) { plan in
                plan.fields.country.map { names[$0] ?? $0 } ?? plan.fields.countries.map { names[$0] ?? $0 }.joined(separator: ", ")
            },
            .text(t("field.period")) { "\($0.fields.periodStart)–\($0.fields.periodEnd)" },
            .text(t("field.status")) { t("plan_status.\($0.fields.status.rawValue)") },
            .text(t("field.coordinator_id")) { coordinators[$0.fields.coordinatorId] ?? "—" },
        ])
        if let format { return try await PageExport.file(table.cells(items), name: "plans", sheet: t("nav.plans"), format: format) }
        let html = Layout.page(
            t("nav.plans"), env: env,
            .p(.text(t("plans.intro"))),
            .if(context.viewer.canCreateAnything, .p(
                .a(.class("button"), .href(SiteRoute.newPlan.path), .text(t("plans.new"))), .text(" "),
                .a(.href(SiteRoute.recommendations.path), .text(t("register.title"))))),
            DirectoryViews.filters(action: .plans, env: env, query: query, selects: [
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t), selected: query.country, env: env),
                DirectoryViews.filterSelect(
                    "status", label: t("field.status"), options: PlanStatus.allCases.map { ($0.rawValue, t("plan_status.\($0.rawValue)")) },
                    selected: query.status, env: env),
            ]),
            page.items.isEmpty ? .p(.text(t("list.none_found"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .plans, query: filters, env: env),
            .if(!page.items.isEmpty, PageExport.links(.plans, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func show(
        _ request: Request, _ context: WPSRequestContext, _ services: AppServices,
        periodForm: (values: [String: String], errors: [FieldError]) = ([:], []),
        proposalForm: (consultation: Int, values: [String: String], errors: [FieldError])? = nil, sent: PlanFormPages.Sent? = nil,
        planId: Int? = nil
    ) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let viewer = context.viewer
        guard let tree = try await services.plans.tree(planId: try planId ?? pathID(context), viewer: viewer), !tree.plan.deleted else {
            throw APIProblem.notFound
        }
        let plan = tree.plan
        let f = plan.fields
        let periods = try await services.reports.periods(planId: plan.id, viewer: viewer) ?? []
        let reports = try await services.reports.summaries(planId: plan.id, viewer: viewer)
        let latest = try await latestValues(tree, periods: periods, services: services, viewer: viewer)
        let made = PlanDashboard.make(
            tree: tree, latest: latest.compactMapValues { reading in reading.value.value.map { ($0, reading.period.fields.end.year) } },
            periods: periods, reports: reports, today: ConsultationRoute.today)
        if let format = try PageExport.format(request) {
            if let which = request.query.get("table"), ["dashboard", "reporting"].contains(which) {
                let names = try await services.directory.institutionNames(ids: Array(made.reporting.keys), viewer: viewer)
                let tables = dashboardTables(made, periods: periods, names: names, t: t)
                return which == "dashboard"
                    ? try await PageExport.file(tables.goals.cells(made.goals), name: "plan-\(plan.id)-dashboard", sheet: t("dashboard.title"), format: format)
                    : try await PageExport.file(tables.reporting.cells(tables.institutions), name: "plan-\(plan.id)-reporting", sheet: t("dashboard.reporting"), format: format)
            }
            let rows = tree.nodes.flatMap { entry in entry.indicators.map { IndicatorRow(node: entry.node, indicator: $0) } }
            return try await PageExport.file(
                indicatorTable(latest: latest, t: t, withNode: true).cells(rows), name: "plan-\(plan.id)-indicators", sheet: t("indicator.title"), format: format)
        }
        let evaluations = try await services.evaluations.evaluations(planId: plan.id, viewer: viewer) ?? []
        let carried = try await services.evaluations.carriedInto(planId: plan.id, viewer: viewer)
        // The activities that serve its measures, by measure
        var served: [Int: [ServingActivity]] = [:]
        var servingActivities: [ServingActivity] = []
        let measureIds = tree.nodes.map(\.node).filter { $0.fields.kind == .measure }.map(\.id)
        let measureSet = Set(measureIds)
        for activity in try await services.activities.activities(servingMeasures: measureIds, viewer: viewer) {
            servingActivities.append(activity)
            for measure in activity.measureIds where measureSet.contains(measure) { served[measure, default: []].append(activity) }
        }
        var origins: [Int: [(Recommendation, Plan)]] = [:]
        for recommendation in carried {
            guard let node = recommendation.answer.carriedIntoNodeId,
                let from = try await services.plans.plan(id: recommendation.planId, viewer: viewer)
            else { continue }
            origins[node, default: []].append((recommendation, from))
        }
        var consultations: [(Consultation, [Proposal])] = []
        for consultation in try await services.consultations.consultations(planId: plan.id, viewer: viewer) ?? [] {
            consultations.append((consultation, try await services.consultations.proposals(consultationId: consultation.id, viewer: viewer) ?? []))
        }
        // The organisations the viewer may propose and endorse for
        // Read from the viewer's own roles: a page view never walks the whole directory (a
        // platform admin, who may act for any organisation, gets the full list).
        var editable: [(value: String, label: String)] = []
        if viewer.isPlatformAdmin {
            editable = try await DirectoryViews.institutionOptions(services, viewer: viewer)
        } else if !consultations.isEmpty {
            let mine = viewer.roles.filter { $0.value.canEdit }.map(\.key)
            let names = try await services.directory.institutionNames(ids: mine, viewer: viewer)
            editable = mine.compactMap { id in names[id].map { (String(id), $0) } }.sorted { $0.1 < $1.1 }
        }
        var destinations: [Int: PlanNode] = [:]
        for recommendation in evaluations.flatMap(\.recommendations) {
            guard let id = recommendation.answer.carriedIntoNodeId, let node = try await services.plans.node(id: id, viewer: viewer) else { continue }
            destinations[id] = node
        }
        var institutionIds: [Int] = [f.coordinatorId] + reports.map(\.institutionId)
        institutionIds += tree.nodes.flatMap { $0.node.fields.leadIds + $0.node.fields.partnerIds }
        institutionIds += evaluations.flatMap { $0.recommendations.flatMap(\.fields.addressedTo) }
        for (_, proposals) in consultations {
            institutionIds += proposals.flatMap { [$0.fields.institutionId] + $0.endorsements.map(\.institutionId) }
        }
        let institutions = try await services.directory.institutionNames(ids: Array(Set(institutionIds)), viewer: viewer)
        let countries = try await services.directory.countries()
        let country = countries.first { $0.code == f.country }
        var body = try await networkName(f.coordinatingBodyId, services, viewer)
        if body == nil, let network = f.networkId { body = try await networkName(network, services, viewer) }
        let previous = try await f.previousPlanId.asyncMap { try await services.plans.plan(id: $0, viewer: viewer) } ?? nil
        let responsibleIds = Set([f.coordinatorId] + tree.nodes.flatMap { $0.node.fields.leadIds + $0.node.fields.partnerIds })
        let responsible = responsibleIds.compactMap { id in institutions[id].map { (id: id, name: $0) } }.sorted { $0.name < $1.name }
        func institution(_ id: Int) -> Node {
            guard let name = institutions[id] else { return .text("—") }
            return .a(.href(SiteRoute.institution(id).path), .text(name))
        }
        func list(_ ids: [Int]) -> Node {
            ids.isEmpty ? .text("—") : .group(.forEach(Array(ids.enumerated())) { index, id in .group(.if(index > 0, .text(", ")), institution(id)) })
        }
        let place: String = {
            if f.kind == .regional {
                return f.countries.map { code in countries.first { $0.code == code }.map { t.name($0) } ?? code }
                    .joined(separator: ", ")
            }
            let name = country.map { t.name($0) } ?? (f.country ?? "")
            let level = country?.levels.first { $0.code == f.level }.map { t.name($0) } ?? f.level
            return "\(name) — \(level)"
        }()
        let goals = tree.nodes.filter { $0.node.fields.kind == .goal }
        let html = Layout.page(
            f.title, env: env,
            DirectoryViews.record([
                (t("field.title_en"), .text(f.titleEn)),
                (t("field.kind"), .text(t("plan_kind.\(f.kind.rawValue)"))),
                (t("field.country"), .text(place)),
                (t("field.period"), .text("\(f.periodStart)–\(f.periodEnd)")),
                (t("field.status"), .text(t("plan_status.\(f.status.rawValue)"))),
                (t("field.adopting_act"), .text([f.adoptingAct, f.adoptedOn?.description ?? ""].filter { !$0.isEmpty }.joined(separator: ", "))),
                (t("field.coordinator_id"), institution(f.coordinatorId)),
                (t("field.coordinating_body_id"), body.map { .a(.href(SiteRoute.network($0.id).path), .text($0.name)) } ?? .text("—")),
                (t("field.previous_plan_id"), previous.map { .a(.href(SiteRoute.plan($0.id).path), .text($0.fields.title)) } ?? .text("—")),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
            ]),
            .p(.a(.href("/api/v1/plans/\(plan.id)/tree"), .text(t("plans.tree_json")))),
            .if(tree.nodes.contains { !$0.indicators.isEmpty }, .group(
                .p(.class("muted"), .text(t("plans.indicators_download"))), PageExport.links(.plan(plan.id), query: [], t: t))),
            .if(viewer.canEdit(plan), .p(
                .class("actions"), .a(.class("button"), .href(SiteRoute.editPlan(plan.id).path), .text(t("plans.edit"))), .text(" "),
                .a(.href(SiteRoute.importPlan(plan.id).path), .text(t("plan_import.link"))))),
            dashboard(made, periods: periods, names: institutions, env: env),
            coverage(PlanCoverage.make(tree: tree, activities: servingActivities, periods: periods), periods: periods, env: env),
            goals.isEmpty ? .p(.class("muted"), .text(t("plans.no_goals"))) : .group(.forEach(tree.nodes) { entry in
                node(entry, env: env, latest: latest, origins: origins[entry.node.id] ?? [], institution: list, activities: served[entry.node.id] ?? [])
            }),
            evaluationsSection(
                evaluations, destinations: destinations, files: try await services.attachments.attachments(ofEvaluations: evaluations.map(\.id)),
                coordinates: viewer.canEdit(plan), responsible: responsible, sent: sent, planId: plan.id, env: env, institution: list),
            ConsultationPages.section(
                consultations, tree: tree, names: institutions, editable: editable, answers: viewer.canEdit(plan), form: proposalForm,
                addForm: viewer.canEdit(plan) ? PlanFormPages.consultationForm(plan: plan.id, sent: sent?.name == "consultation" ? sent : nil, env: env) : nil,
                env: env),
            reporting(
                tree, periods: periods, reports: reports, names: institutions, env: env, form: periodForm)
        )
        let refused = !periodForm.errors.isEmpty || !(proposalForm?.errors.isEmpty ?? true) || sent != nil
        return HTMLPage(status: refused ? .unprocessableContent : .ok, html: html)
    }

    private static func networkName(_ id: Int?, _ services: AppServices, _ viewer: Viewer) async throws -> (id: Int, name: String)? {
        guard let id, let network = try await services.directory.network(id: id, viewer: viewer), !network.deleted else { return nil }
        return (id, network.fields.name)
    }

    /// An indicator with the node it measures.
    struct IndicatorRow {
        var node: PlanNode
        var indicator: Indicator
    }

    /// The indicators' table: under each node on the plan's page, and for the whole plan in its
    /// downloads (`?format=csv|xlsx`), there with the node's code and title first.
    static func indicatorTable(latest: [Int: IndicatorReading], t: Catalog, withNode: Bool = false) -> PageTable<IndicatorRow> {
        func figure(_ value: YearValue?, _ i: IndicatorFields) -> String {
            guard let value else { return "—" }
            let number = value.value.map { t.decimal($0, digits: $0 == $0.rounded() ? 0 : 1) } ?? "—"
            let unit = i.unit == .percent && value.value != nil ? " %" : ""
            return number + unit + (value.year.map { " (\($0))" } ?? "")
        }
        func reading(_ row: IndicatorRow) -> (text: String, period: String)? {
            latest[row.indicator.id].map { reading in
                (reading.value.value.map { figure(YearValue(value: $0, year: nil), row.indicator.fields) } ?? reading.value.note, reading.period.fields.name)
            }
        }
        func unit(_ i: IndicatorFields) -> String {
            "\(t("indicator_unit.\(i.unit.rawValue)")), \(t("disaggregation.\(i.disaggregation.rawValue)"))"
        }
        let node: [PageTable<IndicatorRow>.Column] = withNode
            ? [.text(t("consultation.node")) { "\($0.node.fields.code) \($0.node.fields.title)" }] : []
        return PageTable(columns: node + [
            .text(t("field.code")) { $0.indicator.fields.code },
            PageTable.Column(
                title: t("field.indicator"),
                node: { .group(.text($0.indicator.fields.definition), .div(.class("muted"), .text(unit($0.indicator.fields)))) },
                value: { .text("\($0.indicator.fields.definition) (\(unit($0.indicator.fields)))") }),
            .text(t("field.baseline")) { figure($0.indicator.fields.baseline, $0.indicator.fields) },
            PageTable.Column(
                title: t("report.latest"),
                node: { row in reading(row).map { .group(.text($0.text), .div(.class("muted"), .text($0.period))) } ?? .text("—") },
                value: { row in .text(reading(row).map { "\($0.text) (\($0.period))" } ?? "—") }),
            .text(t("field.target")) { figure($0.indicator.fields.target, $0.indicator.fields) },
            PageTable.Column(
                title: t("field.progress"),
                node: { row in
                    let i = row.indicator.fields
                    guard i.unit == .count || i.unit == .percent else { return .text("—") }
                    return .chart(Chart.progress(
                        baseline: i.baseline?.value, latest: latest[row.indicator.id]?.value.value, target: i.target?.value, percent: i.unit == .percent,
                        title: i.definition, id: "indicator-\(row.indicator.id)",
                        words: (t("field.baseline"), t("report.latest"), t("field.target")), decimalSeparator: t.decimalSeparator))
                },
                value: { row in
                    let i = row.indicator.fields
                    return .text([i.baseline?.value, latest[row.indicator.id]?.value.value, i.target?.value]
                        .map { $0.map { t.decimal($0, digits: $0 == $0.rounded() ? 0 : 1) } ?? "—" }.joined(separator: " → "))
                }),
            .text(t("field.source")) { $0.indicator.fields.source },
        ])
    }

    /// One node: a goal as a section heading, an objective as a sub-heading, a measure as a
    /// block with its institutions, dates, budget and status; then its indicators.
    static func node(
        _ entry: PlanTree.Node, env: PageEnvironment, latest: [Int: IndicatorReading], origins: [(Recommendation, Plan)],
        institution list: ([Int]) -> Node, activities: [ServingActivity] = []
    ) -> Node {
        let t = env.catalog
        let f = entry.node.fields
        let heading = "\(f.code) \(f.title)"
        let anchor = "node-\(entry.node.id)"
        let indicators: Node = entry.indicators.isEmpty ? .empty
            : indicatorTable(latest: latest, t: t).html(entry.indicators.map { IndicatorRow(node: entry.node, indicator: $0) })
        // Where the node came from: recommendations of an earlier plan's evaluation carried into it
        let origin: Node = origins.isEmpty ? .empty : .div(.class("origin"), .forEach(origins) { recommendation, plan in
            .p(.strong(.text(t("evaluation.carried_from") + " ")),
               .a(.href(SiteRoute.plan(plan.id).path + "#evaluations"), .text(plan.fields.title)), .text(": “\(recommendation.fields.text)”"))
        })
        switch f.kind {
        case .goal:
            return .section(
                .class("goal"), .id(anchor),
                .h2(.text(heading)),
                .if(f.pillar != nil, .p(.class("muted"), .text(t("field.pillar") + ": " + t("pillar." + (f.pillar?.rawValue ?? "other"))))),
                origin, indicators)
        case .objective:
            return .group(.h3(.id(anchor), .text(heading)), origin, indicators)
        case .measure:
            let budget = f.budget.map { t.decimal($0.amount, digits: 2) + " \($0.currency)" + ($0.source.isEmpty ? "" : " (\($0.source))") }
            return .div(
                .class("measure"), .id(anchor),
                .h4(.text(heading)),
                DirectoryViews.record([
                    (t("field.lead_ids"), list(f.leadIds)),
                    (t("field.partner_ids"), list(f.partnerIds)),
                    (t("field.timeframe"), .text([f.start?.description, f.end?.description].map { $0 ?? "…" }.joined(separator: " – "))),
                    (t("field.budget"), .text(budget ?? "—")),
                    (t("field.status"), .text(f.status.map { t("measure_status.\($0.rawValue)") } ?? "—")),
                    (t("nav.activities"), activities.isEmpty ? .text("—") : .group(
                        .a(.href(SiteRoute.activities.with(query: [("measure", String(entry.node.id))])),
                           .text("\(activities.count) · \(t("activities.participants")): \(activities.map(\.participants.total).reduce(0, +))")),
                        .ul(.class("activities"), .forEach(activities.suffix(5)) { activity in
                            .li(.a(.href(SiteRoute.activity(activity.id).path), .text(activity.title)),
                                .span(.class("muted"), .text(" " + ActivityPages.dates(start: activity.start, end: activity.end))))
                        }))),
                ]),
                origin, indicators)
        }
    }

    /// Each indicator's latest value that counts: from an accepted or published report, or
    /// computed from personnel data; the latest period first, then the latest reported.
    static func latestValues(_ tree: PlanTree, periods: [ReportingPeriod], services: AppServices, viewer: Viewer) async throws -> [Int: IndicatorReading] {
        var readings = try await services.reports.readings(planId: tree.plan.id, statuses: [.accepted, .published], period: nil, viewer: viewer)
        for indicator in tree.nodes.flatMap(\.indicators) {
            guard let computed = indicator.fields.computedFrom else { continue }
            for var reading in try await ComputedIndicator.readings(of: computed, periods: periods, viewer: viewer, publication: services.publication)
            where reading.status == "computed" {
                reading.value.indicatorId = indicator.id
                readings.append(reading)
            }
        }
        var latest: [Int: IndicatorReading] = [:]
        for reading in readings where reading.value.value != nil || !reading.value.note.isEmpty {
            if let kept = latest[reading.value.indicatorId], kept.period.fields.end > reading.period.fields.end { continue }
            latest[reading.value.indicatorId] = reading
        }
        return latest
    }

    /// The plan's reporting: each period with its due date and lock, the reports the reader
    /// may see with their status and timeliness, and for those who may, the forms that open a
    /// report, lock a period and add one.
    static func reporting(
        _ tree: PlanTree, periods: [ReportingPeriod], reports: [ProgressReport], names: [Int: String], env: PageEnvironment,
        form: (values: [String: String], errors: [FieldError])
    ) -> Node {
        let t = env.catalog
        let viewer = env.viewer
        let coordinates = viewer.canEdit(tree.plan)
        let responsible = Set([tree.plan.fields.coordinatorId] + tree.nodes.flatMap { $0.node.fields.leadIds + $0.node.fields.partnerIds })
        let mine = responsible.filter { viewer.canEdit(owner: $0) || coordinates }.sorted { (names[$0] ?? "") < (names[$1] ?? "") }
        let byPeriod = Dictionary(grouping: reports, by: \.periodId)
        return .section(
            .class("reporting"), .id("reporting"),
            .h2(.text(t("report.reporting"))),
            periods.isEmpty ? .p(.class("muted"), .text(t("report.no_periods"))) : .div(.class("scroll"), .table(
                .thead(.tr(.th(.text(t("field.period"))), .th(.text(t("report.due"))), .th(.text(t("report.reports"))), .th(.text(t("report.actions"))))),
                .tbody(.forEach(periods) { period in
                    let reported = byPeriod[period.id] ?? []
                    let open = mine.filter { id in !reported.contains { $0.institutionId == id } }
                    return .tr(
                        .td(.text(period.fields.name), .div(.class("muted"), .text("\(period.fields.start) – \(period.fields.end)")),
                            .div(.a(.href(SiteRoute.planReport(tree.plan.id).with(query: [("period", String(period.id))])), .text(t("annual.link")))),
                            .if(period.locked, .div(.strong(.text(t("report.locked_short")))))),
                        .td(.text(period.fields.due?.description ?? "—")),
                        .td(reported.isEmpty ? .text("—") : .ul(.forEach(reported) { report in
                            let late = report.submittedOn.flatMap { submitted in period.fields.due.map { submitted > $0 } } ?? false
                            return .li(
                                .a(.href(SiteRoute.report(report.id).path), .text(names[report.institutionId] ?? "—")), .text(": "),
                                .text(t("report_status.\(report.status.rawValue)")), .if(late, .text(" (\(t("report.late")))")))
                        })),
                        .td(
                            .if(!period.locked && !open.isEmpty, .form(
                                .action(SiteRoute.periodReports(period.id).path), .method(.post),
                                Forms.csrf(env),
                                // One form per period: the select's id names the period, so that each label finds its own.
                                .div(
                                    .class("field"),
                                    .label(.for("institution-\(period.id)"), .text(t("report.open_for"))),
                                    .select(
                                        .attribute(named: "name", value: "institution_id"), .id("institution-\(period.id)"),
                                        .forEach(open) { Forms.option(String($0), names[$0] ?? "—", selected: false) })),
                                .button(.type(.submit), .class("secondary"), .text(t("report.open"))))),
                            .if(coordinates, Forms.button(
                                .lockPeriod(period.id), label: t(period.locked ? "report.unlock" : "report.lock"), env: env,
                                fields: [("locked", period.locked ? "false" : "true")])))
                    )
                }))),
            .if(coordinates, .form(
                .action(SiteRoute.planPeriods(tree.plan.id).path), .method(.post), .class("period"), .attribute(named: "novalidate", value: "novalidate"),
                .h3(.text(t("report.add_period"))),
                Forms.csrf(env),
                Forms.text("name", label: t("field.name"), value: form.values["name"] ?? "", errors: form.errors, env: env, required: true),
                Forms.text("start", label: t("report.start"), value: form.values["start"] ?? "", errors: form.errors, env: env, type: .date, required: true),
                Forms.text("end", label: t("report.end"), value: form.values["end"] ?? "", errors: form.errors, env: env, type: .date, required: true),
                Forms.text("due", label: t("report.due"), value: form.values["due"] ?? "", errors: form.errors, env: env, type: .date),
                .button(.type(.submit), .class("secondary"), .text(t("report.add_period")))))
        )
    }

    /// The plan's evaluations and their recommendations: what became of each, and where a
    /// carried one went.
    static func evaluationsSection(
        _ evaluations: [Evaluation], destinations: [Int: PlanNode], files: [Int: [Attachment]], coordinates canAttach: Bool,
        responsible: [(id: Int, name: String)], sent: PlanFormPages.Sent?, planId: Int, env: PageEnvironment, institution list: ([Int]) -> Node
    ) -> Node {
        let t = env.catalog
        guard !evaluations.isEmpty || canAttach else { return .empty }
        return .section(
            .class("evaluations"), .id("evaluations"),
            .h2(.text(t("evaluation.title"))),
            .unwrap(evaluations.first) {
                .p(.a(.href(SiteRoute.recommendations.with(query: [("plan", String($0.planId))])), .text(t("register.link"))))
            },
            .forEach(evaluations) { evaluation in
                let e = evaluation.fields
                return .group(
                    .h3(.id("evaluation-\(evaluation.id)"), .text("\(t("evaluation_kind.\(e.kind.rawValue)")): \(e.evaluator)" + (e.date.map { ", \($0)" } ?? ""))),
                    .if(!e.findings.isEmpty, .group(.forEach(e.findings.components(separatedBy: "\n").filter { !$0.isEmpty }) { .p(.text($0)) })),
                    evaluation.recommendations.isEmpty ? .empty : .div(.class("scroll"), .table(
                        .thead(.tr(
                            .th(.text(t("evaluation.recommendation"))), .th(.text(t("evaluation.priority"))), .th(.text(t("evaluation.addressed_to"))),
                            .th(.text(t("field.status"))), .th(.text(t("evaluation.response"))))),
                        .tbody(.forEach(evaluation.recommendations) { recommendation in
                            let destination = recommendation.answer.carriedIntoNodeId.flatMap { destinations[$0] }
                            return .tr(
                                .td(.text(recommendation.fields.text)),
                                .td(.text(t("priority.\(recommendation.fields.priority.rawValue)"))),
                                .td(list(recommendation.fields.addressedTo)),
                                .td(.text(t("recommendation_status.\(recommendation.answer.status.rawValue)")),
                                    .unwrap(destination) { node in
                                        .div(.a(.href(SiteRoute.plan(node.planId).path + "#node-\(node.id)"), .text("\(node.fields.code) \(node.fields.title)")))
                                    }),
                                .td(.text(recommendation.answer.response)))
                        }))),
                    .h4(.text(t("attachment.title"))),
                    AttachmentPages.list(files[evaluation.id] ?? [], canChange: canAttach, env: env),
                    .if(canAttach, AttachmentPages.form(action: SiteRoute.evaluationAttachments(evaluation.id).path, env: env, id: "e\(evaluation.id)")),
                    .if(canAttach, PlanFormPages.recommendationForm(
                        evaluation: evaluation.id, institutions: responsible,
                        sent: sent?.name == "recommendation-\(evaluation.id)" ? sent : nil, env: env))
                )
            },
            .if(canAttach, PlanFormPages.evaluationForm(plan: planId, sent: sent?.name == "evaluation" ? sent : nil, env: env)))
    }

    /// Measures by status per goal, indicators on track, and who reported when.
    /// Per goal: measures with activities in each period and in all, and the participants reached.
    static func coverage(_ coverage: PlanCoverage, periods: [ReportingPeriod], env: PageEnvironment) -> Node {
        let t = env.catalog
        guard coverage.goals.contains(where: { $0.activities > 0 }) else { return .empty }
        return .section(
            .class("coverage"), .id("coverage"),
            .h2(.text(t("coverage.title"))),
            .p(.class("muted"), .text(t("coverage.intro"))),
            .div(.class("scroll"), .table(
                .thead(.tr(
                    .th(.text(t("annual.goal"))), .forEach(periods) { .th(.class("number"), .text($0.fields.name)) },
                    .th(.class("number"), .text(t("coverage.all"))), .th(.class("number"), .text(t("nav.activities"))),
                    .th(.class("number"), .text(t("activities.participants"))))),
                .tbody(.forEach(coverage.goals) { row in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .text("\(row.goal.fields.code) \(row.goal.fields.title)")),
                        .forEach(periods) { period in .td(.class("number"), .text("\(row.coveredIn[period.id] ?? 0) / \(row.measures)")) },
                        .td(.class("number"), .text("\(row.covered) / \(row.measures)")), .td(.class("number"), .text(String(row.activities))),
                        .td(.class("number"), .text(row.reach.total == 0 ? "—" : ActivityPages.bySex(row.reach, t))))
                }))))
    }

    /// The dashboard's two tables, for the page and the downloads: measures by status per goal,
    /// and each institution's reporting per period (the institutions in name order).
    static func dashboardTables(
        _ dashboard: PlanDashboard, periods: [ReportingPeriod], names: [Int: String], t: Catalog
    ) -> (goals: PageTable<PlanDashboard.GoalRow>, reporting: PageTable<Int>, institutions: [Int]) {
        let statuses: [MeasureStatus?] = MeasureStatus.allCases.map { Optional($0) } + [nil]
        let goals = PageTable<PlanDashboard.GoalRow>(
            columns: [.text(t("annual.goal")) { "\($0.goal.fields.code) \($0.goal.fields.title)" }]
                + statuses.map { status in
                    .number(status.map { t("measure_status.\($0.rawValue)") } ?? t("annual.no_status"), t) { $0.counts[status] ?? 0 }
                })
        func timeliness(_ institution: Int, _ period: ReportingPeriod) -> PlanDashboard.Timeliness {
            dashboard.reporting[institution]?[period.id] ?? .notDue
        }
        var reporting = PageTable<Int>(
            columns: [.text(t("report.institution")) { names[$0] ?? "—" }]
                + periods.map { period in
                    .init(title: period.fields.name,
                          node: { institution in
                              let value = timeliness(institution, period)
                              return .span(.class("timeliness \(value.rawValue)"), .text(t("timeliness.\(value.rawValue)")))
                          },
                          value: { .text(t("timeliness.\(timeliness($0, period).rawValue)")) })
                })
        reporting.caption = t("dashboard.reporting")
        return (goals, reporting, dashboard.reporting.keys.sorted { (names[$0] ?? "") < (names[$1] ?? "") })
    }

    static func dashboard(_ dashboard: PlanDashboard, periods: [ReportingPeriod], names: [Int: String], env: PageEnvironment) -> Node {
        let t = env.catalog
        guard !dashboard.goals.isEmpty else { return .empty }
        let counts = dashboard.trackCounts
        let tables = dashboardTables(dashboard, periods: periods, names: names, t: t)
        let id = dashboard.goals.first?.goal.planId ?? 0
        return .section(
            .class("dashboard"), .id("dashboard"),
            .h2(.text(t("dashboard.title"))),
            tables.goals.html(dashboard.goals), PageExport.links(.plan(id), query: [("table", "dashboard")], t: t),
            .p(.strong(.text(t("dashboard.indicators") + ": ")), .text(PlanDashboard.Track.allCases.map { "\(t("track.\($0.rawValue)")) \(counts[$0] ?? 0)" }.joined(separator: " · "))),
            .if(!periods.isEmpty && !tables.institutions.isEmpty, .group(
                tables.reporting.html(tables.institutions), PageExport.links(.plan(id), query: [("table", "reporting")], t: t))))
    }
}
