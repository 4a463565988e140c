import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// A plan's own form: `/plans/new` for the editors of a gender-equality mechanism (or any
/// institution that coordinates a plan) and `/plans/{id}/edit` for the plan's coordinator. The
/// tree is added from a matrix or through the API; this form holds what the plan is.
enum PlanEditPages {
    static let fields = [
        "kind", "place", "network_id", "countries", "title", "title_en", "period_start", "period_end", "status", "adopting_act", "adopted_on",
        "coordinator_id", "coordinating_body_id", "previous_plan_id", "visibility",
    ]

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newPlan)) { request, context in
            try await form(env: PageEnvironment(context: context, request: request), services: services, values: [:], errors: [], editing: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.plans)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            if let fields = read(context.form, errors: &errors) {
                do {
                    let plan = try await services.plans.createPlan(fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.plan(plan.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            return try await form(env: env, services: services, values: values(context.form), errors: errors, editing: nil)
                .response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.editPlan)) { request, context in
            let plan = try await PlanImportPage.editable(try pathID(context), context.viewer, services)
            return try await form(env: PageEnvironment(context: context, request: request), services: services, values: values(plan.fields), errors: [], editing: plan)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editPlan)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let plan = try await PlanImportPage.editable(try pathID(context), context.viewer, services)
            var errors: [FieldError] = []
            let version = Int(context.form["version"]) ?? 0
            if let fields = read(context.form, errors: &errors) {
                do {
                    _ = try await services.plans.updatePlan(id: plan.id, version: version, fields: fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.plan(plan.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.versionConflict {
                    let current = try await PlanImportPage.editable(plan.id, context.viewer, services)
                    return try await form(env: env, services: services, values: values(context.form), errors: [], editing: current, conflict: true)
                        .response(from: request, context: context)
                }
            }
            var shown = plan
            shown.version = version
            return try await form(env: env, services: services, values: values(context.form), errors: errors, editing: shown)
                .response(from: request, context: context)
        }
    }

    /// The form's fields as the store takes them; problems of the form itself (a year that is
    /// not a number, an unknown choice) are named by field.
    static func read(_ form: FormData, errors: inout [FieldError]) -> PlanFields? {
        let kind = DirectoryViews.choice(form, "kind", PlanKind.self, errors: &errors)
        let status = DirectoryViews.choice(form, "status", PlanStatus.self, errors: &errors)
        let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors)
        func year(_ name: String) -> Int? {
            let text = form[name].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                errors.append(FieldError(field: name, code: "required"))
                return nil
            }
            guard let value = Int(text), (1900...2200).contains(value) else {
                errors.append(FieldError(field: name, code: "out_of_range", value: String(text.prefix(20))))
                return nil
            }
            return value
        }
        let start = year("period_start")
        let end = year("period_end")
        let coordinator = DirectoryViews.number(form, "coordinator_id", errors: &errors)
        if form["coordinator_id"].isEmpty { errors.append(FieldError(field: "coordinator_id", code: "required")) }
        let network = DirectoryViews.number(form, "network_id", errors: &errors)
        let body = DirectoryViews.number(form, "coordinating_body_id", errors: &errors)
        let previous = DirectoryViews.number(form, "previous_plan_id", errors: &errors)
        let adopted = form["adopted_on"].isEmpty ? nil : DirectoryViews.day(form["adopted_on"], field: "adopted_on", errors: &errors)
        let place = form["place"].split(separator: "/", maxSplits: 1).map(String.init)
        if kind != .regional, place.count != 2 { errors.append(FieldError(field: "place", code: "required")) }
        guard let kind, let status, let visibility, let start, let end else { return nil }
        let regional = kind == .regional
        let fields = PlanFields(
            kind: kind, country: regional ? nil : place.first, level: regional ? "" : (place.count == 2 ? place[1] : ""),
            networkId: regional ? network : nil, countries: regional ? form.values("countries").filter { !$0.isEmpty } : [],
            title: form["title"], titleEn: form["title_en"], periodStart: start, periodEnd: end, status: status,
            adoptingAct: form["adopting_act"], adoptedOn: adopted, coordinatorId: coordinator ?? 0, coordinatingBodyId: body,
            previousPlanId: previous, visibility: visibility)
        guard errors.isEmpty, coordinator != nil else {
            // Every problem at once: the plan's own rules too, for fields not already named
            let named = Set(errors.map(\.field))
            errors += fields.validate().filter { !named.contains($0.field) && !(named.contains("place") && ["country", "level"].contains($0.field)) }
            return nil
        }
        return fields
    }

    static func values(_ fields: PlanFields) -> [String: String] {
        [
            "kind": fields.kind.rawValue, "place": fields.country.map { "\($0)/\(fields.level)" } ?? "",
            "network_id": fields.networkId.map(String.init) ?? "", "countries": fields.countries.joined(separator: ","),
            "title": fields.title, "title_en": fields.titleEn, "period_start": String(fields.periodStart), "period_end": String(fields.periodEnd),
            "status": fields.status.rawValue, "adopting_act": fields.adoptingAct, "adopted_on": fields.adoptedOn?.description ?? "",
            "coordinator_id": String(fields.coordinatorId), "coordinating_body_id": fields.coordinatingBodyId.map(String.init) ?? "",
            "previous_plan_id": fields.previousPlanId.map(String.init) ?? "", "visibility": fields.visibility.rawValue,
        ]
    }

    static func values(_ form: FormData) -> [String: String] {
        var values = Dictionary(uniqueKeysWithValues: fields.map { ($0, form[$0]) })
        values["countries"] = form.values("countries").joined(separator: ",")
        return values
    }

    static func form(
        env: PageEnvironment, services: AppServices, values: [String: String], errors: [FieldError], editing: Plan?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let countries = try await services.directory.countries()
        let places = countries.flatMap { country in
            country.levels.map { level in
                ("\(country.code)/\(level.code)",
                 "\(t.name(country)) — \(t.name(level))")
            }
        }
        // The institutions the viewer may make coordinators: her own (all, for platform admins)
        var coordinators: [(value: String, label: String)]
        if viewer.isPlatformAdmin {
            coordinators = try await DirectoryViews.institutionOptions(services, viewer: viewer)
        } else {
            let mine = viewer.roles.filter { $0.value.canEdit }.map(\.key)
            let names = try await services.directory.institutionNames(ids: mine, viewer: viewer)
            coordinators = mine.compactMap { id in names[id].map { (String(id), $0) } }.sorted { $0.1 < $1.1 }
        }
        if let editing, !coordinators.contains(where: { $0.value == String(editing.fields.coordinatorId) }) {
            let names = try await services.directory.institutionNames(ids: [editing.fields.coordinatorId], viewer: viewer)
            coordinators.append((String(editing.fields.coordinatorId), names[editing.fields.coordinatorId] ?? "—"))
        }
        let networks = try await services.directory.networks(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.filter { !$0.deleted }.map { (String($0.id), $0.fields.name) }
        let plans = try await services.plans.plans(DirectoryQuery(page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            .items.filter { $0.id != editing?.id }.map { (String($0.id), "\($0.fields.title) (\($0.fields.periodStart)–\($0.fields.periodEnd))") }
        // The store names country and level apart, and each regional country by its place in the list
        let shown = errors.map { error -> FieldError in
            if ["country", "level"].contains(error.field) { return FieldError(field: "place", code: error.code, value: error.value) }
            if error.field.hasPrefix("countries[") { return FieldError(field: "countries", code: error.code, value: error.value) }
            return error
        }
        let chosenCountries = Set((values["countries"] ?? "").split(separator: ",").map(String.init))
        let none = [("", t("field.none"))]
        let title = editing.map { "\(t("plans.edit")): \($0.fields.title)" } ?? t("plans.new")
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (shown.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let countryErrors = Forms.errors(for: "countries", in: shown)
        let html = Layout.page(
            title, env: env, notice: notice,
            .form(
                .action(editing.map { SiteRoute.editPlan($0.id).path } ?? SiteRoute.plans.path), .method(.post),
                .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                Forms.select("kind", label: t("field.kind"), options: PlanKind.allCases.map { ($0.rawValue, t("plan_kind.\($0.rawValue)")) },
                             selected: values["kind"] ?? PlanKind.nap.rawValue, errors: shown, env: env),
                Forms.text("title", label: t("field.title"), value: values["title"] ?? "", errors: shown, env: env, required: true),
                Forms.text("title_en", label: t("field.title_en"), value: values["title_en"] ?? "", errors: shown, env: env),
                .fieldset(
                    .legend(.text(t("plans.where"))),
                    Forms.select("place", label: "\(t("field.country")) / \(t("field.level"))", options: none + places,
                                 selected: values["place"] ?? "", errors: shown, env: env),
                    Forms.select("network_id", label: t("plans.network"), options: none + networks, selected: values["network_id"] ?? "",
                                 errors: shown, env: env),
                    .div(
                        .class(countryErrors.isEmpty ? "field" : "field invalid"),
                        .label(.for("countries"), .text(t("plans.countries"))),
                        .p(.class("muted"), .id("countries-hint"), .text(t("plans.where_hint"))),
                        .select(
                            .attribute(named: "name", value: "countries"), .id("countries"), .attribute(named: "multiple", value: "multiple"),
                            .attribute(named: "aria-describedby", value: "countries-hint"),
                            .forEach(countries) { Forms.option($0.code, t.name($0), selected: chosenCountries.contains($0.code)) }),
                        .unwrap(countryErrors.first) { .p(.class("field-error"), .text(t("error.\($0.code)"))) })),
                Forms.text("period_start", label: t("plans.period_start"), value: values["period_start"] ?? "", errors: shown, env: env, required: true),
                Forms.text("period_end", label: t("plans.period_end"), value: values["period_end"] ?? "", errors: shown, env: env, required: true),
                Forms.select("status", label: t("field.status"), options: PlanStatus.allCases.map { ($0.rawValue, t("plan_status.\($0.rawValue)")) },
                             selected: values["status"] ?? PlanStatus.draft.rawValue, errors: shown, env: env),
                Forms.text("adopting_act", label: t("field.adopting_act"), value: values["adopting_act"] ?? "", errors: shown, env: env),
                Forms.text("adopted_on", label: t("plans.adopted_on"), value: values["adopted_on"] ?? "", errors: shown, env: env, type: .date),
                Forms.select("coordinator_id", label: t("field.coordinator_id"), options: none + coordinators, selected: values["coordinator_id"] ?? "",
                             errors: shown, env: env),
                Forms.select("coordinating_body_id", label: t("field.coordinating_body_id"), options: none + networks,
                             selected: values["coordinating_body_id"] ?? "", errors: shown, env: env),
                Forms.select("previous_plan_id", label: t("field.previous_plan_id"), options: none + plans, selected: values["previous_plan_id"] ?? "",
                             errors: shown, env: env),
                Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t),
                             selected: values["visibility"] ?? Visibility.public.rawValue, errors: shown, env: env),
                .div(.class("actions"),
                     .button(.type(.submit), .text(t(editing == nil ? "action.create" : "action.save"))),
                     .a(.href(editing.map { SiteRoute.plan($0.id).path } ?? SiteRoute.plans.path), .text(t("action.cancel"))))
            )
        )
        return HTMLPage(status: conflict ? .conflict : (shown.isEmpty ? .ok : .unprocessableContent), html: html)
    }
}
