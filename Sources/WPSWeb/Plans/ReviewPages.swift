import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The coordinator's desk and the register: `/review` lists the reports waiting for the signed-in
/// reader (to review, to publish, to write); `/recommendations` is the recommendations register
/// across plans, where the coordinator answers each recommendation.
enum ReviewPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.reviewQueue)) { request, context in
            try await queue(PageEnvironment(context: context, request: request), services)
        }
        router.get(RouterPath(SiteRoute.Template.recommendations)) { request, context in
            try await register(request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.answerRecommendation)) { request, context in
            let id = try pathID(context)
            let form = context.form
            var errors: [FieldError] = []
            let status = DirectoryViews.choice(form, "status", RecommendationStatus.self, errors: &errors)
            let node = DirectoryViews.number(form, "carried_into_node_id", errors: &errors)
            let version = DirectoryViews.number(form, "version", errors: &errors) ?? 0
            guard let current = try await services.evaluations.recommendation(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
            var conflict = false
            if errors.isEmpty, let status {
                do {
                    _ = try await services.evaluations.answer(
                        recommendationId: id, version: version,
                        RecommendationResponse(status: status, response: form["response"], carriedIntoNodeId: node),
                        viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.recommendations.with(query: [("plan", String(current.planId))]) + "#recommendation-\(id)", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.versionConflict {
                    conflict = true
                }
            }
            let values = Dictionary(uniqueKeysWithValues: ["status", "response", "carried_into_node_id"].map { ($0, form[$0]) })
            return try await register(request, context.base, services, failed: (id, values, errors, conflict), plan: current.planId)
                .response(from: request, context: context)
        }
    }

    // MARK: - The review queue

    static func queue(_ env: PageEnvironment, _ services: AppServices) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let reports = try await services.reports.queue(viewer: viewer)
        var plans: [Int: Plan] = [:]
        var periods: [Int: ReportingPeriod] = [:]
        for report in reports {
            if plans[report.planId] == nil, let plan = try await services.plans.plan(id: report.planId, viewer: viewer) { plans[report.planId] = plan }
            if periods[report.periodId] == nil, let period = try await services.reports.period(id: report.periodId, viewer: viewer) {
                periods[report.periodId] = period
            }
        }
        let names = try await services.directory.institutionNames(
            ids: Array(Set(reports.map(\.institutionId))), viewer: Viewer(userId: viewer.userId, isPlatformAdmin: true))
        let coordinates = { (report: ProgressReport) in plans[report.planId].map { viewer.canEdit($0) } ?? false }
        let groups: [(key: String, reports: [ProgressReport])] = [
            ("review.to_review", reports.filter { $0.status == .submitted && coordinates($0) }),
            ("review.to_publish", reports.filter { $0.status == .accepted && coordinates($0) }),
            ("review.to_write", reports.filter { $0.status.isWithReporter && viewer.canEdit(owner: $0.institutionId) }),
        ]
        let today = ConsultationRoute.today
        let html = Layout.page(
            t("review.title"), env: env,
            .p(.text(t("review.intro"))),
            .forEach(groups) { group in
                .section(
                    .h2(.text("\(t(group.key)) (\(group.reports.count))")),
                    group.reports.isEmpty ? .p(.class("muted"), .text(t("review.nothing"))) : .div(.class("scroll"), .table(
                        .thead(.tr(
                            .th(.text(t("report.plan"))), .th(.text(t("field.period"))), .th(.text(t("report.institution"))),
                            .th(.text(t("field.status"))), .th(.text(t("report.due"))), .th(.text(t("report.submitted_on"))))),
                        .tbody(.forEach(group.reports) { report in
                            let period = periods[report.periodId]
                            let due = period?.fields.due
                            let overdue = report.status.isWithReporter && due.map { $0 < today } == true
                            return .tr(
                                .td(.text(plans[report.planId]?.fields.title ?? "—")),
                                .td(.a(.href(SiteRoute.report(report.id).path), .text(period?.fields.name ?? "—"))),
                                .td(.text(names[report.institutionId] ?? "—")),
                                .td(.text(t("report_status.\(report.status.rawValue)"))),
                                .td(overdue ? .strong(.class("gap"), .text("\(due?.description ?? "") (\(t("timeliness.late")))")) : .text(due?.description ?? "—")),
                                .td(.text(report.submittedOn?.description ?? "—")))
                        })))
                )
            }
        )
        return HTMLPage(html: html)
    }

    // MARK: - The recommendations register

    static func register(
        _ request: Request, _ context: WPSRequestContext, _ services: AppServices,
        failed: (id: Int, values: [String: String], errors: [FieldError], conflict: Bool)? = nil, plan forced: Int? = nil
    ) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t) = (list.env, list.env.catalog)
        let viewer = context.viewer
        let planFilter = forced ?? request.query.get("plan").flatMap { Int($0) }.flatMap { JSONInput.idRange.contains($0) ? $0 : nil }
        let status = request.query.get("status").flatMap(RecommendationStatus.init(rawValue:))
        let format = failed == nil ? try PageExport.format(request) : nil
        let page = try await services.evaluations.recommendations(plan: planFilter, status: status, viewer: viewer, page: list.query.page)
        // A download holds every recommendation the filters find, not the page the reader is on
        let items = format == nil ? page.items : try await PageExport.all { every in
            try await services.evaluations.recommendations(plan: planFilter, status: status, viewer: viewer, page: every)
        }
        var plans: [Int: Plan] = [:]
        var destinations: [Int: PlanNode] = [:]
        for recommendation in items {
            if plans[recommendation.planId] == nil, let plan = try await services.plans.plan(id: recommendation.planId, viewer: viewer) {
                plans[recommendation.planId] = plan
            }
            if let node = recommendation.answer.carriedIntoNodeId, destinations[node] == nil,
                let found = try await services.plans.node(id: node, viewer: viewer) {
                destinations[node] = found
                if plans[found.planId] == nil, let plan = try await services.plans.plan(id: found.planId, viewer: viewer) { plans[found.planId] = plan }
            }
        }
        let names = try await services.directory.institutionNames(ids: Array(Set(items.flatMap { $0.fields.addressedTo })), viewer: viewer)
        func destination(_ recommendation: Recommendation) -> PlanNode? { recommendation.answer.carriedIntoNodeId.flatMap { destinations[$0] } }
        func carried(_ node: PlanNode) -> String { "\(plans[node.planId]?.fields.title ?? ""): \(node.fields.code) \(node.fields.title)" }
        func statusText(_ recommendation: Recommendation) -> String { t("recommendation_status.\(recommendation.answer.status.rawValue)") }
        var table = PageTable<Recommendation>(columns: [
            .init(
                title: t("register.plan"),
                node: { recommendation in .unwrap(plans[recommendation.planId]) { .a(.href(SiteRoute.plan($0.id).path + "#evaluations"), .text($0.fields.title)) } },
                value: { .text(plans[$0.planId]?.fields.title ?? "") }),
            .text(t("evaluation.recommendation")) { $0.fields.text },
            .text(t("evaluation.priority")) { t("priority.\($0.fields.priority.rawValue)") },
            .text(t("evaluation.addressed_to")) { $0.fields.addressedTo.compactMap { names[$0] }.joined(separator: "; ") },
            .init(
                title: t("field.status"),
                node: { recommendation in
                    .group(.text(statusText(recommendation)), .unwrap(destination(recommendation)) { node in
                        .div(.text(t("register.carried_into") + " "), .a(.href(SiteRoute.plan(node.planId).path + "#node-\(node.id)"), .text(carried(node))))
                    })
                },
                value: { recommendation in .text(statusText(recommendation) + (destination(recommendation).map { " — \(t("register.carried_into")) \(carried($0))" } ?? "")) }),
            .init(
                title: t("evaluation.response"),
                node: { recommendation in
                    let answers = plans[recommendation.planId].map { viewer.canEdit($0) } ?? false
                    let mine = failed?.id == recommendation.id ? failed : nil
                    return .group(.text(recommendation.answer.response),
                                  .if(answers, answerForm(recommendation, values: mine?.values, errors: mine?.errors ?? [], env: env)))
                },
                value: { .text($0.answer.response) }),
        ])
        table.rowID = { "recommendation-\($0.id)" }
        if let format {
            return try await PageExport.file(table.cells(items), name: "recommendations", sheet: t("register.title"), format: format)
        }
        let planOptions = try await services.plans.plans(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.map { (String($0.id), "\($0.fields.title) (\($0.fields.periodStart)–\($0.fields.periodEnd))") }
        let statuses = RecommendationStatus.allCases.map { ($0.rawValue, t("recommendation_status.\($0.rawValue)")) }
        let filters = [("plan", planFilter.map(String.init) ?? ""), ("status", status?.rawValue ?? "")]
        let shown: Node = page.items.isEmpty ? .p(.text(t("list.none_found"))) : .group(table.html(page.items), PageExport.links(.recommendations, query: filters, t: t))
        let html = Layout.page(
            t("register.title"), env: env,
            notice: failed.map { Notice(kind: .error, text: $0.conflict ? t("form.conflict") : t("form.has_errors")) },
            .p(.text(t("register.intro"))),
            .form(
                .class("filters"), .method(.get), .action(SiteRoute.recommendations.path),
                DirectoryViews.filterSelect("plan", label: t("register.plan"), options: planOptions, selected: planFilter.map(String.init), env: env),
                DirectoryViews.filterSelect("status", label: t("field.status"), options: statuses, selected: status?.rawValue, env: env),
                .button(.type(.submit), .class("secondary"), .text(t("list.search_button")))),
            shown,
            DirectoryViews.pager(page, route: .recommendations, query: filters, env: env)
        )
        return HTMLPage(status: failed == nil ? .ok : failed?.conflict == true ? .conflict : .unprocessableContent, html: html)
    }

    /// The coordinator's answer: status, response and, for carried_into, the node of a later plan.
    static func answerForm(_ recommendation: Recommendation, values: [String: String]?, errors: [FieldError], env: PageEnvironment) -> Node {
        let t = env.catalog
        let a = recommendation.answer
        let prefix = "r\(recommendation.id)"
        // Field ids are unique on the page; the names are what the handler reads.
        func id(_ name: String) -> String { "\(prefix)-\(name)" }
        let value = { (name: String, current: String) in values?[name] ?? current }
        func error(_ name: String) -> Node {
            .unwrap(errors.first { $0.field == name }) { .p(.class("field-error"), .text(t("error.\($0.code)"))) }
        }
        return .element(named: "details", nodes: [
            .attribute(named: "open", value: errors.isEmpty ? nil : "open"),
            .element(named: "summary", nodes: [.text(t("register.answer"))]),
            .form(
                .method(.post), .action(SiteRoute.answerRecommendation(recommendation.id).path),
                Forms.csrf(env), Forms.hidden("version", String(recommendation.version)),
                .div(.class("field"),
                     .label(.for(id("status")), .text(t("field.status"))),
                     .select(.attribute(named: "name", value: "status"), .id(id("status")),
                             .forEach(RecommendationStatus.allCases) {
                                 Forms.option($0.rawValue, t("recommendation_status.\($0.rawValue)"), selected: value("status", a.status.rawValue) == $0.rawValue)
                             }),
                     error("status")),
                .div(.class("field"),
                     .label(.for(id("response")), .text(t("evaluation.response"))),
                     .textarea(.name("response"), .id(id("response")), .text(value("response", a.response))),
                     error("response")),
                .div(.class("field"),
                     .label(.for(id("node")), .text(t("register.node_id"))),
                     .p(.class("muted"), .id(id("node-hint")), .text(t("register.node_hint"))),
                     .input(.type(.text), .name("carried_into_node_id"), .id(id("node")), .attribute(named: "inputmode", value: "numeric"),
                            .attribute(named: "aria-describedby", value: id("node-hint")),
                            .value(value("carried_into_node_id", a.carriedIntoNodeId.map(String.init) ?? ""))),
                     error("carried_into_node_id")),
                .button(.type(.submit), .class("secondary"), .text(t("action.save")))),
        ])
    }
}
