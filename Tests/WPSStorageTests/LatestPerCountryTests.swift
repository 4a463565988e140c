import Foundation
import Logging
import Testing
import WPSCore
@testable import WPSStorage

/// The comparison of countries reads the newest dataset of each country the reader may see in
/// one query: newest by reference date, then by id; removed and hidden datasets are skipped.
@Suite struct LatestPerCountryTests {
    @Test(arguments: TestDatabase.engines)
    func theNewestVisibleDatasetOfEachCountry(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            let actor = Actor.system("test")
            let directory = SQLDirectoryStore(database: database)
            let store = SQLDatasetStore(database: database)
            func institution(_ country: String, _ level: String) async throws -> Int {
                try await directory.createInstitution(
                    InstitutionFields(name: "MoD \(country)", kind: .ministryOfDefence, country: country, level: level, visibility: .public),
                    viewer: admin, by: actor).id
            }
            let ba = try await institution("BA", "state")
            let rs = try await institution("RS", "national")
            func dataset(_ owner: Int, _ date: String, _ visibility: Visibility) async throws -> Int {
                try await store.createAggregate(
                    AggregateTable(institutionId: owner, referenceDate: Day(date) ?? .epoch, visibility: visibility,
                                   counts: [AggregateCount(sex: .female, count: 5)]),
                    viewer: admin, by: actor).id
            }
            let baOld = try await dataset(ba, "2023-12-31", .public)
            let baSameDay = try await dataset(ba, "2024-12-31", .public)
            let baNewest = try await dataset(ba, "2024-12-31", .public)  // same date, later id
            let baHidden = try await dataset(ba, "2025-06-30", .institution)
            let rsOnly = try await dataset(rs, "2022-12-31", .public)
            let rsRemoved = try await dataset(rs, "2024-12-31", .public)
            try await store.deleteDataset(id: rsRemoved, viewer: admin, by: actor)
            #expect(baOld < baSameDay)
            // A visitor sees the newest public one; the admin also the institution's own
            #expect(try await store.latestPerCountry(viewer: .anonymous).map(\.id) == [baNewest, rsOnly])
            #expect(try await store.latestPerCountry(viewer: admin).map(\.id) == [baHidden, rsOnly])
        }
    }
}
