import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// The plan pages a reader opens after `wps serve --demo`.
@Suite struct PlanPagesTests {
    @Test(arguments: TestDatabase.engines)
    func theListShowsThePlansAndAPlanShowsItsTree(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let browser = Browser(client)
            let list = try await browser.get(SiteRoute.plans.path)
            #expect(list.status == .ok)
            for entry in PlanDemo.plans { #expect(list.text.contains(Markup.escape(entry.fields.title)), "\(entry.key)") }
            let serbian = try await browser.get(SiteRoute.plans.path + "?country=RS&status=in_implementation")
            #expect(serbian.text.contains("2025–2027") && !serbian.text.contains("2017–2020") && !serbian.text.contains("UNSCR 1325 u Bosni"))

            let bosnian = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let page = try await browser.get(SiteRoute.plan(bosnian.id).path)
            #expect(page.status == .ok)
            let html = page.text
            // Every goal, objective and measure by its code and title, in the tree's order
            let tree = try #require(try await services.plans.tree(planId: bosnian.id, viewer: .anonymous))
            var position = html.startIndex
            for entry in tree.nodes {
                let heading = Markup.escape("\(entry.node.fields.code) \(entry.node.fields.title)")
                let found = try #require(html.range(of: heading, range: position..<html.endIndex), "\(heading) in order")
                position = found.upperBound
            }
            // Indicators with baseline and target, and a bar for each numeric one
            #expect(html.contains("Udio žena u Oružanim snagama BiH"))
            #expect(html.contains("6.8 % (2017)") && html.contains("10 % (2022)"))
            #expect(html.contains("<svg") && html.contains("id=\"indicator-"))
            // Lead institutions are links to their pages
            #expect(html.contains(SiteRoute.institution(tree.nodes.first { !$0.node.fields.leadIds.isEmpty }?.node.fields.leadIds.first ?? 0).path))
            #expect(try await browser.get(SiteRoute.plan(987_654).path).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theCoordinatorUploadsAPlanMatrix(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let plan = try await Self.regionalPlanAndAgencyEditor(services)
            let before = try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous)).nodes.count
            let browser = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            #expect(try await browser.get(SiteRoute.plan(plan.id).path).text.contains(SiteRoute.importPlan(plan.id).path))
            #expect(try await browser.get(SiteRoute.importPlan(plan.id).path).status == .ok)
            #expect(try await Browser(client).get(SiteRoute.importPlan(plan.id).path).status != .ok, "visitors are sent to sign in")

            let bad = Array("code;title;lead\r\n1.1;Mehanizmi;\r\n1.1.1;Obuka;Nepoznata agencija\r\n".utf8)
            let refused = try await browser.upload(SiteRoute.importPlan(plan.id).path, [("sheet", "")], file: ("file", "matrica.csv", bad))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<td>3</td><td>lead</td><td>Nepoznata agencija</td>"), "row, column, value")
            #expect(try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous)).nodes.count == before)

            let good = Array("code;title;lead\r\n1.1;Mehanizmi;\r\n1.1.1;Obuka;ARS BiH\r\n".utf8)
            let added = try await browser.upload(SiteRoute.importPlan(plan.id).path, [("sheet", "")], file: ("file", "matrica.csv", good))
            #expect(added.status == .seeOther && added.headers[.location] == SiteRoute.plan(plan.id).path)
            #expect(try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous)).nodes.count == before + 2)
        }
    }

    /// Loads the demo's plans, makes `editor@ars.example.org` an editor of BiH's gender equality
    /// agency, and returns the regional plan (which the agency may edit).
    static func regionalPlanAndAgencyEditor(_ services: AppServices) async throws -> Plan {
        var summary = Seeder.DemoSummary()
        try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
        let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
        _ = try await AccountService(services: services).addUser(
            email: "editor@ars.example.org", name: "Editor", password: PagesTests.password, platformAdmin: false, institution: (agency, .editor),
            by: .system("test"))
        return try #require(try await services.plans.plans(DirectoryQuery(kind: "regional"), viewer: .anonymous).items.first)
    }
}
