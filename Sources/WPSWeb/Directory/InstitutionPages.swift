import Foundation
import Hummingbird
import WPSCore

/// HTML pages for institutions: list, detail with history, create, edit, delete, restore.
enum InstitutionPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.institutions)) { request, context in
            try await list(request, context, services)
        }
        router.get(RouterPath(SiteRoute.Template.institution)) { request, context in
            try await show(request, context, services)
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newInstitution)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            return try await form(env: env, services: services, values: [:], errors: [], editing: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.institutions)) { request, context in
            try await create(request, context, services)
        }
        signedIn.get(RouterPath(SiteRoute.Template.editInstitution)) { request, context in
            let id = try pathID(context)
            guard let institution = try await services.directory.institution(id: id, viewer: context.viewer), !institution.deleted
            else { throw APIProblem.notFound }
            guard context.viewer.canEdit(institution) else { throw StoreError.forbidden }
            let env = PageEnvironment(context: context, request: request)
            return try await form(env: env, services: services, values: values(institution.fields), errors: [], editing: institution)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editInstitution)) { request, context in
            try await update(request, context, services)
        }
        let directory = services.directory
        RecordPages.registerDeleteAndRestore(
            on: signedIn, delete: SiteRoute.Template.deleteInstitution, restore: SiteRoute.Template.restoreInstitution, page: SiteRoute.institution,
            deleteRecord: { try await directory.deleteInstitution(id: $0, version: $1, viewer: $2, by: $3) },
            restoreRecord: { _ = try await directory.restoreInstitution(id: $0, viewer: $1, by: $2) })
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t, query, countries) = (list.env, list.env.catalog, list.query, list.countries)
        let page = try await services.directory.institutions(query, viewer: context.viewer)
        let names = t.countryNames(countries)
        let levels = Array(Set(countries.flatMap { $0.levels.map(\.code) })).sorted()
        let filters = list.filters([("kind", query.kind), ("level", query.level)])
        let table = PageTable<Institution>(columns: [
            .link(t("field.name"), href: { SiteRoute.institution($0.id).path }, { $0.fields.name + ($0.deleted ? " (\(t("action.delete")))" : "") }),
            .text(t("field.name_en")) { $0.fields.nameEn },
            .text(t("field.kind")) { t("kind.\($0.fields.kind.rawValue)") },
            .text(t("field.country")) { names[$0.fields.country] ?? $0.fields.country },
        ])
        if let format = try PageExport.format(request) {
            // Every institution the filters find, not the page on screen
            let all = try await PageExport.all(query) { try await services.directory.institutions($0, viewer: context.viewer) }
            return try await PageExport.file(table.cells(all), name: "institutions", sheet: t("nav.institutions"), format: format)
        }
        let html = Layout.page(
            t("nav.institutions"), env: env,
            .if(context.viewer.canCreateAnything, .p(.a(.class("button"), .href(SiteRoute.newInstitution.path), .text(t("list.new"))))),
            DirectoryViews.filters(action: .institutions, env: env, query: query, selects: [
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t), selected: query.country, env: env),
                DirectoryViews.filterSelect("kind", label: t("field.kind"), options: DirectoryViews.kindOptions(t), selected: query.kind, env: env),
                DirectoryViews.filterSelect("level", label: t("field.level"), options: levels.map { ($0, $0) }, selected: query.level, env: env),
            ]),
            page.items.isEmpty ? .p(.text(t("list.none_found"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .institutions, query: filters, env: env),
            .if(!page.items.isEmpty, PageExport.links(.institutions, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let page = try await RecordPages.detailRequest(request, context, services, entity: .institution) {
            try await services.directory.institution(id: $0, viewer: $1)
        }
        let (env, t, viewer, institution, f) = (page.env, page.t, page.viewer, page.record, page.fields)
        let id = institution.id
        let countries = try await services.directory.countries()
        let country = countries.first { $0.code == f.country }
        let level = country?.levels.first { $0.code == f.level }
        let parentName = try await services.directory.institutionNames(ids: f.parentId.map { [$0] } ?? [], viewer: viewer)
        let children = try await services.directory.institutions(DirectoryQuery(page: PageRequest(perPage: 200)), viewer: viewer)
            .items.filter { $0.fields.parentId == id }
        let parentNode: Node = f.parentId.flatMap { parent in
            parentName[parent].map { .a(.href(SiteRoute.institution(parent).path), .text($0)) }
        } ?? .text(t("field.none"))
        let html = Layout.page(
            f.name, env: env,
            notice: institution.deleted ? Notice(kind: .warn, text: t("detail.deleted")) : nil,
            DirectoryViews.record([
                (t("field.name_en"), .text(f.nameEn)),
                (t("field.acronym"), .text(f.acronym)),
                (t("field.kind"), .text(t("kind.\(f.kind.rawValue)"))),
                (t("field.country"), .text(country.map { t.name($0) } ?? f.country)),
                (t("field.level"), .text(level.map { t.name($0) } ?? f.level)),
                (t("field.parent_id"), parentNode),
                (t("field.website"), f.website.isEmpty ? .text("") : .a(.href(f.website), .attribute(named: "rel", value: "noopener"), .text(f.website))),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
                (t("detail.version"), .text(String(institution.version))),
            ]),
            RecordPages.actions(
                institution, canEdit: viewer.canEdit(institution), edit: .editInstitution(id), delete: .deleteInstitution(id),
                restore: .restoreInstitution(id), env: env),
            .if(viewer.canManageRoles(of: institution.id) && !institution.deleted,
                .p(.a(.href(SiteRoute.institutionRoles(institution.id).path), .text(t("roles.title"))))),
            .if(!children.isEmpty, .group(
                .h2(.text(t("detail.children"))),
                .ul(.forEach(children) { .li(.a(.href(SiteRoute.institution($0.id).path), .text($0.fields.name))) })
            )),
            .h2(.text(t("detail.history"))),
            DirectoryViews.history(page.history, env: env)
        )
        return HTMLPage(html: html)
    }

    static func create(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        var errors: [FieldError] = []
        let fields = parse(context.form, errors: &errors)
        if errors.isEmpty, let fields {
            do {
                let created = try await services.directory.createInstitution(fields, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.institution(created.id))
            } catch StoreError.invalid(let found) {
                errors = found
            }
        }
        return try await form(env: env, services: services, values: formValues(context.form), errors: errors, editing: nil)
            .response(from: request, context: context)
    }

    static func update(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        let id = try pathID(context)
        guard let current = try await services.directory.institution(id: id, viewer: context.viewer), !current.deleted else {
            throw APIProblem.notFound
        }
        var errors: [FieldError] = []
        let fields = parse(context.form, errors: &errors)
        let version = Int(context.form["version"]) ?? current.version
        if errors.isEmpty, let fields {
            do {
                _ = try await services.directory.updateInstitution(
                    id: id, version: version, fields: fields, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.institution(id))
            } catch StoreError.invalid(let found) {
                errors = found
            } catch StoreError.versionConflict {
                // Keep what the user typed, show what is saved now, and let them save over it
                // knowingly: the form now carries the current version.
                return try await form(
                    env: env, services: services, values: formValues(context.form), errors: [], editing: current,
                    conflict: true
                ).response(from: request, context: context)
            }
        }
        var editing = current
        editing.version = version
        return try await form(env: env, services: services, values: formValues(context.form), errors: errors, editing: editing)
            .response(from: request, context: context)
    }

    /// Reads the form into fields; the combined `place` select carries country and level.
    static func parse(_ form: FormData, errors: inout [FieldError]) -> InstitutionFields? {
        let kind = DirectoryViews.choice(form, "kind", InstitutionKind.self, errors: &errors)
        let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors)
        let parent = DirectoryViews.number(form, "parent_id", errors: &errors)
        let place = form["place"].split(separator: "/", maxSplits: 1).map(String.init)
        if place.count != 2 { errors.append(FieldError(field: "place", code: "required")) }
        guard let kind, let visibility, place.count == 2 else { return nil }
        return InstitutionFields(
            name: form["name"], nameEn: form["name_en"], acronym: form["acronym"], kind: kind, country: place[0],
            level: place[1], parentId: parent, website: form["website"], visibility: visibility)
    }

    static func values(_ fields: InstitutionFields) -> [String: String] {
        [
            "name": fields.name, "name_en": fields.nameEn, "acronym": fields.acronym, "kind": fields.kind.rawValue,
            "place": "\(fields.country)/\(fields.level)", "parent_id": fields.parentId.map(String.init) ?? "",
            "website": fields.website, "visibility": fields.visibility.rawValue,
        ]
    }

    static func formValues(_ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for name in ["name", "name_en", "acronym", "kind", "place", "parent_id", "website", "visibility"] { values[name] = form[name] }
        return values
    }

    static func form(
        env: PageEnvironment, services: AppServices, values: [String: String], errors: [FieldError], editing: Institution?,
        conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let countries = try await services.directory.countries()
        let places = countries.flatMap { country in
            country.levels.map { level in
                ("\(country.code)/\(level.code)",
                 "\(t.name(country)) — \(t.name(level))")
            }
        }
        let parents = try await DirectoryViews.institutionOptions(services, viewer: env.viewer).filter { $0.value != editing.map { String($0.id) } }
        // Errors on country or level belong to the combined place field.
        let shown = errors.map { error in
            ["country", "level"].contains(error.field) ? FieldError(field: "place", code: error.code, value: error.value) : error
        }
        let action: SiteRoute = editing.map { .editInstitution($0.id) } ?? .institutions
        let title = t(editing == nil ? "form.new_institution" : "form.edit_institution")
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (shown.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let html = Layout.page(
            title, env: env, notice: notice,
            .div(
                .class(conflict ? "two-col" : ""),
                .form(
                    .action(action.path), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                    Forms.csrf(env),
                    .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                    Forms.text("name", label: t("field.name"), value: values["name"] ?? "", errors: shown, env: env, required: true),
                    Forms.text("name_en", label: t("field.name_en"), value: values["name_en"] ?? "", errors: shown, env: env),
                    Forms.text("acronym", label: t("field.acronym"), value: values["acronym"] ?? "", errors: shown, env: env),
                    Forms.select("kind", label: t("field.kind"), options: DirectoryViews.kindOptions(t), selected: values["kind"] ?? "", errors: shown, env: env),
                    Forms.select("place", label: "\(t("field.country")) / \(t("field.level"))", options: [("", t("field.none"))] + places,
                                 selected: values["place"] ?? "", errors: shown, env: env),
                    Forms.select("parent_id", label: t("field.parent_id"), options: [("", t("field.none"))] + parents,
                                 selected: values["parent_id"] ?? "", errors: shown, env: env),
                    Forms.text("website", label: t("field.website"), value: values["website"] ?? "", errors: shown, env: env, type: .url),
                    Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t),
                                 selected: values["visibility"] ?? Visibility.public.rawValue, errors: shown, env: env),
                    .div(.class("actions"),
                         .button(.type(.submit), .text(t(editing == nil ? "action.create" : "action.save"))),
                         .a(.href(editing.map { SiteRoute.institution($0.id).path } ?? SiteRoute.institutions.path), .text(t("action.cancel"))))
                ),
                .if(conflict, .unwrap(editing) { saved in
                    .section(
                        .h2(.text(t("form.saved_now"))),
                        DirectoryViews.record(InstitutionPages.values(saved.fields).sorted { $0.key < $1.key }.map { (t("field.\($0.key == "place" ? "country" : $0.key)"), .text($0.value)) })
                    )
                })
            )
        )
        return HTMLPage(status: conflict ? .conflict : (shown.isEmpty ? .ok : .unprocessableContent), html: html)
    }
}
