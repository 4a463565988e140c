import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

@Suite struct IndicatorsAPITests {
    /// Exact counts straight from the stored records, independently of the analysis code.
    static func count(_ services: AppServices, dataset: Int, _ condition: String) async throws -> Int {
        try await services.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM personnel_records_spelled_out WHERE dataset_id = \(bind: dataset) AND \(unsafeRaw: condition)")
                .first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(arguments: TestDatabase.engines)
    func analystsGetExactIndicatorsTheSeriesAndOthersNothingHidden(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given two snapshots of one series, public
            let (first, ministry) = try await WebHarness.bosnianDataset(services, seed: 5, visibility: .public)
            let (second, _) = try await WebHarness.bosnianDataset(services, seed: 6, visibility: .public)
            try await services.database.transaction { sql in
                try await sql.raw("UPDATE datasets SET reference_date = '2023-12-31' WHERE id = \(bind: first)").run()
            }
            let analyst = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            // When
            let exact = try await api(client, .get, "/api/v1/datasets/\(second)/indicators", token: analyst).object
            let published = try await api(client, .get, "/api/v1/datasets/\(second)/indicators").object
            // Then the analyst's figures equal counts of the records
            let women = try await Self.count(services, dataset: second, "sex = 'female'")
            let senior = try await Self.count(services, dataset: second, "nato_code IN ('OF-5','OF-6','OF-7','OF-8','OF-9','OF-10')")
            let seniorWomen = try await Self.count(services, dataset: second, "sex = 'female' AND nato_code IN ('OF-5','OF-6','OF-7','OF-8','OF-9','OF-10')")
            let posts = try await Self.count(services, dataset: second, "decision_making = 1")
            let postWomen = try await Self.count(services, dataset: second, "decision_making = 1 AND sex = 'female'")
            let left = try await Self.count(services, dataset: second, "sex = 'female' AND exit_date LIKE '2024-%'")
            func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            #expect(exact["exact"] as? Bool == true)
            #expect(exact["women"] as? Int == women)
            #expect(exact["share_of_women"] as? Double == rounded(Double(women) * 100 / 1500))
            #expect(exact["share_in_decision_making"] as? Double == rounded(Double(postWomen) * 100 / Double(posts)))
            if seniorWomen > 0 {
                let index = (Double(women) / 1500) / (Double(seniorWomen) / Double(senior))
                #expect(exact["glass_ceiling_index"] as? Double == (index * 100).rounded() / 100)
            }
            let rates = exact["rates"] as? [[String: Any]] ?? []
            #expect(rates.first?["sex"] as? String == "female")
            #expect(rates.first?["attrition"] as? Double == rounded(Double(left) * 100 / Double(women)))
            let series = (exact["series"] as? [[String: Any]] ?? []).compactMap { $0["reference_date"] as? String }
            #expect(series == ["2023-12-31", "2024-12-31"])
            let steps = exact["between_snapshots"] as? [[String: Any]] ?? []
            #expect(steps.count == 1)
            #expect(steps.first?["from"] as? String == "2023-12-31")
            #expect(steps.first?["people_matched"] as? Int == 1500)

            // The public sees the same figures or nothing, and only what its published table allows
            #expect(published["exact"] as? Bool == false)
            for key in ["share_of_women", "share_in_senior_posts", "share_in_decision_making", "glass_ceiling_index"] {
                if let value = published[key] as? Double { #expect(value == exact[key] as? Double, "\(key)") }
            }
            let table = try await api(client, .get, "/api/v1/datasets/\(second)/table?rows=nato_code&columns=sex").object
            let hiddenSeniorWoman = (table["cells"] as? [[String: Any]] ?? []).contains {
                ($0["row"] as? String).map(Indicators.seniorCodes.contains) == true && $0["column"] as? String == "female"
                    && $0["suppressed"] as? Bool == true
            }
            if hiddenSeniorWoman { #expect(published["share_in_senior_posts"] is NSNull) }
            #expect(try await api(client, .get, "/api/v1/datasets/999999/indicators").status == .notFound)
            // The page shows the indicators and the trend
            let page = try await Browser(client).get("/datasets/\(second)")
            #expect(page.text.contains("Glass-ceiling index") && page.text.contains("Trend"))
            #expect(page.text.contains("/datasets/\(second)/indicators.xlsx"))
            // Its tables download as a workbook with the same figures withheld
            let download = try await Browser(client).get("/datasets/\(second)/indicators.xlsx")
            #expect(download.status == .ok)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("ind-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(download.body.readableBytesView).write(to: file)
            let workbook = try XLSXWorkbook(path: file.path)
            #expect(workbook.sheetNames.first == "Indicators")
            #expect(workbook.sheetNames.contains("Trend"))
            let indicators = try workbook.sheet(named: "Indicators").rows.map(\.cells)
            let shown = indicators.first { $0.first == "Women, % of all" }?.last
            #expect(shown == ((published["share_of_women"] as? Double).map { ExcelNumber.text($0) } ?? "withheld"))
            for name in workbook.sheetNames where name.hasPrefix("Recruitment") {
                let movement = try workbook.sheet(named: name).rows.dropFirst().flatMap { $0.cells.dropFirst().prefix(2) }
                #expect(!movement.contains { Int($0).map { (1...4).contains($0) } ?? false })
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func comparisonShowsTheLatestVisibleDatasetOfEachCountry(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given a public BiH dataset and a Serbian one hidden in its institution
            let (bosnia, _) = try await WebHarness.bosnianDataset(services, seed: 7, visibility: .public)
            let serbia = try await WebHarness.institutionId(services, named: "Ministry of Defence of Serbia")
            _ = try await services.datasets.createAggregate(
                AggregateTable(institutionId: serbia, referenceDate: Day("2024-12-31") ?? .epoch, visibility: .institution,
                               counts: [AggregateCount(sex: .female, natoCode: "OF-4", count: 40), AggregateCount(sex: .male, natoCode: "OF-4", count: 60)]),
                viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("test"))
            // When the public compares
            let comparison = try await api(client, .get, "/api/v1/comparison").object
            // Then only Bosnia is there, with its shares by NATO code
            let countries = comparison["countries"] as? [[String: Any]] ?? []
            #expect(countries.compactMap { $0["country"] as? String } == ["BA"])
            #expect(countries.first?["dataset_id"] as? Int == bosnia)
            #expect((comparison["codes"] as? [String])?.first == "OR-1")
            #expect(try await Browser(client).get("/datasets/compare").status == .ok)
            let workbook = try await Browser(client).get("/datasets/compare.xlsx")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(workbook.body.readableBytesView).write(to: file)
            let sheet = try XLSXWorkbook(path: file.path).sheet().rows.map(\.cells)
            #expect(sheet.count == 2)
            #expect(sheet.last?.first == "BA")
            // An admin sees both
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let all = try await api(client, .get, "/api/v1/comparison", token: admin).object
            let serbian = (all["countries"] as? [[String: Any]] ?? []).first { $0["country"] as? String == "RS" }
            #expect((serbian?["share_of_women_by_code"] as? [String: Any])?["OF-4"] as? Double == 40)
        }
    }
}
