import Foundation
import Hummingbird
import WPSCore

/// The printable annual progress report of a plan for one period (`/plans/{id}/report?period=ID`):
/// a summary (measures by status per goal, reporting completeness per institution), then one
/// section per goal, each starting a new printed page, with its measures' status and narratives
/// and its indicators' values for the period beside baseline and target. Only accepted and
/// published reports give figures; an A4 print stylesheet repeats table headers on every page.
enum AnnualReportPage {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.planReport)) { request, context in
            try await KeptPage.page(request, context, services) { try await show($0, $1, services) }
        }
    }

    static func show(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let viewer = context.viewer
        guard let tree = try await services.plans.tree(planId: try pathID(context), viewer: viewer), !tree.plan.deleted else {
            throw APIProblem.notFound
        }
        let periods = try await services.reports.periods(planId: tree.plan.id, viewer: viewer) ?? []
        var period: ReportingPeriod?
        if let text = request.query.get("period") {
            // A period of another plan, or no number at all, is not there.
            guard let id = Int(text), let found = periods.first(where: { $0.id == id }) else { throw APIProblem.notFound }
            period = found
        } else {
            period = periods.last
        }
        let counted: Set<ReportStatus> = [.accepted, .published]
        let reports = try await services.reports.reports(planId: tree.plan.id, viewer: viewer).filter { $0.periodId == period?.id }
        let final = reports.filter { counted.contains($0.status) }
        var readings = period == nil ? [] : try await services.reports.readings(planId: tree.plan.id, statuses: counted, period: period?.id, viewer: viewer)
        if let period {
            for indicator in tree.nodes.flatMap(\.indicators) {
                guard let computed = indicator.fields.computedFrom else { continue }
                for var reading in try await ComputedIndicator.readings(of: computed, periods: [period], viewer: viewer, publication: services.publication)
                where reading.status == "computed" {
                    reading.value.indicatorId = indicator.id
                    readings.append(reading)
                }
            }
        }
        let byIndicator = Dictionary(grouping: readings, by: \.value.indicatorId)
        let responsible = Array(Set(tree.nodes.flatMap { $0.node.fields.leadIds + $0.node.fields.partnerIds } + reports.map(\.institutionId)))
        let names = try await services.directory.institutionNames(ids: responsible + [tree.plan.fields.coordinatorId], viewer: viewer)
        // Each measure's status as the period's reports give it (the lead's first), else as the plan has it
        var reported: [Int: [(institution: Int, measure: ReportMeasure)]] = [:]
        for report in final {
            for measure in report.fields.measures { reported[measure.nodeId, default: []].append((report.institutionId, measure)) }
        }
        func status(_ node: PlanNode) -> MeasureStatus? {
            let entries = reported[node.id] ?? []
            return (entries.first { node.fields.leadIds.contains($0.institution) } ?? entries.first)?.measure.status ?? node.fields.status
        }
        func number(_ value: Double?, percent: Bool) -> String {
            guard let value else { return "—" }
            let text = t.decimal(value, digits: value == value.rounded() ? 0 : 1)
            return percent ? text + " %" : text
        }
        let goals = tree.nodes.filter { $0.node.fields.kind == .goal }
        // Nodes under each goal, in the tree's order
        var sections: [(goal: PlanTree.Node, nodes: [PlanTree.Node])] = []
        for entry in tree.nodes {
            if entry.node.fields.kind == .goal { sections.append((entry, [])) } else if !sections.isEmpty { sections[sections.count - 1].nodes.append(entry) }
        }
        let statuses = MeasureStatus.allCases
        typealias Section = (goal: PlanTree.Node, nodes: [PlanTree.Node])
        func measures(_ section: Section) -> [PlanNode] { section.nodes.map(\.node).filter { $0.fields.kind == .measure } }
        let statusTable = PageTable<Section>(
            columns: [.text(t("annual.goal")) { "\($0.goal.node.fields.code) \($0.goal.node.fields.title)" }]
                + statuses.map { s in .number(t("measure_status.\(s.rawValue)"), t) { section in measures(section).filter { status($0) == s }.count } }
                + [.number(t("annual.no_status"), t) { section in measures(section).filter { status($0) == nil }.count }])
        let institutions = responsible.sorted { (names[$0] ?? "") < (names[$1] ?? "") }
        func report(of institution: Int) -> ProgressReport? { reports.first { $0.institutionId == institution } }
        let completenessTable = PageTable<Int>(columns: [
            .text(t("report.institution")) { names[$0] ?? "—" },
            .text(t("field.status")) { report(of: $0).map { t("report_status.\($0.status.rawValue)") } ?? t("annual.missing") },
            .text(t("report.submitted_on")) { institution in
                let report = report(of: institution)
                let late = report?.submittedOn.flatMap { submitted in period?.fields.due.map { submitted > $0 } } ?? false
                return report?.submittedOn.map { "\($0) (\(t(late ? "report.late" : "report.on_time")))" } ?? "—"
            },
        ])
        if let format = try PageExport.format(request) {
            let name = "plan-\(tree.plan.id)-report" + (period.map { "-period-\($0.id)" } ?? "")
            switch request.query.get("table") {
            case "completeness":
                return try await PageExport.file(completenessTable.cells(institutions), name: name + "-completeness", sheet: t("annual.completeness"), format: format)
            case "indicators":
                let rows = tree.nodes.flatMap { entry in entry.indicators.map { PlanPages.IndicatorRow(node: entry.node, indicator: $0) } }
                let table = indicatorFileTable(byIndicator: byIndicator, names: names, env: env, number: number)
                return try await PageExport.file(table.cells(rows), name: name + "-indicators", sheet: t("indicator.title"), format: format)
            default:
                return try await PageExport.file(statusTable.cells(sections), name: name + "-measures", sheet: t("annual.measures_by_status"), format: format)
            }
        }
        let kept = period.map { [("period", String($0.id))] } ?? []
        let title = "\(t("annual.title")): \(tree.plan.fields.title)" + (period.map { " — \($0.fields.name)" } ?? "")
        let html = Layout.page(
            title, env: env,
            .div(
                .class("annual-report"),
                DirectoryViews.record([
                    (t("field.period"), .text(period.map { "\($0.fields.name): \($0.fields.start) – \($0.fields.end)" } ?? "—")),
                    (t("field.coordinator_id"), .text(names[tree.plan.fields.coordinatorId] ?? "—")),
                    (t("annual.sources"), .text(t("annual.sources_text"))),
                ]),
                .if(periods.count > 1, .nav(
                    .class("periods actions"),
                    .text(t("annual.other_periods") + " "),
                    .forEach(periods) { other in
                        .group(.a(.href(SiteRoute.planReport(tree.plan.id).with(query: [("period", String(other.id))])), .text(other.fields.name)), .text(" "))
                    })),
                .h2(.text(t("annual.measures_by_status"))),
                statusTable.html(sections), PageExport.links(.planReport(tree.plan.id), query: kept + [("table", "measures")], t: t),
                .h2(.text(t("annual.completeness"))),
                completenessTable.html(institutions), PageExport.links(.planReport(tree.plan.id), query: kept + [("table", "completeness")], t: t),
                .if(!goals.isEmpty, .group(
                    .p(.class("muted"), .text(t("annual.indicators_download"))),
                    PageExport.links(.planReport(tree.plan.id), query: kept + [("table", "indicators")], t: t))),
                .if(goals.isEmpty, .p(.class("muted"), .text(t("plans.no_goals")))),
                .forEach(sections) { section in
                    .section(
                        .class("goal-report"), .id("goal-\(section.goal.node.id)"),
                        .h2(.text("\(section.goal.node.fields.code) \(section.goal.node.fields.title)")),
                        indicatorTable(section.goal, byIndicator: byIndicator, names: names, env: env, number: number),
                        .forEach(section.nodes) { entry in
                            let f = entry.node.fields
                            switch f.kind {
                            case .goal: return .empty
                            case .objective:
                                return .group(.h3(.text("\(f.code) \(f.title)")), indicatorTable(entry, byIndicator: byIndicator, names: names, env: env, number: number))
                            case .measure:
                                let narratives = reported[entry.node.id] ?? []
                                return .div(
                                    .class("measure"),
                                    .h4(.text("\(f.code) \(f.title)")),
                                    .p(.strong(.text(t("field.status") + ": ")), .text(status(entry.node).map { t("measure_status.\($0.rawValue)") } ?? "—")),
                                    .forEach(narratives.filter { !$0.measure.narrative.isEmpty }) { item in
                                        .p(.em(.text((names[item.institution] ?? "—") + ": ")), .text(item.measure.narrative))
                                    },
                                    indicatorTable(entry, byIndicator: byIndicator, names: names, env: env, number: number))
                            }
                        })
                })
        )
        return HTMLPage(html: html)
    }

    /// Every indicator of the plan with its node, as the downloads hold them: one row per
    /// indicator, the period's values (each source, by sex where given) in one cell.
    static func indicatorFileTable(
        byIndicator: [Int: [IndicatorReading]], names: [Int: String], env: PageEnvironment, number: @escaping (Double?, Bool) -> String
    ) -> PageTable<PlanPages.IndicatorRow> {
        let t = env.catalog
        func figure(_ value: YearValue?, _ percent: Bool) -> String {
            guard let value else { return "" }
            return number(value.value, percent) + (value.year.map { " (\($0))" } ?? "")
        }
        return PageTable(columns: [
            .text(t("consultation.node")) { "\($0.node.fields.code) \($0.node.fields.title)" },
            .text(t("field.code")) { $0.indicator.fields.code },
            .text(t("field.indicator")) { $0.indicator.fields.definition },
            .text(t("field.baseline")) { figure($0.indicator.fields.baseline, $0.indicator.fields.unit == .percent) },
            .text(t("annual.value")) { row in
                let percent = row.indicator.fields.unit == .percent
                return (byIndicator[row.indicator.id] ?? []).map { reading in
                    let text = readingText(reading, percent: percent, names: names, t: t, number: number)
                    return text.value + text.parts + " — " + text.source
                }.joined(separator: "; ")
            },
            .text(t("field.target")) { figure($0.indicator.fields.target, $0.indicator.fields.unit == .percent) },
        ])
    }

    /// A reading as the report writes it, on the page and in the file: its value (or note), its
    /// parts by sex in brackets where given (" (Female 3, Male 5)"), and who gave it.
    static func readingText(
        _ reading: IndicatorReading, percent: Bool, names: [Int: String], t: Catalog, number: (Double?, Bool) -> String
    ) -> (value: String, parts: String, source: String) {
        let v = reading.value
        let parts = zip(["sex.female", "sex.male", "sex.other", "sex.unknown"], [v.female, v.male, v.other, v.unknown])
            .compactMap { key, part in part.map { "\(t(key)) \(number($0, percent))" } }
        return (v.value.map { number($0, percent) } ?? v.note,
                parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")",
                reading.reportId == nil ? t("annual.computed") : (names[reading.institutionId] ?? "—"))
    }

    /// A node's indicators: baseline, the period's values (each source on its own line, by sex
    /// where given), target.
    static func indicatorTable(
        _ entry: PlanTree.Node, byIndicator: [Int: [IndicatorReading]], names: [Int: String], env: PageEnvironment,
        number: (Double?, Bool) -> String
    ) -> Node {
        let t = env.catalog
        guard !entry.indicators.isEmpty else { return .empty }
        return .table(
            .class("indicators"),
            .thead(.tr(
                .th(.text(t("field.code"))), .th(.text(t("field.indicator"))), .th(.text(t("field.baseline"))), .th(.text(t("annual.value"))),
                .th(.text(t("field.target"))))),
            .tbody(.forEach(entry.indicators) { indicator in
                let i = indicator.fields
                let percent = i.unit == .percent
                func figure(_ value: YearValue?) -> String {
                    guard let value else { return "—" }
                    return number(value.value, percent) + (value.year.map { " (\($0))" } ?? "")
                }
                let readings = byIndicator[indicator.id] ?? []
                return .tr(
                    .td(.text(i.code)), .td(.text(i.definition)), .td(.text(figure(i.baseline))),
                    .td(readings.isEmpty ? .text("—") : .group(.forEach(readings) { reading in
                        let text = readingText(reading, percent: percent, names: names, t: t, number: number)
                        return .div(
                            .text(text.value),
                            .if(!text.parts.isEmpty, .text(text.parts)),
                            .span(.class("muted"), .text(" — " + text.source)),
                            .if(!reading.value.byAge.isEmpty, ReportPages.ageTable(reading.value, unit: i.unit, env: env)))
                    })),
                    .td(.text(figure(i.target))))
            }))
    }
}
