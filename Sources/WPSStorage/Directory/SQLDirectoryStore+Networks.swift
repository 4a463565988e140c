import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `networks` and `network_members`.
enum NetworkSQL: VersionedRecordSQL {
    static let table = "networks"
    static let entity = "network"
    static let columns =
        "id, name, name_en, kind, country_code, parent_network_id, owner_institution_id, description, visibility, version, deleted_at"

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["owner_institution_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Network {
        Network(
            id: try row.decode(column: "id", as: Int.self),
            fields: NetworkFields(
                name: try row.decode(column: "name", as: String.self),
                nameEn: try row.decode(column: "name_en", as: String.self),
                kind: NetworkKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .network,
                country: try row.optional("country_code", as: String.self),
                parentNetworkId: try row.optional("parent_network_id", as: Int.self),
                ownerInstitutionId: try row.optional("owner_institution_id", as: Int.self),
                description: try row.decode(column: "description", as: String.self),
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func checkReferences(_ fields: NetworkFields, id: Int?, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let country = fields.country,
            try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil
        {
            errors.append(FieldError(field: "country", code: "unknown_country", value: country))
        }
        if let owner = fields.ownerInstitutionId, try await !PersonSQL.institutionExists(owner, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "owner_institution_id", code: "unknown_institution", value: String(owner)))
        }
        if let parent = fields.parentNetworkId {
            var query: SQLQueryString = "SELECT id FROM networks WHERE id = \(bind: parent) AND "
            query.appendInterpolation(visibleTo(viewer))
            if parent == id {
                errors.append(FieldError(field: "parent_network_id", code: "cycle", value: String(parent)))
            } else if try await sql.raw(query).first() == nil {
                errors.append(FieldError(field: "parent_network_id", code: "unknown_network", value: String(parent)))
            }
        }
        return errors
    }

    static func canEdit(_ record: Network, viewer: Viewer) -> Bool { viewer.canEdit(record) }
}

extension SQLDirectoryStore {
    public func networks(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Network> {
        try await database.read { sql in
            try await NetworkSQL.page(
                query, filters: [("country_code", query.country?.uppercased()), ("kind", query.kind)], orderBy: "search_text, id",
                viewer: viewer, in: sql)
        }
    }

    public func network(id: Int, viewer: Viewer) async throws -> Network? {
        try await database.read { sql in try await NetworkSQL.visible(id: id, viewer: viewer, in: sql) }
    }

    public func createNetwork(_ input: NetworkFields, viewer: Viewer, by actor: Actor) async throws -> Network {
        let fields = input.trimmed()
        guard viewer.canEdit(owner: fields.ownerInstitutionId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await NetworkSQL.checkReferences(fields, id: nil, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO networks (name, name_en, kind, country_code, parent_network_id, owner_institution_id, description,
                    visibility, search_text, version, created_at, updated_at)
                VALUES (\(bind: fields.name), \(bind: fields.nameEn), \(bind: fields.kind.rawValue), \(bind: fields.country),
                    \(bind: fields.parentNetworkId), \(bind: fields.ownerInstitutionId), \(bind: fields.description),
                    \(bind: fields.visibility.rawValue), \(bind: fields.searchText), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: NetworkSQL.columns)
                """).first()
            return try await NetworkSQL.created(row, actor: actor, in: sql)
        }
    }

    public func updateNetwork(id: Int, version: Int, fields input: NetworkFields, viewer: Viewer, by actor: Actor) async throws -> Network {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await NetworkSQL.editable(id: id, at: version, viewer: viewer, in: sql)
            if fields.ownerInstitutionId != current.fields.ownerInstitutionId, !viewer.canEdit(owner: fields.ownerInstitutionId) {
                throw StoreError.forbidden
            }
            let errors = fields.validate() + newProblems(
                try await NetworkSQL.checkReferences(fields, id: id, viewer: viewer, in: sql),
                before: try await NetworkSQL.checkReferences(current.fields, id: id, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE networks SET name = \(bind: fields.name), name_en = \(bind: fields.nameEn), kind = \(bind: fields.kind.rawValue),
                    country_code = \(bind: fields.country), parent_network_id = \(bind: fields.parentNetworkId),
                    owner_institution_id = \(bind: fields.ownerInstitutionId), description = \(bind: fields.description),
                    visibility = \(bind: fields.visibility.rawValue), search_text = \(bind: fields.searchText),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: NetworkSQL.columns)
                """).first()
            return try await NetworkSQL.updated(row, from: current, actor: actor, in: sql)
        }
    }

    public func deleteNetwork(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await NetworkSQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    public func restoreNetwork(id: Int, viewer: Viewer, by actor: Actor) async throws -> Network {
        try await NetworkSQL.restore(id: id, viewer: viewer, by: actor, in: database)
    }

    public func members(networkId: Int, viewer: Viewer) async throws -> [NetworkMember] {
        guard try await network(id: networkId, viewer: viewer) != nil else {
            throw StoreError.notFound(entity: "network", id: String(networkId))
        }
        return try await database.read { sql in
            var query: SQLQueryString = """
                SELECT m.id, m.network_id, m.institution_id, m.person_id, m.role, m.since, m.until,
                    i.name AS institution_name, p.given_name, p.family_name
                FROM network_members m
                LEFT JOIN institutions i ON i.id = m.institution_id
                LEFT JOIN people p ON p.id = m.person_id
                WHERE m.network_id = \(bind: networkId) AND m.removed_at IS NULL
                  AND (m.institution_id IN (SELECT id FROM institutions WHERE
                """
            // A multi-line literal drops its last line end: keep the words apart.
            query.appendLiteral(" ")
            query.appendInterpolation(InstitutionSQL.visibleTo(viewer))
            query.appendLiteral(") OR m.person_id IN (SELECT id FROM people WHERE ")
            query.appendInterpolation(PersonSQL.visibleTo(viewer))
            query.appendLiteral(")) ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'secretariat' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, m.id")
            return try await sql.raw(query).all().map(MemberSQL.decode)
        }
    }

    public func addMember(networkId: Int, _ membership: NewMembership, viewer: Viewer, by actor: Actor) async throws -> NetworkMember {
        try await database.transaction { sql in
            let network = try await NetworkSQL.editable(id: networkId, viewer: viewer, in: sql)
            var errors = membership.validate()
            let institutionId: Int?
            let personId: Int?
            switch membership.member {
            case .institution(let id):
                (institutionId, personId) = (id, nil)
                if try await !PersonSQL.institutionExists(id, viewer: viewer, in: sql) {
                    errors.append(FieldError(field: "institution_id", code: "unknown_institution", value: String(id)))
                }
            case .person(let id):
                (institutionId, personId) = (nil, id)
                var query: SQLQueryString = "SELECT id FROM people WHERE id = \(bind: id) AND "
                query.appendInterpolation(PersonSQL.visibleTo(viewer))
                if try await sql.raw(query).first() == nil {
                    errors.append(FieldError(field: "person_id", code: "unknown_person", value: String(id)))
                }
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let inserted = try await sql.raw("""
                INSERT INTO network_members (network_id, institution_id, person_id, role, since, until, created_at)
                VALUES (\(bind: networkId), \(bind: institutionId), \(bind: personId), \(bind: membership.role.rawValue),
                    \(bind: membership.since?.description), \(bind: membership.until?.description), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            guard let memberId = try inserted?.decode(column: "id", as: Int.self),
                let member = try await MemberSQL.load(id: memberId, in: sql)
            else { throw StoreError.notFound(entity: "network_member", id: "new") }
            // A change of membership is a change of the network: its version moves on.
            try await sql.raw("UPDATE networks SET version = version + 1, updated_at = \(bind: Timestamp.now()) WHERE id = \(bind: network.id)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "network", id: String(networkId), action: .memberAdded,
                before: Optional<MemberJSON>.none, after: MemberJSON(member))
            return member
        }
    }

    public func removeMember(networkId: Int, memberId: Int, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            _ = try await NetworkSQL.editable(id: networkId, viewer: viewer, in: sql)
            guard let member = try await MemberSQL.load(id: memberId, in: sql), member.networkId == networkId else {
                throw StoreError.notFound(entity: "network_member", id: String(memberId))
            }
            try await sql.raw("UPDATE network_members SET removed_at = \(bind: Timestamp.now()) WHERE id = \(bind: memberId)").run()
            try await sql.raw("UPDATE networks SET version = version + 1, updated_at = \(bind: Timestamp.now()) WHERE id = \(bind: networkId)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "network", id: String(networkId), action: .memberRemoved,
                before: MemberJSON(member), after: Optional<MemberJSON>.none)
        }
    }
}

/// Row mapping for `network_members`.
enum MemberSQL {
    static func decode(_ row: any SQLRow) throws -> NetworkMember {
        let institutionId = try row.optional("institution_id", as: Int.self)
        let personId = try row.optional("person_id", as: Int.self)
        let member: MemberRef
        let name: String
        if let institutionId {
            member = .institution(institutionId)
            name = try row.optional("institution_name", as: String.self) ?? ""
        } else {
            member = .person(personId ?? 0)
            let given = try row.optional("given_name", as: String.self) ?? ""
            let family = try row.optional("family_name", as: String.self) ?? ""
            name = "\(given) \(family)"
        }
        return NetworkMember(
            id: try row.decode(column: "id", as: Int.self),
            networkId: try row.decode(column: "network_id", as: Int.self),
            member: member, memberName: name,
            role: MemberRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member,
            since: try row.optional("since", as: String.self).flatMap(Day.init),
            until: try row.optional("until", as: String.self).flatMap(Day.init))
    }

    static func load(id: Int, in sql: any SQLDatabase) async throws -> NetworkMember? {
        try await sql.raw("""
            SELECT m.id, m.network_id, m.institution_id, m.person_id, m.role, m.since, m.until,
                i.name AS institution_name, p.given_name, p.family_name
            FROM network_members m
            LEFT JOIN institutions i ON i.id = m.institution_id
            LEFT JOIN people p ON p.id = m.person_id
            WHERE m.id = \(bind: id) AND m.removed_at IS NULL
            """).first().map(decode)
    }
}

/// A membership as the audit trail writes it: its id beside the written membership.
struct MemberJSON: Encodable {
    var memberId: Int
    var member: NetworkMember.Written

    init(_ member: NetworkMember) {
        memberId = member.id
        self.member = member.written
    }

    private enum CodingKeys: String, CodingKey { case memberId }

    func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(memberId, forKey: .memberId)
    }
}
