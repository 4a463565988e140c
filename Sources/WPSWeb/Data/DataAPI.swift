import Foundation
import Hummingbird
import WPSCore

/// The JSON API of personnel datasets: list, one, and tables that pass disclosure control for
/// everyone but analysts of the owning institution.
enum DataAPI {
    static func handler(for route: APIRoute, services: AppServices) -> DirectoryAPI.Handler {
        let store = services.datasets
        switch route {
        case .getDataset:
            return { request, context in
                let id = try pathID(context)
                guard let dataset = try await store.dataset(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
                return try JSONResponse(DatasetJSON(dataset)).response(from: request, context: context)
            }
        case .datasetTable:
            return { request, context in
                let id = try pathID(context)
                guard let loaded = try await DatasetTable.load(datasetId: id, request: request, viewer: context.viewer, services: services)
                else { throw APIProblem.notFound }
                return try JSONResponse(TableJSON(loaded.table, exact: loaded.exact, threshold: services.config.suppressionThreshold))
                    .response(from: request, context: context)
            }
        default:
            return { request, context in
                let query = try CollectionAPI<Institution, InstitutionFields, InstitutionJSON>.query(from: request, viewer: context.viewer)
                let page = try await store.datasets(viewer: context.viewer, page: query.page)
                return try JSONResponse(ListJSON(items: page.items.map(DatasetJSON.init), page: page.page, perPage: page.perPage, total: page.total))
                    .response(from: request, context: context)
            }
        }
    }
}

struct DatasetJSON: Codable, Sendable {
    var id: Int
    var institutionId: Int
    var country: String
    var referenceDate: String
    var series: String
    var kind: String
    var fileName: String
    var rowCount: Int
    var visibility: String
    var version: Int

    init(_ dataset: Dataset) {
        id = dataset.id
        institutionId = dataset.institutionId
        country = dataset.country
        referenceDate = dataset.referenceDate.description
        series = dataset.series
        kind = dataset.kind
        fileName = dataset.fileName
        rowCount = dataset.rowCount
        visibility = dataset.visibility.rawValue
        version = dataset.version
    }
}

/// `{"rows":[…],"columns":[…],"cells":[{"row","column","count","percent_of_row","suppressed"}],
/// "row_totals":[…],"column_totals":[…],"total":N}`; a withheld figure is `null`.
struct TableJSON: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        var row: String
        var column: String
        var count: Int?
        var percentOfRow: Double?
        var suppressed: Bool

        enum CodingKeys: String, CodingKey { case row, column, count, percentOfRow, suppressed }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(row, forKey: .row)
            try container.encode(column, forKey: .column)
            try container.encode(count, forKey: .count)
            try container.encode(percentOfRow, forKey: .percentOfRow)
            try container.encode(suppressed, forKey: .suppressed)
        }
    }

    var rows: [String]
    var columns: [String]
    var cells: [Cell]
    var rowTotals: [Int?]
    var columnTotals: [Int?]
    var total: Int?
    var threshold: Int
    var exact: Bool

    init(_ table: ProtectedTable, exact: Bool, threshold: Int) {
        rows = table.rows
        columns = table.columns
        var cells: [Cell] = []
        for (r, row) in table.rows.enumerated() {
            for (c, column) in table.columns.enumerated() {
                let percent = table.percentOfRow(r, c).map { ($0 * 10).rounded() / 10 }
                cells.append(Cell(row: row, column: column, count: table.cells[r][c], percentOfRow: percent, suppressed: table.cells[r][c] == nil))
            }
        }
        self.cells = cells
        rowTotals = table.rowTotals
        columnTotals = table.columnTotals
        total = table.total
        self.threshold = threshold
        self.exact = exact
    }

    enum CodingKeys: String, CodingKey { case rows, columns, cells, rowTotals, columnTotals, total, threshold, exact }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(cells, forKey: .cells)
        try container.encode(rowTotals, forKey: .rowTotals)
        try container.encode(columnTotals, forKey: .columnTotals)
        try container.encode(total, forKey: .total)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(exact, forKey: .exact)
    }
}
