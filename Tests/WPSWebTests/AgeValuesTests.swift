import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// Values by age band and sex (`sex_age` indicators), as a ministry reports them through the
/// API and in the report editor, and as the report's page and the annual report show them:
/// each sex's figure minus its bands is kept and shown, never forced equal.
@Suite struct AgeValuesTests {
    @Test(arguments: TestDatabase.engines)
    func aMinistryReportsFiguresByAgeBandAndSex(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let s = try await ReportWorkflowTests.setUp(client, services)
            let byAge = try await api(client, .post, "/api/v1/plan-nodes/\(s.measure)/indicators", token: s.coordinator, json: """
                {"code":"1.1.1.b","definition":"Broj žena primljenih u službu","unit":"count","disaggregation":"sex_age"}
                """)
            #expect(byAge.status == .created, "\(byAge.text)")
            let indicator = try #require(byAge.object["id"] as? Int)
            let period = try #require(try await api(client, .post, "/api/v1/plans/\(s.plan)/periods", token: s.coordinator,
                                                    json: #"{"name":"2019","start":"2019-01-01","end":"2019-12-31"}"#).object["id"] as? Int)
            let report = try #require(try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.reporter,
                                                    json: #"{"institution_id":\#(s.ministry)}"#).object["id"] as? Int)

            // Bands on an indicator only by sex, a repeated band, a negative figure and a band
            // without a label are each refused at their place; nothing is written
            let bad = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: """
                {"version":1,"values":[
                  {"indicator_id":\(s.indicator),"value":10,"by_age":[{"band":"18–24","female":3}]},
                  {"indicator_id":\(indicator),"value":30,"female":20,"male":10,"by_age":[
                    {"band":"18–24","female":12},{"band":"18–24 ","male":4},{"band":"25–29","female":-1},{"band":" ","male":2}]}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields) == [
                "values[0].by_age[0].band", "values[1].by_age[1].band", "values[1].by_age[2].female", "values[1].by_age[3].band",
            ], "\(bad.text)")
            #expect(try await api(client, .get, "/api/v1/reports/\(report)", token: s.reporter).object["version"] as? Int == 1)

            // Good bands are kept in order; women's bands fall 2 short of the women's figure
            let saved = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: """
                {"version":1,"values":[{"indicator_id":\(indicator),"value":30,"female":20,"male":10,"by_age":[
                    {"band":"18–24","female":12,"male":6},{"band":"25–29","female":6,"male":4}]}]}
                """)
            #expect(saved.status == .ok, "\(saved.text)")
            let value = try #require((saved.object["values"] as? [[String: Any]])?.first)
            let bands = try #require(value["by_age"] as? [[String: Any]])
            #expect(bands.map { $0["band"] as? String } == ["18–24", "25–29"])
            #expect(bands.map { $0["female"] as? Double } == [12, 6] && bands.first?["other"] is NSNull)
            #expect((value["age_gaps"] as? [String: Double]) == ["female": 2], "men's bands add up; women's do not")
            // The indicator's values carry the bands too
            let readings = try await api(client, .get, "/api/v1/indicators/\(indicator)/values", token: s.coordinator).items
            #expect((readings.first?["by_age"] as? [[String: Any]])?.count == 2)

            // The editor shows the bands as a grid; a wrong figure is named in it and nothing is saved
            let browser = try await RolePagesTests.signedIn(client, "editor@mod.example.org")
            let before = try await browser.get(SiteRoute.report(report).path).text
            #expect(before.contains("<th>Figure by sex minus its bands</th><td><strong class=\"gap\">2</strong></td><td></td>"))
            let edit = SiteRoute.editReport(report).path
            let editor = try await browser.get(edit).text
            #expect(editor.contains("name=\"v\(indicator).by_age[0].band\" id=\"v\(indicator).by_age[0].band\" value=\"18–24\""))
            #expect(editor.contains("name=\"v\(indicator).age_rows\" value=\"9\""), "the two bands, then empty rows up to the standard bands")
            #expect(!editor.contains("name=\"v\(s.indicator).by_age[0].band\""), "an indicator only by sex has no grid")
            var form: [(String, String)] = [
                ("version", "2"), ("v\(indicator).value", "31"), ("v\(indicator).female", "21"), ("v\(indicator).male", "10"), ("v\(indicator).age_rows", "4"),
                ("v\(indicator).by_age[0].band", "18–24"), ("v\(indicator).by_age[0].female", "13"), ("v\(indicator).by_age[0].male", "6"),
                ("v\(indicator).by_age[1].band", "25–29"), ("v\(indicator).by_age[1].female", "8"), ("v\(indicator).by_age[1].male", "four"),
                ("v\(indicator).by_age[2].band", "30–34"),
            ]
            let wrong = try await browser.post(edit, form)
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("value=\"four\""))
            #expect(wrong.text.contains("id=\"v\(indicator).by_age[1].male\" value=\"four\" inputmode=\"decimal\""))
            #expect(wrong.text.contains("aria-invalid=\"true\""))
            form[10] = ("v\(indicator).by_age[1].male", "4")
            #expect(try await browser.post(edit, form).status == .seeOther)
            let stored = try #require(try await services.reports.report(id: report, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            #expect(stored.fields.values.first?.byAge == [
                AgeValue(band: "18–24", female: 13, male: 6), AgeValue(band: "25–29", female: 8, male: 4),
            ], "the labelled row without figures is left out")

            // The report's page shows the bands and each sex's gap
            let page = try await browser.get(SiteRoute.report(report).path).text
            #expect(page.contains("<table class=\"by-age\">") && page.contains("<th>25–29</th><td>8</td><td>4</td>"))
            #expect(!page.contains("Figure by sex minus its bands"), "both sexes add up now: no gap row")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theDemoAnnualReportShowsTheMentoringProgrammeByAge(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let plan = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let period = try #require(try await services.reports.periods(planId: plan.id, viewer: .anonymous)?.first { $0.fields.name == "2019" })
            let annual = try await Browser(client).get(SiteRoute.planReport(plan.id).path + "?period=\(period.id)").text
            #expect(annual.contains("<table class=\"by-age\">") && annual.contains("<th>30–34</th><td>6</td>"))
        }
    }
}
