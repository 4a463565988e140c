import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Several `wps serve` processes share one database behind a load balancer: a session made on
/// one must be valid on the others (DESIGN §4), and signing out on one ends it everywhere.
@Suite struct SharedSessionTests {
    @Test(arguments: TestDatabase.engines)
    func sessionMadeOnOneServerIsValidOnAnother(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let first = try await WPSDatabase.open(location, logger: logger)
        let second = try await WPSDatabase.open(location, logger: logger)
        do {
            try await Migrator.migrate(first, logger: logger)
            try await Migrator.migrate(second, logger: logger)  // a second server starting later finds nothing to do
            let one = AppServices(config: AppConfig(bcryptCost: 4), database: first)
            let two = AppServices(config: AppConfig(bcryptCost: 4), database: second)
            _ = try await WebHarness.token(one, email: "ana@example.org")
            let appOne = Application(responder: buildResponder(services: one), logger: WebHarness.quietLogger)
            let appTwo = Application(responder: buildResponder(services: two), logger: WebHarness.quietLogger)
            let cookies = try await appOne.test(.router) { client in
                let browser = try await PagesTests.signedIn(client, "ana@example.org")
                return browser.cookies
            }
            try await appTwo.test(.router) { client in
                let browser = Browser(client)
                browser.cookies = cookies
                let page = try await browser.get("/")
                #expect(page.text.contains("User ana@example.org"))
                #expect(try await browser.post("/logout", []).status == .seeOther)
            }
            try await appOne.test(.router) { client in
                let browser = Browser(client)
                browser.cookies = cookies
                let page = try await browser.get("/")
                #expect(page.text.contains("User ana@example.org") == false)
            }
        } catch {
            await first.close()
            await second.close()
            try await cleanup()
            throw error
        }
        await first.close()
        await second.close()
        try await cleanup()
    }
}
