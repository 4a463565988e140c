import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSFormats
import WPSStorage

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data files.", subcommands: [Personnel.self])

    struct Personnel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a person-level personnel file (CSV in any regional encoding, or .xlsx) as a new dataset; prints its id.",
            discussion: """
                Columns are matched by name in English and the region's languages (pol/spol/gjinia, čin/gradë, godina rođenja, \
                jedinica, …); ranks are mapped to NATO codes through the rank table. A file with any problem stores nothing: \
                every problem is listed with row, column, value and rule (the first \(ImportFailure.listedInFull) in full, \
                then counts per rule), and the command exits non-zero.
                """)
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file (any regional encoding) or .xlsx workbook.") var file: String
        @Option(help: "The institution that owns the data.") var institution: Int
        @Option(help: "Reference date of the snapshot, YYYY-MM-DD.") var date: String
        @Option(help: "Series name, for trends across snapshots.") var series: String = ""
        @Option(help: "A mapping saved for the institution: used for this file, and what this file teaches (headers, --map) is saved under it for the next.")
        var mapping: String?
        @Option(name: .customLong("map"), help: ArgumentHelp(
            "What a header or value means, e.g. 'rank:general armije=OF-9', 'sex:zenska=female', 'category:oficir=officer', 'position_level:komandir=decision_making', 'column:Plata=ignore'. Repeatable.",
            valueName: "kind:value=meaning"))
        var maps: [String] = []
        @Option(help: "The sheet of an .xlsx workbook (default: the first).") var sheet: String?
        @Option(help: "Where the file comes from, e.g. 'HR department, annual report 2024'.") var source: String = ""
        @Option(help: "What is counted, e.g. 'armed forces; civilians and cadets not counted'.") var definition: String = ""
        @Option(help: "Who may see the dataset: public, platform or institution.") var visibility: String = "institution"
        @Option(help: "Force the encoding: utf-8, windows-1250, iso-8859-2, windows-1251 (default: detected).") var encoding: String?

        func validate() throws {
            guard Day(date) != nil else { throw ValidationError("--date must be a date as YYYY-MM-DD, e.g. 2024-12-31.") }
            if let encoding, TextEncoding(name: encoding) == nil {
                throw ValidationError("--encoding must be one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            _ = try Self.extraMapping(maps)
            guard Visibility(rawValue: visibility) != nil else { throw ValidationError("--visibility must be public, platform or institution.") }
            if let mapping, mapping.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--mapping needs a name.") }
        }

        func run() async throws {
            let config = try options.config()
            guard let referenceDate = Day(date) else { throw ValidationError("--date must be a date as YYYY-MM-DD.") }
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let request = PersonnelImporter.Request(
                path: file, institutionId: institution, referenceDate: referenceDate, series: series,
                encoding: encoding.flatMap(TextEncoding.init(name:)), sheet: sheet,
                visibility: Visibility(rawValue: visibility) ?? .institution, mappingName: mapping,
                extraMapping: try Self.extraMapping(maps), source: source, definition: definition)
            let interactive = isatty(STDERR_FILENO) != 0
            do {
                let id = try await PersonnelImporter(database: database).run(
                    request, ranks: try await SQLRankStore(database: database).ranks(country: nil), by: .system("wps import personnel"),
                    progress: { rows in if interactive { FileHandle.standardError.write(Data("\rchecked \(rows) rows…".utf8)) } })
                await database.close()
                print(id)
            } catch let failure as PersonnelImporter.Failure {
                await database.close()
                throw Failure(Self.explain(failure))
            }
        }

        /// The meanings given with --map.
        static func extraMapping(_ maps: [String]) throws -> ImportMapping {
            var mapping = ImportMapping()
            for text in maps {
                do {
                    try mapping.add(text)
                } catch {
                    throw ValidationError("--map '\(text)': \(error.code.replacingOccurrences(of: "_", with: " ")) '\(error.value ?? "")'. "
                        + "Write kind:value=meaning with kind column, rank, sex, category or position_level.")
                }
            }
            return mapping
        }

        static func explain(_ failure: PersonnelImporter.Failure) -> String {
            switch failure {
            case .file(let error): return "\(error.description). Nothing was imported."
            case .noSuchInstitution(let id): return "There is no institution with id \(id). Nothing was imported."
            case .empty(let name): return "\(name) has no data rows. Nothing was imported."
            case .problems(let failure):
                var lines = failure.problems.map(\.description)
                if failure.total > failure.problems.count {
                    lines.append("… and \(failure.total - failure.problems.count) more: "
                        + failure.counts.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", "))
                }
                lines.append("\(failure.total) problem\(failure.total == 1 ? "" : "s") found. Nothing was imported; correct the file (or the rank table) and import it again.")
                let unknown = Self.unknownValues(failure)
                if !unknown.isEmpty {
                    lines.append("Values the platform does not know are never guessed. If they are right, say what they mean and import again, e.g.:")
                    lines.append("  --mapping NAME " + unknown.map { "--map '\($0.kind):\($0.value)=\($0.hint)'" }.joined(separator: " "))
                    lines.append("(the mapping NAME is saved for the institution and used for its next file)")
                    if unknown.contains(where: { $0.kind == "rank" }) {
                        lines.append("A rank's NATO code is OR-1…OR-9 for NCOs and soldiers, OF(D) for cadets, OF-0…OF-10 for officers.")
                    }
                }
                return lines.joined(separator: "\n")
            }
        }
    
        /// The first unknown values, with the meanings each kind takes.
        static func unknownValues(_ failure: ImportFailure) -> [(kind: String, value: String, hint: String)] {
            let hints = ["rank": "OR-?|OF-?", "sex": "female|male", "category": "officer|nco|soldier|cadet|civilian",
                         "position_level": "decision_making|other"]
            return failure.unknownValues.prefix(20).map { ($0.kind, $0.value, hints[$0.kind] ?? "?") }
        }
    }
}
