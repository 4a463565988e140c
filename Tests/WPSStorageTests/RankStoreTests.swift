import Foundation
import Testing
import WPSCore
import WPSFormats
import WPSStorage

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
        }
    }
}
