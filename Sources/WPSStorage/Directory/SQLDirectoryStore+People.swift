import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `people` and their `positions`.
enum PersonSQL: VersionedRecordSQL {
    static let table = "people"
    static let entity = "person"
    static let columns =
        "id, given_name, family_name, sex, languages, email, phone, owner_institution_id, visibility, version, deleted_at"

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["owner_institution_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Person {
        let languages = try row.decode(column: "languages", as: String.self)
        return Person(
            id: try row.decode(column: "id", as: Int.self),
            fields: PersonFields(
                givenName: try row.decode(column: "given_name", as: String.self),
                familyName: try row.decode(column: "family_name", as: String.self),
                sex: Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .notRecorded,
                languages: languages.split(separator: ",").map(String.init),
                email: try row.decode(column: "email", as: String.self),
                phone: try row.decode(column: "phone", as: String.self),
                ownerInstitutionId: try row.optional("owner_institution_id", as: Int.self),
                positions: [],
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    /// Reads the positions of `people` and puts them in place.
    static func canEdit(_ record: Person, viewer: Viewer) -> Bool { viewer.canEdit(record) }

    static func completed(_ records: [Person], in sql: any SQLDatabase) async throws -> [Person] {
        try await attachPositions(records, in: sql)
    }

    static func attachPositions(_ people: [Person], in sql: any SQLDatabase) async throws -> [Person] {
        guard !people.isEmpty else { return people }
        var query: SQLQueryString = "SELECT person_id, institution_id, title, since, until FROM positions WHERE person_id IN ("
        query.appendInterpolation(unsafeRaw: people.map { String($0.id) }.joined(separator: ","))
        query.appendLiteral(") ORDER BY person_id, ordinal")
        var byPerson: [Int: [Position]] = [:]
        for row in try await sql.raw(query).all() {
            byPerson[try row.decode(column: "person_id", as: Int.self), default: []].append(
                Position(
                    institutionId: try row.decode(column: "institution_id", as: Int.self),
                    title: try row.decode(column: "title", as: String.self),
                    since: try row.optional("since", as: String.self).flatMap(Day.init),
                    until: try row.optional("until", as: String.self).flatMap(Day.init)))
        }
        return people.map { person in
            var copy = person
            copy.fields.positions = byPerson[person.id] ?? []
            return copy
        }
    }

    static func replacePositions(of personId: Int, with positions: [Position], in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM positions WHERE person_id = \(bind: personId)").run()
        for (ordinal, position) in positions.enumerated() {
            try await sql.raw("""
                INSERT INTO positions (person_id, institution_id, title, since, until, ordinal)
                VALUES (\(bind: personId), \(bind: position.institutionId), \(bind: position.title),
                    \(bind: position.since?.description), \(bind: position.until?.description), \(bind: ordinal))
                """).run()
        }
    }

    /// The owner and every position's institution must exist and be visible to the viewer.
    static func checkReferences(_ fields: PersonFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let owner = fields.ownerInstitutionId, try await !institutionExists(owner, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "owner_institution_id", code: "unknown_institution", value: String(owner)))
        }
        for (index, position) in fields.positions.enumerated()
        where try await !institutionExists(position.institutionId, viewer: viewer, in: sql) {
            errors.append(FieldError(
                field: "positions[\(index)].institution_id", code: "unknown_institution", value: String(position.institutionId)))
        }
        return errors
    }

    static func institutionExists(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Bool {
        var query: SQLQueryString = "SELECT id FROM institutions WHERE id = \(bind: id) AND "
        query.appendInterpolation(InstitutionSQL.visibleTo(viewer))
        return try await sql.raw(query).first() != nil
    }
}

extension SQLDirectoryStore {
    public func people(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Person> {
        try await database.read { sql in
            var country: SQLQueryString?
            if let code = query.country, !code.isEmpty {
                // A person belongs to a country through the institutions they hold positions at.
                country = "id IN (SELECT p.person_id FROM positions p JOIN institutions i ON i.id = p.institution_id WHERE i.country_code = \(bind: code.uppercased()))"
            }
            return try await PersonSQL.page(
                query, filters: [("sex", query.sex)], condition: country, orderBy: "family_name, given_name, id", viewer: viewer, in: sql)
        }
    }

    public func person(id: Int, viewer: Viewer) async throws -> Person? {
        try await database.read { sql in try await PersonSQL.visible(id: id, viewer: viewer, in: sql) }
    }

    public func createPerson(_ input: PersonFields, viewer: Viewer, by actor: Actor) async throws -> Person {
        let fields = input.trimmed()
        guard viewer.canEdit(owner: fields.ownerInstitutionId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await PersonSQL.checkReferences(fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO people (given_name, family_name, sex, languages, email, phone, owner_institution_id,
                    visibility, search_text, version, created_at, updated_at)
                VALUES (\(bind: fields.givenName), \(bind: fields.familyName), \(bind: fields.sex.rawValue),
                    \(bind: fields.languages.joined(separator: ",")), \(bind: fields.email), \(bind: fields.phone),
                    \(bind: fields.ownerInstitutionId), \(bind: fields.visibility.rawValue), \(bind: fields.searchText),
                    1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: PersonSQL.columns)
                """).first()
            return try await PersonSQL.created(row, actor: actor, in: sql) { created in
                try await PersonSQL.replacePositions(of: created.id, with: fields.positions, in: sql)
            }
        }
    }

    public func updatePerson(id: Int, version: Int, fields input: PersonFields, viewer: Viewer, by actor: Actor) async throws -> Person {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await PersonSQL.editable(id: id, at: version, viewer: viewer, in: sql)
            if fields.ownerInstitutionId != current.fields.ownerInstitutionId, !viewer.canEdit(owner: fields.ownerInstitutionId) {
                throw StoreError.forbidden
            }
            let errors = fields.validate() + newProblems(
                try await PersonSQL.checkReferences(fields, viewer: viewer, in: sql),
                before: try await PersonSQL.checkReferences(current.fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE people SET given_name = \(bind: fields.givenName), family_name = \(bind: fields.familyName),
                    sex = \(bind: fields.sex.rawValue), languages = \(bind: fields.languages.joined(separator: ",")),
                    email = \(bind: fields.email), phone = \(bind: fields.phone),
                    owner_institution_id = \(bind: fields.ownerInstitutionId), visibility = \(bind: fields.visibility.rawValue),
                    search_text = \(bind: fields.searchText), version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: PersonSQL.columns)
                """).first()
            return try await PersonSQL.updated(row, from: current, actor: actor, in: sql) { _ in
                try await PersonSQL.replacePositions(of: id, with: fields.positions, in: sql)
                // Where she is listed among participants she now counts as her new sex
                if fields.sex != current.fields.sex { try await ActivityReachSQL.refresh(person: id, in: sql) }
            }
        }
    }

    public func deletePerson(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await PersonSQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    public func restorePerson(id: Int, viewer: Viewer, by actor: Actor) async throws -> Person {
        try await PersonSQL.restore(id: id, viewer: viewer, by: actor, in: database)
    }
}
