import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Activities through the API as an organiser records them: a seminar with listed people and
/// counts topped up, who may change it, who sees whose names, and the reach figures.
@Suite struct ActivityAPITests {
    @Test(arguments: TestDatabase.engines)
    func listedPeopleAndCountsAddUpInTheActivityAndInReach(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given the agency's editor, five people of the directory (3 women, 2 men), and an outsider
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
            let outsider = try await WebHarness.token(services, email: "editor@mod.example.org", role: (ministry, .editor))
            var people: [Int] = []
            for (index, sex) in [Sex.female, .female, .female, .male, .male].enumerated() {
                let person = try await services.directory.createPerson(
                    PersonFields(givenName: "Polaznica\(index)", familyName: "Test", sex: sex, ownerInstitutionId: agency),
                    viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("test"))
                people.append(person.id)
            }

            // When the agency records a seminar in Sarajevo
            let created = try await api(client, .post, "/api/v1/activities", token: editor, json: """
                {"kind":"seminar","title":"Seminar o Rezoluciji 1325","start":"2023-05-10","end":"2023-05-11","city":"Sarajevo",
                 "country":"ba","owner_id":\(agency),"funder_ids":[\(ministry)],"trainer_ids":[\(people[0])],"visibility":"public"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? Int)
            #expect(created.object["organiser_ids"] as? [Int] == [agency], "the owner is an organiser")
            #expect(created.object["country"] as? String == "BA")
            // A ministry that does not own it cannot record one for the agency, nor change it
            let foreign = try await api(client, .post, "/api/v1/activities", token: outsider, json: """
                {"kind":"meeting","title":"X","start":"2023-01-01","end":"2023-01-01","country":"BA","owner_id":\(agency)}
                """)
            #expect(foreign.status == .forbidden)
            #expect(try await api(client, .patch, "/api/v1/activities/\(id)", token: outsider, json: #"{"version":1,"title":"Y"}"#).status == .forbidden)
            // Bad fields are each named
            let bad = try await api(client, .post, "/api/v1/activities", token: editor, json: """
                {"kind":"campaign","title":" ","start":"2023-05-10","end":"2023-05-01","country":"XX","owner_id":\(agency),"trainer_ids":[\(people[0])],
                 "measure_ids":[999999]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields) == ["title", "end", "trainer_ids", "country", "measure_ids[0]"], "\(bad.text)")

            // It lists 3 women and 2 men, then tops up with 4 women and 1 man not listed
            for person in people {
                let added = try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor, json: #"{"person_id":\#(person)}"#)
                #expect(added.status == .created, "\(added.text)")
            }
            let twice = try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor, json: #"{"person_id":\#(people[0])}"#)
            #expect(twice.status == .conflict && twice.errorCode == "already_listed")
            let counts = try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor,
                                       json: #"{"female":4,"male":1,"total":6,"institution_kind":"police"}"#)
            #expect(counts.status == .created && counts.object["gap"] as? Int == 1, "\(counts.text)")
            let neither = try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor, json: #"{"level":"state"}"#)
            #expect(neither.status == .unprocessableContent && neither.errorFields == ["person_id"])

            // Then the activity reports 7 women, 3 men, 10 in all, and the stated total's gap
            let activity = try await api(client, .get, "/api/v1/activities/\(id)")
            let participants = try #require(activity.object["participants"] as? [String: Int])
            #expect(participants == ["female": 7, "male": 3, "other": 0, "unknown": 0, "total": 10])
            #expect(activity.object["participant_gap"] as? Int == 1)
            // The organisers see names; the public sees counts and anonymous lines
            let own = try await api(client, .get, "/api/v1/activities/\(id)/participants", token: editor)
            #expect(own.object["names"] as? Bool == true)
            #expect((own.object["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.contains("Polaznica0 Test") == true)
            let shown = try await api(client, .get, "/api/v1/activities/\(id)/participants")
            #expect(shown.object["names"] as? Bool == false && !shown.text.contains("Polaznica"))
            #expect((shown.object["summary"] as? [String: Int])?["total"] == 10)
            // Reach by kind and sex, and by year
            let reach = try await api(client, .get, "/api/v1/reach?by=kind,sex&year=2023")
            #expect(reach.status == .ok, "\(reach.text)")
            let rows = try #require(reach.object["items"] as? [[String: Any]])
            let seminar = try #require(rows.first { $0["kind"] as? String == "seminar" })
            #expect(seminar["female"] as? Int == 7 && seminar["male"] as? Int == 3 && seminar["total"] as? Int == 10 && seminar["activities"] as? Int == 1)
            let before = try await api(client, .get, "/api/v1/reach?year=2022")
            #expect((before.object["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await api(client, .get, "/api/v1/reach?by=kind,shoe").status == .unprocessableContent)
            // A listed woman removed: 6 women
            let line = try #require((own.object["items"] as? [[String: Any]])?.first { $0["person_id"] as? Int == people[1] }?["id"] as? Int)
            #expect(try await api(client, .delete, "/api/v1/participants/\(line)", token: outsider).status == .forbidden)
            #expect(try await api(client, .delete, "/api/v1/participants/\(line)", token: editor).status == .noContent)
            #expect((try await api(client, .get, "/api/v1/activities/\(id)").object["participants"] as? [String: Int])?["female"] == 6)

            // The list filters by dates, kind and country
            #expect(try await api(client, .get, "/api/v1/activities?from=2023-05-11&kind=seminar&country=BA").items.count == 1)
            #expect(try await api(client, .get, "/api/v1/activities?to=2023-05-09").items.isEmpty)
            #expect(try await api(client, .get, "/api/v1/activities?from=yesterday").status == .unprocessableContent)
            // A private activity is not found by others
            let version = try #require(try await api(client, .get, "/api/v1/activities/\(id)").object["version"] as? Int)
            #expect(try await api(client, .patch, "/api/v1/activities/\(id)", token: editor, json: #"{"version":\#(version),"visibility":"institution"}"#).status == .ok)
            #expect(try await api(client, .get, "/api/v1/activities/\(id)").status == .notFound)
            #expect(try await api(client, .get, "/api/v1/activities/\(id)/participants", token: outsider).status == .notFound)
        }
    }

    /// The reach reads each activity's sums kept beside its lines: they must follow every change
    /// of what a line counts as, not only lines added and removed.
    @Test(arguments: TestDatabase.engines)
    func reachFollowsAPersonsSexAndAnInstitutionsKind(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given a workshop in 2031 with two listed women and a counts line of a ministry without a kind of its own
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            var people: [Int] = []
            for index in 0..<2 {
                people.append(try await services.directory.createPerson(
                    PersonFields(givenName: "Učesnica\(index)", familyName: "Test", sex: .female, ownerInstitutionId: agency),
                    viewer: admin, by: .system("test")).id)
            }
            let created = try await api(client, .post, "/api/v1/activities", token: editor, json: """
                {"kind":"workshop","title":"Radionica","start":"2031-03-01","end":"2031-03-01","country":"BA","owner_id":\(agency),"visibility":"public"}
                """)
            let id = try #require(created.object["id"] as? Int, "\(created.text)")
            for person in people {
                #expect(try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor, json: #"{"person_id":\#(person)}"#).status == .created)
            }
            #expect(try await api(client, .post, "/api/v1/activities/\(id)/participants", token: editor,
                                  json: #"{"female":1,"male":5,"institution_id":\#(ministry)}"#).status == .created)
            func reach(_ by: String) async throws -> [[String: Any]] {
                try #require(try await api(client, .get, "/api/v1/reach?by=\(by)&year=2031").object["items"] as? [[String: Any]])
            }
            #expect(try await reach("kind,sex").first?["female"] as? Int == 3)
            #expect(try await reach("kind,sex").first?["male"] as? Int == 5)
            #expect(try await reach("institution_kind").compactMap { $0["institution_kind"] as? String }.contains("ministry_of_defence"))

            // When one listed person's sex is corrected to male
            let person = try #require(try await services.directory.person(id: people[1], viewer: admin))
            var fields = person.fields
            fields.sex = .male
            _ = try await services.directory.updatePerson(id: person.id, version: person.version, fields: fields, viewer: admin, by: .system("test"))
            // Then the activity and the reach count her as a man
            #expect(try await reach("kind,sex").first?["female"] as? Int == 2)
            #expect(try await reach("kind,sex").first?["male"] as? Int == 6)
            #expect((try await api(client, .get, "/api/v1/activities/\(id)").object["participants"] as? [String: Int])?["male"] == 6)

            // When the ministry is recorded as a ministry of the interior, its counts line moves with it
            let institution = try #require(try await services.directory.institution(id: ministry, viewer: admin))
            var changed = institution.fields
            changed.kind = .ministryOfInterior
            _ = try await services.directory.updateInstitution(
                id: ministry, version: institution.version, fields: changed, viewer: admin, by: .system("test"))
            let kinds = try await reach("institution_kind").compactMap { $0["institution_kind"] as? String }
            #expect(kinds.contains("ministry_of_interior") && !kinds.contains("ministry_of_defence"), "\(kinds)")
            #expect(try await reach("kind,sex").first?["male"] as? Int == 6, "the sums do not change with the kind")
        }
    }
}
