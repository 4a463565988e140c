import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The indicator, movement, trend and comparison tables as .xlsx workbooks: every table the
/// analysis pages show can be taken away, with the same figures withheld ("withheld" where the
/// page says so, never a number).
enum AnalysisExports {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.indicatorsXLSX)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            guard let analysis = try await DatasetAnalysis.load(datasetId: try pathID(context), viewer: context.viewer, publication: services.publication)
            else { throw APIProblem.notFound }
            return try await workbook(indicators(analysis, env: env).map(\.content), name: "dataset-\(analysis.dataset.id)-indicators")
        }
        router.get(RouterPath(SiteRoute.Template.compareXLSX)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let comparison = try await CountryComparison.load(viewer: context.viewer, publication: services.publication)
            return try await workbook(self.comparison(comparison, env: env).map(\.content), name: "countries-compared")
        }
    }

    static func percent(_ value: Double?, env: PageEnvironment) -> XLSXCell {
        value.map { .number(($0 * 10).rounded() / 10) } ?? .text(env.catalog("chart.withheld"))
    }

    static func indicators(_ analysis: DatasetAnalysis, env: PageEnvironment) -> [ExportSheet] {
        let t = env.catalog
        let r = analysis.representation
        var sheets = [ExportSheet(key: "indicators", content: XLSXSheetContent(name: t("indicator.title"), rows: [
            [.text(t("indicator.title")), .text("%")],
            [.text(t("indicator.share_of_women")), percent(r.shareOfWomen, env: env)],
            [.text(t("indicator.share_in_senior_posts")), percent(r.shareInSeniorPosts, env: env)],
            [.text(t("indicator.share_in_decision_making")), percent(r.shareInDecisionMaking, env: env)],
            [.text(t("indicator.glass_ceiling_index")),
             r.glassCeilingIndex.map { .number(($0 * 100).rounded() / 100) } ?? .text(t("chart.withheld"))],
        ]))]
        if let movements = analysis.movements, !analysis.rates.isEmpty {
            var rows: [[XLSXCell]] = [[
                .text(t("dimension.sex")), .text(t("indicator.entered")), .text(t("indicator.left")),
                .text(t("indicator.recruitment")), .text(t("indicator.attrition")),
            ]]
            for (c, rates) in analysis.rates.enumerated() {
                rows.append([
                    .text(DatasetPages.label(rates.sex, env: env)), figure(movements, 0, c), figure(movements, 1, c),
                    percent(rates.recruitment, env: env), percent(rates.attrition, env: env),
                ])
            }
            sheets.append(ExportSheet(
                key: "movements", content: XLSXSheetContent(name: t("indicator.movements").replacingOccurrences(of: "{year}", with: String(analysis.dataset.referenceDate.year)), rows: rows)))
        }
        if !analysis.steps.isEmpty {
            var rows: [[XLSXCell]] = [[
                .text(t("indicator.period")), .text(t("dimension.sex")), .text(t("indicator.promotion")),
                .text(t("indicator.attrition_between")), .text(t("indicator.recruitment_between")),
            ]]
            for step in analysis.steps {
                for rates in step.rates {
                    rows.append([
                        .text("\(step.from.referenceDate) → \(step.to.referenceDate)"), .text(DatasetPages.label(rates.sex, env: env)),
                        percent(rates.promotion, env: env), percent(rates.attrition, env: env), percent(rates.recruitment, env: env),
                    ])
                }
            }
            sheets.append(ExportSheet(key: "between", content: XLSXSheetContent(name: t("indicator.between"), rows: rows)))
        }
        if analysis.series.count > 1 {
            var rows: [[XLSXCell]] = [[
                .text(t("field.reference_date")), .text(t("indicator.share_of_women")), .text(t("indicator.share_in_senior_posts")),
                .text(t("indicator.share_in_decision_making")),
            ]]
            for snapshot in analysis.series {
                let s = snapshot.representation
                rows.append([
                    .text(snapshot.dataset.referenceDate.description), percent(s.shareOfWomen, env: env),
                    percent(s.shareInSeniorPosts, env: env), percent(s.shareInDecisionMaking, env: env),
                ])
            }
            sheets.append(ExportSheet(key: "trend", content: XLSXSheetContent(name: t("indicator.trend"), rows: rows)))
        }
        return sheets
    }

    static func comparison(_ comparison: CountryComparison, env: PageEnvironment) -> [ExportSheet] {
        let t = env.catalog
        var main: [[XLSXCell]] = [[
            .text(t("field.country")), .text(t("field.reference_date")), .text(t("indicator.share_of_women")),
            .text(t("indicator.share_in_senior_posts")), .text(t("indicator.share_in_decision_making")), .text(t("indicator.glass_ceiling_index")),
        ]]
        for country in comparison.countries {
            let r = country.representation
            main.append([
                .text(country.dataset.country), .text(country.dataset.referenceDate.description), percent(r.shareOfWomen, env: env),
                percent(r.shareInSeniorPosts, env: env), percent(r.shareInDecisionMaking, env: env),
                r.glassCeilingIndex.map { .number(($0 * 100).rounded() / 100) } ?? .text(t("chart.withheld")),
            ])
        }
        var byCode: [[XLSXCell]] = [[.text(t("dimension.nato_code"))] + comparison.countries.map { .text($0.dataset.country) }]
        for code in comparison.codes {
            byCode.append([.text(code)] + comparison.countries.map { country in
                country.shareByCode[code].map { percent($0, env: env) } ?? .empty
            })
        }
        return [ExportSheet(key: "countries", content: XLSXSheetContent(name: t("compare.title"), rows: main)),
                ExportSheet(key: "by_code", content: XLSXSheetContent(name: t("compare.by_code"), rows: byCode))]
    }

    static func figure(_ table: ProtectedTable, _ row: Int, _ column: Int) -> XLSXCell {
        table.cells[row][column].map { .number(Double($0)) } ?? .text(table.label(row, column))
    }

    /// A workbook to save, written off the request threads (``CPUWork``).
    static func workbook(_ sheets: [XLSXSheetContent], name: String) async throws -> Response {
        let data = try await CPUWork.run { try XLSXWriter.data(sheets) }
        return attachment(data, name: "\(name).xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// A file to save, not to show; never cached.
    static func attachment(_ body: Data, name: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        headers[.contentType] = contentType
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
