import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// The BiH plan's indicator 1.a (share of women in the armed forces) is computed from the demo's
/// personnel series: for each period, from the latest snapshot on or before the period's end,
/// exactly as the dataset's published table shows it to the same reader.
@Suite struct ComputedIndicatorTests {
    @Test(arguments: TestDatabase.engines)
    func theComputedIndicatorShowsTheShareOfTheDatasetsPublishedTable(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .datasets, .plans], peoplePerDataset: 400, logger: Logger(label: "test"))
            let plans = try await api(client, .get, "/api/v1/plans?country=BA").items
            let plan = try #require(plans.first { ($0["title_en"] as? String)?.contains("2018–2022") == true }?["id"] as? Int)
            let nodes = try #require(try await api(client, .get, "/api/v1/plans/\(plan)/tree").object["nodes"] as? [[String: Any]])
            let indicator = try #require(nodes.flatMap { $0["indicators"] as? [[String: Any]] ?? [] }.first { $0["code"] as? String == "1.a" })
            let id = try #require(indicator["id"] as? Int)
            #expect(indicator["computed_from"] is [String: Any])

            let readings = try await api(client, .get, "/api/v1/indicators/\(id)/values").items
            // One value per period: none before the series' first snapshot (2022-12-31)
            #expect(readings.map { $0["period"] as? String } == ["2019", "2020", "2021", "2022"])
            #expect(readings.prefix(3).allSatisfy { $0["status"] as? String == "no_data" && $0["value"] is NSNull })
            let computed = try #require(readings.last)
            #expect(computed["status"] as? String == "computed", "\(computed)")
            #expect(computed["report_id"] is NSNull)

            // The 2022 snapshot's published table, as the same (anonymous) reader gets it
            let datasets = try await api(client, .get, "/api/v1/datasets?per_page=100").items
            let snapshot = try #require(datasets.first { $0["country"] as? String == "BA" && $0["reference_date"] as? String == "2022-12-31" }?["id"] as? Int)
            #expect((computed["source"] as? String)?.contains("dataset \(snapshot)") == true)
            let table = try await api(client, .get, "/api/v1/datasets/\(snapshot)/table?rows=nato_code&columns=sex").object
            let columns = try #require(table["columns"] as? [String])
            let totals = try #require(table["column_totals"] as? [Int?])
            let female = try #require(columns.firstIndex(of: "female"))
            let women = try #require(totals[female])
            let total = try #require(table["total"] as? Int)
            let share = (Double(women) * 1000 / Double(total)).rounded() / 10
            #expect(computed["value"] as? Double == share)
            // and as the dataset's own indicators say it
            let published = try await api(client, .get, "/api/v1/datasets/\(snapshot)/indicators").object
            #expect(published["share_of_women"] as? Double == share, "\(published)")
        }
    }
}
