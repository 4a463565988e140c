import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The handlers of personnel data's API: list, one, and tables that pass disclosure control for
/// everyone but analysts of the owning institution.
extension DataRoute {
    static func handlers(services: AppServices) -> @Sendable (DataRoute) -> APIHandler {
        { route in handler(for: route, services: services) }
    }

    private static func handler(for route: DataRoute, services: AppServices) -> APIHandler {
        let store = services.datasets
        switch route {
        case .getDataset:
            return { request, context in
                let id = try pathID(context)
                guard let dataset = try await store.dataset(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
                let gaps = try await DatasetTable.shownWomenGaps([dataset], viewer: context.viewer, services: services)
                return try JSONResponse(DatasetJSON(dataset, viewer: context.viewer, threshold: services.config.suppressionThreshold, womenGaps: gaps))
                    .response(from: request, context: context)
            }
        case .deleteDataset:
            return { _, context in
                let signedIn = try SignedInContext(context: context)
                try await store.deleteDataset(id: try pathID(context), viewer: signedIn.viewer, by: signedIn.actor)
                return Response(status: .noContent)
            }
        case .createDataset:
            return { request, context in
                let signedIn = try SignedInContext(context: context)
                var input = try await JSONInput.read(request)
                let table = readAggregate(&input)
                guard input.errors.isEmpty, let table else { throw StoreError.invalid(input.errors) }
                let dataset = try await store.createAggregate(table, viewer: signedIn.viewer, by: signedIn.actor)
                let gaps = try await DatasetTable.shownWomenGaps([dataset], viewer: signedIn.viewer, services: services)
                var response = try JSONResponse(
                    DatasetJSON(dataset, viewer: signedIn.viewer, threshold: services.config.suppressionThreshold, womenGaps: gaps), status: .created
                ).response(from: request, context: context)
                response.headers[.location] = "/api/v1/datasets/\(dataset.id)"
                return response
            }
        case .datasetIndicators:
            return { request, context in
                let id = try pathID(context)
                guard let analysis = try await DatasetAnalysis.load(datasetId: id, viewer: context.viewer, publication: services.publication)
                else { throw APIProblem.notFound }
                return try JSONResponse(IndicatorsJSON(analysis: analysis)).response(from: request, context: context)
            }
        case .listRanks:
            return { request, context in
                let ranks = try await services.ranks.ranks(country: request.query.get("country")).map(RankJSON.init)
                return try JSONResponse(ListJSON(items: ranks, page: 1, perPage: ranks.count, total: ranks.count))
                    .response(from: request, context: context)
            }
        case .comparison:
            return { request, context in
                let comparison = try await CountryComparison.load(viewer: context.viewer, publication: services.publication)
                return try JSONResponse(ComparisonJSON(comparison: comparison)).response(from: request, context: context)
            }
        case .datasetTable:
            return { request, context in
                let id = try pathID(context)
                guard let loaded = try await DatasetTable.load(datasetId: id, request: request, viewer: context.viewer, services: services)
                else { throw APIProblem.notFound }
                return try JSONResponse(TableJSON(loaded.table, exact: loaded.exact, threshold: services.config.suppressionThreshold))
                    .response(from: request, context: context)
            }
        case .datasetSDMX:
            return { request, context in
                let id = try pathID(context)
                guard let loaded = try await DatasetTable.load(datasetId: id, request: request, viewer: context.viewer, services: services)
                else { throw APIProblem.notFound }
                let data = SDMXExport.csv(
                    loaded.table, rows: loaded.rows, columns: loaded.columns, area: loaded.dataset.country,
                    period: loaded.dataset.referenceDate.description)
                return AnalysisExports.attachment(
                    data, name: "dataset-\(id)-\(loaded.rows)-\(loaded.columns).sdmx.csv", contentType: "text/csv; charset=utf-8; header=present")
            }
        case .dataStructure:
            return { _, _ in
                let countries = try await services.directory.countries().map { (code: $0.code, name: $0.nameEn) }
                var headers = HTTPFields()
                headers[.contentType] = "application/xml; charset=utf-8"
                let data = SDMXExport.structure(countries: countries, prepared: ISO8601DateFormatter().string(from: Date()))
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        case .natoReport:
            return { request, context in
                guard let report = try await NATOReportPages.load(request, context, services) else { throw APIProblem.notFound }
                let gaps = try await DatasetTable.shownWomenGaps(report.sources, viewer: context.viewer, services: services)
                return try JSONResponse(NATOReportJSON(report, viewer: context.viewer, threshold: services.config.suppressionThreshold, womenGaps: gaps))
                    .response(from: request, context: context)
            }
        case .listDatasets:
            return { request, context in
                let query = try CollectionAPI<Institution, InstitutionFields, InstitutionJSON>.query(from: request, viewer: context.viewer)
                let page = try await store.datasets(viewer: context.viewer, page: query.page)
                let gaps = try await DatasetTable.shownWomenGaps(page.items, viewer: context.viewer, services: services)
                let items = page.items.map { DatasetJSON($0, viewer: context.viewer, threshold: services.config.suppressionThreshold, womenGaps: gaps) }
                return try JSONResponse(ListJSON(items: items, page: page.page, perPage: page.perPage, total: page.total))
                    .response(from: request, context: context)
            }
        }
    }
}

/// Reads `POST /api/v1/datasets`: an aggregate table of counts; every problem with its field.
func readAggregate(_ input: inout JSONInput) -> AggregateTable? {
    input.rejectUnknown(["institution_id", "reference_date", "series", "source", "definition", "visibility", "total", "women", "counts"])
    input.require("institution_id", "reference_date", "counts")
    let institution = input.int("institution_id")
    let date = input.day("reference_date")
    let series = input.string("series") ?? ""
    let source = input.string("source") ?? ""
    let definition = input.string("definition") ?? ""
    let visibility = input.choice("visibility", Visibility.self) ?? .institution
    // Counts out of range are reported by AggregateTable.validate with every other rule at once.
    let total = input.int("total", in: Int.min...Int.max)
    let women = input.int("women", in: Int.min...Int.max)
    // A count is `n` people (of a sex), or a group's `women` and `total` as sources publish them:
    // the women and the rest of the group, who are counted as men.
    var entry = -1
    let counts = input.objects("counts") { count -> [AggregateCount]? in
        entry += 1
        count.rejectUnknown(["sex", "age_band", "nato_code", "category", "service", "unit", "position_level", "n", "women", "total"])
        let byGroup = count.has("women") || count.has("total")
        if byGroup {
            count.require("women", "total")
            if count.has("n") { count.fail("n", "invalid_value") }
            if count.has("sex") { count.fail("sex", "invalid_value") }
        } else {
            count.require("n")
        }
        let level = count.string("position_level")
        var decisionMaking: Bool?
        switch level {
        case "decision_making": decisionMaking = true
        case "other": decisionMaking = false
        case nil, "unknown": decisionMaking = nil
        case let other?: count.fail("position_level", "invalid_value", .string(other))
        }
        func known(_ key: String) -> String? {
            let text = count.string(key)
            return text == AnalysisDimension.unknown ? nil : text
        }
        func group(_ sex: Sex, _ n: Int) -> AggregateCount {
            AggregateCount(
                sex: sex, ageBand: known("age_band"), natoCode: known("nato_code"), category: known("category"), service: known("service"),
                unit: known("unit"), decisionMaking: decisionMaking, count: n, entry: entry)
        }
        if byGroup {
            guard let women = count.int("women", in: AggregateTable.countRange), let total = count.int("total", in: AggregateTable.countRange)
            else { return nil }
            guard women <= total else {
                count.fail("women", "out_of_range", .int(women))
                return nil
            }
            return [group(.female, women), group(.male, total - women)]
        }
        guard let n = count.int("n", in: Int.min...Int.max) else { return nil }
        return [group(count.choice("sex", Sex.self) ?? .notRecorded, n)]
    }
    guard let institution, case .some(.some(let day)) = date, let counts else { return nil }
    return AggregateTable(
        institutionId: institution, referenceDate: day, series: series, source: source, definition: definition, visibility: visibility,
        reportedTotal: total, reportedWomen: women, counts: counts.flatMap { $0 })
}

struct RankJSON: Codable, Sendable {
    var country: String
    var nationalRank: String
    var natoCode: String
    var category: String
    var confidence: String

    init(_ rank: RankMapping) {
        country = rank.country
        nationalRank = rank.nationalRank
        natoCode = rank.natoCode
        category = rank.category.rawValue
        confidence = rank.confidence
    }
}

struct DatasetJSON: Encodable, Sendable {
    var id: Int
    var institutionId: Int
    var country: String
    var referenceDate: String
    var series: String
    var kind: String
    var fileName: String
    /// People in the dataset; null when from 1 to k−1 and the reader does not see exact figures.
    var rowCount: Int?
    var visibility: String
    var version: Int
    var source: String
    var definition: String
    var reportedTotal: Int?
    /// The reported total minus the sum of the parts; null when they agree.
    var gap: Int?
    var reportedWomen: Int?
    /// The reported number of women minus the women in the counts; null when they agree.
    var womenGap: Int?

    /// Counts about people (size, reported total, gap) from 1 to k−1 are withheld as null for
    /// readers who do not see the owner's exact figures; `womenGaps` are the women's gaps the
    /// viewer may see (``DatasetTable/shownWomenGaps(_:viewer:services:)``).
    init(_ dataset: Dataset, viewer: Viewer, threshold: Int, womenGaps: [Int: Int]) {
        let exact = viewer.seesExactFigures(of: dataset)
        func shown(_ value: Int?) -> Int? { DatasetTable.shown(value, exact: exact, threshold: threshold) }
        id = dataset.id
        institutionId = dataset.institutionId
        country = dataset.country
        referenceDate = dataset.referenceDate.description
        series = dataset.series
        kind = dataset.kind
        fileName = dataset.fileName
        rowCount = shown(dataset.rowCount)
        visibility = dataset.visibility.rawValue
        version = dataset.version
        source = dataset.source
        definition = dataset.definition
        reportedTotal = shown(dataset.reportedTotal)
        gap = shown(dataset.gap)
        reportedWomen = shown(dataset.reportedWomen)
        womenGap = womenGaps[dataset.id]
    }

    enum CodingKeys: String, CodingKey {
        case id, institutionId, country, referenceDate, series, kind, fileName, rowCount, visibility, version, source, definition,
            reportedTotal, gap, reportedWomen, womenGap
    }

    /// Written with explicit nulls, so a withheld figure reads as null rather than missing.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(institutionId, forKey: .institutionId)
        try container.encode(country, forKey: .country)
        try container.encode(referenceDate, forKey: .referenceDate)
        try container.encode(series, forKey: .series)
        try container.encode(kind, forKey: .kind)
        try container.encode(fileName, forKey: .fileName)
        try container.encode(rowCount, forKey: .rowCount)
        try container.encode(visibility, forKey: .visibility)
        try container.encode(version, forKey: .version)
        try container.encode(source, forKey: .source)
        try container.encode(definition, forKey: .definition)
        try container.encode(reportedTotal, forKey: .reportedTotal)
        try container.encode(gap, forKey: .gap)
        try container.encode(reportedWomen, forKey: .reportedWomen)
        try container.encode(womenGap, forKey: .womenGap)
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
