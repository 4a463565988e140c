import Foundation
import Hummingbird
import WPSCore

/// Pieces shared by the directory's pages: filters, pager, history, choice lists.
enum DirectoryViews {
    /// The filter form of a list page (GET, so a filtered list can be bookmarked).
    static func filters(
        action: SiteRoute, env: PageEnvironment, query: DirectoryQuery, selects: [Node]
    ) -> Node {
        let t = env.catalog
        return .form(
            .class("filters"), .action(action.path), .method(.get),
            .attribute(named: "role", value: "search"),
            .div(
                .label(.for("q"), .text(t("list.search"))),
                .input(.type(.search), .name("q"), .id("q"), .value(query.text ?? ""))
            ),
            .group(selects),
            .if(env.user?.isPlatformAdmin == true, .div(
                .label(
                    .input(.type(.checkbox), .name("include_deleted"), .value("true"),
                           .attribute(named: "checked", value: query.includeDeleted ? "checked" : nil)),
                    .text(" " + t("list.include_deleted"))))),
            .div(.button(.type(.submit), .text(t("list.search_button"))))
        )
    }

    static func filterSelect(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?, env: PageEnvironment
    ) -> Node {
        .div(
            .label(.for(name), .text(label)),
            .select(
                .attribute(named: "name", value: name), .id(name),
                Forms.option("", env.catalog("list.any"), selected: (selected ?? "").isEmpty),
                .forEach(options) { Forms.option($0.value, $0.label, selected: $0.value == selected) }
            )
        )
    }

    static func pager<Item>(_ page: Page<Item>, route: SiteRoute, query: [(String, String)], env: PageEnvironment) -> Node {
        let t = env.catalog
        return .nav(
            .class("pager"), .attribute(named: "aria-label", value: t("list.page")),
            .p(.text("\(t.number(page.total)) \(t("list.results")) · \(t("list.page")) \(page.page) \(t("list.of")) \(page.pageCount)")),
            .if(page.page > 1, .a(.href(route.with(query: query + [("page", String(page.page - 1))])), .text(t("list.previous")))),
            .if(page.page < page.pageCount, .a(.href(route.with(query: query + [("page", String(page.page + 1))])), .text(t("list.next"))))
        )
    }

    /// The audit trail of a record, newest first.
    static func history(_ events: [AuditEvent], env: PageEnvironment) -> Node {
        let t = env.catalog
        guard !events.isEmpty else { return .p(.class("muted"), .text(t("detail.history_empty"))) }
        return .table(
            .thead(.tr(.th(.text(t("detail.when"))), .th(.text(t("detail.who"))), .th(.text(t("detail.what"))), .th(.text(t("detail.changed"))))),
            .tbody(.forEach(events.reversed()) { event in
                .tr(
                    .td(.time(.datetime(Timestamp.string(event.at)), .text(t.dateTime(event.at)))),
                    .td(.text(event.actorName)),
                    .td(.text(t("audit.\(event.action.rawValue)"))),
                    .td(.text(summary(event)))
                )
            })
        )
    }

    /// What changed, in a few words: the fields of an update, the member added or removed.
    static func summary(_ event: AuditEvent) -> String {
        switch event.action {
        case .update: return event.changedFields.joined(separator: ", ")
        case .memberAdded, .memberRemoved:
            let json = event.action == .memberAdded ? event.after : event.before
            guard let data = json?.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return "" }
            return [object["name"] as? String, object["role"] as? String].compactMap { $0 }.joined(separator: ", ")
        default: return ""
        }
    }

    /// A `<dl>` of label / value rows.
    static func record(_ rows: [(String, Node)]) -> Node {
        .dl(.class("record"), .forEach(rows) { row in .group(.dt(.text(row.0)), .dd(row.1)) })
    }

    static func visibilityOptions(_ t: Catalog) -> [(value: String, label: String)] {
        Visibility.allCases.map { ($0.rawValue, t("visibility.\($0.rawValue)")) }
    }

    static func kindOptions(_ t: Catalog) -> [(value: String, label: String)] {
        InstitutionKind.allCases.map { ($0.rawValue, t("kind.\($0.rawValue)")) }
    }

    static func countryOptions(_ countries: [Country], _ t: Catalog) -> [(value: String, label: String)] {
        countries.map { ($0.code, t.name($0)) }
    }

    /// Institutions the viewer may see, for choosing a parent, owner or member.
    static func institutionOptions(_ services: AppServices, viewer: Viewer) async throws -> [(value: String, label: String)] {
        var options: [(value: String, label: String)] = []
        var page = 1
        while true {
            let batch = try await services.directory.institutions(
                DirectoryQuery(page: PageRequest(page: page, perPage: PageRequest.maximumPerPage)), viewer: viewer)
            options += batch.items.map { (String($0.id), "\($0.fields.name) (\($0.fields.country))") }
            if page >= batch.pageCount || page >= 25 { break }
            page += 1
        }
        return options
    }

    /// Reads a whole-number form field; "" is nil, anything else not a number is an error.
    static func number(_ form: FormData, _ name: String, errors: inout [FieldError]) -> Int? {
        let text = form[name]
        guard !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            errors.append(FieldError(field: name, code: "invalid_number", value: text))
            return nil
        }
        return value
    }

    static func choice<E: RawRepresentable>(_ form: FormData, _ name: String, _ type: E.Type, errors: inout [FieldError]) -> E?
    where E.RawValue == String {
        let text = form[name]
        guard let value = E(rawValue: text) else {
            errors.append(FieldError(field: name, code: text.isEmpty ? "required" : "invalid_value", value: text))
            return nil
        }
        return value
    }

    static func day(_ text: String, field: String, errors: inout [FieldError]) -> Day? {
        guard !text.isEmpty else { return nil }
        guard let day = Day(text) else {
            errors.append(FieldError(field: field, code: "invalid_date", value: text))
            return nil
        }
        return day
    }

    /// The notice for a version conflict, with the values saved now.
    static func conflictNotice(_ env: PageEnvironment) -> Notice {
        Notice(kind: .warn, text: env.catalog("form.conflict"))
    }
}
