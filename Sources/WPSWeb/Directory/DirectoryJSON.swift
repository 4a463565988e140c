import Foundation
import WPSCore

/// The JSON shapes of the directory API. Keys are written snake_case by ``JSONResponse``.
struct InstitutionJSON: Codable, Sendable {
    var id: Int
    var name: String
    var nameEn: String
    var acronym: String
    var kind: String
    var country: String
    var level: String
    var parentId: Int?
    var website: String
    var visibility: String
    var version: Int
    var deleted: Bool

    init(_ institution: Institution) {
        let f = institution.fields
        id = institution.id
        name = f.name
        nameEn = f.nameEn
        acronym = f.acronym
        kind = f.kind.rawValue
        country = f.country
        level = f.level
        parentId = f.parentId
        website = f.website
        visibility = f.visibility.rawValue
        version = institution.version
        deleted = institution.deleted
    }

    // parent_id is always written, as null when there is none.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(nameEn, forKey: .nameEn)
        try c.encode(acronym, forKey: .acronym)
        try c.encode(kind, forKey: .kind)
        try c.encode(country, forKey: .country)
        try c.encode(level, forKey: .level)
        try c.encode(parentId, forKey: .parentId)
        try c.encode(website, forKey: .website)
        try c.encode(visibility, forKey: .visibility)
        try c.encode(version, forKey: .version)
        try c.encode(deleted, forKey: .deleted)
    }
}

struct PositionJSON: Codable, Sendable {
    var institutionId: Int
    var title: String
    var since: String?
    var until: String?
}

struct PersonJSON: Codable, Sendable {
    var id: Int
    var givenName: String
    var familyName: String
    var sex: String
    var languages: [String]
    /// Present only for viewers who may see contact details.
    var email: String?
    var phone: String?
    var ownerInstitutionId: Int?
    var positions: [PositionJSON]
    var visibility: String
    var version: Int
    var deleted: Bool

    init(_ person: Person, viewer: Viewer) {
        let f = person.fields
        id = person.id
        givenName = f.givenName
        familyName = f.familyName
        sex = f.sex.rawValue
        languages = f.languages
        if viewer.canSeeContacts(owner: f.ownerInstitutionId) {
            email = f.email
            phone = f.phone
        }
        ownerInstitutionId = f.ownerInstitutionId
        positions = f.positions.map {
            PositionJSON(institutionId: $0.institutionId, title: $0.title, since: $0.since?.description, until: $0.until?.description)
        }
        visibility = f.visibility.rawValue
        version = person.version
        deleted = person.deleted
    }
}

struct NetworkJSON: Codable, Sendable {
    var id: Int
    var name: String
    var nameEn: String
    var kind: String
    var country: String?
    var parentNetworkId: Int?
    var ownerInstitutionId: Int?
    var description: String
    var visibility: String
    var version: Int
    var deleted: Bool

    init(_ network: Network) {
        let f = network.fields
        id = network.id
        name = f.name
        nameEn = f.nameEn
        kind = f.kind.rawValue
        country = f.country
        parentNetworkId = f.parentNetworkId
        ownerInstitutionId = f.ownerInstitutionId
        description = f.description
        visibility = f.visibility.rawValue
        version = network.version
        deleted = network.deleted
    }
}

/// A membership as the API writes it: its id and network beside the written membership.
struct MemberJSON: Encodable, Sendable {
    var id: Int
    var networkId: Int
    var member: NetworkMember.Written

    init(_ member: NetworkMember) {
        id = member.id
        networkId = member.networkId
        self.member = member.written
    }

    private enum CodingKeys: String, CodingKey { case id, networkId }

    func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(networkId, forKey: .networkId)
    }
}

struct CountryJSON: Codable, Sendable {
    struct Level: Codable, Sendable {
        var code: String
        var nameEn: String
        var nameLocal: String
        var tier: Int
    }
    var code: String
    var nameEn: String
    var nameLocal: String
    var levels: [Level]
    var version: Int

    init(_ country: Country) {
        code = country.code
        nameEn = country.nameEn
        nameLocal = country.nameLocal
        levels = country.levels.map { Level(code: $0.code, nameEn: $0.nameEn, nameLocal: $0.nameLocal, tier: $0.tier) }
        version = country.version
    }
}

struct AuditEventJSON: Codable, Sendable {
    var id: Int
    var at: String
    var actorUserId: Int?
    var actorName: String
    var action: String
    var changedFields: [String]
    var before: String?
    var after: String?

    init(_ event: AuditEvent) {
        id = event.id
        at = Timestamp.string(event.at)
        actorUserId = event.actorUserId
        actorName = event.actorName
        action = event.action.rawValue
        changedFields = event.changedFields
        before = event.before
        after = event.after
    }
}

/// A page of a list: `{"items":[…],"page":1,"per_page":50,"total":N}`.
struct ListJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var page: Int
    var perPage: Int
    var total: Int
}
