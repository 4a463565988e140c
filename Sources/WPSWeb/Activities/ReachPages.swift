import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The participants reached (`/reach`): by kind of activity, country, year and kind of
/// institution, split by sex, as a table, a chart and CSV/xlsx downloads. These are counts of
/// participants, not personnel data: no disclosure control, and no name ever appears.
enum ReachPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.reach)) { request, context in try await page(request, context, services) }
        router.get(RouterPath(SiteRoute.Template.reachCSV)) { request, context in try await download(request, context, services, xlsx: false) }
        router.get(RouterPath(SiteRoute.Template.reachXLSX)) { request, context in try await download(request, context, services, xlsx: true) }
    }

    static let groupings: [ReachDimension] = [.kind, .country, .year, .institutionKind]

    /// The grouping (`by`) and year the address asks for; the first grouping by default.
    static func request(_ request: Request) throws -> (by: ReachDimension, year: Int?) {
        var errors: [FieldError] = []
        var by = ReachDimension.kind
        if let text = request.query.get("by"), !text.isEmpty {
            if let value = ReachDimension(rawValue: text), groupings.contains(value) { by = value } else {
                errors.append(FieldError(field: "by", code: "invalid_value", value: String(text.prefix(40))))
            }
        }
        let year = request.integer("year", in: PlanFields.years, errors: &errors)
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        return (by, year)
    }

    static func label(_ value: String, by: ReachDimension, t: Catalog, countries: [String: String]) -> String {
        switch by {
        case .kind: t("activity_kind.\(value)")
        case .country: value.isEmpty ? t("activities.online") : countries[value] ?? value
        case .institutionKind: value.isEmpty ? t("reach.kind_unknown") : t("kind.\(value)")
        case .year, .sex: value
        }
    }

    static func rows(_ request: Request, _ context: WPSRequestContext, _ services: AppServices)
        async throws -> (by: ReachDimension, year: Int?, rows: [(label: String, counts: SexCounts, activities: Int)])
    {
        let (by, year) = try Self.request(request)
        let t = context.catalog
        let countries = t.countryNames(try await services.directory.countries())
        let rows = try await services.activities.reach(by: [by, .sex], year: year, viewer: context.viewer).map { row in
            (label(row.keys[by] ?? "", by: by, t: t, countries: countries), row.counts, row.activities)
        }
        return (by, year, rows)
    }

    static func page(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let (by, year, rows) = try await Self.rows(request, context, services)
        let total = rows.map(\.counts).reduce(SexCounts(), +)
        let query = [("by", by.rawValue), ("year", year.map(String.init) ?? "")]
        let html = Layout.page(
            t("reach.title"), env: env,
            .p(.text(t("reach.intro"))),
            .form(
                .class("filters"), .action(SiteRoute.reach.path), .method(.get),
                .div(.label(.for("by"), .text(t("reach.by"))),
                     .select(.attribute(named: "name", value: "by"), .id("by"),
                             .forEach(groupings) { Forms.option($0.rawValue, t("reach.by_\($0.rawValue)"), selected: $0 == by) })),
                .div(.label(.for("year"), .text(t("activities.year"))),
                     .input(.type(.number), .name("year"), .id("year"), .value(year.map(String.init) ?? ""),
                            .attribute(named: "min", value: "1990"), .attribute(named: "max", value: "2100"))),
                .div(.button(.type(.submit), .text(t("list.search_button"))))),
            rows.isEmpty ? .p(.text(t("list.none_found"))) : .group(
                .chart(Chart.reach(
                    rows.map { ($0.label, $0.counts) }, title: "\(t("reach.title")): \(t("reach.by_\(by.rawValue)"))",
                    description: "\(t("activities.total")) \(total.total): \(ActivityPages.bySex(total, t))",
                    legend: [t("sex.female"), t("sex.male"), t("reach.other_unknown")])),
                .div(.class("scroll"), .table(
                    .class("figures"),
                    .thead(.tr(
                        .th(.attribute(named: "scope", value: "col"), .text(t("reach.by_\(by.rawValue)"))),
                        .forEach(ReportValue.partNames) { .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("sex.\($0)"))) },
                        .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("activities.total"))),
                        .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("reach.share_women"))),
                        .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("nav.activities"))))),
                    .tbody(.forEach(rows) { row in
                        .tr(.th(.attribute(named: "scope", value: "row"), .text(row.label)),
                            .forEach([row.counts.female, row.counts.male, row.counts.other, row.counts.unknown]) { .td(.class("number"), .text(String($0))) },
                            .td(.class("number"), .text(t.number(row.counts.total))), .td(.class("number"), .text(share(row.counts, t))),
                            .td(.class("number"), .text(String(row.activities))))
                    }),
                    .tbody(.tr(.th(.attribute(named: "scope", value: "row"), .text(t("activities.total"))),
                               .forEach([total.female, total.male, total.other, total.unknown]) { .td(.class("number"), .text(String($0))) },
                               .td(.class("number"), .strong(.text(t.number(total.total)))), .td(.class("number"), .text(share(total, t))), .td(.text("")))))),
                .p(.a(.class("button"), .href(SiteRoute.reachCSV.with(query: query)), .text(t("download.csv"))), .text(" "),
                   .a(.class("button"), .href(SiteRoute.reachXLSX.with(query: query)), .text(t("download.xlsx")))))
        )
        return HTMLPage(html: html)
    }

    /// The share of women among those whose sex is known, to one decimal.
    static func share(_ counts: SexCounts, _ t: Catalog) -> String {
        let known = counts.female + counts.male + counts.other
        guard known > 0 else { return "—" }
        return t.percent(Double(counts.female) * 100 / Double(known))
    }

    static func download(_ request: Request, _ context: WPSRequestContext, _ services: AppServices, xlsx: Bool) async throws -> Response {
        let t = context.catalog
        let (by, year, rows) = try await Self.rows(request, context, services)
        var cells: [[XLSXCell]] = [[.text(t("reach.by_\(by.rawValue)"))] + ReportValue.partNames.map { .text(t("sex.\($0)")) }
            + [.text(t("activities.total")), .text(t("nav.activities"))]]
        for row in rows {
            cells.append([.text(row.label)] + [row.counts.female, row.counts.male, row.counts.other, row.counts.unknown, row.counts.total, row.activities]
                .map { .number(Double($0)) })
        }
        let name = "reach-\(by.rawValue)" + (year.map { "-\($0)" } ?? "")
        if xlsx { return try await AnalysisExports.workbook([XLSXSheetContent(name: t("reach.title"), rows: cells)], name: name) }
        return AnalysisExports.attachment(TableExport.csv(cells), name: "\(name).csv", contentType: "text/csv; charset=utf-8")
    }
}
