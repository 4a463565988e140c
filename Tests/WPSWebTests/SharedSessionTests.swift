import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WPSCore
import SQLKit
import WPSStorage
@testable import WPSWeb

/// Several `wps serve` processes share one database behind a load balancer: a session made on
/// one must be valid on the others (DESIGN §4), and signing out on one ends it everywhere.
@Suite struct SharedSessionTests {
    /// Two servers' databases opened on one location, closed and removed whatever the body does.
    static func twoServers(
        _ engine: WPSDatabase.Engine, _ body: (WPSDatabase, WPSDatabase, Logger) async throws -> Void
    ) async throws {
        let logger = Logger(label: "test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let first = try await WPSDatabase.open(location, logger: logger)
        let second = try await WPSDatabase.open(location, logger: logger)
        do {
            try await body(first, second, logger)
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

    @Test(arguments: TestDatabase.engines)
    func sessionMadeOnOneServerIsValidOnAnother(engine: WPSDatabase.Engine) async throws {
        try await Self.twoServers(engine) { first, second, logger in
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
        }
    }

    /// The import wizard behind a load balancer: the file is uploaded through one server and the
    /// answers confirmed through another, which finds the upload in the shared database.
    @Test(arguments: TestDatabase.engines)
    func anUploadMadeOnOneServerIsConfirmedOnAnother(engine: WPSDatabase.Engine) async throws {
        try await Self.twoServers(engine) { first, second, logger in
            try await Migrator.migrate(first, logger: logger)
            try await Seeder.seedReferenceData(first)
            _ = try await Seeder.loadDemo(first, sections: [.directory], logger: logger)
            let one = AppServices(config: AppConfig(bcryptCost: 4), database: first)
            let two = AppServices(config: AppConfig(bcryptCost: 4), database: second)
            let ministry = try await WebHarness.institutionId(one, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(one, email: "hr@mod.example.org", role: (ministry, .analyst))
            let fields = [("institution_id", String(ministry)), ("reference_date", "2024-12-31"), ("series", "MO BiH"),
                          ("visibility", "platform"), ("mapping", "default"), ("sheet", "")]
            let appOne = Application(responder: buildResponder(services: one), logger: WebHarness.quietLogger)
            let appTwo = Application(responder: buildResponder(services: two), logger: WebHarness.quietLogger)
            let (cookies, upload) = try await appOne.test(.router) { client in
                let browser = try await RolePagesTests.signedIn(client, "hr@mod.example.org")
                let report = try await browser.upload("/datasets/import", fields, file: ("file", "osoblje.csv", ImportWizardTests.file()))
                #expect(report.status == .unprocessableContent)
                let upload = try #require(report.text.components(separatedBy: "name=\"upload\" value=\"").dropFirst().first?.prefix(64))
                return (browser.cookies, String(upload))
            }
            // The file is in the database, not in the first server's folder
            let kept = try await second.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM uploads WHERE token = \(bind: upload)").first()?.decode(column: "n", as: Int.self)
            }
            #expect(kept == 1)
            try await appTwo.test(.router) { client in
                let browser = Browser(client)
                browser.cookies = cookies
                let done = try await browser.post("/datasets/import/confirm", fields + [
                    ("upload", upload), ("map", "rank:general armije=OF-9"), ("map", ""), ("more", "sex:ženska osoba=female"),
                ])
                #expect(done.status == .seeOther, "\(done.text.prefix(300))")
                #expect(done.headers[.location]?.hasPrefix("/datasets/") == true)
            }
            // Confirmed once, the upload is gone on every server
            let left = try await first.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM uploads").first()?.decode(column: "n", as: Int.self)
            }
            #expect(left == 0)
        }
    }
}
