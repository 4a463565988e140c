import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// HTML pages of personnel datasets: the list, and a dataset's analysis (dimension pickers, a
/// chart, the table behind it) with downloads as CSV and .xlsx. Every figure passes the same
/// disclosure control as the API.
enum DatasetPages {
    static let dimensionNames = ["nato_code", "category", "age_band", "sex", "service", "unit", "position_level"]

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.datasets)) { request, context in
            try await list(request, context, services)
        }
        router.get(RouterPath(SiteRoute.Template.compareDatasets)) { request, context in
            try await compare(request, context, services)
        }
        router.get(RouterPath(SiteRoute.Template.dataset)) { request, context in
            try await show(request, context, services)
        }
        router.get(RouterPath(SiteRoute.Template.datasetCSV)) { request, context in
            try await download(request, context, services, format: .csv)
        }
        router.get(RouterPath(SiteRoute.Template.datasetXLSX)) { request, context in
            try await download(request, context, services, format: .xlsx)
        }
        router.group(context: SignedInContext.self).post(RouterPath(SiteRoute.Template.deleteDataset)) { _, context in
            try await services.datasets.deleteDataset(id: try pathID(context), viewer: context.viewer, by: context.actor)
            return Response.seeOther(.datasets)
        }
    }

    static func list(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let pageNumber = max(1, Int(request.query.get("page") ?? "") ?? 1)
        let format = try PageExport.format(request)
        let page = try await services.datasets.datasets(viewer: context.viewer, page: PageRequest(page: pageNumber, perPage: 50))
        // A download holds every dataset the reader sees, not the page on screen
        let items = format == nil ? page.items : try await PageExport.all { try await services.datasets.datasets(viewer: context.viewer, page: $0) }
        let names = try await services.directory.institutionNames(ids: items.map(\.institutionId), viewer: context.viewer)
        let threshold = services.config.suppressionThreshold
        func people(_ dataset: Dataset) -> Int? { DatasetTable.shown(dataset.rowCount, exact: context.viewer.seesExactFigures(of: dataset), threshold: threshold) }
        let table = PageTable<Dataset>(columns: [
            .link(t("field.reference_date"), href: { SiteRoute.dataset($0.id).path }, { $0.referenceDate.description }),
            .text(t("field.country")) { $0.country },
            .text(t("field.institution")) { names[$0.institutionId] ?? "" },
            .text(t("field.series")) { $0.series },
            .text(t("field.file")) { $0.fileName },
            PageTable.Column(
                title: t("field.rows"), numeric: true, node: { .text(people($0).map { t.number($0) } ?? "<\(threshold)") },
                value: { people($0).map { .number(Double($0)) } ?? .text("<\(threshold)") }),
        ])
        if let format { return try await PageExport.file(table.cells(items), name: "datasets", sheet: t("nav.datasets"), format: format) }
        let html = Layout.page(
            t("nav.datasets"), env: env,
            .p(.text(t("datasets.intro"))),
            .if(context.viewer.isPlatformAdmin || context.viewer.roles.keys.contains { context.viewer.canAddData(for: $0) },
                .p(.a(.class("button"), .href(SiteRoute.importDataset.path), .text(t("import.title"))))),
            .p(.a(.href(SiteRoute.compareDatasets.path), .text(t("compare.title"))), .text(" · "),
               .a(.href(SiteRoute.natoReport.path), .text(t("nato.title"))), .text(" · "),
               .a(.href(SiteRoute.ranks.path), .text(t("ranks.title")))),
            page.items.isEmpty ? .p(.text(t("datasets.none"))) : table.html(page.items),
            DirectoryViews.pager(page, route: .datasets, query: [], env: env),
            .if(!page.items.isEmpty, PageExport.links(.datasets, query: [], t: t))
        )
        return HTMLPage(html: html)
    }

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let id = try pathID(context)
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        guard let loaded = try await DatasetTable.load(datasetId: id, request: request, viewer: context.viewer, services: services)
        else { throw APIProblem.notFound }
        let dataset = loaded.dataset
        let table = loaded.table
        let owner = try await services.directory.institutionNames(ids: [dataset.institutionId], viewer: context.viewer)
        let analysis = try await DatasetAnalysis.load(of: dataset, viewer: context.viewer, publication: services.publication)
        // The indicator tables one at a time as CSV (the workbook of them all has its own address)
        if let format = try PageExport.format(request) {
            return try await PageExport.file(
                AnalysisExports.indicators(analysis, env: env), table: request.query.get("table"), name: "dataset-\(dataset.id)", format: format)
        }
        let womenGaps = try await DatasetTable.shownWomenGaps([dataset], viewer: context.viewer, services: services)
        let query = [("rows", loaded.rows), ("columns", loaded.columns), ("bands", loaded.bands)]
        let threshold = services.config.suppressionThreshold
        func figure(_ value: Int) -> String {
            DatasetTable.shown(value, exact: loaded.exact, threshold: threshold).map { t.number($0) } ?? "<\(threshold)"
        }
        let rowTitle = t("dimension.\(loaded.rows)")
        let chart: SVGMarkup?
        if loaded.columns == "sex", ["age_band", "nato_code"].contains(loaded.rows) {
            chart = Chart.pyramid(
                table, title: "\(t("chart.pyramid")): \(rowTitle)", description: chartDescription(table, env: env),
                women: t("sex.female"), men: t("sex.male"), label: { label($0, env: env) })
        } else if loaded.columns == "sex", loaded.rows != "sex" {
            chart = Chart.shareOfWomen(
                table, title: "\(t("chart.share_of_women")): \(rowTitle)", description: chartDescription(table, env: env),
                withheld: t("chart.withheld"), label: { label($0, env: env) }, percent: { t.percent($0) })
        } else {
            chart = nil
        }
        let html = Layout.page(
            "\(t("dataset.title")) \(dataset.referenceDate) · \(owner[dataset.institutionId] ?? dataset.country)", env: env,
            notice: loaded.exact ? Notice(kind: .info, text: t("dataset.exact")) : Notice(kind: .info, text: t("dataset.protected").replacingOccurrences(of: "{k}", with: String(table.threshold))),
            .dl(
                .dt(.text(t("field.country"))), .dd(.text(dataset.country)),
                .dt(.text(t("field.series"))), .dd(.text(dataset.series.isEmpty ? "—" : dataset.series)),
                .dt(.text(t("field.file"))), .dd(.text(dataset.fileName)),
                .dt(.text(t("field.rows"))), .dd(.text(figure(dataset.rowCount))),
                .if(!dataset.source.isEmpty, .group(.dt(.text(t("field.source"))), .dd(.text(dataset.source)))),
                .if(!dataset.definition.isEmpty, .group(.dt(.text(t("field.definition"))), .dd(.text(dataset.definition)))),
                .unwrap(dataset.reportedTotal) { total in
                    .group(.dt(.text(t("field.reported_total"))), .dd(.text(figure(total))))
                },
                .unwrap(dataset.gap) { gap in
                    .group(.dt(.text(t("field.gap"))), .dd(.text("\(figure(gap)) · \(t("dataset.gap_explained"))")))
                },
                .unwrap(dataset.reportedWomen) { women in
                    .group(.dt(.text(t("field.reported_women"))), .dd(.text(figure(women))))
                },
                .unwrap(womenGaps[dataset.id]) { gap in
                    .group(.dt(.text(t("field.women_gap"))), .dd(.strong(.class("gap"), .text(figure(gap))), .text(" · \(t("dataset.women_gap_explained"))")))
                }
            ),
            .form(
                .method(.get), .action(SiteRoute.dataset(dataset.id).path), .class("filters"),
                dimensionPicker("rows", label: t("analysis.rows"), selected: loaded.rows, env: env),
                dimensionPicker("columns", label: t("analysis.columns"), selected: loaded.columns, env: env),
                .div(
                    .label(.for("bands"), .text(t("analysis.bands"))),
                    .input(.type(.text), .name("bands"), .id("bands"), .value(loaded.bands),
                           .attribute(named: "placeholder", value: AgeBands.standard.lowerBounds.map(String.init).joined(separator: ",")),
                           .attribute(named: "inputmode", value: "numeric"))
                ),
                .button(.type(.submit), .text(t("analysis.show")))
            ),
            .unwrap(chart) { .div(.class("chart"), .chart($0)) },
            tableView(table, rowTitle: rowTitle, env: env),
            .p(
                .a(.class("button"), .href(SiteRoute.datasetCSV(dataset.id).with(query: query)), .text(t("download.csv"))),
                .text(" "),
                .a(.class("button"), .href(SiteRoute.datasetXLSX(dataset.id).with(query: query)), .text(t("download.xlsx"))),
                .text(" "),
                .a(.class("button"), .href(sdmxLink(dataset.id, query: query)), .attribute(named: "title", value: t("download.sdmx_hint")),
                   .text(t("download.sdmx")))
            ),
            indicatorsView(analysis, env: env),
            .if(context.viewer.canAddData(for: dataset.institutionId), .group(
                .h2(.text(t("dataset.delete_title"))),
                .p(.text(t("dataset.delete_explained"))),
                Forms.button(.deleteDataset(dataset.id), label: t("action.delete"), env: env, style: "danger")
            ))
        )
        return HTMLPage(html: html)
    }

    enum Format { case csv, xlsx }

    static func download(_ request: Request, _ context: WPSRequestContext, _ services: AppServices, format: Format) async throws -> Response {
        let id = try pathID(context)
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        guard let loaded = try await DatasetTable.load(datasetId: id, request: request, viewer: context.viewer, services: services)
        else { throw APIProblem.notFound }
        let cells = TableExport.cells(
            loaded.table, rowTitle: t("dimension.\(loaded.rows)"), totalTitle: t("table.total"),
            shareTitle: loaded.columns == "sex" ? t("table.share_of_women") : nil, label: { label($0, env: env) })
        let name = "dataset-\(id)-\(loaded.rows)-\(loaded.columns)"
        switch format {
        case .csv:
            return AnalysisExports.attachment(TableExport.csv(cells), name: "\(name).csv", contentType: "text/csv; charset=utf-8")
        case .xlsx:
            return try await AnalysisExports.workbook([XLSXSheetContent(name: "\(loaded.rows) × \(loaded.columns)", rows: cells)], name: name)
        }
    }

    /// The API's SDMX-CSV of the table shown (a browser's session may read the API).
    static func sdmxLink(_ id: Int, query: [(String, String)]) -> String {
        let parts = query.filter { !$0.1.isEmpty }.map { "\(SiteRoute.encode($0.0))=\(SiteRoute.encode($0.1))" }
        let path = DataRoute.datasetSDMX.path.replacingOccurrences(of: "{id}", with: String(id))
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    static func dimensionPicker(_ name: String, label: String, selected: String, env: PageEnvironment) -> Node {
        .div(
            .label(.for(name), .text(label)),
            .select(
                .attribute(named: "name", value: name), .id(name),
                .forEach(dimensionNames) { Forms.option($0, env.catalog("dimension.\($0)"), selected: $0 == selected) }
            )
        )
    }

    /// The table with counts (or "<k" / "x"), row totals and, by sex, the share of women.
    /// - Parameter custom: how a row or column label reads, when not as ``label(_:env:)`` says.
    static func tableView(_ table: ProtectedTable, rowTitle: String, env: PageEnvironment, label custom: ((String) -> String)? = nil) -> Node {
        let t = env.catalog
        let label = custom ?? { Self.label($0, env: env) }
        let female = table.columns.firstIndex(of: Sex.female.rawValue)
        return .table(
            .class("figures"),
            .caption(.text(rowTitle)),
            .thead(.tr(
                .th(.attribute(named: "scope", value: "col"), .text(rowTitle)),
                .forEach(table.columns) { .th(.attribute(named: "scope", value: "col"), .class("number"), .text(label($0))) },
                .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("table.total"))),
                .if(female != nil, .th(.attribute(named: "scope", value: "col"), .class("number"), .text(t("table.share_of_women"))))
            )),
            .tbody(
                .forEach(Array(table.rows.enumerated())) { r, row in
                    .tr(
                        .th(.attribute(named: "scope", value: "row"), .text(label(row))),
                        .forEach(Array(table.columns.indices)) { c in .td(.class("number"), .text(table.label(r, c))) },
                        .td(.class("number"), .text(table.rowTotals[r].map(String.init) ?? "x")),
                        .unwrap(female) { f in
                            .td(.class("number"), .text(table.percentOfRow(r, f).map { t.percent($0) } ?? "x"))
                        }
                    )
                },
                .tr(
                    .th(.attribute(named: "scope", value: "row"), .text(t("table.total"))),
                    .forEach(table.columnTotals) { .td(.class("number"), .text($0.map(String.init) ?? "x")) },
                    .td(.class("number"), .text(table.total.map(String.init) ?? "x")),
                    .if(female != nil, .td())
                )
            )
        )
    }

    /// A label as readers know it: sexes and "unknown" translated, codes and names as they are.
    static func label(_ value: String, env: PageEnvironment) -> String {
        switch value {
        case "female", "male", "other", "not_recorded": env.catalog("sex.\(value)")
        case AnalysisDimension.unknown: env.catalog("table.unknown")
        case "decision_making": env.catalog("table.decision_making")
        case "officer", "nco", "soldier", "cadet", "civilian": env.catalog("category.\(value)")
        default: value
        }
    }

    static func chartDescription(_ table: ProtectedTable, env: PageEnvironment) -> String {
        table.rows.enumerated().map { r, row in
            "\(label(row, env: env)): " + table.columns.indices.map { "\(label(table.columns[$0], env: env)) \(table.label(r, $0))" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
