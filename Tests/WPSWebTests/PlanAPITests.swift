import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Action plans through the API, as a gender-equality agency's editor builds one: the plan, its
/// goals, objectives and measures, indicators with baselines and targets; what the tree shows;
/// what is refused and why; who may change it.
@Suite struct PlanAPITests {
    @Test(arguments: TestDatabase.engines)
    func anEditorOfTheCoordinatorBuildsAPlanTree(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
            let outsider = try await WebHarness.token(services, email: "editor@mod.example.org", role: (ministry, .editor))

            let created = try await api(client, .post, "/api/v1/plans", token: editor, json: """
                {"kind":"nap","country":"ba","level":"state","title":"Akcioni plan za implementaciju UNSCR 1325 u BiH 2018–2022",
                 "title_en":"Action Plan for UNSCR 1325 in BiH 2018–2022","period_start":2018,"period_end":2022,"status":"adopted",
                 "adopted_on":"2018-07-24","coordinator_id":\(agency),"visibility":"institution"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let plan = try #require(created.object["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/plans/\(plan)")
            #expect(created.object["country"] as? String == "BA")
            // Every declared key is written, null where there is no value
            for key in ["network_id", "coordinating_body_id", "previous_plan_id"] { #expect(created.object[key] is NSNull, "\(key)") }

            // Someone else's editor may not add to it; an anonymous reader does not see it
            #expect(try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: outsider,
                                  json: #"{"kind":"goal","code":"1","title":"X"}"#).status == .notFound)
            #expect(try await api(client, .get, "/api/v1/plans/\(plan)/tree").status == .notFound)

            func post(_ path: String, _ json: String) async throws -> Int {
                let response = try await api(client, .post, path, token: editor, json: json)
                #expect(response.status == .created, "\(path): \(response.text)")
                return try #require(response.object["id"] as? Int)
            }
            let goal = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"goal","code":"1","title":"Veće učešće žena","pillar":"participation"}"#)
            let second = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"goal","code":"2","title":"Ljudska sigurnost","pillar":"protection"}"#)
            let objective = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"objective","parent_id":\#(goal),"code":"1.2","title":"Uslovi za napredovanje"}"#)
            let first = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"objective","parent_id":\#(goal),"code":"1.1","title":"Zakoni i politike"}"#)
            let measure = try await post("/api/v1/plans/\(plan)/nodes", """
                {"kind":"measure","parent_id":\(objective),"code":"1.2.1","title":"Mentorski program","lead_ids":[\(ministry)],
                 "partner_ids":[\(agency)],"start":"2019-01-01","end":"2020-12-31","budget":{"amount":25000,"currency":"bam","source":"budget"},
                 "status":"in_progress"}
                """)
            let indicator = try await post("/api/v1/plan-nodes/\(goal)/indicators", """
                {"code":"1.a","definition":"Udio žena u Oružanim snagama","unit":"percent","disaggregation":"none",
                 "baseline":{"value":6.8,"year":2017},"target":{"value":10,"year":2022},"source":"MO BiH, kadrovska evidencija"}
                """)

            // The tree reads in order: 1, 1.1, 1.2, 1.2.1, 2 — whatever the order of writing
            let tree = try await api(client, .get, "/api/v1/plans/\(plan)/tree", token: editor)
            #expect(tree.status == .ok)
            let nodes = try #require(tree.object["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["id"] as? Int } == [goal, first, objective, measure, second])
            #expect(nodes.map { $0["code"] as? String } == ["1", "1.1", "1.2", "1.2.1", "2"])
            let m = try #require(nodes.first { $0["id"] as? Int == measure })
            #expect(m["lead_ids"] as? [Int] == [ministry] && m["partner_ids"] as? [Int] == [agency])
            let budget = try #require(m["budget"] as? [String: Any])
            #expect(budget["amount"] as? Double == 25000 && budget["currency"] as? String == "BAM")
            let g = try #require(nodes.first)
            let indicators = try #require(g["indicators"] as? [[String: Any]])
            #expect(indicators.map { $0["id"] as? Int } == [indicator])
            #expect((indicators.first?["baseline"] as? [String: Any])?["value"] as? Double == 6.8)
            #expect((indicators.first?["target"] as? [String: Any])?["year"] as? Int == 2022)
            #expect(indicators.first?["computed_from"] is NSNull)
            #expect((tree.object["plan"] as? [String: Any])?["id"] as? Int == plan)

            // What is refused, with every problem named
            let wrongLevel = try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: editor,
                                           json: #"{"kind":"measure","parent_id":\#(goal),"code":"1.9","title":"X","pillar":"prevention"}"#)
            #expect(wrongLevel.status == .unprocessableContent)
            #expect(Set(wrongLevel.errorFields) == ["parent_id", "pillar"])
            let badCode = try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: editor,
                                        json: #"{"kind":"objective","parent_id":\#(goal),"code":"2.1","title":"X"}"#)
            #expect(badCode.errorFields == ["code"])
            let taken = try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: editor, json: #"{"kind":"goal","code":"2","title":"X"}"#)
            #expect(taken.errorFields == ["code"])
            let badBudget = try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: editor, json: """
                {"kind":"measure","parent_id":\(first),"code":"1.1.1","title":"X","budget":{"amount":-1,"currency":"euro"},
                 "start":"2021-01-01","end":"2020-01-01","lead_ids":[\(ministry)],"partner_ids":[\(ministry)]}
                """)
            #expect(Set(badBudget.errorFields) == ["budget.amount", "budget.currency", "end", "partner_ids"])
            let badIndicator = try await api(client, .post, "/api/v1/plan-nodes/\(goal)/indicators", token: editor,
                                             json: #"{"definition":"X","unit":"percent","baseline":{"value":140,"year":1200}}"#)
            #expect(Set(badIndicator.errorFields) == ["baseline.value", "baseline.year"])
            let badPlan = try await api(client, .post, "/api/v1/plans", token: editor, json: """
                {"kind":"regional","country":"BA","title":" ","period_start":2022,"period_end":2020,"coordinator_id":\(agency)}
                """)
            #expect(Set(badPlan.errorFields) == ["title", "period_end", "network_id", "countries", "country"])
            // Nothing of that was written
            let after = try await api(client, .get, "/api/v1/plans/\(plan)/tree", token: editor)
            #expect((after.object["nodes"] as? [[String: Any]])?.count == 5)

            // A node with nodes under it stays; a stale version is refused; a leaf goes with its indicators
            let busy = try await api(client, .delete, "/api/v1/plan-nodes/\(goal)", token: editor)
            #expect(busy.status == .conflict && busy.errorCode == "node_has_children")
            let stale = try await api(client, .patch, "/api/v1/indicators/\(indicator)", token: editor, json: #"{"version":7,"source":"x"}"#)
            #expect(stale.status == .conflict && stale.errorCode == "version_conflict")
            let changed = try await api(client, .patch, "/api/v1/indicators/\(indicator)", token: editor,
                                        json: #"{"version":1,"target":{"value":12,"year":2022}}"#)
            #expect(changed.status == .ok && changed.object["version"] as? Int == 2)
            #expect((changed.object["baseline"] as? [String: Any])?["value"] as? Double == 6.8)
            #expect(try await api(client, .delete, "/api/v1/plan-nodes/\(second)?version=1", token: editor).status == .noContent)
            #expect(try await api(client, .patch, "/api/v1/plan-nodes/\(second)", token: editor, json: #"{"version":2,"title":"X"}"#).status == .notFound)

            // Published: everyone reads it; still only the coordinator's editors change it
            let plan1 = try await api(client, .get, "/api/v1/plans/\(plan)", token: editor)
            let version = try #require(plan1.object["version"] as? Int)
            #expect(try await api(client, .patch, "/api/v1/plans/\(plan)", token: editor,
                                  json: #"{"version":\#(version),"visibility":"public","status":"in_implementation"}"#).status == .ok)
            #expect(try await api(client, .get, "/api/v1/plans/\(plan)/tree").status == .ok)
            #expect(try await api(client, .get, "/api/v1/plans?country=BA&status=in_implementation").items.map { $0["id"] as? Int } == [plan])
            #expect(try await api(client, .get, "/api/v1/plans?status=draft").items.isEmpty)
            #expect(try await api(client, .get, "/api/v1/plans?status=null").errorFields == ["status"])
            #expect(try await api(client, .get, "/api/v1/plans?kind=national").errorFields == ["kind"])
            #expect(try await api(client, .get, "/api/v1/plans?q=implementaciju%20unscr").items.count == 1)
            #expect(try await api(client, .patch, "/api/v1/plan-nodes/\(goal)", token: outsider, json: #"{"version":1,"title":"X"}"#).status == .forbidden)
        }
    }
}

/// Input the generated-requests harness found: text that is only a NUL (which no engine keeps),
/// and a record whose owner was deleted after it was written.
@Suite struct InputEdgeTests {
    @Test(arguments: TestDatabase.engines)
    func nulIsDroppedAndAStoredRecordWithAGoneOwnerCanStillChange(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let nul = try await api(client, .post, "/api/v1/institutions", token: admin, json: #"{"name":"\u0000","kind":"cso","country":"BA","level":"state"}"#)
            #expect(nul.status == .unprocessableContent && nul.errorFields == ["name"])
            let control = try await api(client, .post, "/api/v1/institutions", token: admin, json: #"{"name":"\u0085\u0001","kind":"cso","country":"BA","level":"state"}"#)
            #expect(control.errorFields == ["name"])
            let kept = try await api(client, .post, "/api/v1/institutions", token: admin, json: #"{"name":"Ž\u0000ene","kind":"cso","country":"BA","level":"state"}"#)
            #expect(kept.status == .created && kept.object["name"] as? String == "Žene")
            let owner = try #require(kept.object["id"] as? Int)
            let person = try await api(client, .post, "/api/v1/people", token: admin,
                                       json: #"{"given_name":"Ana","family_name":"K","sex":"female","owner_institution_id":\#(owner)}"#)
            let id = try #require(person.object["id"] as? Int)
            #expect(try await api(client, .delete, "/api/v1/institutions/\(owner)", token: admin).status == .noContent)
            // The person's phone can still be changed; naming a missing owner is still refused
            let phone = try await api(client, .patch, "/api/v1/people/\(id)", token: admin, json: #"{"version":1,"phone":"+387 33 000 000"}"#)
            #expect(phone.status == .ok, "\(phone.text)")
            let missing = try await api(client, .patch, "/api/v1/people/\(id)", token: admin, json: #"{"version":2,"owner_institution_id":987654}"#)
            #expect(missing.errorFields == ["owner_institution_id"])
        }
    }
}
