/// Sex as recorded in the directory and in statistics.
public enum Sex: String, Codable, Sendable, CaseIterable {
    case female
    case male
    case other
    case notRecorded = "not_recorded"
}

/// A person in the directory.
public struct Person: Sendable, Equatable, Codable {
    public var id: Int
    public var fields: PersonFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: PersonFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// A position a person held at an institution over a period.
public struct Position: Sendable, Equatable, Codable {
    public var institutionId: Int
    public var title: String
    public var since: Day?
    public var until: Day?

    public init(institutionId: Int, title: String, since: Day? = nil, until: Day? = nil) {
        self.institutionId = institutionId
        self.title = title
        self.since = since
        self.until = until
    }
}

/// What a user edits on a person.
public struct PersonFields: Sendable, Equatable, Codable {
    public var givenName: String
    public var familyName: String
    public var sex: Sex
    /// ISO 639-1 codes, e.g. `bs`, `en`, `sq`.
    public var languages: [String]
    /// Contact details: shown only to signed-in users with a right in the owning institution.
    public var email: String
    public var phone: String
    /// The institution that keeps this record; its editors may change it.
    public var ownerInstitutionId: Int?
    public var positions: [Position]
    public var visibility: Visibility

    public init(
        givenName: String, familyName: String, sex: Sex, languages: [String] = [],
        email: String = "", phone: String = "", ownerInstitutionId: Int? = nil,
        positions: [Position] = [], visibility: Visibility = .public
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.sex = sex
        self.languages = languages
        self.email = email
        self.phone = phone
        self.ownerInstitutionId = ownerInstitutionId
        self.positions = positions
        self.visibility = visibility
    }

    public var displayName: String { "\(givenName) \(familyName)" }

    public var searchText: String { TextFolding.fold("\(givenName) \(familyName)") }

    /// Checks names, languages, e-mail and position periods.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("given_name", givenName, required: true, maxLength: 100)
        errors.checkText("family_name", familyName, required: true, maxLength: 100)
        for language in languages where !Self.isLanguageCode(language) {
            errors.add("languages", "not_iso_639_1", language)
        }
        if !AddressRules.trim(email).isEmpty, !Self.isEmailAddress(email) { errors.add("email", "not_an_email_address", email) }
        errors.checkText("phone", phone, required: false, maxLength: 40)
        for (index, position) in positions.enumerated() {
            errors.checkText("positions[\(index)].title", position.title, required: true, maxLength: 200)
            if let since = position.since, let until = position.until, until < since {
                errors.add("positions[\(index)].until", "before_since", until.description)
            }
        }
        return errors.all
    }

    static func isLanguageCode(_ text: String) -> Bool {
        text.count == 2 && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    static func isEmailAddress(_ text: String) -> Bool { AddressRules.isEmailAddress(text) }

    public func trimmed() -> PersonFields {
        var copy = self
        copy.givenName = givenName.trimmed
        copy.familyName = familyName.trimmed
        copy.email = AddressRules.trim(email)
        copy.phone = phone.trimmed
        copy.languages = languages.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty }
        copy.positions = positions.map { var p = $0; p.title = p.title.trimmed; return p }
        return copy
    }
}
