import Foundation
import Logging
import SQLKit
import WPSCore
import WPSFormats

/// Imports a person-level personnel file into a new dataset, all or nothing: the file is read
/// twice, first to check every row (storing nothing), then, only when no row has a problem, to
/// store every row in one transaction. Memory does not grow with the file.
public struct PersonnelImporter: Sendable {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// What to import and where it belongs.
    public struct Request: Sendable {
        public var path: String
        public var institutionId: Int
        public var referenceDate: Day
        public var series: String
        public var encoding: TextEncoding?
        public var visibility: Visibility

        public init(path: String, institutionId: Int, referenceDate: Day, series: String = "", encoding: TextEncoding? = nil, visibility: Visibility = .institution) {
            self.path = path
            self.institutionId = institutionId
            self.referenceDate = referenceDate
            self.series = series
            self.encoding = encoding
            self.visibility = visibility
        }
    }

    /// Why nothing was imported.
    public enum Failure: Error, Sendable, Equatable {
        case file(CSVError)
        case problems(ImportFailure)
        case noSuchInstitution(Int)
        case empty(String)
    }

    /// Imports the file and returns the new dataset's id.
    /// - Parameter progress: called now and then with the number of rows read so far.
    /// - Throws: ``Failure``; nothing is stored then.
    public func run(
        _ request: Request, ranks: [RankMapping], by actor: Actor, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        let institutionId = request.institutionId
        guard let country = try await database.read({ sql in
            try await sql.raw("SELECT country_code FROM institutions WHERE id = \(bind: institutionId) AND deleted_at IS NULL")
                .first()?.decode(column: "country_code", as: String.self)
        }) else { throw Failure.noSuchInstitution(institutionId) }
        let name = URL(fileURLWithPath: request.path).lastPathComponent
        let options = CSVOptions(encoding: request.encoding)

        // Pass 1: check every row, store nothing.
        let checked = try Self.check(request.path, name: name, options: options, country: country, year: request.referenceDate.year, ranks: ranks, progress: progress)

        // Pass 2: store every row in one transaction.
        let path = request.path
        let year = request.referenceDate.year
        return try await database.transaction { sql in
            let now = Timestamp.now()
            let created = try await sql.raw("""
                INSERT INTO datasets (institution_id, country_code, reference_date, series, kind, file_name, row_count, visibility, created_at)
                VALUES (\(bind: institutionId), \(bind: country), \(bind: request.referenceDate.description), \(bind: request.series),
                    'records', \(bind: name), \(bind: checked), \(bind: request.visibility.rawValue), \(bind: now))
                RETURNING id
                """).first()
            guard let datasetId = try created?.decode(column: "id", as: Int.self) else { throw Failure.empty(name) }
            let reader = try CSVReader(path: path, options: options)
            guard let header = try reader.next() else { throw Failure.empty(name) }
            let rows = try PersonnelImport(file: name, header: header, country: country, referenceYear: year, ranks: ranks)
            var batch: [(Int, PersonnelRow)] = []
            while let fields = try reader.next() {
                guard case .success(let row) = rows.read(fields, line: reader.line) else { throw Failure.empty(name) }
                batch.append((reader.line, row))
                if batch.count == 500 {
                    try await Self.insert(batch, dataset: datasetId, in: sql)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await Self.insert(batch, dataset: datasetId, in: sql) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "dataset", id: String(datasetId), action: .create,
                before: Optional<[String: String]>.none,
                after: ["file": name, "rows": String(checked), "institution_id": String(institutionId), "reference_date": request.referenceDate.description])
            return datasetId
        }
    }

    /// Reads every row and collects every problem; returns the number of rows.
    static func check(
        _ path: String, name: String, options: CSVOptions, country: String, year: Int, ranks: [RankMapping], progress: (Int) -> Void
    ) throws(Failure) -> Int {
        do {
            let reader = try CSVReader(path: path, options: options)
            guard let header = try reader.next() else { throw Failure.empty(name) }
            let rows: PersonnelImport
            do {
                rows = try PersonnelImport(file: name, header: header, country: country, referenceYear: year, ranks: ranks)
            } catch {
                throw Failure.problems(error)
            }
            var failure = ImportFailure(problems: [], counts: [:])
            var count = 0
            while let fields = try reader.next() {
                count += 1
                if count % 100_000 == 0 { progress(count) }
                if case .failure(let problems) = rows.read(fields, line: reader.line) { failure.absorb(problems) }
            }
            guard failure.total == 0 else { throw Failure.problems(failure) }
            guard count > 0 else { throw Failure.empty(name) }
            return count
        } catch let error as CSVError {
            throw .file(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .empty(name)
        }
    }

    static func insert(_ batch: [(Int, PersonnelRow)], dataset: Int, in sql: any SQLDatabase) async throws {
        var query: SQLQueryString = """
            INSERT INTO personnel_records (dataset_id, line, person_id, sex, birth_year, national_rank, nato_code, category, service,
                unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad) VALUES
            """
        for (index, (line, row)) in batch.enumerated() {
            query.appendLiteral(index == 0 ? " (" : ", (")
            let r = row.record
            let values: [any Encodable & Sendable] = [
                dataset, line, row.personId, r.sex.rawValue, r.birthYear, row.nationalRank, r.natoCode, r.category, r.service, r.unit,
                r.decisionMaking.map { $0 ? 1 : 0 }, row.entryDate?.description, row.exitDate?.description, row.exitReason,
                row.deployedAbroad.map { $0 ? 1 : 0 },
            ]
            for (position, value) in values.enumerated() {
                if position > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: value)
            }
            query.appendLiteral(")")
        }
        try await sql.raw(query).run()
    }

    /// The counts of a dataset by two dimensions (exact figures: for the owner's analysts, or
    /// to be passed through ``DisclosureControl`` for anyone else), grouped by the database.
    public func table(dataset: Int, rows: AnalysisDimension, columns: AnalysisDimension) async throws -> CountTable {
        let year = try await database.read { sql in
            try await sql.raw("SELECT reference_date FROM datasets WHERE id = \(bind: dataset)").first()?
                .decode(column: "reference_date", as: String.self)
        }.flatMap(Day.init)?.year ?? 0
        let rowExpression = Self.expression(rows, referenceYear: year)
        let columnExpression = Self.expression(columns, referenceYear: year)
        let counts = try await database.read { sql in
            try await sql.raw("""
                SELECT \(unsafeRaw: rowExpression) AS row_label, \(unsafeRaw: columnExpression) AS column_label, COUNT(*) AS n
                FROM personnel_records WHERE dataset_id = \(bind: dataset) GROUP BY 1, 2
                """).all().map { row in
                (row: try row.decode(column: "row_label", as: String.self), column: try row.decode(column: "column_label", as: String.self),
                 count: try row.decode(column: "n", as: Int.self))
            }
        }
        return Tabulation.table(counts: counts, rows: rows, columns: columns)
    }

    /// The SQL that gives a record's label in `dimension`, as ``AnalysisDimension`` labels it in
    /// memory. Only column names and integers are written into it.
    static func expression(_ dimension: AnalysisDimension, referenceYear: Int) -> String {
        let unknown = "'\(AnalysisDimension.unknown)'"
        switch dimension {
        case .sex: return "sex"
        case .natoCode: return "COALESCE(nato_code, \(unknown))"
        case .category: return "COALESCE(category, \(unknown))"
        case .service: return "COALESCE(service, \(unknown))"
        case .unit: return "COALESCE(unit, \(unknown))"
        case .positionLevel: return "CASE decision_making WHEN 1 THEN 'decision_making' WHEN 0 THEN 'other' ELSE \(unknown) END"
        case .ageBand(let bands):
            let age = "(\(referenceYear) - birth_year)"
            var cases = "CASE WHEN birth_year IS NULL THEN \(unknown)"
            for (index, lower) in bands.lowerBounds.enumerated().reversed() {
                let label = bands.labels[index].replacingOccurrences(of: "'", with: "''")
                cases += " WHEN \(age) >= \(lower) THEN '\(label)'"
            }
            return cases + " ELSE \(unknown) END"
        }
    }
}
