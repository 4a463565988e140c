import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

@Suite struct AggregateAPITests {
    /// Officers by sex and NATO code, with some people of unknown rank, as a ministry reports them.
    static func body(ministry: Int, total: Int, extra: String = "") -> String {
        """
        {"institution_id": \(ministry), "reference_date": "2023-12-31", "series": "MoD annual report", "visibility": "platform",
         "source": "HR department, annual report 2023", "definition": "Armed forces; civilians and cadets not counted",
         "total": \(total), "counts": [
          {"sex": "female", "nato_code": "OF-1", "category": "officer", "age_band": "25–34", "n": 12},
          {"sex": "male", "nato_code": "OF-1", "category": "officer", "age_band": "25–34", "n": 40},
          {"sex": "female", "nato_code": "OF-4", "category": "officer", "age_band": "45+", "n": 2},
          {"sex": "male", "nato_code": "OF-4", "category": "officer", "age_band": "45+", "n": 30},
          {"sex": "female", "nato_code": "unknown", "n": 6},
          {"sex": "male", "nato_code": "unknown", "n": 9},
          {"sex": "male", "nato_code": "OF-1", "category": "officer", "age_band": "25–34", "n": 1}\(extra)
        ]}
        """
    }

    @Test(arguments: TestDatabase.engines)
    func analystSendsAnAggregateTableWithItsGapAndOthersSeeItProtected(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let analyst = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            let outsider = try await WebHarness.token(services, email: "outsider@example.org")
            // When the analyst sends 100 people of whom 100 are broken down … and a total of 108
            let created = try await api(client, .post, "/api/v1/datasets", token: analyst, json: Self.body(ministry: ministry, total: 108))
            // Then
            #expect(created.status == .created)
            let id = try #require(created.object["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/datasets/\(id)")
            #expect(created.object["kind"] as? String == "aggregate")
            #expect(created.object["row_count"] as? Int == 100)
            #expect(created.object["reported_total"] as? Int == 108)
            #expect(created.object["gap"] as? Int == 8)
            #expect(created.object["definition"] as? String == "Armed forces; civilians and cadets not counted")

            // The analyst's table: exact, equal combinations added up, unknown kept apart
            let exact = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=nato_code&columns=sex", token: analyst)
            #expect(exact.object["rows"] as? [String] == ["OF-1", "OF-4", "unknown"])
            let cells = (exact.object["cells"] as? [[String: Any]] ?? []).map { "\($0["row"] ?? "")/\($0["column"] ?? "")=\($0["count"] ?? "null")" }
            #expect(cells == ["OF-1/female=12", "OF-1/male=41", "OF-4/female=2", "OF-4/male=30", "unknown/female=6", "unknown/male=9"])
            let ages = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=age_band&columns=sex", token: analyst)
            #expect(ages.object["rows"] as? [String] == ["25–34", "45+", "unknown"])

            // Someone else on the platform: no small count, but the gap of 8 is shown
            let published = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=nato_code&columns=sex", token: outsider)
            let shown = (published.object["cells"] as? [[String: Any]] ?? []).compactMap { $0["count"] as? Int }
            #expect(!shown.contains { (1...4).contains($0) })
            #expect(try await api(client, .get, "/api/v1/datasets/\(id)", token: outsider).object["gap"] as? Int == 8)

            // A gap of 3 is a small count: withheld from everyone but the owner's analysts
            let small = try await api(client, .post, "/api/v1/datasets", token: analyst, json: Self.body(ministry: ministry, total: 103))
            let smallId = try #require(small.object["id"] as? Int)
            #expect(small.object["gap"] as? Int == 3)
            let seen = try await api(client, .get, "/api/v1/datasets/\(smallId)", token: outsider)
            #expect(seen.object["gap"] is NSNull)
            #expect(seen.object["reported_total"] as? Int == 103)
            let page = try await Browser(client).get("/datasets/\(smallId)")
            #expect(page.status == .notFound)  // platform data: not for the public
        }
    }

    @Test(arguments: TestDatabase.engines)
    func badTablesAreRefusedFieldByFieldAndStoreNothing(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let analyst = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            let member = try await WebHarness.token(services, email: "member@example.org", role: (ministry, .member))
            // Every problem is named with its place
            let bad = try await api(client, .post, "/api/v1/datasets", token: analyst, json: """
                {"institution_id": \(ministry), "reference_date": "2023-13-31", "counts": [
                  {"sex": "female", "nato_code": "OF-11", "n": 3}, {"sex": "žena", "n": -1}, {"n": 2, "salary": 100},
                  {"position_level": "boss", "n": 1}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields) == ["reference_date", "counts[1].sex", "counts[2].salary", "counts[3].position_level"])
            let rules = try await api(client, .post, "/api/v1/datasets", token: analyst, json: """
                {"institution_id": \(ministry), "reference_date": "2023-12-31", "total": -5, "counts": [
                  {"sex": "female", "nato_code": "OF-11", "n": 3}, {"sex": "male", "category": "general", "n": -1}]}
                """)
            #expect(rules.status == .unprocessableContent)
            #expect(Set(rules.errorFields) == ["total", "counts[0].nato_code", "counts[1].category", "counts[1].n"])
            // An institution one has no role in is refused the same whether it exists or not;
            // only a platform admin is told that it does not exist
            let other = try await WebHarness.institutionId(services, named: "Women to Women")
            for id in [999_999, other] {
                #expect(try await api(client, .post, "/api/v1/datasets", token: analyst, json: """
                    {"institution_id": \(id), "reference_date": "2023-12-31", "counts": [{"n": 1}]}
                    """).status == .forbidden)
            }
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            #expect(try await api(client, .post, "/api/v1/datasets", token: admin, json: """
                {"institution_id": 999999, "reference_date": "2023-12-31", "counts": [{"n": 1}]}
                """).errorFields == ["institution_id"])
            // A member may read but not send data; without a token nothing is sent
            #expect(try await api(client, .post, "/api/v1/datasets", token: member, json: Self.body(ministry: ministry, total: 100)).status == .forbidden)
            #expect(try await api(client, .post, "/api/v1/datasets", json: Self.body(ministry: ministry, total: 100)).status == .unauthorized)
            let stored = try await services.database.read { sql in
                try await sql.raw("SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM personnel_counts) AS n").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(stored == 0)
        }
    }
}
