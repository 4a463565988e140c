import Foundation
import SQLKit
import WPSCore
import WPSFormats

/// Adds a plan matrix (a CSV file in any regional encoding, or a sheet of an .xlsx workbook) to a
/// plan: its goals, objectives, measures and indicators, all in one transaction — a matrix with
/// any problem adds nothing, and every problem is named with its row, column, value and rule.
public struct PlanMatrixImporter: Sendable {
    let database: WPSDatabase

    /// A matrix has a few hundred rows at most; beyond this it is another kind of file.
    public static let maximumRows = 20_000

    public enum Failure: Error, Sendable, Equatable {
        case file(TableFileError)
        case problems(ImportFailure)
    }

    public struct Outcome: Sendable, Equatable {
        public var nodes: Int
        public var indicators: Int
    }

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// - Parameters:
    ///   - name: the file's name as the user knows it (an upload's own name), for the problems.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when the viewer cannot see the plan,
    ///   ``StoreError/forbidden`` when the viewer may not change it, ``Failure`` otherwise.
    public func run(path: String, name: String? = nil, planId: Int, sheet: String?, viewer: Viewer, by actor: Actor) async throws -> Outcome {
        let table: (file: String, rows: [[String]], lines: [Int])
        do throws(TableFile.ReadFailure) {
            table = try TableFile.rows(path: path, sheet: sheet, name: name, maximumRows: Self.maximumRows)
        } catch {
            switch error {
            case .file(let problem): throw Failure.file(problem)
            case .problems(let found): throw Failure.problems(found)
            }
        }
        let (fileName, rows, lines) = table
        let (read, readLines) = (rows, lines)
        return try await database.transaction { sql in
            let plan = try await PlanSQL.editable(id: planId, viewer: viewer, in: sql)
            var existing: [String: Int] = [:]
            var kinds: [String: PlanNodeKind] = [:]
            for row in try await sql.raw("SELECT id, code, kind FROM plan_nodes WHERE plan_id = \(bind: plan.id) AND deleted_at IS NULL").all() {
                let code = try row.decode(column: "code", as: String.self)
                existing[code] = try row.decode(column: "id", as: Int.self)
                kinds[code] = PlanNodeKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .measure
            }
            var query: SQLQueryString = "SELECT id, name, name_en, acronym FROM institutions WHERE "
            query.appendInterpolation(InstitutionSQL.visibleTo(viewer))
            let institutions = try await sql.raw(query).all().map { row in
                PlanMatrix.Institution(
                    id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.optional("name_en", as: String.self) ?? "", acronym: try row.optional("acronym", as: String.self) ?? "")
            }
            let matrix: PlanMatrix
            switch PlanMatrix.read(file: fileName, rows: read, lines: readLines, existing: kinds, institutions: institutions) {
            case .success(let found): matrix = found
            case .failure(let failure): throw Failure.problems(failure)
            }
            // The store's own rules, row by row; a problem there (a code taken meanwhile) is named like the others.
            var ids = existing
            func failed(_ row: Int, _ errors: [FieldError]) -> Failure {
                var failure = ImportFailure(problems: [], counts: [:])
                failure.absorb(ImportFailure(
                    problems: errors.map { ImportProblem(file: fileName, row: row, column: $0.field, value: $0.value ?? "", rule: $0.code) }, counts: [:]))
                return .problems(failure)
            }
            for entry in matrix.nodes {
                var fields = entry.fields
                fields.parentId = entry.parentCode.flatMap { ids[$0] }
                do {
                    ids[fields.code] = try await SQLPlanStore.insertNode(fields.trimmed(), plan: plan, viewer: viewer, by: actor, in: sql).id
                } catch StoreError.invalid(let errors) {
                    throw failed(entry.row, errors)
                }
            }
            for entry in matrix.indicators {
                guard let node = ids[entry.code] else { throw failed(entry.row, [FieldError(field: "code", code: "unknown_node", value: entry.code)]) }
                do {
                    _ = try await SQLPlanStore.insertIndicator(entry.fields.trimmed(), node: node, viewer: viewer, by: actor, in: sql)
                } catch StoreError.invalid(let errors) {
                    throw failed(entry.row, errors)
                }
            }
            return Outcome(nodes: matrix.nodes.count, indicators: matrix.indicators.count)
        }
    }
}
