import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// Progress reporting in the browser, on the demo's BiH plan: the plan's reporting section, a
/// ministry's editor writing and submitting a report (a wrong figure is named beside its field
/// and nothing is saved), the agency returning it with a comment, and who sees what.
@Suite struct ReportPagesTests {
    @Test(arguments: TestDatabase.engines)
    func aMinistryWritesItsReportAndTheAgencyReviewsIt(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            for (email, institution) in [("editor@mod.example.org", ministry), ("editor@ars.example.org", agency)] {
                _ = try await AccountService(services: services).addUser(
                    email: email, name: email, password: PagesTests.password, platformAdmin: false, institution: (institution, .editor),
                    by: .system("test"))
            }
            let plan = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let periods = try #require(try await services.reports.periods(planId: plan.id, viewer: .anonymous))
            let period2021 = try #require(periods.first { $0.fields.name == "2021" })

            // The public sees the periods, the lock and the published reports only
            let anonymous = Browser(client)
            let publicPage = try await anonymous.get(SiteRoute.plan(plan.id).path).text
            #expect(publicPage.contains("id=\"reporting\"") && publicPage.contains(">Locked<"))
            let published = try await services.reports.reports(planId: plan.id, viewer: .anonymous)
            #expect(published.count == 2)
            for report in published { #expect(publicPage.contains(SiteRoute.report(report.id).path)) }
            let every = try await services.reports.reports(planId: plan.id, viewer: Viewer(userId: nil, isPlatformAdmin: true))
            for report in every where report.status != .published {
                #expect(!publicPage.contains(SiteRoute.report(report.id).path + "\""))
                #expect(try await anonymous.get(SiteRoute.report(report.id).path).status == .notFound)
            }
            // The latest accepted value shows beside the baseline (1.2.1.a: 18 women in 2019)
            #expect(publicPage.contains("18<div class=\"muted\">2019</div>"))

            // The ministry opens its 2021 report from the plan's page and lands in the editor
            let reporter = try await RolePagesTests.signedIn(client, "editor@mod.example.org")
            let planPage = try await reporter.get(SiteRoute.plan(plan.id).path).text
            #expect(planPage.contains(SiteRoute.periodReports(period2021.id).path))
            #expect(!planPage.contains(SiteRoute.planPeriods(plan.id).path), "only the coordinator adds periods")
            let opened = try await reporter.post(SiteRoute.periodReports(period2021.id).path, [("institution_id", String(ministry))])
            #expect(opened.status == .seeOther)
            let editPath = try #require(opened.headers[.location])
            let id = try #require(Int(editPath.split(separator: "/").dropLast().last ?? ""))
            #expect(editPath == SiteRoute.editReport(id).path)
            let tree = try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous))
            let measure = try #require(tree.nodes.first { $0.node.fields.code == "1.2.1" }?.node.id)
            let indicator = try #require(tree.nodes.flatMap(\.indicators).first { $0.fields.code == "1.2.1.a" }?.id)
            let computed = try #require(tree.nodes.flatMap(\.indicators).first { $0.fields.code == "1.a" }?.id)
            let editor = try await reporter.get(editPath).text
            #expect(editor.contains("name=\"v\(indicator).female\"") && editor.contains("name=\"m\(measure).status\""))
            #expect(!editor.contains("name=\"v\(computed).value\""), "computed indicators are never typed")
            let security = try #require(tree.nodes.first { $0.node.fields.code == "2.1.1" }?.node.id)
            #expect(!editor.contains("name=\"m\(security).status\""), "only the measures the ministry leads or partners")

            // A wrong figure is named beside its field; nothing is saved
            let wrong = try await reporter.post(editPath, [
                ("version", "1"), ("narrative", "Treća generacija."), ("m\(measure).status", "completed"), ("m\(measure).narrative", "Završeno."),
                ("v\(indicator).value", "sixty"), ("v\(indicator).female", "-3"), ("v\(indicator).male", "0"),
            ])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("id=\"v\(indicator).value-error\"") && wrong.text.contains("value=\"sixty\""))
            #expect(try await services.reports.report(id: id, viewer: Viewer(userId: nil, isPlatformAdmin: true))?.version == 1)
            let negative = try await reporter.post(editPath, [
                ("version", "1"), ("m\(measure).status", "completed"), ("v\(indicator).value", "60"), ("v\(indicator).female", "-3"),
            ])
            #expect(negative.status == .unprocessableContent && negative.text.contains("id=\"v\(indicator).female-error\""), "the store's rule, at its field")

            let saved = try await reporter.post(editPath, [
                ("version", "1"), ("narrative", "Treća generacija."), ("m\(measure).status", "completed"), ("m\(measure).narrative", "Završeno."),
                ("v\(indicator).value", "60"), ("v\(indicator).female", "58"), ("v\(indicator).male", "0"), ("v\(indicator).source", "Evidencija"),
            ])
            #expect(saved.status == .seeOther && saved.headers[.location] == SiteRoute.report(id).path)
            let page = try await reporter.get(SiteRoute.report(id).path).text
            #expect(page.contains("Treća generacija.") && page.contains("<strong class=\"gap\">2</strong>"))
            #expect(page.contains("name=\"step\" value=\"submit\"") && !page.contains("value=\"accept\""))
            #expect(try await reporter.post(SiteRoute.reportStep(id).path, [("step", "submit"), ("comment-submit", "")]).status == .seeOther)

            // The agency returns it: without a comment it is told to write one
            let coordinator = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let review = try await coordinator.get(SiteRoute.report(id).path).text
            #expect(review.contains("value=\"return\"") && review.contains("value=\"accept\"") && !review.contains(SiteRoute.editReport(id).path))
            let silent = try await coordinator.post(SiteRoute.reportStep(id).path, [("step", "return"), ("comment-return", "  ")])
            #expect(silent.status == .unprocessableContent && silent.text.contains("id=\"comment-return-error\""))
            #expect(try await coordinator.post(SiteRoute.reportStep(id).path, [("step", "return"), ("comment-return", "Dodajte izvor za muškarce.")]).status == .seeOther)
            let returned = try await reporter.get(SiteRoute.report(id).path).text
            #expect(returned.contains("Dodajte izvor za muškarce.") && returned.contains(SiteRoute.editReport(id).path))
            // Still hidden from the public and from the other ministries
            #expect(try await anonymous.get(SiteRoute.report(id).path).status == .notFound)

            // A locked period: the agency locks 2021, the ministry can no longer submit
            #expect(try await coordinator.post(SiteRoute.lockPeriod(period2021.id).path, [("locked", "true")]).status == .seeOther)
            let locked = try await reporter.get(SiteRoute.report(id).path).text
            #expect(locked.contains("is locked") && !locked.contains("value=\"submit\""))
            #expect(try await reporter.post(SiteRoute.reportStep(id).path, [("step", "submit"), ("comment-submit", "")]).status == .conflict)

            // The coordinator adds a period; a bad date is named and nothing is added
            let bad = try await coordinator.post(SiteRoute.planPeriods(plan.id).path, [("name", "2023"), ("start", "2023-13-01"), ("end", "2023-12-31")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"start-error\""))
            #expect(try await coordinator.post(SiteRoute.planPeriods(plan.id).path, [("name", "2023"), ("start", "2023-01-01"), ("end", "2023-12-31")]).status == .seeOther)
            #expect(try await services.reports.periods(planId: plan.id, viewer: .anonymous)?.count == periods.count + 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theAnnualReportShowsEveryGoalAndOnlyFinalFigures(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let plans = try await services.plans.plans(DirectoryQuery(), viewer: .anonymous).items
            let plan = try #require(plans.first { $0.fields.country == "BA" })
            let periods = try #require(try await services.reports.periods(planId: plan.id, viewer: .anonymous))
            let browser = Browser(client)
            let path = SiteRoute.planReport(plan.id).path
            let report2019 = try await browser.get(path + "?period=\(try #require(periods.first { $0.fields.name == "2019" }).id)")
            #expect(report2019.status == .ok)
            let tree = try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous))
            for goal in tree.nodes where goal.node.fields.kind == .goal {
                #expect(report2019.text.contains("class=\"goal-report\" id=\"goal-\(goal.node.id)\""), "goal \(goal.node.fields.code)")
            }
            // The published 2019 figures, by sex, with their institution
            #expect(report2019.text.contains("240") && report2019.text.contains("Female 61"), "2.1.a by sex")
            // 2020: the ministry's figure (41) is only submitted, so not printed; the public does not see the report at all
            let report2020 = try await browser.get(path + "?period=\(try #require(periods.first { $0.fields.name == "2020" }).id)").text
            #expect(!report2020.contains(">41") && report2020.contains("No report seen") && !report2020.contains("Submitted"))
            // A period of another plan, or no number, is not there
            let other = try #require(plans.first { $0.fields.country == "RS" })
            #expect(try await browser.get(SiteRoute.planReport(other.id).path + "?period=\(periods[0].id)").status == .notFound)
            #expect(try await browser.get(path + "?period=x").status == .notFound)
        }
    }
}
