import Foundation
import Testing
import WPSCore
import WPSFormats
import WPSStorage

/// Files a ministry's export, a careless rename or an attacker can send: each is refused with a
/// message that names the file (and the place, where there is one), or imported as what it says;
/// none crashes, hangs or stores part of itself.
@Suite struct BadFilesTests {
    static let header = "Spol;Čin;Jedinica;Godina rođenja\r\n"

    /// A small, valid workbook of three people.
    static func workbook() throws -> Data {
        try XLSXWriter.data([XLSXSheetContent(name: "Osoblje", rows: [
            ["Spol", "Čin", "Jedinica", "Godina rođenja"], ["Ž", "kapetan", "Štab", 1990], ["M", "major", "Štab", 1980],
            ["M", "vodnik", "Četa", 1995],
        ])])
    }

    /// Every bad file, by name and bytes, and whether it may be imported (as what it says) or must be refused.
    static func corpus() throws -> [(name: String, bytes: Data, importable: Bool)] {
        let valid = try workbook()
        var corrupted = valid
        for index in stride(from: corrupted.count / 3, to: corrupted.count * 2 / 3, by: 7) { corrupted[index] ^= 0x5A }
        var withNul = Data((header + "Ž;kapetan;Št").utf8)
        withNul.append(0)
        withNul.append(contentsOf: Array("ab;1990\r\n".utf8))
        var utf16 = Data([0xFF, 0xFE])
        utf16.append((header + "Ž;kapetan;Štab;1990\r\n").data(using: .utf16LittleEndian) ?? Data())
        // UTF-8 header, then a row in Windows-1250 (Š = 0x8A, č = 0xE8): one file, two encodings
        var mixed = Data((header + "Ž;kapetan;Štab;1990\r\n").utf8)
        mixed.append(contentsOf: [0x4D, 0x3B, 0x6D, 0x61, 0x6A, 0x6F, 0x72, 0x3B, 0x8A, 0x74, 0x61, 0x62, 0x3B, 0x31, 0x39, 0x38, 0x30, 0x0D, 0x0A])
        let hugeCell = try XLSXWriter.data([XLSXSheetContent(name: "Osoblje", rows: [
            ["Spol", "Čin", "Jedinica"], ["Ž", "kapetan", .text(String(repeating: "x", count: CSVReader.maximumFieldBytes + 1))],
        ])])
        let formulas = Data((header + "Ž;kapetan;=cmd|' /C calc'!A0;1990\r\nM;major;+HYPERLINK(\"http://x\");1980\r\nM;vodnik;@SUM(A1);1995\r\n").utf8)
        return [
            ("empty.csv", Data(), false),
            ("empty.xlsx", Data(), false),
            ("text-named.xlsx", Data((header + "Ž;kapetan;Štab;1990\r\n").utf8), false),
            ("truncated.xlsx", valid.prefix(valid.count / 2), false),
            ("corrupted.xlsx", corrupted, false),
            ("nul-bytes.csv", withNul, false),
            ("utf-16.csv", utf16, false),
            ("mixed-encodings.csv", mixed, false),
            ("header-only.csv", Data(header.utf8), false),
            ("huge-cell.xlsx", hugeCell, false),
            ("formulas.csv", formulas, true),
        ]
    }

    @Test(arguments: TestDatabase.engines)
    func eachBadFileIsRefusedWithItsNameOrImportedAsItSaysAndNothingHalfStored(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let institution = try await PersonnelImportTests.ministry(database)
            let importer = PersonnelImporter(database: database)
            let store = SQLDatasetStore(database: database)
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for file in try Self.corpus() {
                // Given the file on disk
                let path = folder.appendingPathComponent(file.name).path
                try file.bytes.write(to: URL(fileURLWithPath: path))
                let before = try await store.datasets(viewer: admin, page: PageRequest()).total
                // When it is imported
                do {
                    let id = try await importer.run(
                        .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31") ?? .epoch), ranks: try RankReference.load(),
                        by: .system("test"))
                    // Then an importable file is stored whole, its values as they were written
                    #expect(file.importable, "\(file.name) was imported")
                    let units = try await store.exactTable(datasetId: id, rows: .unit, columns: .sex).rows
                    #expect(units.contains("=cmd|' /C calc'!A0") && units.contains("@SUM(A1)"), "\(file.name): \(units)")
                } catch let failure as PersonnelImporter.Failure {
                    // Or it is refused with a message that names the file, and nothing is stored
                    #expect(!file.importable, "\(file.name): \(failure)")
                    let message = Self.message(failure)
                    #expect(message.contains(file.name), "\(file.name): \(message)")
                    if file.name == "huge-cell.xlsx" { #expect(message.contains("row 2, column 3: a value is longer than 128 KiB"), "\(message)") }
                    #expect(try await store.datasets(viewer: admin, page: PageRequest()).total == before, "\(file.name)")
                }
            }
        }
    }

    @Test func aFiftyMegabyteLineAndAMillionEmptyRowsEndWithoutCrashingOrStoring() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let institution = try await PersonnelImportTests.ministry(database)
            let importer = PersonnelImporter(database: database)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            // Given a 50 MB CSV on one line, and a workbook whose sheet has 1,048,576 empty rows
            let line = folder.appendingPathComponent("one-line.csv")
            try Data(repeating: UInt8(ascii: "a"), count: 50 * 1024 * 1024).write(to: line)
            let empty = folder.appendingPathComponent("empty-rows.xlsx")
            let rows: [[XLSXCell]] = [["Spol", "Čin"]] + Array(repeating: [XLSXCell.empty], count: 1_048_575)
            try XLSXWriter.data([XLSXSheetContent(name: "Prazno", rows: rows)]).write(to: empty)
            // When each is imported, Then it is refused by name and place, the long line as soon as it is too long
            for (path, expected) in [
                (line.path, "one-line.csv, row 1, column 1: a value is longer than 128 KiB"), (empty.path, "empty-rows.xlsx"),
            ] {
                do {
                    _ = try await importer.run(
                        .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31") ?? .epoch),
                        ranks: try RankReference.load(), by: .system("test"))
                    Issue.record("\(path) was imported")
                } catch let failure as PersonnelImporter.Failure {
                    #expect(Self.message(failure).contains(expected), "\(Self.message(failure).prefix(300))")
                }
            }
            let stored = try await SQLDatasetStore(database: database).datasets(viewer: Viewer(userId: nil, isPlatformAdmin: true), page: PageRequest())
            #expect(stored.total == 0)
        }
    }

    static func message(_ failure: PersonnelImporter.Failure) -> String {
        switch failure {
        case .file(let error): error.description
        case .problems(let found): found.problems.map { "\($0.file) row \($0.row) \($0.column): \($0.rule)" }.joined(separator: "; ")
        case .noSuchInstitution(let id): "no institution \(id)"
        case .empty(let file): file
        }
    }
}
