import Foundation
import SQLKit
import WPSCore

/// The one SQL implementation of ``AccountStore``.
public struct SQLAccountStore: AccountStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    public func createUser(email: String, name: String, passwordHash: String, isPlatformAdmin: Bool, by actor: Actor) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        return try await database.transaction { sql in
            if try await sql.raw("SELECT id FROM users WHERE email = \(bind: email)").first() != nil {
                throw AccountError.emailTaken(email)
            }
            let row = try await sql.raw("""
                INSERT INTO users (email, name, password_hash, is_platform_admin, created_at)
                VALUES (\(bind: email), \(bind: name), \(bind: passwordHash), \(bind: isPlatformAdmin ? 1 : 0), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int.self) ?? 0
            let user = User(id: id, email: email, name: name, isPlatformAdmin: isPlatformAdmin)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "user", id: String(id), action: .create,
                before: Optional<UserJSON>.none, after: UserJSON(user))
            return user
        }
    }

    public func grant(userId: Int, institutionId: Int, role: InstitutionRole, by actor: Actor) async throws {
        try await database.transaction { sql in
            guard try await sql.raw("SELECT id FROM institutions WHERE id = \(bind: institutionId) AND deleted_at IS NULL").first() != nil
            else { throw AccountError.noSuchInstitution(institutionId) }
            let before = try await sql.raw(
                "SELECT role FROM user_institution_roles WHERE user_id = \(bind: userId) AND institution_id = \(bind: institutionId)"
            ).first()?.decode(column: "role", as: String.self)
            try await sql.raw("""
                INSERT INTO user_institution_roles (user_id, institution_id, role)
                VALUES (\(bind: userId), \(bind: institutionId), \(bind: role.rawValue))
                ON CONFLICT (user_id, institution_id) DO UPDATE SET role = excluded.role
                """).run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "user", id: String(userId), action: .update,
                before: before.map { ["institution_\(institutionId)": $0] },
                after: ["institution_\(institutionId)": role.rawValue])
        }
    }

    public func roleHolders(institutionId: Int) async throws -> [(user: User, role: InstitutionRole)] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT u.id, u.email, u.name, u.is_platform_admin, r.role FROM user_institution_roles r
                JOIN users u ON u.id = r.user_id
                WHERE r.institution_id = \(bind: institutionId) AND u.disabled_at IS NULL ORDER BY u.name, u.id
                """).all().compactMap { row in
                guard let role = InstitutionRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                let user = User(
                    id: try row.decode(column: "id", as: Int.self), email: try row.decode(column: "email", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    isPlatformAdmin: try row.decode(column: "is_platform_admin", as: Int.self) != 0)
                return (user, role)
            }
        }
    }

    public func revoke(userId: Int, institutionId: Int, by actor: Actor) async throws {
        try await database.transaction { sql in
            guard let before = try await sql.raw(
                "SELECT role FROM user_institution_roles WHERE user_id = \(bind: userId) AND institution_id = \(bind: institutionId)"
            ).first()?.decode(column: "role", as: String.self) else { return }
            try await sql.raw(
                "DELETE FROM user_institution_roles WHERE user_id = \(bind: userId) AND institution_id = \(bind: institutionId)"
            ).run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "user", id: String(userId), action: .update,
                before: ["institution_\(institutionId)": before], after: Optional<[String: String]>.none)
        }
    }

    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        return try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT id, email, name, password_hash, is_platform_admin FROM users
                WHERE email = \(bind: email) AND disabled_at IS NULL
                """).first()
            else { return nil }
            let user = try await Self.user(from: row, in: sql)
            return (user, try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func user(id: Int) async throws -> User? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT id, email, name, is_platform_admin FROM users WHERE id = \(bind: id) AND disabled_at IS NULL
                """).first()
            else { return nil }
            return try await Self.user(from: row, in: sql)
        }
    }

    public func adminCount() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM users WHERE is_platform_admin = 1 AND disabled_at IS NULL")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func user(from row: any SQLRow, in sql: any SQLDatabase) async throws -> User {
        let id = try row.decode(column: "id", as: Int.self)
        var roles: [Int: InstitutionRole] = [:]
        for roleRow in try await sql.raw("""
            SELECT r.institution_id, r.role FROM user_institution_roles r
            JOIN institutions i ON i.id = r.institution_id
            WHERE r.user_id = \(bind: id) AND i.deleted_at IS NULL
            """).all()
        {
            if let role = InstitutionRole(rawValue: try roleRow.decode(column: "role", as: String.self)) {
                roles[try roleRow.decode(column: "institution_id", as: Int.self)] = role
            }
        }
        return User(
            id: id, email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            isPlatformAdmin: try row.decode(column: "is_platform_admin", as: Int.self) != 0, roles: roles)
    }

    public func createSession(idHash: String, userId: Int, expiresAt: Date) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                INSERT INTO sessions (id_hash, user_id, created_at, expires_at)
                VALUES (\(bind: idHash), \(bind: userId), \(bind: Timestamp.now()), \(bind: Timestamp.string(expiresAt)))
                """).run()
            // Sessions that have run out are of no use to anyone.
            try await sql.raw("DELETE FROM sessions WHERE expires_at < \(bind: Timestamp.now())").run()
        }
    }

    public func session(idHash: String, now: Date) async throws -> Session? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT s.expires_at, u.id, u.email, u.name, u.is_platform_admin FROM sessions s
                JOIN users u ON u.id = s.user_id
                WHERE s.id_hash = \(bind: idHash) AND s.expires_at > \(bind: Timestamp.string(now)) AND u.disabled_at IS NULL
                """).first()
            else { return nil }
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)) ?? now
            return Session(user: try await Self.user(from: row, in: sql), expiresAt: expires)
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
        }
    }

    public func createToken(hash: String, userId: Int, label: String, by actor: Actor) async throws -> APIToken {
        try await database.transaction { sql in
            let now = Date()
            let row = try await sql.raw("""
                INSERT INTO api_tokens (user_id, label, token_hash, created_at)
                VALUES (\(bind: userId), \(bind: label), \(bind: hash), \(bind: Timestamp.string(now)))
                RETURNING id
                """).first()
            let token = APIToken(
                id: try row?.decode(column: "id", as: Int.self) ?? 0, userId: userId, label: label, createdAt: now, revokedAt: nil)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "api_token", id: String(token.id), action: .create,
                before: Optional<[String: String]>.none, after: ["user_id": String(userId), "label": label])
            return token
        }
    }

    public func tokenUser(hash: String) async throws -> User? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT u.id, u.email, u.name, u.is_platform_admin FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first()
            else { return nil }
            return try await Self.user(from: row, in: sql)
        }
    }

    public func tokens(userId: Int) async throws -> [APIToken] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT id, user_id, label, created_at, revoked_at FROM api_tokens WHERE user_id = \(bind: userId) ORDER BY id DESC
                """).all().map { row in
                APIToken(
                    id: try row.decode(column: "id", as: Int.self), userId: try row.decode(column: "user_id", as: Int.self),
                    label: try row.decode(column: "label", as: String.self),
                    createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
                    revokedAt: try row.optional("revoked_at", as: String.self).flatMap(Timestamp.date))
            }
        }
    }

    public func revokeToken(id: Int, userId: Int, by actor: Actor) async throws {
        try await database.transaction { sql in
            let row = try await sql.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND user_id = \(bind: userId) AND revoked_at IS NULL RETURNING id
                """).first()
            guard row != nil else { throw StoreError.notFound(entity: "api_token", id: String(id)) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "api_token", id: String(id), action: .delete,
                before: ["user_id": String(userId)], after: Optional<[String: String]>.none)
        }
    }

    public func recordLoginFailure(email: String, at: Date) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                "INSERT INTO login_failures (email, failed_at) VALUES (\(bind: email.lowercased()), \(bind: Timestamp.string(at)))"
            ).run()
        }
    }

    public func loginFailures(email: String, since: Date) async throws -> [Date] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT failed_at FROM login_failures WHERE email = \(bind: email.lowercased())
                AND failed_at > \(bind: Timestamp.string(since)) ORDER BY failed_at
                """).all().compactMap { Timestamp.date(try $0.decode(column: "failed_at", as: String.self)) }
        }
    }

    public func clearLoginFailures(email: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM login_failures WHERE email = \(bind: email.lowercased())").run()
        }
    }
}

/// A user as the audit trail writes it (never the password hash).
struct UserJSON: Codable {
    var email: String
    var name: String
    var isPlatformAdmin: Bool

    init(_ user: User) {
        email = user.email
        name = user.name
        isPlatformAdmin = user.isPlatformAdmin
    }
}
