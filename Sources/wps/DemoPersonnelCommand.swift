import ArgumentParser
import Foundation
import WPSCore
import WPSFormats

extension Demo {
    struct Personnel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic, plausible personnel file of a country's armed forces.",
            discussion: """
                Header: \(PersonnelGenerator.header.joined(separator: ",")). Ranks are the country's national ranks from \
                the shipped rank table; a NATO code with no known national rank is written as the code. The same country, \
                seed and year always give the same file.
                """)

        @Option(help: "ISO 3166 code, e.g. BA, HR, RS, AL.") var country: String
        @Option(help: "Number of people.") var rows: Int
        @Option(help: "Seed of the generator.") var seed: UInt64
        @Option(help: "Reference year (default: this year).") var year: Int?
        @Option(help: "utf-8 (with BOM), windows-1250, iso-8859-2 or windows-1251.") var encoding: String = "utf-8"
        @Option(help: "Separator: ';', ',' or 'tab'.") var delimiter: String = ","
        @Option(help: "The file to write.") var output: String

        func validate() throws {
            guard country.count == 2, country.allSatisfy({ $0.isLetter }) else { throw ValidationError("--country must be a two-letter ISO code such as BA.") }
            guard rows >= 0, rows <= 50_000_000 else { throw ValidationError("--rows must be between 0 and 50,000,000.") }
            guard TextEncoding(name: encoding) != nil else {
                throw ValidationError("--encoding must be one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard separatorByte != nil else { throw ValidationError("--delimiter must be ';', ',' or 'tab'.") }
        }

        var separatorByte: UInt8? {
            switch delimiter {
            case ";": UInt8(ascii: ";")
            case ",": UInt8(ascii: ",")
            case "tab", "\t", "\\t": UInt8(ascii: "\t")
            default: nil
            }
        }

        func run() throws {
            let ranks = try RankReference.load()
            let referenceYear = year ?? Calendar(identifier: .gregorian).component(.year, from: Date())
            var generator = PersonnelGenerator(country: country, seed: seed, year: referenceYear, ranks: ranks)
            let writer = try CSVWriter(
                path: output, encoding: TextEncoding(name: encoding) ?? .utf8, separator: separatorByte ?? UInt8(ascii: ","))
            do {
                try writer.write(PersonnelGenerator.header)
                for _ in 0..<rows { try writer.write(generator.nextRow()) }
            } catch {
                writer.close()
                try? FileManager.default.removeItem(atPath: output)
                throw Failure(error.description)
            }
            writer.close()
            FileHandle.standardError.write(Data("Wrote \(rows) people of \(country.uppercased()) to \(output) (\(encoding)).\n".utf8))
        }
    }
}
