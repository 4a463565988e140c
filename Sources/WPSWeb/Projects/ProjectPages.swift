import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The projects' pages: the list (by country, status, words) and a project's page with its
/// implementers, partners, donors and their commitments, the plan measures it serves, and its
/// activities by kind with the participants they reached.
enum ProjectPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.projects)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.project)) { request, context in try await show(request, context, services) }
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t, countries) = (list.env, list.env.catalog, list.countries)
        var query = list.query
        query.status = request.query.get("status").flatMap { ProjectStatus(rawValue: $0)?.rawValue }
        let format = try PageExport.format(request)
        let page = try await services.projects.projects(query, viewer: context.viewer)
        // A download holds every project the filters find, not one page of them
        let items = format == nil ? page.items : try await PageExport.all(query) { try await services.projects.projects($0, viewer: context.viewer) }
        let owners = try await services.directory.institutionNames(ids: items.map(\.fields.ownerId), viewer: context.viewer)
        let table = PageTable<Project>(columns: [
            .link(t("field.title"), href: { SiteRoute.project($0.id).path }, { $0.fields.title }, note: { $0.fields.titleEn }),
            .text(t("field.period")) { period($0.fields) },
            .text(t("field.status")) { t("project_status.\($0.fields.status.rawValue)") },
            .text(t("projects.owner")) { owners[$0.fields.ownerId] ?? "—" },
        ])
        if let format { return try await PageExport.file(table.cells(items), name: "projects", sheet: t("projects.title"), format: format) }
        let filters = list.filters([("status", query.status)])
        let html = Layout.page(
            t("projects.title"), env: env,
            .p(.text(t("projects.intro")), .text(" "), .a(.href(SiteRoute.activities.path), .text(t("nav.activities")))),
            DirectoryViews.filters(action: .projects, env: env, query: query, selects: [
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t), selected: query.country, env: env),
                DirectoryViews.filterSelect("status", label: t("field.status"), options: statusOptions(t), selected: query.status, env: env),
            ]),
            page.items.isEmpty ? .p(.text(t("list.none_found"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .projects, query: filters, env: env),
            .if(!page.items.isEmpty, PageExport.links(.projects, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func statusOptions(_ t: Catalog) -> [(value: String, label: String)] {
        ProjectStatus.allCases.map { ($0.rawValue, t("project_status.\($0.rawValue)")) }
    }

    static func period(_ f: ProjectFields) -> String { "\(f.start.description) – \(f.end?.description ?? "…")" }

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let viewer = context.viewer
        guard let project = try await services.projects.project(id: try pathID(context), viewer: viewer), !project.deleted else { throw APIProblem.notFound }
        let f = project.fields
        let names = try await services.directory.institutionNames(
            ids: [f.ownerId] + f.implementerIds + f.partnerIds + f.donors.map(\.institutionId), viewer: viewer)
        let activities = try await services.activities.allActivities(ActivityQuery(projectId: project.id), viewer: viewer)
        var measures: [(PlanNode, Plan)] = []
        for measure in f.measureIds {
            guard let node = try await services.plans.node(id: measure, viewer: viewer),
                let plan = try await services.plans.plan(id: node.planId, viewer: viewer)
            else { continue }
            measures.append((node, plan))
        }
        let countries = try await services.directory.countries()
        let countryNames = t.countryNames(countries)
        func links(_ ids: [Int]) -> Node {
            ids.isEmpty ? .text("—") : .group(.forEach(Array(ids.enumerated())) { index, id in
                .group(.if(index > 0, .text(", ")), .a(.href(SiteRoute.institution(id).path), .text(names[id] ?? "—")))
            })
        }
        let byKind = ActivityKind.allCases.compactMap { kind -> (ActivityKind, [Activity])? in
            let these = activities.filter { $0.fields.kind == kind }
            return these.isEmpty ? nil : (kind, these)
        }
        let reach = activities.map(\.participants).reduce(SexCounts(), +)
        let results = try await services.projects.results(projectId: project.id, viewer: viewer) ?? []
        let html = Layout.page(
            f.title, env: env,
            .if(!f.titleEn.isEmpty, .p(.class("muted"), .text(f.titleEn))),
            DirectoryViews.record([
                (t("field.period"), .text(period(f))),
                (t("field.status"), .text(t("project_status.\(f.status.rawValue)"))),
                (t("projects.countries"), .text(f.countries.map { countryNames[$0] ?? $0 }.joined(separator: ", "))),
                (t("projects.owner"), links([f.ownerId])),
                (t("projects.implementers"), links(f.implementerIds)),
                (t("projects.partners"), links(f.partnerIds)),
                (t("projects.donors"), f.donors.isEmpty ? .text("—") : .ul(.forEach(f.donors) { donor in
                    .li(.a(.href(SiteRoute.institution(donor.institutionId).path), .text(names[donor.institutionId] ?? "—")),
                        .text(": " + amount(donor.amount, donor.currency, t)))
                })),
                (t("field.budget"), .text(f.budget.map { amount($0.amount, $0.currency, t) } ?? "—")),
                (t("activities.measures"), measures.isEmpty ? .text("—") : .ul(.forEach(measures) { node, plan in
                    .li(.a(.href(SiteRoute.plan(plan.id).path + "#node-\(node.id)"), .text("\(node.fields.code) \(node.fields.title)")),
                        .span(.class("muted"), .text(" — \(plan.fields.title)")))
                })),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
            ]),
            .p(.a(.href("/api/v1/projects/\(project.id)"), .text("JSON")), .text(" · "),
               .a(.href("/api/v1/projects/\(project.id)/iati.xml"), .text("IATI XML"))),
            .if(!f.description.isEmpty, ActivityPages.paragraphs(f.description)),
            .if(!results.isEmpty, .section(
                .id("results"),
                .h2(.text(t("projects.results"))),
                .forEach(results) { result in
                    .group(
                        .h3(.text("\(result.fields.title) (\(t("result_type.\(result.fields.type.rawValue)")))")),
                        .div(.class("scroll"), .table(
                            .thead(.tr(.th(.text(t("field.indicator"))), .th(.text(t("field.baseline"))), .th(.text(t("field.target"))),
                                       .th(.text(t("field.period"))), .th(.class("number"), .text(t("report.value"))),
                                       .th(.class("number"), .text(t("sex.female"))), .th(.class("number"), .text(t("sex.male"))))),
                            .tbody(.forEach(result.fields.indicators) { indicator in
                                let f = indicator.fields
                                func figure(_ value: YearValue?) -> String {
                                    guard let value else { return "—" }
                                    return (value.value.map(ReportPages.number) ?? "—") + (value.year.map { " (\($0))" } ?? "")
                                }
                                let rows = indicator.actuals.isEmpty ? [nil] : indicator.actuals.map { Optional($0) }
                                return .group(.forEach(rows) { actual in
                                    .tr(.td(.text([f.code, f.definition].filter { !$0.isEmpty }.joined(separator: " "))), .td(.text(figure(f.baseline))),
                                        .td(.text(figure(f.target))),
                                        .td(.text(actual.map { "\($0.start) – \($0.end)" } ?? "—")),
                                        .td(.class("number"), .text(actual.map { ReportPages.number($0.value.value) } ?? "")),
                                        .td(.class("number"), .text(actual.map { ReportPages.number($0.value.female) } ?? "")),
                                        .td(.class("number"), .text(actual.map { ReportPages.number($0.value.male) } ?? "")))
                                })
                            }))))
                })),
            .section(
                .id("activities"),
                .h2(.text("\(t("nav.activities")) (\(activities.count))")),
                .p(.text("\(t("activities.participants")): \(ActivityPages.bySex(reach, t))")),
                activities.isEmpty ? .p(.class("muted"), .text(t("list.none_found"))) : .group(.forEach(byKind) { kind, these in
                    .group(
                        .h3(.text("\(t("activity_kind.\(kind.rawValue)")) (\(these.count))")),
                        .ul(.forEach(these) { activity in
                            .li(.a(.href(SiteRoute.activity(activity.id).path), .text(activity.fields.title)),
                                .span(.class("muted"), .text(" \(ActivityPages.dates(activity.fields))"
                                    + (activity.participants.total > 0 ? " · \(ActivityPages.bySex(activity.participants, t))" : ""))))
                        }))
                }))
        )
        return HTMLPage(html: html)
    }

    static func amount(_ value: Double, _ currency: String, _ t: Catalog) -> String {
        t.decimal(value, digits: value == value.rounded() ? 0 : 2) + " " + currency
    }
}
