import Foundation
import SQLKit
import WPSCore

/// Row mapping and rules for `institutions`.
enum InstitutionSQL: VersionedRecordSQL {
    static let table = "institutions"
    static let entity = "institution"
    static let columns =
        "id, name, name_en, acronym, kind, country_code, level_code, parent_id, website, visibility, version, deleted_at"

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["id", "parent_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> Institution {
        let kind = try row.decode(column: "kind", as: String.self)
        let visibility = try row.decode(column: "visibility", as: String.self)
        return Institution(
            id: try row.decode(column: "id", as: Int.self),
            fields: InstitutionFields(
                name: try row.decode(column: "name", as: String.self),
                nameEn: try row.decode(column: "name_en", as: String.self),
                acronym: try row.decode(column: "acronym", as: String.self),
                kind: InstitutionKind(rawValue: kind) ?? .ministry,
                country: try row.decode(column: "country_code", as: String.self),
                level: try row.decode(column: "level_code", as: String.self),
                parentId: try row.optional("parent_id", as: Int.self),
                website: try row.decode(column: "website", as: String.self),
                visibility: Visibility(rawValue: visibility) ?? .institution),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    /// Checks the references of `fields`: the country and its level exist, and the parent exists,
    /// is visible and would not make a cycle.
    static func checkReferences(
        _ fields: InstitutionFields, id: Int?, viewer: Viewer, in sql: any SQLDatabase
    ) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if !fields.country.isEmpty {
            let country = try await sql.raw("SELECT code FROM countries WHERE code = \(bind: fields.country)").first()
            if country == nil {
                errors.append(FieldError(field: "country", code: "unknown_country", value: fields.country))
            } else if !fields.level.isEmpty {
                let level = try await sql.raw(
                    "SELECT code FROM government_levels WHERE country_code = \(bind: fields.country) AND code = \(bind: fields.level)"
                ).first()
                if level == nil { errors.append(FieldError(field: "level", code: "unknown_level", value: fields.level)) }
            }
        }
        if let parentId = fields.parentId {
            var query: SQLQueryString = "SELECT id, parent_id FROM institutions WHERE id = \(bind: parentId) AND "
            query.appendInterpolation(visibleTo(viewer))
            if try await sql.raw(query).first() == nil {
                errors.append(FieldError(field: "parent_id", code: "unknown_institution", value: String(parentId)))
            } else if let id, try await ancestors(of: parentId, in: sql).contains(id) || parentId == id {
                errors.append(FieldError(field: "parent_id", code: "cycle", value: String(parentId)))
            }
        }
        return errors
    }

    private static func ancestors(of id: Int, in sql: any SQLDatabase) async throws -> [Int] {
        var chain: [Int] = []
        var current: Int? = id
        while let next = current, !chain.contains(next), chain.count < 100 {
            chain.append(next)
            current = try await sql.raw("SELECT parent_id FROM institutions WHERE id = \(bind: next)").first()?
                .decode(column: "parent_id", as: Int?.self)
        }
        return chain
    }

    static func canEdit(_ record: Institution, viewer: Viewer) -> Bool { viewer.canEdit(record) }
}

extension SQLDirectoryStore {
    public func institutions(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Institution> {
        try await database.read { sql in
            try await InstitutionSQL.page(
                query, filters: [("country_code", query.country?.uppercased()), ("kind", query.kind), ("level_code", query.level)],
                orderBy: "search_text, id", viewer: viewer, in: sql)
        }
    }

    public func institution(id: Int, viewer: Viewer) async throws -> Institution? {
        try await database.read { sql in try await InstitutionSQL.visible(id: id, viewer: viewer, in: sql) }
    }

    public func createInstitution(_ input: InstitutionFields, viewer: Viewer, by actor: Actor) async throws -> Institution {
        let fields = input.trimmed()
        // Only a platform admin creates a top-level institution; others create under their own.
        guard viewer.isPlatformAdmin || (fields.parentId.map { viewer.canEdit(owner: $0) } ?? false) else {
            throw StoreError.forbidden
        }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await InstitutionSQL.checkReferences(fields, id: nil, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO institutions (name, name_en, acronym, kind, country_code, level_code, parent_id, website,
                    visibility, search_text, version, created_at, updated_at)
                VALUES (\(bind: fields.name), \(bind: fields.nameEn), \(bind: fields.acronym), \(bind: fields.kind.rawValue),
                    \(bind: fields.country), \(bind: fields.level), \(bind: fields.parentId), \(bind: fields.website),
                    \(bind: fields.visibility.rawValue), \(bind: fields.searchText), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: InstitutionSQL.columns)
                """).first()
            return try await InstitutionSQL.created(row, actor: actor, in: sql)
        }
    }

    public func updateInstitution(
        id: Int, version: Int, fields input: InstitutionFields, viewer: Viewer, by actor: Actor
    ) async throws -> Institution {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let current = try await InstitutionSQL.editable(id: id, at: version, viewer: viewer, in: sql)
            // Moving an institution under another parent needs the right there too.
            if fields.parentId != current.fields.parentId, !viewer.isPlatformAdmin,
                !(fields.parentId.map { viewer.canEdit(owner: $0) } ?? false)
            {
                throw StoreError.forbidden
            }
            let errors = fields.validate() + newProblems(
                try await InstitutionSQL.checkReferences(fields, id: id, viewer: viewer, in: sql),
                before: try await InstitutionSQL.checkReferences(current.fields, id: id, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE institutions SET name = \(bind: fields.name), name_en = \(bind: fields.nameEn),
                    acronym = \(bind: fields.acronym), kind = \(bind: fields.kind.rawValue), country_code = \(bind: fields.country),
                    level_code = \(bind: fields.level), parent_id = \(bind: fields.parentId), website = \(bind: fields.website),
                    visibility = \(bind: fields.visibility.rawValue), search_text = \(bind: fields.searchText),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: InstitutionSQL.columns)
                """).first()
            return try await InstitutionSQL.updated(row, from: current, actor: actor, in: sql) { _ in
                // Its participants without a kind of their own now count under its new kind
                if fields.kind != current.fields.kind { try await ActivityReachSQL.refresh(institution: id, in: sql) }
            }
        }
    }

    public func deleteInstitution(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await InstitutionSQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    public func restoreInstitution(id: Int, viewer: Viewer, by actor: Actor) async throws -> Institution {
        try await InstitutionSQL.restore(id: id, viewer: viewer, by: actor, in: database)
    }
}
