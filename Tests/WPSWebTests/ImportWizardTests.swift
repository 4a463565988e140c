import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

@Suite struct ImportWizardTests {
    /// A Windows-1250 file with a rank and a spelling of sex that the platform does not know.
    static func file() -> [UInt8] {
        let text = "Spol;Čin;Jedinica;Godina rođenja\r\nŽ;kapetan;Štab;1990\r\nM;general armije;Štab;1965\r\nženska osoba;vodnik;Četa;1999\r\n"
        return Array(TextEncoding.windows1250.encode(text) ?? [])
    }

    @Test(arguments: TestDatabase.engines)
    func analystUploadsReadsTheReportAnswersAndTheFileIsImported(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given an analyst of the ministry
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "hr@mod.example.org", role: (ministry, .analyst))
            let browser = try await RolePagesTests.signedIn(client, "hr@mod.example.org")
            let form = try await browser.get("/datasets/import")
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"\(ministry)\""))
            let fields = [("institution_id", String(ministry)), ("reference_date", "2024-12-31"), ("series", "MO BiH"),
                          ("visibility", "platform"), ("mapping", "default"), ("sheet", "")]
            // When the file is uploaded, the report lists each problem and asks about each unknown value
            let report = try await browser.upload("/datasets/import", fields, file: ("file", "osoblje.csv", Self.file()))
            #expect(report.status == .unprocessableContent)
            #expect(report.text.contains("general armije") && report.text.contains("ženska osoba"))
            #expect(report.text.contains("value=\"rank:general armije=OF-9\""))
            let stored = { try await services.datasets.datasets(viewer: Viewer(userId: nil, isPlatformAdmin: true), page: PageRequest()).total }
            #expect(try await stored() == 0)
            let upload = try #require(report.text.components(separatedBy: "name=\"upload\" value=\"").dropFirst().first?.prefix(64))
            // Then answering imports the file, and the answers are kept for the next file
            let done = try await browser.post("/datasets/import/confirm", fields + [
                ("upload", String(upload)), ("map", "rank:general armije=OF-9"), ("map", ""), ("more", "sex:ženska osoba=female"),
            ])
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location.hasPrefix("/datasets/"))
            #expect(try await stored() == 1)
            let id = try #require(Int(location.dropFirst("/datasets/".count)))
            let counts = try #require(try await services.datasets.table(
                datasetId: id, rows: .natoCode, columns: .sex, viewer: Viewer(userId: nil, isPlatformAdmin: true)))
            #expect(counts.rows.contains("OF-9") && counts.rows.contains("OF-2"))
            #expect(counts.total == 3)
            let saved = try await SQLImportMappingStore(database: services.database).mapping(institutionId: ministry, name: "default")
            #expect(saved?.values["rank"]?["general armije"] == "OF-9")
            // The upload is gone once imported
            let again = try await browser.post("/datasets/import/confirm", fields + [("upload", String(upload))])
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("an upload is kept for one hour"))
        }
    }

    @Test(arguments: TestDatabase.engines)
    func onlyThoseWhoMayAddDataImportAndUploadsArePrivate(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            _ = try await WebHarness.token(services, email: "hr@mod.example.org", role: (ministry, .analyst))
            _ = try await WebHarness.token(services, email: "member@mod.example.org", role: (ministry, .member))
            let fields = [("institution_id", String(ministry)), ("reference_date", "2024-12-31"), ("visibility", "institution")]
            // A member sees why they cannot, and is refused
            let member = try await RolePagesTests.signedIn(client, "member@mod.example.org")
            #expect(try await member.get("/datasets/import").text.contains("You hold no analyst, editor or admin role"))
            #expect(try await member.upload("/datasets/import", fields, file: ("file", "f.csv", Self.file())).status == .forbidden)
            // Another user's upload cannot be used
            let analyst = try await RolePagesTests.signedIn(client, "hr@mod.example.org")
            let report = try await analyst.upload("/datasets/import", fields, file: ("file", "f.csv", Self.file()))
            let upload = try #require(report.text.components(separatedBy: "name=\"upload\" value=\"").dropFirst().first?.prefix(64))
            let stolen = try await member.post("/datasets/import/confirm", fields + [("upload", String(upload)), ("map", "rank:general armije=OF-9")])
            #expect(stolen.status == .unprocessableContent)
            // A form without a file, and a body that is not multipart, are named
            #expect(try await analyst.upload("/datasets/import", fields, file: ("file", "empty.csv", [])).status == .unprocessableContent)
            let broken = try await analyst.send("/datasets/import", method: .post, bytes: Array("--x\r\ngarbage".utf8),
                                                contentType: "multipart/form-data; boundary=x")
            #expect(broken.status == .badRequest)
            // Signed out, the wizard sends you to sign in, and a large upload is refused before it is read
            let stranger = Browser(client)
            #expect(try await stranger.get("/datasets/import").status == .found)
            let large = try await stranger.upload("/datasets/import", fields, file: ("file", "big.csv", Array(repeating: 65, count: 2 * 1024 * 1024)))
            #expect(large.status == .contentTooLarge)
            #expect(try await analyst.upload("/datasets/import", fields, file: ("file", "big.csv", Array(repeating: 65, count: 2 * 1024 * 1024))).status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func ranksOfEveryCountryAreKnownAndAnUnknownOneIsAskedWithItsCodeFamilies(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            // Given the shipped rank table, read as anyone reads it
            let montenegro = try await client.execute(uri: "/api/v1/ranks?country=ME", method: .get)
            let ranks = try #require((try JSONSerialization.jsonObject(with: Data(buffer: montenegro.body)) as? [String: Any])?["items"] as? [[String: Any]])
            #expect(ranks.contains { $0["national_rank"] as? String == "kapetan" && $0["nato_code"] as? String == "OF-2" && $0["confidence"] as? String == "probable" })
            for country in ["MK", "XK"] {
                #expect(try await client.execute(uri: "/api/v1/ranks?country=\(country)", method: .get).text.contains("\"confidence\""))
            }
            #expect(try await client.execute(uri: "/api/v1/ranks?country=RS", method: .get).text.contains("\"OR-5\""))
            // When Montenegro's ministry imports a file with vodnik, kapetan and vojnik, no question is asked
            let podgorica = try await WebHarness.institutionId(services, named: "Ministry of Defence of Montenegro")
            _ = try await WebHarness.token(services, email: "hr@mod.gov.me", role: (podgorica, .analyst))
            let analyst = try await RolePagesTests.signedIn(client, "hr@mod.gov.me")
            let fields = [("institution_id", String(podgorica)), ("reference_date", "2024-12-31"), ("visibility", "institution"), ("mapping", "default")]
            let file = "Pol;Čin;Jedinica;Godina rođenja\r\nŽ;vodnik;Štab;1990\r\nM;kapetan;Štab;1985\r\nM;vojnik;Četa;2001\r\n"
            let imported = try await analyst.upload("/datasets/import", fields, file: ("file", "me.csv", Array(file.utf8)))
            #expect(imported.status == .seeOther, "\(imported.text)")
            // And North Macedonia's NCO rank, not in the table, is asked for with the codes of other ranks offered
            let skopje = try await WebHarness.institutionId(services, named: "Ministry of Defence of North Macedonia")
            _ = try await WebHarness.token(services, email: "hr@mod.gov.mk", role: (skopje, .analyst))
            let macedonian = try await RolePagesTests.signedIn(client, "hr@mod.gov.mk")
            let mkFields = [("institution_id", String(skopje)), ("reference_date", "2024-12-31"), ("visibility", "institution"), ("mapping", "default")]
            let mkFile = "Пол;Чин;Единица;Година на раѓање\r\nЖ;постар водник;Штаб;1990\r\nМ;капетан;Штаб;1985\r\n"
            let report = try await macedonian.upload("/datasets/import", mkFields, file: ("file", "mk.csv", Array(mkFile.utf8)))
            #expect(report.status == .unprocessableContent)
            #expect(report.text.contains("<optgroup label=\"NCOs and soldiers: OR-1 to OR-9\"><option value=\"rank:постар водник=OR-1\">OR-1</option>"))
            #expect(report.text.contains("value=\"rank:постар водник=OF-5\""))
            #expect(!report.text.contains("rank:капетан="), "a known rank is not asked for")
        }
    }
}
