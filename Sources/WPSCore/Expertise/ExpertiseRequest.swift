/// How an expert would work for a request.
public enum MissionFormat: String, Sendable, CaseIterable, Codable {
    case inPerson = "in_person", remote, hybrid
}

/// Where a request for expertise stands.
public enum RequestStatus: String, Sendable, CaseIterable, Codable {
    case open, matching, assigned, completed, reported, cancelled

    /// The steps a request may take from here: forward one at a time, or cancelled before it is
    /// reported.
    public var next: [RequestStatus] {
        switch self {
        case .open: [.matching, .cancelled]
        case .matching: [.assigned, .open, .cancelled]
        case .assigned: [.completed, .matching, .cancelled]
        case .completed: [.reported, .cancelled]
        case .reported, .cancelled: []
        }
    }
}

/// What a request for expertise asks for.
public struct ExpertiseRequestFields: Sendable, Equatable {
    public var title: String
    /// The requesting institution of the directory; nil for a request sent through the public form.
    public var institutionId: Int?
    /// Who sent a public request (name, organisation, e-mail), shown to the secretariat only.
    public var requesterName: String
    public var requesterOrganisation: String
    public var requesterEmail: String
    public var areas: [String]
    public var languages: [String]
    public var country: String?
    public var city: String
    public var start: Day
    public var end: Day
    public var format: MissionFormat
    public var audience: String
    public var expertsNeeded: Int
    public var description: String

    public init(
        title: String, institutionId: Int? = nil, requesterName: String = "", requesterOrganisation: String = "", requesterEmail: String = "",
        areas: [String], languages: [String], country: String? = nil, city: String = "", start: Day, end: Day, format: MissionFormat = .inPerson,
        audience: String = "", expertsNeeded: Int = 1, description: String = ""
    ) {
        self.title = title
        self.institutionId = institutionId
        self.requesterName = requesterName
        self.requesterOrganisation = requesterOrganisation
        self.requesterEmail = requesterEmail
        self.areas = areas
        self.languages = languages
        self.country = country
        self.city = city
        self.start = start
        self.end = end
        self.format = format
        self.audience = audience
        self.expertsNeeded = expertsNeeded
        self.description = description
    }

    public func trimmed() -> ExpertiseRequestFields {
        var fields = self
        let trim: (String) -> String = { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        fields.title = trim(title)
        fields.requesterName = trim(requesterName)
        fields.requesterOrganisation = trim(requesterOrganisation)
        fields.requesterEmail = trim(requesterEmail)
        var seen = Set<String>()
        fields.areas = areas.map { trim($0).lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        seen = []
        fields.languages = languages.map { trim($0).lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        fields.country = country.map { trim($0).uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
        fields.city = trim(city)
        fields.audience = trim(audience)
        fields.description = trim(description)
        return fields
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 300)
        if areas.isEmpty { errors.add("areas", "required") }
        if areas.count > 20 { errors.add("areas", "too_many") }
        if languages.isEmpty { errors.add("languages", "required") }
        for (index, code) in languages.enumerated() where code.range(of: ExpertFields.languageCodePattern, options: .regularExpression) == nil {
            errors.add("languages[\(index)]", "invalid_language", String(code.prefix(20)))
        }
        if let country, country.range(of: "^[A-Z]{2}$", options: .regularExpression) == nil { errors.add("country", "invalid_country", String(country.prefix(20))) }
        errors.checkText("city", city, required: false, maxLength: 200)
        if end < start { errors.add("end", "before_start", end.description) }
        if start.adding(days: 366) < end { errors.add("end", "too_long", end.description) }
        errors.checkText("audience", audience, required: false, maxLength: 1_000)
        errors.checkText("description", description, required: false, maxLength: 10_000)
        errors.checkText("requester_name", requesterName, required: false, maxLength: 200)
        errors.checkText("requester_organisation", requesterOrganisation, required: false, maxLength: 300)
        errors.checkText("requester_email", requesterEmail, required: false, maxLength: 254)
        if !requesterEmail.isEmpty, requesterEmail.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil {
            errors.add("requester_email", "invalid_email", String(requesterEmail.prefix(60)))
        }
        if !(1...20).contains(expertsNeeded) { errors.add("experts_needed", "out_of_range", String(expertsNeeded)) }
        return errors.all
    }
}

/// A request for expertise.
public struct ExpertiseRequest: Sendable, Equatable {
    public var id: Int
    public var fields: ExpertiseRequestFields
    public var status: RequestStatus
    /// A public request is seen by others only once the secretariat confirmed it.
    public var confirmed: Bool
    public var version: Int
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: Int, fields: ExpertiseRequestFields, status: RequestStatus = .open, confirmed: Bool = true, version: Int = 1, createdAt: String = "",
        updatedAt: String = ""
    ) {
        self.id = id
        self.fields = fields
        self.status = status
        self.confirmed = confirmed
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where an expert's assignment to a request stands.
public enum AssignmentStatus: String, Sendable, CaseIterable, Codable {
    case proposed, accepted, declined, reported
}

/// An expert proposed for a request; once accepted, a mission (an `expert_mission` activity).
public struct Assignment: Sendable, Equatable {
    public var id: Int
    public var requestId: Int
    public var expertId: Int
    public var status: AssignmentStatus
    public var activityId: Int?
    public var report: String
    public var reportedAt: String?
    public var feedbackScore: Int?
    public var feedbackText: String
    public var createdAt: String

    public init(
        id: Int, requestId: Int, expertId: Int, status: AssignmentStatus = .proposed, activityId: Int? = nil, report: String = "",
        reportedAt: String? = nil, feedbackScore: Int? = nil, feedbackText: String = "", createdAt: String = ""
    ) {
        self.id = id
        self.requestId = requestId
        self.expertId = expertId
        self.status = status
        self.activityId = activityId
        self.report = report
        self.reportedAt = reportedAt
        self.feedbackScore = feedbackScore
        self.feedbackText = feedbackText
        self.createdAt = createdAt
    }
}
