import Foundation
import Logging
import SQLKit
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage

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

    /// The writer numbers and counts values by their place in a row: the places it reads are the
    /// columns of those names, so a column added or moved cannot make it number the wrong one.
    @Test func theWriterReadsTheColumnsItNumbersAndCountsByName() {
        let columns = PersonnelRecordWriter.columns
        typealias Position = PersonnelRecordWriter.Position
        #expect(columns[Position.sex] == "sex")
        #expect(columns[Position.birthYear] == "birth_year")
        #expect(columns[Position.decisionMaking] == "decision_making")
        #expect(Array(columns[Position.numbered]) == ["national_rank_id", "nato_code_id", "category_id", "service_id", "unit_id"])
    }

    @Test(arguments: TestDatabase.engines)
    func importsLocalFileAndCountsMatchAnIndependentCount(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given
            let (path, rows) = try Self.writeBosnianFile(rows: 3000, seed: 11)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            let store = SQLDatasetStore(database: database)
            let ranks = try RankReference.load()
            // When
            let dataset = try await importer.run(
                .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!), ranks: ranks, by: .system("test"))
            // Then every letter is right and every rank has its NATO code
            let table = try await store.exactTable(datasetId: dataset, rows: .natoCode, columns: .sex)
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
            var reader = try PersonnelImport(file: "f", header: PersonnelGenerator.header, country: "BA", referenceYear: 2024, ranks: ranks)
            let records = rows.enumerated().compactMap { index, fields in try? reader.read(fields, line: index + 2).get().record }
            #expect(records.count == rows.count)
            let dimensions: [AnalysisDimension] = [.sex, .ageBand(.standard), .natoCode, .category, .service, .unit, .positionLevel]
            for rowDimension in dimensions {
                for columnDimension in dimensions where columnDimension != rowDimension {
                    let stored = try await store.exactTable(datasetId: dataset, rows: rowDimension, columns: columnDimension)
                    #expect(stored == Tabulation.table(records, rows: rowDimension, columns: columnDimension, referenceYear: 2024),
                            "\(rowDimension) × \(columnDimension)")
                }
            }
            let units = try await store.exactTable(datasetId: dataset, rows: .unit, columns: .sex).rows
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
                try await sql.raw("SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM personnel_records) + (SELECT COUNT(*) FROM personnel_counts) AS n").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(stored == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func readsDecimalCommaAgesQuotesAndThreeWayCounts(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a Windows-1250 file with ages written with a decimal comma and a unit named with a quote
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("starost-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
            try writer.write(["Spol", "Starost", "Čin", "Jedinica"])
            try writer.write(["Ž", "34,5", "kapetan", "Četa 'Đurđevak'"])
            try writer.write(["M", "51,0", "pukovnik", "Četa 'Đurđevak'"])
            try writer.write(["ž", "22", "vojnik", "Šćš; ĆČŽĐ"])
            writer.close()
            let institution = try await Self.ministry(database)
            // When
            let dataset = try await PersonnelImporter(database: database).run(
                .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!,
                      source: "Kadrovska služba MO BiH", definition: "Oružane snage; bez civilnih lica"),
                ranks: try RankReference.load(), by: .system("test"))
            // Then ages are read whole years, letters and quotes kept, and three-way counts add up
            let store = SQLDatasetStore(database: database)
            let stored = try #require(try await store.dataset(id: dataset, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            #expect(stored.source == "Kadrovska služba MO BiH" && stored.definition == "Oružane snage; bez civilnih lica")
            let ages = try await store.exactTable(datasetId: dataset, rows: .ageBand(AgeBands([18, 30, 50])), columns: .sex)
            #expect(ages.rows == ["18–29", "30–49", "50+"])
            #expect(ages.cells == [[1, 0], [1, 0], [0, 1]])
            let units = try await store.exactTable(datasetId: dataset, rows: .unit, columns: .sex)
            #expect(units.rows == ["Četa 'Đurđevak'", "Šćš; ĆČŽĐ"])
            let threeWay = try await store.counts(datasetId: dataset, dimensions: [.sex, .natoCode, .category])
            #expect(Set(threeWay.map { $0.labels + [String($0.count)] }) == [
                ["female", "OF-2", "officer", "1"], ["male", "OF-4", "officer", "1"], ["female", "OR-1", "soldier", "1"],
            ])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyCharacterOfAValueIsStoredAsReadWhateverTheEnginesBulkPath(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a UTF-8 file whose free-text values hold what COPY, SQL literals and binding each treat specially
            let values = [
                "O'Brien", "back\\slash", "tab\tinside", "line\nbreak", "\\N", "NULL", "Штаб бригаде", "semi;colon", "\"quoted\"",
                "carriage\rreturn", "emoji 🕊️", String(repeating: "ž", count: 300),
            ]
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("chars-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let writer = try CSVWriter(path: path, encoding: .utf8, separator: UInt8(ascii: ";"))
            try writer.write(["Redni broj", "Spol", "Čin", "Jedinica", "Služba"])
            // More rows than one batch, so that several batches are written
            for index in 0..<(2 * 2_000 + 17) {
                let value = values[index % values.count]
                try writer.write([value, index % 2 == 0 ? "Ž" : "M", "kapetan", value, "s\(index)"])
            }
            try writer.write(["", "Ž", "kapetan", "prazno", "s-last"])
            writer.close()
            let institution = try await Self.ministry(database)
            // When
            let dataset = try await PersonnelImporter(database: database).run(
                .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!), ranks: try RankReference.load(), by: .system("test"))
            // Then every record is there, in order, with its values exactly as in the file
            let stored = try await database.read { sql in
                try await sql.raw("SELECT line, person_id, unit, service, sex, nato_code FROM personnel_records_spelled_out WHERE dataset_id = \(bind: dataset) ORDER BY line")
                    .all().map { row in
                        (try row.decode(column: "line", as: Int.self), try row.decode(column: "person_id", as: String.self),
                         try row.decode(column: "unit", as: String.self), try row.decode(column: "service", as: String.self),
                         try row.decode(column: "sex", as: String.self), try row.decode(column: "nato_code", as: String.self))
                    }
            }
            #expect(stored.count == 2 * 2_000 + 18)
            // An empty person id is kept as an empty text, not as NULL
            #expect(stored.last?.1 == "" && stored.last?.2 == "prazno")
            for (index, record) in stored.dropLast().enumerated() {
                let value = values[index % values.count]
                #expect(record.1 == value && record.2 == value && record.3 == "s\(index)", "row \(index)")
                #expect(record.4 == (index % 2 == 0 ? "female" : "male") && record.5 == "OF-2", "row \(index)")
            }
            #expect(Set(stored.map(\.0)).count == stored.count)
            let units = try await SQLDatasetStore(database: database).exactTable(datasetId: dataset, rows: .unit, columns: .sex)
            #expect(Set(units.rows) == Set(values + ["prazno"]))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func importsANamedSheetOfAnExcelWorkbook(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a workbook whose second sheet holds the people, with numbers as numbers
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("osoblje-\(UUID().uuidString).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try XLSXWriter.data([
                XLSXSheetContent(name: "Napomene", rows: [["Izvor: MO BiH"]]),
                XLSXSheetContent(name: "Osoblje", rows: [
                    ["Spol", "Godina rođenja", "Čin", "Jedinica"],
                    ["Ž", 1990, "kapetan", "Štab brigade"],
                    ["M", 1975, "pukovnik", "Inžinjerijski bataljon"],
                    ["ž", 2001, "vojnik", "Četa ČĆŽŠĐ"],
                ]),
            ]).write(to: URL(fileURLWithPath: path))
            let institution = try await Self.ministry(database)
            // When
            let dataset = try await PersonnelImporter(database: database).run(
                .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!, sheet: "Osoblje"),
                ranks: try RankReference.load(), by: .system("test"))
            // Then
            let store = SQLDatasetStore(database: database)
            let counts = try await store.counts(datasetId: dataset, dimensions: [.unit, .natoCode, .ageBand(AgeBands([18, 30, 45]))])
            #expect(Set(counts.map { $0.labels + [String($0.count)] }) == [
                ["Štab brigade", "OF-2", "30–44", "1"], ["Inžinjerijski bataljon", "OF-4", "45+", "1"], ["Četa ČĆŽŠĐ", "OR-1", "18–29", "1"],
            ])
            // A sheet that does not exist is named with the ones that do, and nothing is stored
            await #expect(throws: PersonnelImporter.Failure.file(.xlsx(.noSuchSheet(
                file: URL(fileURLWithPath: path).lastPathComponent, sheet: "Podaci", available: ["Napomene", "Osoblje"])))) {
                try await PersonnelImporter(database: database).run(
                    .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!, sheet: "Podaci"),
                    ranks: try RankReference.load(), by: .system("test"))
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theWholeDemoLoadsEachSectionInOrderAndOnlyOnce(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // When the whole demo is loaded, then loaded again
            let first = try await Seeder.loadDemo(database, peoplePerDataset: 100, logger: Logger(label: "test"))
            let second = try await Seeder.loadDemo(database, peoplePerDataset: 100, logger: Logger(label: "test"))
            // Then the directory came first (the datasets belong to its ministries) and nothing twice
            guard case .loaded(let loaded) = first else {
                Issue.record("expected the demo to load: \(first)")
                return
            }
            #expect(loaded.institutions > 0 && loaded.people >= 30 && loaded.networks == 5)
            #expect(loaded.datasets >= 7)
            #expect(second == .skippedNotEmpty)
            let stored = try await SQLDatasetStore(database: database).datasets(viewer: .anonymous, page: PageRequest(perPage: 100))
            #expect(stored.total == loaded.datasets)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func demoLoadsADatasetPerCountryAndASeriesForBosniaOnce(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given the demo directory
            _ = try await Seeder.loadDemo(database, sections: [.directory], logger: Logger(label: "test"))
            // When the demo datasets are loaded twice
            let loaded = try await Seeder.loadDemoDatasets(database, people: 300, logger: Logger(label: "test"))
            let again = try await Seeder.loadDemoDatasets(database, people: 300, logger: Logger(label: "test"))
            // Then every country with a ministry of defence or armed forces has one, Bosnia and Herzegovina three
            let countries = try await database.read { sql in
                try await sql.raw("""
                    SELECT COUNT(DISTINCT country_code) AS n FROM institutions WHERE kind IN ('ministry_of_defence', 'armed_forces')
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            #expect(countries >= 5)
            #expect(loaded == countries + 2)
            #expect(again == 0)
            let page = try await SQLDatasetStore(database: database).datasets(viewer: .anonymous, page: PageRequest(perPage: 100))
            #expect(page.total == loaded)
            let bosnia = page.items.filter { $0.country == "BA" }
            #expect(bosnia.map(\.referenceDate.description).sorted() == ["2022-12-31", "2023-12-31", "2024-12-31"])
            #expect(Set(bosnia.map(\.series)).count == 1)
            #expect(bosnia.allSatisfy { $0.rowCount >= 300 })
        }
    }

    @Test(arguments: TestDatabase.engines)
    func unknownHeadersAndRanksAreAskedForThenRememberedForTheNextFile(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a file whose rank column has a name we do not know, with a rank not in the table
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("zvanja-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
            try writer.write(["Spol", "Zvanje osobe", "Jedinica", "Plata"])
            try writer.write(["Ž", "kapetan", "Štab", "1200"])
            try writer.write(["M", "General armije", "Štab", "3000"])
            try writer.write(["zenska osoba", "kapetan", "Štab", "1200"])
            writer.close()
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            let ranks = try RankReference.load()
            func run(_ extra: [String], name: String?) async throws -> Int {
                var mapping = ImportMapping()
                for text in extra { try mapping.add(text) }
                return try await importer.run(
                    .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!, mappingName: name, extraMapping: mapping),
                    ranks: ranks, by: .system("test"))
            }
            func rules(_ extra: [String], name: String? = nil) async throws -> [String] {
                do {
                    _ = try await run(extra, name: name)
                    return []
                } catch PersonnelImporter.Failure.problems(let failure) {
                    return failure.problems.map { "\($0.column):\($0.value):\($0.rule)" }
                }
            }
            // When nothing is said, the rank column is missing; once it is named, the unknown rank and sex are listed
            #expect(try await rules([]).first?.hasSuffix("missing_column") == true)
            #expect(try await rules(["column:Zvanje osobe=rank"]) == ["rank:General armije:unknown_rank", "sex:zenska osoba:unknown_sex"])
            // Then saying what they mean imports the file and saves the mapping under its name
            let first = try await run(["column:Zvanje osobe=rank", "rank:general armije=OF-9", "sex:Zenska osoba=female"], name: "MO BiH")
            let store = SQLDatasetStore(database: database)
            let counts = try await store.counts(datasetId: first, dimensions: [.natoCode, .sex])
            #expect(Set(counts.map { $0.labels + [String($0.count)] }) == [["OF-2", "female", "2"], ["OF-9", "male", "1"]])
            let saved = try #require(try await SQLImportMappingStore(database: database).mapping(institutionId: institution, name: "MO BiH"))
            #expect(saved.columns["zvanje osobe"] == "rank")
            #expect(saved.columns["plata"] == ImportMapping.ignore)
            #expect(saved.values["rank"] == ["general armije": "OF-9"])
            // And the next file needs only the mapping's name
            let second = try await run([], name: "MO BiH")
            #expect(second != first)
            #expect(try await store.dataset(id: second, viewer: Viewer(userId: nil, isPlatformAdmin: true))?.rowCount == 3)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func transitionsBetweenSnapshotsMatchPeopleByTheirId(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given two yearly files of the same people, one promoted, one gone, one new
            func file(_ rows: [[String]]) throws -> String {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString).csv").path
                let writer = try CSVWriter(path: path, encoding: .utf8, separator: UInt8(ascii: ";"))
                try writer.write(["person_id", "sex", "rank"])
                for row in rows { try writer.write(row) }
                writer.close()
                return path
            }
            // (P6 is listed twice in the later file: each of her rows is a pair, as a join counts;
            // rows without an id are matched with nobody)
            let earlier = try file([
                ["P1", "F", "OR-4"], ["P2", "F", "OF-1"], ["P3", "M", "OR-4"], ["P4", "M", "OR-5"], ["P6", "F", "OR-2"], ["", "M", "OR-1"],
            ])
            let later = try file([
                ["P1", "F", "OR-5"], ["P2", "F", "OF-1"], ["P4", "M", "OR-5"], ["P5", "F", "OR-1"], ["P6", "F", "OR-3"], ["P6", "F", "OR-2"],
                ["", "F", "OR-1"],
            ])
            defer { for path in [earlier, later] { try? FileManager.default.removeItem(atPath: path) } }
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            let ranks = try RankReference.load()
            let first = try await importer.run(.init(path: earlier, institutionId: institution, referenceDate: Day("2023-12-31")!, series: "s"), ranks: ranks, by: .system("t"))
            let second = try await importer.run(.init(path: later, institutionId: institution, referenceDate: Day("2024-12-31")!, series: "s"), ranks: ranks, by: .system("t"))
            // When
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            let table = try #require(try await SQLDatasetStore(database: database).transitions(from: first, to: second, viewer: admin))
            // Then
            #expect(table.rows == ["joined", "left", "stayed", "promoted"])
            #expect(table.columns == ["female", "male"])
            #expect(table.cells == [[1, 0], [0, 1], [4, 1], [2, 0]])
            let rates = Indicators.transitionRates(DisclosureControl.suppressSmallCells(in: table, threshold: 1))
            #expect(rates.map(\.promotion) == [50, 0])
            #expect(rates.map(\.attrition) == [0, 50])
            #expect(try await SQLDatasetStore(database: database).series(of: #require(try await SQLDatasetStore(database: database).dataset(id: second, viewer: admin)), viewer: admin).map(\.id) == [first, second])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func transitionsOfASeriesMatchABruteForceCountAndFollowARemovedSnapshot(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given three yearly snapshots of 400 people each: some stay (some promoted), some leave, some join
            var random = SeededRandom(seed: 11)
            let codes = ["OR-1", "OR-2", "OR-3", "OR-4", "OR-5", "OR-6", "OF-1", "OF-2", "OF-3"]
            var people: [String: (sex: String, code: Int)] = [:]
            var next = 0
            var snapshots: [[String: (sex: String, code: Int)]] = []
            for _ in 0..<3 {
                for id in people.keys.sorted() where random.unit() < 0.15 { people[id] = nil }
                for id in people.keys.sorted() where random.unit() < 0.2 {
                    if let person = people[id] { people[id] = (person.sex, min(codes.count - 1, person.code + 1)) }
                }
                while people.count < 400 {
                    next += 1
                    people["P\(next)"] = (random.unit() < 0.2 ? "F" : "M", Int(random.next() % UInt64(codes.count)))
                }
                snapshots.append(people)
            }
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            let ranks = try RankReference.load()
            var ids: [Int] = []
            for (year, snapshot) in zip(2022..., snapshots) {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("series-\(UUID().uuidString).csv").path
                defer { try? FileManager.default.removeItem(atPath: path) }
                let writer = try CSVWriter(path: path, encoding: .utf8, separator: UInt8(ascii: ";"))
                try writer.write(["person_id", "sex", "rank"])
                for (id, person) in snapshot.sorted(by: { $0.key < $1.key }) { try writer.write([id, person.sex, codes[person.code]]) }
                writer.close()
                ids.append(try await importer.run(
                    .init(path: path, institutionId: institution, referenceDate: Day("\(year)-12-31")!, series: "three"), ranks: ranks, by: .system("t")))
            }
            /// What a person counting by hand finds between two snapshots, rows joined/left/stayed/promoted, columns female/male.
            func byHand(_ a: [String: (sex: String, code: Int)], _ b: [String: (sex: String, code: Int)]) -> [[Int]] {
                var cells = Array(repeating: [0, 0], count: 4)
                func column(_ sex: String) -> Int { sex == "F" ? 0 : 1 }
                for (id, person) in b where a[id] == nil { cells[0][column(person.sex)] += 1 }
                for (id, person) in a {
                    guard let later = b[id] else { cells[1][column(person.sex)] += 1; continue }
                    cells[2][column(person.sex)] += 1
                    if later.code > person.code { cells[3][column(person.sex)] += 1 }
                }
                return cells
            }
            let store = SQLDatasetStore(database: database)
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            // When the store prepares its datasets as a server does when it starts, and matches them,
            // Then it finds what counting by hand finds
            try await store.warmUp()
            #expect(try await store.transitions(from: ids[0], to: ids[1], viewer: admin)?.cells == byHand(snapshots[0], snapshots[1]))
            #expect(try await store.transitions(from: ids[1], to: ids[2], viewer: admin)?.cells == byHand(snapshots[1], snapshots[2]))
            // Asked again (now from what was kept), the answer is the same
            #expect(try await store.transitions(from: ids[0], to: ids[1], viewer: admin)?.cells == byHand(snapshots[0], snapshots[1]))
            // When the middle snapshot is removed, the series runs from the first to the last
            let third = try #require(try await store.dataset(id: ids[2], viewer: admin))
            try await store.deleteDataset(id: ids[1], viewer: admin, by: .system("t"))
            #expect(try await store.series(of: third, viewer: admin).map(\.id) == [ids[0], ids[2]])
            #expect(try await store.dataset(id: ids[1], viewer: admin) == nil)
            #expect(try await store.transitions(from: ids[0], to: ids[2], viewer: admin)?.cells == byHand(snapshots[0], snapshots[2]))
            #expect(byHand(snapshots[0], snapshots[2]) != byHand(snapshots[1], snapshots[2]))
            // Only those who may add data for the institution remove a dataset, and only once
            await #expect(throws: StoreError.forbidden) {
                try await store.deleteDataset(id: ids[0], viewer: Viewer(userId: 9, roles: [institution: .member]), by: .system("t"))
            }
            await #expect(throws: StoreError.self) { try await store.deleteDataset(id: ids[1], viewer: admin, by: .system("t")) }
        }
    }

    /// The import's transaction does not look up foreign keys row by row on SQLite; a row of a
    /// checked table that names no parent still stores nothing, and every later transaction
    /// checks its keys again.
    @Test(arguments: TestDatabase.engines)
    func aBulkTransactionStoresNoRowWithoutItsParentAndLeavesKeysCheckedAfter(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let orphan: SQLQueryString = """
                INSERT INTO personnel_counts (dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making, n)
                VALUES (987654, 'female', 1990, 'OR-2', 'soldier', 'Kopnena vojska', 'Štab', 0, 1)
                """
            await #expect(throws: (any Error).self) {
                try await database.bulkTransaction(checking: ["datasets", "personnel_counts"]) { sql in try await sql.raw(orphan).run() }
            }
            // The first failure may be the check's: a failed bulk transaction too leaves keys checked
            await #expect(throws: (any Error).self) { try await database.transaction { sql in try await sql.raw(orphan).run() } }
            let stored = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM personnel_counts").first()?.decode(column: "n", as: Int.self)
            }
            #expect(stored == 0)
            if engine == .sqlite {
                await #expect(throws: ForeignKeyViolation.self) {
                    try await database.bulkTransaction(checking: ["personnel_counts"]) { sql in try await sql.raw(orphan).run() }
                }
            }
            // And an import after it stores its people
            let (path, _) = try Self.writeBosnianFile(rows: 50, seed: 5)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let dataset = try await PersonnelImporter(database: database).run(
                .init(path: path, institutionId: try await Self.ministry(database), referenceDate: Day("2024-12-31")!),
                ranks: try RankReference.load(), by: .system("test"))
            let people = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM personnel_records WHERE dataset_id = \(bind: dataset)").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(people == 50)
        }
    }

    /// Texts are stored once per dataset and numbered (0033); a unit spelled with a NUL
    /// character, which neither engine stores, is the same unit as the one spelled without it
    /// (one text, not two of the same spelling, which the table refuses).
    @Test(arguments: TestDatabase.engines)
    func aTextSpelledWithANulIsStoredOnceAsTheSameText(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // After the first 8 KiB, where a NUL would make the file look binary
            let (path, rows) = try Self.writeBosnianFile(rows: 200, seed: 4, extra: [
                ["N1", "Ž", "1990", "kapetan", "officer", "Kopnena vojska", "Štab\u{0}", "other", "", "", ""],
                ["N2", "M", "1991", "kapetan", "officer", "Kopnena vojska", "Štab", "other", "", "", ""],
            ])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let dataset = try await PersonnelImporter(database: database).run(
                .init(path: path, institutionId: try await Self.ministry(database), referenceDate: Day("2024-12-31")!),
                ranks: try RankReference.load(), by: .system("test"))
            let (units, texts) = try await database.read { sql in
                let units = try await sql.raw("SELECT unit FROM personnel_records_spelled_out WHERE dataset_id = \(bind: dataset) ORDER BY line")
                    .all().map { try $0.decode(column: "unit", as: String.self) }
                let texts = try await sql.raw("SELECT text FROM personnel_texts WHERE dataset_id = \(bind: dataset)").all()
                    .map { try $0.decode(column: "text", as: String.self) }
                return (units, texts)
            }
            #expect(units == rows.map { $0[6].replacingOccurrences(of: "\u{0}", with: "") })
            #expect(texts.filter { $0 == "Štab" }.count == 1 && Set(texts).count == texts.count)
        }
    }

    /// The import's load leaves out the `sex` check on SQLite (its values are a `Sex`'s raw
    /// values); every other write on the connection is still checked, after an import that
    /// stored its people and after one that was refused.
    @Test(arguments: TestDatabase.engines)
    func theSexCheckIsLeftOutOfTheImportsLoadOnlyAndOnAgainAfterIt(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let institution = try await Self.ministry(database)
            let importer = PersonnelImporter(database: database)
            func importFile(extra: [[String]]) async throws -> Int {
                let (path, _) = try Self.writeBosnianFile(rows: 300, seed: 9, extra: extra)
                defer { try? FileManager.default.removeItem(atPath: path) }
                return try await importer.run(
                    .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31")!), ranks: try RankReference.load(),
                    by: .system("test"))
            }
            func storeAnUnknownSex(in dataset: Int) async throws {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO personnel_records (dataset_id, line, sex) VALUES (\(bind: dataset), 9999, 'unknown')").run()
                }
            }
            let dataset = try await importFile(extra: [])
            await #expect(throws: (any Error).self) { try await storeAnUnknownSex(in: dataset) }
            await #expect(throws: PersonnelImporter.Failure.self) {
                _ = try await importFile(extra: [["X2", "?", "1990", "kapetan", "officer", "Kopnena vojska", "Štab", "other", "", "", ""]])
            }
            await #expect(throws: (any Error).self) { try await storeAnUnknownSex(in: dataset) }
            let (stored, known) = try await database.read { sql in
                let row = try await sql.raw("""
                    SELECT COUNT(*) AS n, CAST(SUM(CASE WHEN sex IN ('female', 'male', 'other', 'not_recorded') THEN 1 ELSE 0 END) AS BIGINT) AS known
                    FROM personnel_records
                    """).first()
                return (try row?.decode(column: "n", as: Int.self), try row?.decode(column: "known", as: Int.self))
            }
            #expect(stored == 300)
            #expect(known == 300)
        }
    }

    /// Records stored by the previous version, interleaved between two datasets: after migrations
    /// 0032 and 0033 each dataset's analyses count exactly its own people, each record keeps its
    /// texts, and an import after it is numbered after them.
    @Test(arguments: TestDatabase.engines)
    func recordsOfThePreviousVersionAreCountedByDatasetAfterTheUpgrade(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        defer { Task { await database.close(); try? await cleanup() } }
        try await Migrator.migrate(database, logger: logger, through: "0031_records_by_dataset")
        let at = "2026-11-01T00:00:00Z"
        // Person i belongs to the first dataset when even; women every third, deployed every fourth
        let people = (0..<61).map { i in
            (first: i % 2 == 0, person: "P\(i / 2)", sex: i % 3 == 0 ? "female" : "male", deployed: i % 4 == 0 ? 1 : 0,
             code: i % 5 == 0 ? "OF-2" : "OF-1")
        }
        let (institution, earlier, later) = try await database.transaction { sql in
            try await sql.raw("INSERT INTO countries (code, name_en, name_local, created_at) VALUES ('BA', 'Bosnia', 'BiH', \(bind: at))").run()
            try await sql.raw("INSERT INTO government_levels (country_code, code, name_en, name_local, tier) VALUES ('BA', 'state', 'State', 'Država', 1)").run()
            let institution = try #require(try await sql.raw("""
                INSERT INTO institutions (name, kind, country_code, level_code, visibility, search_text, created_at, updated_at)
                VALUES ('Ministarstvo odbrane', 'ministry_of_defence', 'BA', 'state', 'public', 'ministarstvo odbrane', \(bind: at), \(bind: at))
                RETURNING id
                """).first()?.decode(column: "id", as: Int.self))
            var datasets: [Int] = []
            for (date, rows) in [("2023-12-31", 31), ("2024-12-31", 30)] {
                datasets.append(try #require(try await sql.raw("""
                    INSERT INTO datasets (institution_id, country_code, reference_date, series, kind, row_count, visibility, created_at)
                    VALUES (\(bind: institution), 'BA', \(bind: date), 'mo', 'records', \(bind: rows), 'public', \(bind: at)) RETURNING id
                    """).first()?.decode(column: "id", as: Int.self)))
            }
            for (line, person) in people.enumerated() {
                try await sql.raw("""
                    INSERT INTO personnel_records (dataset_id, line, person_id, sex, nato_code, deployed_abroad)
                    VALUES (\(bind: person.first ? datasets[0] : datasets[1]), \(bind: line + 2), \(bind: person.person), \(bind: person.sex),
                        \(bind: person.code), \(bind: person.deployed))
                    """).run()
            }
            return (institution, datasets[0], datasets[1])
        }
        try await Migrator.migrate(database, logger: logger)
        // Each record keeps its texts, now numbered per dataset (0033)
        let spelled = try await database.read { sql in
            try await sql.raw("""
                SELECT r.line, r.dataset_id, r.person_id, r.sex, t.text
                FROM personnel_records r JOIN personnel_texts t ON t.dataset_id = r.dataset_id AND t.number = r.nato_code_id ORDER BY r.line
                """).all().map { row in
                [try row.decode(column: "dataset_id", as: Int.self) == earlier ? "first" : "second", try row.decode(column: "person_id", as: String.self),
                 try row.decode(column: "sex", as: String.self), try row.decode(column: "text", as: String.self)]
            }
        }
        #expect(spelled == people.map { [$0.first ? "first" : "second", $0.person, $0.sex, $0.code] })
        let store = SQLDatasetStore(database: database)
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        for (dataset, first) in [(earlier, true), (later, false)] {
            let own = people.filter { $0.first == first }
            let deployed = try #require(try await store.deployedAbroad(datasetId: dataset, viewer: admin))
            #expect(deployed.columns == ["female", "male"])
            #expect(deployed.cells == [["female", "male"].map { sex in own.filter { $0.sex == sex && $0.deployed == 1 }.count }])
        }
        // Person k is in both (P0…P29), P30 only in the first; promoted where OF-1 became OF-2
        let moved = try #require(try await store.transitions(from: earlier, to: later, viewer: admin))
        let stayed = people.filter { !$0.first }
        let promoted = stayed.filter { person in
            person.code == "OF-2" && people.first { $0.first && $0.person == person.person }?.code == "OF-1"
        }
        let counts = Dictionary(uniqueKeysWithValues: zip(moved.rows, moved.cells.map { $0.reduce(0, +) }))
        #expect(counts["stayed"] == 30 && counts["left"] == 1 && counts["joined"] == 0)
        #expect(counts["promoted"] == promoted.count && promoted.count > 0)
        // An import after the upgrade is numbered after the records already there
        let (path, _) = try Self.writeBosnianFile(rows: 40, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let imported = try await PersonnelImporter(database: database).run(
            .init(path: path, institutionId: institution, referenceDate: Day("2025-12-31")!), ranks: try RankReference.load(), by: .system("test"))
        let counted = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM personnel_records WHERE \(SQLDatasetStore.records(of: [imported], on: engine))")
                .first()?.decode(column: "n", as: Int.self)
        }
        #expect(counted == 40)
        if engine == .sqlite {
            let ranges = try await database.read { sql in
                try await sql.raw("SELECT first_record, last_record FROM datasets ORDER BY id").all().map {
                    [try $0.decode(column: "first_record", as: Int.self), try $0.decode(column: "last_record", as: Int.self)]
                }
            }
            #expect(ranges == [[1, 31], [32, 61], [62, 101]])
        }
    }

    /// Matching two snapshots person by person never looks a person up by searching the other
    /// snapshot (what made two snapshots of 20,000 take 54 s, then 10 s when a planner guessed a
    /// snapshot small): both are read once, each as its stretch of the table, in one sorted pass.
    @Test func transitionsReadEachSnapshotOnceWithoutAJoin() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let plan = try await database.read { sql in
                try await sql.raw("EXPLAIN QUERY PLAN " + SQLDatasetStore.bothSnapshotsByPerson(earlier: 1, later: 2, on: .sqlite)).all()
                    .map { try $0.decode(column: "detail", as: String.self) }
            }
            // Each snapshot read as its stretch of the table, found by the records' own numbers (0032)
            let reads = plan.filter { $0.contains("personnel_records") }
            #expect(reads.count == 2 && reads.allSatisfy { $0.contains("SEARCH personnel_records USING INTEGER PRIMARY KEY") }, "\(plan)")
            #expect(!plan.contains { $0.contains("CORRELATED") || $0.contains("JOIN") }, "\(plan)")
            #expect(plan.filter { $0.contains("TEMP B-TREE") }.count == 1, "one sort: \(plan)")
        }
    }
}
