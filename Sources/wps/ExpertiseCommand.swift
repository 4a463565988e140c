import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSStorage
import WPSWeb

struct ExpertiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expertise", abstract: "Expertise sharing: who keeps the roster.", subcommands: [Secretariat.self])

    struct Secretariat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name an institution as the expertise secretariat (its editors and admins keep the roster, the requests and the coaching programme), or list them.",
            discussion: "  wps expertise secretariat --institution 12\n  wps expertise secretariat --institution 12 --remove\n  wps expertise secretariat")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The institution's id.") var institution: Int?
        @Flag(help: "Remove it from the secretariat.") var remove = false

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            do {
                if let institution {
                    try await services.expertise.setSecretariat(institutionId: institution, member: !remove, by: .system("wps expertise secretariat"))
                }
                let members = try await services.expertise.secretariatInstitutions()
                await database.close()
                print(members.isEmpty ? "No institution is the expertise secretariat; platform admins keep the roster." :
                    "The expertise secretariat: institution \(members.map(String.init).joined(separator: ", ")).")
            } catch let error as StoreError {
                await database.close()
                throw Failure(UserCommand.Link.explain(error))
            }
        }
    }
}
