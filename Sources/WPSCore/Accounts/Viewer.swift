/// Who is looking: the rules of DESIGN §3 applied to one request. Stores use it to return only
/// what the viewer may see, so that a hidden record answers exactly like a missing one.
public struct Viewer: Sendable, Equatable {
    public var userId: Int?
    public var isPlatformAdmin: Bool
    public var roles: [Int: InstitutionRole]

    public init(userId: Int?, isPlatformAdmin: Bool = false, roles: [Int: InstitutionRole] = [:]) {
        self.userId = userId
        self.isPlatformAdmin = isPlatformAdmin
        self.roles = roles
    }

    /// Someone who is not signed in.
    public static let anonymous = Viewer(userId: nil)

    public init(user: User) {
        self.init(userId: user.id, isPlatformAdmin: user.isPlatformAdmin, roles: user.roles)
    }

    public var isSignedIn: Bool { userId != nil }

    /// What ``canSee(_:owner:)`` lets this viewer see, as text: two viewers with the same scope
    /// see the same records. The key of values kept for viewers, so that what one may see is
    /// never handed to another.
    public var visibilityScope: String {
        if isPlatformAdmin { return "admin" }
        return (isSignedIn ? "platform" : "public") + ":" + institutionIds.sorted().map(String.init).joined(separator: ",")
    }

    /// Whether content with `visibility`, owned by `owner`, may be seen.
    public func canSee(_ visibility: Visibility, owner: Int?) -> Bool {
        if isPlatformAdmin { return true }
        switch visibility {
        case .public: return true
        case .platform: return isSignedIn
        case .institution: return owner.map { roles[$0] != nil } ?? false
        }
    }

    /// Whether records owned by `owner` may be created or changed. Records with no owner
    /// belong to the platform and only its admins change them.
    public func canEdit(owner: Int?) -> Bool {
        if isPlatformAdmin { return true }
        guard let owner, let role = roles[owner] else { return false }
        return role.canEdit
    }

    /// Whether a person's contact details, kept by `owner`, may be shown.
    public func canSeeContacts(owner: Int?) -> Bool {
        if isPlatformAdmin { return true }
        guard let owner else { return false }
        return roles[owner] != nil
    }

    /// The institution ids in which the viewer holds any role.
    public var institutionIds: [Int] { roles.keys.sorted() }
}

extension Viewer {
    /// An institution is kept by itself and by its parent: editors of either may change it.
    public func canEdit(_ institution: Institution) -> Bool {
        canEdit(owner: institution.id) || (institution.fields.parentId.map { canEdit(owner: $0) } ?? false)
    }

    public func canEdit(_ person: Person) -> Bool { canEdit(owner: person.fields.ownerInstitutionId) }

    public func canEdit(_ network: Network) -> Bool { canEdit(owner: network.fields.ownerInstitutionId) }

    /// Whether the viewer may create records at all (somewhere).
    public var canCreateAnything: Bool { isPlatformAdmin || roles.values.contains { $0.canEdit } }
}
