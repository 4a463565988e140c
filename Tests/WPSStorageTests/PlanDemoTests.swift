import Foundation
import Logging
import Testing
import WPSCore
@testable import WPSStorage

/// The demo's action plans, as a new user meets them after `wps serve --demo`.
@Suite struct PlanDemoTests {
    @Test(arguments: TestDatabase.engines)
    func theDemoHasTheBosnianAndSerbianPlansWithTheirTrees(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let outcome = try await Seeder.loadDemo(database, sections: [.directory, .plans], logger: Logger(label: "test"))
            guard case .loaded(let summary) = outcome else {
                Issue.record("expected the demo to load")
                return
            }
            #expect(summary.plans == PlanDemo.plans.count)
            let store = SQLPlanStore(database: database)
            let plans = try await store.plans(DirectoryQuery(), viewer: .anonymous).items
            #expect(Set(plans.compactMap(\.fields.country)) == ["BA", "RS"])
            let bosnian = try #require(plans.first { $0.fields.country == "BA" })
            let tree = try #require(try await store.tree(planId: bosnian.id, viewer: .anonymous))
            let kinds = Dictionary(grouping: tree.nodes, by: \.node.fields.kind)
            #expect(kinds[.goal]?.count == 2 && (kinds[.objective]?.count ?? 0) >= 4 && (kinds[.measure]?.count ?? 0) >= 4)
            // Parents come before their children, and every child's code extends its parent's
            var seen: [Int: String] = [:]
            for entry in tree.nodes {
                if let parent = entry.node.fields.parentId {
                    let code = try #require(seen[parent], "\(entry.node.fields.code) before its parent")
                    #expect(entry.node.fields.code.hasPrefix(code + "."))
                }
                seen[entry.node.id] = entry.node.fields.code
            }
            let indicators = tree.nodes.flatMap(\.indicators)
            #expect(indicators.contains { $0.fields.baseline?.value != nil && $0.fields.target?.value != nil })
            // One indicator takes its values from the demo's BiH personnel series
            let computed = try #require(indicators.first { $0.fields.computedFrom != nil }?.fields.computedFrom)
            #expect(computed.series == PlanDemo.bosnianSeries && computed.measure == .shareWomen)
            let measure = try #require(kinds[.measure]?.first { !$0.node.fields.leadIds.isEmpty })
            #expect(measure.node.fields.status != nil && measure.node.fields.start != nil)
            // Serbia's third plan follows its second; the regional draft belongs to the network and lists its countries
            let third = try #require(plans.first { $0.fields.periodStart == 2025 && $0.fields.country == "RS" })
            let second = try #require(plans.first { $0.fields.periodStart == 2017 && $0.fields.country == "RS" })
            #expect(third.fields.previousPlanId == second.id && third.fields.adoptedOn == Day("2025-04-11"))
            let regional = try #require(plans.first { $0.fields.kind == .regional })
            #expect(regional.fields.networkId != nil && regional.fields.countries.count == 5 && regional.fields.status == .draft)

            // The BiH plan's reporting: four yearly periods, the first locked; reports in every
            // state of the review, one returned once with a comment; the public sees the published ones
            let reports = SQLProgressReportStore(database: database)
            let periods = try #require(try await reports.periods(planId: bosnian.id, viewer: .anonymous))
            #expect(periods.map(\.fields.name) == ["2019", "2020", "2021", "2022"])
            #expect(periods.map(\.locked) == [true, false, false, false])
            let everyone = Viewer(userId: nil, isPlatformAdmin: true)
            let all = try await reports.reports(planId: bosnian.id, viewer: everyone)
            #expect(Set(all.map(\.status)) == [.published, .submitted, .returned, .draft])
            let published = try await reports.reports(planId: bosnian.id, viewer: .anonymous)
            #expect(published.count == 2 && published.allSatisfy { $0.status == .published })
            #expect(published.contains { report in report.fields.values.contains { $0.gap(unit: .count) == 7 } })
            var returnedOnce = false
            for report in all {
                let history = try #require(try await reports.history(reportId: report.id, viewer: everyone))
                if history.contains(where: { $0.action == "return" && !$0.comment.isEmpty }) { returnedOnce = true }
            }
            #expect(returnedOnce)
        }
    }
}
