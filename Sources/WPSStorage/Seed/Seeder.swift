import Foundation
import Logging
import SQLKit
import WPSCore

/// Loads seed data (every new database) and demo data (on request).
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

    /// What a demo load did.
    public enum DemoOutcome: Sendable, Equatable {
        case loaded(institutions: Int, people: Int, networks: Int)
        /// The database already holds directory records; nothing was changed.
        case skippedNotEmpty
        /// Another process started loading the demo into this database a moment ago.
        case skippedLoadingElsewhere
    }

    /// Loads the demo directory into a database that has no institutions yet. Every record is
    /// written through the store, so it is validated and audited like a user's.
    public static func loadDemo(_ database: WPSDatabase, logger: Logger) async throws -> DemoOutcome {
        let count = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM institutions").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard count == 0 else { return .skippedNotEmpty }
        // Two servers started at once on an empty database would both load it: the first to
        // claim the load does it. A claim older than ten minutes belongs to a process that died.
        guard try await claimDemoLoad(database) else { return .skippedLoadingElsewhere }
        do {
            return try await loadDemoDirectory(database, logger: logger)
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

    private static func loadDemoDirectory(_ database: WPSDatabase, logger: Logger) async throws -> DemoOutcome {
        let store = SQLDirectoryStore(database: database)
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        let existing = Set(try await store.countries().map(\.code))
        for country in DirectoryDemo.extraCountries where !existing.contains(country.code) {
            _ = try await store.addCountry(country, by: actor)
        }
        var institutionIds: [String: Int] = [:]
        for entry in DirectoryDemo.institutions {
            var fields = entry.fields
            fields.parentId = entry.parentKey.flatMap { institutionIds[$0] }
            institutionIds[entry.key] = try await store.createInstitution(fields, viewer: admin, by: actor).id
        }
        var personIds: [String: Int] = [:]
        for entry in DirectoryDemo.people {
            let positions = entry.positions.compactMap { position -> Position? in
                guard let id = institutionIds[position.key] else { return nil }
                return Position(institutionId: id, title: position.title, since: Day(position.since))
            }
            let slug = entry.given.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            let fields = PersonFields(
                givenName: entry.given, familyName: entry.family, sex: entry.sex, languages: entry.languages,
                email: slug.allSatisfy(\.isASCII) ? "\(slug).\(entry.ownerKey)@example.org" : "",
                ownerInstitutionId: institutionIds[entry.ownerKey], positions: positions, visibility: entry.visibility)
            personIds["\(entry.given) \(entry.family)"] = try await store.createPerson(fields, viewer: admin, by: actor).id
        }
        var networkIds: [String: Int] = [:]
        for entry in DirectoryDemo.networks {
            var fields = entry.fields
            fields.parentNetworkId = entry.parentKey.flatMap { networkIds[$0] }
            fields.ownerInstitutionId = institutionIds[entry.ownerKey]
            let network = try await store.createNetwork(fields, viewer: admin, by: actor)
            networkIds[entry.key] = network.id
            for member in entry.members {
                let ref: MemberRef?
                if member.member.hasPrefix("person:") {
                    ref = personIds[String(member.member.dropFirst("person:".count))].map(MemberRef.person)
                } else {
                    ref = institutionIds[member.member].map(MemberRef.institution)
                }
                guard let ref else {
                    logger.warning("demo member not found", metadata: ["member": "\(member.member)"])
                    continue
                }
                _ = try await store.addMember(
                    networkId: network.id, NewMembership(member: ref, role: member.role, since: Day(member.since)),
                    viewer: admin, by: actor)
            }
        }
        return .loaded(institutions: institutionIds.count, people: personIds.count, networks: networkIds.count)
    }
}
