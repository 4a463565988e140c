import Foundation
import Logging
import SQLKit
import WPSCore

/// The one SQL implementation of ``DirectoryStore``, on SQLite and PostgreSQL alike.
public struct SQLDirectoryStore: DirectoryStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    public func countries() async throws -> [Country] {
        try await database.read { sql in
            let levelRows = try await sql.raw(
                "SELECT country_code, code, name_en, name_local, tier FROM government_levels ORDER BY country_code, tier, name_en"
            ).all()
            var levels: [String: [GovernmentLevel]] = [:]
            for row in levelRows {
                levels[try row.decode(column: "country_code", as: String.self), default: []].append(
                    GovernmentLevel(
                        code: try row.decode(column: "code", as: String.self),
                        nameEn: try row.decode(column: "name_en", as: String.self),
                        nameLocal: try row.decode(column: "name_local", as: String.self),
                        tier: try row.decode(column: "tier", as: Int.self)))
            }
            return try await sql.raw("SELECT code, name_en, name_local, version FROM countries ORDER BY code").all().map { row in
                let code = try row.decode(column: "code", as: String.self)
                return Country(
                    code: code, nameEn: try row.decode(column: "name_en", as: String.self),
                    nameLocal: try row.decode(column: "name_local", as: String.self),
                    levels: levels[code] ?? [], version: try row.decode(column: "version", as: Int.self))
            }
        }
    }

    public func addCountry(_ country: Country, by actor: Actor) async throws -> Country {
        var errors = Country.validate(code: country.code, nameEn: country.nameEn, nameLocal: country.nameLocal)
        var levelErrors = FieldErrors()
        for (index, level) in country.levels.enumerated() {
            levelErrors.checkText("levels[\(index)].code", level.code, required: true, maxLength: 30)
            levelErrors.checkText("levels[\(index)].name_en", level.nameEn, required: true, maxLength: 120)
            if !(1...3).contains(level.tier) { levelErrors.add("levels[\(index)].tier", "out_of_range", String(level.tier)) }
        }
        errors += levelErrors.all
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        // A country always has at least a national and a local level to attach institutions to.
        let levels = country.levels.isEmpty
            ? [GovernmentLevel(code: "national", nameEn: "National", nameLocal: country.nameLocal, tier: 1),
               GovernmentLevel(code: "local", nameEn: "Local", nameLocal: "Local", tier: 3)]
            : country.levels
        try await database.transaction { sql in
            let exists = try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country.code)").first()
            if exists != nil { throw StoreError.invalid([FieldError(field: "code", code: "taken", value: country.code)]) }
            try await sql.raw("""
                INSERT INTO countries (code, name_en, name_local, created_at)
                VALUES (\(bind: country.code), \(bind: country.nameEn), \(bind: country.nameLocal), \(bind: Timestamp.now()))
                """).run()
            for level in levels {
                try await sql.raw("""
                    INSERT INTO government_levels (country_code, code, name_en, name_local, tier)
                    VALUES (\(bind: country.code), \(bind: level.code), \(bind: level.nameEn), \(bind: level.nameLocal), \(bind: level.tier))
                    """).run()
            }
            var stored = country
            stored.levels = levels
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "country", id: country.code, action: .create,
                before: Optional<CountryJSON>.none, after: CountryJSON(stored))
        }
        var stored = country
        stored.levels = levels
        return stored
    }

    public func institutionNames(ids: [Int], viewer: Viewer) async throws -> [Int: String] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        return try await database.read { sql in
            var query: SQLQueryString = "SELECT id, name FROM institutions WHERE id IN ("
            query.appendInterpolation(unsafeRaw: unique.map(String.init).joined(separator: ","))
            query.appendLiteral(") AND ")
            query.appendInterpolation(InstitutionSQL.visibleTo(viewer))
            var names: [Int: String] = [:]
            for row in try await sql.raw(query).all() {
                names[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "name", as: String.self)
            }
            return names
        }
    }

    public func history(entity: DirectoryEntity, id: Int, viewer: Viewer) async throws -> [AuditEvent] {
        let visible: Bool
        switch entity {
        case .institution: visible = try await institution(id: id, viewer: viewer) != nil
        case .person: visible = try await person(id: id, viewer: viewer) != nil
        case .network: visible = try await network(id: id, viewer: viewer) != nil
        }
        guard visible else { return [] }
        return try await database.read { sql in
            try await AuditTrail.events(in: sql, entity: entity.rawValue, id: String(id))
        }
    }
}

/// A country as the audit trail and the API write it.
struct CountryJSON: Codable {
    var code: String
    var nameEn: String
    var nameLocal: String
    var levels: [String]

    init(_ country: Country) {
        code = country.code
        nameEn = country.nameEn
        nameLocal = country.nameLocal
        levels = country.levels.map(\.code)
    }
}
