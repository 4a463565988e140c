/// Whether a group is a network or a board that coordinates one (or coordinates a plan).
public enum NetworkKind: String, Codable, Sendable, CaseIterable {
    case network
    case board
}

/// A member's role in a network or board.
public enum MemberRole: String, Codable, Sendable, CaseIterable {
    case chair
    case secretariat
    case member
    case observer
}

/// A network or a coordination board.
public struct Network: Sendable, Equatable, Codable {
    public var id: Int
    public var fields: NetworkFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: NetworkFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// What a user edits on a network.
public struct NetworkFields: Sendable, Equatable, Codable {
    public var name: String
    public var nameEn: String
    public var kind: NetworkKind
    /// Nil for a regional network that spans countries.
    public var country: String?
    /// The network a board coordinates, if any.
    public var parentNetworkId: Int?
    /// The institution that keeps the record (often the secretariat).
    public var ownerInstitutionId: Int?
    public var description: String
    public var visibility: Visibility

    public init(
        name: String, nameEn: String = "", kind: NetworkKind = .network, country: String? = nil,
        parentNetworkId: Int? = nil, ownerInstitutionId: Int? = nil, description: String = "",
        visibility: Visibility = .public
    ) {
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.country = country
        self.parentNetworkId = parentNetworkId
        self.ownerInstitutionId = ownerInstitutionId
        self.description = description
        self.visibility = visibility
    }

    public var searchText: String { TextFolding.fold("\(name) \(nameEn)") }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("name", name, required: true)
        errors.checkText("name_en", nameEn, required: false)
        errors.checkText("description", description, required: false, maxLength: 4000)
        return errors.all
    }

    public func trimmed() -> NetworkFields {
        var copy = self
        copy.name = name.trimmed
        copy.nameEn = nameEn.trimmed
        copy.description = description.trimmed
        if let country { copy.country = country.trimmed.isEmpty ? nil : country.trimmed.uppercased() }
        return copy
    }
}

/// Who a member is: an institution or a person.
public enum MemberRef: Sendable, Equatable, Codable {
    case institution(Int)
    case person(Int)
}

/// A membership of an institution or a person in a network, with its role and period.
public struct NetworkMember: Sendable, Equatable, Codable {
    public var id: Int
    public var networkId: Int
    public var member: MemberRef
    /// The member's display name at the time it was read.
    public var memberName: String
    public var role: MemberRole
    public var since: Day?
    public var until: Day?

    public init(
        id: Int, networkId: Int, member: MemberRef, memberName: String, role: MemberRole,
        since: Day?, until: Day?
    ) {
        self.id = id
        self.networkId = networkId
        self.member = member
        self.memberName = memberName
        self.role = role
        self.since = since
        self.until = until
    }
}

extension NetworkMember {
    /// The membership as the API and the audit trail write it (each adds its own ids): who,
    /// under which name, in which role, from when until when.
    public struct Written: Encodable, Sendable {
        public var institutionId: Int?
        public var personId: Int?
        public var name: String
        public var role: String
        public var since: String?
        public var until: String?
    }

    public var written: Written {
        var written = Written(name: memberName, role: role.rawValue, since: since?.description, until: until?.description)
        switch member {
        case .institution(let id): written.institutionId = id
        case .person(let id): written.personId = id
        }
        return written
    }
}

/// A new membership as a user submits it.
public struct NewMembership: Sendable, Equatable {
    public var member: MemberRef
    public var role: MemberRole
    public var since: Day?
    public var until: Day?

    public init(member: MemberRef, role: MemberRole, since: Day? = nil, until: Day? = nil) {
        self.member = member
        self.role = role
        self.since = since
        self.until = until
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if let since, let until, until < since { errors.add("until", "before_since", until.description) }
        return errors.all
    }
}
