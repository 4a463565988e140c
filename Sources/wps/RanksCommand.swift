import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSStorage

struct Ranks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The rank table: national ranks and their NATO codes (seeded from the shipped reference file).",
        subcommands: [List.self, Set.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the rank table, or one country's part.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "ISO code of a country, e.g. BA.") var country: String?

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let ranks = try await SQLRankStore(database: database).ranks(country: country)
            await database.close()
            print((["country", "national_rank", "nato_code", "category", "confidence"] as [String]).joined(separator: "\t"))
            for rank in ranks {
                print([rank.country, rank.nationalRank, rank.natoCode, rank.category.rawValue, rank.confidence].joined(separator: "\t"))
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or correct a national rank's NATO code (audited, versioned).",
            discussion: "The category follows from the code (OR-1…OR-4 soldier, OR-5…OR-9 NCO, OF officer, OF(D) cadet) unless given.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "ISO code of the country, e.g. BA.") var country: String
        @Option(help: "The national rank as people write it, e.g. 'general armije'.") var rank: String
        @Option(help: "The NATO code, e.g. OF-9.") var code: String
        @Option(help: "officer, nco, soldier, cadet or civilian (default: from the code).") var category: String?
        @Option(help: "official, medium or probable.") var confidence: String = "official"

        func run() async throws {
            let code = code.uppercased()
            guard let category = category.map({ PersonnelCategory(rawValue: $0) }) ?? RankMapping.category(ofCode: code) else {
                throw ValidationError("--category must be officer, nco, soldier, cadet or civilian, and --code a NATO code such as OF-9.")
            }
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            do {
                _ = try await SQLRankStore(database: database).setRank(
                    RankMapping(country: country, nationalRank: rank, natoCode: code, category: category, confidence: confidence),
                    viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("wps ranks set"))
            } catch StoreError.invalid(let errors) {
                await database.close()
                throw ValidationError(errors.map { "\($0.field) '\($0.value ?? "")': \($0.code.replacingOccurrences(of: "_", with: " "))" }.joined(separator: "; "))
            }
            await database.close()
            print("\(country.uppercased()) \(rank) → \(code) (\(category.rawValue))")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a national rank from the table (audited).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "ISO code of the country.") var country: String
        @Option(help: "The national rank.") var rank: String

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            do {
                try await SQLRankStore(database: database).removeRank(
                    country: country, nationalRank: rank, viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("wps ranks remove"))
            } catch StoreError.notFound {
                await database.close()
                throw Failure("The rank table has no '\(rank)' for \(country.uppercased()).")
            }
            await database.close()
        }
    }
}
