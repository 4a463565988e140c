import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `people` and their `positions`.
enum PersonSQL {
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
                ownerInstitutionId: try row.decode(column: "owner_institution_id", as: Int?.self),
                positions: [],
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.decode(column: "deleted_at", as: String?.self) != nil)
    }

    /// Reads the positions of `people` and puts them in place.
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
                    since: try row.decode(column: "since", as: String?.self).flatMap(Day.init),
                    until: try row.decode(column: "until", as: String?.self).flatMap(Day.init)))
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
            var fromWhere: SQLQueryString = "FROM people WHERE "
            fromWhere.appendInterpolation(PersonSQL.visibleTo(viewer, includeDeleted: query.includeDeleted))
            if let country = query.country, !country.isEmpty {
                // A person belongs to a country through the institutions they hold positions at.
                fromWhere.appendLiteral(
                    " AND id IN (SELECT p.person_id FROM positions p JOIN institutions i ON i.id = p.institution_id WHERE i.country_code = ")
                fromWhere.appendInterpolation(bind: country.uppercased())
                fromWhere.appendLiteral(")")
            }
            if let sex = query.sex, !sex.isEmpty {
                fromWhere.appendLiteral(" AND sex = ")
                fromWhere.appendInterpolation(bind: sex)
            }
            VisibilitySQL.appendTextMatch(query.foldedWords, to: &fromWhere)
            var page = try await VisibilitySQL.page(
                in: sql, columns: PersonSQL.columns, fromWhere: fromWhere, orderBy: "family_name, given_name, id",
                request: query.page, decode: PersonSQL.decode)
            page.items = try await PersonSQL.attachPositions(page.items, in: sql)
            return page
        }
    }

    public func person(id: Int, viewer: Viewer) async throws -> Person? {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT \(unsafeRaw: PersonSQL.columns) FROM people WHERE id = \(bind: id) AND "
            query.appendInterpolation(PersonSQL.visibleTo(viewer, includeDeleted: true))
            guard let person = try await sql.raw(query).first().map(PersonSQL.decode) else { return nil }
            return try await PersonSQL.attachPositions([person], in: sql).first
        }
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
            guard let row else { throw StoreError.notFound(entity: "person", id: "new") }
            var created = try PersonSQL.decode(row)
            try await PersonSQL.replacePositions(of: created.id, with: fields.positions, in: sql)
            created.fields.positions = fields.positions
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "person", id: String(created.id), action: .create,
                before: Optional<PersonFields>.none, after: created.fields)
            return created
        }
    }

    public func updatePerson(id: Int, version: Int, fields input: PersonFields, viewer: Viewer, by actor: Actor) async throws -> Person {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await Self.editablePerson(id: id, viewer: viewer, in: sql)
            guard current.version == version else {
                throw StoreError.versionConflict(entity: "person", id: id, expected: version, current: current.version)
            }
            if fields.ownerInstitutionId != current.fields.ownerInstitutionId, !viewer.canEdit(owner: fields.ownerInstitutionId) {
                throw StoreError.forbidden
            }
            let errors = fields.validate() + (try await PersonSQL.checkReferences(fields, viewer: viewer, in: sql))
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
            guard let row else {
                throw StoreError.versionConflict(entity: "person", id: id, expected: version, current: current.version)
            }
            var updated = try PersonSQL.decode(row)
            try await PersonSQL.replacePositions(of: id, with: fields.positions, in: sql)
            updated.fields.positions = fields.positions
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "person", id: String(id), action: .update,
                before: current.fields, after: updated.fields)
            return updated
        }
    }

    public func deletePerson(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            let current = try await Self.editablePerson(id: id, viewer: viewer, in: sql)
            try await SoftDelete.markDeleted(
                table: "people", entity: "person", id: id, expectedVersion: version, currentVersion: current.version,
                fields: current.fields, actor: actor, in: sql)
        }
    }

    public func restorePerson(id: Int, viewer: Viewer, by actor: Actor) async throws -> Person {
        guard viewer.isPlatformAdmin else { throw StoreError.notFound(entity: "person", id: String(id)) }
        let restored: Person? = try await database.transaction { sql in
            let row = try await sql.raw("""
                UPDATE people SET deleted_at = NULL, version = version + 1 WHERE id = \(bind: id) AND deleted_at IS NOT NULL
                RETURNING \(unsafeRaw: PersonSQL.columns)
                """).first()
            guard let row else { return nil }
            guard let restored = try await PersonSQL.attachPositions([try PersonSQL.decode(row)], in: sql).first else {
                throw StoreError.notFound(entity: "person", id: String(id))
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "person", id: String(id), action: .restore,
                before: Optional<PersonFields>.none, after: restored.fields)
            return restored
        }
        if let restored { return restored }
        // Restoring a live record changes nothing and answers it: a repeated request is harmless.
        if let live = try await person(id: id, viewer: viewer), !live.deleted { return live }
        throw StoreError.notFound(entity: "person", id: String(id))
    }

    static func editablePerson(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Person {
        var query: SQLQueryString = "SELECT \(unsafeRaw: PersonSQL.columns) FROM people WHERE id = \(bind: id) AND "
        query.appendInterpolation(PersonSQL.visibleTo(viewer))
        guard let person = try await sql.raw(query).first().map(PersonSQL.decode),
            let current = try await PersonSQL.attachPositions([person], in: sql).first
        else {
            throw StoreError.notFound(entity: "person", id: String(id))
        }
        guard viewer.canEdit(owner: current.fields.ownerInstitutionId) else { throw StoreError.forbidden }
        return current
    }
}
