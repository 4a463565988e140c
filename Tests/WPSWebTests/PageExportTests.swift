import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage
@testable import WPSWeb

/// Every table a page shows downloads as CSV and .xlsx (`?format=csv|xlsx` on the page's
/// address): the same columns as the page, headed in the reader's language, every row the
/// filters find (not one page of them), and text a spreadsheet would run neutralised.
@Suite struct PageExportTests {
    static let password = "correct horse battery staple"

    static func rows(_ response: TestResponse) throws -> [[String]] {
        try CSVReader(bytes: Array(response.body.readableBytesView)).readAll()
    }

    /// The header cells of the first table of a page, as its text reads.
    static func pageHeader(_ html: String) -> [String] {
        guard let head = html.firstMatch(of: /<thead>([\s\S]*?)<\/thead>/)?.output.1 else { return [] }
        return head.matches(of: /<th[^>]*>([^<]*)<\/th>/).map {
            String($0.output.1).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyListDownloadsTheColumnsItShowsWithEveryRowFound(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, peoplePerDataset: 200, logger: WebHarness.quietLogger)
            _ = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let browser = Browser(client, language: "bs")
            _ = try await browser.get("/login")
            #expect(try await browser.post("/login", [("email", "admin@example.org"), ("password", Self.password)]).status == .seeOther)
            let pages = ["/institutions", "/institutions?country=BA&kind=armed_forces", "/people", "/networks", "/datasets", "/activities", "/activities?country=BA", "/plans", "/projects", "/experts", "/policy-reviews", "/plans/1", "/reports/1",
                         "/reports/1?table=measures", "/policy-reviews/templates/1", "/recommendations", "/recommendations?status=open",
                         "/plans/1?table=dashboard", "/plans/1?table=reporting", "/plans/1/report", "/plans/1/report?table=completeness",
                         "/plans/1/report?table=indicators", "/expertise-requests", "/expertise-requests/2", "/coaching/cohorts/1",
                         "/coaching/pairings/1", "/datasets/compare", "/datasets/compare?table=by_code", "/reports/nato?country=BA",
                         "/reports/nato?country=BA&table=by_category", "/datasets/3?table=between", "/datasets/3?table=trend"]
            // Pages with more than one table, whose download is not of the first one
            let several = ["/plans/1", "/reports/1", "/reports/1?table=measures", "/plans/1?table=dashboard", "/plans/1?table=reporting",
                           "/plans/1/report?table=completeness", "/plans/1/report?table=indicators", "/expertise-requests/2",
                           "/datasets/compare?table=by_code", "/reports/nato?country=BA", "/reports/nato?country=BA&table=by_category",
                           "/datasets/3?table=between", "/datasets/3?table=trend"]
            for page in pages {
                let html = try await browser.get(page)
                #expect(html.status == .ok, "\(page)")
                let separator = page.contains("?") ? "&" : "?"
                // Pages of several tables keep their workbook's own address (/reports/nato.xlsx)
                #expect(html.text.contains("format=csv") && (html.text.contains("format=xlsx") || html.text.contains(".xlsx")), "\(page) offers its downloads")
                let csv = try await browser.get(page + separator + "format=csv")
                #expect(csv.status == .ok, "\(page)")
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8", "\(page)")
                #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true, "\(page)")
                let rows = try Self.rows(csv)
                #expect(rows.count > 1, "\(page) has rows")
                #expect(rows.allSatisfy { $0.count == rows.first?.count }, "\(page) every row has every column")
                // Headed in the reader's language (BCS here), as the page's table is
                if !several.contains(page) {
                    #expect(rows.first.map { $0.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") } } == Self.pageHeader(html.text), "\(page)")
                }
                let xlsx = try await browser.get(page + separator + "format=xlsx")
                #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8), "\(page)")
            }
            // A request's matches: the page's columns without its buttons, each part of the score apart
            let matchesPage = Self.pageHeader(try await browser.get("/expertise-requests/2").text)
            let matches = try Self.rows(try await browser.get("/expertise-requests/2?format=csv"))
            let t = Catalog.of(.bs)
            #expect(matches.first.map { $0.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") } }
                == Array(matchesPage.prefix(2)) + ExpertiseRequestPages.scoreParts.map { t("expertise.part.\($0)") } + [matchesPage[2]])
            #expect(matches.dropFirst().allSatisfy { Double($0[1]) != nil }, "scores are numbers")
            // A pairing's sessions: topics and notes are its coach's alone, in the file as on the page
            let sessions = try Self.rows(try await browser.get("/coaching/pairings/1?format=csv"))
            #expect(sessions.count > 1 && !(sessions.first ?? []).contains(t("coaching.notes")) && !(sessions.first ?? []).contains(t("coaching.topics")))
            // A page with several tables names the one its CSV holds; a name it does not have is refused
            let trend = try Self.rows(try await browser.get("/datasets/3?format=csv&table=trend"))
            #expect(trend.first?.first?.replacingOccurrences(of: "\u{FEFF}", with: "") == t("field.reference_date") && trend.count == 4, "three snapshots")
            #expect(try await browser.get("/datasets/3?format=csv&table=nonsense").status == .unprocessableContent)
            #expect(try await browser.get("/reports/nato?country=BA&format=csv&table=nonsense").status == .unprocessableContent)
            // Only the secretariat sees matches; anyone else gets no file
            let stranger = try await client.execute(uri: "/expertise-requests/2?format=csv", method: .get)
            #expect(stranger.headers[.contentType] != "text/csv; charset=utf-8")
            // Every activity the filters find, not the page the reader is on
            let total = try #require(try await api(client, .get, "/api/v1/activities?per_page=1").object["total"] as? Int)
            #expect(total > 10)
            #expect(try Self.rows(try await browser.get("/activities?per_page=10&page=2&format=csv")).count == total + 1)
            let bosnian = try #require(try await api(client, .get, "/api/v1/activities?country=BA&per_page=1").object["total"] as? Int)
            #expect(try Self.rows(try await browser.get("/activities?country=BA&format=csv")).count == bosnian + 1)
            // The plan's indicators: one row per indicator of the plan, with its node
            let tree = try await api(client, .get, "/api/v1/plans/1/tree").object
            let indicators = (tree["nodes"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["indicators"] as? [Any])?.count ?? 0) }
            let planRows = try Self.rows(try await browser.get("/plans/1?format=csv"))
            #expect(planRows.count == indicators + 1)
            #expect(planRows.first?.first?.hasSuffix(Catalog.of(.bs)("consultation.node")) == true)
            // A format the platform does not write is refused, naming the parameter
            let refused = try await browser.get("/plans?format=pdf")
            #expect(refused.status == .unprocessableContent || refused.status == .badRequest)
        }
    }

    @Test func aDownloadReadsEveryPageUpToItsLimit() async throws {
        func pages(of items: [Int]) -> (PageRequest) async throws -> Page<Int> {
            { request in
                let start = min(items.count, (request.page - 1) * request.perPage)
                return Page(items: Array(items[start..<min(items.count, start + request.perPage)]), page: request.page, perPage: request.perPage, total: items.count)
            }
        }
        let items = Array(0..<450)
        #expect(try await PageExport.all(pages(of: items)) == items)
        let capped = try await PageExport.all(pages(of: Array(0..<(PageExport.maximumRows + 500))))
        #expect(capped.count == PageExport.maximumRows)
    }

    @Test(arguments: TestDatabase.engines)
    func aTitleThatLooksLikeAFormulaDownloadsAsText(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let token = try await WebHarness.token(services, email: "editor@example.org", role: (agency, .editor))
            let created = try await api(client, .post, "/api/v1/activities", token: token, json: """
                {"owner_id":\(agency),"kind":"workshop","title":"=HYPERLINK(\\"http://evil.example\\",\\"x\\")","start":"2026-05-04","end":"2026-05-04",
                 "country":"BA"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let csv = try await client.execute(uri: "/activities?format=csv&year=2026", method: .get)
            let text = String(buffer: csv.body)
            #expect(text.contains("'=HYPERLINK"), "neutralised with an apostrophe")
            #expect(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"))
        }
    }
}
