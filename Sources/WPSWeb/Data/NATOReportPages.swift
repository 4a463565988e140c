import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The personnel tables of the national report to NATO's Committee on Gender Perspectives for a
/// country and year: a page that prints as the report's annex (`/reports/nato?country=BA&year=2024`),
/// one workbook (`/reports/nato.xlsx?…`) and JSON (`GET /api/v1/reports/nato?…`), all from the
/// same published tables as the dataset's page.
enum NATOReportPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.natoReport)) { request, context in
            try await page(request, context, services)
        }
        router.get(RouterPath(SiteRoute.Template.natoReportXLSX)) { request, context in
            try await workbook(request, context, services)
        }
    }

    /// `country` (two letters, required), `year` (optional: the latest with data) and
    /// `institution` (optional: else a defence institution's dataset when there is one).
    /// - Throws: ``StoreError/invalid(_:)`` naming what is wrong.
    static func query(_ request: Request) throws -> (country: String, year: Int?, institution: Int?) {
        var errors: [FieldError] = []
        let country = (request.query.get("country") ?? "").uppercased()
        if country.isEmpty {
            errors.append(FieldError(field: "country", code: "required"))
        } else if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) {
            errors.append(FieldError(field: "country", code: "invalid_value", value: String(country.prefix(20))))
        }
        let year = request.integer("year", in: yearRange, errors: &errors)
        let institution = request.integer("institution", in: JSONInput.idRange, errors: &errors)
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        return (country, year, institution)
    }

    static let yearRange = 1900...2100

    static func load(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> NATOReport? {
        let (country, year, institution) = try query(request)
        var defence = Set<Int>()
        for kind in [InstitutionKind.ministryOfDefence, .armedForces] {
            let found = try await services.directory.institutions(
                DirectoryQuery(country: country, kind: kind.rawValue, page: PageRequest(page: 1, perPage: PageRequest.maximumPerPage)), viewer: context.viewer)
            defence.formUnion(found.items.map(\.id))
        }
        return try await NATOReport.load(
            country: country, year: year, institution: institution, defence: defence, viewer: context.viewer, publication: services.publication)
    }

    static func rowTitle(_ table: NATOReport.Table, t: Catalog) -> String {
        switch table.rowDimension {
        case "total": t("table.total")
        case "movement": t("nato.movement")
        case "deployment": t("nato.deployment")
        default: t("dimension.\(table.rowDimension)")
        }
    }

    /// A row label: a movement (entered, left), or as on the dataset's page.
    static func label(_ value: String, env: PageEnvironment) -> String {
        switch value {
        case "entered": env.catalog("indicator.entered")
        case "left": env.catalog("indicator.left")
        case "total": env.catalog("table.total")
        case "deployed_abroad": env.catalog("nato.deployed_abroad")
        default: DatasetPages.label(value, env: env)
        }
    }

    static func page(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let countries = try await services.directory.countries()
        let asked = request.query.get("country") != nil
        var errors: [FieldError] = []
        var report: NATOReport?
        if asked {
            do { report = try await load(request, context, services) } catch StoreError.invalid(let found) { errors = found }
        }
        if let format = try PageExport.format(request) {
            guard let report else { throw errors.isEmpty ? APIProblem.notFound : StoreError.invalid(errors) }
            return try await PageExport.file(sheets(report, env: env), table: request.query.get("table"), name: "nato-report-\(report.country)-\(report.year)", format: format)
        }
        let countryName = report.flatMap { r in countries.first { $0.code == r.country } }.map { t.name($0) }
        let title = report.map { t("nato.title") + ": " + (countryName ?? $0.country) + ", " + String($0.year) } ?? t("nato.title")
        let query = [("country", report?.country ?? ""), ("year", report.map { String($0.year) } ?? ""),
                     ("institution", report.map { String($0.dataset.institutionId) } ?? "")]
        let owner = try await report.asyncMap {
            try await services.directory.institutionNames(ids: [$0.dataset.institutionId] + $0.sources.map(\.institutionId), viewer: context.viewer)
        } ?? [:]
        let womenGaps = try await DatasetTable.shownWomenGaps(report?.sources ?? [], viewer: context.viewer, services: services)
        let html = Layout.page(
            title, env: env,
            notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.class("no-print"), .text(t("nato.intro"))),
            .form(
                .class("filters no-print"), .method(.get), .action(SiteRoute.natoReport.path),
                Forms.select("country", label: t("field.country"), options: DirectoryViews.countryOptions(countries, t),
                             selected: request.query.get("country")?.uppercased() ?? "", errors: errors, env: env),
                Forms.text("year", label: t("nato.year"), value: request.query.get("year") ?? "", errors: errors, env: env, type: .number,
                           hint: t("nato.year_hint")),
                .button(.type(.submit), .text(t("nato.show")))),
            .if(asked && errors.isEmpty && report == nil, .p(.text(t("nato.none")))),
            .unwrap(report) { report in
                .div(
                    .class("nato-report"),
                    .p(.text(t("nato.source")
                        .replacingOccurrences(of: "{institution}", with: owner[report.dataset.institutionId] ?? "")
                        .replacingOccurrences(of: "{date}", with: report.dataset.referenceDate.description)),
                       .text(" "), .a(.href(SiteRoute.dataset(report.dataset.id).path), .text(t("nato.dataset"))),
                       .text(" · "), .text(report.exact ? t("nato.exact") : t("nato.published"))),
                    .forEach(report.tables) { table in
                        .section(
                            .h2(.text(t("nato.table.\(table.name)"))),
                            PageExport.csvLink(.natoReport, query: query, table: table.name, t: t),
                            DatasetPages.tableView(table.table, rowTitle: rowTitle(table, t: t), env: env, label: { label($0, env: env) }))
                    },
                    .if(!report.tables.contains { $0.name == "deployed_abroad" }, .p(.class("muted"), .text(t("nato.not_recorded")))),
                    sourcesView(report, owner: owner, env: env, threshold: services.config.suppressionThreshold, womenGaps: womenGaps),
                    .p(.class("no-print"),
                       .a(.class("button"), .href(SiteRoute.natoReportXLSX.with(query: query)), .text(t("download.xlsx"))),
                       .text(" "),
                       .a(.href(DataRoute.natoReport.path + "?" + query.map { "\($0.0)=\(SiteRoute.encode($0.1))" }.joined(separator: "&")),
                          .text(t("nato.json")))))
            }
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    /// Every source of the country and year side by side, each with its definition and gaps.
    static func sourcesView(_ report: NATOReport, owner: [Int: String], env: PageEnvironment, threshold: Int, womenGaps: [Int: Int]) -> Node {
        let t = env.catalog
        return .section(
            .h2(.text(t("nato.sources"))),
            .div(.class("scroll"), .table(
                .thead(.tr(
                    .th(.text(t("field.reference_date"))), .th(.text(t("field.institution"))), .th(.text(t("field.source"))),
                    .th(.text(t("field.definition"))), .th(.class("number"), .text(t("field.rows"))),
                    .th(.class("number"), .text(t("field.reported_total"))), .th(.class("number"), .text(t("field.gap"))),
                    .th(.class("number"), .text(t("field.reported_women"))), .th(.class("number"), .text(t("field.women_gap"))))),
                .tbody(.forEach(report.sources) { dataset in
                    let exact = env.viewer.seesExactFigures(of: dataset)
                    func figure(_ value: Int?) -> String {
                        guard let value else { return "—" }
                        return DatasetTable.shown(value, exact: exact, threshold: threshold).map { t.number($0) } ?? "x"
                    }
                    return .tr(
                        .td(.a(.href(SiteRoute.dataset(dataset.id).path), .text(dataset.referenceDate.description)),
                            dataset.id == report.dataset.id
                                ? .text(" (\(t("nato.tables_from_here")))")
                                : dataset.institutionId == report.dataset.institutionId ? .text("")
                                : .group(.text(" · "), .a(
                                    .href(SiteRoute.natoReport.with(query: [
                                        ("country", report.country), ("year", String(report.year)), ("institution", String(dataset.institutionId)),
                                    ])),
                                    .text(t("nato.use_institution"))))),
                        .td(.text(owner[dataset.institutionId] ?? "")), .td(.text(dataset.source.isEmpty ? dataset.fileName : dataset.source)),
                        .td(.text(dataset.definition)), .td(.class("number"), .text(figure(dataset.rowCount))),
                        .td(.class("number"), .text(figure(dataset.reportedTotal))), .td(.class("number"), .text(figure(dataset.gap))),
                        .td(.class("number"), .text(figure(dataset.reportedWomen))), .td(.class("number"), .text(womenGaps[dataset.id].map { t.number($0) } ?? "—")))
                })))
        )
    }

    static func workbook(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        guard let report = try await load(request, context, services) else { throw APIProblem.notFound }
        return try await AnalysisExports.workbook(sheets(report, env: env).map(\.content), name: "nato-report-\(report.country)-\(report.year)")
    }

    /// The report's tables as the downloads hold them, one sheet each, keyed by the table's name.
    static func sheets(_ report: NATOReport, env: PageEnvironment) -> [ExportSheet] {
        let t = env.catalog
        return report.tables.map { table in
            ExportSheet(key: table.name, content: XLSXSheetContent(
                name: table.name,
                rows: TableExport.cells(
                    table.table, rowTitle: rowTitle(table, t: t), totalTitle: t("table.total"), shareTitle: t("table.share_of_women"),
                    label: { label($0, env: env) })))
        }
    }
}

/// `GET /api/v1/reports/nato`: the report's tables, each shaped like a dataset's table.
struct NATOReportJSON: Encodable, Sendable {
    struct Table: Encodable, Sendable {
        var name: String
        var rowDimension: String
        var table: TableJSON

        enum CodingKeys: String, CodingKey { case name, rowDimension, rows, columns, cells, rowTotals, columnTotals, total }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(rowDimension, forKey: .rowDimension)
            try container.encode(table.rows, forKey: .rows)
            try container.encode(table.columns, forKey: .columns)
            try container.encode(table.cells, forKey: .cells)
            try container.encode(table.rowTotals, forKey: .rowTotals)
            try container.encode(table.columnTotals, forKey: .columnTotals)
            try container.encode(table.total, forKey: .total)
        }
    }

    var country: String
    var year: Int
    var datasetId: Int
    var referenceDate: String
    var exact: Bool
    var threshold: Int
    var tables: [Table]
    var sources: [DatasetJSON]

    init(_ report: NATOReport, viewer: Viewer, threshold: Int, womenGaps: [Int: Int]) {
        country = report.country
        year = report.year
        datasetId = report.dataset.id
        referenceDate = report.dataset.referenceDate.description
        exact = report.exact
        self.threshold = report.exact ? 1 : threshold
        tables = report.tables.map { Table(name: $0.name, rowDimension: $0.rowDimension, table: TableJSON($0.table, exact: report.exact, threshold: threshold)) }
        sources = report.sources.map { DatasetJSON($0, viewer: viewer, threshold: threshold, womenGaps: womenGaps) }
    }
}
