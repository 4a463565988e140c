/// One area a policy gap review asks about, with the guidance that closes a gap in it and the
/// topics whose library toolkits and guidelines address it.
public struct ReviewArea: Sendable, Equatable, Codable {
    public var code: String
    public var title: String
    public var question: String
    public var guidance: String
    /// Codes of the areas of expertise (the library's topics) whose items address a gap here.
    public var topics: [String]

    public init(code: String, title: String, question: String, guidance: String, topics: [String]) {
        self.code = code
        self.title = title
        self.question = question
        self.guidance = guidance
        self.topics = topics
    }
}

/// A versioned questionnaire: a new version is a new template of the same code, so reviews
/// answered on an earlier one keep the questions they answered.
public struct ReviewTemplate: Sendable, Equatable {
    public var id: Int
    public var code: String
    public var version: Int
    public var title: String
    public var areas: [ReviewArea]

    public init(id: Int, code: String, version: Int, title: String, areas: [ReviewArea]) {
        self.id = id
        self.code = code
        self.version = version
        self.title = title
        self.areas = areas
    }

    /// Codes of at most 60 lower-case letters, digits and underscores.
    public static func isCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 60 && code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }

    public static func validate(code: String, title: String, areas: [ReviewArea]) -> [FieldError] {
        var errors = FieldErrors()
        if !isCode(code) { errors.add("code", "invalid_code", String(code.prefix(60))) }
        errors.checkText("title", title, required: true, maxLength: 500)
        if areas.isEmpty { errors.add("areas", "required") }
        if areas.count > 100 { errors.add("areas", "too_many", String(areas.count)) }
        if Set(areas.map(\.code)).count != areas.count { errors.add("areas", "repeated") }
        for (index, area) in areas.enumerated() {
            if !isCode(area.code) { errors.add("areas[\(index)].code", "invalid_code", String(area.code.prefix(60))) }
            errors.checkText("areas[\(index)].title", area.title, required: true, maxLength: 300)
            errors.checkText("areas[\(index)].question", area.question, required: true, maxLength: 2000)
            errors.checkText("areas[\(index)].guidance", area.guidance, required: false, maxLength: 5000)
            if area.topics.count > 20 { errors.add("areas[\(index)].topics", "too_many", String(area.topics.count)) }
            for (position, topic) in area.topics.enumerated() where topic.unicodeScalars.count > 60 {
                errors.add("areas[\(index)].topics[\(position)]", "too_long", String(topic.prefix(40)))
            }
        }
        return errors.all
    }
}

/// How far a policy meets an area.
public enum ReviewAnswerValue: String, Codable, Sendable, CaseIterable {
    case yes, partly, no
    case notApplicable = "not_applicable"

    /// Whether the answer leaves a gap.
    public var isGap: Bool { self == .partly || self == .no }
}

/// An institution's answer in one area, with its evidence and the action it takes.
public struct ReviewAnswer: Sendable, Equatable, Codable {
    public var area: String
    public var answer: ReviewAnswerValue
    public var comment: String
    /// Library items that show the answer (the institution's policy, a report).
    public var evidenceItemIds: [Int]
    /// What the institution will do about a gap, and whether it is done.
    public var action: String
    public var actionDone: Bool

    public init(area: String, answer: ReviewAnswerValue, comment: String = "", evidenceItemIds: [Int] = [], action: String = "", actionDone: Bool = false) {
        self.area = area
        self.answer = answer
        self.comment = comment
        self.evidenceItemIds = evidenceItemIds
        self.action = action
        self.actionDone = actionDone
    }
}

public enum ReviewStatus: String, Codable, Sendable, CaseIterable {
    case draft, submitted
}

/// What an institution writes in its review.
public struct PolicyReviewFields: Sendable, Equatable, Codable {
    public var templateId: Int
    public var institutionId: Int
    public var status: ReviewStatus
    public var answers: [ReviewAnswer]
    /// Whether the regional comparison may show it (when submitted).
    public var shared: Bool

    public init(templateId: Int, institutionId: Int, status: ReviewStatus = .draft, answers: [ReviewAnswer] = [], shared: Bool = false) {
        self.templateId = templateId
        self.institutionId = institutionId
        self.status = status
        self.answers = answers
        self.shared = shared
    }

    /// Every answer must name an area of the template once; a submitted review answers every area.
    public func validate(against template: ReviewTemplate) -> [FieldError] {
        var errors = FieldErrors()
        let codes = Set(template.areas.map(\.code))
        var seen = Set<String>()
        for (index, answer) in answers.enumerated() {
            if !codes.contains(answer.area) { errors.add("answers[\(index)].area", "unknown_review_area", String(answer.area.prefix(60))) }
            if !seen.insert(answer.area).inserted { errors.add("answers[\(index)].area", "repeated", answer.area) }
            errors.checkText("answers[\(index)].comment", answer.comment, required: false, maxLength: 5000)
            errors.checkText("answers[\(index)].action", answer.action, required: false, maxLength: 2000)
            if answer.evidenceItemIds.count > 50 { errors.add("answers[\(index)].evidence_item_ids", "too_many") }
        }
        if status == .submitted {
            for area in template.areas where !seen.contains(area.code) { errors.add("answers", "unanswered_area", area.code) }
        }
        return errors.all
    }
}

public struct PolicyReview: Sendable, Equatable, VersionedRecord {
    public var id: Int
    public var fields: PolicyReviewFields
    public var submittedAt: String?
    public var version: Int
    public var deleted: Bool { false }

    public init(id: Int, fields: PolicyReviewFields, submittedAt: String? = nil, version: Int = 1) {
        self.id = id
        self.fields = fields
        self.submittedAt = submittedAt
        self.version = version
    }
}

/// A gap of a submitted review: the area, the answer, and what addresses it.
public struct ReviewGap: Sendable, Equatable {
    public var area: ReviewArea
    public var answer: ReviewAnswer
    /// Toolkits, guidelines and good practices of the area's topics that the reader sees.
    public var libraryItemIds: [Int]

    public init(area: ReviewArea, answer: ReviewAnswer, libraryItemIds: [Int]) {
        self.area = area
        self.answer = answer
        self.libraryItemIds = libraryItemIds
    }
}

/// Reviews of policies against templates. Seen by the reviewing institution's members (and
/// platform admins); submitted shared reviews also by every signed-in user in the comparison.
public protocol PolicyReviewStore: Sendable {
    func templates() async throws -> [ReviewTemplate]
    func template(id: Int) async throws -> ReviewTemplate?
    /// A new version of the template `code` (platform admins).
    func saveTemplate(code: String, title: String, areas: [ReviewArea], viewer: Viewer, by actor: Actor) async throws -> ReviewTemplate
    func reviews(viewer: Viewer) async throws -> [PolicyReview]
    func review(id: Int, viewer: Viewer) async throws -> PolicyReview?
    func createReview(_ fields: PolicyReviewFields, viewer: Viewer, by actor: Actor) async throws -> PolicyReview
    /// A submitted review cannot change (409 `review_submitted`).
    func updateReview(id: Int, version: Int, fields: PolicyReviewFields, viewer: Viewer, by actor: Actor) async throws -> PolicyReview
    /// The gaps of a submitted review by area, in the template's order; nil when unseen.
    func gaps(reviewId: Int, viewer: Viewer) async throws -> [ReviewGap]?
    /// The latest submitted, shared review of each institution on the template's code, for a signed-in viewer.
    func comparison(templateId: Int, viewer: Viewer) async throws -> (ReviewTemplate, [PolicyReview])?
}
