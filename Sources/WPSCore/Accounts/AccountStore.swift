import Foundation

/// A signed-in browser session.
public struct Session: Sendable, Equatable {
    public var user: User
    public var expiresAt: Date

    public init(user: User, expiresAt: Date) {
        self.user = user
        self.expiresAt = expiresAt
    }
}

/// An API token as listed to its owner (the secret itself is shown once, at creation).
public struct APIToken: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int, userId: Int, label: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.userId = userId
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// What may go wrong with accounts.
public enum AccountError: Error, Sendable, Equatable {
    case emailTaken(String)
    case noSuchUser(String)
    case noSuchInstitution(Int)
    case weakPassword([String])
    case invalidEmail(String)
}

/// Accounts, their roles, sessions, API tokens and sign-in failures. Secrets (session ids,
/// tokens) are given to the store already hashed; it never sees them in clear.
public protocol AccountStore: Sendable {
    /// Creates a user with a bcrypt `passwordHash`.
    /// - Throws: ``AccountError/emailTaken(_:)``.
    func createUser(email: String, name: String, passwordHash: String, isPlatformAdmin: Bool, by actor: Actor) async throws -> User
    /// Gives `userId` `role` in `institutionId`, replacing any role it had there.
    /// - Throws: ``AccountError/noSuchInstitution(_:)``.
    func grant(userId: Int, institutionId: Int, role: InstitutionRole, by actor: Actor) async throws
    /// The user and its bcrypt hash, by e-mail (case-insensitive).
    /// The accounts holding a role in an institution, by name.
    func roleHolders(institutionId: Int) async throws -> [(user: User, role: InstitutionRole)]
    /// Ends a user's role in an institution (audited); does nothing when there is none.
    func revoke(userId: Int, institutionId: Int, by actor: Actor) async throws
    func credentials(email: String) async throws -> (user: User, passwordHash: String)?
    func user(id: Int) async throws -> User?
    /// The number of platform admins.
    func adminCount() async throws -> Int

    func createSession(idHash: String, userId: Int, expiresAt: Date) async throws
    /// The session's user, when the session exists and has not expired.
    func session(idHash: String, now: Date) async throws -> Session?
    func deleteSession(idHash: String) async throws

    func createToken(hash: String, userId: Int, label: String, by actor: Actor) async throws -> APIToken
    /// The token's user, when the token exists and is not revoked.
    func tokenUser(hash: String) async throws -> User?
    /// The account's tokens, newest first, revoked ones included.
    func tokens(userId: Int) async throws -> [APIToken]
    /// Revokes one of the account's tokens.
    /// - Throws: ``StoreError/notFound(entity:id:)`` when it has no such live token.
    func revokeToken(id: Int, userId: Int, by actor: Actor) async throws

    /// Records a failed sign-in for `email`.
    func recordLoginFailure(email: String, at: Date) async throws
    /// Failed sign-ins for `email` since `since`, oldest first.
    func loginFailures(email: String, since: Date) async throws -> [Date]
    /// Forgets failures after a successful sign-in.
    func clearLoginFailures(email: String) async throws
}
