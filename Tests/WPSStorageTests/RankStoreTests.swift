import Foundation
import Logging
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage

@Suite struct RankStoreTests {
    @Test(arguments: TestDatabase.engines)
    func rankTableIsSeededEditedWithHistoryAndUsedByTheImport(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a new database: the shipped reference file seeds the table
            let store = SQLRankStore(database: database)
            let shipped = try RankReference.load()
            #expect(try await store.ranks(country: nil).count == shipped.count)
            #expect(try await store.ranks(country: "ba").contains { $0.nationalRank == "kapetan" && $0.natoCode == "OF-2" })
            // Seeding again changes nothing an admin did
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            _ = try await store.setRank(
                RankMapping(country: "BA", nationalRank: "General armije", natoCode: "OF-9", category: .officer, confidence: "official"),
                viewer: admin, by: .system("test"))
            _ = try await store.setRank(
                RankMapping(country: "BA", nationalRank: "general armije", natoCode: "OF-8", category: .officer, confidence: "medium"),
                viewer: admin, by: .system("test"))
            try await Seeder.seedReferenceData(database)
            let bosnian = try await store.ranks(country: "BA")
            #expect(bosnian.count == shipped.filter { $0.country == "BA" }.count + 1)
            #expect(bosnian.first { TextFolding.fold($0.nationalRank) == "general armije" }?.natoCode == "OF-8")
            // Every change is in the audit trail
            let changes = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'rank' AND entity_id = 'BA/general armije'").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(changes == 2)
            // Rules: only platform admins, only real NATO codes
            await #expect(throws: StoreError.forbidden) {
                _ = try await store.setRank(
                    RankMapping(country: "BA", nationalRank: "x", natoCode: "OF-1", category: .officer, confidence: "official"),
                    viewer: Viewer(userId: 7, roles: [1: .admin]), by: .system("test"))
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.setRank(
                    RankMapping(country: "BA", nationalRank: "x", natoCode: "OF-12", category: .officer, confidence: "official"),
                    viewer: admin, by: .system("test"))
            }
            // A rank removed is no longer known
            try await store.removeRank(country: "BA", nationalRank: "Kapetan", viewer: admin, by: .system("test"))
            #expect(try await !store.ranks(country: "BA").contains { $0.nationalRank == "kapetan" })
            // and stays removed when the platform starts again
            try await Seeder.seedReferenceData(database)
            #expect(try await !store.ranks(country: "BA").contains { $0.nationalRank == "kapetan" })
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyCountryHasItsRanksWithTheirConfidence(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLRankStore(database: database)
            for country in ["AL", "BA", "HR", "ME", "MK", "RS", "XK"] {
                #expect(try await !store.ranks(country: country).isEmpty, "\(country)")
            }
            let montenegro = try await store.ranks(country: "ME")
            #expect(montenegro.first { $0.nationalRank == "kapetan" }.map { [$0.natoCode, $0.confidence] } == ["OF-2", "probable"])
            #expect(montenegro.first { $0.nationalRank == "kadet" }?.natoCode == "OF(D)")
            #expect(try await store.ranks(country: "RS").first { $0.nationalRank == "vodnik" }?.category == .nco)
            #expect(try await store.ranks(country: "HR").first { $0.nationalRank == "narednik" }?.natoCode == "OR-6")
            #expect(try await store.ranks(country: "AL").contains { $0.natoCode.hasPrefix("OR-") })
            #expect(try await store.ranks(country: "BA").first { $0.nationalRank == "potporučnik" }?.natoCode == "OF-0")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aDatabaseOfThePreviousVersionGainsTheNewRanksAndKeepsWhatAdminsDid(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        defer { Task { await database.close(); try? await cleanup() } }
        // Given a database made by the previous version: its schema, the ranks it shipped (officers
        // of BA, HR, RS and AL, BA's NCOs) seeded as it seeded them, one corrected and one removed
        try await Migrator.migrate(database, logger: logger, through: "0007_rank_table")
        let shipped = try RankReference.load()
        try await database.transaction { sql in
            for (country, rank) in Migration0008.givenBefore {
                let mapping = try #require(shipped.first { $0.country == country && $0.nationalRank == rank })
                try await sql.raw("""
                    INSERT INTO ranks (country_code, national_rank, folded, nato_code, category, confidence, updated_at)
                    VALUES (\(bind: country), \(bind: rank), \(bind: TextFolding.fold(rank)), \(bind: mapping.natoCode),
                        \(bind: mapping.category.rawValue), \(bind: mapping.confidence), '2026-11-23T00:00:00Z')
                    """).run()
            }
            try await sql.raw("""
                INSERT INTO audit_events (at, actor_name, entity, entity_id, action, after_json)
                VALUES ('2026-11-23T00:00:00Z', 'seed data', 'rank', '*', 'create', '{"seeded_from":"nato-ranks.csv"}')
                """).run()
        }
        let store = SQLRankStore(database: database)
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        _ = try await store.setRank(
            RankMapping(country: "BA", nationalRank: "kapetan", natoCode: "OF-3", category: .officer, confidence: "official"),
            viewer: admin, by: .system("admin"))
        try await store.removeRank(country: "BA", nationalRank: "vojnik", viewer: admin, by: .system("admin"))
        // When the new version starts on it
        try await Migrator.migrate(database, logger: logger)
        try await Seeder.seedReferenceData(database)
        // Then the new ranks are there, audited as the platform's, and the admins' work is kept
        #expect(try await store.ranks(country: "ME").first { $0.nationalRank == "vodnik" }?.natoCode == "OR-5")
        #expect(try await store.ranks(country: "RS").first { $0.nationalRank == "vojnik" }?.natoCode == "OR-1")
        #expect(try await store.ranks(country: "BA").first { $0.nationalRank == "kapetan" }?.natoCode == "OF-3")
        #expect(try await !store.ranks(country: "BA").contains { $0.nationalRank == "vojnik" })
        let count = try await store.ranks(country: nil).count
        #expect(count == shipped.count - 1)
        let byPlatform = try await database.read { sql in
            try await sql.raw("SELECT actor_name FROM audit_events WHERE entity = 'rank' AND entity_id = 'ME/vodnik'").all()
                .map { try $0.decode(column: "actor_name", as: String.self) }
        }
        #expect(byPlatform == ["platform: shipped rank table"])
        // And a second start changes nothing
        try await Seeder.seedReferenceData(database)
        #expect(try await store.ranks(country: nil).count == count)
        #expect(try await store.ranks(country: "BA").first { $0.nationalRank == "kapetan" }?.natoCode == "OF-3")
    }
}
