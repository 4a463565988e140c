import Foundation
import Hummingbird
import WPSCore

/// The analysis parts of the dataset pages: indicators, movements, trend, and the country comparison.
extension DatasetPages {
    static func percent(_ value: Double?, env: PageEnvironment) -> String {
        value.map { env.catalog.percent($0) } ?? env.catalog("chart.withheld")
    }

    /// Indicators, recruitment and attrition, and the series' trend.
    static func indicatorsView(_ analysis: DatasetAnalysis, env: PageEnvironment) -> Node {
        let t = env.catalog
        let r = analysis.representation
        let year = analysis.dataset.referenceDate.year
        let trendLines = [
            Chart.Line(name: t("indicator.share_of_women"), values: analysis.series.map(\.representation.shareOfWomen)),
            Chart.Line(name: t("indicator.share_in_senior_posts"), values: analysis.series.map(\.representation.shareInSeniorPosts)),
            Chart.Line(name: t("indicator.share_in_decision_making"), values: analysis.series.map(\.representation.shareInDecisionMaking)),
        ]
        let labels = analysis.series.map { $0.dataset.referenceDate.description }
        return .div(
            .class("indicators"),
            .h2(.text(t("indicator.title"))),
            .p(.a(.class("button"), .href(SiteRoute.indicatorsXLSX(analysis.dataset.id).path), .text(t("download.indicators")))),
            PageExport.csvLink(.dataset(analysis.dataset.id), query: [], table: "indicators", t: t),
            .dl(
                .dt(.text(t("indicator.share_of_women"))), .dd(.text(percent(r.shareOfWomen, env: env))),
                .dt(.text(t("indicator.share_in_senior_posts"))), .dd(.text(percent(r.shareInSeniorPosts, env: env))),
                .dt(.text(t("indicator.share_in_decision_making"))), .dd(.text(percent(r.shareInDecisionMaking, env: env))),
                .dt(.text(t("indicator.glass_ceiling_index"))),
                .dd(.text(r.glassCeilingIndex.map { t.decimal($0, digits: 2) } ?? t("chart.withheld")),
                    .span(.class("muted"), .text(" · " + t("indicator.glass_ceiling_explained"))))
            ),
            .if(!analysis.rates.isEmpty, .group(
                .h2(.text(t("indicator.movements").replacingOccurrences(of: "{year}", with: String(year)))),
                PageExport.csvLink(.dataset(analysis.dataset.id), query: [], table: "movements", t: t),
                .table(
                    .class("figures"),
                    .thead(.tr(
                        .th(.text(t("dimension.sex"))), .th(.class("number"), .text(t("indicator.entered"))),
                        .th(.class("number"), .text(t("indicator.left"))), .th(.class("number"), .text(t("indicator.recruitment"))),
                        .th(.class("number"), .text(t("indicator.attrition"))))),
                    .tbody(.forEach(Array(analysis.rates.enumerated())) { index, rates in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(label(rates.sex, env: env))),
                            .td(.class("number"), .text(analysis.movements?.label(0, index) ?? "")),
                            .td(.class("number"), .text(analysis.movements?.label(1, index) ?? "")),
                            .td(.class("number"), .text(percent(rates.recruitment, env: env))),
                            .td(.class("number"), .text(percent(rates.attrition, env: env)))
                        )
                    })
                )
            )),
            .if(!analysis.steps.isEmpty, .group(
                .h2(.text(t("indicator.between"))),
                PageExport.csvLink(.dataset(analysis.dataset.id), query: [], table: "between", t: t),
                .table(
                    .class("figures"),
                    .thead(.tr(
                        .th(.text(t("indicator.period"))), .th(.text(t("dimension.sex"))),
                        .th(.class("number"), .text(t("indicator.promotion"))), .th(.class("number"), .text(t("indicator.attrition_between"))),
                        .th(.class("number"), .text(t("indicator.recruitment_between"))))),
                    .tbody(.forEach(analysis.steps) { step in
                        step.matched == 0
                            ? .tr(.td(.text("\(step.from.referenceDate) → \(step.to.referenceDate)")), .td(.attribute(named: "colspan", value: "4"), .text(t("indicator.no_match"))))
                            : .group(.forEach(step.rates) { rates in
                                .tr(
                                    .td(.text("\(step.from.referenceDate) → \(step.to.referenceDate)")),
                                    .td(.text(label(rates.sex, env: env))),
                                    .td(.class("number"), .text(percent(rates.promotion, env: env))),
                                    .td(.class("number"), .text(percent(rates.attrition, env: env))),
                                    .td(.class("number"), .text(percent(rates.recruitment, env: env)))
                                )
                            })
                    })
                )
            )),
            .if(analysis.series.count > 1, .group(
                .h2(.text("\(t("indicator.trend")): \(analysis.dataset.series)")),
                .div(.class("chart"), .chart(Chart.trend(
                    labels: labels, lines: trendLines, title: "\(t("indicator.trend")): \(analysis.dataset.series)",
                    description: trendLines.map { line in
                        line.name + ": " + zip(labels, line.values).map { "\($0) \(percent($1, env: env))" }.joined(separator: ", ")
                    }.joined(separator: "; "), decimalSeparator: t.decimalSeparator))),
                PageExport.csvLink(.dataset(analysis.dataset.id), query: [], table: "trend", t: t),
                .table(
                    .class("figures"),
                    .thead(.tr(.th(.text(t("field.reference_date"))), .forEach(trendLines) { .th(.class("number"), .text($0.name)) })),
                    .tbody(.forEach(Array(analysis.series.enumerated())) { index, snapshot in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"),
                                .a(.href(SiteRoute.dataset(snapshot.dataset.id).path), .text(snapshot.dataset.referenceDate.description))),
                            .forEach(trendLines) { .td(.class("number"), .text(percent($0.values[index], env: env))) }
                        )
                    })
                )
            ))
        )
    }

    /// The latest dataset of each country side by side: indicators and the share of women at
    /// each NATO code.
    static func compare(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let comparison = try await CountryComparison.load(viewer: context.viewer, publication: services.publication)
        if let format = try PageExport.format(request) {
            return try await PageExport.file(AnalysisExports.comparison(comparison, env: env), table: request.query.get("table"), name: "countries-compared", format: format)
        }
        let html = Layout.page(
            t("compare.title"), env: env,
            .p(.text(t("compare.intro"))),
            .p(.a(.class("button"), .href(SiteRoute.compareXLSX.path), .text(t("download.xlsx")))),
            comparison.countries.isEmpty ? .p(.text(t("datasets.none"))) : .group(
                PageExport.csvLink(.compareDatasets, query: [], table: "countries", t: t),
                .table(
                    .class("figures"),
                    .thead(.tr(
                        .th(.text(t("field.country"))), .th(.text(t("field.reference_date"))),
                        .th(.class("number"), .text(t("indicator.share_of_women"))),
                        .th(.class("number"), .text(t("indicator.share_in_senior_posts"))),
                        .th(.class("number"), .text(t("indicator.share_in_decision_making"))),
                        .th(.class("number"), .text(t("indicator.glass_ceiling_index"))))),
                    .tbody(.forEach(comparison.countries) { country in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(country.dataset.country)),
                            .td(.a(.href(SiteRoute.dataset(country.dataset.id).path), .text(country.dataset.referenceDate.description))),
                            .td(.class("number"), .text(percent(country.representation.shareOfWomen, env: env))),
                            .td(.class("number"), .text(percent(country.representation.shareInSeniorPosts, env: env))),
                            .td(.class("number"), .text(percent(country.representation.shareInDecisionMaking, env: env))),
                            .td(.class("number"), .text(country.representation.glassCeilingIndex.map { t.decimal($0, digits: 2) } ?? t("chart.withheld")))
                        )
                    })
                ),
                .h2(.text(t("compare.by_code"))),
                PageExport.csvLink(.compareDatasets, query: [], table: "by_code", t: t),
                .table(
                    .class("figures"),
                    .thead(.tr(.th(.text(t("dimension.nato_code"))), .forEach(comparison.countries) { .th(.class("number"), .text($0.dataset.country)) })),
                    .tbody(.forEach(comparison.codes) { code in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(code)),
                            .forEach(comparison.countries) { country in
                                .td(.class("number"), .text(country.shareByCode[code].map { percent($0, env: env) } ?? "—"))
                            }
                        )
                    })
                )
            )
        )
        return HTMLPage(html: html)
    }
}
