import Foundation
import SQLKit
import WPSCore
import WPSFormats

/// The one SQL implementation of ``RankStore``.
public struct SQLRankStore: RankStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    struct RankJSON: Codable, Equatable {
        var nationalRank: String
        var natoCode: String
        var category: String
        var confidence: String
        var version: Int
    }

    public func ranks(country: String?) async throws -> [RankMapping] {
        let rows = try await database.read { sql in
            var query: SQLQueryString = "SELECT country_code, national_rank, nato_code, category, confidence FROM ranks"
            if let country { query.appendLiteral(" WHERE country_code = "); query.appendInterpolation(bind: country.uppercased()) }
            query.appendLiteral(" ORDER BY country_code, folded")
            return try await sql.raw(query).all()
        }
        let mappings = try rows.compactMap { row -> RankMapping? in
            guard let category = PersonnelCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
            return RankMapping(
                country: try row.decode(column: "country_code", as: String.self), nationalRank: try row.decode(column: "national_rank", as: String.self),
                natoCode: try row.decode(column: "nato_code", as: String.self), category: category,
                confidence: try row.decode(column: "confidence", as: String.self))
        }
        func seniority(_ rank: RankMapping) -> Int { RankMapping.seniority(ofCode: rank.natoCode) ?? 99 }
        return mappings.sorted { ($0.country, seniority($0), $0.nationalRank) < ($1.country, seniority($1), $1.nationalRank) }
    }

    public func setRank(_ mapping: RankMapping, viewer: Viewer, by actor: Actor) async throws -> RankMapping {
        var mapping = mapping
        mapping.country = mapping.country.uppercased()
        mapping.nationalRank = mapping.nationalRank.trimmingCharacters(in: .whitespaces)
        let errors = mapping.validate()
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        guard viewer.isPlatformAdmin else { throw StoreError.forbidden }
        let folded = TextFolding.fold(mapping.nationalRank)
        let saved = mapping
        try await database.transaction { sql in
            let before = try await Self.current(country: saved.country, folded: folded, in: sql)
            try await sql.raw("""
                INSERT INTO ranks (country_code, national_rank, folded, nato_code, category, confidence, updated_at)
                VALUES (\(bind: saved.country), \(bind: saved.nationalRank), \(bind: folded), \(bind: saved.natoCode),
                    \(bind: saved.category.rawValue), \(bind: saved.confidence), \(bind: Timestamp.now()))
                ON CONFLICT (country_code, folded) DO UPDATE SET national_rank = excluded.national_rank, nato_code = excluded.nato_code,
                    category = excluded.category, confidence = excluded.confidence, version = ranks.version + 1, updated_at = excluded.updated_at
                """).run()
            let after = try await Self.current(country: saved.country, folded: folded, in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "rank", id: "\(saved.country)/\(folded)", action: before == nil ? .create : .update,
                before: before, after: after)
        }
        return saved
    }

    public func removeRank(country: String, nationalRank: String, viewer: Viewer, by actor: Actor) async throws {
        guard viewer.isPlatformAdmin else { throw StoreError.forbidden }
        let country = country.uppercased()
        let folded = TextFolding.fold(nationalRank)
        try await database.transaction { sql in
            guard let before = try await Self.current(country: country, folded: folded, in: sql) else {
                throw StoreError.notFound(entity: "rank", id: "\(country)/\(folded)")
            }
            try await sql.raw("DELETE FROM ranks WHERE country_code = \(bind: country) AND folded = \(bind: folded)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "rank", id: "\(country)/\(folded)", action: .delete, before: before,
                after: Optional<RankJSON>.none)
        }
    }

    static func current(country: String, folded: String, in sql: any SQLDatabase) async throws -> RankJSON? {
        guard let row = try await sql.raw("""
            SELECT national_rank, nato_code, category, confidence, version FROM ranks WHERE country_code = \(bind: country) AND folded = \(bind: folded)
            """).first() else { return nil }
        return RankJSON(
            nationalRank: try row.decode(column: "national_rank", as: String.self), natoCode: try row.decode(column: "nato_code", as: String.self),
            category: try row.decode(column: "category", as: String.self), confidence: try row.decode(column: "confidence", as: String.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Adds the ranks of the shipped reference file that this database has not been given yet,
    /// each audited as made by the platform. A rank given once is never given again: one an
    /// admin corrected keeps the correction, one an admin removed stays removed, and one an
    /// admin added before the file had it keeps the admin's code.
    /// - Returns: the ranks added now.
    @discardableResult
    static func mergeShipped(_ database: WPSDatabase) async throws -> [RankMapping] {
        let shipped = try RankReference.load()
        let engine = database.engine
        return try await database.transaction { sql in
            if engine == .postgres {
                // Two servers starting at once on one database merge one after the other.
                try await sql.raw("SELECT pg_advisory_xact_lock(1325000002)").run()
            }
            let given = Set(try await sql.raw("SELECT country_code, folded FROM rank_seeds").all().map {
                "\(try $0.decode(column: "country_code", as: String.self))/\(try $0.decode(column: "folded", as: String.self))"
            })
            let now = Timestamp.now()
            var added: [RankMapping] = []
            for mapping in shipped {
                let country = mapping.country.uppercased()
                let folded = TextFolding.fold(mapping.nationalRank)
                guard !given.contains("\(country)/\(folded)") else { continue }
                if try await Self.current(country: country, folded: folded, in: sql) == nil {
                    try await sql.raw("""
                        INSERT INTO ranks (country_code, national_rank, folded, nato_code, category, confidence, updated_at)
                        VALUES (\(bind: country), \(bind: mapping.nationalRank), \(bind: folded),
                            \(bind: mapping.natoCode), \(bind: mapping.category.rawValue), \(bind: mapping.confidence), \(bind: now))
                        """).run()
                    try await AuditTrail.record(
                        in: sql, actor: .system("platform: shipped rank table"), entity: "rank", id: "\(country)/\(folded)",
                        action: .create, before: Optional<RankJSON>.none, after: try await Self.current(country: country, folded: folded, in: sql))
                    added.append(mapping)
                }
                try await sql.raw("""
                    INSERT INTO rank_seeds (country_code, folded, seeded_at) VALUES (\(bind: country), \(bind: folded), \(bind: now))
                    ON CONFLICT (country_code, folded) DO NOTHING
                    """).run()
            }
            return added
        }
    }
}
