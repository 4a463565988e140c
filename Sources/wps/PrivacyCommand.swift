import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSStorage
import WPSWeb

/// `wps privacy`: the disclosure control readers get, for independent attacks on it
/// (scripts/checks/disclosure_attack.py).
struct Privacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Disclosure control as readers get it, for checking it from outside.",
        subcommands: [Protect.self, Export.self])

    /// One published table in JSON: rows, columns, cells (null where withheld), why each
    /// withheld cell is withheld, the totals, and the threshold.
    struct TableJSON: Encodable {
        var dimensions: [String]
        var rows: [String]
        var columns: [String]
        var cells: [[Int?]]
        var reasons: [[String?]]
        var rowTotals: [Int?]
        var columnTotals: [Int?]
        var total: Int?
        var threshold: Int

        init(_ table: ProtectedTable, dimensions: [String]) {
            self.dimensions = dimensions
            rows = table.rows
            columns = table.columns
            cells = table.cells
            reasons = table.cellReasons.map { $0.map { $0?.rawValue } }
            rowTotals = table.rowTotals
            columnTotals = table.columnTotals
            total = table.total
            threshold = table.threshold
        }

        enum CodingKeys: String, CodingKey { case dimensions, rows, columns, cells, reasons, rowTotals = "row_totals", columnTotals = "column_totals", total, threshold }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dimensions, forKey: .dimensions)
            try container.encode(rows, forKey: .rows)
            try container.encode(columns, forKey: .columns)
            try container.encode(cells, forKey: .cells)
            try container.encode(reasons, forKey: .reasons)
            try container.encode(rowTotals, forKey: .rowTotals)
            try container.encode(columnTotals, forKey: .columnTotals)
            try container.encode(total, forKey: .total)
            try container.encode(threshold, forKey: .threshold)
        }
    }

    struct DatasetJSON: Encodable {
        var id: String
        var tables: [TableJSON]
        var withheldCells: Int
        var nonZeroCells: Int
        var unprotectable: Int

        enum CodingKeys: String, CodingKey { case id, tables, withheldCells = "withheld_cells", nonZeroCells = "non_zero_cells", unprotectable }
    }

    static func tables(_ linked: LinkedTables, names: [String], id: String) -> DatasetJSON {
        var tables: [TableJSON] = []
        for first in names.indices {
            for second in names.indices where second > first {
                tables.append(TableJSON(linked.table(rows: first, columns: second), dimensions: [names[first], names[second]]))
            }
        }
        let share = linked.withheldShare
        return DatasetJSON(id: id, tables: tables, withheldCells: share.withheld, nonZeroCells: share.cells, unprotectable: linked.unprotectable)
    }

    static func write(_ value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    struct Protect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Protect datasets given as counts on standard input; print every table by two dimensions as readers would get it.",
            discussion: """
                Reads {"datasets":[{"id":"…","dimensions":["a","b",…],"counts":[{"labels":["…",…],"count":N},…]},…]} and \
                prints {"datasets":[{"id","tables":[…],"withheld_cells","non_zero_cells","unprotectable"}]}. Labels are \
                ordered as text. Uses WPS_SUPPRESSION_THRESHOLD and WPS_PROTECTION_WIDTH unless given.
                """)
        @Option(help: "k: counts from 1 to k-1 are withheld.") var threshold: Int = 5
        @Option(help: "How many values apart a withheld figure's bounds must stay.") var width: Int = DisclosureControl.defaultWidth

        struct Input: Decodable {
            struct Dataset: Decodable {
                struct Count: Decodable {
                    var labels: [String]
                    var count: Int
                }
                var id: String
                var dimensions: [String]
                var counts: [Count]
            }
            var datasets: [Dataset]
        }

        func validate() throws {
            guard (2...100).contains(threshold) else { throw ValidationError("--threshold must be from 2 to 100") }
            guard (1...10).contains(width) else { throw ValidationError("--width must be from 1 to 10") }
        }

        func run() async throws {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let input: Input
            do {
                input = try JSONDecoder().decode(Input.self, from: data)
            } catch {
                throw Failure("Standard input is not the JSON described in --help: \(error)")
            }
            var output: [DatasetJSON] = []
            for dataset in input.datasets {
                let counts = dataset.counts.filter { $0.labels.count == dataset.dimensions.count && $0.count >= 0 }
                let labels = dataset.dimensions.indices.map { d in Array(Set(counts.map { $0.labels[d] })).sorted() }
                let linked = LinkedTables(labels: labels, counts: counts.map { (labels: $0.labels, count: $0.count) }, threshold: threshold, width: width)
                output.append(Privacy.tables(linked, names: dataset.dimensions, id: dataset.id))
            }
            try Privacy.write(["datasets": output])
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every table by two dimensions of a stored dataset as readers who do not see exact figures get it (JSON).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Dataset id.") var dataset: Int

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let counts: [(labels: [String], count: Int)]
            do {
                counts = try await SQLDatasetStore(database: database).counts(datasetId: dataset, dimensions: AnalysisDimension.published)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            let linked = LinkedTables(
                dimensions: AnalysisDimension.published, counts: counts, threshold: config.suppressionThreshold, width: config.protectionWidth)
            try Privacy.write(["datasets": [Privacy.tables(linked, names: AnalysisDimension.published.map(\.name), id: String(dataset))]])
        }
    }
}
