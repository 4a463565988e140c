import Foundation
import Logging
import WPSCore

extension Seeder {
    /// The directory's part of the demo (``DirectoryDemo``).
    static func loadDemoDirectory(_ database: WPSDatabase, into summary: inout DemoSummary, logger: Logger) async throws {
        let store = SQLDirectoryStore(database: database)
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        let existing = Set(try await store.countries().map(\.code))
        for country in DirectoryDemo.extraCountries where !existing.contains(country.code) {
            _ = try await store.addCountry(country, by: actor)
        }
        var institutionIds: [String: Int] = [:]
        for entry in DirectoryDemo.institutions {
            var fields = entry.fields
            fields.parentId = entry.parentKey.flatMap { institutionIds[$0] }
            institutionIds[entry.key] = try await store.createInstitution(fields, viewer: admin, by: actor).id
        }
        var personIds: [String: Int] = [:]
        for entry in DirectoryDemo.people {
            let positions = entry.positions.compactMap { position -> Position? in
                guard let id = institutionIds[position.key] else { return nil }
                return Position(institutionId: id, title: position.title, since: Day(position.since))
            }
            let slug = entry.given.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            let fields = PersonFields(
                givenName: entry.given, familyName: entry.family, sex: entry.sex, languages: entry.languages,
                email: slug.allSatisfy(\.isASCII) ? "\(slug).\(entry.ownerKey)@example.org" : "",
                ownerInstitutionId: institutionIds[entry.ownerKey], positions: positions, visibility: entry.visibility)
            personIds["\(entry.given) \(entry.family)"] = try await store.createPerson(fields, viewer: admin, by: actor).id
        }
        var networkIds: [String: Int] = [:]
        for entry in DirectoryDemo.networks {
            var fields = entry.fields
            fields.parentNetworkId = entry.parentKey.flatMap { networkIds[$0] }
            fields.ownerInstitutionId = institutionIds[entry.ownerKey]
            let network = try await store.createNetwork(fields, viewer: admin, by: actor)
            networkIds[entry.key] = network.id
            for member in entry.members {
                let ref: MemberRef?
                if member.member.hasPrefix("person:") {
                    ref = personIds[String(member.member.dropFirst("person:".count))].map(MemberRef.person)
                } else {
                    ref = institutionIds[member.member].map(MemberRef.institution)
                }
                guard let ref else {
                    logger.warning("demo member not found", metadata: ["member": "\(member.member)"])
                    continue
                }
                _ = try await store.addMember(
                    networkId: network.id, NewMembership(member: ref, role: member.role, since: Day(member.since)),
                    viewer: admin, by: actor)
            }
        }
        summary.institutions = institutionIds.count
        summary.people = personIds.count
        summary.networks = networkIds.count
    }
}
