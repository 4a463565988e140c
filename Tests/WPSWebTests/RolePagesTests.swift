import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

@Suite struct RolePagesTests {
    static let password = "correct horse battery staple"

    static func signedIn(_ client: any TestClientProtocol, _ email: String) async throws -> Browser {
        let browser = Browser(client)
        _ = try await browser.get("/login")
        #expect(try await browser.post("/login", [("email", email), ("password", password)]).status == .seeOther)
        return browser
    }

    @Test(arguments: TestDatabase.engines)
    func institutionAdminMakesAnAccountAnAnalystWhoThenSeesExactFigures(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given the ministry's admin, a colleague without a role, and a platform dataset of the ministry
            let (dataset, ministry) = try await WebHarness.bosnianDataset(services, seed: 4, visibility: .platform)
            _ = try await WebHarness.token(services, email: "admin@mod.example.org", role: (ministry, .admin))
            _ = try await WebHarness.token(services, email: "hr@mod.example.org")
            let colleague = try await Self.signedIn(client, "hr@mod.example.org")
            let before = try await colleague.get("/datasets/\(dataset)/table.csv")
            #expect(String(buffer: before.body).contains("<5"))
            let admin = try await Self.signedIn(client, "admin@mod.example.org")
            #expect(try await admin.get("/institutions/\(ministry)").text.contains("/institutions/\(ministry)/roles"))
            // When the admin makes the colleague an analyst
            let page = try await admin.get("/institutions/\(ministry)/roles")
            #expect(page.status == .ok)
            let saved = try await admin.post("/institutions/\(ministry)/roles", [("email", "HR@mod.example.org"), ("role", "analyst")])
            // Then the role is listed, audited, and the colleague sees exact figures
            #expect(saved.status == .ok)
            #expect(saved.text.contains("hr@mod.example.org"))
            let holders = try await services.accounts.roleHolders(institutionId: ministry)
            #expect(holders.map { "\($0.user.email)=\($0.role.rawValue)" }.sorted() == ["admin@mod.example.org=admin", "hr@mod.example.org=analyst"])
            let after = try await colleague.get("/datasets/\(dataset)/table.csv")
            #expect(!String(buffer: after.body).contains("<5"))
            // And taking the role away again works the same way
            #expect(try await admin.post("/institutions/\(ministry)/roles", [("email", "hr@mod.example.org"), ("role", "none")]).status == .ok)
            #expect(try await services.accounts.roleHolders(institutionId: ministry).count == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func onlyTheInstitutionsAdminsManageRolesAndMistakesAreNamed(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "admin@mod.example.org", role: (ministry, .admin))
            _ = try await WebHarness.token(services, email: "editor@mod.example.org", role: (ministry, .editor))
            let admin = try await Self.signedIn(client, "admin@mod.example.org")
            // Unknown account and own role are refused with the reason, nothing changes
            let unknown = try await admin.post("/institutions/\(ministry)/roles", [("email", "nobody@example.org"), ("role", "analyst")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("There is no account with this e-mail address"))
            let own = try await admin.post("/institutions/\(ministry)/roles", [("email", "admin@mod.example.org"), ("role", "member")])
            #expect(own.status == .unprocessableContent)
            let forged = try await admin.post("/institutions/\(ministry)/roles", [("email", "editor@mod.example.org"), ("role", "admin")], csrf: false)
            #expect(forged.status == .forbidden)
            // An editor may not; the public is sent to sign in
            let editor = try await Self.signedIn(client, "editor@mod.example.org")
            #expect(try await editor.get("/institutions/\(ministry)/roles").status == .forbidden)
            #expect(try await editor.post("/institutions/\(ministry)/roles", [("email", "editor@mod.example.org"), ("role", "admin")]).status == .forbidden)
            #expect(try await Browser(client).get("/institutions/\(ministry)/roles").status == .found)
            let holders = try await services.accounts.roleHolders(institutionId: ministry)
            #expect(holders.map { "\($0.user.email)=\($0.role.rawValue)" }.sorted() == ["admin@mod.example.org=admin", "editor@mod.example.org=editor"])
        }
    }
}
