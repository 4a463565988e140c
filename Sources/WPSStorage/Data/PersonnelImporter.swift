import Foundation
import Logging
import SQLKit
import WPSCore
import WPSFormats

/// Imports a person-level personnel file (CSV in any regional encoding, or a sheet of an .xlsx
/// workbook) into a new dataset, all or nothing, in one streaming
/// pass: every row is checked and, while no row has had a problem, written inside one
/// transaction; the first problem stops the writing (the checking goes on, to list every
/// problem) and the transaction is rolled back at the end. Memory does not grow with the file.
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
        /// The sheet of an .xlsx workbook (the first when nil).
        public var sheet: String?
        /// A saved mapping to use, and to save what this file taught under (nil: nothing saved).
        public var mappingName: String?
        /// Meanings given for this import (`--map`), added to the saved mapping.
        public var extraMapping: ImportMapping
        /// Where the file comes from, and what it counts (ministry or armed forces, civilians, cadets).
        public var source: String
        public var definition: String
        public var visibility: Visibility

        public init(
            path: String, institutionId: Int, referenceDate: Day, series: String = "", encoding: TextEncoding? = nil, sheet: String? = nil,
            visibility: Visibility = .institution, mappingName: String? = nil, extraMapping: ImportMapping = ImportMapping(),
            source: String = "", definition: String = ""
        ) {
            self.path = path
            self.institutionId = institutionId
            self.referenceDate = referenceDate
            self.series = series
            self.encoding = encoding
            self.sheet = sheet
            self.mappingName = mappingName
            self.extraMapping = extraMapping
            self.source = source
            self.definition = definition
            self.visibility = visibility
        }
    }

    /// Why nothing was imported.
    public enum Failure: Error, Sendable, Equatable {
        case file(TableFileError)
        case problems(ImportFailure)
        case noSuchInstitution(Int)
        case empty(String)
    }

    /// Imports the file and returns the new dataset's id.
    /// - Parameter progress: called every 100,000 rows with the number of rows read so far.
    /// - Throws: ``Failure``; nothing is stored then.
    public func run(
        _ request: Request, ranks: [RankMapping], by actor: Actor, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        let institutionId = request.institutionId
        guard let country = try await database.read({ sql in
            try await sql.raw("SELECT country_code FROM institutions WHERE id = \(bind: institutionId) AND deleted_at IS NULL")
                .first()?.decode(column: "country_code", as: String.self)
        }) else { throw Failure.noSuchInstitution(institutionId) }
        let name = URL(fileURLWithPath: request.path).lastPathComponent
        let reader: TableFile
        do {
            reader = try TableFile(path: request.path, encoding: request.encoding, sheet: request.sheet)
        } catch {
            throw Failure.file(error)
        }
        var saved: ImportMapping?
        if let mappingName = request.mappingName {
            saved = try await SQLImportMappingStore(database: database).mapping(institutionId: institutionId, name: mappingName)
        }
        let mapping = (saved ?? ImportMapping()).merging(request.extraMapping)
        let (header, rows) = try Self.readHeader(
            reader, name: name, country: country, year: request.referenceDate.year, ranks: ranks, mapping: mapping)
        let source = UncheckedReader(reader: reader)
        // The only foreign key of personnel_records is dataset_id, the dataset made just below
        return try await database.bulkTransaction(checking: ["datasets", "personnel_texts", "personnel_counts", "import_mappings"]) { sql in
            let created = try await sql.raw("""
                INSERT INTO datasets (institution_id, country_code, reference_date, series, kind, source, definition, file_name, row_count,
                    visibility, created_at)
                VALUES (\(bind: institutionId), \(bind: country), \(bind: request.referenceDate.description), \(bind: request.series),
                    'records', \(bind: request.source), \(bind: request.definition), \(bind: name), 0, \(bind: request.visibility.rawValue),
                    \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            guard let datasetId = try created?.decode(column: "id", as: Int.self) else { throw Failure.empty(name) }
            // On SQLite this import's rows are numbered from here on, one after the other: no one
            // else writes while this transaction holds the write lock (see `SQLDatasetStore.records`)
            let numberedAfter = database.engine == .sqlite ? try await Self.lastRecord(in: sql) : nil
            var parser = rows
            var failure = ImportFailure(problems: [], counts: [:])
            var count = 0
            let numbered: PersonnelRecordWriter.Texts
            do {
                // Every row's `sex`, the table's one CHECK, is a `Sex`'s raw value.
                numbered = try await database.bulkLoad(
                    into: "personnel_records", columns: PersonnelRecordWriter.columns, rowsMeetChecks: true, in: sql
                ) { load in
                    var writer = PersonnelRecordWriter(datasetId: datasetId, load: load)
                    var outcome = Result<PersonnelRow, ImportFailure>.failure(ImportFailure(problems: [], counts: [:]))
                    while try source.reader.nextRecord({ outcome = parser.read($0, line: source.reader.line) }) {
                        count += 1
                        if count % 100_000 == 0 { progress(count) }
                        switch outcome {
                        case .success(let row):
                            if failure.total == 0 { try await writer.append(row, line: source.reader.line) }
                        case .failure(let problems):
                            failure.absorb(problems)
                        }
                    }
                    guard failure.total == 0 else { throw Failure.problems(failure) }
                    guard count > 0 else { throw Failure.empty(name) }
                    try await writer.flush()
                    // Its texts and counts are complete once the load has written every batch
                    return writer.texts
                }
            } catch let error as TableFileError {
                throw Failure.file(error)
            }
            try await PersonnelRecordWriter.writeTexts(numbered.texts, datasetId: datasetId, in: sql)
            try await PersonnelRecordWriter.writeCounts(numbered.counts, texts: numbered.texts, datasetId: datasetId, in: sql)
            try await sql.raw("UPDATE datasets SET row_count = \(bind: count) WHERE id = \(bind: datasetId)").run()
            if let numberedAfter {
                let last = try await Self.lastRecord(in: sql)
                try await sql.raw("""
                    UPDATE datasets SET first_record = \(bind: numberedAfter + 1), last_record = \(bind: last) WHERE id = \(bind: datasetId)
                    """).run()
            }
            if let mappingName = request.mappingName {
                try await SQLImportMappingStore.save(
                    rows.learnedMapping(header: header), institutionId: institutionId, name: mappingName, by: actor, in: sql)
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "dataset", id: String(datasetId), action: .create,
                before: Optional<[String: String]>.none,
                after: ["file": name, "rows": String(count), "institution_id": String(institutionId), "reference_date": request.referenceDate.description])
            return datasetId
        }
    }

    /// The number of the last person-level record stored (0 when none), on SQLite.
    static func lastRecord(in sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COALESCE(MAX(id), 0) AS last FROM personnel_records").first()?.decode(column: "last", as: Int.self) ?? 0
    }

    /// Reads the header and matches its columns.
    static func readHeader(
        _ reader: TableFile, name: String, country: String, year: Int, ranks: [RankMapping], mapping: ImportMapping
    ) throws(Failure) -> (header: [String], rows: PersonnelImport) {
        let header: [String]
        do {
            guard let first = try reader.next() else { throw Failure.empty(name) }
            header = first
        } catch let error as TableFileError {
            throw .file(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .empty(name)
        }
        do {
            return (header, try PersonnelImport(file: name, header: header, country: country, referenceYear: year, ranks: ranks, mapping: mapping))
        } catch {
            throw .problems(error)
        }
    }
}

/// The reader is used by one task at a time, in order: first for the header, then inside the
/// transaction for the rows.
final class UncheckedReader: @unchecked Sendable {
    let reader: TableFile
    init(reader: TableFile) { self.reader = reader }
}
