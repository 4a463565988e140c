import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

@Suite struct RankPagesTests {
    @Test(arguments: TestDatabase.engines)
    func everyoneReadsTheRankTableAndPlatformAdminsCorrectIt(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Everyone reads it, as a page and through the API
            let page = try await Browser(client).get("/ranks?country=BA")
            #expect(page.status == .ok)
            #expect(page.text.contains("kapetan") && !page.text.contains("kapiten"))
            let listed = try await api(client, .get, "/api/v1/ranks?country=HR").items
            #expect(!listed.isEmpty && listed.allSatisfy { $0["country"] as? String == "HR" })
            // A platform admin adds a rank; an institution admin may not
            _ = try await WebHarness.token(services, email: "root@example.org", admin: true)
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "admin@mod.example.org", role: (ministry, .admin))
            let admin = try await RolePagesTests.signedIn(client, "root@example.org")
            let saved = try await admin.post("/ranks", [("country", "BA"), ("national_rank", "general armije"), ("nato_code", "OF-9"), ("confidence", "official")])
            #expect(saved.status == .ok)
            #expect(try await api(client, .get, "/api/v1/ranks?country=BA").items.contains { $0["national_rank"] as? String == "general armije" && $0["nato_code"] as? String == "OF-9" })
            let refused = try await RolePagesTests.signedIn(client, "admin@mod.example.org")
                .post("/ranks", [("country", "BA"), ("national_rank", "maršal"), ("nato_code", "OF-10")])
            #expect(refused.status == .forbidden)
            let bad = try await admin.post("/ranks", [("country", "BA"), ("national_rank", ""), ("nato_code", "OF-9")])
            #expect(bad.status == .unprocessableContent)
        }
    }
}
