import Foundation
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

/// The library as its users meet it: the demo found whatever script is typed, the API's items,
/// translations, facets and snippets, a PDF's text found and a file that is not one refused.
@Suite struct LibraryPagesTests {
    @Test(arguments: TestDatabase.engines)
    func theDemoLibraryIsFoundInEitherScriptAndKeepsAnInstitutionsOwnItemsToIt(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .library], logger: WebHarness.quietLogger)
            // The public, typing Latin without diacritics, finds the Serbian Cyrillic regulation first
            for q in ["pravilnik%20uznemiravanje", "PRAVILNIK", "%D0%BF%D1%80%D0%B0%D0%B2%D0%B8%D0%BB%D0%BD%D0%B8%D0%BA", "uznemiravanja"] {
                let found = try await api(client, .get, "/api/v1/library?q=\(q)")
                #expect(found.status == .ok)
                #expect(found.items.contains { $0["title"] as? String == "Правилник о заштити од сексуалног узнемиравања" }, "q=\(q)")
            }
            let found = try await api(client, .get, "/api/v1/library?q=pravilnik%20uznemiravanje")
            #expect(found.items.first?["title"] as? String == "Правилник о заштити од сексуалног узнемиравања")
            let parts = try #require(found.items.first?["snippet_parts"] as? [[String: Any]])
            #expect(parts.contains { $0["marked"] as? Bool == true })
            // The ministry's internal analysis is not the public's: not in results, facets or counts
            let everything = try await api(client, .get, "/api/v1/library?per_page=200")
            let titles = everything.items.compactMap { $0["title"] as? String }
            #expect(!titles.contains("Interna analiza: prijave uznemiravanja 2023"))
            #expect(everything.object["total"] as? Int == titles.count)
            let facets = try #require(everything.object["facets"] as? [String: [[String: Any]]])
            let kinds = (facets["kind"] ?? []).reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
            #expect(kinds == titles.count)
            #expect(titles.count >= 25)
            // The ministry's editor sees it
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "editor@example.org", role: (ministry, .editor))
            let theirs = try await api(client, .get, "/api/v1/library?q=interna%20analiza", token: editor)
            #expect(theirs.items.map { $0["title"] as? String } == ["Interna analiza: prijave uznemiravanja 2023"])
            // The English guideline names its translations, and each names it back
            let guideline = try #require(try await api(client, .get, "/api/v1/library?q=guideline%20protection%20harassment").items.first)
            let translations = try #require(guideline["translation_ids"] as? [Int])
            #expect(translations.count == 1)
            let id = try #require(guideline["id"] as? Int)
            for other in translations {
                #expect(try await api(client, .get, "/api/v1/library/\(other)").object["translation_ids"] as? [Int] == [id])
            }
            // And the page offers the other language, with the words found marked
            let page = try await client.execute(uri: "/library?q=pravilnik", method: .get)
            #expect(page.text.contains("<mark>"))
            let item = try await client.execute(uri: "/library/\(id)", method: .get)
            #expect(item.text.contains("/library/\(translations[0])"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theFormLinksAnItemToAPlanAMeasureAnActivityAndAProject(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .plans, .activities], logger: WebHarness.quietLogger)
            // Given an editor of the BiH ministry, and a public plan, measure, activity and project
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "editor@example.org", role: (ministry, .editor))
            let viewer = Viewer.anonymous
            let plan = try #require(try await services.plans.plans(DirectoryQuery(), viewer: viewer).items.first)
            let tree = try #require(try await services.plans.tree(planId: plan.id, viewer: viewer))
            let measure = try #require(tree.nodes.map(\.node).first { $0.fields.kind == .measure })
            let activity = try #require(try await services.activities.activities(ActivityQuery(), viewer: viewer).items.first)
            let project = try #require(try await services.projects.projects(DirectoryQuery(), viewer: viewer).items.first)
            let browser = Browser(client)
            _ = try await browser.get("/login")
            #expect(try await browser.post("/login", [("email", "editor@example.org"), ("password", "correct horse battery staple")]).status == .seeOther)
            let fields: [(String, String)] = [
                ("kind", "good_practice"), ("title", "Mentorstvo za kadetkinje"), ("language", "bs"), ("country", "BA"),
                ("owner_institution_id", String(ministry)), ("visibility", "public"), ("measure_ids", String(measure.id)),
                ("activity_ids", String(activity.id)), ("project_ids", String(project.id)),
            ]
            // When a plan number is not a number / Then the form comes back naming the field, and nothing is kept
            let refused = try await browser.post("/library/new", fields + [("plan_ids", "\(plan.id), sedam")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("plan_ids[1]") || refused.text.contains("id=\"plan_ids-error\""), "\(refused.text.prefix(400))")
            #expect(try await services.library.search(LibraryQuery(text: "kadetkinje"), viewer: viewer).page.total == 0)
            // When the numbers are right / Then the item's page links to each of them
            let created = try await browser.post("/library/new", fields + [("plan_ids", String(plan.id))])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await browser.get(location).text
            for path in ["/plans/\(plan.id)\"", "/plans/\(plan.id)#node-\(measure.id)", "/activities/\(activity.id)\"", "/projects/\(project.id)\""] {
                #expect(page.contains("href=\"\(path)"), "link \(path)")
            }
            // And the edit form shows them again
            let edit = try await browser.get(location + "/edit").text
            #expect(edit.contains("name=\"plan_ids\"") && edit.contains("value=\"\(plan.id)\""))
        }
    }

    /// Reading a PDF needs Poppler's `pdftotext`: skipped on a machine without it; CI requires it.
    static let readsPDFs = DocumentText.pdftotext != nil || ProcessInfo.processInfo.environment["WPS_TESTS_NEED_PDFTOTEXT"] != nil

    @Test(.enabled(if: readsPDFs, "pdftotext (poppler-utils) is installed"), arguments: TestDatabase.engines)
    func anEditorAddsAnItemATranslationAndAPDFWhoseTextIsFound(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let token = try await WebHarness.token(services, email: "editor@example.org", role: (ministry, .editor))
            // An item and its translation
            let created = try await api(client, .post, "/api/v1/library", token: token, json: """
                {"kind":"curriculum","title":"Đorđevićeva smjernica","summary":"Modul za kadete","language":"bs","country":"BA",
                 "owner_institution_id":\(ministry),"topics":["gender_training"],"published_on":"2024-09-01"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/library/\(id)")
            let english = try await api(client, .post, "/api/v1/library", token: token, json: """
                {"kind":"curriculum","title":"Djordjević's guideline","language":"en","owner_institution_id":\(ministry),"translation_of":\(id)}
                """)
            #expect(english.object["translation_ids"] as? [Int] == [id])
            for q in ["djordjeviceva", "dordeviceva"] {
                #expect(try await api(client, .get, "/api/v1/library?q=\(q)").items.map { $0["id"] as? Int } == [id], "q=\(q)")
            }
            // Unknown fields and topics are refused, naming them
            let refused = try await api(client, .post, "/api/v1/library", token: token, json: """
                {"kind":"policy","title":"X","language":"bs","owner_institution_id":\(ministry),"topics":["no_such_topic"],"colour":"red"}
                """)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorFields == ["colour"])
            let unknownTopic = try await api(client, .post, "/api/v1/library", token: token, json: #"{"kind":"policy","title":"X","language":"bs","owner_institution_id":\#(ministry),"topics":["no_such_topic"],"translation_of":999999}"#)
            #expect(Set(unknownTopic.errorFields) == ["topics[0]", "translation_of"], "\(unknownTopic.text)")
            // A PDF's text is found; a text file renamed .pdf is refused
            let url = try #require(Bundle.module.url(forResource: "cadet-module", withExtension: "pdf", subdirectory: "Fixtures"))
            let pdf = try await apiUpload(client, "/api/v1/library/\(id)/attachments", token: token, file: ("file", "modul.pdf", Array(try Data(contentsOf: url))))
            #expect(pdf.status == .created, "\(pdf.text)")
            let byFile = try await api(client, .get, "/api/v1/library?q=komandovanje")
            #expect(byFile.items.map { $0["id"] as? Int } == [id])
            #expect((byFile.items.first?["snippet"] as? String)?.contains("komandovanja") == true)
            #expect(try await api(client, .get, "/api/v1/library/\(id)").object["attachments"].flatMap { $0 as? [[String: Any]] }?.first?["searchable"] as? Bool == true)
            let fake = try await apiUpload(client, "/api/v1/library/\(id)/attachments", token: token, file: ("file", "pravilnik.pdf", Array("just text".utf8)))
            #expect(fake.status == .unprocessableContent)
            #expect(fake.errorCode != nil)
            #expect(try await api(client, .get, "/api/v1/library/\(id)").object["attachments"].flatMap { $0 as? [[String: Any]] }?.count == 1)
            // Another institution's editor may read a public item but not add to it
            let other = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let stranger = try await WebHarness.token(services, email: "stranger@example.org", role: (other, .editor))
            let forbidden = try await apiUpload(client, "/api/v1/library/\(id)/attachments", token: stranger, file: ("file", "modul.pdf", Array(try Data(contentsOf: url))))
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aSubmittedReviewListsItsGapsByAreaWithTheLibraryItemsThatAddressThem(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .library], logger: WebHarness.quietLogger)
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "mod@example.org", role: (ministry, .editor))
            // The ministry's demo review, submitted
            let reviews = try await api(client, .get, "/api/v1/reviews", token: editor).items
            #expect(reviews.map { $0["status"] as? String } == ["submitted"])
            let review = try #require(reviews.first?["id"] as? Int)
            // Its gaps, in the questionnaire's order, with guidance and library items
            let gaps = try await api(client, .get, "/api/v1/reviews/\(review)/gaps", token: editor).items
            #expect(gaps.map { $0["area"] as? String } == ["reporting_channels", "investigation", "victim_support", "data_monitoring", "policy_review"])
            #expect(gaps.map { $0["answer"] as? String } == ["partly", "no", "partly", "partly", "no"])
            let channels = try #require(gaps.first)
            #expect((channels["guidance"] as? String)?.contains("outside the chain of command") == true)
            let helping = try #require(channels["library_item_ids"] as? [Int])
            #expect(!helping.isEmpty)
            for id in helping {
                let item = try await api(client, .get, "/api/v1/library/\(id)").object
                #expect((item["topics"] as? [String])?.contains("sexual_harassment") == true)
                #expect(["toolkit", "guideline", "good_practice", "curriculum", "policy", "regulation"].contains(item["kind"] as? String ?? ""))
            }
            // Its answers no longer change; its actions do
            let version = try #require(try await api(client, .get, "/api/v1/reviews/\(review)", token: editor).object["version"] as? Int)
            let changed = try await api(client, .patch, "/api/v1/reviews/\(review)", token: editor, json: #"{"version":\#(version),"answers":[{"area":"coverage","answer":"no"}]}"#)
            #expect(changed.status == .conflict)
            #expect(changed.errorCode == "review_submitted")
            // The page shows the gap report with the items
            let page = try await RolePagesTests.signedIn(client, "mod@example.org").get(SiteRoute.policyReview(review).path)
            #expect(page.text.contains("id=\"gaps\""))
            #expect(page.text.contains(SiteRoute.libraryItem(helping[0]).path))
            // Another institution's editor: not its review, but the regional comparison shows both shared ministries
            let other = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let stranger = try await WebHarness.token(services, email: "ars@example.org", role: (other, .editor))
            #expect(try await api(client, .get, "/api/v1/reviews/\(review)", token: stranger).status == .notFound)
            #expect(try await api(client, .get, "/api/v1/reviews/\(review)/gaps", token: stranger).status == .notFound)
            let template = try #require(try await api(client, .get, "/api/v1/review-templates").items.first?["id"] as? Int)
            let comparison = try await api(client, .get, "/api/v1/review-templates/\(template)/comparison", token: stranger).object
            let rows = try #require(comparison["institutions"] as? [[String: Any]])
            #expect(rows.count == 2)
            #expect(rows.contains { ($0["answers"] as? [String: String])?["investigation"] == "no" })
            // A draft cannot be submitted with areas unanswered
            let draft = try await api(client, .post, "/api/v1/reviews", token: stranger, json: #"{"template_id":\#(template),"institution_id":\#(other),"status":"submitted","answers":[{"area":"coverage","answer":"yes"}]}"#)
            #expect(draft.status == .unprocessableContent)
            #expect(draft.errorFields.allSatisfy { $0 == "answers" } && draft.errorFields.count == 9)
        }
    }
}
