import Foundation

/// What a library item is.
public enum LibraryKind: String, Codable, Sendable, CaseIterable {
    case policy, regulation, guideline, toolkit, curriculum
    case goodPractice = "good_practice"
    case lessonLearnt = "lesson_learnt"
    case report, news
}

/// What an editor writes about a policy, practice or lesson: its text in one language, where and
/// whom it concerns, what it addresses (topics: the areas of expertise) and the plans, measures,
/// activities and projects it belongs to. The owning institution keeps the record and decides
/// who sees it.
public struct LibraryItemFields: Sendable, Equatable, Codable {
    public var kind: LibraryKind
    public var title: String
    public var summary: String
    /// Plain text: paragraphs separated by blank lines; addresses become links on the page.
    public var body: String
    /// A BCP 47 tag: `bs`, `hr`, `sr`, `sr-Cyrl`, `mk`, `sq`, `en`, …
    public var language: String
    /// ISO 3166 alpha-2, or nil for a regional or international item.
    public var country: String?
    public var ownerId: Int
    /// Other institutions the item concerns.
    public var institutionIds: [Int]
    /// Codes of the areas of expertise.
    public var topics: [String]
    public var publishedOn: Day?
    public var planIds: [Int]
    public var measureIds: [Int]
    public var activityIds: [Int]
    public var projectIds: [Int]
    public var visibility: Visibility

    public init(
        kind: LibraryKind, title: String, summary: String = "", body: String = "", language: String, country: String? = nil, ownerId: Int,
        institutionIds: [Int] = [], topics: [String] = [], publishedOn: Day? = nil, planIds: [Int] = [], measureIds: [Int] = [],
        activityIds: [Int] = [], projectIds: [Int] = [], visibility: Visibility = .public
    ) {
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.language = language
        self.country = country
        self.ownerId = ownerId
        self.institutionIds = institutionIds
        self.topics = topics
        self.publishedOn = publishedOn
        self.planIds = planIds
        self.measureIds = measureIds
        self.activityIds = activityIds
        self.projectIds = projectIds
        self.visibility = visibility
    }

    /// Language tags the library takes: a two- or three-letter language, optionally a script
    /// (`sr-Cyrl`) or a region (`pt-BR`).
    public static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }), parts.count <= 2 else {
            return false
        }
        guard parts.count == 2 else { return true }
        let second = parts[1]
        let isScript = second.count == 4 && second.first?.isUppercase == true && second.dropFirst().allSatisfy { $0.isASCII && $0.isLowercase }
        let isRegion = second.count == 2 && second.allSatisfy { $0.isASCII && $0.isUppercase }
        return isScript || isRegion
    }

    public static let largestBody = 200_000

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 500)
        errors.checkText("summary", summary, required: false, maxLength: 5000)
        errors.checkText("body", body, required: false, maxLength: Self.largestBody)
        if !Self.isLanguageTag(language) { errors.add("language", "not_bcp_47", String(language.prefix(20))) }
        if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
            errors.add("country", "not_iso_3166", String(country.prefix(20)))
        }
        for (name, ids) in [("institution_ids", institutionIds), ("plan_ids", planIds), ("measure_ids", measureIds),
                            ("activity_ids", activityIds), ("project_ids", projectIds)] {
            if Set(ids).count != ids.count { errors.add(name, "repeated") }
            if ids.count > 200 { errors.add(name, "too_many", String(ids.count)) }
        }
        if Set(topics).count != topics.count { errors.add("topics", "repeated") }
        if topics.count > 50 { errors.add("topics", "too_many", String(topics.count)) }
        return errors.all
    }

    public func trimmed() -> LibraryItemFields {
        var copy = self
        copy.title = title.trimmed
        copy.summary = summary.trimmed
        copy.body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.language = language.trimmed
        copy.country = country.map { $0.trimmed.uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
        copy.topics = topics.map(\.trimmed)
        return copy
    }
}

/// A library item with the other languages of the same text and its attached files.
public struct LibraryItem: Sendable, Equatable, VersionedRecord {
    public var id: Int
    public var fields: LibraryItemFields
    /// The group of translations: the id of the item the group began with.
    public var groupId: Int
    /// The items that are translations of this one (the same group), that the viewer sees.
    public var translationIds: [Int]
    public var attachments: [LibraryAttachment]
    public var version: Int
    public var deleted: Bool

    public init(
        id: Int, fields: LibraryItemFields, groupId: Int? = nil, translationIds: [Int] = [], attachments: [LibraryAttachment] = [], version: Int = 1,
        deleted: Bool = false
    ) {
        self.id = id
        self.fields = fields
        self.groupId = groupId ?? id
        self.translationIds = translationIds
        self.attachments = attachments
        self.version = version
        self.deleted = deleted
    }
}

/// A file attached to a library item and whether its text is searched.
public struct LibraryAttachment: Sendable, Equatable {
    public var attachment: Attachment
    /// Whether text was read from the file and is in the search index.
    public var searchable: Bool

    public init(attachment: Attachment, searchable: Bool) {
        self.attachment = attachment
        self.searchable = searchable
    }
}
