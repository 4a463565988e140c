import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// The pages a coordinator and a reporter work from, on the demo: "My reports" (what waits for
/// each), a report's attached files sent from its page, and the recommendations register where
/// the coordinator answers a recommendation.
@Suite struct ReviewPagesTests {
    /// The demo's plans, and an editor (password ``PagesTests/password``) for each named institution.
    @discardableResult
    static func demo(_ services: AppServices, editors: [(email: String, institution: String)]) async throws -> [Int] {
        var summary = Seeder.DemoSummary()
        try await Seeder.loadDemoPlans(services.database, into: &summary, logger: Logger(label: "test"))
        var ids: [Int] = []
        for (email, name) in editors {
            let institution = try await WebHarness.institutionId(services, named: name)
            _ = try await AccountService(services: services).addUser(
                email: email, name: email, password: PagesTests.password, platformAdmin: false, institution: (institution, .editor), by: .system("test"))
            ids.append(institution)
        }
        return ids
    }
    @Test(arguments: TestDatabase.engines)
    func eachReaderSeesWhatWaitsForThemAndAttachesFilesFromTheReportsPage(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ids = try await Self.demo(services, editors: [
                ("editor@ms.example.org", "Ministry of Security of Bosnia and Herzegovina"),
                ("editor@ars.example.org", "Agency for Gender Equality of Bosnia and Herzegovina")])
            let security = ids[0]
            let plan = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let all = try await services.reports.reports(planId: plan.id, viewer: Viewer(userId: nil, isPlatformAdmin: true))
            let periods = try #require(try await services.reports.periods(planId: plan.id, viewer: .anonymous))
            let open = Set(periods.filter { !$0.locked }.map(\.id))
            let returned = try #require(all.first { $0.status == .returned && $0.institutionId == security })
            let submitted = all.filter { $0.status == .submitted && open.contains($0.periodId) }
            #expect(!submitted.isEmpty)

            // The agency's editor: the submitted reports to review, none of the ministries' drafts
            let coordinator = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let desk = try await coordinator.get(SiteRoute.reviewQueue.path)
            #expect(desk.status == .ok)
            let review = try #require(desk.text.range(of: "To review (\(submitted.count))"))
            let write = try #require(desk.text.range(of: "To write or correct"))
            for report in submitted {
                let link = try #require(desk.text.range(of: "href=\"\(SiteRoute.report(report.id).path)\""))
                #expect(review.upperBound < link.lowerBound && link.upperBound < write.lowerBound)
            }
            #expect(!desk.text.contains(SiteRoute.report(returned.id).path + "\""))
            // The Ministry of Security's editor: its returned report to correct, nothing to review
            let reporter = try await RolePagesTests.signedIn(client, "editor@ms.example.org")
            let mine = try await reporter.get(SiteRoute.reviewQueue.path).text
            #expect(mine.contains("To review (0)") && mine.contains("To write or correct (1)"))
            #expect(mine.contains(SiteRoute.report(returned.id).path))
            // Signed out, the page asks to sign in
            #expect(try await Browser(client).get(SiteRoute.reviewQueue.path).headers[.location]?.hasPrefix("/login") == true)

            // The ministry attaches its annex from the report's page and finds it listed there
            let reportPath = SiteRoute.report(returned.id).path
            #expect(try await reporter.get(reportPath).text.contains("action=\"\(SiteRoute.reportAttachments(returned.id).path)\""))
            let annex = Array("%PDF-1.7\nAneks: polaznici obuke po spolu".utf8)
            let sent = try await reporter.upload(SiteRoute.reportAttachments(returned.id).path, [], file: ("file", "Aneks 2020.pdf", annex))
            #expect(sent.status == .seeOther && sent.headers[.location] == reportPath + "#attachments")
            let files = try #require(try await services.attachments.attachments(of: .report(returned.id), viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            let file = try #require(files.first)
            #expect(files.count == 1 && file.fileName == "Aneks 2020.pdf" && file.size == annex.count)
            let page = try await reporter.get(reportPath).text
            #expect(page.contains("href=\"\(AttachmentDownload.path(file.id))\"") && page.contains("Aneks 2020.pdf"))
            #expect(page.contains("File attached"), "the history names the file")
            // The coordinator downloads it from the page's link, byte for byte
            let download = try await coordinator.get(AttachmentDownload.path(file.id))
            #expect(Array(download.body.readableBytesView) == annex)
            // but may not attach to the ministry's report, and sees no form for it
            #expect(!(try await coordinator.get(reportPath).text.contains(SiteRoute.reportAttachments(returned.id).path)))
            #expect(try await coordinator.upload(SiteRoute.reportAttachments(returned.id).path, [], file: ("file", "x.pdf", annex)).status == .forbidden)
            // A web page named .pdf comes back with the reason beside the field, and nothing is kept
            let refused = try await reporter.upload(
                SiteRoute.reportAttachments(returned.id).path, [], file: ("file", "izvjestaj.pdf", Array("<html><body>x</body></html>".utf8)))
            #expect(refused.headers[.location] == reportPath + "?file_error=unsupported_type#attachments")
            #expect(try await reporter.get(reportPath + "?file_error=unsupported_type").text.contains("whatever its name says"))
            #expect(try await services.attachments.attachments(of: .report(returned.id), viewer: Viewer(userId: nil, isPlatformAdmin: true))?.count == 1)
            // Removed with its button
            let removed = try await reporter.post(SiteRoute.deleteAttachment(file.id).path, [])
            #expect(removed.status == .seeOther)
            #expect(try await services.attachments.attachments(of: .report(returned.id), viewer: Viewer(userId: nil, isPlatformAdmin: true))?.isEmpty == true)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theCoordinatorAnswersARecommendationInTheRegister(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            try await Self.demo(services, editors: [("editor@mod.gov.rs", "Ministry of Defence of Serbia")])
            let plans = try await services.plans.plans(DirectoryQuery(country: "RS"), viewer: .anonymous).items
            let second = try #require(plans.first { $0.fields.periodStart == 2017 })
            let third = try #require(plans.first { $0.fields.periodStart == 2025 })
            let register = SiteRoute.recommendations.with(query: [("plan", String(second.id))])

            // Anyone reads the register: four recommendations, the carried ones linked to the third plan's nodes
            let anonymous = try await Browser(client).get(register).text
            let recommendations = try await services.evaluations.recommendations(plan: second.id, status: nil, viewer: .anonymous, page: PageRequest()).items
            #expect(recommendations.count == 4)
            for recommendation in recommendations {
                #expect(anonymous.contains("id=\"recommendation-\(recommendation.id)\""))
                if let node = recommendation.answer.carriedIntoNodeId {
                    #expect(anonymous.contains(SiteRoute.plan(third.id).path + "#node-\(node)"))
                }
            }
            #expect(!anonymous.contains(SiteRoute.answerRecommendation(recommendations[0].id).path), "only the coordinator answers")
            let filtered = try await Browser(client).get(SiteRoute.recommendations.with(query: [("plan", String(second.id)), ("status", "carried_into")])).text
            #expect(filtered.components(separatedBy: "id=\"recommendation-").count - 1 == 2)

            // The coordinator answers an open one: carried into a node of the third plan
            let editor = try await RolePagesTests.signedIn(client, "editor@mod.gov.rs")
            let open = try #require(recommendations.first { $0.answer.status != .carriedInto })
            let target = try #require(try await services.plans.tree(planId: third.id, viewer: .anonymous)?.nodes.first { $0.node.fields.kind == .measure }?.node)
            #expect(try await editor.get(register).text.contains(SiteRoute.answerRecommendation(open.id).path))
            // without the node first: the form comes back with the reason beside the field
            let missing = try await editor.post(SiteRoute.answerRecommendation(open.id).path, [
                ("version", String(open.version)), ("status", "carried_into"), ("response", "Preuzeto u treći NAP"), ("carried_into_node_id", "")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Preuzeto u treći NAP") && missing.text.contains("open=\"open\""))
            let answered = try await editor.post(SiteRoute.answerRecommendation(open.id).path, [
                ("version", String(open.version)), ("status", "carried_into"), ("response", "Preuzeto u treći NAP"),
                ("carried_into_node_id", String(target.id))])
            #expect(answered.status == .seeOther)
            let now = try #require(try await services.evaluations.recommendation(id: open.id, viewer: .anonymous))
            #expect(now.answer.status == .carriedInto && now.answer.carriedIntoNodeId == target.id && now.answer.response == "Preuzeto u treći NAP")
            // the node of the third plan now shows where it came from
            #expect(try await Browser(client).get(SiteRoute.plan(third.id).path).text.contains(Markup.escape(open.fields.text)))
            // The same form sent again with the old version: someone else's answer is never overwritten
            let stale = try await editor.post(SiteRoute.answerRecommendation(open.id).path, [
                ("version", String(open.version)), ("status", "rejected"), ("response", "x"), ("carried_into_node_id", "")])
            #expect(stale.status == .conflict)
            #expect(try await services.evaluations.recommendation(id: open.id, viewer: .anonymous)?.answer.status == .carriedInto)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theDraftingGroupAnswersAProposalFromThePlansPage(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            try await Self.demo(services, editors: [("editor@mod.gov.rs", "Ministry of Defence of Serbia")])
            let third = try #require(try await services.plans.plans(DirectoryQuery(country: "RS"), viewer: .anonymous).items.first { $0.fields.periodStart == 2025 })
            let consultation = try #require(try await services.consultations.consultations(planId: third.id, viewer: .anonymous)?.first)
            let proposal = try #require(try await services.consultations.proposals(consultationId: consultation.id, viewer: .anonymous)?.first)
            let planPath = SiteRoute.plan(third.id).path
            #expect(!(try await Browser(client).get(planPath).text.contains(SiteRoute.answerProposal(proposal.id).path)), "readers see answers, not the form")

            let editor = try await RolePagesTests.signedIn(client, "editor@mod.gov.rs")
            #expect(try await editor.get(planPath).text.contains(SiteRoute.answerProposal(proposal.id).path))
            // Rejected without a reason: back to the proposal with what is missing, nothing saved
            let refused = try await editor.post(SiteRoute.answerProposal(proposal.id).path, [
                ("version", String(proposal.version)), ("status", "rejected"), ("reason", " "), ("group", "")])
            let back = try #require(refused.headers[.location])
            #expect(back == planPath + "?proposal=\(proposal.id)&answer_error=reason_required#proposal-\(proposal.id)")
            #expect(try await editor.get(back).text.contains("needs a reason"))
            #expect(try await services.consultations.proposal(id: proposal.id, viewer: .anonymous) == proposal)
            // With the reason and a group it is saved, and the export carries it
            let saved = try await editor.post(SiteRoute.answerProposal(proposal.id).path, [
                ("version", String(proposal.version)), ("status", "partially_accepted"), ("reason", "Preuzeto delimično u meru 1.1."),
                ("group", "Lokalni nivo")])
            #expect(saved.headers[.location] == planPath + "#proposal-\(proposal.id)")
            let now = try #require(try await services.consultations.proposal(id: proposal.id, viewer: .anonymous))
            #expect(now.answer == ProposalAnswer(status: .partiallyAccepted, reason: "Preuzeto delimično u meru 1.1.", group: "Lokalni nivo"))
            #expect(try await Browser(client).get(SiteRoute.consultationCSV(consultation.id).path).text.contains("Preuzeto delimično u meru 1.1."))
            // The same form again with the old version is refused as stale
            let stale = try await editor.post(SiteRoute.answerProposal(proposal.id).path, [
                ("version", String(proposal.version)), ("status", "accepted"), ("reason", ""), ("group", "")])
            #expect(stale.headers[.location]?.contains("answer_error=version_conflict") == true)
            #expect(try await services.consultations.proposal(id: proposal.id, viewer: .anonymous)?.answer.status == .partiallyAccepted)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theCoordinatorAddsAnEvaluationARecommendationAndAConsultationFromThePlansPage(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            try await Self.demo(services, editors: [("editor@ars.example.org", "Agency for Gender Equality of Bosnia and Herzegovina")])
            let defence = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let security = try await WebHarness.institutionId(services, named: "Ministry of Security of Bosnia and Herzegovina")
            let plan = try #require(try await services.plans.plans(DirectoryQuery(country: "BA"), viewer: .anonymous).items.first)
            let planPath = SiteRoute.plan(plan.id).path
            #expect(!(try await Browser(client).get(planPath).text.contains(SiteRoute.planEvaluations(plan.id).path)))
            let editor = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let page = try await editor.get(planPath).text
            #expect(page.contains("action=\"\(SiteRoute.planEvaluations(plan.id).path)\"") && page.contains("action=\"\(SiteRoute.planConsultations(plan.id).path)\""))

            // An evaluation without its evaluator comes back with what was typed
            let refused = try await editor.post(SiteRoute.planEvaluations(plan.id).path, [
                ("evaluation-kind", "mid_term"), ("evaluation-evaluator", " "), ("evaluation-date", "2021-06-30"), ("evaluation-findings", "Napredak u učešću žena.")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Napredak u učešću žena.") && refused.text.contains("aria-invalid=\"true\""))
            #expect(try await services.evaluations.evaluations(planId: plan.id, viewer: .anonymous)?.isEmpty == true)
            let added = try await editor.post(SiteRoute.planEvaluations(plan.id).path, [
                ("evaluation-kind", "mid_term"), ("evaluation-evaluator", "Nezavisna evaluatorica"), ("evaluation-date", "2021-06-30"),
                ("evaluation-findings", "Napredak u učešću žena.")])
            #expect(added.status == .seeOther)
            let evaluation = try #require(try await services.evaluations.evaluations(planId: plan.id, viewer: .anonymous)?.first)
            #expect(evaluation.fields == EvaluationFields(kind: .midTerm, evaluator: "Nezavisna evaluatorica", date: Day("2021-06-30"), findings: "Napredak u učešću žena."))
            #expect(added.headers[.location] == planPath + "#evaluation-\(evaluation.id)")

            // A recommendation addressed to two ministries, chosen from the plan's institutions
            let prefix = "e\(evaluation.id)-"
            let recommended = try await editor.post(SiteRoute.evaluationRecommendations(evaluation.id).path, [
                (prefix + "text", "Uvesti rodno osjetljivo budžetiranje mjera."), (prefix + "priority", "high"),
                (prefix + "addressed_to", String(defence)), (prefix + "addressed_to", String(security))])
            #expect(recommended.status == .seeOther)
            let recommendation = try #require(try await services.evaluations.evaluations(planId: plan.id, viewer: .anonymous)?.first?.recommendations.first)
            #expect(recommendation.fields == RecommendationFields(text: "Uvesti rodno osjetljivo budžetiranje mjera.", priority: .high, addressedTo: [defence, security]))
            let empty = try await editor.post(SiteRoute.evaluationRecommendations(evaluation.id).path, [(prefix + "text", ""), (prefix + "priority", "low")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("open=\"open\""))

            // A consultation that closes before it opens is refused beside its dates; a good one opens
            let backwards = try await editor.post(SiteRoute.planConsultations(plan.id).path, [
                ("consultation-title", "Konsultacije o izmjenama"), ("consultation-opens_on", "2026-12-01"), ("consultation-closes_on", "2026-11-01")])
            #expect(backwards.status == .unprocessableContent && backwards.text.contains("Konsultacije o izmjenama"))
            let opened = try await editor.post(SiteRoute.planConsultations(plan.id).path, [
                ("consultation-title", "Konsultacije o izmjenama"), ("consultation-opens_on", "2026-11-01"), ("consultation-closes_on", "2026-12-01"),
                ("consultation-description", "Prijedlozi za izmjene mjera 2.1.")])
            #expect(opened.status == .seeOther)
            let consultations = try #require(try await services.consultations.consultations(planId: plan.id, viewer: .anonymous))
            #expect(consultations.map(\.fields.title) == ["Konsultacije o izmjenama"])
            #expect(try await Browser(client).get(planPath).text.contains("Konsultacije o izmjenama"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anAgencyCreatesAndEditsItsPlanFromTheForm(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            _ = try await AccountService(services: services).addUser(
                email: "editor@ars.example.org", name: "Editor", password: PagesTests.password, platformAdmin: false, institution: (agency, .editor),
                by: .system("test"))
            let editor = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            #expect(try await editor.get(SiteRoute.plans.path).text.contains("href=\"\(SiteRoute.newPlan.path)\""))
            let form = try await editor.get(SiteRoute.newPlan.path)
            #expect(form.status == .ok && form.text.contains("<option value=\"\(agency)\">"), "her own institution may coordinate")

            // Without a country, with years the wrong way round: every problem beside its field, nothing saved
            let refused = try await editor.post(SiteRoute.plans.path, [
                ("kind", "nap"), ("place", ""), ("title", "Akcioni plan za primjenu Rezolucije 1325 2023–2026"), ("period_start", "2026"),
                ("period_end", "2023"), ("status", "draft"), ("coordinator_id", String(agency)), ("visibility", "public")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Akcioni plan za primjenu Rezolucije 1325 2023–2026"))
            #expect(refused.text.contains("id=\"place-error\"") && refused.text.contains("id=\"period_end-error\""), "\(refused.text.prefix(0))")
            #expect(try await services.plans.plans(DirectoryQuery(), viewer: .anonymous).items.isEmpty)

            let created = try await editor.post(SiteRoute.plans.path, [
                ("kind", "nap"), ("place", "BA/state"), ("title", "Akcioni plan za primjenu Rezolucije 1325 2023–2026"), ("title_en", "Action plan 2023–2026"),
                ("period_start", "2023"), ("period_end", "2026"), ("status", "adopted"), ("adopting_act", "Vijeće ministara BiH"),
                ("adopted_on", "2023-10-12"), ("coordinator_id", String(agency)), ("visibility", "public")])
            #expect(created.status == .seeOther)
            let plan = try #require(try await services.plans.plans(DirectoryQuery(), viewer: .anonymous).items.first)
            #expect(created.headers[.location] == SiteRoute.plan(plan.id).path)
            #expect(plan.fields.country == "BA" && plan.fields.level == "state" && plan.fields.adoptedOn == Day("2023-10-12") && plan.fields.status == .adopted)

            // Her colleague in another ministry may not coordinate it
            let defence = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let other = try await editor.post(SiteRoute.plans.path, [
                ("kind", "nap"), ("place", "BA/state"), ("title", "X"), ("period_start", "2023"), ("period_end", "2026"), ("status", "draft"),
                ("coordinator_id", String(defence)), ("visibility", "public")])
            #expect(other.status == .forbidden)

            // Edited: into implementation; a second edit from the same old form is refused as stale
            let edit = SiteRoute.editPlan(plan.id).path
            #expect(try await editor.get(SiteRoute.plan(plan.id).path).text.contains("href=\"\(edit)\""))
            let page = try await editor.get(edit).text
            #expect(page.contains("value=\"Vijeće ministara BiH\"") && page.contains("name=\"version\" value=\"\(plan.version)\""))
            var fields = [("version", String(plan.version)), ("kind", "nap"), ("place", "BA/state"), ("title", plan.fields.title),
                          ("period_start", "2023"), ("period_end", "2026"), ("status", "in_implementation"), ("coordinator_id", String(agency)),
                          ("visibility", "public")]
            #expect(try await editor.post(edit, fields).status == .seeOther)
            #expect(try await services.plans.plan(id: plan.id, viewer: .anonymous)?.fields.status == .inImplementation)
            fields[6] = ("status", "closed")
            let stale = try await editor.post(edit, fields)
            #expect(stale.status == .conflict)
            #expect(try await services.plans.plan(id: plan.id, viewer: .anonymous)?.fields.status == .inImplementation)
            // Readers see no form
            #expect(try await Browser(client).get(edit).headers[.location]?.hasPrefix("/login") == true)
        }
    }
}
