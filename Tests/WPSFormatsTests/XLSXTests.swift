import Foundation
import Testing
import WPSFormats

@Suite struct XLSXTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/xlsx/\(name)").path
    }

    static func rows(_ sheet: XLSXSheet) -> [[String]] { sheet.rows.map(\.cells) }

    @Test func readsSharedAndRichStringsStylesBooleansErrorsAndMergedCells() throws {
        // Given a hand-made workbook with namespace prefixes, an absolute sheet path and no row numbers on one row
        let workbook = try XLSXWorkbook(path: Self.fixture("shared-strings.xlsx"))
        // When
        let sheet = try workbook.sheet()
        // Then
        #expect(workbook.sheetNames == ["Podaci"])
        #expect(sheet.rows.map(\.number) == [2, 3, 4])
        #expect(Self.rows(sheet) == [
            ["Spol", "Godina rođenja", "", "A & B <1>"],
            ["Ž", "1990", "2024-12-31", "TRUE", "Žx", "#N/A", "1900-02-29", "0.1", ""],
            ["Spol", "-0.0025"],
        ])
        #expect(sheet.mergedRanges == ["B2:C2"])
        #expect(sheet.mergedRanges(inRow: 2) == ["B2:C2"])
        #expect(sheet.mergedRanges(inRow: 3).isEmpty)
    }

    @Test func readsAnyNamedSheetWithDatesNumbersAndLetters() throws {
        let workbook = try XLSXWorkbook(path: Self.fixture("personnel.xlsx"))
        #expect(workbook.sheetNames == ["Napomene", "Osoblje", "Sažetak"])
        let sheet = try workbook.sheet(named: "Osoblje")
        #expect(Self.rows(sheet) == [
            ["Spol", "Godina rođenja", "Čin", "Jedinica", "Datum prijema", "U inostranstvu", "Starost"],
            ["Ž", "1990", "kapetan", "Štab brigade", "2012-03-01", "TRUE", "34.5"],
            ["M", "1975", "pukovnik", "Inžinjerijski bataljon", "1999-12-31", "FALSE", "49"],
            ["ž", "2001", "vojnik", "ĆČŽĐŠ ćčžđš", "2020-01-15 08:30:00"],
        ])
        #expect(try workbook.sheet(named: "Sažetak").mergedRanges == ["A1:B1"])
        #expect(throws: XLSXError.noSuchSheet(file: "personnel.xlsx", sheet: "Nema", available: ["Napomene", "Osoblje", "Sažetak"])) {
            try workbook.sheet(named: "Nema")
        }
    }

    @Test func reads1904DateSystem() throws {
        let workbook = try XLSXWorkbook(path: Self.fixture("dates-1904.xlsx"))
        #expect(workbook.uses1904)
        #expect(Self.rows(try workbook.sheet()) == [["Datum", "Broj"], ["2024-12-31", "1"], ["1904-01-02", "2"]])
    }

    @Test func serialDatesOfThe1900System() {
        #expect(ExcelDate.text(serial: 1, uses1904: false) == "1900-01-01")
        #expect(ExcelDate.text(serial: 59, uses1904: false) == "1900-02-28")
        #expect(ExcelDate.text(serial: 61, uses1904: false) == "1900-03-01")
        #expect(ExcelDate.text(serial: 45657.5, uses1904: false) == "2024-12-31 12:00:00")
        #expect(ExcelDate.serial(year: 2024, month: 12, day: 31) == 45657)
        #expect(ExcelDate.serial(year: 1900, month: 1, day: 1) == 1)
    }

    @Test func writtenWorkbookReadsBackCellForCell() throws {
        // Given a table with letters, markup characters, numbers and an empty cell
        let rows: [[XLSXCell]] = [
            ["NATO kod", "Žene", "Muškarci", "% žena"],
            ["OF-4", 3, 21, .number(12.5)],
            ["<k & \"x\"", .empty, 7, .text("")],
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // When
        try XLSXWriter.data([XLSXSheetContent(name: "Tabela: čin/spol", rows: rows), XLSXSheetContent(name: "Tabela: čin/spol", rows: [])])
            .write(to: URL(fileURLWithPath: path))
        // Then
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheetNames == ["Tabela činspol", "Tabela činspol (2)"])
        #expect(Self.rows(try workbook.sheet()) == [
            ["NATO kod", "Žene", "Muškarci", "% žena"], ["OF-4", "3", "21", "12.5"], ["<k & \"x\"", "", "7", ""],
        ])
    }

    @Test func refusesFilesThatAreNotWorkbooks() throws {
        let folder = FileManager.default.temporaryDirectory
        // A truncated workbook
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("personnel.xlsx")))
        let truncated = folder.appendingPathComponent("cut-\(UUID().uuidString).xlsx")
        try whole.prefix(whole.count / 2).write(to: truncated)
        defer { try? FileManager.default.removeItem(at: truncated) }
        #expect(throws: XLSXError.notAWorkbook(
            file: truncated.lastPathComponent, reason: "not a complete zip archive; it may be truncated or another format")) {
            try XLSXWorkbook(path: truncated.path)
        }
        // Text pretending to be a workbook
        let text = folder.appendingPathComponent("text-\(UUID().uuidString).xlsx")
        try Data("Spol;Čin\n".utf8).write(to: text)
        defer { try? FileManager.default.removeItem(at: text) }
        #expect(throws: TableFileError.self) { try TableFile(path: text.path) }
    }

    @Test func tableFileReadsCSVAndSheetsAlike() throws {
        let sheet = try TableFile(path: Self.fixture("shared-strings.xlsx"))
        var lines: [Int] = []
        while try sheet.next() != nil { lines.append(sheet.line) }
        #expect(lines == [2, 3, 4])
        #expect(sheet.notes.contains { $0.contains("merged header cells B2:C2") })
    }

    /// Files the fuzzer (scripts/checks/fuzz.py) found a problem with, kept as cases: each is
    /// refused with the file and part named, at once. The first spun ZIPFoundation's inflate loop
    /// forever (a deflated part one byte off).
    @Test func filesTheFuzzerFoundAreRefusedAtOnce() throws {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/bad-files").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xlsx") }.sorted()
        #expect(names.contains("deflate-stream-ends-early.xlsx"))
        for name in names {
            do {
                let workbook = try XLSXWorkbook(path: folder + "/" + name)
                for sheet in workbook.sheetNames { _ = try workbook.sheet(named: sheet) }
                Issue.record("\(name) was read as a workbook")
            } catch {
                #expect(error.description.hasPrefix(name), "\(error)")
            }
        }
    }

    /// A truncated deflate stream inside an otherwise whole archive is refused, naming the part.
    @Test func aPartWhoseStreamEndsEarlyIsDamaged() throws {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/bad-files").path
        #expect(throws: XLSXError.self) { _ = try XLSXWorkbook(path: folder + "/deflate-stream-ends-early.xlsx").sheet() }
    }
}
