import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage
@testable import WPSWeb

/// The demo's activities as a new user meets them: the 2012 BiH project's twenty activities on
/// the plan's measures, the regional board's review of national reports, the calendar list and
/// its iCalendar feed; and an organiser recording an activity and its participants in the browser.
@Suite struct ActivityPagesTests {
    static func loadDemo(_ services: AppServices) async throws {
        var summary = Seeder.DemoSummary()
        try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
        #expect(try await Seeder.loadDemoActivities(services.database, logger: Logger(label: "test")) == ActivityDemo.entries.count)
    }

    @Test(arguments: TestDatabase.engines)
    func theDemoProjectServesTheBosnianPlanAndTheBoardReviewedItsReports(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            try await Self.loadDemo(services)
            let plan = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let tree = try #require(try await services.plans.tree(planId: plan.id, viewer: .anonymous))
            let measures = tree.nodes.map(\.node).filter { $0.fields.kind == .measure }
            // The 2012 project: 6 board sessions, 1 ToT, 2 seminars, 10 workshops, 1 campaign, each on a measure of the plan
            let project = try await services.activities.allActivities(ActivityQuery(to: Day("2012-12-31")), viewer: .anonymous)
            #expect(project.count == 20)
            let kinds = Dictionary(grouping: project, by: \.fields.kind).mapValues(\.count)
            #expect(kinds == [.boardSession: 6, .trainingOfTrainers: 1, .seminar: 2, .workshop: 10, .campaign: 1])
            #expect(project.allSatisfy { !$0.fields.measureIds.isEmpty && Set($0.fields.measureIds).isSubset(of: Set(measures.map(\.id))) })
            // They belong to the project, which lists them by kind, each linked to measures of the plan
            let projects = try await api(client, .get, "/api/v1/projects?country=BA").items
            let projectId = try #require(projects.first?["id"] as? Int)
            #expect(projects.count == 1 && (projects.first?["measure_ids"] as? [Int])?.count == 5)
            #expect(try await api(client, .get, "/api/v1/activities?project=\(projectId)&per_page=100").items.count == 20)
            let projectPage = try await Browser(client).get(SiteRoute.project(projectId).path).text
            for heading in ["Board session (6)", "Training of trainers (1)", "Seminar (2)", "Workshop (10)", "Campaign (1)"] {
                #expect(projectPage.contains("<h3>\(heading)</h3>"), "\(heading)")
            }
            // Its result: 24 trainers trained, 16 women and 8 men, in the API, on its page and in its IATI activity
            let results = try await api(client, .get, "/api/v1/projects/\(projectId)/results").items
            let actual = try #require(((results.first?["indicators"] as? [[String: Any]])?.first?["actuals"] as? [[String: Any]])?.first)
            #expect(actual["value"] as? Double == 24 && actual["female"] as? Double == 16 && actual["male"] as? Double == 8)
            #expect(projectPage.contains("Broj obučenih trenera i trenerica"))
            let iati = try await Browser(client).get("/api/v1/projects/\(projectId)/iati.xml")
            #expect(iati.headers[.contentType] == "application/xml; charset=utf-8")
            #expect(iati.text.contains("<actual value=\"16\">\n                        <dimension name=\"sex\" value=\"female\" />"), "\(iati.text.suffix(1500))")
            #expect(iati.text.contains("<baseline year=\"2011\" value=\"0\" />") && iati.text.contains("<target value=\"20\" />"))
            // The plan's page shows them on their measures
            let page = try await Browser(client).get(SiteRoute.plan(plan.id).path).text
            let workshops = try #require(measures.first { $0.fields.code == "2.2.1" })
            #expect(page.contains(SiteRoute.activities.with(query: [("measure", String(workshops.id))])))
            #expect(page.contains(">10 · Participants: "))
            // Coverage: goal 1's three measures all have activities, one of them in 2020 (the 2020 workshop); goal 2's two, none in a period
            #expect(page.contains("id=\"coverage\""))
            #expect(page.contains("<td class=\"number\">0 / 3</td><td class=\"number\">1 / 3</td><td class=\"number\">0 / 3</td><td class=\"number\">0 / 3</td><td class=\"number\">3 / 3</td>"))
            #expect(page.contains("<td class=\"number\">2 / 2</td>"))
            // The regional board reviewed the two published 2019 reports: each report says so
            let reports = try await services.reports.reports(planId: plan.id, viewer: .anonymous)
            #expect(reports.count == 2)
            for report in reports {
                let reportPage = try await Browser(client).get(SiteRoute.report(report.id).path).text
                #expect(reportPage.contains("Regional coordination board session") || reportPage.contains("Sjednica regionalnog koordinacionog odbora"))
            }
            // The regional trainers' cascade: three generations from Marija Jurić, each person once
            let trainer = try #require(try await services.directory.people(DirectoryQuery(text: "Marija Jurić"), viewer: .anonymous).items.first)
            let cascade = try await api(client, .get, "/api/v1/people/\(trainer.id)/cascade")
            #expect(cascade.status == .ok, "\(cascade.text)")
            #expect(cascade.object["generations"] as? Int == 3 && cascade.object["people"] as? Int == 6)
            #expect((cascade.object["reach"] as? [String: Int]) == ["female": 24, "male": 47, "other": 0, "unknown": 0, "total": 71])
            #expect((cascade.object["trainings"] as? [[String: Any]])?.map { $0["generation"] as? Int } == [1, 1, 2, 3])
            let personPage = try await Browser(client).get(SiteRoute.person(trainer.id).path).text
            #expect(personPage.contains("4 trainings in 3 generations reached 6 people of the directory"))
            #expect(personPage.contains("71 (Female 24, Male 47)"))
            // The regional ToT's page shows the same cascade to anyone; a person who trained no one has none
            let tot = try #require(try await services.activities.allActivities(ActivityQuery(from: Day("2019-10-07"), to: Day("2019-10-11")), viewer: .anonymous).first)
            #expect(try await Browser(client).get(SiteRoute.activity(tot.id).path).text.contains("id=\"cascade\""))
            let amra = try #require(try await services.directory.people(DirectoryQuery(text: "Amra"), viewer: .anonymous).items.first)
            #expect(!(try await Browser(client).get(SiteRoute.person(amra.id).path).text.contains("id=\"cascade\"")))
            // Šabac 2023 reviewed the Serbian plan's final evaluation; the form offers the reports and evaluations to pick
            let sabac = try #require(try await services.activities.allActivities(ActivityQuery(from: Day("2023-04-25"), to: Day("2023-04-28")), viewer: .anonymous).first)
            #expect(try await Browser(client).get(SiteRoute.activity(sabac.id).path).text.contains("Final evaluation, SeConS"))
            // Zagreb 2017: six women of the directory, listed by name for the organisers only
            let zagreb = try #require(try await services.activities.allActivities(ActivityQuery(from: Day("2017-05-11"), to: Day("2017-05-13")), viewer: .anonymous).first)
            #expect(zagreb.participants == SexCounts(female: 6))
            let anonymous = try await Browser(client).get(SiteRoute.activity(zagreb.id).path).text
            #expect(anonymous.contains("Koncept projekta za održivost mreže.") && !anonymous.contains("Ivana Marić"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theCalendarListsByMonthAndTheFeedIsICalendar(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            try await Self.loadDemo(services)
            let browser = Browser(client)
            let list = try await browser.get(SiteRoute.activities.path + "?year=2023").text
            #expect(list.contains("<h2>April 2023</h2>") && list.contains("Šabac"))
            #expect(!list.contains("Zagreb"), "only 2023")
            let feed = try await browser.get(SiteRoute.activitiesCalendar.path + "?country=RS")
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = feed.text
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
            let events = text.components(separatedBy: "BEGIN:VEVENT").dropFirst()
            #expect(events.count == 1)
            for event in events { #expect(event.contains("\r\nUID:activity-") && event.contains("\r\nDTSTAMP:")) }
            #expect(text.contains("DTSTART;VALUE=DATE:20230425\r\nDTEND;VALUE=DATE:20230429\r\n"), "the end is exclusive")
            #expect(text.contains("LOCATION:Šabac\\, Serbia"))

            // Participants reached in 2012, by kind: the ten workshops reached 123 women and 39 men; the board 54 and 24
            let reach = try await browser.get(SiteRoute.reach.path + "?by=kind&year=2012").text
            #expect(reach.contains("<th scope=\"row\">Workshop</th><td class=\"number\">123</td><td class=\"number\">39</td>"))
            #expect(reach.contains("<th scope=\"row\">Board session</th><td class=\"number\">54</td><td class=\"number\">24</td>"))
            #expect(reach.contains("<svg") && reach.contains("role=\"img\""))
            let csv = try await browser.get(SiteRoute.reachCSV.path + "?by=kind&year=2012")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.contains("Workshop,123,39,0,0,162,10"))
            #expect(try await browser.get(SiteRoute.reach.path + "?by=shoe").status == .unprocessableContent)
        }
    }

    @Test func longLinesFoldWithoutSplittingACharacter() {
        let calendar = ICalendar(name: "x", events: [ICalendar.Event(
            uid: "a@b", start: Day("2024-01-01") ?? .epoch, end: Day("2024-01-01") ?? .epoch,
            summary: String(repeating: "Ž", count: 100) + "; a, b\\c\nd")])
        let text = calendar.text(stamp: "20240101T000000Z")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + String(repeating: "Ž", count: 100) + "\\; a\\, b\\\\c\\nd\r\n"))
    }

    @Test(arguments: TestDatabase.engines)
    func anOrganiserRecordsAnActivityAndItsParticipantsInTheBrowser(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
            let editor = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let form = try await editor.get(SiteRoute.newActivity.path).text
            #expect(form.contains("<option value=\"\(agency)\">"))
            // A workshop without a date is refused beside the field; nothing is written
            let missing = try await editor.post(SiteRoute.activities.path, [
                ("kind", "workshop"), ("title", "Radionica"), ("start", ""), ("end", ""), ("country", "BA"), ("owner_id", String(agency)),
                ("visibility", "public")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("id=\"start-error\""))
            #expect(try await services.activities.allActivities(ActivityQuery(), viewer: Viewer(userId: nil, isPlatformAdmin: true)).isEmpty)
            let created = try await editor.post(SiteRoute.activities.path, [
                ("kind", "workshop"), ("title", "Radionica o Rezoluciji 1325"), ("start", "2024-03-05"), ("end", "2024-03-05"), ("city", "Tuzla"),
                ("country", "BA"), ("owner_id", String(agency)), ("visibility", "public")])
            #expect(created.status == .seeOther)
            let path = try #require(created.headers[.location])
            let id = try #require(Int(path.split(separator: "/").last ?? ""))
            // Counts of 8 women and 3 men, with a sheet total of 12: the gap shows
            #expect(try await editor.post(SiteRoute.activityParticipants(id).path, [("female", "8"), ("male", "3"), ("total", "12")]).status == .seeOther)
            let bad = try await editor.post(SiteRoute.activityParticipants(id).path, [("female", "-1")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"female-error\""))
            let page = try await editor.get(path).text
            #expect(page.contains("<td>8</td><td>3</td><td>0</td><td>0</td><td><strong>11</strong></td>"))
            #expect(page.contains("Stated totals minus the counts given: 1"))
            #expect(try await services.activities.activity(id: id, viewer: .anonymous)?.participants == SexCounts(female: 8, male: 3))
            // The agenda as a PDF goes with it; a web page named .pdf is refused and says why
            let attached = try await editor.upload(SiteRoute.activityAttachments(id).path, [], file: ("file", "dnevni red.pdf", Array("%PDF-1.7 agenda".utf8)))
            #expect(attached.status == .seeOther && attached.headers[.location] == path + "#files")
            let disguised = try await editor.upload(SiteRoute.activityAttachments(id).path, [], file: ("file", "x.pdf", Array("<html>".utf8)))
            #expect(disguised.headers[.location] == path + "?file_error=unsupported_type#files")
            let withFile = try await Browser(client).get(path).text
            #expect(withFile.contains("dnevni-red.pdf") || withFile.contains("dnevni red.pdf"))
            let files = try await api(client, .get, "/api/v1/activities/\(id)/attachments").items
            #expect(files.count == 1 && files.first?["owner_kind"] as? String == "activity")
        }
    }
}
