import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSFormats
import WPSStorage

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Work with action plans.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a plan matrix (CSV in any regional encoding, or .xlsx) to a plan: its goals, objectives, measures and indicators.",
            discussion: """
                One row per node or indicator. Columns, by name in English or the region's languages: code, title, title_en, \
                indicator, unit (count, percent, yes_no, text), baseline, baseline year, target, target year, lead, partners, \
                start, end, budget, currency, source. A code's depth gives the kind (2 goal, 2.1 objective, 2.1.3 measure) and its \
                parent must exist (in the plan or above in the file); a row with a code and an indicator but no title adds the \
                indicator to that node. Institutions (lead, partners; several separated by ';') are matched by acronym or name. \
                A file with any problem adds nothing: every problem is listed with row, column, value and rule, and the command \
                exits non-zero.
                """)
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The CSV file (any regional encoding) or .xlsx workbook.") var file: String
        @Option(help: "The plan to add to.") var plan: Int
        @Option(help: "The sheet of an .xlsx workbook (default: the first).") var sheet: String?

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            do {
                let outcome = try await PlanMatrixImporter(database: database).run(
                    path: file, planId: plan, sheet: sheet, viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("wps plan import"))
                await database.close()
                print("Added \(outcome.nodes) node\(outcome.nodes == 1 ? "" : "s") and \(outcome.indicators) indicator\(outcome.indicators == 1 ? "" : "s") to plan \(plan).")
            } catch let failure as PlanMatrixImporter.Failure {
                await database.close()
                throw Failure(Self.explain(failure))
            } catch StoreError.notFound {
                await database.close()
                throw Failure("There is no plan with id \(plan). Nothing was added.")
            }
        }

        static func explain(_ failure: PlanMatrixImporter.Failure) -> String {
            switch failure {
            case .file(let error): return "\(error.description). Nothing was added."
            case .problems(let failure):
                var lines = failure.problems.map(\.description)
                if failure.total > failure.problems.count { lines.append("… and \(failure.total - failure.problems.count) more.") }
                lines.append("\(failure.total) problem\(failure.total == 1 ? "" : "s") found. Nothing was added; correct the file and import it again.")
                return lines.joined(separator: "\n")
            }
        }
    }
}
