import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage
@testable import WPSWeb

#if canImport(FoundationXML)
import FoundationXML
#endif

/// SDMX-CSV for statistical offices: the same observations as the JSON table, withheld figures
/// with their confidentiality status and never a number, and the structure it names served where
/// it says.
@Suite struct SDMXTests {
    @Test(arguments: TestDatabase.engines)
    func theSDMXCSVOfAPublishedTableHasTheJSONTablesObservationsAndNoWithheldNumber(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given a public dataset of 1,500 people, read by the public (published figures only)
            let (id, _) = try await DatasetPagesTests.publicDataset(services)
            for (rows, columns) in [("nato_code", "sex"), ("sex", "category"), ("age_band", "position_level")] {
                let json = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=\(rows)&columns=\(columns)").object
                let response = try await api(client, .get, "/api/v1/datasets/\(id)/table.sdmx.csv?rows=\(rows)&columns=\(columns)")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = try CSVReader(bytes: Array(response.body.readableBytesView)).readAll()
                let header = try #require(lines.first)
                #expect(Array(header.prefix(5)) == ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "TIME_PERIOD"])
                func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "column \(name)") }
                let (value, status, confidentiality) = (try column("OBS_VALUE"), try column("OBS_STATUS"), try column("CONF_STATUS"))
                let rowId = try #require(SDMXExport.dimensions.first { $0.table == rows }?.id)
                let columnId = try #require(SDMXExport.dimensions.first { $0.table == columns }?.id)
                let (rowColumn, columnColumn) = (try column(rowId), try column(columnId))
                let observations = lines.dropFirst()
                // When each cell of the JSON table is looked up in the SDMX-CSV
                let cells = try #require(json["cells"] as? [[String: Any]])
                let rowTotals = try #require(json["row_totals"] as? [Any])
                let columnTotals = try #require(json["column_totals"] as? [Any])
                #expect(observations.count == cells.count + rowTotals.count + columnTotals.count + 1)
                var withheld = 0
                for cell in cells {
                    let row = try #require(cell["row"] as? String), col = try #require(cell["column"] as? String)
                    let matching = observations.filter {
                        $0[rowColumn] == SDMXExport.code(row, dimension: rows) && $0[columnColumn] == SDMXExport.code(col, dimension: columns)
                    }
                    // Then it is there once, with the same count, or withheld with its reason and no number
                    #expect(matching.count == 1, "\(row) × \(col)")
                    guard let line = matching.first else { continue }
                    #expect(line[0] == "datastructure" && line[1] == "WPS:DSD_WPS_PERSONNEL(1.0)" && line[3] == "BA" && line[4] == "2024-12-31")
                    if let count = cell["count"] as? Int {
                        #expect(line[value] == String(count) && line[status] == "A" && line[confidentiality] == "F")
                    } else {
                        withheld += 1
                        #expect(line[value].isEmpty && line[status] == "Q" && ["A", "D"].contains(line[confidentiality]), "\(line)")
                    }
                    // And every dimension the table does not break down by is the total
                    for dimension in SDMXExport.dimensions where ![rows, columns].contains(dimension.table) {
                        #expect(line[try column(dimension.id)] == "_T")
                    }
                }
                if rows == "nato_code" { #expect(withheld > 0, "the public sees some withheld cells by rank and sex") }
                // And the totals: the grand total, and no withheld total tells its size
                let grand = try #require(observations.first { $0[rowColumn] == "_T" && $0[columnColumn] == "_T" })
                #expect(grand[value] == (json["total"] as? Int).map(String.init) ?? "")
                for line in observations where line[status] == "Q" { #expect(line[value].isEmpty) }
                for line in observations where line[rowColumn] == "_T" || line[columnColumn] == "_T" {
                    #expect(["F", "C"].contains(line[confidentiality]))
                }
                #expect(observations.filter { $0[status] == "Q" }.count == withheld + (rowTotals + columnTotals).filter { $0 is NSNull }.count)
            }
            // The dataset's page offers the download
            let page = try await client.execute(uri: "/datasets/\(id)", method: .get).text
            #expect(page.contains("href=\"/api/v1/datasets/\(id)/table.sdmx.csv?rows=nato_code&amp;columns=sex\""))
            // A dataset the reader may not see is not found
            #expect(try await api(client, .get, "/api/v1/datasets/999999/table.sdmx.csv").status == .notFound)
        }
    }

    @Test func theDataStructureIsServedAsSDMXMLWithEveryDimensionAndCodeTheCSVUses() async throws {
        try await WebHarness.with(.sqlite) { client, _ in
            let response = try await api(client, .get, "/api/v1/sdmx/datastructure/WPS/DSD_WPS_PERSONNEL/1.0")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/xml") == true)
            let collector = ElementCollector()
            let parser = XMLParser(data: Data(buffer: response.body))
            parser.delegate = collector
            #expect(parser.parse(), "well-formed XML")
            #expect(collector.ids("str:DataStructure") == ["DSD_WPS_PERSONNEL"])
            #expect(collector.ids("str:Dimension") == ["REF_AREA"] + SDMXExport.dimensions.map(\.id))
            #expect(collector.ids("str:TimeDimension") == ["TIME_PERIOD"])
            #expect(collector.ids("str:Attribute") == ["OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE"])
            // Every code the CSV writes for coded dimensions is in a code list, the demo's countries too
            let codes = Set(collector.ids("str:Code"))
            for code in ["F", "M", "_O", "_U", "_T", "OFF", "NCO", "OR", "CAD", "CIV", "OF-1", "OF_D", "OR-9", "DM", "OTH", "A", "C", "D", "Q", "PS", "BA", "RS"] {
                #expect(codes.contains(code), "code \(code)")
            }
        }
    }

    @Test func codesFollowSDMXConventions() {
        #expect(SDMXExport.code("female", dimension: "sex") == "F")
        #expect(SDMXExport.code("not_recorded", dimension: "sex") == "_U")
        #expect(SDMXExport.code("OF(D)", dimension: "nato_code") == "OF_D")
        #expect(SDMXExport.code("18–24", dimension: "age_band") == "Y18T24")
        #expect(SDMXExport.code("55+", dimension: "age_band") == "Y_GE55")
        #expect(SDMXExport.code(AnalysisDimension.unknown, dimension: "service") == "_U")
        #expect(SDMXExport.code("soldier", dimension: "category") == "OR")
    }
}

/// The `id` attributes of elements by name.
final class ElementCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    private var found: [String: [String]] = [:]

    func ids(_ element: String) -> [String] { found[element] ?? [] }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if let id = attributes["id"] { found[elementName, default: []].append(id) }
    }
}
