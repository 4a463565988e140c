import Foundation
import Logging
import Metrics
import WPSCore

/// Signing in and out, and making accounts and tokens: the rules around the account store.
public struct AccountService: Sendable {
    let accounts: any AccountStore
    let passwords: PasswordHasher
    let throttle: LoginThrottle
    let sessionLifetime: TimeInterval

    public init(services: AppServices) {
        accounts = services.accounts
        passwords = services.passwords
        throttle = services.throttle
        sessionLifetime = services.config.sessionLifetime
    }

    /// The outcome of a sign-in attempt.
    public enum SignIn: Sendable, Equatable {
        /// Signed in: the cookie value to hand to the browser (only its hash is stored).
        case signedIn(sessionCookie: String, user: User)
        case wrongCredentials
        /// Too many failures: refused until this time, whatever the password.
        case throttled(until: Date)
    }

    /// Checks the password and opens a session. Failed attempts are counted per e-mail address,
    /// whether or not the account exists, so the answer tells nothing about which accounts exist.
    public func signIn(email rawEmail: String, password: String, now: Date = Date()) async throws -> SignIn {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let failures = try await accounts.loginFailures(email: email, since: now.addingTimeInterval(-throttle.window))
        if let until = throttle.lockedUntil(failures: failures, now: now) {
            Counter(label: "wps_failed_logins_total", dimensions: [("reason", "throttled")]).increment()
            return .throttled(until: until)
        }
        let credentials = try await accounts.credentials(email: email)
        // Verify against a fixed hash when the account does not exist, so timing does not tell.
        let hash = credentials?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKxGhuE1Vx7zz8n4vO5j9i0u1q0kVJx1iAe0e"
        let valid = try await passwords.verify(password, hash: hash)
        guard valid, let user = credentials?.user else {
            try await accounts.recordLoginFailure(email: email, at: now)
            Counter(label: "wps_failed_logins_total", dimensions: [("reason", "credentials")]).increment()
            return .wrongCredentials
        }
        try await accounts.clearLoginFailures(email: email)
        let cookie = Secrets.random()
        try await accounts.createSession(idHash: Secrets.hash(cookie), userId: user.id, expiresAt: now.addingTimeInterval(sessionLifetime))
        return .signedIn(sessionCookie: cookie, user: user)
    }

    public func signOut(sessionCookie: String) async throws {
        try await accounts.deleteSession(idHash: Secrets.hash(sessionCookie))
    }

    /// Creates an account after checking the e-mail address and the password.
    /// - Throws: ``AccountError``.
    public func addUser(
        email: String, name: String, password: String, platformAdmin: Bool, institution: (id: Int, role: InstitutionRole)?,
        by actor: Actor
    ) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" ") else {
            throw AccountError.invalidEmail(email)
        }
        let problems = PasswordPolicy.problems(with: password, email: email)
        guard problems.isEmpty else { throw AccountError.weakPassword(problems) }
        let hash = try await passwords.hash(password)
        var user = try await accounts.createUser(
            email: email, name: name.trimmingCharacters(in: .whitespaces), passwordHash: hash, isPlatformAdmin: platformAdmin, by: actor)
        if let institution {
            try await accounts.grant(userId: user.id, institutionId: institution.id, role: institution.role, by: actor)
            user.roles[institution.id] = institution.role
        }
        return user
    }

    /// Makes a new API token for the account with `email`; returns the token in clear, once.
    public func createToken(email: String, label: String, by actor: Actor) async throws -> String {
        guard let user = try await accounts.credentials(email: email)?.user else { throw AccountError.noSuchUser(email) }
        let token = Secrets.random(prefix: "wps_")
        _ = try await accounts.createToken(hash: Secrets.hash(token), userId: user.id, label: label, by: actor)
        return token
    }
}
