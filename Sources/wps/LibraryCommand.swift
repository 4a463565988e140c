import ArgumentParser
import Foundation
import Logging
import WPSStorage

struct LibraryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "The library of policies, practices and lessons learnt.", subcommands: [Reindex.self])

    struct Reindex: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fold and index every library item again (after items were written straight into the database).",
            discussion: "  wps library reindex --database data/wps.sqlite")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let started = Date()
            do {
                let count = try await SQLLibraryStore(database: database).reindexAll()
                await database.close()
                print("Indexed \(count) library items in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
            } catch {
                await database.close()
                throw error
            }
        }
    }
}
