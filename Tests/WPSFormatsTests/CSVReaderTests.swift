import Foundation
import Testing
@testable import WPSFormats

@Suite struct CSVReaderTests {
    /// Text as Windows-1250 bytes (only the letters the test uses beyond ASCII).
    static func windows1250(_ text: String) -> [UInt8] {
        let map: [Character: UInt8] = ["Š": 0x8A, "š": 0x9A, "Ž": 0x8E, "ž": 0x9E, "Č": 0xC8, "č": 0xE8, "Ć": 0xC6, "ć": 0xE6, "Đ": 0xD0, "đ": 0xF0]
        return text.flatMap { character -> [UInt8] in map[character].map { [$0] } ?? Array(String(character).utf8) }
    }

    @Test func readsWindows1250WithSemicolonsAndLocalLetters() throws {
        let text = "pol;čin;jedinica;visina\r\nŽ;poručnik;Đurđevac;1,72\r\nM;kapetan;\"Šabac; Čačak\";1,80\r\nž;vodnik;Ćuprija;1,65"
        let reader = try CSVReader(bytes: Self.windows1250(text))
        #expect(reader.encoding == .windows1250)
        #expect(reader.separator == UInt8(ascii: ";"))
        let records = try reader.readAll()
        #expect(records == [
            ["pol", "čin", "jedinica", "visina"],
            ["Ž", "poručnik", "Đurđevac", "1,72"],
            ["M", "kapetan", "Šabac; Čačak", "1,80"],
            ["ž", "vodnik", "Ćuprija", "1,65"],
        ])
    }

    @Test func detectsISO88592AndWindows1251() throws {
        // ISO-8859-2: Š=A9 š=B9 Ž=AE ž=BE
        let latin2: [UInt8] = Array("ime,spol\n".utf8) + [0xA9] + Array("ime,".utf8) + [0xAE] + Array("\n".utf8)
        let reader = try CSVReader(bytes: latin2)
        #expect(reader.encoding == .iso8859_2)
        #expect(try reader.readAll() == [["ime", "spol"], ["Šime", "Ž"]])
        // Windows-1251: "пол;чин\nж;капетан"
        let cyrillic: [UInt8] = [0xEF, 0xEE, 0xEB, 0x3B, 0xF7, 0xE8, 0xED, 0x0A, 0xE6, 0x3B, 0xEA, 0xE0, 0xEF, 0xE5, 0xF2, 0xE0, 0xED]
        let reader1251 = try CSVReader(bytes: cyrillic)
        #expect(reader1251.encoding == .windows1251)
        #expect(try reader1251.readAll() == [["пол", "чин"], ["ж", "капетан"]])
    }

    @Test func readsUTF8WithBOMAndTabs() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("gjinia\tgradë\nfemër\tkapiten\n".utf8)
        let reader = try CSVReader(bytes: bytes)
        #expect(reader.encoding == .utf8)
        #expect(reader.separator == UInt8(ascii: "\t"))
        #expect(try reader.readAll() == [["gjinia", "gradë"], ["femër", "kapiten"]])
    }

    @Test func readsAcrossChunkBoundaries() throws {
        // Given a file read three bytes at a time, with quotes and line ends split between chunks
        let text = "a;b\r\n\"x\"\"y\";\"line\r\nbreak\"\r\nč;ž\r\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // When
        let reader = try CSVReader(path: url.path, chunkSize: 3)
        // Then
        #expect(try reader.readAll() == [["a", "b"], ["x\"y", "line\r\nbreak"], ["č", "ž"]])
    }

    @Test func everyChunkSizeReadsTheSameRecordsOnTheSameLines() throws {
        // Given line ends of three kinds, doubled quotes, quoted line ends, blank lines and no final line end
        let text = "a;b\r\"x\"\"\"\"y\";\"l\r\n2\r3\n4\"\r\n\r\n\"\";\n\"\"\"\"\"\";'q\"t\n\nč;ž"
        let expected: [(fields: [String], line: Int)] = [
            (["a", "b"], 1), (["x\"\"y", "l\r\n2\r3\n4"], 2), (["", ""], 7), (["\"\"", "'q\"t"], 8), (["č", "ž"], 10),
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for chunkSize in 1...text.utf8.count + 1 {
            // When it is read that many bytes at a time
            let reader = try CSVReader(path: url.path, options: CSVOptions(separator: UInt8(ascii: ";"), encoding: .utf8), chunkSize: chunkSize)
            var read: [(fields: [String], line: Int)] = []
            while let fields = try reader.next() { read.append((fields, reader.line)) }
            // Then every record and the line it starts on are the same
            #expect(read.map(\.fields) == expected.map(\.fields), "chunk size \(chunkSize)")
            #expect(read.map(\.line) == expected.map(\.line), "chunk size \(chunkSize)")
        }
    }

    @Test func reportsTheLineOfEachRecordAndSkipsBlankLines() throws {
        let reader = try CSVReader(bytes: Array("a,b\n\n\"1\n2\",3\n4,5".utf8))
        _ = try reader.next()
        #expect(try reader.next() == ["1\n2", "3"])
        #expect(reader.line == 3)
        #expect(try reader.next() == ["4", "5"])
        #expect(reader.line == 5)
        #expect(try reader.next() == nil)
    }

    @Test func refusesBrokenAndBinaryFilesWithWhereAndWhy() throws {
        #expect(throws: CSVError.unterminatedQuote(file: "f.csv", row: 2, column: 2)) {
            _ = try CSVReader(bytes: Array("a,b\n1,\"open\n".utf8), name: "f.csv").readAll()
        }
        #expect(throws: CSVError.strayQuote(file: "f.csv", row: 2, column: 1)) {
            _ = try CSVReader(bytes: Array("a,b\n\"x\"y,1\n".utf8), name: "f.csv").readAll()
        }
        #expect(throws: CSVError.notText(file: "f.csv", hint: "it is a zip archive, such as an Excel .xlsx file; import it as .xlsx")) {
            _ = try CSVReader(bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], name: "f.csv")
        }
        let forced = try CSVReader(bytes: Self.windows1250("a;b\nŽ;x"), name: "f.csv", options: CSVOptions(encoding: .utf8))
        _ = try forced.next()
        #expect(throws: CSVError.badEncoding(file: "f.csv", row: 2, column: 1, encoding: .utf8)) { _ = try forced.next() }
        #expect(throws: CSVError.cannotOpen(file: "/no/such.csv", reason: "no such file")) { _ = try CSVReader(path: "/no/such.csv") }
    }

    @Test func namesEncodingsAsPeopleWriteThem() {
        #expect(TextEncoding(name: "cp1250") == .windows1250)
        #expect(TextEncoding(name: "UTF8") == .utf8)
        #expect(TextEncoding(name: "latin2") == .iso8859_2)
        #expect(TextEncoding(name: "ebcdic") == nil)
    }

    @Test func refusesAValueOrARowTooLargeForATableOfPeople() throws {
        let long = Array(repeating: UInt8(ascii: "a"), count: CSVReader.maximumFieldBytes + 1)
        let quoted = [UInt8(ascii: "\"")] + long + [UInt8(ascii: "\"")]
        let header = Array("a;b\r\n".utf8)
        #expect(throws: CSVError.valueTooLong(file: "f.csv", row: 2, column: 2, limit: CSVReader.maximumFieldBytes)) {
            _ = try CSVReader(bytes: header + Array("x;".utf8) + long, name: "f.csv").readAll()
        }
        #expect(throws: CSVError.valueTooLong(file: "f.csv", row: 2, column: 1, limit: CSVReader.maximumFieldBytes)) {
            _ = try CSVReader(bytes: header + quoted, name: "f.csv").readAll()
        }
        let wide = Array(String(repeating: ";", count: CSVReader.maximumColumns).utf8)
        #expect(throws: CSVError.tooManyColumns(file: "f.csv", row: 2, limit: CSVReader.maximumColumns)) {
            _ = try CSVReader(bytes: header + wide, name: "f.csv").readAll()
        }
        // A value just under the limit is read as it is
        let fits = Array(repeating: UInt8(ascii: "b"), count: CSVReader.maximumFieldBytes)
        #expect(try CSVReader(bytes: header + Array("x;".utf8) + fits, name: "f.csv").readAll().last?.last?.count == CSVReader.maximumFieldBytes)
    }
}
