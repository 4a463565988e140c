import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

@Suite struct DirectoryAPITests {
    @Test(arguments: TestDatabase.engines)
    func searchFindsZeneZenamaInAnySpelling(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let token = try await WebHarness.token(services, email: "reader@example.org")
            for q in ["zene%20zenama", "ZENE%20ZENAMA", "%D0%B6%D0%B5%D0%BD%D0%B5%20%D0%B6%D0%B5%D0%BD%D0%B0%D0%BC%D0%B0"] {
                let response = try await api(client, .get, "/api/v1/institutions?q=\(q)", token: token)
                #expect(response.status == .ok)
                #expect(response.items.map { $0["name"] as? String } == ["Žene ženama"], "q=\(q)")
                #expect(response.object["total"] as? Int == 1)
                #expect(response.object["per_page"] as? Int == 50)
            }
            let people = try await api(client, .get, "/api/v1/people?q=djordje", token: token)
            #expect(people.items.map { $0["given_name"] as? String } == ["Đorđe"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func institutionJSONHasTheContractedFields(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let id = try await WebHarness.institutionId(services, named: "Armed Forces of Bosnia and Herzegovina")
            let parent = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let response = try await api(client, .get, "/api/v1/institutions/\(id)")
            let object = response.object
            for key in ["id", "name", "name_en", "acronym", "kind", "country", "level", "parent_id", "website", "visibility", "version"] {
                #expect(object[key] != nil, "missing \(key)")
            }
            #expect(object["kind"] as? String == "armed_forces")
            #expect(object["parent_id"] as? Int == parent)
            #expect(object["country"] as? String == "BA")
            #expect(object["level"] as? String == "state")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func writesNeedATokenAndTheRight(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let body = #"{"name":"Odsjek za ravnopravnost spolova","kind":"ministry_of_defence","country":"BA","level":"state","parent_id":\#(ministry)}"#
            // No token
            let anonymous = try await api(client, .post, "/api/v1/institutions", json: body)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorCode == "unauthorized")
            // A wrong token is refused, not treated as anonymous
            let wrong = try await api(client, .get, "/api/v1/institutions", token: "wps_nonsense")
            #expect(wrong.status == .unauthorized)
            // A member of the ministry may read but not create under it
            let member = try await WebHarness.token(services, email: "member@example.org", role: (ministry, .member))
            #expect(try await api(client, .post, "/api/v1/institutions", token: member, json: body).status == .forbidden)
            // Its editor may
            let editor = try await WebHarness.token(services, email: "editor@example.org", role: (ministry, .editor))
            let created = try await api(client, .post, "/api/v1/institutions", token: editor, json: body)
            #expect(created.status == .created)
            #expect(created.object["version"] as? Int == 1)
            let location = try #require(created.headers[.location])
            #expect(location == "/api/v1/institutions/\(created.object["id"] as? Int ?? -1)")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func invalidInputListsEveryFieldAndWritesNothing(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let before = try await api(client, .get, "/api/v1/institutions?per_page=1", token: admin).object["total"] as? Int
            let response = try await api(
                client, .post, "/api/v1/institutions", token: admin,
                json: #"{"name":"","kind":"navy","country":"BA","level":"canton","parent_id":"x","website":"nope"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == "validation_failed")
            #expect(Set(response.errorFields) == ["kind", "parent_id"])
            let second = try await api(
                client, .post, "/api/v1/institutions", token: admin,
                json: #"{"name":"","kind":"police","country":"BA","level":"canton","website":"nope"}"#)
            #expect(Set(second.errorFields) == ["name", "level", "website"])
            let notJSON = try await api(client, .post, "/api/v1/institutions", token: admin, json: "name=x")
            #expect(notJSON.status == .badRequest)
            let after = try await api(client, .get, "/api/v1/institutions?per_page=1", token: admin).object["total"] as? Int
            #expect(before == after)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func staleVersionAnswers409AndHistoryNamesWhoChanged(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let id = try await WebHarness.institutionId(services, named: "Women to Women")
            let first = try await api(client, .patch, "/api/v1/institutions/\(id)", token: admin, json: #"{"version":1,"acronym":"ŽŽ"}"#)
            #expect(first.status == .ok)
            #expect(first.object["version"] as? Int == 2)
            let stale = try await api(client, .patch, "/api/v1/institutions/\(id)", token: admin, json: #"{"version":1,"acronym":"lost"}"#)
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "version_conflict")
            let now = try await api(client, .get, "/api/v1/institutions/\(id)")
            #expect(now.object["acronym"] as? String == "ŽŽ")
            #expect(now.object["version"] as? Int == 2)
            let missingVersion = try await api(client, .patch, "/api/v1/institutions/\(id)", token: admin, json: #"{"acronym":"x"}"#)
            #expect(missingVersion.status == .unprocessableContent)
            #expect(missingVersion.errorFields == ["version"])
            let history = try await api(client, .get, "/api/v1/institutions/\(id)/history")
            #expect(history.items.map { $0["action"] as? String } == ["create", "update"])
            #expect(history.items.map { $0["actor_name"] as? String } == ["demo data", "User admin@example.org"])
            #expect(history.items.last?["changed_fields"] as? [String] == ["acronym"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func hiddenRecordAnswersExactlyLikeAMissingOne(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // The demo's Kosovo Police focal point is visible to the police only.
            let police = try await WebHarness.institutionId(services, named: "Kosovo Police")
            let hidden = try #require(try await services.directory.people(DirectoryQuery(text: "Fatmir Gashi"), viewer: Viewer(userId: nil, isPlatformAdmin: true)).items.first)
            let outsider = try await WebHarness.token(services, email: "outsider@example.org")
            let insider = try await WebHarness.token(services, email: "insider@example.org", role: (police, .member))
            let seen = try await api(client, .get, "/api/v1/people/\(hidden.id)", token: outsider)
            let missing = try await api(client, .get, "/api/v1/people/999999", token: outsider)
            #expect(seen.status == .notFound)
            #expect(seen.text == missing.text)
            #expect(try await api(client, .get, "/api/v1/people/\(hidden.id)/history", token: outsider).text == missing.text)
            #expect(try await api(client, .get, "/api/v1/people?q=gashi", token: outsider).items.isEmpty)
            let insiderView = try await api(client, .get, "/api/v1/people/\(hidden.id)", token: insider)
            #expect(insiderView.status == .ok)
            #expect(insiderView.object["email"] != nil)
            // Contact details of public people are hidden from the public
            let publicPerson = try await api(client, .get, "/api/v1/people?q=amra")
            #expect(publicPerson.items.first?["email"] == nil)
            #expect(publicPerson.items.first?["given_name"] as? String == "Amra")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func peopleAndNetworksRoundTrip(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let person = try await api(client, .post, "/api/v1/people", token: admin, json: """
                {"given_name":"Mirsada","family_name":"Tahirović","sex":"female","languages":["bs","en"],"owner_institution_id":\(agency),
                 "positions":[{"institution_id":\(agency),"title":"Adviser","since":"2021-03-01"}]}
                """)
            #expect(person.status == .created)
            let personId = try #require(person.object["id"] as? Int)
            #expect((person.object["positions"] as? [[String: Any]])?.first?["since"] as? String == "2021-03-01")
            let badPosition = try await api(client, .post, "/api/v1/people", token: admin, json: """
                {"given_name":"X","family_name":"Y","sex":"female","positions":[{"title":"Adviser","since":"01.03.2021"}]}
                """)
            #expect(Set(badPosition.errorFields) == ["positions[0].institution_id", "positions[0].since"])
            let network = try await api(client, .post, "/api/v1/networks", token: admin, json: #"{"name":"Mreža trenerica","kind":"network","owner_institution_id":\#(agency)}"#)
            #expect(network.status == .created)
            let networkId = try #require(network.object["id"] as? Int)
            let added = try await api(client, .post, "/api/v1/networks/\(networkId)/members", token: admin,
                                      json: #"{"person_id":\#(personId),"role":"chair","since":"2022-01-01"}"#)
            #expect(added.status == .created)
            let memberId = try #require(added.object["id"] as? Int)
            // The membership's keys, as the OpenAPI document declares them (no institution_id for a person)
            #expect(Set(added.object.keys) == ["id", "network_id", "person_id", "name", "role", "since"])
            #expect(added.object["network_id"] as? Int == networkId)
            #expect(added.object["role"] as? String == "chair" && added.object["since"] as? String == "2022-01-01")
            let both = try await api(client, .post, "/api/v1/networks/\(networkId)/members", token: admin,
                                     json: #"{"person_id":\#(personId),"institution_id":\#(agency),"role":"chair"}"#)
            #expect(both.status == .unprocessableContent)
            let members = try await api(client, .get, "/api/v1/networks/\(networkId)/members")
            #expect(members.items.map { $0["name"] as? String } == ["Mirsada Tahirović"])
            #expect(try await api(client, .delete, "/api/v1/networks/\(networkId)/members/\(memberId)", token: admin).status == .noContent)
            #expect(try await api(client, .get, "/api/v1/networks/\(networkId)/members").items.isEmpty)
            // Delete with a stale version is refused; with none it marks deleted; restore brings it back
            #expect(try await api(client, .delete, "/api/v1/people/\(personId)?version=7", token: admin).status == .conflict)
            #expect(try await api(client, .delete, "/api/v1/people/\(personId)", token: admin).status == .noContent)
            #expect(try await api(client, .get, "/api/v1/people/\(personId)").status == .notFound)
            #expect(try await api(client, .post, "/api/v1/people/\(personId)/restore", token: admin).status == .ok)
            #expect(try await api(client, .get, "/api/v1/people/\(personId)").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func countriesAreListedAndAdminsAddNewOnes(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            let list = try await api(client, .get, "/api/v1/countries")
            #expect(list.items.map { $0["code"] as? String } == ["AL", "BA", "HR", "ME", "MK", "RS", "XK"])
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let user = try await WebHarness.token(services, email: "user@example.org")
            let body = #"{"code":"gh","name_en":"Ghana","name_local":"Ghana"}"#
            #expect(try await api(client, .post, "/api/v1/countries", token: user, json: body).status == .forbidden)
            let created = try await api(client, .post, "/api/v1/countries", token: admin, json: body)
            #expect(created.status == .created)
            #expect(created.object["code"] as? String == "GH")
            #expect(try await api(client, .post, "/api/v1/countries", token: admin, json: body).errorFields == ["code"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func nullWhereAValueIsNeededIsRefusedAndAnEmptyDateIsNone(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            // A null visibility or name is not "leave it out": the field is named
            let refused = try await api(client, .post, "/api/v1/institutions", token: admin,
                                        json: #"{"name":null,"kind":"cso","country":"BA","level":"state","visibility":null}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(Set(refused.errorFields).isSuperset(of: ["name", "visibility"]))
            // A network's country may be null (a regional network), and an empty date is no date
            let network = try await api(client, .post, "/api/v1/networks", token: admin, json: #"{"name":"Regional","country":null}"#)
            #expect(network.status == .created)
            let id = try #require(network.object["id"] as? Int)
            let institution = try await WebHarness.institutionId(services, named: "Women to Women")
            let member = try await api(client, .post, "/api/v1/networks/\(id)/members", token: admin,
                                       json: #"{"institution_id":\#(institution),"role":"member","since":"","until":null}"#)
            #expect(member.status == .created, "\(member.text)")
            #expect(!(member.object["since"] is String), "no date is stored")
        }
    }

    /// What schemathesis found: the server now takes exactly what the OpenAPI document describes.
    @Test(arguments: TestDatabase.engines)
    func theServerTakesWhatTheDocumentDescribesAndNothingElse(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let agency = try await WebHarness.institutionId(services, named: "Women to Women")
            func person(_ extra: String) async throws -> TestResponse {
                try await api(client, .post, "/api/v1/people", token: admin,
                              json: #"{"given_name":"Ana","family_name":"Kovač","sex":"female",\#(extra)}"#)
            }
            // null is not "leave as is" for a list, and a language is two letters with nothing around them
            #expect(try await person(#""positions":null"#).errorFields == ["positions"])
            #expect(try await person(#""languages":null"#).errorFields == ["languages"])
            #expect(try await person(#""languages":["bs",""]"#).errorFields == ["languages"])
            #expect(try await person(#""languages":[" en"]"#).errorFields == ["languages"])
            #expect(try await person(#""languages":["bs","EN"]"#).status == .created)
            // An e-mail address and a web address follow the document's patterns
            #expect(try await person(#""email":"ana@example.org ""#).status == .created)
            #expect(try await person(#""email":"ana@@example.org""#).errorFields == ["email"])
            #expect(try await person(#""email":"ana kovač@example.org""#).errorFields == ["email"])
            func institution(_ website: String) async throws -> TestResponse {
                try await api(client, .post, "/api/v1/institutions", token: admin,
                              json: #"{"name":"X","kind":"cso","country":"BA","level":"state","website":"\#(website)"}"#)
            }
            #expect(try await institution("HTTPS://www.arsbih.gov.ba/o-nama?x=1").status == .created)
            for bad in ["www.arsbih.gov.ba", "ftp://arsbih.gov.ba", "https://localhost", "https://a@b.ba", "https://a.ba/x y"] {
                #expect(try await institution(bad).errorFields == ["website"], "\(bad)")
            }
            // Ids, versions and counts have bounds, and a number past them is named, never a crash
            let huge = try await api(client, .delete, "/api/v1/people/1?version=19810775461741906543142502400", token: admin)
            #expect(huge.errorFields == ["version"])
            let far = try await api(client, .patch, "/api/v1/people/1", token: admin, json: #"{"version":9007199254740993}"#)
            #expect(far.errorFields == ["version"])
            let overflow = try await api(client, .post, "/api/v1/datasets", token: admin, json: """
                {"institution_id": \(agency), "reference_date": "2024-12-31", "counts": [{"n": 9223372036854775807}, {"n": 9223372036854775807}]}
                """)
            #expect(Set(overflow.errorFields) == ["counts[0].n", "counts[1].n"])
            // A member is an institution or a person, and the message says so in words
            let network = try #require(try await api(client, .post, "/api/v1/networks", token: admin, json: #"{"name":"N"}"#).object["id"] as? Int)
            let both = try await api(client, .post, "/api/v1/networks/\(network)/members", token: admin,
                                     json: #"{"institution_id":\#(agency),"person_id":1,"role":"member"}"#)
            let message = ((both.object["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first?["message"] as? String
            #expect(message?.contains("not both") == true, "\(both.text)")
            // Restoring a live record is harmless; a deleted record and its members answer 404 unless
            // a platform admin asks for deleted records
            #expect(try await api(client, .post, "/api/v1/networks/\(network)/restore", token: admin).object["version"] as? Int == 1)
            #expect(try await api(client, .delete, "/api/v1/networks/\(network)", token: admin).status == .noContent)
            #expect(try await api(client, .get, "/api/v1/networks/\(network)", token: admin).status == .notFound)
            #expect(try await api(client, .get, "/api/v1/networks/\(network)/members", token: admin).status == .notFound)
            let shown = try await api(client, .get, "/api/v1/networks/\(network)?include_deleted=true", token: admin)
            #expect(shown.object["deleted"] as? Bool == true)
            // A search box sends spaces as '+': the words are searched, a literal plus stays a plus
            let search = try await api(client, .get, "/api/v1/institutions?q=Women+to+Women")
            #expect(search.items.map { $0["id"] as? Int }.contains(agency))
            let page = try await client.execute(uri: "/institutions?q=Women+to+Women", method: .get)
            #expect(page.text.contains("value=\"Women to Women\""))
        }
    }
}
