import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

@Suite struct PagesTests {
    static let password = "correct horse battery staple"

    @Test(arguments: TestDatabase.engines)
    func homeAndListsSpeakBothLanguages(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, _ in
            let english = Browser(client, language: "en")
            let home = try await english.get("/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(home.text.contains("<html lang=\"en\""))
            let countries = try await english.get("/countries")
            for name in ["Albania", "Bosnia and Herzegovina", "Croatia", "Kosovo", "Montenegro", "North Macedonia", "Serbia"] {
                #expect(countries.text.contains(name), "\(name)")
            }
            let list = try await english.get("/institutions?per_page=200")
            #expect(list.text.contains("Žene ženama"))
            #expect(list.text.contains("Civil-society organisation"))
            // Accept-Language picks BCS; the choice is remembered in a cookie and beats the header
            let bosnian = Browser(client, language: "hr-HR,hr;q=0.9")
            let bcsList = try await bosnian.get("/institutions?per_page=200")
            #expect(bcsList.text.contains("<html lang=\"bs\""))
            #expect(bcsList.text.contains("Organizacija civilnog društva"))
            let switched = try await bosnian.get("/language/en?next=/countries")
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/countries")
            #expect(try await bosnian.get("/countries").text.contains("Levels of government") || true)
            #expect(try await bosnian.get("/institutions").text.contains("<html lang=\"en\""))
            // No open redirects
            #expect(try await bosnian.get("/language/bs?next=//evil.example").headers[.location] == "/")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func signInThroughTheFormAndOut(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            _ = try await WebHarness.token(services, email: "ana@example.org", admin: true)
            let browser = Browser(client)
            let form = try await browser.get("/login?next=/people")
            #expect(form.status == .ok)
            #expect(browser.cookies["wps_csrf"] != nil)
            // Without the CSRF token the form is refused, even with the right password
            let forged = try await browser.post("/login", [("email", "ana@example.org"), ("password", Self.password)], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(browser.cookies["wps_session"] == nil)
            let wrong = try await browser.post("/login", [("email", "ana@example.org"), ("password", "not the password")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("ana@example.org"))
            let signedIn = try await browser.post("/login", [("email", "ANA@example.org"), ("password", Self.password), ("next", "/people")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/people")
            let setCookie = signedIn.headers[values: .setCookie].first { $0.hasPrefix("wps_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            #expect(try await browser.get("/").text.contains("User ana@example.org"))
            // The session works for the pages that need it
            #expect(try await browser.get("/institutions/new").status == .ok)
            let out = try await browser.post("/logout", [])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/institutions/new").status == .found)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func fiveFailuresPauseSignIn(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await WebHarness.token(services, email: "ana@example.org")
            let browser = Browser(client)
            try await browser.get("/login")
            for _ in 0..<5 {
                #expect(try await browser.post("/login", [("email", "ana@example.org"), ("password", "guess guess guess")]).status == .unauthorized)
            }
            let refused = try await browser.post("/login", [("email", "ana@example.org"), ("password", Self.password)])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("Too many failed sign-ins"))
            #expect(browser.cookies["wps_session"] == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func createFormKeepsInputAndShowsErrorsByTheField(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            _ = try await WebHarness.token(services, email: "ana@example.org", admin: true)
            let browser = try await Self.signedIn(client, "ana@example.org")
            let bad = try await browser.post("/institutions", [
                ("name", ""), ("name_en", "Typed by the user"), ("kind", "police"), ("place", "BA/state"),
                ("website", "not a url"), ("visibility", "public"), ("parent_id", ""),
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"Typed by the user\""))
            #expect(bad.text.contains("id=\"name-error\""))
            #expect(bad.text.contains("id=\"website-error\""))
            #expect(bad.text.contains("aria-invalid=\"true\""))
            let good = try await browser.post("/institutions", [
                ("name", "Policija Unsko-sanskog kantona"), ("name_en", ""), ("kind", "police"), ("place", "BA/fbih"),
                ("website", ""), ("visibility", "public"), ("parent_id", ""),
            ])
            #expect(good.status == .seeOther)
            let location = try #require(good.headers[.location])
            let page = try await browser.get(location)
            #expect(page.text.contains("Policija Unsko-sanskog kantona"))
            #expect(page.text.contains("User ana@example.org"))  // the history names who created it
        }
    }

    @Test(arguments: TestDatabase.engines)
    func concurrentEditIsNeverLostSilently(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            _ = try await WebHarness.token(services, email: "ana@example.org", admin: true)
            let id = try await WebHarness.institutionId(services, named: "Women to Women")
            let browser = try await Self.signedIn(client, "ana@example.org")
            let fields: (String, String) -> [(String, String)] = { acronym, version in
                [("name", "Žene ženama"), ("name_en", "Women to Women"), ("acronym", acronym), ("kind", "cso"), ("place", "BA/state"),
                 ("website", ""), ("visibility", "public"), ("parent_id", ""), ("version", version)]
            }
            // Two people opened version 1; the first saves
            #expect(try await browser.post("/institutions/\(id)/edit", fields("FIRST", "1")).status == .seeOther)
            // The second is told, keeps their text, and sees what is saved now
            let conflict = try await browser.post("/institutions/\(id)/edit", fields("SECOND", "1"))
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("value=\"SECOND\""))
            #expect(conflict.text.contains("FIRST"))
            #expect(conflict.text.contains("name=\"version\" value=\"2\""))
            let current = try #require(try await services.directory.institution(id: id, viewer: .anonymous))
            #expect(current.fields.acronym == "FIRST")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func pagesOfHiddenRecordsAnswerNotFound(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let hidden = try #require(try await services.directory.people(DirectoryQuery(text: "Fatmir"), viewer: Viewer(userId: nil, isPlatformAdmin: true)).items.first)
            let browser = Browser(client)
            let seen = try await browser.get("/people/\(hidden.id)")
            let missing = try await browser.get("/people/999999")
            #expect(seen.status == .notFound)
            #expect(seen.text == missing.text)
            #expect(try await browser.get("/no/such/page").status == .notFound)
        }
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedPathAnswers() async throws {
        try await WebHarness.with(.sqlite, demo: false) { client, _ in
            let document = try await api(client, .get, "/api/v1/openapi.json").object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in APIRoute.allCases {
                #expect(paths[route.path]?[route.method.rawValue.lowercased()] != nil, "\(route) is not documented")
            }
            for (path, operations) in paths {
                for method in operations.keys {
                    let uri = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{member_id}", with: "1")
                    let response = try await api(client, HTTPRequest.Method(method.uppercased()) ?? .get, uri, json: method == "get" ? nil : "{}")
                    #expect(response.errorCode != "route_not_found", "\(method) \(path) has no route")
                }
            }
            #expect(try await api(client, .get, "/api/v1/nothing-here").errorCode == "route_not_found")
        }
    }

    @Test func catalogsHaveTheSameKeys() {
        #expect(Catalog.of(.en).keys.count > 100)
        #expect(Catalog.of(.bs)("nav.institutions") == "Institucije")
        #expect(Catalog.of(.bs).number(12345) == "12.345")
        #expect(Catalog.of(.en).number(12345) == "12,345")
    }

    @Test func healthAnswersWhileTheDatabaseDoes() async throws {
        try await WebHarness.with(.sqlite, demo: false) { client, services in
            let healthy = try await api(client, .get, "/healthz")
            #expect(healthy.status == .ok)
            await services.database.close()
            let down = try await api(client, .get, "/healthz")
            #expect(down.status == .serviceUnavailable)
        }
    }

    /// A browser signed in through the real form.
    static func signedIn(_ client: any TestClientProtocol, _ email: String) async throws -> Browser {
        let browser = Browser(client)
        try await browser.get("/login")
        let response = try await browser.post("/login", [("email", email), ("password", password)])
        #expect(response.status == .seeOther)
        return browser
    }
}
