/// Filters for a list of records (the directory's, plans). Nil or empty means "any".
public struct DirectoryQuery: Sendable, Equatable {
    /// Words to find in names; matched after ``TextFolding/fold(_:)``.
    public var text: String?
    public var country: String?
    /// An institution kind or network kind raw value.
    public var kind: String?
    public var level: String?
    /// For people: a ``Sex`` raw value.
    public var sex: String?
    /// For plans: a ``PlanStatus`` raw value.
    public var status: String?
    /// Include deleted records (platform admins only; others never see them).
    public var includeDeleted: Bool
    public var page: PageRequest

    public init(
        text: String? = nil, country: String? = nil, kind: String? = nil, level: String? = nil,
        sex: String? = nil, status: String? = nil, includeDeleted: Bool = false, page: PageRequest = PageRequest()
    ) {
        self.text = text
        self.country = country
        self.kind = kind
        self.level = level
        self.sex = sex
        self.status = status
        self.includeDeleted = includeDeleted
        self.page = page
    }

    /// The folded words of ``text``, each of which a name must contain.
    public var foldedWords: [String] {
        TextFolding.fold(text ?? "").split(separator: " ").map(String.init)
    }
}
