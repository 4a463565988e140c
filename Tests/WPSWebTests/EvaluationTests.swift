import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// Evaluations and the recommendations register: Serbia's final evaluation of its NAP
/// 2017–2020, its recommendations answered, and one carried into the third NAP, whose node then
/// shows where it came from.
@Suite struct EvaluationTests {
    @Test(arguments: TestDatabase.engines)
    func aRecommendationCarriedIntoTheNextPlanShowsOnItsNode(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            var summary = Seeder.DemoSummary()
            try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
            let plans = try await services.plans.plans(DirectoryQuery(country: "RS"), viewer: .anonymous).items
            let second = try #require(plans.first { $0.fields.periodStart == 2017 })
            let third = try #require(plans.first { $0.fields.periodStart == 2025 })

            // The demo's register: two recommendations of the final evaluation carried into the third NAP
            let carried = try await api(client, .get, "/api/v1/recommendations?plan=\(second.id)&status=carried_into").items
            #expect(carried.count == 2)
            let thirdTree = try #require(try await services.plans.tree(planId: third.id, viewer: .anonymous))
            let thirdNodes = Set(thirdTree.nodes.map(\.node.id))
            #expect(carried.allSatisfy { thirdNodes.contains($0["carried_into_node_id"] as? Int ?? 0) })
            #expect(try await api(client, .get, "/api/v1/recommendations?status=nonsense").status == .unprocessableContent)

            // The third plan's page shows it on the node, with a link back to the evaluated plan
            let page = try await Browser(client).get(SiteRoute.plan(third.id).path).text
            let node = try #require(thirdTree.nodes.first { $0.node.fields.code == "1.1" }?.node)
            let heading = try #require(page.range(of: "id=\"node-\(node.id)\""))
            let origin = try #require(page.range(of: "Taken up from a recommendation of the evaluation of"))
            #expect(heading.upperBound < origin.lowerBound)
            #expect(page.contains(Markup.escape("Ojačati zaštitu i otpornost žena u vanrednim situacijama i katastrofama.")))
            #expect(page.contains(SiteRoute.plan(second.id).path + "#evaluations"))
            // and the evaluated plan's page lists the evaluation, each recommendation's fate and where it went
            let evaluated = try await Browser(client).get(SiteRoute.plan(second.id).path).text
            #expect(evaluated.contains("id=\"evaluations\"") && evaluated.contains("SeConS"))
            #expect(evaluated.contains(SiteRoute.plan(third.id).path + "#node-\(node.id)"))

            // The coordinator's editor writes a new evaluation and answers it
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Serbia")
            let editor = try await WebHarness.token(services, email: "editor@mod.gov.rs", role: (ministry, .editor))
            let outsider = try await WebHarness.token(services, email: "editor@other.example.org", role: (try await WebHarness.institutionId(
                services, named: "Ministry of Defence of Bosnia and Herzegovina"), .editor))
            #expect(try await api(client, .post, "/api/v1/plans/\(second.id)/evaluations", token: outsider,
                                  json: #"{"kind":"mid_term","evaluator":"X"}"#).status == .forbidden)
            let evaluation = try await api(client, .post, "/api/v1/plans/\(second.id)/evaluations", token: editor,
                                           json: #"{"kind":"mid_term","evaluator":"Ženska mreža","date":"2019-06-30","findings":"Nalazi."}"#)
            #expect(evaluation.status == .created, "\(evaluation.text)")
            let evaluationId = try #require(evaluation.object["id"] as? Int)
            let created = try await api(client, .post, "/api/v1/evaluations/\(evaluationId)/recommendations", token: editor,
                                        json: #"{"text":"Uvesti rodno odgovorno budžetiranje.","priority":"high","addressed_to_ids":[\#(ministry)]}"#)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? Int)
            #expect(created.object["status"] as? String == "open" && created.object["addressed_to_ids"] as? [Int] == [ministry])

            // carried_into needs a node, of another plan
            let noNode = try await api(client, .patch, "/api/v1/recommendations/\(id)", token: editor, json: #"{"version":1,"status":"carried_into"}"#)
            #expect(noNode.status == .unprocessableContent && noNode.errorFields == ["carried_into_node_id"])
            let ownTree = try #require(try await services.plans.tree(planId: second.id, viewer: .anonymous))
            let samePlan = try await api(client, .patch, "/api/v1/recommendations/\(id)", token: editor,
                                         json: #"{"version":1,"status":"carried_into","carried_into_node_id":\#(try #require(ownTree.nodes.first).node.id)}"#)
            #expect(samePlan.errorFields == ["carried_into_node_id"])
            #expect(try await api(client, .patch, "/api/v1/recommendations/\(id)", token: outsider, json: #"{"version":1,"status":"rejected"}"#).status == .forbidden)
            let measure = try #require(thirdTree.nodes.first { $0.node.fields.code == "2.3.1" }?.node.id)
            let answered = try await api(client, .patch, "/api/v1/recommendations/\(id)", token: editor, json: """
                {"version":1,"status":"carried_into","carried_into_node_id":\(measure),"response":"Preuzeto u mjeru 2.3.1."}
                """)
            #expect(answered.status == .ok, "\(answered.text)")
            #expect(answered.object["version"] as? Int == 2 && answered.object["carried_into_node_id"] as? Int == measure)
            let stale = try await api(client, .patch, "/api/v1/recommendations/\(id)", token: editor, json: #"{"version":1,"status":"open","carried_into_node_id":null}"#)
            #expect(stale.status == .conflict && stale.errorCode == "version_conflict")
            let listed = try await api(client, .get, "/api/v1/plans/\(second.id)/evaluations").items
            #expect(listed.map { $0["kind"] as? String } == ["mid_term", "final"] || listed.map { $0["kind"] as? String } == ["final", "mid_term"])
            let thirdPage = try await Browser(client).get(SiteRoute.plan(third.id).path).text
            #expect(thirdPage.contains("Uvesti rodno odgovorno budžetiranje."))
        }
    }
}
