import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

@Suite struct DataAPITests {
    @Test(arguments: TestDatabase.engines)
    func tablesAreExactForTheOwnersAnalystsAndProtectedForOthers(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given a platform-visible dataset of the BiH Ministry of Defence
            let (id, ministry) = try await WebHarness.bosnianDataset(services, seed: 9, visibility: .platform)
            let analyst = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            let outsider = try await WebHarness.token(services, email: "outsider@example.org")
            let uri = "/api/v1/datasets/\(id)/table?rows=nato_code&columns=sex"

            // The public does not see a platform dataset at all
            #expect(try await api(client, .get, uri).status == .notFound)
            #expect(try await api(client, .get, "/api/v1/datasets").items.isEmpty)

            // The owner's analyst sees exact figures
            let exact = try await api(client, .get, uri, token: analyst)
            #expect(exact.status == .ok)
            #expect(exact.object["exact"] as? Bool == true)
            let exactCells = exact.object["cells"] as? [[String: Any]] ?? []
            #expect(exactCells.allSatisfy { $0["suppressed"] as? Bool == false })
            let table = try #require(try await services.datasets.table(datasetId: id, rows: .natoCode, columns: .sex, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            #expect(exact.object["total"] as? Int == table.total)
            #expect(exactCells.compactMap { $0["count"] as? Int }.reduce(0, +) == table.total)

            // Anyone else sees no count from 1 to k-1, and withheld counts as null
            let published = try await api(client, .get, uri, token: outsider)
            #expect(published.object["exact"] as? Bool == false)
            let cells = published.object["cells"] as? [[String: Any]] ?? []
            #expect(!cells.isEmpty)
            for cell in cells {
                if let count = cell["count"] as? Int {
                    #expect(!(1...4).contains(count))
                    #expect(cell["suppressed"] as? Bool == false)
                } else {
                    #expect(cell["suppressed"] as? Bool == true)
                    #expect(cell["percent_of_row"] is NSNull)
                }
            }
            let margins = (published.object["row_totals"] as? [Any] ?? []) + (published.object["column_totals"] as? [Any] ?? [])
            #expect(!margins.contains { ($0 as? Int).map { (1...4).contains($0) } ?? false })
            #expect(cells.contains { $0["suppressed"] as? Bool == true })
            let smallInTruth = table.cells.joined().contains { (1...4).contains($0) }
            #expect(smallInTruth)

            // Age bands are the reader's choice
            let banded = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=age_band&columns=sex&bands=18,30,50", token: analyst)
            #expect((banded.object["rows"] as? [String] ?? []).allSatisfy { ["18–29", "30–49", "50+", "unknown"].contains($0) })
            #expect(banded.object["total"] as? Int == table.total)
            // In any order, as the document's pattern allows; ages under 14 or words are refused
            let unordered = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=age_band&columns=sex&bands=50,18,30,30", token: analyst)
            #expect(unordered.object["rows"] as? [String] == banded.object["rows"] as? [String])
            for bands in ["10,18", "18,abc", "18;30", "%2B18"] {
                let badBands = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=age_band&bands=\(bands)", token: analyst)
                #expect(badBands.errorFields == ["bands"], "\(bands)")
            }
            // Bad dimensions are named
            let bad = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=salary", token: analyst)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorFields == ["rows"])
            #expect(try await api(client, .get, "/api/v1/datasets", token: outsider).items.count == 1)
        }
    }
}
