import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// The library in the browser: search with facets and highlighted snippets, an item's page with
/// its translations, links and files, the item form and the upload of files.
enum LibraryPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.library)) { request, context in try await list(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.libraryItem)) { request, context in try await show(request, context, services) }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.newLibraryItem)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var values = values(LibraryItemFields(kind: .policy, title: "", language: env.catalog.language.rawValue, ownerId: 0))
            values["translation_of"] = request.query.get("translation_of").flatMap { Int($0) }.map(String.init) ?? ""
            return try await form(env: env, services, values: values, errors: [], editing: nil).response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.newLibraryItem)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            let (fields, translationOf) = read(context.form, onto: LibraryItemFields(kind: .policy, title: "", language: "", ownerId: 0), errors: &errors)
            if errors.isEmpty {
                do {
                    let item = try await services.library.createItem(fields, translationOf: translationOf, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.libraryItem(item.id))
                } catch StoreError.invalid(let found) { errors = found } catch StoreError.forbidden {
                    errors = [FieldError(field: "owner_institution_id", code: "forbidden")]
                }
            }
            return try await form(env: env, services, values: values(context.form), errors: errors, editing: nil).response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.editLibraryItem)) { request, context in
            let item = try await editable(try pathID(context), context.viewer, services)
            var values = values(item.fields)
            values["translation_of"] = item.translationIds.first.map(String.init) ?? ""
            return try await form(env: PageEnvironment(context: context, request: request), services, values: values, errors: [], editing: item)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editLibraryItem)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let item = try await editable(try pathID(context), context.viewer, services)
            var errors: [FieldError] = []
            let (fields, translationOf) = read(context.form, onto: item.fields, errors: &errors)
            if errors.isEmpty {
                do {
                    _ = try await services.library.updateItem(
                        id: item.id, version: Int(context.form["version"]) ?? 0, fields: fields, translationOf: .some(translationOf),
                        viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.libraryItem(item.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.versionConflict {
                    let current = try await editable(item.id, context.viewer, services)
                    return try await form(env: env, services, values: values(context.form), errors: [], editing: current, conflict: true)
                        .response(from: request, context: context)
                }
            }
            return try await form(env: env, services, values: values(context.form), errors: errors, editing: item).response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.libraryAttachments)) { request, context in
            let id = try pathID(context)
            let item = try await editable(id, context.viewer, services)
            let back = SiteRoute.libraryItem(item.id).path
            func refused(_ code: String) -> Response { Response.redirect(to: "\(back)?file_error=\(code)#files", type: .normal) }
            guard let file = context.uploads["file"], file.size > 0 else { return refused("required") }
            do {
                _ = try await LibraryFiles.attach(file, toItem: id, viewer: context.viewer, by: context.actor, services: services)
            } catch StoreError.invalid(let errors) {
                return refused(errors.first?.code ?? "invalid_value")
            }
            return Response.redirect(to: back + "#files", type: .normal)
        }
    }

    static func editable(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> LibraryItem {
        guard let item = try await services.library.item(id: id, viewer: viewer), !item.deleted else { throw APIProblem.notFound }
        guard viewer.canEdit(owner: item.fields.ownerId) else { throw APIProblem.notFound }
        return item
    }

    static func kindOptions(_ t: Catalog) -> [(value: String, label: String)] {
        LibraryKind.allCases.map { ($0.rawValue, t("library_kind.\($0.rawValue)")) }
    }

    static func languageName(_ code: String, _ t: Catalog) -> String {
        let key = "language.\(code)"
        let name = t(key)
        return name == key ? code : name
    }

    /// Countries and topics by code, in the reader's language.
    static func labels(_ t: Catalog, _ services: AppServices) async throws -> (countries: [String: String], topics: [String: String]) {
        let countries = try await services.directory.countries()
        let areas = try await services.expertise.areas()
        return (t.countryNames(countries),
                Dictionary(areas.map { ($0.code, $0.label(t.language.rawValue)) }) { first, _ in first })
    }

    // MARK: The list

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let query = try LibraryRoute.query(request)
        let results = try await services.library.search(query, viewer: context.viewer)
        let (countryNames, areaNames) = try await labels(t, services)
        let current: [(String, String)] = [
            ("q", query.text), ("kind", query.kind?.rawValue ?? ""), ("country", query.country ?? ""), ("language", query.language ?? ""),
            ("topic", query.topic ?? ""), ("year", query.year.map(String.init) ?? ""),
        ]
        func label(_ facet: String, _ value: String) -> String {
            switch facet {
            case "kind": t("library_kind.\(value)")
            case "country": countryNames[value] ?? value
            case "language": languageName(value, t)
            case "topic": areaNames[value] ?? value
            default: value
            }
        }
        func facetList(_ name: String) -> Node {
            let values = results.facets[name] ?? []
            let chosen = current.first { $0.0 == name }?.1 ?? ""
            return .if(!values.isEmpty || !chosen.isEmpty, .div(
                .class("facet"),
                .h2(.text(t("library.facet.\(name)"))),
                .ul(
                    .if(!chosen.isEmpty, .li(.a(.href(SiteRoute.library.with(query: current.filter { $0.0 != name })), .text("× " + label(name, chosen))))),
                    .forEach(values.prefix(15).filter { $0.value != chosen }) { facet in
                        .li(.a(.href(SiteRoute.library.with(query: current.filter { $0.0 != name } + [(name, facet.value)])), .text(label(name, facet.value))),
                            .span(.class("muted"), .text(" (\(facet.count))")))
                    })))
        }
        let html = Layout.page(
            t("library.title"), env: env,
            .p(.text(t("library.intro"))),
            .if(env.user != nil, .p(.a(.href(SiteRoute.newLibraryItem.path), .text(t("library.new"))), .text(" · "),
                                    .a(.href(SiteRoute.policyReviews.path), .text(t("nav.reviews"))))),
            .form(
                .class("filters"), .action(SiteRoute.library.path), .method(.get), .attribute(named: "role", value: "search"),
                .div(.label(.for("q"), .text(t("library.search_label"))),
                     .input(.type(.search), .name("q"), .id("q"), .value(query.text), .attribute(named: "size", value: "40"))),
                .forEach(current.filter { $0.0 != "q" && !$0.1.isEmpty }) { Forms.hidden($0.0, $0.1) },
                .div(.button(.type(.submit), .text(t("list.search_button"))))),
            .p(.class("muted"), .text(t("library.found").replacingOccurrences(of: "{n}", with: String(results.page.total)))),
            .div(
                .class("library"),
                .div(.class("facets"), .forEach(LibraryResults.facetNames) { facetList($0) }),
                results.page.items.isEmpty ? .p(.text(t("list.none_found"))) : .ol(.class("results"), .forEach(results.page.items) { hit in
                    let f = hit.item.fields
                    return .li(
                        .a(.href(SiteRoute.libraryItem(hit.item.id).path), .attribute(named: "lang", value: f.language), .text(f.title)),
                        .div(.class("muted"), .text([t("library_kind.\(f.kind.rawValue)"), languageName(f.language, t), f.country.map { countryNames[$0] ?? $0 } ?? "",
                                                      f.publishedOn?.description ?? ""].filter { !$0.isEmpty }.joined(separator: " · "))),
                        .if(!hit.snippet.isEmpty, .p(.class("snippet"), .attribute(named: "lang", value: f.language), .forEach(hit.snippet) { piece in
                            piece.marked ? .element(named: "mark", nodes: [.text(piece.text)]) : .text(piece.text)
                        })))
                })),
            DirectoryViews.pager(results.page, route: .library, query: current, env: env)
        )
        return HTMLPage(html: html)
    }

    // MARK: An item

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let viewer = context.viewer
        guard let item = try await services.library.item(id: try pathID(context), viewer: viewer), !item.deleted else { throw APIProblem.notFound }
        let f = item.fields
        var translations: [LibraryItem] = []
        for id in item.translationIds {
            if let other = try await services.library.item(id: id, viewer: viewer), !other.deleted { translations.append(other) }
        }
        let names = try await services.directory.institutionNames(ids: [f.ownerId] + f.institutionIds, viewer: viewer)
        let (countryNames, areaNames) = try await labels(t, services)
        var plans: [(String, String)] = []
        for id in f.planIds { if let plan = try await services.plans.plan(id: id, viewer: viewer) { plans.append((SiteRoute.plan(id).path, plan.fields.title)) } }
        for id in f.measureIds {
            guard let node = try await services.plans.node(id: id, viewer: viewer) else { continue }
            plans.append((SiteRoute.plan(node.planId).path + "#node-\(node.id)", "\(node.fields.code) \(node.fields.title)"))
        }
        var activities: [(String, String)] = []
        for id in f.activityIds {
            if let activity = try await services.activities.activity(id: id, viewer: viewer), !activity.deleted {
                activities.append((SiteRoute.activity(id).path, activity.fields.title))
            }
        }
        for id in f.projectIds {
            if let project = try await services.projects.project(id: id, viewer: viewer), !project.deleted {
                activities.append((SiteRoute.project(id).path, project.fields.title))
            }
        }
        let canEdit = viewer.canEdit(owner: f.ownerId)
        func links(_ list: [(String, String)]) -> Node {
            list.isEmpty ? .text("—") : .ul(.forEach(list) { .li(.a(.href($0.0), .text($0.1))) })
        }
        let unsearched = item.attachments.filter { !$0.searchable }
        let html = Layout.page(
            f.title, env: env,
            .if(!translations.isEmpty, .p(
                .text(t("library.also_in") + " "),
                .forEach(Array(translations.enumerated())) { index, other in
                    .group(.if(index > 0, .text(" · ")),
                           .a(.href(SiteRoute.libraryItem(other.id).path), .attribute(named: "hreflang", value: other.fields.language),
                              .text("\(languageName(other.fields.language, t)): \(other.fields.title)")))
                })),
            .if(!f.summary.isEmpty, .p(.class("lead"), .attribute(named: "lang", value: f.language), .text(f.summary))),
            DirectoryViews.record([
                (t("library.kind"), .text(t("library_kind.\(f.kind.rawValue)"))),
                (t("library.language"), .text(languageName(f.language, t))),
                (t("field.country"), .text(f.country.map { countryNames[$0] ?? $0 } ?? t("library.regional"))),
                (t("library.published_on"), .text(f.publishedOn?.description ?? "—")),
                (t("library.owner"), .a(.href(SiteRoute.institution(f.ownerId).path), .text(names[f.ownerId] ?? "—"))),
                (t("library.institutions"), f.institutionIds.isEmpty ? .text("—") : .ul(.forEach(f.institutionIds) { id in
                    .li(.a(.href(SiteRoute.institution(id).path), .text(names[id] ?? "—")))
                })),
                (t("library.topics"), .text(f.topics.isEmpty ? "—" : f.topics.map { areaNames[$0] ?? $0 }.joined(separator: ", "))),
                (t("library.plans"), links(plans)),
                (t("library.activities"), links(activities)),
                (t("field.visibility"), .text(t("visibility.\(f.visibility.rawValue)"))),
            ]),
            .p(.a(.href("/api/v1/library/\(item.id)"), .text("JSON")),
               .if(canEdit, .group(.text(" · "), .a(.href(SiteRoute.editLibraryItem(item.id).path), .text(t("library.edit"))), .text(" · "),
                                   .a(.href(SiteRoute.newLibraryItem.with(query: [("translation_of", String(item.id))])), .text(t("library.add_translation")))))),
            .div(.attribute(named: "lang", value: f.language), ActivityPages.paragraphs(f.body)),
            .section(
                .id("files"),
                .h2(.text(t("attachment.title"))),
                AttachmentPages.list(item.attachments.map(\.attachment), canChange: canEdit, env: env),
                .if(!unsearched.isEmpty, .p(.class("muted"), .text(
                    (DocumentText.pdftotext == nil ? t("library.pdf_not_searched") + " " : "") + t("library.not_searched")
                        .replacingOccurrences(of: "{files}", with: unsearched.map(\.attachment.fileName).joined(separator: ", "))))),
                .if(canEdit, AttachmentPages.form(action: SiteRoute.libraryAttachments(item.id).path, env: env, id: "library")))
        )
        return HTMLPage(html: html)
    }

    // MARK: The form

    /// The lists of ids the form takes as numbers separated by commas, and the fields they fill.
    static var idLists: [(name: String, path: WritableKeyPath<LibraryItemFields, [Int]>)] {
        [("institution_ids", \.institutionIds), ("plan_ids", \.planIds), ("measure_ids", \.measureIds), ("activity_ids", \.activityIds),
         ("project_ids", \.projectIds)]
    }

    static var textFields: [String] {
        ["kind", "title", "summary", "body", "language", "country", "owner_institution_id", "published_on", "visibility", "translation_of"]
            + idLists.map(\.name)
    }

    static func values(_ f: LibraryItemFields) -> [String: String] {
        [
            "kind": f.kind.rawValue, "title": f.title, "summary": f.summary, "body": f.body, "language": f.language, "country": f.country ?? "",
            "owner_institution_id": f.ownerId == 0 ? "" : String(f.ownerId), "published_on": f.publishedOn?.description ?? "",
            "visibility": f.visibility.rawValue, "topics": f.topics.joined(separator: ","),
        ].merging(idLists.map { ($0.name, f[keyPath: $0.path].map(String.init).joined(separator: ", ")) }) { first, _ in first }
    }

    static func values(_ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for name in textFields { values[name] = form[name] }
        values["topics"] = form.values("topics").joined(separator: ",")
        return values
    }

    static func read(_ form: FormData, onto base: LibraryItemFields, errors: inout [FieldError]) -> (LibraryItemFields, Int?) {
        var fields = base
        if let kind = DirectoryViews.choice(form, "kind", LibraryKind.self, errors: &errors) { fields.kind = kind }
        fields.title = form["title"]
        fields.summary = form["summary"]
        fields.body = form["body"]
        fields.language = form["language"].trimmingCharacters(in: .whitespaces)
        fields.country = form["country"].isEmpty ? nil : form["country"]
        if let owner = DirectoryViews.number(form, "owner_institution_id", errors: &errors) { fields.ownerId = owner } else if form["owner_institution_id"].isEmpty {
            errors.append(FieldError(field: "owner_institution_id", code: "required"))
        }
        for (name, path) in idLists {
            fields[keyPath: path] = []
            for (index, text) in form[name].split(whereSeparator: { $0 == "," || $0 == " " }).enumerated() {
                guard let id = Int(text), JSONInput.idRange.contains(id) else {
                    errors.append(FieldError(field: "\(name)[\(index)]", code: "invalid_number", value: String(text.prefix(20))))
                    continue
                }
                fields[keyPath: path].append(id)
            }
        }
        fields.topics = form.values("topics")
        fields.publishedOn = DirectoryViews.day(form["published_on"], field: "published_on", errors: &errors)
        if let visibility = DirectoryViews.choice(form, "visibility", Visibility.self, errors: &errors) { fields.visibility = visibility }
        var translationOf: Int?
        if let id = DirectoryViews.number(form, "translation_of", errors: &errors) {
            if JSONInput.idRange.contains(id) { translationOf = id } else {
                errors.append(FieldError(field: "translation_of", code: "out_of_range", value: String(id)))
            }
        }
        return (fields, translationOf)
    }

    static func form(
        env: PageEnvironment, _ services: AppServices, values: [String: String], errors: [FieldError], editing: LibraryItem?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let areas = try await services.expertise.areas()
        let chosen = Set((values["topics"] ?? "").split(separator: ",").map(String.init))
        let owners = try await DirectoryViews.institutionOptions(services, viewer: viewer).filter { Int($0.value).map(viewer.canEdit(owner:)) == true }
        let countries = try await services.directory.countries()
        let action = editing.map { SiteRoute.editLibraryItem($0.id) } ?? .newLibraryItem
        let html = Layout.page(
            editing == nil ? t("library.new") : t("library.edit") + ": " + (editing?.fields.title ?? ""), env: env,
            notice: conflict ? DirectoryViews.conflictNotice(env) : errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .form(
                .action(action.path), .method(.post),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                Forms.select("kind", label: t("library.kind"), options: kindOptions(t), selected: values["kind"] ?? "", errors: errors, env: env),
                Forms.text("title", label: t("field.title"), value: values["title"] ?? "", errors: errors, env: env, required: true),
                Forms.textarea("summary", label: t("library.summary"), value: values["summary"] ?? "", errors: errors, env: env),
                Forms.textarea("body", label: t("library.body"), value: values["body"] ?? "", errors: errors, env: env, hint: t("library.body_hint")),
                Forms.text("language", label: t("library.language"), value: values["language"] ?? "", errors: errors, env: env, required: true,
                           hint: t("library.language_hint")),
                Forms.select("country", label: t("field.country"), options: [("", t("library.regional"))] + DirectoryViews.countryOptions(countries, t),
                             selected: values["country"] ?? "", errors: errors, env: env),
                Forms.select("owner_institution_id", label: t("library.owner"), options: [("", "—")] + owners, selected: values["owner_institution_id"] ?? "",
                             errors: errors, env: env),
                Forms.text("institution_ids", label: t("library.institutions"), value: values["institution_ids"] ?? "", errors: errors, env: env,
                           hint: t("library.ids_hint")),
                .fieldset(
                    .legend(.text(t("library.links"))),
                    .p(.class("muted"), .text(t("library.links_hint"))),
                    .forEach([("plan_ids", "library.plan_ids"), ("measure_ids", "library.measure_ids"), ("activity_ids", "library.activity_ids"),
                              ("project_ids", "library.project_ids")]) { name, label in
                        Forms.text(name, label: t(label), value: values[name] ?? "", errors: errors, env: env)
                    }),
                .fieldset(
                    .legend(.text(t("library.topics"))),
                    .forEach(areas) { area in
                        .div(.class("check"), .label(
                            .input(.type(.checkbox), .name("topics"), .value(area.code),
                                   .attribute(named: "checked", value: chosen.contains(area.code) ? "checked" : nil)),
                            .text(" " + area.label(t.language.rawValue))))
                    },
                    Forms.errorNode("topics", Forms.errors(for: "topics", in: errors), env)),
                Forms.text("published_on", label: t("library.published_on"), value: values["published_on"] ?? "", errors: errors, env: env, type: .date),
                Forms.select("visibility", label: t("field.visibility"), options: DirectoryViews.visibilityOptions(t), selected: values["visibility"] ?? "public",
                             errors: errors, env: env),
                Forms.text("translation_of", label: t("library.translation_of"), value: values["translation_of"] ?? "", errors: errors, env: env,
                           hint: t("library.translation_of_hint")),
                .button(.type(.submit), .text(t("action.save"))))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}
