import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

@Suite struct DatasetPagesTests {
    static let password = "correct horse battery staple"

    static func publicDataset(_ services: AppServices) async throws -> (id: Int, ministry: Int) {
        try await WebHarness.bosnianDataset(services, seed: 21, visibility: .public)
    }

    /// The figures in the cells of an HTML table body (`<td class="number">…</td>`).
    static func numbers(in html: String) -> [String] {
        html.components(separatedBy: "<td class=\"number\">").dropFirst().compactMap { $0.components(separatedBy: "</td>").first }
    }

    @Test(arguments: TestDatabase.engines)
    func publicAnalysisShowsChartTableAndDownloadsWithoutSmallCounts(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given
            let (id, _) = try await Self.publicDataset(services)
            let browser = Browser(client)
            // When the public opens the list and the rank pyramid
            let list = try await browser.get("/datasets")
            let page = try await browser.get("/datasets/\(id)?rows=nato_code&columns=sex")
            // Then
            #expect(list.status == .ok)
            #expect(list.text.contains("href=\"/datasets/\(id)\""))
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg") && page.text.contains("role=\"img\"") && page.text.contains("<title id=\"chart-title\">"))
            let figures = Self.numbers(in: page.text)
            #expect(!figures.isEmpty)
            #expect(figures.contains("&lt;5"))
            #expect(!figures.contains { Int($0).map { (1...4).contains($0) } ?? false })

            let csv = try await browser.get("/datasets/\(id)/table.csv?rows=nato_code&columns=sex")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = try CSVReader(bytes: Array(csv.body.readableBytesView)).readAll()
            #expect(rows.first == ["NATO rank code", "Female", "Male", "Total", "% women"])
            #expect(rows.last?.first == "Total")
            let cells = rows.dropFirst().flatMap { $0.dropFirst() }
            #expect(cells.contains("<5"))
            #expect(!cells.contains { Int($0).map { (1...4).contains($0) } ?? false })

            let xlsx = try await browser.get("/datasets/\(id)/table.xlsx?rows=nato_code&columns=sex")
            #expect(xlsx.status == .ok)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("dl-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(xlsx.body.readableBytesView).write(to: file)
            // A workbook has no trailing empty cells (the total row's share is empty)
            func trimmed(_ row: [String]) -> [String] { Array(row.reversed().drop { $0.isEmpty }.reversed()) }
            #expect(try XLSXWorkbook(path: file.path).sheet().rows.map(\.cells) == rows.map(trimmed))
            #expect(rows.allSatisfy { $0.count == rows.first?.count }, "every CSV row as wide as the header")

            // Unknown dimensions are refused, unknown datasets are missing
            #expect(try await browser.get("/datasets/\(id)?rows=salary").status == .unprocessableContent)
            #expect(try await browser.get("/datasets/999999").status == .notFound)
            #expect(try await browser.get("/datasets/999999/table.csv").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func ownersAnalystSeesExactFiguresOthersDoNot(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let (id, ministry) = try await Self.publicDataset(services)
            _ = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            _ = try await WebHarness.token(services, email: "member@example.org", role: (ministry, .member))
            let exact = try #require(try await services.datasets.table(
                datasetId: id, rows: .natoCode, columns: .sex, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            let smallInTruth = exact.cells.joined().filter { (1...4).contains($0) }
            #expect(!smallInTruth.isEmpty)

            for (email, seesExact) in [("analyst@example.org", true), ("member@example.org", false)] {
                let browser = Browser(client)
                _ = try await browser.get("/login")
                #expect(try await browser.post("/login", [("email", email), ("password", Self.password)]).status == .seeOther)
                let csv = try await browser.get("/datasets/\(id)/table.csv?rows=nato_code&columns=sex")
                let rows = try CSVReader(bytes: Array(csv.body.readableBytesView)).readAll()
                let counts = rows.dropFirst().dropLast().map { Array($0.dropFirst().prefix(exact.columns.count)) }
                if seesExact {
                    #expect(counts == exact.cells.map { $0.map(String.init) }, "\(email)")
                } else {
                    #expect(counts.joined().contains("<5"), "\(email)")
                    #expect(!counts.joined().contains { Int($0).map { (1...4).contains($0) } ?? false }, "\(email)")
                }
            }
        }
    }

    /// At start the server prepares every dataset's published tables, so the first visitor of a
    /// dataset page does not wait for disclosure control.
    @Test(arguments: TestDatabase.engines)
    func warmUpPreparesEveryDatasetsPublishedTables(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { _, services in
            _ = try await Self.publicDataset(services)
            _ = try await WebHarness.bosnianDataset(services, seed: 22, visibility: .institution)
            let everyone = Viewer(userId: nil, isPlatformAdmin: true)
            let ids = try await services.datasets.datasets(viewer: everyone, page: PageRequest(perPage: 200)).items.map(\.id)
            #expect(ids.count == 2)
            let threshold = services.config.suppressionThreshold
            #expect(!ids.contains { services.publication.protectedDatasets.holds(ProtectedDataset(dataset: $0, threshold: threshold)) })
            try await services.warmUp()
            #expect(ids.allSatisfy { services.publication.protectedDatasets.holds(ProtectedDataset(dataset: $0, threshold: threshold)) })
        }
    }
}
