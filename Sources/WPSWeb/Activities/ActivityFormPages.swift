import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Recording an activity in the browser: `/activities/new` and `/activities/{id}/edit` for the
/// editors of the owning institution, delete, and the participant forms on the activity's page
/// (a person of the directory, or counts by sex of those not listed).
enum ActivityFormPages {
    static let fields = [
        "kind", "title", "title_en", "start", "end", "city", "country", "online", "owner_id", "project_id", "network_id", "agenda", "outputs", "visibility",
    ]
    static let lists = ["organiser_ids", "funder_ids", "measure_ids", "trainer_ids", "reviewed_report_ids", "reviewed_evaluation_ids"]

    /// What the participant form sent back with its problems.
    struct ParticipantForm {
        var values: [String: String]
        var errors: [FieldError]
    }

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newActivity)) { request, context in
            try await form(env: PageEnvironment(context: context, request: request), services: services, values: [:], errors: [], editing: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.activities)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            if let fields = read(context.form, errors: &errors) {
                do {
                    let activity = try await services.activities.createActivity(fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.activity(activity.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            return try await form(env: env, services: services, values: values(context.form), errors: errors, editing: nil)
                .response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.editActivity)) { request, context in
            let activity = try await editable(try pathID(context), context.viewer, services)
            return try await form(env: PageEnvironment(context: context, request: request), services: services, values: values(activity.fields),
                                  errors: [], editing: activity)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editActivity)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let activity = try await editable(try pathID(context), context.viewer, services)
            var errors: [FieldError] = []
            let version = Int(context.form["version"]) ?? 0
            if let fields = read(context.form, errors: &errors) {
                do {
                    _ = try await services.activities.updateActivity(id: activity.id, version: version, fields: fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.activity(activity.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.versionConflict {
                    let current = try await editable(activity.id, context.viewer, services)
                    return try await form(env: env, services: services, values: values(context.form), errors: [], editing: current, conflict: true)
                        .response(from: request, context: context)
                }
            }
            var shown = activity
            shown.version = version
            return try await form(env: env, services: services, values: values(context.form), errors: errors, editing: shown)
                .response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.deleteActivity)) { _, context in
            let id = try pathID(context)
            try await services.activities.deleteActivity(id: id, version: Int(context.form["version"]), viewer: context.viewer, by: context.actor)
            return Response.seeOther(.activities)
        }
        signedIn.post(RouterPath(SiteRoute.Template.activityParticipants)) { request, context in
            let id = try pathID(context)
            let env = PageEnvironment(context: context, request: request)
            _ = try await editable(id, context.viewer, services)
            var errors: [FieldError] = []
            let line = readParticipant(context.form, errors: &errors)
            if errors.isEmpty {
                do {
                    _ = try await services.activities.addParticipant(activityId: id, line, viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.activity(id).path + "#participants", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.conflict(let code, _) {
                    errors = [FieldError(field: "person_id", code: code, value: context.form["person_id"])]
                }
            }
            let values = Dictionary(uniqueKeysWithValues: participantFields.map { ($0, context.form[$0]) })
            return try await ActivityPages.show(env, id: id, services: services, participantForm: ParticipantForm(values: values, errors: errors))
                .response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.activityAttendance)) { request, context in
            let id = try pathID(context)
            let env = PageEnvironment(context: context, request: request)
            _ = try await editable(id, context.viewer, services)
            let sheet = context.form["sheet"].trimmingCharacters(in: .whitespaces)
            let failure: ImportFailure
            if let file = context.uploads["file"], file.size > 0 {
                do {
                    _ = try await AttendanceImporter(database: services.database).run(
                        path: file.path, name: UploadFolder.safeName(file.filename), activityId: id, sheet: sheet.isEmpty ? nil : sheet,
                        viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.activity(id).path + "#participants", type: .normal)
                } catch let error as AttendanceImporter.Failure {
                    switch error {
                    case .problems(let found): failure = found
                    case .file(let problem):
                        failure = ImportFailure(problems: [ImportProblem(
                            file: UploadFolder.safeName(file.filename), row: 0, column: "",
                            value: problem.description.replacingOccurrences(of: file.path, with: UploadFolder.safeName(file.filename)), rule: "unreadable_file")],
                            counts: ["unreadable_file": 1])
                    }
                }
            } else {
                failure = ImportFailure(problems: [ImportProblem(file: "", row: 0, column: "file", value: "", rule: "required")], counts: ["required": 1])
            }
            return try await ActivityPages.show(env, id: id, services: services, attendance: failure).response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.removeParticipant)) { _, context in
            let id = try pathID(context)
            let activity = try await services.activities.participantActivity(id: id, viewer: context.viewer)
            try await services.activities.removeParticipant(id: id, viewer: context.viewer, by: context.actor)
            return Response.redirect(to: SiteRoute.activity(activity ?? 0).path + "#participants", type: .normal)
        }
    }

    static func editable(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> Activity {
        guard let activity = try await services.activities.activity(id: id, viewer: viewer), !activity.deleted else { throw APIProblem.notFound }
        guard viewer.canEdit(owner: activity.fields.ownerId) else { throw StoreError.forbidden }
        return activity
    }

    static let participantFields = ["person_id", "female", "male", "other", "unknown", "total", "institution_kind"]

    static func readParticipant(_ form: FormData, errors: inout [FieldError]) -> ParticipantFields {
        var line = ParticipantFields()
        line.personId = DirectoryViews.number(form, "person_id", errors: &errors)
        func count(_ name: String) -> Int? {
            let text = form[name]
            guard !text.isEmpty else { return nil }
            guard let value = Int(text), (0...SexCounts.largest).contains(value) else {
                errors.append(FieldError(field: name, code: "out_of_range", value: String(text.prefix(20))))
                return nil
            }
            return value
        }
        let parts = ReportValue.partNames.map(count)
        if parts.contains(where: { $0 != nil }) {
            line.counts = SexCounts(female: parts[0] ?? 0, male: parts[1] ?? 0, other: parts[2] ?? 0, unknown: parts[3] ?? 0)
        }
        line.statedTotal = count("total")
        line.institutionKind = form["institution_kind"]
        if errors.isEmpty { errors = line.trimmed().validate() }
        return line
    }

    /// The two ways to add participants: a person of the directory, or counts by sex.
    static func participantForms(
        _ activity: Activity, form: ParticipantForm?, attendance: ImportFailure? = nil, services: AppServices, env: PageEnvironment
    ) -> Node {
        let t = env.catalog
        let values = form?.values ?? [:]
        let errors = form?.errors ?? []
        let action = SiteRoute.activityParticipants(activity.id).path
        return .div(
            .class("participant-forms"),
            .form(
                .action(action), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .h3(.text(t("activities.add_person"))),
                Forms.text("person_id", label: t("activities.person_id"), value: values["person_id"] ?? "", errors: errors, env: env,
                           hint: t("activities.person_id_hint")),
                .button(.type(.submit), .text(t("activities.add")))),
            .form(
                .action(action), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .h3(.text(t("activities.add_counts"))),
                .div(.class("by-sex"), .forEach(ReportValue.partNames) { part in
                    Forms.text(part, label: t("sex.\(part)"), value: values[part] ?? "", errors: errors, env: env)
                }),
                Forms.text("total", label: t("activities.stated_total"), value: values["total"] ?? "", errors: errors, env: env,
                           hint: t("activities.stated_total_hint")),
                Forms.select("institution_kind", label: t("activities.institution_kind"), options: [("", t("field.none"))] + DirectoryViews.kindOptions(t),
                             selected: values["institution_kind"] ?? "", errors: errors, env: env),
                .button(.type(.submit), .text(t("activities.add")))),
            .form(
                .id("attendance"), .action(SiteRoute.activityAttendance(activity.id).path), .method(.post), .enctype(.multipartData),
                Forms.csrf(env),
                .h3(.text(t("attendance.title"))),
                .p(.class("muted"), .id("attendance-hint"), .text(t("attendance.hint"))),
                .unwrap(attendance) { failure in
                    .div(
                        .class("notice error"), .attribute(named: "role", value: "alert"),
                        .p(.text(t("attendance.nothing_added"))),
                        .div(.class("scroll"), .table(
                            .thead(.tr(.th(.text(t("import.row"))), .th(.text(t("import.column"))), .th(.text(t("import.value"))), .th(.text(t("import.rule"))))),
                            .tbody(.forEach(failure.problems) { problem in
                                .tr(.td(.text(String(problem.row))), .td(.text(problem.column)), .td(.text(problem.value)),
                                    .td(.text(PlanImportPage.rule(problem.rule, t))))
                            }))))
                },
                .div(
                    .class("field"),
                    .label(.for("attendance-file"), .text(t("import.file"))),
                    .input(.type(.file), .name("file"), .id("attendance-file"), .attribute(named: "accept", value: ".csv,.txt,.xlsx"),
                           .attribute(named: "aria-describedby", value: "attendance-hint"))),
                Forms.text("sheet", label: t("import.sheet"), value: "", errors: [], env: env),
                .button(.type(.submit), .text(t("attendance.add")))))
    }

    /// The form's fields as the store takes them; problems of the form itself are named by field.
    static func read(_ form: FormData, errors: inout [FieldError]) -> ActivityFields? {
        let kind = DirectoryViews.choice(form, "kind", ActivityKind.self, errors: &errors)
        let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors)
        let start = DirectoryViews.day(form["start"], field: "start", errors: &errors)
        let end = DirectoryViews.day(form["end"], field: "end", errors: &errors)
        for (name, day) in [("start", start), ("end", end)] where day == nil && form[name].isEmpty {
            errors.append(FieldError(field: name, code: "required"))
        }
        let owner = DirectoryViews.number(form, "owner_id", errors: &errors)
        if form["owner_id"].isEmpty { errors.append(FieldError(field: "owner_id", code: "required")) }
        let network = DirectoryViews.number(form, "network_id", errors: &errors)
        let project = DirectoryViews.number(form, "project_id", errors: &errors)
        var lists: [String: [Int]] = [:]
        for name in Self.lists {
            lists[name] = form.values(name).filter { !$0.isEmpty }.compactMap { text in
                guard let id = Int(text) else {
                    errors.append(FieldError(field: name, code: "invalid_number", value: String(text.prefix(20))))
                    return nil
                }
                return id
            }
        }
        let country = form["country"].trimmingCharacters(in: .whitespaces)
        let fields = ActivityFields(
            kind: kind ?? .meeting, title: form["title"], titleEn: form["title_en"], start: start ?? .epoch, end: end ?? start ?? .epoch,
            city: form["city"], country: country.isEmpty ? nil : country, online: form["online"] == "true", ownerId: owner ?? 0,
            organiserIds: lists["organiser_ids"] ?? [], funderIds: lists["funder_ids"] ?? [], projectId: project, networkId: network, measureIds: lists["measure_ids"] ?? [],
            reviewedReportIds: lists["reviewed_report_ids"] ?? [], reviewedEvaluationIds: lists["reviewed_evaluation_ids"] ?? [],
            trainerIds: lists["trainer_ids"] ?? [], agenda: form["agenda"], outputs: form["outputs"], visibility: visibility ?? .public,
            areas: form.values("areas").filter { !$0.isEmpty })
        guard errors.isEmpty, kind != nil, visibility != nil, start != nil, end != nil, owner != nil else {
            let named = Set(errors.map(\.field))
            errors += fields.validate().filter { !named.contains($0.field) && !["start", "end"].contains($0.field) }
            return nil
        }
        return fields
    }

    static func values(_ fields: ActivityFields) -> [String: String] {
        [
            "kind": fields.kind.rawValue, "title": fields.title, "title_en": fields.titleEn, "start": fields.start.description,
            "end": fields.end.description, "city": fields.city, "country": fields.country ?? "", "online": fields.online ? "true" : "",
            "owner_id": String(fields.ownerId), "network_id": fields.networkId.map(String.init) ?? "",
            "project_id": fields.projectId.map(String.init) ?? "", "agenda": fields.agenda,
            "outputs": fields.outputs, "visibility": fields.visibility.rawValue,
            "organiser_ids": fields.organiserIds.map(String.init).joined(separator: ","), "funder_ids": fields.funderIds.map(String.init).joined(separator: ","),
            "measure_ids": fields.measureIds.map(String.init).joined(separator: ","), "trainer_ids": fields.trainerIds.map(String.init).joined(separator: ","),
            "reviewed_report_ids": fields.reviewedReportIds.map(String.init).joined(separator: ","),
            "reviewed_evaluation_ids": fields.reviewedEvaluationIds.map(String.init).joined(separator: ","),
            "areas": fields.areas.joined(separator: ","),
        ]
    }

    static func values(_ form: FormData) -> [String: String] {
        var values = Dictionary(uniqueKeysWithValues: fields.map { ($0, form[$0]) })
        for name in lists { values[name] = form.values(name).joined(separator: ",") }
        values["areas"] = form.values("areas").joined(separator: ",")
        return values
    }

    static func form(
        env: PageEnvironment, services: AppServices, values: [String: String], errors: [FieldError], editing: Activity?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let countries = try await services.directory.countries()
        let institutions = try await DirectoryViews.institutionOptions(services, viewer: viewer)
        // The owner: an institution whose editor the viewer is (any, for platform admins)
        var owners: [(value: String, label: String)]
        if viewer.isPlatformAdmin {
            owners = institutions
        } else {
            let mine = viewer.roles.filter { $0.value.canEdit }.map(\.key)
            let names = try await services.directory.institutionNames(ids: mine, viewer: viewer)
            owners = mine.compactMap { id in names[id].map { (String(id), $0) } }.sorted { $0.1 < $1.1 }
        }
        let networks = try await services.directory.networks(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.filter { !$0.deleted }.map { (String($0.id), $0.fields.name) }
        let projects = try await services.projects.projects(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.filter { !$0.deleted }.map { (String($0.id), $0.fields.title) }
        // The measures of the plans the viewer sees, by plan; their reports and evaluations she may review
        var measures: [(value: String, label: String)] = []
        var reports: [(value: String, label: String)] = []
        var evaluations: [(value: String, label: String)] = []
        let plans = try await services.plans.plans(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
        for plan in plans.items where !plan.deleted {
            guard let tree = try await services.plans.tree(planId: plan.id, viewer: viewer) else { continue }
            for node in tree.nodes.map(\.node) where node.fields.kind == .measure {
                measures.append((String(node.id), "\(plan.fields.title): \(node.fields.code) \(node.fields.title)"))
            }
            let planReports = try await services.reports.reports(planId: plan.id, viewer: viewer)
            let periods = Dictionary((try await services.reports.periods(planId: plan.id, viewer: viewer) ?? []).map { ($0.id, $0.fields.name) }) { first, _ in first }
            let reporters = try await services.directory.institutionNames(ids: planReports.map(\.institutionId), viewer: viewer)
            for report in planReports {
                reports.append((String(report.id), "\(plan.fields.title): \(reporters[report.institutionId] ?? "—"), \(periods[report.periodId] ?? "")"))
            }
            for evaluation in try await services.evaluations.evaluations(planId: plan.id, viewer: viewer) ?? [] {
                evaluations.append((String(evaluation.id), "\(plan.fields.title): \(t("evaluation_kind.\(evaluation.fields.kind.rawValue)")), \(evaluation.fields.evaluator)"))
            }
        }
        let people = try await services.directory.people(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.filter { !$0.deleted }.map { (String($0.id), $0.fields.displayName) }
        let none = [("", t("field.none"))]
        let areas = try await services.expertise.areas().map { (value: $0.code, label: $0.label(t.language.rawValue)) }
        func multiple(_ name: String, _ label: String, _ options: [(value: String, label: String)], hint: String? = nil) -> Node {
            let chosen = Set((values[name] ?? "").split(separator: ",").map(String.init))
            let problems = Forms.errors(for: name, in: errors)
            return .div(
                .class(problems.isEmpty ? "field" : "field invalid"),
                .label(.for(name), .text(label)),
                .unwrap(hint) { .p(.class("muted"), .id("\(name)-hint"), .text($0)) },
                .select(
                    .attribute(named: "name", value: name), .id(name), .attribute(named: "multiple", value: "multiple"),
                    .attribute(named: "size", value: "6"), .attribute(named: "aria-describedby", value: hint == nil ? nil : "\(name)-hint"),
                    .forEach(options) { Forms.option($0.value, $0.label, selected: chosen.contains($0.value)) }),
                Forms.errorNode(name, problems, env))
        }
        let title = editing.map { "\(t("activities.edit")): \($0.fields.title)" } ?? t("activities.new")
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let html = Layout.page(
            title, env: env, notice: notice,
            .form(
                .action(editing.map { SiteRoute.editActivity($0.id).path } ?? SiteRoute.activities.path), .method(.post),
                .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                Forms.select("kind", label: t("field.kind"), options: ActivityPages.kindOptions(t), selected: values["kind"] ?? ActivityKind.meeting.rawValue,
                             errors: errors, env: env),
                Forms.text("title", label: t("field.title"), value: values["title"] ?? "", errors: errors, env: env, required: true),
                Forms.text("title_en", label: t("field.title_en"), value: values["title_en"] ?? "", errors: errors, env: env),
                Forms.text("start", label: t("activities.start"), value: values["start"] ?? "", errors: errors, env: env, type: .date, required: true),
                Forms.text("end", label: t("activities.end"), value: values["end"] ?? "", errors: errors, env: env, type: .date, required: true),
                Forms.text("city", label: t("activities.city"), value: values["city"] ?? "", errors: errors, env: env),
                Forms.select("country", label: t("field.country"), options: none + DirectoryViews.countryOptions(countries, t),
                             selected: values["country"] ?? "", errors: errors, env: env),
                .div(.class("field"), .label(
                    .input(.type(.checkbox), .name("online"), .value("true"), .attribute(named: "checked", value: values["online"] == "true" ? "checked" : nil)),
                    .text(" " + t("activities.online")))),
                Forms.select("owner_id", label: t("activities.owner"), options: none + owners, selected: values["owner_id"] ?? "", errors: errors, env: env),
                multiple("organiser_ids", t("activities.organisers"), institutions, hint: t("activities.multiple_hint")),
                multiple("funder_ids", t("activities.funders"), institutions),
                Forms.select("project_id", label: t("projects.project"), options: none + projects, selected: values["project_id"] ?? "",
                             errors: errors, env: env),
                Forms.select("network_id", label: t("activities.network"), options: none + networks, selected: values["network_id"] ?? "",
                             errors: errors, env: env),
                multiple("measure_ids", t("activities.measures"), measures),
                multiple("trainer_ids", t("activities.trainers"), people, hint: t("activities.trainers_hint")),
                multiple("areas", t("activities.areas"), areas, hint: t("activities.areas_hint")),
                multiple("reviewed_report_ids", t("activities.reviewed"), reports),
                multiple("reviewed_evaluation_ids", t("activities.reviewed_evaluations"), evaluations),
                Forms.textarea("agenda", label: t("activities.agenda"), value: values["agenda"] ?? "", errors: errors, env: env),
                Forms.textarea("outputs", label: t("activities.outputs"), value: values["outputs"] ?? "", errors: errors, env: env,
                               hint: t("activities.outputs_hint")),
                Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t),
                             selected: values["visibility"] ?? Visibility.public.rawValue, errors: errors, env: env),
                .div(.class("actions"),
                     .button(.type(.submit), .text(t(editing == nil ? "action.create" : "action.save"))),
                     .a(.href(editing.map { SiteRoute.activity($0.id).path } ?? SiteRoute.activities.path), .text(t("action.cancel"))))
            )
        )
        return HTMLPage(status: conflict ? .conflict : (errors.isEmpty ? .ok : .unprocessableContent), html: html)
    }
}
