import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The activities' pages: the calendar list (by month, filtered by year, country, kind and
/// words), an activity's page with its participants by sex, and the iCalendar feed that
/// calendar programs subscribe to (`/activities.ics`, filtered like the list).
enum ActivityPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.activities)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.activity)) { request, context in
            try await KeptPage.page(request, context, services) {
                try await show(PageEnvironment(context: $1, request: $0), id: try pathID($1), services: services)
            }
        }
        router.get(RouterPath(SiteRoute.Template.activitiesCalendar)) { request, context in try await calendar(request, context, services) }
        ActivityFormPages.register(on: router, services: services)
    }

    /// The list's filters from the address: a year (or from/to), country, kind, measure, words.
    static func query(_ request: Request, viewer: Viewer) throws -> ActivityQuery {
        var query = try ActivityRoute.query(request, viewer: viewer)
        var errors: [FieldError] = []
        if let year = request.integer("year", in: PlanFields.years, errors: &errors) {
            query.from = Day("\(year)-01-01")
            query.to = Day("\(year)-12-31")
        }
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        if query.country?.isEmpty == true { query.country = nil }
        return query
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let query = try Self.query(request, viewer: context.viewer)
        let format = try PageExport.format(request)
        let countries = try await services.directory.countries()
        let names = t.countryNames(countries)
        let table = PageTable<Activity>(columns: [
            .text(t("activities.when")) { dates($0.fields) },
            .link(t("field.title"), href: { SiteRoute.activity($0.id).path }, { $0.fields.title }, note: { $0.fields.titleEn }),
            .text(t("field.kind")) { t("activity_kind.\($0.fields.kind.rawValue)") },
            .text(t("activities.where")) { place($0.fields, names: names, t) },
            .text(t("activities.participants")) { $0.participants.total == 0 ? "—" : bySex($0.participants, t) },
        ])
        if let format {
            // A download holds every activity the filters find, not one page of them
            let all = try await PageExport.all(query) { try await services.activities.activities($0, viewer: context.viewer) }
            return try await PageExport.file(table.cells(all), name: "activities", sheet: t("nav.activities"), format: format)
        }
        let page = try await services.activities.activities(query, viewer: context.viewer)
        let year = request.query.get("year") ?? ""
        let filters: [(String, String)] = [
            ("q", query.text ?? ""), ("country", query.country ?? ""), ("kind", query.kind?.rawValue ?? ""), ("year", year),
            ("measure", query.measureId.map(String.init) ?? ""), ("network", query.networkId.map(String.init) ?? ""),
            ("project", query.projectId.map(String.init) ?? ""),
        ]
        // Grouped by the month each starts in, latest first
        var months: [(String, [Activity])] = []
        for activity in page.items {
            let month = String(activity.fields.start.description.prefix(7))
            if months.last?.0 == month { months[months.count - 1].1.append(activity) } else { months.append((month, [activity])) }
        }
        let feed = SiteRoute.activitiesCalendar.with(query: filters.filter { $0.0 != "q" || !$0.1.isEmpty })
        let html = Layout.page(
            t("nav.activities"), env: env,
            .p(.text(t("activities.intro"))),
            .p(
                .if(context.viewer.canCreateAnything, .group(.a(.class("button"), .href(SiteRoute.newActivity.path), .text(t("activities.new"))), .text(" "))),
                .a(.href(feed), .attribute(named: "type", value: "text/calendar"), .text(t("activities.feed"))), .text(" · "),
                .a(.href(SiteRoute.projects.path), .text(t("projects.title"))), .text(" · "),
                .a(.href(SiteRoute.reach.path), .text(t("reach.title")))),
            .form(
                .class("filters"), .action(SiteRoute.activities.path), .method(.get), .attribute(named: "role", value: "search"),
                .div(.label(.for("q"), .text(t("list.search"))), .input(.type(.search), .name("q"), .id("q"), .value(query.text ?? ""))),
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t),
                                            selected: query.country, env: env),
                DirectoryViews.filterSelect("kind", label: t("field.kind"), options: kindOptions(t), selected: query.kind?.rawValue, env: env),
                .div(.label(.for("year"), .text(t("activities.year"))),
                     .input(.type(.number), .name("year"), .id("year"), .value(year), .attribute(named: "min", value: "1990"),
                            .attribute(named: "max", value: "2100"))),
                .unwrap(query.measureId) { Forms.hidden("measure", String($0)) },
                .unwrap(query.networkId) { Forms.hidden("network", String($0)) },
                .unwrap(query.projectId) { Forms.hidden("project", String($0)) },
                .div(.button(.type(.submit), .text(t("list.search_button"))))),
            months.isEmpty ? .p(.text(t("list.none_found"))) : .group(.forEach(months) { month, activities in
                .section(
                    .class("month"),
                    .h2(.text(monthName(month, t))),
                    table.html(activities))
            }),
            DirectoryViews.pager(page, route: .activities, query: filters, env: env),
            .if(!months.isEmpty, PageExport.links(.activities, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func kindOptions(_ t: Catalog) -> [(value: String, label: String)] {
        ActivityKind.allCases.map { ($0.rawValue, t("activity_kind.\($0.rawValue)")) }
    }

    static func monthName(_ month: String, _ t: Catalog) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else { return month }
        return "\(t("month.\(number)")) \(parts[0])"
    }

    static func dates(_ f: ActivityFields) -> String { dates(start: f.start, end: f.end) }

    static func dates(start: Day, end: Day) -> String {
        start == end ? start.description : "\(start.description) – \(end.description)"
    }

    static func place(_ f: ActivityFields, names: [String: String], _ t: Catalog) -> String {
        let country = f.country.map { names[$0] ?? $0 }
        let place = [f.city.isEmpty ? nil : f.city, country].compactMap { $0 }.joined(separator: ", ")
        if f.online { return place.isEmpty ? t("activities.online") : "\(place) (\(t("activities.online")))" }
        return place
    }

    static func bySex(_ counts: SexCounts, _ t: Catalog) -> String {
        let parts = zip(ReportValue.partNames, [counts.female, counts.male, counts.other, counts.unknown])
            .filter { $0.1 > 0 }.map { "\(t("sex.\($0.0)")) \($0.1)" }
        return "\(counts.total) (\(parts.joined(separator: ", ")))"
    }

    static func show(
        _ env: PageEnvironment, id: Int, services: AppServices, participantForm: ActivityFormPages.ParticipantForm? = nil,
        attendance: ImportFailure? = nil
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        guard let activity = try await services.activities.activity(id: id, viewer: viewer), !activity.deleted || viewer.isPlatformAdmin else {
            throw APIProblem.notFound
        }
        let f = activity.fields
        let (lines, names) = try await services.activities.participants(activityId: id, viewer: viewer) ?? ([], false)
        let institutionIds = f.organiserIds + f.funderIds + [f.ownerId] + lines.compactMap(\.fields.institutionId)
        let institutions = try await services.directory.institutionNames(ids: institutionIds, viewer: viewer)
        let countries = try await services.directory.countries()
        let countryNames = t.countryNames(countries)
        let network = try await f.networkId.asyncMap { try await services.directory.network(id: $0, viewer: viewer) } ?? nil
        let project = try await f.projectId.asyncMap { try await services.projects.project(id: $0, viewer: viewer) } ?? nil
        var measures: [(PlanNode, Plan)] = []
        for measure in f.measureIds {
            guard let node = try await services.plans.node(id: measure, viewer: viewer),
                let plan = try await services.plans.plan(id: node.planId, viewer: viewer)
            else { continue }
            measures.append((node, plan))
        }
        var reviewed: [(ProgressReport, String)] = []
        for reportId in f.reviewedReportIds {
            guard let report = try await services.reports.report(id: reportId, viewer: viewer) else { continue }
            let name = try await services.directory.institutionNames(ids: [report.institutionId], viewer: viewer)[report.institutionId] ?? "—"
            let plan = try await services.plans.plan(id: report.planId, viewer: viewer)
            reviewed.append((report, "\(name): \(plan?.fields.title ?? "")"))
        }
        var reviewedEvaluations: [(Evaluation, Plan)] = []
        for evaluationId in f.reviewedEvaluationIds {
            guard let planId = try await services.attachments.planOfEvaluation(evaluationId),
                let plan = try await services.plans.plan(id: planId, viewer: viewer),
                let evaluation = try await services.evaluations.evaluations(planId: planId, viewer: viewer)?.first(where: { $0.id == evaluationId })
            else { continue }
            reviewedEvaluations.append((evaluation, plan))
        }
        let areaLabels = Dictionary(try await services.expertise.areas().map { ($0.code, $0.label(t.language.rawValue)) }) { first, _ in first }
        var trainers: [Person] = []
        for trainer in f.trainerIds {
            if let person = try await services.directory.person(id: trainer, viewer: viewer), !person.deleted { trainers.append(person) }
        }
        let canEdit = viewer.canEdit(owner: f.ownerId) && !activity.deleted
        let files = try await services.attachments.attachments(of: .activity(id), viewer: viewer) ?? []
        var cascade: TrainingCascade.Result?
        // Only when someone trained here trained others since
        if !f.trainerIds.isEmpty, try await services.activities.participantsTrainedOthers(activityId: id, viewer: viewer) {
            let result = try await services.activities.cascade(from: .training(id), viewer: viewer)
            if result.generations > 1 { cascade = result }
        }
        func links(_ ids: [Int]) -> Node {
            ids.isEmpty ? .text("—") : .group(.forEach(Array(ids.enumerated())) { index, id in
                .group(.if(index > 0, .text(", ")), .a(.href(SiteRoute.institution(id).path), .text(institutions[id] ?? "—")))
            })
        }
        let html = Layout.page(
            f.title, env: env,
            .if(!f.titleEn.isEmpty, .p(.class("muted"), .text(f.titleEn))),
            .if(activity.deleted, .p(.class("notice warn"), .text(t("detail.deleted")))),
            DirectoryViews.record([
                (t("field.kind"), .text(t("activity_kind.\(f.kind.rawValue)"))),
                (t("activities.when"), .text(dates(f))),
                (t("activities.where"), .text(place(f, names: countryNames, t).isEmpty ? "—" : place(f, names: countryNames, t))),
                (t("activities.organisers"), links(f.organiserIds)),
                (t("activities.funders"), links(f.funderIds)),
                (t("projects.project"), project.map { .a(.href(SiteRoute.project($0.id).path), .text($0.fields.title)) } ?? .text("—")),
                (t("activities.network"), network.map { .a(.href(SiteRoute.network($0.id).path), .text($0.fields.name)) } ?? .text("—")),
                (t("activities.measures"), measures.isEmpty ? .text("—") : .ul(.forEach(measures) { node, plan in
                    .li(.a(.href(SiteRoute.plan(plan.id).path + "#node-\(node.id)"), .text("\(node.fields.code) \(node.fields.title)")),
                        .span(.class("muted"), .text(" — \(plan.fields.title)")))
                })),
                (t("activities.reviewed"), reviewed.isEmpty ? .text("—") : .ul(.forEach(reviewed) { report, label in
                    .li(.a(.href(SiteRoute.report(report.id).path), .text(label)))
                })),
                (t("activities.reviewed_evaluations"), reviewedEvaluations.isEmpty ? .text("—") : .ul(.forEach(reviewedEvaluations) { evaluation, plan in
                    .li(.a(.href(SiteRoute.plan(plan.id).path + "#evaluation-\(evaluation.id)"),
                           .text("\(plan.fields.title): \(t("evaluation_kind.\(evaluation.fields.kind.rawValue)")), \(evaluation.fields.evaluator)")))
                })),
                (t("activities.trainers"), trainers.isEmpty ? .text("—") : .group(.forEach(Array(trainers.enumerated())) { index, person in
                    .group(.if(index > 0, .text(", ")), .a(.href(SiteRoute.person(person.id).path), .text(person.fields.displayName)))
                })),
                (t("activities.areas"), .text(f.areas.isEmpty ? "—" : f.areas.map { code in areaLabels[code] ?? code }.joined(separator: ", "))),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
            ]),
            .if(!f.agenda.isEmpty, .group(.h2(.text(t("activities.agenda"))), paragraphs(f.agenda))),
            .if(!f.outputs.isEmpty, .group(.h2(.text(t("activities.outputs"))), paragraphs(f.outputs))),
            .if(canEdit || !files.isEmpty, .section(
                .id("files"),
                .h2(.text(t("attachment.title"))),
                AttachmentPages.list(files, canChange: canEdit, env: env),
                .if(canEdit, AttachmentPages.form(action: SiteRoute.activityAttachments(id).path, env: env, id: "a\(id)")))),
            .section(
                .id("participants"),
                .h2(.text(t("activities.participants"))),
                participantTable(activity, lines: lines, names: names, institutions: institutions, canEdit: canEdit, env: env),
                .if(canEdit, ActivityFormPages.participantForms(activity, form: participantForm, attendance: attendance, services: services, env: env))),
            .unwrap(cascade) { cascadeSection($0, env: env) },
            RecordPages.actions(
                activity, canEdit: canEdit, edit: .editActivity(id), delete: .deleteActivity(id), restore: .activity(id), env: env)
        )
        return HTMLPage(status: participantForm == nil && attendance == nil ? .ok : .unprocessableContent, html: html)
    }

    /// The trainings a trainer or a training set going and their reach, generation by generation.
    static func cascadeSection(_ result: TrainingCascade.Result, env: PageEnvironment) -> Node {
        let t = env.catalog
        guard !result.steps.isEmpty else { return .empty }
        return .section(
            .id("cascade"),
            .h2(.text(t("cascade.title"))),
            .p(.text(String(format: t("cascade.summary"), result.steps.count, result.generations, result.people)), .text(" "),
               .strong(.text(bySex(result.reach, t)))),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.text(t("cascade.generation"))), .th(.text(t("activities.when"))), .th(.text(t("field.title"))),
                           .th(.text(t("activities.participants"))))),
                .tbody(.forEach(result.steps) { step in
                    .tr(.td(.text(String(step.generation))), .td(.text(dates(step.activity.fields))),
                        .td(.a(.href(SiteRoute.activity(step.activity.id).path), .text(step.activity.fields.title))),
                        .td(.text(bySex(step.participants, t))))
                }))))
    }

    static func paragraphs(_ text: String) -> Node {
        .group(.forEach(text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { .p(.text($0)) })
    }

    /// Participants by sex (the sum of the lines), then the lines: people by name for the
    /// organisers' members, counts for everyone.
    static func participantTable(
        _ activity: Activity, lines: [Participant], names: Bool, institutions: [Int: String], canEdit: Bool, env: PageEnvironment
    ) -> Node {
        let t = env.catalog
        let total = activity.participants
        return .group(
            .div(.class("scroll"), .table(
                .class("by-sex"),
                .thead(.tr(.forEach(ReportValue.partNames) { .th(.text(t("sex.\($0)"))) }, .th(.text(t("activities.total"))))),
                .tbody(.tr(.forEach([total.female, total.male, total.other, total.unknown]) { .td(.text(String($0))) },
                           .td(.strong(.text(String(total.total)))))))),
            .if(activity.participantGap != 0, .p(.class("gap"), .text("\(t("activities.gap")): \(activity.participantGap)"))),
            lines.isEmpty ? .p(.class("muted"), .text(t("activities.no_participants"))) : .div(.class("scroll"), .table(
                .thead(.tr(.th(.text(t("activities.line"))), .th(.text(t("field.institution"))), .forEach(ReportValue.partNames) { .th(.text(t("sex.\($0)"))) },
                           .th(.text(t("activities.stated_total"))), .if(canEdit, .th(.text(""))))),
                .tbody(.forEach(lines) { line in
                    let counts = line.counts
                    let label: Node = if let person = line.fields.personId {
                        .a(.href(SiteRoute.person(person).path), .text(line.name))
                    } else if line.fields.counts == nil {
                        .span(.class("muted"), .text(t("activities.listed_person")))
                    } else {
                        .text([t("activities.counted"), line.fields.institutionKind.isEmpty ? "" : t("kind.\(line.fields.institutionKind)"), line.fields.level]
                            .filter { !$0.isEmpty }.joined(separator: " · "))
                    }
                    let institution: String = line.fields.institutionId.flatMap { names ? institutions[$0] : nil } ?? ""
                    let stated: String = line.fields.statedTotal.map(String.init) ?? ""
                    let statedCell: Node = line.gap == nil ? .text(stated) : .strong(.class("gap"), .text(stated))
                    let cells: [Int] = [counts.female, counts.male, counts.other, counts.unknown]
                    let remove: Node = canEdit ? .td(Forms.button(.removeParticipant(line.id), label: t("action.remove"), env: env)) : .empty
                    return .tr(
                        .td(label), .td(.text(institution)),
                        .forEach(cells) { .td(.text($0 == 0 ? "" : String($0))) },
                        .td(statedCell), remove)
                }))))
    }

    static func calendar(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> Response {
        let t = context.catalog
        let query = try Self.query(request, viewer: context.viewer)
        let host = request.head.authority ?? "wps.localhost"
        let base = services.config.publicURL ?? "http://\(host)"
        // Written once until the next write, stamped when it was written (with METHOD:PUBLISH,
        // DTSTAMP is when this instance of the feed was made); the key holds everything it shows
        let key = String(reflecting: ["feed", t.language.rawValue, host, base, context.viewer.visibilityScope, String(reflecting: query)])
        let text = try await services.database.derived(key, rows: { $0.utf8.count / 100 }) {
            let activities = try await services.activities.allActivities(query, viewer: context.viewer)
            let names = t.countryNames(try await services.directory.countries())
            let events = activities.map { activity in
                let f = activity.fields
                return ICalendar.Event(
                    uid: "activity-\(activity.id)@\(host.split(separator: ":").first.map(String.init) ?? host)", start: f.start, end: f.end,
                    summary: f.title, location: place(f, names: names, t), description: t("activity_kind.\(f.kind.rawValue)"),
                    url: base + SiteRoute.activity(activity.id).path)
            }
            return ICalendar(name: "WPS Platform — \(t("nav.activities"))", events: events).text(stamp: Self.stamp())
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"activities.ics\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Now in UTC as iCalendar writes it: 20261127T093000Z.
    static func stamp() -> String {
        let now = Timestamp.now()  // 2026-11-27T09:30:00.000Z
        let digits = now.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return digits + "Z"
    }
}
