import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Progress reports as a ministry and the gender-equality agency use them: the ministry drafts
/// its report with values by sex, submits it; the agency returns it with a comment; it is
/// corrected, resubmitted, accepted, published. Who sees it at each step, what a stale version
/// and a locked period do, and the report's history.
@Suite struct ReportWorkflowTests {
    struct Setup {
        var plan: Int
        var measure: Int
        var indicator: Int
        var textIndicator: Int
        var agency: Int
        var ministry: Int
        var coordinator: String
        var agencyMember: String
        var reporter: String
        var outsider: String
    }

    static func setUp(_ client: any TestClientProtocol, _ services: AppServices) async throws -> Setup {
        let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
        let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
        let security = try await WebHarness.institutionId(services, named: "Ministry of Security of Bosnia and Herzegovina")
        let coordinator = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
        let member = try await WebHarness.token(services, email: "member@ars.example.org", role: (agency, .member))
        let reporter = try await WebHarness.token(services, email: "editor@mod.example.org", role: (ministry, .editor))
        let outsider = try await WebHarness.token(services, email: "editor@ms.example.org", role: (security, .editor))
        func post(_ path: String, _ json: String) async throws -> Int {
            let response = try await api(client, .post, path, token: coordinator, json: json)
            #expect(response.status == .created, "\(path): \(response.text)")
            return try #require(response.object["id"] as? Int)
        }
        let plan = try await post("/api/v1/plans", """
            {"kind":"nap","country":"BA","level":"state","title":"Akcioni plan 2018–2022","period_start":2018,"period_end":2022,
             "status":"in_implementation","coordinator_id":\(agency),"visibility":"public"}
            """)
        let goal = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"goal","code":"1","title":"Učešće žena","pillar":"participation"}"#)
        let objective = try await post("/api/v1/plans/\(plan)/nodes", #"{"kind":"objective","parent_id":\#(goal),"code":"1.1","title":"Regrutacija"}"#)
        let measure = try await post("/api/v1/plans/\(plan)/nodes", """
            {"kind":"measure","parent_id":\(objective),"code":"1.1.1","title":"Kampanja za regrutaciju žena","lead_ids":[\(ministry)]}
            """)
        let indicator = try await post("/api/v1/plan-nodes/\(measure)/indicators", """
            {"code":"1.1.1.a","definition":"Broj polaznika obuke o rodu","unit":"count","disaggregation":"sex"}
            """)
        let text = try await post("/api/v1/plan-nodes/\(measure)/indicators", #"{"definition":"Usvojena procedura","unit":"text"}"#)
        return Setup(
            plan: plan, measure: measure, indicator: indicator, textIndicator: text, agency: agency, ministry: ministry, coordinator: coordinator,
            agencyMember: member, reporter: reporter, outsider: outsider)
    }

    @Test(arguments: TestDatabase.engines)
    func aReportGoesFromDraftToPublishedThroughReview(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let s = try await Self.setUp(client, services)
            // The coordinator opens the period; the ministry may not
            let periodBody = #"{"name":"2019","start":"2019-01-01","end":"2019-12-31","due":"2020-02-28"}"#
            #expect(try await api(client, .post, "/api/v1/plans/\(s.plan)/periods", token: s.reporter, json: periodBody).status == .forbidden)
            let periodResponse = try await api(client, .post, "/api/v1/plans/\(s.plan)/periods", token: s.coordinator, json: periodBody)
            #expect(periodResponse.status == .created, "\(periodResponse.text)")
            let period = try #require(periodResponse.object["id"] as? Int)
            #expect(periodResponse.object["locked"] as? Bool == false)
            #expect(try await api(client, .get, "/api/v1/plans/\(s.plan)/periods").items.map { $0["name"] as? String } == ["2019"])

            // The ministry, which leads a measure, opens its report; another ministry cannot
            #expect(try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.outsider,
                                  json: #"{"institution_id":\#(s.ministry)}"#).status == .forbidden)
            let opened = try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.reporter, json: #"{"institution_id":\#(s.ministry)}"#)
            #expect(opened.status == .created, "\(opened.text)")
            let report = try #require(opened.object["id"] as? Int)
            #expect(opened.headers[.location] == "/api/v1/reports/\(report)")
            #expect(opened.object["status"] as? String == "draft")
            let again = try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.reporter, json: #"{"institution_id":\#(s.ministry)}"#)
            #expect(again.status == .conflict && again.errorCode == "report_exists")
            // An institution with nothing to report on is refused, and says why
            let security = try await WebHarness.institutionId(services, named: "Ministry of Security of Bosnia and Herzegovina")
            let unrelated = try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.coordinator, json: #"{"institution_id":\#(security)}"#)
            #expect(unrelated.status == .unprocessableContent && unrelated.errorFields == ["institution_id"], "\(unrelated.text)")

            // It drafts values by sex (a total larger than its parts keeps its gap) and the measure's status
            let draft = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: """
                {"version":1,"narrative":"Kampanja je provedena u 4 grada.",
                 "measures":[{"node_id":\(s.measure),"status":"in_progress","narrative":"Dvije od četiri faze."}],
                 "values":[{"indicator_id":\(s.indicator),"value":120,"female":30,"male":85,"source":"Evidencija obuka"},
                           {"indicator_id":\(s.textIndicator),"note":"Procedura u izradi"}]}
                """)
            #expect(draft.status == .ok, "\(draft.text)")
            let values = try #require(draft.object["values"] as? [[String: Any]])
            #expect(values.first?["female"] as? Double == 30 && values.first?["gap"] as? Double == 5)
            #expect(values.last?["note"] as? String == "Procedura u izradi" && values.last?["gap"] is NSNull)
            #expect((draft.object["measures"] as? [[String: Any]])?.first?["status"] as? String == "in_progress")

            // What is refused in a report, each problem at its place
            let bad = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: """
                {"version":2,"values":[{"indicator_id":\(s.indicator),"value":12.5,"female":-1},{"indicator_id":\(s.textIndicator),"value":3},
                 {"indicator_id":987654}],"measures":[{"node_id":\(s.plan),"status":"completed"}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields) == ["values[0].value", "values[0].female", "values[1].value", "values[2].indicator_id", "measures[0].node_id"], "\(bad.text)")

            // Before publication: the ministry and the agency see it; another ministry and the public do not
            #expect(try await api(client, .get, "/api/v1/reports/\(report)", token: s.agencyMember).status == .ok)
            #expect(try await api(client, .get, "/api/v1/reports/\(report)", token: s.outsider).status == .notFound)
            #expect(try await api(client, .get, "/api/v1/reports/\(report)").status == .notFound)
            #expect(try await api(client, .get, "/api/v1/periods/\(period)/reports").items.isEmpty)
            #expect(try await api(client, .get, "/api/v1/reports/\(report)/history", token: s.outsider).status == .notFound)

            // Submitted by the ministry; it cannot accept its own report, the agency's member cannot either
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/submit", token: s.reporter, json: "{}").object["status"] as? String == "submitted")
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/accept", token: s.reporter, json: "{}").status == .forbidden)
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/accept", token: s.agencyMember, json: "{}").status == .forbidden)
            // While it is with the coordinator the ministry cannot change it
            let whileSubmitted = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: #"{"version":3,"narrative":"x"}"#)
            #expect(whileSubmitted.status == .conflict && whileSubmitted.errorCode == "report_not_editable")

            // The agency returns it, and must say why
            let silent = try await api(client, .post, "/api/v1/reports/\(report)/return", token: s.coordinator, json: "{}")
            #expect(silent.status == .unprocessableContent && silent.errorFields == ["comment"])
            let returned = try await api(client, .post, "/api/v1/reports/\(report)/return", token: s.coordinator,
                                         json: #"{"comment":"Nedostaje broj žena po činu."}"#)
            #expect(returned.object["status"] as? String == "returned")
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/publish", token: s.coordinator, json: "{}").errorCode == "invalid_transition")

            // A stale version changes nothing; the current one corrects it
            let stale = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: #"{"version":2,"narrative":"Stale"}"#)
            #expect(stale.status == .conflict && stale.errorCode == "version_conflict")
            let current = try #require(returned.object["version"] as? Int)
            let corrected = try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: """
                {"version":\(current),"values":[{"indicator_id":\(s.indicator),"value":120,"female":30,"male":90}]}
                """)
            #expect(corrected.status == .ok, "\(corrected.text)")
            #expect(corrected.object["narrative"] as? String == "Kampanja je provedena u 4 grada.", "what the PATCH leaves out stays")
            #expect((corrected.object["values"] as? [[String: Any]])?.first?["gap"] is NSNull)
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/submit", token: s.reporter, json: #"{"comment":"Ispravljeno."}"#).status == .ok)
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/accept", token: s.coordinator, json: "{}").status == .ok)
            #expect(try await api(client, .get, "/api/v1/reports/\(report)").status == .notFound, "accepted is not yet published")
            let published = try await api(client, .post, "/api/v1/reports/\(report)/publish", token: s.coordinator, json: "{}")
            #expect(published.object["status"] as? String == "published")
            #expect(published.object["submitted_on"] as? String != nil)

            // Published: the plan's readers (a public plan: everyone) see it
            #expect(try await api(client, .get, "/api/v1/reports/\(report)").status == .ok)
            #expect(try await api(client, .get, "/api/v1/reports/\(report)", token: s.outsider).status == .ok)
            #expect(try await api(client, .get, "/api/v1/periods/\(period)/reports").items.map { $0["id"] as? Int } == [report])

            // Every step in the history, with who and the comment
            let history = try await api(client, .get, "/api/v1/reports/\(report)/history").items
            #expect(history.map { $0["action"] as? String } == ["create", "edit", "submit", "return", "edit", "submit", "accept", "publish"])
            #expect(history[3]["comment"] as? String == "Nedostaje broj žena po činu.")
            #expect(history[3]["actor_name"] as? String == "User editor@ars.example.org")
            #expect(history[2]["actor_name"] as? String == "User editor@mod.example.org")
            #expect(history.allSatisfy { ($0["at"] as? String)?.hasSuffix("Z") == true })

            // The indicator's values: the published report's figures, for everyone
            let readings = try await api(client, .get, "/api/v1/indicators/\(s.indicator)/values").items
            #expect(readings.count == 1)
            #expect(readings.first?["period"] as? String == "2019" && readings.first?["report_id"] as? Int == report)
            #expect(readings.first?["male"] as? Double == 90 && readings.first?["institution_id"] as? Int == s.ministry)
            #expect(readings.first?["status"] as? String == "published")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aLockedPeriodRefusesEveryChangeToItsReports(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let s = try await Self.setUp(client, services)
            let period = try #require(try await api(client, .post, "/api/v1/plans/\(s.plan)/periods", token: s.coordinator,
                                                   json: #"{"name":"2020","start":"2020-01-01","end":"2020-12-31"}"#).object["id"] as? Int)
            let report = try #require(try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.reporter,
                                                   json: #"{"institution_id":\#(s.ministry)}"#).object["id"] as? Int)
            // Only the coordinator's editors lock
            #expect(try await api(client, .post, "/api/v1/periods/\(period)/lock", token: s.reporter, json: "{}").status == .forbidden)
            #expect(try await api(client, .post, "/api/v1/periods/\(period)/lock", token: s.agencyMember, json: "{}").status == .forbidden)
            let locked = try await api(client, .post, "/api/v1/periods/\(period)/lock", token: s.coordinator, json: "{}")
            #expect(locked.status == .ok && locked.object["locked"] as? Bool == true)

            let before = try await api(client, .get, "/api/v1/reports/\(report)", token: s.reporter).text
            for (method, path, body) in [
                (HTTPRequest.Method.patch, "/api/v1/reports/\(report)", #"{"version":1,"narrative":"Late"}"#),
                (.patch, "/api/v1/reports/\(report)", #"{"version":9,"narrative":"Late and stale"}"#),
                (.post, "/api/v1/reports/\(report)/submit", "{}"),
            ] {
                let refused = try await api(client, method, path, token: s.reporter, json: body)
                #expect(refused.status == .conflict && refused.errorCode == "period_locked", "\(path): \(refused.text)")
            }
            let newReport = try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.coordinator, json: #"{"institution_id":\#(s.agency)}"#)
            #expect(newReport.errorCode == "period_locked")
            #expect(try await api(client, .get, "/api/v1/reports/\(report)", token: s.reporter).text == before, "nothing changed")
            #expect(try await api(client, .get, "/api/v1/reports/\(report)/history", token: s.reporter).items.count == 1)

            // Unlocked, the same change goes through
            #expect(try await api(client, .post, "/api/v1/periods/\(period)/unlock", token: s.coordinator, json: "{}").object["locked"] as? Bool == false)
            #expect(try await api(client, .patch, "/api/v1/reports/\(report)", token: s.reporter, json: #"{"version":1,"narrative":"Late"}"#).status == .ok)
        }
    }
}
