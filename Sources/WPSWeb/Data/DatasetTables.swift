import Foundation
import Hummingbird
import WPSCore

/// A dataset's table as one reader may see it, shared by the API, the pages and the downloads so
/// that every way out passes the same disclosure control.
struct DatasetTable: Sendable {
    var dataset: Dataset
    var table: ProtectedTable
    /// Whether the reader sees exact figures (an analyst or admin of the owning institution).
    var exact: Bool
    var rows: String
    var columns: String
    /// The age bands asked for (`bands=`), empty for the standard ones.
    var bands: String

    /// The dimensions named by `rows` and `columns` in the query (nato_code × sex when absent).
    /// - Throws: ``StoreError/invalid(_:)`` naming each unknown dimension.
    static func dimensions(_ request: Request) throws -> (rows: (String, AnalysisDimension), columns: (String, AnalysisDimension)) {
        var errors: [FieldError] = []
        func dimension(_ name: String, default value: String) -> (String, AnalysisDimension)? {
            let text = request.query.get(name) ?? value
            guard let dimension = AnalysisDimension(name: text) else {
                errors.append(FieldError(field: name, code: "invalid_value", value: text))
                return nil
            }
            return (text, dimension)
        }
        var rows = dimension("rows", default: "nato_code")
        var columns = dimension("columns", default: "sex")
        // Age bands by their lower bounds: bands=18,25,35,45,55 makes 18–24, …, 55+.
        if let text = request.query.get("bands"), !text.isEmpty {
            if let bands = ageBands(String(text)) {
                if rows?.0 == "age_band" { rows = ("age_band", .ageBand(bands)) }
                if columns?.0 == "age_band" { columns = ("age_band", .ageBand(bands)) }
            } else {
                errors.append(FieldError(field: "bands", code: "invalid_value", value: String(text.prefix(60))))
            }
        }
        guard errors.isEmpty, let rows, let columns else { throw StoreError.invalid(errors) }
        return (rows, columns)
    }

    /// Lower bounds such as `18,25,35`: whole ages from 14 to 100, at most 20 of them, in any
    /// order (they are sorted; a repeated one counts once). The OpenAPI document states the same
    /// pattern, so what a generated client sends is what the server takes.
    static let bandsPattern = "^( *(1[4-9]|[2-9][0-9]|100) *(, *(1[4-9]|[2-9][0-9]|100) *){0,19})?$"

    static func ageBands(_ text: String) -> AgeBands? {
        guard let pattern = try? Regex(bandsPattern), (try? pattern.wholeMatch(in: text)) != nil else { return nil }
        let bounds = Set(text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }).sorted()
        return bounds.isEmpty ? nil : AgeBands(bounds)
    }

    /// The table of a dataset the viewer may see, protected unless the viewer sees exact figures;
    /// nil when the dataset does not exist or is hidden from the viewer.
    static func load(datasetId: Int, request: Request, viewer: Viewer, services: AppServices) async throws -> DatasetTable? {
        var (rows, columns) = try dimensions(request)
        guard let dataset = try await services.datasets.dataset(id: datasetId, viewer: viewer) else { return nil }
        let exact = viewer.seesExactFigures(of: dataset)
        var bands = request.query.get("bands").map { String($0) } ?? ""
        if !exact {
            // Tables with bands of a reader's choosing would give away, by difference, the people
            // of a single age: readers who do not see exact figures get the standard bands.
            if case .ageBand = rows.1 { rows.1 = .ageBand(.standard) }
            if case .ageBand = columns.1 { columns.1 = .ageBand(.standard) }
            bands = ""
        }
        // An analyst of the owner sees every figure: a threshold of 1 withholds nothing.
        let table = try await services.publication.table(of: dataset, rows: rows.1, columns: columns.1, viewer: viewer)
        return DatasetTable(dataset: dataset, table: table, exact: exact, rows: rows.0, columns: columns.0, bands: bands)
    }

    /// The women each source reports beyond (or short of) the women in its counts, as the viewer
    /// may see it, by dataset; absent where there is none or it is hidden. Reported women minus
    /// the gap is the number of women counted, so a reader without exact figures gets the gap
    /// only when the dataset's protected tables show that number: not when it is from 1 to k−1,
    /// nor when disclosure control withholds it to protect a cell (it is the sex margin, withheld
    /// in every table or in none).
    static func shownWomenGaps(_ datasets: [Dataset], viewer: Viewer, services: AppServices) async throws -> [Int: Int] {
        var gaps: [Int: Int] = [:]
        for dataset in datasets {
            guard let gap = dataset.womenGap else { continue }
            if viewer.seesExactFigures(of: dataset) {
                gaps[dataset.id] = gap
            } else if try await services.publication.publishedWomen(of: dataset) != nil {
                gaps[dataset.id] = gap
            }
        }
        return gaps
    }

    /// A count about people (a dataset's size, reported total or gap) as a reader may see it:
    /// nil when from 1 to k−1 (either sign) and the reader does not see exact figures.
    static func shown(_ value: Int?, exact: Bool, threshold: Int) -> Int? {
        guard let value else { return nil }
        return exact || value == 0 || abs(value) >= threshold ? value : nil
    }
}
