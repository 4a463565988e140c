import Foundation
import Testing
import WPSCore
@testable import WPSFormats

@Suite struct PersonnelFileTests {
    @Test func rankReferenceLoadsTheShippedTable() throws {
        let ranks = try RankReference.load()
        #expect(ranks.count == 116)
        #expect(ranks.contains(RankMapping(country: "BA", nationalRank: "potporučnik", natoCode: "OF-0", category: .officer, confidence: "official")))
        #expect(Set(ranks.map(\.country)) == ["AL", "BA", "HR", "ME", "MK", "RS", "XK"])
        #expect(ranks.contains(RankMapping(country: "ME", nationalRank: "kadet", natoCode: "OF(D)", category: .cadet, confidence: "probable")))
    }

    @Test func generatorIsDeterministicAndPlausible() throws {
        let ranks = try RankReference.load()
        var first = PersonnelGenerator(country: "BA", seed: 7, year: 2024, ranks: ranks)
        var second = PersonnelGenerator(country: "BA", seed: 7, year: 2024, ranks: ranks)
        let rows = (0..<20_000).map { _ in first.nextRow() }
        #expect(rows == (0..<20_000).map { _ in second.nextRow() })
        let uniformed = rows.filter { $0[4] != "civilian" }
        let women = uniformed.filter { $0[1] == "Ž" }.count
        let share = Double(women) / Double(uniformed.count)
        #expect(share > 0.05 && share < 0.20, "share of women \(share)")
        // Senior officers have fewer women than junior ones
        let bosnian = Dictionary(uniqueKeysWithValues: ranks.filter { $0.country == "BA" }.map { ($0.nationalRank, $0.natoCode) })
        func womenShare(_ codes: Set<String>) -> Double {
            let group = rows.filter { codes.contains(bosnian[$0[3]] ?? $0[3]) }
            return Double(group.filter { $0[1] == "Ž" }.count) / Double(max(1, group.count))
        }
        #expect(womenShare(["OF-1", "OF-2"]) > womenShare(["OF-4", "OF-5", "OF-6", "OF-7"]))
        #expect(rows.allSatisfy { $0.count == PersonnelGenerator.header.count })
    }

    @Test func generatedFilesNameRanksAsEachCountryDoes() throws {
        // Given the shipped rank table
        let ranks = try RankReference.load()
        for country in ["AL", "BA", "HR", "ME", "RS", "MK", "XK"] {
            // When a file of the country is generated
            var generator = PersonnelGenerator(country: country, seed: 3, year: 2024, ranks: ranks)
            let column = PersonnelGenerator.header.firstIndex(of: "rank") ?? 0
            let named = (0..<3000).map { _ in generator.nextRow()[column] }.filter { !$0.isEmpty }
            let codes = Set(named.filter { RankMapping.seniority(ofCode: $0) != nil })
            // Then every rank the table knows is written by its national name; only ranks the table
            // does not know (North Macedonia's and Kosovo's NCOs and soldiers, BiH's OR-3) stay NATO codes
            let known = Set(ranks.filter { $0.country == country }.map(\.natoCode))
            #expect(codes.isDisjoint(with: known), "\(country) writes \(codes.intersection(known)) as codes")
            if ["AL", "HR", "ME", "RS"].contains(country) { #expect(codes.isEmpty, "\(country) writes \(codes) as codes") }
            #expect(Set(named).count > 8, "\(country)")
        }
    }

    @Test func windows1250FileWithSemicolonsReadsBackLetterForLetter() throws {
        // Given a generated Windows-1250 file with ; separators
        let ranks = try RankReference.load()
        var generator = PersonnelGenerator(country: "BA", seed: 42, year: 2024, ranks: ranks)
        let rows = [PersonnelGenerator.header] + (0..<2000).map { _ in generator.nextRow() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("personnel-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
        for row in rows { try writer.write(row) }
        writer.close()
        // When it is read with everything detected
        let reader = try CSVReader(path: path)
        // Then
        #expect(reader.encoding == .windows1250)
        #expect(reader.separator == UInt8(ascii: ";"))
        #expect(try reader.readAll() == rows)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.contains(0x8A) || bytes.contains(0x9E) || bytes.contains(0xE8))  // Š ž č as Windows-1250 bytes
    }

    @Test func writerRefusesLettersTheEncodingCannotWrite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cyr-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try CSVWriter(path: path, encoding: .windows1250)
        try writer.write(["a", "b"])
        #expect(throws: CSVError.cannotEncode(file: path, row: 2, column: 2, encoding: .windows1250)) { try writer.write(["x", "Штаб"]) }
        writer.close()
    }
}
