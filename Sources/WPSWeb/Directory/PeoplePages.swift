import Foundation
import Hummingbird
import WPSCore

/// HTML pages for people: list, detail with positions and history, create, edit, delete, restore.
enum PeoplePages {
    /// How many empty position rows an edit form offers.
    static let blankPositionRows = 2

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.people)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.person)) { request, context in
            try await KeptPage.page(request, context, services) { try await show($0, $1, services) }
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newPerson)) { request, context in
            try await form(env: PageEnvironment(context: context, request: request), services: services, values: FormData(), errors: [], editing: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.people)) { request, context in try await save(request, context, services, id: nil) }
        signedIn.get(RouterPath(SiteRoute.Template.editPerson)) { request, context in
            let id = try pathID(context)
            guard let person = try await services.directory.person(id: id, viewer: context.viewer), !person.deleted else {
                throw APIProblem.notFound
            }
            guard context.viewer.canEdit(person) else { throw StoreError.forbidden }
            return try await form(
                env: PageEnvironment(context: context, request: request), services: services, values: values(person.fields),
                errors: [], editing: person)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editPerson)) { request, context in
            try await save(request, context, services, id: try pathID(context))
        }
        let directory = services.directory
        RecordPages.registerDeleteAndRestore(
            on: signedIn, delete: SiteRoute.Template.deletePerson, restore: SiteRoute.Template.restorePerson, page: SiteRoute.person,
            deleteRecord: { try await directory.deletePerson(id: $0, version: $1, viewer: $2, by: $3) },
            restoreRecord: { _ = try await directory.restorePerson(id: $0, viewer: $1, by: $2) })
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t, query, countries) = (list.env, list.env.catalog, list.query, list.countries)
        let format = try PageExport.format(request)
        let page = try await services.directory.people(query, viewer: context.viewer)
        // A download holds every person the filters find, not the page on screen
        let items = format == nil ? page.items : try await PageExport.all(query) { try await services.directory.people($0, viewer: context.viewer) }
        let names = try await services.directory.institutionNames(
            ids: items.flatMap { $0.fields.positions.map(\.institutionId) }, viewer: context.viewer)
        let filters = list.filters([("sex", query.sex)])
        let table = PageTable<Person>(columns: [
            .link(t("field.family_name"), href: { SiteRoute.person($0.id).path }, { $0.fields.familyName }),
            .text(t("field.given_name")) { $0.fields.givenName },
            .text(t("field.positions")) { $0.fields.positions.map { "\($0.title), \(names[$0.institutionId] ?? "—")" }.joined(separator: "; ") },
        ])
        if let format { return try await PageExport.file(table.cells(items), name: "people", sheet: t("nav.people"), format: format) }
        let html = Layout.page(
            t("nav.people"), env: env,
            .if(context.viewer.canCreateAnything, .p(.a(.class("button"), .href(SiteRoute.newPerson.path), .text(t("list.new"))))),
            DirectoryViews.filters(action: .people, env: env, query: query, selects: [
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t), selected: query.country, env: env),
                DirectoryViews.filterSelect("sex", label: t("field.sex"), options: Sex.allCases.map { ($0.rawValue, t("sex.\($0.rawValue)")) }, selected: query.sex, env: env),
            ]),
            page.items.isEmpty ? .p(.text(t("list.none_found"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .people, query: filters, env: env),
            .if(!page.items.isEmpty, PageExport.links(.people, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let page = try await RecordPages.detailRequest(request, context, services, entity: .person) {
            try await services.directory.person(id: $0, viewer: $1)
        }
        let (env, t, viewer, person, f) = (page.env, page.t, page.viewer, page.record, page.fields)
        let id = person.id
        let names = try await services.directory.institutionNames(
            ids: f.positions.map(\.institutionId) + (f.ownerInstitutionId.map { [$0] } ?? []), viewer: viewer)
        let contacts: [(String, Node)] = viewer.canSeeContacts(owner: f.ownerInstitutionId)
            ? [(t("field.email"), f.email.isEmpty ? .text("") : .a(.href("mailto:\(f.email)"), .text(f.email))), (t("field.phone"), .text(f.phone))]
            : [(t("field.email"), .span(.class("muted"), .text(t("detail.contacts_hidden"))))]
        func institution(_ id: Int?) -> Node {
            guard let id, let name = names[id] else { return .text(t("field.none")) }
            return .a(.href(SiteRoute.institution(id).path), .text(name))
        }
        // The cascade: only for someone who trained at all
        var cascade = TrainingCascade.Result()
        if try await services.activities.trainedOthers([id], viewer: viewer) {
            cascade = try await services.activities.cascade(from: .trainer(personId: id), viewer: viewer)
        }
        let expertise = try await ExpertisePages.personSection(person, env: env, services)
        let html = Layout.page(
            f.displayName, env: env,
            notice: person.deleted ? Notice(kind: .warn, text: t("detail.deleted"))
                : env.query["account"] == "unknown" ? Notice(kind: .error, text: t("expertise.account_unknown"))
                : env.query["account"] == "taken" ? Notice(kind: .error, text: t("expertise.account_taken")) : nil,
            DirectoryViews.record([
                (t("field.sex"), .text(t("sex.\(f.sex.rawValue)"))),
                (t("detail.languages"), .text(f.languages.joined(separator: ", "))),
            ] + contacts + [
                (t("field.owner_institution_id"), institution(f.ownerInstitutionId)),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
                (t("detail.version"), .text(String(person.version))),
            ]),
            RecordPages.actions(
                person, canEdit: viewer.canEdit(person), edit: .editPerson(id), delete: .deletePerson(id), restore: .restorePerson(id), env: env),
            .h2(.text(t("field.positions"))),
            f.positions.isEmpty ? .p(.class("muted"), .text(t("field.none"))) : .table(
                .thead(.tr(.th(.text(t("field.position_title"))), .th(.text(t("field.institution"))), .th(.text(t("field.since"))), .th(.text(t("field.until"))))),
                .tbody(.forEach(f.positions) { position in
                    .tr(.td(.text(position.title)), .td(institution(position.institutionId)),
                        .td(.text(position.since?.description ?? "")), .td(.text(position.until?.description ?? "")))
                })
            ),
            ActivityPages.cascadeSection(cascade, env: env),
            expertise,
            .h2(.text(t("detail.history"))),
            DirectoryViews.history(page.history, env: env)
        )
        return HTMLPage(html: html)
    }

    static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices, id: Int?) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        var current: Person?
        if let id {
            guard let person = try await services.directory.person(id: id, viewer: context.viewer), !person.deleted else {
                throw APIProblem.notFound
            }
            current = person
        }
        var errors: [FieldError] = []
        let fields = parse(context.form, errors: &errors)
        let version = Int(context.form["version"]) ?? current?.version ?? 1
        if errors.isEmpty, let fields {
            do {
                if let id {
                    _ = try await services.directory.updatePerson(id: id, version: version, fields: fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.person(id))
                }
                let created = try await services.directory.createPerson(fields, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.person(created.id))
            } catch StoreError.invalid(let found) {
                errors = found
            } catch StoreError.versionConflict {
                return try await form(env: env, services: services, values: context.form, errors: [], editing: current, conflict: true)
                    .response(from: request, context: context)
            }
        }
        var editing = current
        editing?.version = version
        return try await form(env: env, services: services, values: context.form, errors: errors, editing: editing)
            .response(from: request, context: context)
    }

    static func parse(_ form: FormData, errors: inout [FieldError]) -> PersonFields? {
        let sex = DirectoryViews.choice(form, "sex", Sex.self, errors: &errors)
        let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors)
        let owner = DirectoryViews.number(form, "owner_institution_id", errors: &errors)
        let institutions = form.values("position_institution")
        let titles = form.values("position_title")
        let sinces = form.values("position_since")
        let untils = form.values("position_until")
        var positions: [Position] = []
        for index in institutions.indices {
            let title = index < titles.count ? titles[index] : ""
            if institutions[index].isEmpty && title.isEmpty { continue }
            guard let institution = Int(institutions[index]) else {
                errors.append(FieldError(field: "positions[\(positions.count)].institution_id", code: "required"))
                continue
            }
            let since = DirectoryViews.day(index < sinces.count ? sinces[index] : "", field: "positions[\(positions.count)].since", errors: &errors)
            let until = DirectoryViews.day(index < untils.count ? untils[index] : "", field: "positions[\(positions.count)].until", errors: &errors)
            positions.append(Position(institutionId: institution, title: title, since: since, until: until))
        }
        guard let sex, let visibility else { return nil }
        return PersonFields(
            givenName: form["given_name"], familyName: form["family_name"], sex: sex,
            languages: form["languages"].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            email: form["email"], phone: form["phone"], ownerInstitutionId: owner, positions: positions, visibility: visibility)
    }

    /// A stored person as the values of its edit form.
    static func values(_ fields: PersonFields) -> FormData {
        var pairs: [(String, String)] = [
            ("given_name", fields.givenName), ("family_name", fields.familyName), ("sex", fields.sex.rawValue),
            ("languages", fields.languages.joined(separator: ", ")), ("email", fields.email), ("phone", fields.phone),
            ("owner_institution_id", fields.ownerInstitutionId.map(String.init) ?? ""), ("visibility", fields.visibility.rawValue),
        ]
        for position in fields.positions {
            pairs += [("position_institution", String(position.institutionId)), ("position_title", position.title),
                      ("position_since", position.since?.description ?? ""), ("position_until", position.until?.description ?? "")]
        }
        return FormData(urlEncoded: pairs.map { "\(SiteRoute.encode($0.0))=\(SiteRoute.encode($0.1))" }.joined(separator: "&"))
    }

    static func form(
        env: PageEnvironment, services: AppServices, values: FormData, errors: [FieldError], editing: Person?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let institutions = try await DirectoryViews.institutionOptions(services, viewer: env.viewer)
        let rowCount = values.values("position_institution").count + blankPositionRows
        func value(_ name: String, _ index: Int) -> String {
            let all = values.values(name)
            return index < all.count ? all[index] : ""
        }
        let action: SiteRoute = editing.map { .editPerson($0.id) } ?? .people
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let positionErrors = Forms.errors(for: "positions", in: errors)
        func describe(_ errors: [FieldError]) -> String {
            errors.map { error in error.field + ": " + t("error." + error.code) }.joined(separator: " ")
        }
        let html = Layout.page(
            t(editing == nil ? "form.new_person" : "form.edit_person"), env: env, notice: notice,
            .form(
                .action(action.path), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                Forms.text("given_name", label: t("field.given_name"), value: values["given_name"], errors: errors, env: env, required: true),
                Forms.text("family_name", label: t("field.family_name"), value: values["family_name"], errors: errors, env: env, required: true),
                Forms.select("sex", label: t("field.sex"), options: Sex.allCases.map { ($0.rawValue, t("sex.\($0.rawValue)")) },
                             selected: values["sex"].isEmpty ? Sex.notRecorded.rawValue : values["sex"], errors: errors, env: env),
                Forms.text("languages", label: t("field.languages"), value: values["languages"], errors: errors, env: env),
                Forms.text("email", label: t("field.email"), value: values["email"], errors: errors, env: env, type: .email),
                Forms.text("phone", label: t("field.phone"), value: values["phone"], errors: errors, env: env),
                Forms.select("owner_institution_id", label: t("field.owner_institution_id"), options: [("", t("field.none"))] + institutions,
                             selected: values["owner_institution_id"], errors: errors, env: env),
                Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t),
                             selected: values["visibility"].isEmpty ? Visibility.public.rawValue : values["visibility"], errors: errors, env: env),
                .fieldset(
                    .element(named: "legend", text: t("field.positions")),
                    .if(!positionErrors.isEmpty, .p(.class("field-error"), .text(describe(positionErrors)))),
                    .table(
                        .thead(.tr(.th(.text(t("field.institution"))), .th(.text(t("field.position_title"))), .th(.text(t("field.since"))), .th(.text(t("field.until"))))),
                        .tbody(.forEach(0..<rowCount) { index in
                            .tr(
                                .td(.select(
                                    .attribute(named: "name", value: "position_institution"),
                                    .attribute(named: "aria-label", value: "\(t("field.institution")) \(index + 1)"),
                                    Forms.option("", t("field.none"), selected: value("position_institution", index).isEmpty),
                                    .forEach(institutions) { Forms.option($0.value, $0.label, selected: $0.value == value("position_institution", index)) })),
                                .td(.input(.type(.text), .name("position_title"), .value(value("position_title", index)),
                                           .attribute(named: "aria-label", value: "\(t("field.position_title")) \(index + 1)"))),
                                .td(.input(.type(.text), .name("position_since"), .value(value("position_since", index)), .placeholder("YYYY-MM-DD"),
                                           .attribute(named: "aria-label", value: "\(t("field.since")) \(index + 1)"))),
                                .td(.input(.type(.text), .name("position_until"), .value(value("position_until", index)), .placeholder("YYYY-MM-DD"),
                                           .attribute(named: "aria-label", value: "\(t("field.until")) \(index + 1)")))
                            )
                        })
                    )
                ),
                .if(conflict, .unwrap(editing) { saved in
                    .div(.class("notice"), .h2(.text(t("form.saved_now"))),
                         .p(.text("\(saved.fields.displayName) · \(t("sex.\(saved.fields.sex.rawValue)")) · \(saved.fields.languages.joined(separator: ", ")) · \(saved.fields.email) · \(saved.fields.phone)")),
                         .ul(.forEach(saved.fields.positions) { .li(.text("\($0.title) (\($0.institutionId)) \($0.since?.description ?? "")–\($0.until?.description ?? "")")) }))
                }),
                .div(.class("actions"),
                     .button(.type(.submit), .text(t(editing == nil ? "action.create" : "action.save"))),
                     .a(.href(editing.map { SiteRoute.person($0.id).path } ?? SiteRoute.people.path), .text(t("action.cancel"))))
            )
        )
        return HTMLPage(status: conflict ? .conflict : (errors.isEmpty ? .ok : .unprocessableContent), html: html)
    }
}
