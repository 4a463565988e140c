import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage
@testable import WPSWeb

/// A consultation on the regional network's draft plan, as a CSO uses it: it proposes text,
/// endorses another organisation's proposal, the drafting group answers; and Serbia's closed
/// consultation of 2023, exported with every endorsement and answer.
@Suite struct ConsultationTests {
    @Test(arguments: TestDatabase.engines)
    func organisationsProposeAndEndorseAndTheDraftingGroupAnswers(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let plans = try await services.plans.plans(DirectoryQuery(), viewer: .anonymous).items
            let regional = try #require(plans.first { $0.fields.kind == .regional })
            let serbian = try #require(plans.first { $0.fields.country == "RS" && $0.fields.periodStart == 2025 })
            let csw = try await WebHarness.institutionId(services, named: "Center for Supporting Women")
            let zene = try await WebHarness.institutionId(services, named: "Women to Women")
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let cso = try await WebHarness.token(services, email: "editor@csw.example.org", role: (csw, .editor))
            let zeneEditor = try await WebHarness.token(services, email: "editor@zene.example.org", role: (zene, .editor))
            let drafting = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))

            // The demo: the regional draft's consultation is open, Serbia's of 2023 closed
            let open = try #require(try await api(client, .get, "/api/v1/plans/\(regional.id)/consultations").items.first)
            #expect(open["open"] as? Bool == true)
            let consultation = try #require(open["id"] as? Int)
            let closed = try #require(try await api(client, .get, "/api/v1/plans/\(serbian.id)/consultations").items.first)
            #expect(closed["open"] as? Bool == false && closed["opens_on"] as? String == "2023-04-01")
            let closedId = try #require(closed["id"] as? Int)
            let answered = try await api(client, .get, "/api/v1/consultations/\(closedId)/proposals").items
            #expect(answered.count == 3 && Set(answered.compactMap { $0["status"] as? String }) == ["accepted", "partially_accepted", "rejected"])

            // A CSO proposes for itself (not for another organisation), on a node or a named section
            let tree = try #require(try await services.plans.tree(planId: regional.id, viewer: .anonymous))
            let goal = try #require(tree.nodes.first?.node.id)
            #expect(try await api(client, .post, "/api/v1/consultations/\(consultation)/proposals", token: cso,
                                  json: #"{"institution_id":\#(zene),"section":"X","text":"Y"}"#).status == .forbidden)
            let neither = try await api(client, .post, "/api/v1/consultations/\(consultation)/proposals", token: cso,
                                        json: #"{"institution_id":\#(csw),"text":"Y"}"#)
            #expect(neither.status == .unprocessableContent && neither.errorFields == ["section"])
            let proposed = try await api(client, .post, "/api/v1/consultations/\(consultation)/proposals", token: cso,
                                         json: #"{"institution_id":\#(csw),"node_id":\#(goal),"text":"Dodati pokazatelje o učešću žena u pregovorima."}"#)
            #expect(proposed.status == .created, "\(proposed.text)")
            let mine = try #require(proposed.object["id"] as? Int)
            #expect(try await api(client, .post, "/api/v1/consultations/\(closedId)/proposals", token: cso,
                                  json: #"{"institution_id":\#(csw),"section":"X","text":"Late"}"#).errorCode == "consultation_closed")

            // Another organisation endorses it once; the proposer cannot endorse its own
            let endorsed = try await api(client, .post, "/api/v1/proposals/\(mine)/endorse", token: zeneEditor, json: #"{"institution_id":\#(zene)}"#)
            #expect(endorsed.status == .ok && (endorsed.object["endorsements"] as? [[String: Any]])?.first?["institution_id"] as? Int == zene)
            #expect(try await api(client, .post, "/api/v1/proposals/\(mine)/endorse", token: zeneEditor,
                                  json: #"{"institution_id":\#(zene)}"#).errorCode == "already_endorsed")
            #expect(try await api(client, .post, "/api/v1/proposals/\(mine)/endorse", token: cso, json: #"{"institution_id":\#(csw)}"#).errorCode == "own_proposal")

            // The drafting group (the coordinator's editors) answers; a rejection needs its reason
            #expect(try await api(client, .patch, "/api/v1/proposals/\(mine)", token: cso, json: #"{"version":1,"status":"accepted"}"#).status == .forbidden)
            let silent = try await api(client, .patch, "/api/v1/proposals/\(mine)", token: drafting, json: #"{"version":1,"status":"rejected"}"#)
            #expect(silent.status == .unprocessableContent && silent.errorFields == ["reason"])
            let answer = try await api(client, .patch, "/api/v1/proposals/\(mine)", token: drafting,
                                       json: #"{"version":1,"status":"partially_accepted","reason":"Preuzeto u cilj 1.","group":"Mirovni procesi"}"#)
            #expect(answer.status == .ok && answer.object["group"] as? String == "Mirovni procesi" && answer.object["version"] as? Int == 2)

            // The export: every proposal with its endorsements and answer
            let csv = try await Browser(client).get(SiteRoute.consultationCSV(consultation).path)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Dodati pokazatelje o učešću žena u pregovorima.") && csv.text.contains("Women to Women") || csv.text.contains("Žene ženama"))
            #expect(csv.text.contains("Preuzeto u cilj 1."))
            let workbook = try await Browser(client).get(SiteRoute.consultationXLSX(consultation).path)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("proposals-\(UUID().uuidString).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(buffer: workbook.body).write(to: URL(fileURLWithPath: path))
            let sheet = try XLSXWorkbook(path: path).sheet()
            #expect(sheet.rows.count == 3, "a header and two proposals")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aVisitorSignsInAndProposesFromThePlansPage(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let regional = try #require(try await services.plans.plans(DirectoryQuery(kind: "regional"), viewer: .anonymous).items.first)
            let consultation = try #require(try await services.consultations.consultations(planId: regional.id, viewer: .anonymous)?.first)
            let csw = try await WebHarness.institutionId(services, named: "Center for Supporting Women")
            _ = try await AccountService(services: services).addUser(
                email: "editor@csw.example.org", name: "Milica", password: PagesTests.password, platformAdmin: false, institution: (csw, .editor),
                by: .system("test"))
            // A visitor sees the proposals but no form
            let visitor = try await Browser(client).get(SiteRoute.plan(regional.id).path).text
            #expect(visitor.contains("id=\"consultation-\(consultation.id)\"") && !visitor.contains("action=\"\(SiteRoute.consultationProposals(consultation.id).path)\""))
            let browser = try await RolePagesTests.signedIn(client, "editor@csw.example.org")
            let page = try await browser.get(SiteRoute.plan(regional.id).path).text
            #expect(page.contains(SiteRoute.consultationProposals(consultation.id).path))
            let prefix = "c\(consultation.id)-"
            let empty = try await browser.post(SiteRoute.consultationProposals(consultation.id).path, [(prefix + "institution_id", String(csw)), (prefix + "text", "")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("id=\"\(prefix)text-error\""), "\(empty.text.components(separatedBy: "field-error").dropFirst().map { $0.prefix(200) })")
            let sent = try await browser.post(SiteRoute.consultationProposals(consultation.id).path, [
                (prefix + "institution_id", String(csw)), (prefix + "section", "Praćenje"), (prefix + "text", "Godišnji izvještaj mreže."),
            ])
            #expect(sent.status == .seeOther)
            #expect(try await browser.get(SiteRoute.plan(regional.id).path).text.contains("Godišnji izvještaj mreže."))
        }
    }
}
