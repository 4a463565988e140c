import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

/// Every text the platform stores or echoes is hostile until escaped. These tests put one value
/// into every stored field (institutions, people, networks, members, countries, account names,
/// ranks, imported units, dataset descriptions) and every echoed one (search boxes, filters,
/// query parameters, form values sent back with errors, import reports), visit every page, and
/// compare each page's shape — its tags and attribute names — with the same page built from a
/// harmless value. A value that escaped its text or attribute adds a tag or an attribute.
@Suite struct HostileTextTests {
    static let harmless = "Harmless value 42"

    /// The payloads of the report (stored and reflected), and the usual ways out of a text node,
    /// a double- or single-quoted attribute, a URL and the title; and entities that must stay text.
    static let attacks = [
        "<script>alert(1)</script>\"><img src=x onerror=alert(2)>",
        "\" autofocus onfocus=alert(7) x=\"",
        "\"'><svg onload=alert(3)>",
        "javascript:alert(4)",
        "</title><script>alert(5)</script>",
        "' onmouseover='alert(6)' x='",
        "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;x&#34; &quot;",
    ]

    @Test(arguments: TestDatabase.engines)
    func hostileValuesInEveryFieldShowAsTextOnEveryPage(engine: WPSDatabase.Engine) async throws {
        // Given the pages as they are with a harmless value everywhere
        let baseline = try await Self.visitEveryPage(engine: engine, value: Self.harmless)
        for attack in Self.attacks {
            // When the same fields hold an attack
            let pages = try await Self.visitEveryPage(engine: engine, value: attack)
            // Then every page has the shape it has with the harmless value, and shows the attack as text
            #expect(pages.map(\.label) == baseline.map(\.label))
            for (page, expected) in zip(pages, baseline) {
                let intrusions = HTMLStructure(parsing: page.html).intrusions(comparedWith: HTMLStructure(parsing: expected.html))
                #expect(intrusions.isEmpty, "\(page.label) with \(attack): \(intrusions)")
            }
            let detail = try #require(pages.first { $0.label == "institution" })
            #expect(detail.html.contains(Markup.escape(attack)), "the institution page shows \(attack) as text")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everyNaughtyStringIsTextInANameAndASearchBox(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let token = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            func create(_ name: String) async throws -> (status: HTTPResponse.Status, id: Int?) {
                let body = try Self.json(["name": name, "kind": "cso", "country": "BA", "level": "state", "visibility": "public"])
                let response = try await api(client, .post, "/api/v1/institutions", token: token, json: body)
                return (response.status, response.object["id"] as? Int)
            }
            func shapes(_ id: Int, _ query: String) async throws -> (detail: String, search: String) {
                let detail = try await client.execute(uri: "/institutions/\(id)", method: .get).text
                let search = try await client.execute(uri: "/institutions?country=SE&q=\(Self.queryEncoded(query))", method: .get).text
                return (detail, search)
            }
            // Given the pages of an institution with a harmless name, and a search for it
            let harmless = try #require(try await create(Self.harmless).id)
            let baseline = try await shapes(harmless, Self.harmless)
            let lines = try Self.naughtyStrings()
            #expect(lines.count > 500)
            var shown = 0
            for line in lines {
                // When an editor names an institution with the line, and a reader searches for it
                let name = String(line.prefix(300))
                let (status, id) = try await create(name)
                let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                // Nothing to read (white space, control characters, a byte-order mark): refused as empty
                if !trimmed.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0.properties.generalCategory != .control && $0 != "\u{FEFF}" }) {
                    #expect(status == .unprocessableContent, "\(line.debugDescription) is refused as empty")
                    continue
                }
                let created = try #require(id, "\(line.debugDescription) answered \(status)")
                let pages = try await shapes(created, line)
                // Then both pages have the shape they have for a harmless name
                let detail = HTMLStructure(parsing: pages.detail).intrusions(comparedWith: HTMLStructure(parsing: baseline.detail))
                let search = HTMLStructure(parsing: pages.search).intrusions(comparedWith: HTMLStructure(parsing: baseline.search))
                #expect(detail.isEmpty, "detail page with \(line.debugDescription): \(detail)")
                #expect(search.isEmpty, "search with \(line.debugDescription): \(search)")
                if pages.detail.contains("<h1>" + Markup.escape(trimmed) + "</h1>") { shown += 1 }
            }
            // And the name is shown as typed (escaped, never decoded or re-encoded on the way)
            #expect(shown > lines.count * 9 / 10, "\(shown) of \(lines.count) names shown as typed")
        }
    }

    @Test func theRendererEscapesEveryTextAndAttributeAndDropsUnsafeURLs() {
        let node = Node.div(
            .class("a\"b"), .attribute(named: "data-x", value: "'<>&"),
            .a(.href("javascript:alert(1)"), .text("x")),
            .a(.href(" JaVaScRiPt:alert(1)"), .text("y")),
            .a(.href("https://example.org/?a=1&b=\"2\""), .text("z")),
            .a(.href("/institutions?q=%22"), .text("w")),
            .text("&lt; <b> \u{0}")
        )
        #expect(node.render() == """
            <div class="a&quot;b" data-x="&#39;&lt;&gt;&amp;"><a>x</a><a>y</a>\
            <a href="https://example.org/?a=1&amp;b=&quot;2&quot;">z</a><a href="/institutions?q=%22">w</a>\
            &amp;lt; &lt;b&gt; \u{FFFD}</div>
            """)
        #expect(HTML(.head(.title("t"))).render() == "<!DOCTYPE html><html><head><title>t</title></head></html>")
    }

    @Test(arguments: TestDatabase.engines)
    func everyAnswerCarriesAStrictContentSecurityPolicy(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, _ in
            for uri in ["/", "/institutions", "/no/such/page", "/api/v1/countries", "/static/style.css", "/login", "/datasets/import"] {
                let response = try await client.execute(uri: uri, method: .get)
                let policy = try response.headers[#require(HTTPField.Name("Content-Security-Policy"))]
                #expect(policy == "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'", "\(uri)")
                #expect(!response.text.contains("<!DOCTYPE html><!DOCTYPE html>"), "\(uri)")
                #expect(!response.text.contains(" style=\"") && !response.text.contains("<style") && !response.text.contains("<script"), "\(uri)")
            }
        }
    }

    // MARK: - The scenario

    struct Visited {
        var label: String
        var html: String
    }

    /// Builds the demo, puts `value` into every field a user can fill, and returns every page
    /// route's HTML (and the pages that echo a query or a refused form) in a fixed order.
    static func visitEveryPage(engine: WPSDatabase.Engine, value v: String) async throws -> [Visited] {
        let collected = Collected()
        try await WebHarness.with(engine) { client, services in
            // An admin whose name is the value, signed in through the form
            _ = try await AccountService(services: services).addUser(
                email: "admin@example.org", name: v, password: PagesTests.password, platformAdmin: true, institution: nil, by: .system("test"))
            let token = try await AccountService(services: services).createToken(email: "admin@example.org", label: v, by: .system("test"))
            let admin = try await RolePagesTests.signedIn(client, "admin@example.org")
            func post(_ path: String, _ object: [String: Any]) async throws -> [String: Any] {
                let response = try await api(client, .post, path, token: token, json: try json(object))
                #expect(response.status == .created, "\(path): \(response.text)")
                return response.object
            }
            // Records of every kind, each text field holding the value
            _ = try await post("/api/v1/countries", ["code": "QQ", "name_en": v, "name_local": v])
            let website = "https://example.org/" + queryEncoded(v)
            let institution = try #require(try await post("/api/v1/institutions", [
                "name": v, "name_en": v, "acronym": String(v.prefix(30)), "kind": "cso", "country": "BA", "level": "state",
                "website": website, "visibility": "public",
            ])["id"] as? Int)
            let person = try #require(try await post("/api/v1/people", [
                "given_name": String(v.prefix(100)), "family_name": String(v.prefix(100)), "sex": "female",
                "email": v.filter { !$0.isWhitespace && $0 != "@" } + "@example.org", "phone": String(v.prefix(40)),
                "owner_institution_id": institution, "visibility": "public",
                "positions": [["institution_id": institution, "title": v]],
            ])["id"] as? Int)
            let network = try #require(try await post("/api/v1/networks", [
                "name": v, "name_en": v, "description": v + "\n\n" + v, "owner_institution_id": institution, "visibility": "public",
            ])["id"] as? Int)
            // A plan whose every text is the value, with a goal, an objective, a measure and indicators
            let plan = try #require(try await post("/api/v1/plans", [
                "kind": "nap", "country": "BA", "level": "state", "title": String(v.prefix(500)), "title_en": String(v.prefix(500)),
                "adopting_act": String(v.prefix(500)), "period_start": 2018, "period_end": 2022, "coordinator_id": institution,
                "coordinating_body_id": network, "visibility": "public",
            ])["id"] as? Int)
            let goal = try #require(try await post("/api/v1/plans/\(plan)/nodes", [
                "kind": "goal", "code": "1", "title": String(v.prefix(1000)), "title_en": String(v.prefix(1000)), "pillar": "participation",
            ])["id"] as? Int)
            let objective = try #require(try await post("/api/v1/plans/\(plan)/nodes", [
                "kind": "objective", "parent_id": goal, "code": "1.1", "title": String(v.prefix(1000)),
            ])["id"] as? Int)
            let measure = try #require(try await post("/api/v1/plans/\(plan)/nodes", [
                "kind": "measure", "parent_id": objective, "code": "1.1.1", "title": String(v.prefix(1000)), "lead_ids": [institution],
                "budget": ["amount": 1000, "currency": "EUR", "source": String(v.prefix(300))], "status": "delayed",
            ])["id"] as? Int)
            var indicatorIds: [Int] = []
            for node in [goal, measure] {
                indicatorIds.append(try #require(try await post("/api/v1/plan-nodes/\(node)/indicators", [
                    "code": String(v.prefix(30)), "definition": String(v.prefix(2000)), "unit": "percent", "source": String(v.prefix(1000)),
                    "baseline": ["value": 6.8, "year": 2017], "target": ["value": 10, "year": 2022], "disaggregation": "sex",
                ])["id"] as? Int))
            }
            // A period named with the value, and a report whose every text is the value, returned with it as comment
            let period = try #require(try await post("/api/v1/plans/\(plan)/periods", [
                "name": String(v.prefix(200)), "start": "2019-01-01", "end": "2019-12-31", "due": "2020-03-31",
            ])["id"] as? Int)
            let progressReport = try #require(try await post("/api/v1/periods/\(period)/reports", ["institution_id": institution])["id"] as? Int)
            let reportBody: [String: Any] = [
                "version": 1, "narrative": v + "\n" + v,
                "measures": [["node_id": measure, "status": "delayed", "narrative": v]],
                "values": indicatorIds.map { ["indicator_id": $0, "value": 7.5, "female": 8, "note": v, "source": String(v.prefix(1000))] as [String: Any] },
            ]
            let written = try await api(client, .patch, "/api/v1/reports/\(progressReport)", token: token, json: try json(reportBody))
            #expect(written.status == .ok, "\(written.text)")
            // An evaluation and a recommendation whose texts are the value, answered with it
            let evaluation = try #require(try await post("/api/v1/plans/\(plan)/evaluations", [
                "kind": "final", "evaluator": String(v.prefix(500)), "findings": v + "\n" + v,
            ])["id"] as? Int)
            let recommendation = try #require(try await post("/api/v1/evaluations/\(evaluation)/recommendations", [
                "text": v, "priority": "high", "addressed_to_ids": [institution],
            ])["id"] as? Int)
            // An open consultation whose texts are the value, with a proposal answered with it
            let today = ConsultationRoute.today
            let consultation = try #require(try await post("/api/v1/plans/\(plan)/consultations", [
                "title": String(v.prefix(500)), "description": v, "opens_on": today.adding(days: -1).description, "closes_on": today.adding(days: 9).description,
            ])["id"] as? Int)
            let proposal = try #require(try await post("/api/v1/consultations/\(consultation)/proposals", [
                "institution_id": institution, "section": String(v.prefix(300)), "text": v,
            ])["id"] as? Int)
            let proposalAnswer = try await api(client, .patch, "/api/v1/proposals/\(proposal)", token: token,
                                               json: try json(["version": 1, "status": "rejected", "reason": v, "group": String(v.prefix(200))]))
            #expect(proposalAnswer.status == .ok, "\(proposalAnswer.text)")
            let answered = try await api(client, .patch, "/api/v1/recommendations/\(recommendation)", token: token,
                                         json: try json(["version": 1, "status": "partially_accepted", "response": v]))
            #expect(answered.status == .ok, "\(answered.text)")
            // Files whose names are the value, on the report and the evaluation
            for owner in ["reports/\(progressReport)", "evaluations/\(evaluation)"] {
                let attached = try await api(client, .post, "/api/v1/\(owner)/attachments?filename=\(Self.queryEncoded(String(v.prefix(200))))", token: token,
                                             json: "%PDF-1.4 hostile")
                #expect(attached.status == .created, "\(owner): \(attached.text)")
            }
            for step in ["submit", "return"] {
                let moved = try await api(client, .post, "/api/v1/reports/\(progressReport)/\(step)", token: token, json: try json(["comment": String(v.prefix(5000))]))
                #expect(moved.status == .ok, "\(step): \(moved.text)")
            }
            // An activity whose every text is the value, serving the measure, reviewing the report, with people and counts
            let activity = try #require(try await post("/api/v1/activities", [
                "kind": "training_of_trainers", "title": String(v.prefix(500)), "title_en": String(v.prefix(500)), "start": "2023-04-25",
                "end": "2023-04-28", "city": String(v.prefix(200)), "country": "RS", "owner_id": institution, "network_id": network,
                "measure_ids": [measure], "reviewed_report_ids": [progressReport], "trainer_ids": [person], "agenda": v + "\n" + v,
                "outputs": v, "visibility": "public",
            ])["id"] as? Int)
            _ = try await post("/api/v1/activities/\(activity)/participants", ["person_id": person, "institution_id": institution])
            _ = try await post("/api/v1/activities/\(activity)/participants", ["female": 3, "male": 1, "total": 5, "institution_kind": "police"])
            // A project whose every text is the value, with the activity in it
            let project = try #require(try await post("/api/v1/projects", [
                "title": String(v.prefix(500)), "title_en": String(v.prefix(500)), "description": v + "\n" + v, "start": "2023-01-01",
                "owner_id": institution, "countries": ["RS"], "implementer_ids": [institution], "donors": [["institution_id": institution, "amount": 1000, "currency": "EUR"]],
                "measure_ids": [measure], "visibility": "public",
            ])["id"] as? Int)
            let moved = try await api(client, .patch, "/api/v1/activities/\(activity)", token: token, json: try json(["version": 3, "project_id": project]))
            #expect(moved.status == .ok, "\(moved.text)")
            // A library item whose every text is the value, linked to all of the above, and its translation
            let libraryItem = try #require(try await post("/api/v1/library", [
                "kind": "policy", "title": String(v.prefix(500)), "summary": String(v.prefix(5000)), "body": v + "\n\n" + v, "language": "sr-Cyrl",
                "country": "RS", "owner_institution_id": institution, "institution_ids": [institution], "topics": ["sexual_harassment"],
                "plan_ids": [plan], "measure_ids": [measure], "activity_ids": [activity], "project_ids": [project], "visibility": "public",
            ])["id"] as? Int)
            _ = try await post("/api/v1/library", [
                "kind": "guideline", "title": String(v.prefix(500)), "language": "en", "owner_institution_id": institution, "translation_of": libraryItem,
                "topics": ["sexual_harassment"],
            ])
            // A questionnaire whose every text is the value, and a submitted, shared review of it with the item as evidence
            let template = try #require(try await post("/api/v1/review-templates", [
                "code": "hostile", "title": String(v.prefix(500)), "areas": [
                    ["code": "a", "title": String(v.prefix(300)), "question": String(v.prefix(2000)), "guidance": v, "topics": ["sexual_harassment"]],
                    ["code": "b", "title": String(v.prefix(300)), "question": String(v.prefix(2000))],
                ],
            ])["id"] as? Int)
            let policyReview = try #require(try await post("/api/v1/reviews", [
                "template_id": template, "institution_id": institution, "status": "submitted", "shared": true, "answers": [
                    ["area": "a", "answer": "no", "comment": v, "action": String(v.prefix(2000)), "evidence_item_ids": [libraryItem]],
                    ["area": "b", "answer": "yes", "comment": v],
                ],
            ])["id"] as? Int)
            // Expertise: the admin is the person's account; her profile, a request, a mission, a cohort and a session hold the value
            let adminUser = try #require(try await services.accounts.credentials(email: "admin@example.org")?.user)
            try await services.expertise.link(userId: adminUser.id, personId: person, by: .system("test"))
            let coachee = try #require(try await post("/api/v1/people", [
                "given_name": String(v.prefix(100)), "family_name": "Coachee", "sex": "male", "owner_institution_id": institution, "visibility": "public",
            ])["id"] as? Int)
            let expert = try #require(try await post("/api/v1/experts", [
                "person_id": person, "areas": ["gender_training", "gender_coaching"], "languages": [["code": "en", "level": "C1"]], "countries_worked": ["RS"],
                "certifications": [["title": String(v.prefix(300)), "issuer": String(v.prefix(300)), "year": 2015]],
                "biography": [["language": "en", "text": String(v.prefix(5000))]],
                "availability": [["from": "2030-01-01", "to": "2030-01-31", "available": false]], "listed": true,
            ])["id"] as? Int)
            let expertiseRequest = try #require(try await post("/api/v1/expertise-requests", [
                "title": String(v.prefix(300)), "institution_id": institution, "areas": ["gender_training"], "languages": ["en"], "country": "RS",
                "city": String(v.prefix(200)), "start": "2024-05-06", "end": "2024-05-07", "audience": String(v.prefix(1000)), "description": v,
            ])["id"] as? Int)
            let assignment = try #require(try await post("/api/v1/expertise-requests/\(expertiseRequest)/assignments", ["expert_id": expert])["id"] as? Int)
            for (step, body) in [("accept", "{}"), ("report", try json(["report": v])), ("feedback", try json(["score": 4, "text": v]))] {
                let answered = try await api(client, .post, "/api/v1/assignments/\(assignment)/\(step)", token: token, json: body)
                #expect(answered.status == .ok, "\(step): \(answered.text)")
            }
            _ = try await post("/api/v1/expertise-requests", [
                "title": String(v.prefix(300)), "institution_id": institution, "areas": ["gender_training"], "languages": ["en"],
                "start": "2031-05-06", "end": "2031-05-07",
            ])
            let cohort = try #require(try await post("/api/v1/coaching/cohorts", [
                "title": String(v.prefix(300)), "programme": String(v.prefix(300)), "start": "2026-01-01", "end": "2026-12-31", "institution_id": institution,
            ])["id"] as? Int)
            let pairing = try #require(try await post("/api/v1/coaching/cohorts/\(cohort)/pairings", ["coach_expert_id": expert, "coachee_person_id": coachee])["id"] as? Int)
            _ = try await post("/api/v1/coaching/pairings/\(pairing)/sessions", [
                "date": "2026-02-10", "minutes": 60, "mode": "remote", "topics": ["leadership"], "notes": v,
            ])
            _ = try await post("/api/v1/networks/\(network)/members", ["institution_id": institution, "role": "chair"])
            _ = try await post("/api/v1/networks/\(network)/members", ["person_id": person, "role": "member"])
            // A colleague with the value as name holds a role; a rank is named with the value
            _ = try await AccountService(services: services).addUser(
                email: "analyst@example.org", name: v, password: PagesTests.password, platformAdmin: false,
                institution: (institution, .analyst), by: .system("test"))
            let rank = try await admin.post("/ranks", [
                ("country", "BA"), ("national_rank", v), ("nato_code", "OF-1"), ("category", "officer"), ("confidence", "official"),
            ])
            #expect(rank.status == .ok)
            collected.add("rank saved", rank.text)
            // A personnel file whose unit is the value, imported with the value as series, source and definition
            let fields = [("institution_id", String(institution)), ("reference_date", "2024-12-31"), ("series", v), ("source", v),
                          ("definition", v), ("visibility", "public"), ("mapping", "default"), ("sheet", "")]
            let imported = try await admin.upload("/datasets/import", fields, file: ("file", "file.csv", personnelFile(unit: v, rank: "kapetan")))
            #expect(imported.status == .seeOther, "\(imported.text)")
            let dataset = try #require(Int(imported.headers[.location]?.split(separator: "/").last ?? ""))
            // A file with a rank the table does not know: its report asks what it means
            let report = try await admin.upload(
                "/datasets/import", fields, file: ("file", "file2.csv", personnelFile(unit: "Štab", rank: v + " II")))
            #expect(report.status == .unprocessableContent)
            collected.add("import report", report.text)

            let q = queryEncoded(v)
            var visited: Set<String> = []
            func visit(_ route: SiteRoute, query: String = "", as browser: Browser? = nil, label: String? = nil) async throws {
                visited.insert(Self.caseName(route))
                let response = try await (browser ?? admin).get(route.path + query)
                switch Self.kind(of: route) {
                case .page:
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(route.path + query)")
                    collected.add(label ?? Self.caseName(route) + query.prefix(1), response.text)
                case .redirect:
                    let location = response.headers[.location] ?? ""
                    #expect(location.hasPrefix("/") && !location.hasPrefix("//"), "\(route.path + query) goes to \(location)")
                case .download, .resource:
                    // /metrics answers 404 where no metrics system was set up, as in these tests
                    #expect(response.status == .ok || route.path == SiteRoute.metrics.path, "\(route.path + query)")
                case .post:
                    // A form target: the page that shows the form is visited; what it echoes is posted below
                    break
                }
            }
            try await visit(.home)
            try await visit(.countries)
            try await visit(.institutions, query: "?q=\(q)&country=\(q)&kind=\(q)&level=\(q)", label: "institutions filtered")
            try await visit(.institutions, query: "?q=\(q)", label: "institutions search")
            try await visit(.institution(institution), label: "institution")
            try await visit(.institution(institution), as: Browser(client), label: "institution, anonymous")
            try await visit(.newInstitution)
            try await visit(.editInstitution(institution))
            try await visit(.deleteInstitution(institution))
            try await visit(.restoreInstitution(institution))
            try await visit(.institutionRoles(institution))
            try await visit(.people, query: "?q=\(q)&sex=\(q)")
            try await visit(.person(person))
            try await visit(.newPerson)
            try await visit(.editPerson(person))
            try await visit(.deletePerson(person))
            try await visit(.restorePerson(person))
            try await visit(.networks, query: "?q=\(q)&kind=\(q)")
            try await visit(.network(network))
            try await visit(.newNetwork)
            try await visit(.editNetwork(network))
            try await visit(.deleteNetwork(network))
            try await visit(.restoreNetwork(network))
            try await visit(.networkMembers(network))
            try await visit(.removeMember(network: network, member: 1))
            try await visit(.datasets)
            try await visit(.dataset(dataset), query: "?rows=unit&columns=sex", label: "dataset by unit")
            try await visit(.dataset(dataset), query: "?rows=unit&columns=age_band&bands=\(q)", label: "dataset, bad bands")
            try await visit(.dataset(dataset), query: "?rows=\(q)&columns=sex", label: "dataset, bad rows")
            try await visit(.natoReport, query: "?country=BA&year=2024", label: "NATO report (the institution's name as its source)")
            try await visit(.natoReport, query: "?country=\(q)&year=\(q)", label: "NATO report, bad country and year")
            try await visit(.natoReportXLSX, query: "?country=BA&year=2024")
            try await visit(.deleteDataset(dataset))
            try await visit(.datasetCSV(dataset), query: "?rows=unit&columns=sex")
            try await visit(.datasetXLSX(dataset), query: "?rows=unit&columns=sex")
            // Downloads hold the unit as the text it is: the workbook opens, and its cell is the value
            let workbook = try await admin.get(SiteRoute.datasetXLSX(dataset).path + "?rows=unit&columns=sex")
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(buffer: workbook.body).write(to: URL(fileURLWithPath: path))
            let sheet = try XLSXWorkbook(path: path).sheet()
            #expect(sheet.rows.contains { $0.cells.first == v }, "the workbook names the unit \(v)")
            let csv = try await admin.get(SiteRoute.datasetCSV(dataset).path + "?rows=unit&columns=sex").text
            #expect(csv.contains(v.contains(",") || v.contains("\"") ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v))
            try await visit(.indicatorsXLSX(dataset))
            try await visit(.plans, query: "?q=\(q)&country=\(q)&status=\(q)", label: "plans filtered")
            try await visit(.plans, query: "?q=\(q)", label: "plans search")
            try await visit(.plan(plan), label: "plan")
            try await visit(.plan(plan), as: Browser(client), label: "plan, anonymous")
            try await visit(.planPeriods(plan))
            try await visit(.importPlan(plan))
            try await visit(.consultationProposals(consultation))
            try await visit(.endorseProposal(proposal))
            try await visit(.consultationCSV(consultation))
            try await visit(.consultationXLSX(consultation))
            try await visit(.planReport(plan), query: "?period=\(period)", label: "annual report")
            try await visit(.planReport(plan), query: "?period=\(q)", label: "annual report, bad period")
            try await visit(.lockPeriod(period))
            try await visit(.periodReports(period))
            try await visit(.report(progressReport), label: "report")
            try await visit(.editReport(progressReport), label: "report editor")
            try await visit(.reportStep(progressReport))
            try await visit(.report(progressReport), query: "?file_error=\(q)", label: "report, file error")
            try await visit(.report(progressReport), query: "?file_error=unsupported_type", label: "report, refused file")
            try await visit(.reportAttachments(progressReport))
            try await visit(.evaluationAttachments(evaluation))
            try await visit(.deleteAttachment(1))
            try await visit(.reviewQueue, label: "review queue")
            try await visit(.recommendations, query: "?plan=\(q)&status=\(q)&page=\(q)", label: "register filtered")
            try await visit(.recommendations, query: "?plan=\(plan)", label: "register")
            try await visit(.recommendations, as: Browser(client), label: "register, anonymous")
            try await visit(.answerRecommendation(recommendation))
            try await visit(.answerProposal(proposal))
            try await visit(.planEvaluations(plan))
            try await visit(.newPlan)
            try await visit(.editPlan(plan), label: "plan form")
            try await visit(.evaluationRecommendations(evaluation))
            try await visit(.planConsultations(plan))
            try await visit(.activities, query: "?q=\(q)&country=\(q)&kind=\(q)", label: "activities filtered")
            try await visit(.activities, query: "?q=\(q)&year=2023", label: "activities search")
            try await visit(.activity(activity), label: "activity")
            try await visit(.activity(activity), as: Browser(client), label: "activity, anonymous")
            try await visit(.newActivity)
            try await visit(.editActivity(activity))
            try await visit(.deleteActivity(activity))
            try await visit(.activityParticipants(activity))
            try await visit(.removeParticipant(1))
            try await visit(.activitiesCalendar)
            try await visit(.activityAttendance(activity))
            try await visit(.activityAttachments(activity))
            try await visit(.projects, query: "?q=\(q)&country=\(q)&status=\(q)", label: "projects filtered")
            try await visit(.project(project), label: "project")
            // Found by filters (a snippet of the value); words of the value would mark different words for each value
            try await visit(.library, query: "?language=sr-Cyrl&topic=sexual_harassment", label: "library found")
            try await visit(.library, query: "?q=\(queryEncoded(String(v.prefix(40))) + "zzzq")", label: "library searched in vain")
            try await visit(.libraryItem(libraryItem), label: "library item")
            try await visit(.newLibraryItem, query: "?translation_of=\(libraryItem)")
            try await visit(.editLibraryItem(libraryItem))
            try await visit(.libraryAttachments(libraryItem))
            try await visit(.policyReviews, label: "policy reviews")
            try await visit(.policyReview(policyReview), label: "policy review with its gaps")
            try await visit(.reviewComparison(template), label: "regional comparison")
            try await visit(.reach, query: "?by=institution_kind&year=2023", label: "reach")
            try await visit(.reach, query: "?by=country", label: "reach by country")
            try await visit(.reachCSV, query: "?by=kind")
            try await visit(.reachXLSX, query: "?by=kind")
            try await visit(.experts, query: "?area=\(q)&language=en&country=\(q)", label: "roster filtered")
            try await visit(.experts, label: "roster")
            try await visit(.expert(expert), label: "expert")
            try await visit(.newExpert, query: "?person=\(coachee)")
            try await visit(.editExpert(expert))
            try await visit(.expertExport(expert))
            try await visit(.expertiseRequests, label: "request queue")
            try await visit(.expertiseRequest(expertiseRequest), label: "request")
            try await visit(.requestStatus(expertiseRequest))
            try await visit(.proposeExpert(expertiseRequest))
            try await visit(.answerAssignment(assignment))
            try await visit(.requestExpertise, as: Browser(client), label: "public request form")
            try await visit(.coaching, label: "coaching")
            try await visit(.cohort(cohort), label: "cohort")
            try await visit(.pairing(pairing), label: "pairing")
            try await visit(.linkAccount(person))
            try await visit(.plan(plan), query: "?proposal=\(proposal)&answer_error=\(q)", label: "plan, proposal answer error")
            try await visit(.importDataset)
            try await visit(.confirmImport)
            try await visit(.ranks, query: "?country=BA")
            try await visit(.compareDatasets, query: "?country=\(q)&year=\(q)")
            try await visit(.compareXLSX)
            try await visit(.login(next: v), as: Browser(client))
            try await visit(.logout)
            try await visit(.language(.bs, next: v))
            try await visit(.stylesheet)
            try await visit(.health)
            try await visit(.metrics)
            let missing = Self.everyRoute.map(Self.caseName).filter { !visited.contains($0) }
            #expect(missing.isEmpty, "routes the attack did not visit: \(missing)")

            // Forms that send back what was typed, with an error beside it
            collected.add("institution form echo", try await admin.post(SiteRoute.institutions.path, [
                ("name", v), ("name_en", v), ("acronym", String(v.prefix(30))), ("kind", "cso"), ("country", "BA"), ("level", v),
                ("website", "not a web address " + v), ("visibility", "public"),
            ]).text)
            collected.add("person form echo", try await admin.post(SiteRoute.people.path, [
                ("given_name", String(v.prefix(100))), ("family_name", ""), ("sex", "female"), ("email", v), ("phone", String(v.prefix(40))),
                ("languages", v), ("visibility", "public"),
            ]).text)
            collected.add("network form echo", try await admin.post(SiteRoute.networks.path, [
                ("name", ""), ("name_en", v), ("description", v), ("kind", "network"), ("visibility", "public"),
            ]).text)
            let matrix = "code;title;lead;indicator;unit\r\n\"\(v.replacingOccurrences(of: "\"", with: "\"\""))\";x;\"\(v.replacingOccurrences(of: "\"", with: "\"\""))\";y;\"\(v.replacingOccurrences(of: "\"", with: "\"\""))\"\r\n"
            let matrixReport = try await admin.upload(SiteRoute.importPlan(plan).path, [("sheet", "")], file: ("file", v + ".csv", Array(matrix.utf8)))
            #expect(matrixReport.status == .unprocessableContent, "\(matrixReport.text.prefix(300))")
            collected.add("plan import echo", matrixReport.text)
            collected.add("proposal form echo", try await admin.post(SiteRoute.consultationProposals(consultation).path, [
                ("c\(consultation)-institution_id", String(institution)), ("c\(consultation)-section", ""), ("c\(consultation)-text", v),
            ]).text)
            collected.add("period form echo", try await admin.post(SiteRoute.planPeriods(plan).path, [
                ("name", v), ("start", v), ("end", "2019-12-31"), ("due", ""),
            ]).text)
            var editorForm = [("version", "99"), ("narrative", v), ("m\(measure).status", "completed"), ("m\(measure).narrative", v)]
            for id in indicatorIds { editorForm += [("v\(id).value", v), ("v\(id).female", "101"), ("v\(id).note", v), ("v\(id).source", v)] }
            collected.add("report editor echo", try await admin.post(SiteRoute.editReport(progressReport).path, editorForm).text)
            collected.add("report step echo", try await admin.post(SiteRoute.reportStep(progressReport).path, [("step", "submit"), ("comment-submit", v + String(repeating: "x", count: 5001))]).text)
            collected.add("register answer echo", try await admin.post(SiteRoute.answerRecommendation(recommendation).path, [
                ("version", "2"), ("status", "carried_into"), ("response", v + String(repeating: "x", count: 10_001)), ("carried_into_node_id", v),
            ]).text)
            collected.add("plan form echo", try await admin.post(SiteRoute.plans.path, [
                ("kind", "nap"), ("place", ""), ("title", v), ("title_en", v), ("period_start", v), ("period_end", "2020"), ("status", "draft"),
                ("adopting_act", v), ("adopted_on", v), ("coordinator_id", String(institution)), ("visibility", "public")]).text)
            collected.add("evaluation form echo", try await admin.post(SiteRoute.planEvaluations(plan).path, [
                ("evaluation-kind", v), ("evaluation-evaluator", v), ("evaluation-date", v), ("evaluation-findings", v)]).text)
            collected.add("recommendation form echo", try await admin.post(SiteRoute.evaluationRecommendations(evaluation).path, [
                ("e\(evaluation)-text", v), ("e\(evaluation)-priority", v), ("e\(evaluation)-addressed_to", v)]).text)
            collected.add("activity form echo", try await admin.post(SiteRoute.activities.path, [
                ("kind", v), ("title", v), ("title_en", v), ("start", v), ("end", "2023-01-01"), ("city", v), ("country", v), ("owner_id", v),
                ("organiser_ids", v), ("agenda", v), ("outputs", v), ("visibility", "public")]).text)
            let signIn = "Ime i prezime;Spol;Institucija\r\n\"\(v.replacingOccurrences(of: "\"", with: "\"\""))\";\"\(v.replacingOccurrences(of: "\"", with: "\"\""))\";x\r\n"
            collected.add("attendance report", try await admin.upload(SiteRoute.activityAttendance(activity).path, [("sheet", "")],
                                                                      file: ("file", v + ".csv", Array(signIn.utf8))).text)
            collected.add("participant form echo", try await admin.post(SiteRoute.activityParticipants(activity).path, [
                ("person_id", v), ("female", v), ("total", "3"), ("institution_kind", v)]).text)
            collected.add("consultation form echo", try await admin.post(SiteRoute.planConsultations(plan).path, [
                ("consultation-title", v), ("consultation-opens_on", v), ("consultation-closes_on", "2024-01-01"), ("consultation-description", v)]).text)
            collected.add("member form echo", try await admin.post(SiteRoute.networkMembers(network).path, [("member", v), ("role", v)]).text)
            collected.add("roles form echo", try await admin.post(SiteRoute.institutionRoles(institution).path, [("email", v), ("role", "member")]).text)
            collected.add("rank form echo", try await admin.post(SiteRoute.ranks.path, [("country", v), ("national_rank", v), ("nato_code", v)]).text)
            let stranger = Browser(client)
            _ = try await stranger.get("/login")
            collected.add("sign-in echo", try await stranger.post(SiteRoute.login(next: nil).path, [("email", v), ("password", v), ("next", v)]).text)
            collected.add("not found", try await admin.get("/institutions/\(institution)/" + q).text)
            let apiError = try await admin.get("/api/v1/institutions?page=" + q)
            #expect(apiError.status == .unprocessableContent)
            #expect(apiError.headers[.contentType]?.hasPrefix("application/json") == true)
        }
        return collected.pages
    }

    /// How a route is checked: its page parsed, its redirect kept on this site, its file served.
    enum RouteKind { case page, redirect, download, resource, post }

    /// Every page route is named here; a new one does not compile until it says how it is checked.
    static func kind(of route: SiteRoute) -> RouteKind {
        switch route {
        case .home, .countries, .institutions, .institution, .newInstitution, .editInstitution, .institutionRoles,
            .people, .person, .newPerson, .editPerson, .networks, .network, .newNetwork, .editNetwork,
            .datasets, .importDataset, .ranks, .compareDatasets, .dataset, .login, .plans, .plan, .report, .editReport, .planReport, .importPlan,
            .reviewQueue, .recommendations, .newPlan, .editPlan, .activities, .activity, .newActivity, .editActivity, .projects, .project, .reach,
            .experts, .expert, .newExpert, .editExpert, .expertiseRequests, .expertiseRequest, .requestExpertise, .coaching, .cohort, .pairing,
            .library, .libraryItem, .newLibraryItem, .editLibraryItem, .policyReviews, .policyReview, .reviewComparison, .natoReport:
            .page
        case .language: .redirect
        case .datasetCSV, .datasetXLSX, .indicatorsXLSX, .compareXLSX, .natoReportXLSX, .consultationCSV, .consultationXLSX, .activitiesCalendar, .reachCSV, .reachXLSX, .expertExport: .download
        case .stylesheet, .health, .metrics: .resource
        case .deleteInstitution, .restoreInstitution, .deletePerson, .restorePerson, .deleteNetwork, .restoreNetwork,
            .networkMembers, .removeMember, .confirmImport, .logout, .deleteDataset, .planPeriods, .lockPeriod, .periodReports, .reportStep,
            .consultationProposals, .endorseProposal, .reportAttachments, .evaluationAttachments, .deleteAttachment, .answerRecommendation, .answerProposal,
            .planEvaluations, .evaluationRecommendations, .planConsultations, .deleteActivity, .activityParticipants, .removeParticipant, .activityAttendance, .activityAttachments,
            .requestStatus, .proposeExpert, .answerAssignment, .linkAccount, .libraryAttachments:
            .post
        }
    }

    /// One of each route, so the test can tell which it did not visit.
    static let everyRoute: [SiteRoute] = [
        .home, .countries, .institutions, .institution(1), .newInstitution, .editInstitution(1), .deleteInstitution(1),
        .restoreInstitution(1), .institutionRoles(1), .people, .person(1), .newPerson, .editPerson(1), .deletePerson(1),
        .restorePerson(1), .networks, .network(1), .newNetwork, .editNetwork(1), .deleteNetwork(1), .restoreNetwork(1),
        .networkMembers(1), .removeMember(network: 1, member: 1), .datasets, .importDataset, .confirmImport, .ranks,
        .compareDatasets, .compareXLSX, .natoReport, .natoReportXLSX, .indicatorsXLSX(1), .dataset(1), .deleteDataset(1), .datasetCSV(1), .datasetXLSX(1), .plans, .plan(1),
        .planPeriods(1), .planReport(1), .importPlan(1), .consultationProposals(1), .consultationCSV(1), .consultationXLSX(1), .endorseProposal(1), .lockPeriod(1), .periodReports(1), .report(1), .editReport(1), .reportStep(1),
        .reportAttachments(1), .evaluationAttachments(1), .deleteAttachment(1), .reviewQueue, .recommendations, .answerRecommendation(1), .answerProposal(1),
        .planEvaluations(1), .evaluationRecommendations(1), .planConsultations(1), .newPlan, .editPlan(1), .login(next: nil),
        .logout, .language(.en, next: "/"), .stylesheet, .health, .metrics, .activities, .activity(1), .newActivity, .editActivity(1),
        .deleteActivity(1), .activityParticipants(1), .removeParticipant(1), .activitiesCalendar, .activityAttendance(1), .activityAttachments(1), .projects, .project(1), .reach, .reachCSV, .reachXLSX,
        .experts, .expert(1), .newExpert, .editExpert(1), .expertExport(1), .expertiseRequests, .expertiseRequest(1), .requestStatus(1), .proposeExpert(1),
        .answerAssignment(1), .requestExpertise, .coaching, .cohort(1), .pairing(1), .linkAccount(1),
        .library, .libraryItem(1), .newLibraryItem, .editLibraryItem(1), .libraryAttachments(1), .policyReviews, .policyReview(1), .reviewComparison(1),
    ]

    static func caseName(_ route: SiteRoute) -> String {
        String(String(describing: route).prefix { $0 != "(" })
    }

    // MARK: - Helpers

    final class Collected: @unchecked Sendable {
        var pages: [Visited] = []
        func add(_ label: String, _ html: String) { pages.append(Visited(label: label, html: html)) }
    }

    /// A Windows-1250, ;-separated personnel file of five people in one unit, all of one rank.
    static func personnelFile(unit: String, rank: String) -> [UInt8] {
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = "Spol;Čin;Jedinica;Godina rođenja\r\n"
        for (sex, year) in [("Ž", 1990), ("M", 1985), ("M", 1979), ("Ž", 1994), ("M", 1988)] {
            text += "\(sex);\(field(rank));\(field(unit));\(year)\r\n"
        }
        return Array(text.utf8)
    }

    static func naughtyStrings() throws -> [String] {
        let url = try #require(Bundle.module.url(forResource: "blns", withExtension: "txt", subdirectory: "Fixtures/naughty-strings"))
        return try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

@Suite struct HTTPCorrectnessTests {
    @Test(arguments: TestDatabase.engines)
    func headAnswersLikeGetWithoutABody(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, _ in
            for uri in ["/", "/healthz", "/api/v1/countries", "/institutions/1", "/static/style.css"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri)")
            }
            #expect(try await client.execute(uri: "/no/such/page", method: .head).status == .notFound)
            // A method the API does not take on an address it has is 405 with what it takes
            let trace = try await client.execute(uri: "/api/v1/ranks?country=BA", method: .trace)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, HEAD")
            #expect(trace.text.contains("\"code\":\"method_not_allowed\""))
            let put = try await client.execute(uri: "/api/v1/institutions/1", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(Set((put.headers[.allow] ?? "").components(separatedBy: ", ")) == ["GET", "HEAD", "PATCH", "DELETE"])
            #expect(try await client.execute(uri: "/api/v1/no-such-thing", method: .put).status == .notFound)
            // Pages too, with a page in the reader's language
            var headers = HTTPFields()
            headers[.acceptLanguage] = "bs"
            let page = try await client.execute(uri: "/institutions/1/edit", method: .delete, headers: headers)
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "GET, POST, HEAD")
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Ova adresa prima samo"))
            #expect(try await client.execute(uri: "/institutions/new", method: .post).status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/logout", method: .get).headers[.allow] == "POST")
        }
    }

    @Test func aCancelledQueryAnswers503WithItsCode() {
        let meaning = ErrorMeaning.of(QueryTimeout(), catalog: Catalog.of(.en), routeMatched: true)
        #expect(meaning.status == .serviceUnavailable)
        #expect(meaning.code == "query_timeout")
        #expect(meaning.message.contains("smaller table"))
        #expect(meaning.reference == nil)
    }
}
