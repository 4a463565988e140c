import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSStorage
import WPSWeb

struct Table: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a dataset's counts by two dimensions, protected for publication unless --exact.",
        discussion: "Dimensions: sex, age_band, nato_code, category, service, unit, position_level. Counts from 1 to k-1 print as <k (k = WPS_SUPPRESSION_THRESHOLD, default 5); figures withheld so that those cannot be worked out print as x.")
    @OptionGroup var options: DatabaseOptions
    @Option(help: "Dataset id, as printed by 'wps import personnel'.") var dataset: Int
    @Option(help: "Dimension of the rows.") var rows: String = "nato_code"
    @Option(help: "Dimension of the columns.") var columns: String = "sex"
    @Flag(help: "Exact figures, for the owning institution's analysts: nothing is withheld.") var exact = false

    func validate() throws {
        for name in [rows, columns] where AnalysisDimension(name: name) == nil {
            throw ValidationError("'\(name)' is not a dimension; use sex, age_band, nato_code, category, service, unit or position_level.")
        }
    }

    func run() async throws {
        let config = try options.config()
        guard let rowDimension = AnalysisDimension(name: rows), let columnDimension = AnalysisDimension(name: columns) else { return }
        CommandLogging.bootstrap(level: .warning)
        let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
        let table: CountTable
        var protected: ProtectedTable
        do {
            let store = SQLDatasetStore(database: database)
            table = try await store.exactTable(datasetId: dataset, rows: rowDimension, columns: columnDimension)
            protected = DisclosureControl.suppressSmallCells(in: table, threshold: 1)
            // What readers see: the table as the dataset's tables are protected together.
            if !exact, table.total > 0 {
                let linked = LinkedTables(
                    dimensions: AnalysisDimension.published, counts: try await store.counts(datasetId: dataset, dimensions: AnalysisDimension.published),
                    threshold: config.suppressionThreshold, width: config.protectionWidth)
                if let r = AnalysisDimension.published.firstIndex(of: rowDimension), let c = AnalysisDimension.published.firstIndex(of: columnDimension) {
                    protected = linked.table(rows: r, columns: c)
                }
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        guard table.total > 0 else { throw Failure("Dataset \(dataset) does not exist or has no records.") }
        // Small counts print as <k; figures withheld only so that small ones stay hidden print as x.
        let show = { (value: Int?) in value.map(String.init) ?? "x" }
        var lines = [([rows] + table.columns + ["total"]).joined(separator: "\t")]
        for (r, label) in table.rows.enumerated() {
            let cells = protected.cells[r].enumerated().map { c, value in
                value.map(String.init) ?? (protected.cellReasons[r][c] == .primary ? protected.withheldLabel : "x")
            }
            lines.append(([label] + cells + [show(protected.rowTotals[r])]).joined(separator: "\t"))
        }
        lines.append((["total"] + protected.columnTotals.map(show) + [show(protected.total)]).joined(separator: "\t"))
        print(lines.joined(separator: "\n"))
    }
}
