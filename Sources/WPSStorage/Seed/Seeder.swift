import Foundation
import Logging
import SQLKit
import WPSCore

/// Loads seed data (every new database) and demo data (on request, capability by capability:
/// ``DemoSection``).
public enum Seeder {
    /// Adds the countries of ``RegionSeed`` that are not there yet, and the ranks of the shipped
    /// reference file that the database has not been given yet. Run on every start; what an
    /// admin has edited or removed is left as it is.
    public static func seedReferenceData(_ database: WPSDatabase) async throws {
        let store = SQLDirectoryStore(database: database)
        let existing = Set(try await store.countries().map(\.code))
        for country in RegionSeed.countries where !existing.contains(country.code) {
            _ = try await store.addCountry(country, by: .system("seed data"))
        }
        try await SQLRankStore.mergeShipped(database)
    }

    /// One capability's part of the demo. Parts load in the order of `allCases`, each through
    /// its capability's stores (so they are validated and audited like a user's records), each
    /// into a database that does not hold it yet. A capability adds its case here, its records in
    /// `WPSCore/Demo/<Noun>Demo.swift` and their loading in `Seeder+<Noun>.swift`.
    public enum DemoSection: String, CaseIterable, Sendable {
        /// Countries, institutions, people, networks and boards with their members.
        case directory
        /// One public personnel dataset per country, and a series of three for Bosnia and Herzegovina.
        case datasets
        /// Action plans of Bosnia and Herzegovina and Serbia, and the regional network's draft plan.
        case plans
        /// Board sessions, trainings, workshops, campaigns and missions, with their participants.
        case activities
        /// The roster of gender trainers and experts, requests and a coaching cohort.
        case expertise
        /// Policies, practices and lessons learnt in English and BCS, some translations of each other.
        case library
    }

    /// How much a demo load wrote.
    public struct DemoSummary: Sendable, Equatable {
        public var institutions = 0
        public var people = 0
        public var networks = 0
        public var datasets = 0
        public var plans = 0
        public var activities = 0
        public var experts = 0
        public var libraryItems = 0

        public init(institutions: Int = 0, people: Int = 0, networks: Int = 0, datasets: Int = 0, plans: Int = 0, activities: Int = 0) {
            self.activities = activities
            self.institutions = institutions
            self.people = people
            self.networks = networks
            self.datasets = datasets
            self.plans = plans
        }
    }

    /// What a demo load did.
    public enum DemoOutcome: Sendable, Equatable {
        case loaded(DemoSummary)
        /// The database already holds directory records; nothing was changed.
        case skippedNotEmpty
        /// Another process started loading the demo into this database a moment ago.
        case skippedLoadingElsewhere
    }

    /// Loads the demo into a database that has no institutions yet: `sections` in their order
    /// (every section unless told), once — a second load, or two servers starting at once on an
    /// empty database, change nothing. Every record is written through the stores.
    /// - Parameter peoplePerDataset: people in each generated personnel file.
    public static func loadDemo(
        _ database: WPSDatabase, sections: [DemoSection] = DemoSection.allCases, peoplePerDataset: Int = 2_000, logger: Logger,
        sealer: NoteSealer? = nil
    ) async throws -> DemoOutcome {
        let count = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM institutions").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard count == 0 else { return .skippedNotEmpty }
        // Two servers started at once on an empty database would both load it: the first to
        // claim the load does it. A claim older than ten minutes belongs to a process that died.
        guard try await claimDemoLoad(database) else { return .skippedLoadingElsewhere }
        do {
            var summary = DemoSummary()
            for section in DemoSection.allCases where sections.contains(section) {
                switch section {
                case .directory: try await loadDemoDirectory(database, into: &summary, logger: logger)
                case .datasets: summary.datasets = try await loadDemoDatasets(database, people: peoplePerDataset, logger: logger)
                case .plans: try await loadDemoPlans(database, into: &summary, logger: logger)
                case .activities: summary.activities = try await loadDemoActivities(database, logger: logger)
                case .expertise: summary.experts = try await loadDemoExpertise(database, sealer: sealer, logger: logger)
                case .library: summary.libraryItems = try await loadDemoLibrary(database, logger: logger)
                }
            }
            return .loaded(summary)
        } catch {
            _ = try? await database.transaction { sql in try await sql.raw("DELETE FROM demo_claims WHERE name = 'demo'").run() }
            throw error
        }
    }

    static func claimDemoLoad(_ database: WPSDatabase) async throws -> Bool {
        let now = Date()
        return try await database.transaction { sql in
            let inserted = try await sql.raw("""
                INSERT INTO demo_claims (name, claimed_at) VALUES ('demo', \(bind: Timestamp.string(now)))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """).all()
            if !inserted.isEmpty { return true }
            let reclaimed = try await sql.raw("""
                UPDATE demo_claims SET claimed_at = \(bind: Timestamp.string(now))
                WHERE name = 'demo' AND claimed_at < \(bind: Timestamp.string(now.addingTimeInterval(-600))) RETURNING name
                """).all()
            return !reclaimed.isEmpty
        }
    }
}
