import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import WPSCore
import WPSStorage
import WPSWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web server (migrates the database first).",
        discussion: "Settings: --host/WPS_HOST (127.0.0.1), --port/WPS_PORT (8080), --database/WPS_DATABASE_URL, WPS_PUBLIC_URL, WPS_SUPPRESSION_THRESHOLD (5), WPS_SESSION_HOURS (12). Stops gracefully on SIGTERM or SIGINT.")

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Load the demo data into an empty database (does nothing to a database that has data).")
    var demo = false
    @Option(help: "Address to listen on.") var host: String?
    @Option(help: "Port to listen on.") var port: Int?

    func run() async throws {
        let config = try options.config(host: host, port: port)
        CommandLogging.bootstrap(level: .info)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "wps")
        let database = try await options.openDatabase(config, logger: logger)
        // Coaching notes are sealed with this key: a key that cannot open them stops the start
        let sealer = NoteSealer(file: config.resolvedSecretKeyFile)
        do {
            try await sealer.check(in: database)
        } catch let failure as NoteSealer.Failure {
            await database.close()
            throw Failure(failure.description)
        }
        if demo {
            switch try await Seeder.loadDemo(database, logger: logger, sealer: sealer) {
            case .loaded(let loaded):
                logger.info("demo data loaded", metadata: [
                    "institutions": "\(loaded.institutions)", "people": "\(loaded.people)", "networks": "\(loaded.networks)",
                    "datasets": "\(loaded.datasets)", "plans": "\(loaded.plans)", "activities": "\(loaded.activities)", "experts": "\(loaded.experts)", "library_items": "\(loaded.libraryItems)",
                ])
            case .skippedNotEmpty:
                logger.info("demo data not loaded: the database already has data")
            case .skippedLoadingElsewhere:
                logger.info("demo data not loaded here: another process is loading it into this database")
            }
        }
        let services = AppServices(config: config, database: database, metricsText: { registry.emitToString() })
        if try await services.accounts.adminCount() == 0 {
            say("""
                No administrator account exists yet. Create one with:
                  wps user add --email you@example.org --name "Your Name" --role admin --password-stdin\(options.database.map { " --database \($0)" } ?? "")
                and type the password (at least \(PasswordPolicy.minimumLength) characters) on standard input.
                """)
        }
        say("WPS Platform on http://\(config.host):\(config.port) (\(config.database))")
        // The first reader of a large dataset should not wait for what never changes.
        let warming = Task(priority: .background) { [logger] in
            do {
                try await services.warmUp()
            } catch {
                logger.warning("datasets not prepared ahead", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        defer { warming.cancel() }
        let app = buildApplication(services: services, logger: logger)
        do {
            try await app.runService()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try options.config()
        CommandLogging.bootstrap(level: .warning)
        let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
        await database.close()
        print("The database is up to date: \(Migrator.names.count) migrations (\(config.database)).")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Demo data.", subcommands: [Load.self, Personnel.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load the demo region into an empty database; does nothing to one that has data.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let logger = Logger(label: "wps")
            let database = try await options.openDatabase(config, logger: logger)
            let outcome: Seeder.DemoOutcome
            let sealer = NoteSealer(file: config.resolvedSecretKeyFile)
            do {
                try await sealer.check(in: database)
                outcome = try await Seeder.loadDemo(database, logger: logger, sealer: sealer)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            switch outcome {
            case .loaded(let loaded):
                print("Loaded the demo: \(loaded.institutions) institutions, \(loaded.people) people, \(loaded.networks) networks and boards, \(loaded.datasets) personnel datasets, \(loaded.plans) action plans, \(loaded.activities) activities, \(loaded.experts) experts, \(loaded.libraryItems) library items.")
            case .skippedNotEmpty:
                print("The database already has data; the demo was not loaded and nothing was changed.")
            case .skippedLoadingElsewhere:
                print("Another process is loading the demo into this database; nothing was changed here.")
            }
        }
    }
}
