import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage
@testable import WPSWeb

/// The NATO national-report layout: the demo's Bosnian tables by category, service, NATO code and
/// post, each by sex, with the figures withheld as on the dataset's page, as a page, a workbook
/// and JSON.
@Suite struct NATOReportTests {
    @Test(arguments: TestDatabase.engines)
    func theDemosBosnianReportShowsOFAndORRowsBySexWithheldAsOnTheDatasetsPage(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .datasets], peoplePerDataset: 800, logger: WebHarness.quietLogger)
            // When the public asks for Bosnia and Herzegovina's report (the latest year with data)
            let json = try await api(client, .get, "/api/v1/reports/nato?country=ba")
            #expect(json.status == .ok, "\(json.text.prefix(300))")
            let report = json.object
            #expect(report["country"] as? String == "BA" && report["exact"] as? Bool == false)
            let datasetId = try #require(report["dataset_id"] as? Int)
            let year = try #require(report["year"] as? Int)
            let tables = try #require(report["tables"] as? [[String: Any]])
            #expect(tables.compactMap { $0["name"] as? String }.prefix(5) == ["overall", "by_category", "by_service", "by_nato_code", "decision_making"])
            // Then its NATO-code table is the dataset's published table: OF and OR rows, by sex, the same withheld cells
            let byCode = try #require(tables.first { $0["name"] as? String == "by_nato_code" })
            let rows = try #require(byCode["rows"] as? [String])
            #expect(rows.contains { $0.hasPrefix("OF-") } && rows.contains { $0.hasPrefix("OR-") })
            #expect((byCode["columns"] as? [String])?.contains("female") == true)
            let table = try await api(client, .get, "/api/v1/datasets/\(datasetId)/table?rows=nato_code&columns=sex").object
            #expect(table["rows"] as? [String] == rows)
            func cells(_ object: [String: Any]) -> [String] {
                (object["cells"] as? [[String: Any]] ?? []).map { "\($0["row"] ?? "") \($0["column"] ?? "") \(($0["count"] as? Int).map(String.init) ?? "withheld")" }
            }
            #expect(cells(byCode) == cells(table))
            #expect(cells(byCode).contains { $0.hasSuffix("withheld") }, "the public sees some figures withheld")
            // And every source of the year stands beside it with its definition
            let sources = try #require(report["sources"] as? [[String: Any]])
            #expect(sources.first?["id"] as? Int == datasetId)
            #expect(sources.allSatisfy { ($0["reference_date"] as? String)?.hasPrefix(String(year)) == true && $0["definition"] is String })
            // And overall are the sexes' totals every table shows
            let overall = try #require(tables.first { $0["name"] as? String == "overall" })
            #expect((overall["cells"] as? [[String: Any]])?.map { $0["count"] as? Int } == (table["column_totals"] as? [Any])?.map { $0 as? Int })
            // The page prints the same figures as the dataset's page, and offers the workbook
            let page = try await client.execute(uri: "/reports/nato?country=BA&year=\(year)", method: .get)
            #expect(page.status == .ok)
            let section = try #require(page.text.components(separatedBy: "<h2>").first { $0.hasPrefix("By NATO rank code") })
            let datasetPage = try await client.execute(uri: "/datasets/\(datasetId)?rows=nato_code&columns=sex", method: .get).text
            #expect(DatasetPagesTests.numbers(in: section) == DatasetPagesTests.numbers(in: datasetPage.components(separatedBy: "class=\"figures\"")[1]))
            #expect(page.text.contains("/reports/nato.xlsx?country=BA&amp;year=\(year)"))
            #expect(page.text.contains("Sources for this country and year") && page.text.contains("href=\"/datasets/\(datasetId)\""))
            let workbook = try await client.execute(uri: "/reports/nato.xlsx?country=BA&year=\(year)", method: .get)
            #expect(workbook.status == .ok)
            #expect(workbook.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            // A country without data the reader sees is not found; a missing or odd country is named
            #expect(try await api(client, .get, "/api/v1/reports/nato?country=FR").status == .notFound)
            #expect(try await api(client, .get, "/api/v1/reports/nato?country=BA&year=1990").status == .notFound)
            let missing = try await api(client, .get, "/api/v1/reports/nato")
            #expect(missing.status == .unprocessableContent && missing.errorFields == ["country"])
            let odd = try await api(client, .get, "/api/v1/reports/nato?country=B1&year=99999999999999999999")
            #expect(odd.status == .unprocessableContent && Set(odd.errorFields) == ["country", "year"])
            #expect(try await client.execute(uri: "/reports/nato?country=FR", method: .get).text.contains("There is no dataset of this country and year"))
            // A newer police dataset of the same year does not replace the armed forces' tables, unless asked for
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let police = try await api(client, .post, "/api/v1/institutions", token: admin, json: """
                {"name":"Policija","kind":"police","country":"BA","level":"state","visibility":"public"}
                """)
            let policeId = try #require(police.object["id"] as? Int, "\(police.text)")
            let policeData = try await api(client, .post, "/api/v1/datasets", token: admin, json: """
                {"institution_id":\(policeId),"reference_date":"\(year)-12-31","visibility":"public","counts":[{"sex":"female","n":40},{"sex":"male","n":300}]}
                """)
            let policeDataset = try #require(policeData.object["id"] as? Int, "\(policeData.text)")
            #expect(try await api(client, .get, "/api/v1/reports/nato?country=BA&year=\(year)").object["dataset_id"] as? Int == datasetId)
            let asked = try await api(client, .get, "/api/v1/reports/nato?country=BA&year=\(year)&institution=\(policeId)").object
            #expect(asked["dataset_id"] as? Int == policeDataset)
            let withPolice = try await client.execute(uri: "/reports/nato?country=BA&year=\(year)", method: .get).text
            #expect(withPolice.contains("institution=\(policeId)"))
            #expect(try await api(client, .get, "/api/v1/reports/nato?country=BA&institution=0").errorFields == ["institution"])
            // Deployed abroad, from the file's deployment column: by sex, exact for the owner's
            // analyst, with no count from 1 to k−1 shown to the public
            let deployed = try #require(tables.first { $0["name"] as? String == "deployed_abroad" }, "the demo's files record deployment")
            #expect(deployed["rows"] as? [String] == ["deployed_abroad"])
            let exactCounts = try #require(try await services.datasets.deployedAbroad(datasetId: datasetId, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            let shown = (deployed["cells"] as? [[String: Any]] ?? []).compactMap { $0["count"] as? Int }
            #expect(shown.allSatisfy { $0 == 0 || $0 >= 5 })
            #expect(exactCounts.total > 0 && (deployed["total"] as? Int).map { $0 == exactCounts.total } ?? true)
            let ministry = try #require(report["sources"].flatMap { ($0 as? [[String: Any]])?.first?["institution_id"] as? Int })
            let analyst = try await WebHarness.token(services, email: "analyst-nato@example.org", role: (ministry, .analyst))
            let exactReport = try await api(client, .get, "/api/v1/reports/nato?country=BA&year=\(year)", token: analyst).object
            let exactDeployed = ((exactReport["tables"] as? [[String: Any]]) ?? []).first { $0["name"] as? String == "deployed_abroad" }
            #expect((exactDeployed?["cells"] as? [[String: Any]])?.map { $0["count"] as? Int } == exactCounts.cells[0].map { Optional($0) })
            #expect(page.text.contains("Deployed abroad") && !page.text.contains("has no column for deployment"))
            // An aggregate table has no deployment: the report says so instead of a table
            let policeReport = try await client.execute(uri: "/reports/nato?country=BA&year=\(year)&institution=\(policeId)", method: .get).text
            #expect(policeReport.contains("has no column for deployment"))
            // The report's address takes GET only, though /api/v1/reports/{id} takes PATCH
            let patch = try await api(client, .patch, "/api/v1/reports/nato?country=BA", json: "{}")
            #expect(patch.status == .methodNotAllowed && patch.headers[.allow] == "GET, HEAD")
            #expect(try await api(client, .patch, "/api/v1/reports/999", json: "{}").status != .methodNotAllowed)
        }
    }
}
