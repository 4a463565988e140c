import Foundation
import Logging
import Testing
import WPSCore
import WPSFormats
import WPSStorage

@Suite struct PersonnelImportTests {
    static let localHeader = [
        "Redni broj", "Spol", "Godina rođenja", "Čin", "Kategorija", "Služba", "Jedinica", "Nivo pozicije", "Datum prijema",
        "Datum odlaska", "Razlog odlaska",
    ]

    /// A Windows-1250, ;-separated file with the region's column names, as Excel writes it.
    static func writeBosnianFile(rows: Int, seed: UInt64, extra: [[String]] = []) throws -> (path: String, rows: [[String]]) {
        var generator = PersonnelGenerator(country: "BA", seed: seed, year: 2024, ranks: try RankReference.load())
        let data = (0..<rows).map { _ in generator.nextRow() } + extra
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mo-bih-\(UUID().uuidString).csv").path
        let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
        try writer.write(localHeader)
        for row in data { try writer.write(row) }
        writer.close()
        return (path, data)
    }

    static func ministry(_ database: WPSDatabase) async throws -> Int {
        try await SQLDirectoryStore(database: database).createInstitution(
            InstitutionFields(name: "Ministarstvo odbrane BiH", kind: .ministryOfDefence, country: "BA", level: "state"),
            viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("test")
        ).id
    }

    @Test(arguments: TestDatabase.engines)
    func importsLocalFileAndCountsMatchAnIndependentCount(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given
            let (path, rows) = try Self.writeBosnianFile(rows: 3000, seed: 11)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            let ranks = try RankReference.load()
            // When
            let dataset = try await importer.run(
                .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!), ranks: ranks, by: .system("test"))
            // Then every letter is right and every rank has its NATO code
            let table = try await importer.table(dataset: dataset, rows: .natoCode, columns: .sex)
            let codes = Dictionary(uniqueKeysWithValues: ranks.filter { $0.country == "BA" }.map { ($0.nationalRank, $0.natoCode) })
            for (r, code) in table.rows.enumerated() {
                for (c, sex) in table.columns.enumerated() {
                    let expected = rows.filter { row in
                        let rowCode = row[3].isEmpty ? "unknown" : (codes[row[3]] ?? row[3])
                        return rowCode == code && (row[1] == "Ž" ? "female" : "male") == sex
                    }.count
                    #expect(table.cells[r][c] == expected, "\(code) × \(sex)")
                }
            }
            #expect(table.total == 3000)
            #expect(!table.rows.contains { $0.hasPrefix("OR") == false && $0.hasPrefix("OF") == false && $0 != "unknown" })
            // The database's grouping equals counting the same rows in memory, for every dimension
            let reader = try PersonnelImport(file: "f", header: PersonnelGenerator.header, country: "BA", referenceYear: 2024, ranks: ranks)
            let records = rows.enumerated().compactMap { index, fields in try? reader.read(fields, line: index + 2).get().record }
            #expect(records.count == rows.count)
            let dimensions: [AnalysisDimension] = [.sex, .ageBand(.standard), .natoCode, .category, .service, .unit, .positionLevel]
            for rowDimension in dimensions {
                for columnDimension in dimensions where columnDimension != rowDimension {
                    let stored = try await importer.table(dataset: dataset, rows: rowDimension, columns: columnDimension)
                    #expect(stored == Tabulation.table(records, rows: rowDimension, columns: columnDimension, referenceYear: 2024),
                            "\(rowDimension) × \(columnDimension)")
                }
            }
            let units = try await importer.table(dataset: dataset, rows: .unit, columns: .sex).rows
            #expect(units.contains("Štab brigade"))
            #expect(units.contains("Inžinjerijski bataljon"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func fileWithBadRowsListsEachAndStoresNothing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let bad = [
                ["X1", "Ž", "1990", "general armije", "officer", "Kopnena vojska", "Štab", "other", "2010-01-01", "", ""],
                ["X2", "?", "1990", "kapetan", "officer", "Kopnena vojska", "Štab", "other", "2010-01-01", "", ""],
                ["X3", "M", "19x0", "kapetan", "officer", "Kopnena vojska", "Štab", "other", "31.13.2010", "", ""],
            ]
            let (path, _) = try Self.writeBosnianFile(rows: 200, seed: 3, extra: bad)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let institution = try await Self.ministry(database)
            do {
                _ = try await PersonnelImporter(database: database).run(
                    .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!), ranks: try RankReference.load(),
                    by: .system("test"))
                Issue.record("expected the import to be refused")
            } catch PersonnelImporter.Failure.problems(let failure) {
                let name = URL(fileURLWithPath: path).lastPathComponent
                #expect(failure.problems == [
                    ImportProblem(file: name, row: 202, column: "rank", value: "general armije", rule: "unknown_rank"),
                    ImportProblem(file: name, row: 203, column: "sex", value: "?", rule: "unknown_sex"),
                    ImportProblem(file: name, row: 204, column: "birth_year", value: "19x0", rule: "bad_year"),
                    ImportProblem(file: name, row: 204, column: "entry_date", value: "31.13.2010", rule: "bad_date"),
                ])
                #expect(failure.counts == ["unknown_rank": 1, "unknown_sex": 1, "bad_year": 1, "bad_date": 1])
            }
            let stored = try await database.read { sql in
                try await sql.raw("SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM personnel_records) AS n").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(stored == 0)
        }
    }
}
