import Foundation
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Expertise sharing as its users meet it in the browser.
@Suite struct ExpertisePagesTests {
    /// The demo's directory, plans, activities and roster, and the secretariat (an editor of
    /// the Ministry of Defence) signed in: the ministry's id and her browser.
    static func expertiseDemo(_ client: any TestClientProtocol, _ services: AppServices) async throws -> (Int, Browser) {
        _ = try await Seeder.loadDemo(services.database, sections: [.directory, .plans, .activities, .expertise], logger: WebHarness.quietLogger,
            sealer: services.sealer)
        let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
        _ = try await WebHarness.token(services, email: "secretariat@example.org", role: (ministry, .editor))
        return (ministry, try await RolePagesTests.signedIn(client, "secretariat@example.org"))
    }

    @Test(arguments: TestDatabase.engines)
    func anExpertKeepsHerProfileTheSecretariatSeesWhyAndACoachAloneReadsHerNotes(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            let (ministry, secretariat) = try await Self.expertiseDemo(client, services)

            // An expert, linked to her person by a platform admin on her page, makes her own profile
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            _ = admin
            let adminBrowser = try await RolePagesTests.signedIn(client, "admin@example.org")
            let people = try await api(client, .get, "/api/v1/people?q=Mirela", token: admin).items
            let mirela = try #require(people.first?["id"] as? Int)
            _ = try await WebHarness.token(services, email: "mirela@example.org")
            let linked = try await adminBrowser.post(SiteRoute.linkAccount(mirela).path, [("email", "mirela@example.org")])
            #expect(linked.status == .seeOther)
            let unknown = try await adminBrowser.post(SiteRoute.linkAccount(mirela).path, [("email", "nobody@example.org")])
            #expect(unknown.headers[.location]?.contains("account=unknown") == true)
            let expert = try await RolePagesTests.signedIn(client, "mirela@example.org")
            let roster = try await expert.get(SiteRoute.experts.path)
            #expect(roster.text.contains(SiteRoute.newExpert.with(query: [("person", String(mirela))]).replacingOccurrences(of: "&", with: "&amp;")))
            let form = [("person_id", String(mirela)), ("areas", "gender_training"), ("areas", "police_and_gbv"),
                        ("countries_worked", "BA"), ("certifications", "Trainer of trainers | OSCE | 2011"), ("listed", "true")]
            let refused = try await expert.post(SiteRoute.newExpert.path, form + [("languages", "bs native\nrussian fluent")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("A line is not a language code and a level"), "the second line is named")
            let made = try await expert.post(SiteRoute.newExpert.path, form + [("languages", "bs native\nru C1")])
            #expect(made.status == .seeOther, "\(made.text.prefix(300))")
            let profile = try await expert.get(try #require(made.headers[.location]))
            #expect(profile.text.contains("Russian (C1)") && profile.text.contains("Trainings delivered"))
            #expect(profile.text.contains("Download all kept about me"))

            // The secretariat sees the Accra request ranked, with the reasons in words
            let requests = try await api(client, .get, "/api/v1/expertise-requests", token: admin).items
            let accra = try #require(requests.first { $0["city"] as? String == "Accra" }?["id"] as? Int)
            let page = try await secretariat.get(SiteRoute.expertiseRequest(accra).path)
            #expect(page.status == .ok)
            #expect(page.text.contains("Katarina Đokić") && page.text.contains("speaks English (C2)") && page.text.contains("has worked in Ghana"))
            #expect(page.text.contains("Blerina Dervishi: not available on 8 March 2027"), "left out, with why")
            #expect(!page.text.contains("Jelena Petrović"), "an unlisted expert is not even named")
            // Proposing from the page
            let katarina = try #require(try await api(client, .get, "/api/v1/experts?area=sexual_harassment", token: admin).items
                .first { $0["name"] as? String == "Katarina Đokić" }?["id"] as? Int)
            #expect(try await secretariat.post(SiteRoute.proposeExpert(accra).path, [("expert_id", String(katarina))]).status == .seeOther)
            #expect(try await api(client, .get, "/api/v1/expertise-requests/\(accra)", token: admin).object["status"] as? String == "matching")

            // The public form: sent by anyone, seen only after the secretariat confirms it
            let visitor = Browser(client)
            _ = try await visitor.get(SiteRoute.requestExpertise.path)
            let sent = try await visitor.post(SiteRoute.requestExpertise.path, [
                ("requester_name", "A. Mensah"), ("requester_organisation", "Ministry of Defence (illustrative)"), ("requester_email", "mensah@example.org"),
                ("title", "Gender advisers course from Accra"), ("areas", "gender_in_military"), ("languages", "en"), ("start", "2027-06-07"), ("end", "2027-06-11"),
                ("format", "in_person"), ("experts_needed", "1")])
            #expect(sent.status == .created, "\(sent.text.prefix(400))")
            let member = try await WebHarness.token(services, email: "member@example.org", role: (ministry, .member))
            #expect(!(try await api(client, .get, "/api/v1/expertise-requests", token: member).text.contains("Gender advisers course from Accra")))
            #expect(try await secretariat.get(SiteRoute.expertiseRequests.path).text.contains("Gender advisers course from Accra"))

            // The coach writes a session; the coordinator's pages never show its notes
            let coachPerson = try #require(try await api(client, .get, "/api/v1/people?q=Selma", token: admin).items.first?["id"] as? Int)
            _ = try await WebHarness.token(services, email: "selma@example.org")
            try await services.expertise.link(userId: try #require(try await services.accounts.credentials(email: "selma@example.org")?.user.id),
                                              personId: coachPerson, by: .system("test"))
            let coach = try await RolePagesTests.signedIn(client, "selma@example.org")
            let cohorts = try await api(client, .get, "/api/v1/coaching/cohorts", token: admin).items
            let cohort = try #require(cohorts.first?["id"] as? Int)
            let pairing = try #require(try await api(client, .get, "/api/v1/coaching/cohorts/\(cohort)/pairings", token: admin).items
                .first { $0["coach_name"] as? String == "Selma Mujić" }?["id"] as? Int)
            let written = try await coach.post(SiteRoute.pairing(pairing).path, [
                ("date", "2026-04-02"), ("minutes", "50"), ("mode", "remote"), ("topics", "leadership"), ("notes", "Confidential: PLUGH")])
            #expect(written.status == .seeOther, "\(written.text.prefix(300))")
            #expect(try await coach.get(SiteRoute.pairing(pairing).path).text.contains("Confidential: PLUGH"))
            for reader in [secretariat, adminBrowser] {
                let seen = try await reader.get(SiteRoute.pairing(pairing).path)
                #expect(seen.status == .ok && !seen.text.contains("PLUGH"))
                let counts = try await reader.get(SiteRoute.cohort(cohort).path)
                #expect(counts.text.contains("Selma Mujić") && !counts.text.contains("PLUGH"))
            }
        }
    }

    /// A large roster ranks hundreds: the request's page shows the best first and all one link away.
    @Test(arguments: TestDatabase.engines)
    func aLargeRostersMatchesShowTheBestFirstAndAllOnRequest(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            let (ministry, secretariat) = try await Self.expertiseDemo(client, services)
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let accra = try #require(try await api(client, .get, "/api/v1/expertise-requests", token: admin).items
                .first { $0["city"] as? String == "Accra" })
            let id = try #require(accra["id"] as? Int)
            let areas = try #require(accra["areas"] as? [String])
            // Given 40 more listed experts who all cover the request's areas in English
            let system = Viewer(userId: nil, isPlatformAdmin: true)
            for index in 0..<40 {
                let person = try await services.directory.createPerson(
                    PersonFields(givenName: "Ekspertica\(index)", familyName: "Zbirna", sex: .female, ownerInstitutionId: ministry), viewer: system, by: .system("test"))
                _ = try await services.expertise.createExpert(
                    ExpertFields(personId: person.id, areas: areas, languages: [ExpertLanguage(code: "en", level: .native)]), viewer: system, by: .system("test"))
            }
            let total = try #require(try await api(client, .get, "/api/v1/expertise-requests/\(id)/matches", token: admin).object["items"] as? [Any]).count
            #expect(total > 40)
            // The page shows the best 25 and says so
            let page = try await secretariat.get(SiteRoute.expertiseRequest(id).path)
            #expect(page.status == .ok)
            #expect(page.text.contains("The best 25 of \(total)."), "\(page.text.count)")
            #expect(page.text.components(separatedBy: "<tr>").count - 2 == 25, "25 rows under the header")
            #expect(page.text.contains(SiteRoute.expertiseRequest(id).with(query: [("matches", "all")]) + "#matches"))
            // All of them on request, and no "best of" line
            let all = try await secretariat.get(SiteRoute.expertiseRequest(id).with(query: [("matches", "all")]))
            #expect(all.text.components(separatedBy: "<tr>").count - 2 == total)
            #expect(!all.text.contains("The best 25"))
            #expect((0..<40).allSatisfy { all.text.contains("Ekspertica\($0) Zbirna") })
        }
    }
}
