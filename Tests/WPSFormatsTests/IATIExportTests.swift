import Foundation
import Testing
import WPSCore
@testable import WPSFormats

/// A project as an IATI 2.03 activity: the schema's element order, the organisations' roles,
/// the donors' commitments, and text XML cannot carry left out. (CI validates the demo's exports
/// against the schema with xmllint: scripts/checks/iati_valid.py.)
@Suite struct IATIExportTests {
    @Test func aProjectBecomesAnActivityInTheSchemasOrder() throws {
        let project = Project(id: 7, fields: ProjectFields(
            title: "Projekat \u{FFFE}1325\u{1}", titleEn: "Project 1325", description: "Opis", start: Day("2023-01-01") ?? .epoch, end: Day("2023-12-31"),
            status: .closed, ownerId: 1, countries: ["RS", "BA"], implementerIds: [1], partnerIds: [2],
            donors: [Donor(institutionId: 3, amount: 18_000, currency: "EUR")], budget: Budget(amount: 20_000.5, currency: "EUR", source: "")))
        let organisations: [Int: IATIExport.Organisation] = [
            1: .init(name: "Centar za podršku ženama", kind: .cso), 2: .init(name: "Mreža", kind: .csoNetwork), 3: .init(name: "Sida", kind: .donor),
        ]
        let activity = IATIExport.activity(project, publisher: ("XI-WPS", "WPS Platform"), organisations: organisations, lang: "sr", updated: nil)
        let xml = String(decoding: try IATIActivities(generatedDatetime: "2026-01-01T00:00:00Z", activities: [activity]).xml(), as: UTF8.self)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(xml.contains("<iati-identifier>XI-WPS-project-7</iati-identifier>"))
        #expect(xml.contains("<narrative>Projekat 1325</narrative>"), "U+FFFE and U+0001 are dropped")
        #expect(xml.contains("<narrative xml:lang=\"en\">Project 1325</narrative>"))
        // Roles: 1 funding (the donor), 2 accountable (the owner), 3 extending (partners), 4 implementing
        for (role, name) in [("1", "Sida"), ("2", "Centar za podršku ženama"), ("3", "Mreža"), ("4", "Centar za podršku ženama")] {
            #expect(xml.contains("role=\"\(role)\">\n            <narrative>\(name)</narrative>"), "role \(role)")
        }
        #expect(xml.contains("<activity-status code=\"4\" />") && xml.contains("<activity-date type=\"4\" iso-date=\"2023-12-31\" />"))
        #expect(xml.contains("<recipient-country code=\"RS\" percentage=\"50\" />") && xml.contains("<recipient-country code=\"BA\" percentage=\"50\" />"))
        #expect(xml.contains("<policy-marker vocabulary=\"1\" code=\"1\" significance=\"2\" />"))
        #expect(xml.contains("<value currency=\"EUR\" value-date=\"2023-01-01\">20000.50</value>"))
        #expect(xml.contains("<transaction-type code=\"11\" />") && xml.contains(">18000</value>"))
        // The schema's sequence
        let order = ["<iati-identifier", "<reporting-org", "<title", "<description", "<participating-org", "<activity-status", "<activity-date",
                     "<recipient-country", "<sector", "<policy-marker", "<budget", "<transaction"]
        let positions = order.compactMap { xml.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
    }
}
