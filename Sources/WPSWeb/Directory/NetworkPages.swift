import Foundation
import Hummingbird
import WPSCore

/// HTML pages for networks and boards: list, detail with members and history, create, edit,
/// delete, restore, add and remove members.
enum NetworkPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.networks)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.network)) { request, context in
            try await show(request, PageEnvironment(context: context, request: request), services, memberErrors: [])
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newNetwork)) { request, context in
            try await form(env: PageEnvironment(context: context, request: request), services: services, values: [:], errors: [], editing: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.networks)) { request, context in try await save(request, context, services, id: nil) }
        signedIn.get(RouterPath(SiteRoute.Template.editNetwork)) { request, context in
            let id = try pathID(context)
            guard let network = try await services.directory.network(id: id, viewer: context.viewer), !network.deleted else {
                throw APIProblem.notFound
            }
            guard context.viewer.canEdit(network) else { throw StoreError.forbidden }
            return try await form(
                env: PageEnvironment(context: context, request: request), services: services, values: values(network.fields),
                errors: [], editing: network)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editNetwork)) { request, context in
            try await save(request, context, services, id: try pathID(context))
        }
        let directory = services.directory
        RecordPages.registerDeleteAndRestore(
            on: signedIn, delete: SiteRoute.Template.deleteNetwork, restore: SiteRoute.Template.restoreNetwork, page: SiteRoute.network,
            deleteRecord: { try await directory.deleteNetwork(id: $0, version: $1, viewer: $2, by: $3) },
            restoreRecord: { _ = try await directory.restoreNetwork(id: $0, viewer: $1, by: $2) })
        signedIn.post(RouterPath(SiteRoute.Template.networkMembers)) { request, context in
            let id = try pathID(context)
            var errors: [FieldError] = []
            let form = context.form
            let role = DirectoryViews.choice(form, "role", MemberRole.self, errors: &errors)
            let since = DirectoryViews.day(form["since"], field: "since", errors: &errors)
            let until = DirectoryViews.day(form["until"], field: "until", errors: &errors)
            let parts = form["member"].split(separator: ":").map(String.init)
            var member: MemberRef?
            if parts.count == 2, let number = Int(parts[1]) {
                member = parts[0] == "i" ? .institution(number) : parts[0] == "p" ? .person(number) : nil
            }
            if member == nil { errors.append(FieldError(field: "member", code: "required")) }
            if errors.isEmpty, let member, let role {
                do {
                    _ = try await services.directory.addMember(
                        networkId: id, NewMembership(member: member, role: role, since: since, until: until), viewer: context.viewer,
                        by: context.actor)
                    return Response.seeOther(.network(id))
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            return try await show(request, PageEnvironment(context: context, request: request), services, memberErrors: errors)
                .response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.removeMember)) { _, context in
            let id = try pathID(context)
            let member = try pathID(context, "member")
            try await services.directory.removeMember(networkId: id, memberId: member, viewer: context.viewer, by: context.actor)
            return Response.seeOther(.network(id))
        }
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let list = try await RecordPages.listRequest(request, context, services)
        let (env, t, query, countries) = (list.env, list.env.catalog, list.query, list.countries)
        let page = try await services.directory.networks(query, viewer: context.viewer)
        let filters = list.filters([("kind", query.kind)])
        let table = PageTable<Network>(columns: [
            .link(t("field.name"), href: { SiteRoute.network($0.id).path }, { $0.fields.name }),
            .text(t("field.name_en")) { $0.fields.nameEn },
            .text(t("field.kind")) { t("network_kind.\($0.fields.kind.rawValue)") },
            .text(t("field.country")) { $0.fields.country ?? t("field.regional") },
        ])
        if let format = try PageExport.format(request) {
            // Every network the filters find, not the page on screen
            let all = try await PageExport.all(query) { try await services.directory.networks($0, viewer: context.viewer) }
            return try await PageExport.file(table.cells(all), name: "networks", sheet: t("nav.networks"), format: format)
        }
        let html = Layout.page(
            t("nav.networks"), env: env,
            .if(context.viewer.canCreateAnything, .p(.a(.class("button"), .href(SiteRoute.newNetwork.path), .text(t("list.new"))))),
            DirectoryViews.filters(action: .networks, env: env, query: query, selects: [
                DirectoryViews.filterSelect("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t), selected: query.country, env: env),
                DirectoryViews.filterSelect("kind", label: t("field.kind"), options: NetworkKind.allCases.map { ($0.rawValue, t("network_kind.\($0.rawValue)")) }, selected: query.kind, env: env),
            ]),
            page.items.isEmpty ? .p(.text(t("list.none_found"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .networks, query: filters, env: env),
            .if(!page.items.isEmpty, PageExport.links(.networks, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func show(_ request: Request, _ env: PageEnvironment, _ services: AppServices, memberErrors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        guard let id = Int(request.uri.path.split(separator: "/").dropFirst().first.map(String.init) ?? ""),
            let network = try await services.directory.network(id: id, viewer: viewer)
        else { throw APIProblem.notFound }
        let f = network.fields
        let members = try await services.directory.members(networkId: id, viewer: viewer)
        let history = try await services.directory.history(entity: .network, id: id, viewer: viewer)
        let owner = try await services.directory.institutionNames(ids: f.ownerInstitutionId.map { [$0] } ?? [], viewer: viewer)
        let parent = try await f.parentNetworkId.asyncMap { try await services.directory.network(id: $0, viewer: viewer) } ?? nil
        let canEdit = viewer.canEdit(network) && !network.deleted
        let html = Layout.page(
            f.name, env: env,
            notice: network.deleted ? Notice(kind: .warn, text: t("detail.deleted"))
                : (memberErrors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors"))),
            .if(!f.description.isEmpty, .p(.text(f.description))),
            DirectoryViews.record([
                (t("field.name_en"), .text(f.nameEn)),
                (t("field.kind"), .text(t("network_kind.\(f.kind.rawValue)"))),
                (t("field.country"), .text(f.country ?? t("field.regional"))),
                (t("field.parent_network_id"), parent.map { .a(.href(SiteRoute.network($0.id).path), .text($0.fields.name)) } ?? .text(t("field.none"))),
                (t("field.owner_institution_id"), f.ownerInstitutionId.flatMap { id in owner[id].map { .a(.href(SiteRoute.institution(id).path), .text($0)) } } ?? .text(t("field.none"))),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
                (t("detail.version"), .text(String(network.version))),
            ]),
            RecordPages.actions(
                network, canEdit: viewer.canEdit(network), edit: .editNetwork(id), delete: .deleteNetwork(id), restore: .restoreNetwork(id),
                env: env),
            .h2(.text(t("detail.members"))),
            members.isEmpty ? .p(.class("muted"), .text(t("detail.no_members"))) : .table(
                .thead(.tr(.th(.text(t("field.member"))), .th(.text(t("field.role"))), .th(.text(t("field.since"))), .th(.text(t("field.until"))),
                           .if(canEdit, .th(.text(t("action.remove")))))),
                .tbody(.forEach(members) { member in
                    .tr(
                        .td(memberLink(member)),
                        .td(.text(t("role.\(member.role.rawValue)"))),
                        .td(.text(member.since?.description ?? "")),
                        .td(.text(member.until?.description ?? "")),
                        .if(canEdit, .td(Forms.button(.removeMember(network: id, member: member.id), label: t("action.remove"), env: env)))
                    )
                })
            ),
            canEdit ? try await addMemberForm(network: id, env: env, services: services, errors: memberErrors) : .empty,
            .h2(.text(t("detail.history"))),
            DirectoryViews.history(history, env: env)
        )
        return HTMLPage(status: memberErrors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func memberLink(_ member: NetworkMember) -> Node {
        switch member.member {
        case .institution(let id): .a(.href(SiteRoute.institution(id).path), .text(member.memberName))
        case .person(let id): .a(.href(SiteRoute.person(id).path), .text(member.memberName))
        }
    }

    static func addMemberForm(network: Int, env: PageEnvironment, services: AppServices, errors: [FieldError]) async throws -> Node {
        let t = env.catalog
        let institutions = try await DirectoryViews.institutionOptions(services, viewer: env.viewer).map { ("i:\($0.value)", $0.label) }
        let people = try await services.directory.people(DirectoryQuery(page: PageRequest(perPage: PageRequest.maximumPerPage)), viewer: env.viewer)
            .items.map { ("p:\($0.id)", $0.fields.displayName) }
        // Errors about the chosen institution or person belong to the member field.
        let shown = errors.map { ["institution_id", "person_id"].contains($0.field) ? FieldError(field: "member", code: $0.code, value: $0.value) : $0 }
        return .group(
            .h2(.text(t("action.add_member"))),
            .form(
                .action(SiteRoute.networkMembers(network).path), .method(.post),
                Forms.csrf(env),
                Forms.select("member", label: t("field.member"), options: [("", t("field.none"))] + institutions + people, selected: "", errors: shown, env: env),
                Forms.select("role", label: t("field.role"), options: MemberRole.allCases.map { ($0.rawValue, t("role.\($0.rawValue)")) },
                             selected: MemberRole.member.rawValue, errors: shown, env: env),
                Forms.text("since", label: t("field.since"), value: "", errors: shown, env: env, hint: "YYYY-MM-DD"),
                Forms.text("until", label: t("field.until"), value: "", errors: shown, env: env, hint: "YYYY-MM-DD"),
                .button(.type(.submit), .text(t("action.add_member")))
            )
        )
    }

    static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices, id: Int?) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        var current: Network?
        if let id {
            guard let network = try await services.directory.network(id: id, viewer: context.viewer), !network.deleted else {
                throw APIProblem.notFound
            }
            current = network
        }
        var errors: [FieldError] = []
        let form = context.form
        let kind = DirectoryViews.choice(form, "kind", NetworkKind.self, errors: &errors)
        let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors)
        let parent = DirectoryViews.number(form, "parent_network_id", errors: &errors)
        let owner = DirectoryViews.number(form, "owner_institution_id", errors: &errors)
        let version = Int(form["version"]) ?? current?.version ?? 1
        let formValues = Dictionary(uniqueKeysWithValues: ["name", "name_en", "kind", "country", "parent_network_id", "owner_institution_id", "description", "visibility"].map { ($0, form[$0]) })
        if errors.isEmpty, let kind, let visibility {
            let fields = NetworkFields(
                name: form["name"], nameEn: form["name_en"], kind: kind, country: form["country"].isEmpty ? nil : form["country"],
                parentNetworkId: parent, ownerInstitutionId: owner, description: form["description"], visibility: visibility)
            do {
                if let id {
                    _ = try await services.directory.updateNetwork(id: id, version: version, fields: fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.network(id))
                }
                let created = try await services.directory.createNetwork(fields, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.network(created.id))
            } catch StoreError.invalid(let found) {
                errors = found
            } catch StoreError.versionConflict {
                return try await Self.form(env: env, services: services, values: formValues, errors: [], editing: current, conflict: true)
                    .response(from: request, context: context)
            }
        }
        var editing = current
        editing?.version = version
        return try await Self.form(env: env, services: services, values: formValues, errors: errors, editing: editing)
            .response(from: request, context: context)
    }

    static func values(_ fields: NetworkFields) -> [String: String] {
        [
            "name": fields.name, "name_en": fields.nameEn, "kind": fields.kind.rawValue, "country": fields.country ?? "",
            "parent_network_id": fields.parentNetworkId.map(String.init) ?? "",
            "owner_institution_id": fields.ownerInstitutionId.map(String.init) ?? "", "description": fields.description,
            "visibility": fields.visibility.rawValue,
        ]
    }

    static func form(
        env: PageEnvironment, services: AppServices, values: [String: String], errors: [FieldError], editing: Network?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let countries = try await services.directory.countries()
        let institutions = try await DirectoryViews.institutionOptions(services, viewer: env.viewer)
        let networks = try await services.directory.networks(DirectoryQuery(page: PageRequest(perPage: PageRequest.maximumPerPage)), viewer: env.viewer)
            .items.filter { $0.id != editing?.id }.map { (String($0.id), $0.fields.name) }
        let action: SiteRoute = editing.map { .editNetwork($0.id) } ?? .networks
        let notice: Notice? = conflict ? DirectoryViews.conflictNotice(env) : (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")))
        let html = Layout.page(
            t(editing == nil ? "form.new_network" : "form.edit_network"), env: env, notice: notice,
            .form(
                .action(action.path), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                Forms.text("name", label: t("field.name"), value: values["name"] ?? "", errors: errors, env: env, required: true),
                Forms.text("name_en", label: t("field.name_en"), value: values["name_en"] ?? "", errors: errors, env: env),
                Forms.select("kind", label: t("field.kind"), options: NetworkKind.allCases.map { ($0.rawValue, t("network_kind.\($0.rawValue)")) },
                             selected: values["kind"] ?? NetworkKind.network.rawValue, errors: errors, env: env),
                Forms.select("country", label: t("field.country"), options: [("", t("field.regional"))] + DirectoryViews.countryOptions(countries, t),
                             selected: values["country"] ?? "", errors: errors, env: env),
                Forms.select("parent_network_id", label: t("field.parent_network_id"), options: [("", t("field.none"))] + networks,
                             selected: values["parent_network_id"] ?? "", errors: errors, env: env),
                Forms.select("owner_institution_id", label: t("field.owner_institution_id"), options: [("", t("field.none"))] + institutions,
                             selected: values["owner_institution_id"] ?? "", errors: errors, env: env),
                Forms.textarea("description", label: t("field.description"), value: values["description"] ?? "", errors: errors, env: env),
                Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t),
                             selected: values["visibility"] ?? Visibility.public.rawValue, errors: errors, env: env),
                .if(conflict, .unwrap(editing) { saved in
                    .element(named: "div", nodes: [
                        Node.class("notice"), .h2(.text(t("form.saved_now"))),
                        DirectoryViews.record(NetworkPages.values(saved.fields).sorted { $0.key < $1.key }.map { (t("field.\($0.key)"), .text($0.value)) }),
                    ])
                }),
                .div(.class("actions"),
                     .button(.type(.submit), .text(t(editing == nil ? "action.create" : "action.save"))),
                     .a(.href(editing.map { SiteRoute.network($0.id).path } ?? SiteRoute.networks.path), .text(t("action.cancel"))))
            )
        )
        return HTMLPage(status: conflict ? .conflict : (errors.isEmpty ? .ok : .unprocessableContent), html: html)
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
