/// A role a user holds in one institution (DESIGN §3), weakest first.
public enum InstitutionRole: String, Codable, Sendable, CaseIterable, Comparable {
    case member
    case editor
    case analyst
    case admin

    /// Whether this role may create and change the institution's records.
    public var canEdit: Bool { self == .editor || self == .admin }

    private var rank: Int {
        switch self {
        case .member: 0
        case .analyst: 1
        case .editor: 2
        case .admin: 3
        }
    }

    public static func < (lhs: InstitutionRole, rhs: InstitutionRole) -> Bool { lhs.rank < rhs.rank }
}

/// An account that can sign in.
public struct User: Sendable, Equatable, Codable {
    public var id: Int
    public var email: String
    public var name: String
    public var isPlatformAdmin: Bool
    /// Roles by institution id.
    public var roles: [Int: InstitutionRole]

    public init(id: Int, email: String, name: String, isPlatformAdmin: Bool, roles: [Int: InstitutionRole] = [:]) {
        self.id = id
        self.email = email
        self.name = name
        self.isPlatformAdmin = isPlatformAdmin
        self.roles = roles
    }
}

/// Rules for a new password; returns the reasons it is refused (empty when accepted).
public enum PasswordPolicy {
    public static let minimumLength = 12

    /// - Parameters:
    ///   - password: the proposed password.
    ///   - email: the account's e-mail address; the password must not contain its local part.
    public static func problems(with password: String, email: String) -> [String] {
        var reasons: [String] = []
        if password.count < minimumLength {
            reasons.append("it has \(password.count) characters; at least \(minimumLength) are needed")
        }
        if Set(password).count < 5 {
            reasons.append("it uses fewer than 5 different characters")
        }
        let local = email.split(separator: "@").first.map { String($0).lowercased() } ?? ""
        if local.count >= 3, password.lowercased().contains(local) {
            reasons.append("it contains the account's e-mail name")
        }
        let lowered = password.lowercased()
        if commonPasswords.contains(where: { lowered.contains($0) }) {
            reasons.append("it contains a commonly used password")
        }
        return reasons
    }

    private static let commonPasswords = [
        "password", "123456", "qwerty", "letmein", "admin123", "welcome", "lozinka", "sifra",
    ]
}
