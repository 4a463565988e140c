/// Where a project is in its life, with the IATI activity-status code each stands for.
public enum ProjectStatus: String, Codable, Sendable, CaseIterable {
    case pipeline, implementation, finalisation, closed, cancelled, suspended

    /// IATI's ActivityStatus code list.
    public var iatiCode: Int {
        switch self {
        case .pipeline: 1
        case .implementation: 2
        case .finalisation: 3
        case .closed: 4
        case .cancelled: 5
        case .suspended: 6
        }
    }
}

/// A donor's commitment to a project.
public struct Donor: Sendable, Equatable, Codable {
    public var institutionId: Int
    public var amount: Double
    /// ISO 4217.
    public var currency: String

    public init(institutionId: Int, amount: Double, currency: String) {
        self.institutionId = institutionId
        self.amount = amount
        self.currency = currency
    }
}

/// What the editors of a project write: who implements it with whom and with whose money, when,
/// where, for which plan measures, and its description. The owning institution keeps the record.
public struct ProjectFields: Sendable, Equatable, Codable {
    public var title: String
    public var titleEn: String
    public var description: String
    public var start: Day
    public var end: Day?
    public var status: ProjectStatus
    public var ownerId: Int
    /// ISO 3166 alpha-2 codes of the countries it works in.
    public var countries: [String]
    public var implementerIds: [Int]
    public var partnerIds: [Int]
    public var donors: [Donor]
    /// The total budget, when it is known apart from the donors' commitments.
    public var budget: Budget?
    public var measureIds: [Int]
    public var visibility: Visibility

    public init(
        title: String, titleEn: String = "", description: String = "", start: Day, end: Day? = nil, status: ProjectStatus = .implementation,
        ownerId: Int, countries: [String] = [], implementerIds: [Int] = [], partnerIds: [Int] = [], donors: [Donor] = [], budget: Budget? = nil,
        measureIds: [Int] = [], visibility: Visibility = .public
    ) {
        self.title = title
        self.titleEn = titleEn
        self.description = description
        self.start = start
        self.end = end
        self.status = status
        self.ownerId = ownerId
        self.countries = countries
        self.implementerIds = implementerIds
        self.partnerIds = partnerIds
        self.donors = donors
        self.budget = budget
        self.measureIds = measureIds
        self.visibility = visibility
    }

    public var searchText: String { TextFolding.fold("\(title) \(titleEn)") }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 500)
        errors.checkText("title_en", titleEn, required: false, maxLength: 500)
        errors.checkText("description", description, required: false, maxLength: 20_000)
        if let end, end < start { errors.add("end", "before_start", end.description) }
        for (index, code) in countries.enumerated() where !(code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLetter }) {
            errors.add("countries[\(index)]", "not_iso_3166", String(code.prefix(20)))
        }
        for (name, ids) in [("implementer_ids", implementerIds), ("partner_ids", partnerIds), ("measure_ids", measureIds)] {
            if Set(ids).count != ids.count { errors.add(name, "repeated") }
            if ids.count > 200 { errors.add(name, "too_many", String(ids.count)) }
        }
        if donors.count > 100 { errors.add("donors", "too_many", String(donors.count)) }
        for (index, donor) in donors.enumerated() {
            if !(0...PlanNodeFields.largestAmount).contains(donor.amount) || !donor.amount.isFinite {
                errors.add("donors[\(index)].amount", "out_of_range", String(donor.amount))
            }
            if !(donor.currency.count == 3 && donor.currency.allSatisfy { $0.isASCII && $0.isLetter }) {
                errors.add("donors[\(index)].currency", "not_iso_4217", String(donor.currency.prefix(20)))
            }
        }
        if let budget {
            if !(0...PlanNodeFields.largestAmount).contains(budget.amount) { errors.add("budget.amount", "out_of_range", String(budget.amount)) }
            if !(budget.currency.count == 3 && budget.currency.allSatisfy { $0.isASCII && $0.isLetter }) {
                errors.add("budget.currency", "not_iso_4217", String(budget.currency.prefix(20)))
            }
        }
        return errors.all
    }

    public func trimmed() -> ProjectFields {
        var copy = self
        copy.title = title.trimmed
        copy.titleEn = titleEn.trimmed
        copy.description = description.trimmed
        copy.countries = countries.map { $0.trimmed.uppercased() }
        copy.donors = donors.map { Donor(institutionId: $0.institutionId, amount: $0.amount, currency: $0.currency.trimmed.uppercased()) }
        if var budget = copy.budget {
            budget.currency = budget.currency.trimmed.uppercased()
            copy.budget = budget
        }
        return copy
    }
}

public struct Project: Sendable, Equatable, Codable, VersionedRecord {
    public var id: Int
    public var fields: ProjectFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: ProjectFields, version: Int = 1, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// Projects. Seen by their visibility; created and changed by the editors and admins of the
/// owning institution.
public protocol ProjectStore: Sendable {
    func projects(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Project>
    func project(id: Int, viewer: Viewer) async throws -> Project?
    /// - Throws: `StoreError.invalid` naming each field; `.forbidden` without rights in the owner.
    func createProject(_ fields: ProjectFields, viewer: Viewer, by actor: Actor) async throws -> Project
    func updateProject(id: Int, version: Int, fields: ProjectFields, viewer: Viewer, by actor: Actor) async throws -> Project
    func deleteProject(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    /// The project's results with their indicators and actual values; nil when the viewer cannot see it.
    func results(projectId: Int, viewer: Viewer) async throws -> [ProjectResult]?
    /// Adds a result with its indicators (by the project's editors).
    func addResult(projectId: Int, _ fields: ProjectResultFields, viewer: Viewer, by actor: Actor) async throws -> ProjectResult
}
