import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// A sign-in sheet as organisers keep it: Windows-1250, `;`-separated, the region's headings.
/// A bad row refuses the whole sheet and is named; a good sheet lists the people the directory
/// knows and counts the others by sex; nobody is added to the directory.
@Suite struct AttendanceTests {
    static func cp1250(_ text: String) -> [UInt8] {
        Array(text.data(using: .windowsCP1250) ?? Data())
    }

    @Test(arguments: TestDatabase.engines)
    func aSignInSheetAddsItsParticipantsOrNamesTheBadRow(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let agency = try await WebHarness.institutionId(services, named: "Agency for Gender Equality of Bosnia and Herzegovina")
            let editor = try await WebHarness.token(services, email: "editor@ars.example.org", role: (agency, .editor))
            let created = try await api(client, .post, "/api/v1/activities", token: editor, json: """
                {"kind":"seminar","title":"Seminar","start":"2024-05-10","end":"2024-05-10","country":"BA","owner_id":\(agency)}
                """)
            let id = try #require(created.object["id"] as? Int)
            let people = try await api(client, .get, "/api/v1/people?per_page=200").object["total"] as? Int

            // A sheet with a bad row (sex "X") adds nothing and names row 3
            let bad = "Ime i prezime;Spol;Institucija\r\nLejla Begović;Ž;ARS BiH\r\nŠejla Šarić;X;NVO Lara\r\n"
            let refused = try await apiUpload(client, "/api/v1/activities/\(id)/attendance", token: editor, file: ("file", "prisutni.csv", Self.cp1250(bad)))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            let details = (refused.object["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
            #expect(details.count == 1 && details.first?["code"] as? String == "unknown_sex")
            #expect((details.first?["value"] as? String)?.hasPrefix("row 3, Spol: X") == true, "\(details)")
            #expect((try await api(client, .get, "/api/v1/activities/\(id)").object["participants"] as? [String: Int])?["total"] == 0)

            // A good one: Lejla Begović is in the directory (surname first works too); the others are counted
            let good = "Ime i prezime;Spol;Institucija;Pozicija\r\nBegović Lejla;Ž;ARS BiH;savjetnica\r\nŠejla Šarić;Ž;NVO Lara;\r\n"
                + "Marko Marković;M;Ministry of Defence of Bosnia and Herzegovina;oficir\r\n;;;\r\n"
            let added = try await apiUpload(client, "/api/v1/activities/\(id)/attendance", token: editor, file: ("file", "prisutni.csv", Self.cp1250(good)))
            #expect(added.status == .created, "\(added.text)")
            #expect(added.object["listed"] as? Int == 1 && added.object["counted"] as? Int == 2)
            #expect((added.object["participants"] as? [String: Int]) == ["female": 2, "male": 1, "other": 0, "unknown": 0, "total": 3])
            let lines = try await api(client, .get, "/api/v1/activities/\(id)/participants", token: editor).items
            #expect(lines.compactMap { $0["name"] as? String } == ["Lejla Begović"])
            // The others as counts by the kind of their institution: unknown (NVO Lara), a ministry of defence
            #expect(lines.filter { $0["kind"] as? String == "counts" }.compactMap { $0["institution_kind"] as? String } == ["", "ministry_of_defence"])
            let agencyName = try #require(lines.first { $0["kind"] as? String == "person" }?["institution_id"] as? Int)
            #expect(agencyName == agency, "ARS BiH found by its acronym")
            #expect(try await api(client, .get, "/api/v1/people?per_page=200").object["total"] as? Int == people, "nobody was added to the directory")
            // The same sheet again: Lejla is already listed
            let again = try await apiUpload(client, "/api/v1/activities/\(id)/attendance", token: editor, file: ("file", "prisutni.csv", Self.cp1250(good)))
            #expect(again.status == .unprocessableContent && again.text.contains("already_listed"))

            // In the browser: the page's upload names the bad row in a table
            let browser = try await RolePagesTests.signedIn(client, "editor@ars.example.org")
            let page = try await browser.upload(SiteRoute.activityAttendance(id).path, [("sheet", "")], file: ("file", "prisutni.csv", Self.cp1250(bad)))
            #expect(page.status == .unprocessableContent && page.text.contains("<td>3</td><td>Spol</td><td>X</td>"))
            let fine = "Ime i prezime;Spol\r\nAna Anić;Ž\r\n"
            #expect(try await browser.upload(SiteRoute.activityAttendance(id).path, [("sheet", "")], file: ("file", "a.csv", Self.cp1250(fine))).status == .seeOther)
            #expect((try await api(client, .get, "/api/v1/activities/\(id)").object["participants"] as? [String: Int])?["female"] == 3)
        }
    }
}
