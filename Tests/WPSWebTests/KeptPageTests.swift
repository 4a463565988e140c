import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// Pages kept between writes (``KeptPage``): a reader never gets a page written before the last
/// change, nor one written for another reader, and each gets her own CSRF token in its forms.
@Suite struct KeptPageTests {
    @Test(arguments: TestDatabase.engines)
    func aKeptPageChangesWithTheDataAndIsNeverAnotherReaders(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let plan = try await PlanPagesTests.regionalPlanAndAgencyEditor(services)
            let path = SiteRoute.plan(plan.id).path
            let visitor = Browser(client)
            let first = try await visitor.get(path).text
            #expect(try await visitor.get(path).text == first, "the same reader, nothing written: the same page")
            #expect(!first.contains(SiteRoute.importPlan(plan.id).path))

            // The editor's page has her links and her own token; a second session of hers its own
            let editor = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let again = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let hers = try await editor.get(path).text
            #expect(hers.contains(SiteRoute.importPlan(plan.id).path))
            for browser in [editor, again] {
                let token = try #require(browser.cookies["wps_csrf"])
                let page = try await browser.get(path).text
                #expect(page.contains("name=\"_csrf\" value=\"\(token)\""))
                #expect(page.components(separatedBy: "name=\"_csrf\"").count == page.components(separatedBy: "value=\"\(token)\"").count)
            }
            #expect(editor.cookies["wps_csrf"] != again.cookies["wps_csrf"])
            // Nothing of hers reaches the visitor, who read the page before her
            #expect(try await visitor.get(path).text == first)

            // A write: the next page shows it, for both
            let matrix = Array("code;title;lead\r\n1.1;Mehanizmi koordinacije;\r\n1.1.1;Obuka trenera;ARS BiH\r\n".utf8)
            #expect(try await editor.upload(SiteRoute.importPlan(plan.id).path, [("sheet", "")], file: ("file", "matrica.csv", matrix)).status == .seeOther)
            #expect(try await visitor.get(path).text.contains("Obuka trenera"))
            #expect(try await editor.get(path).text.contains("Obuka trenera"))
        }
    }

    @Test func aCSRFCookieThePlatformCouldNotHaveMadeIsReplacedNotShown() async throws {
        try await WebHarness.with(.sqlite) { client, services in
            let plan = try await PlanPagesTests.regionalPlanAndAgencyEditor(services)
            let browser = Browser(client)
            let hostile = "\"><script>alert(1)</script>" + String(repeating: "a", count: 64 - 27)
            #expect(hostile.count == 64)
            browser.cookies["wps_csrf"] = hostile
            let page = try await browser.get(SiteRoute.plan(plan.id).path)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert(1)"))
            #expect(Secrets.isToken(try #require(browser.cookies["wps_csrf"])), "a new token is set")
        }
    }
}
