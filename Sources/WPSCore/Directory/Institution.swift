import Foundation

/// The kinds of institution of DESIGN §2.1. Raw values are the JSON and database names.
public enum InstitutionKind: String, Codable, Sendable, CaseIterable {
    case genderMechanism = "gender_mechanism"
    case ministryOfDefence = "ministry_of_defence"
    case armedForces = "armed_forces"
    case ministryOfInterior = "ministry_of_interior"
    case police
    case parliament
    case ministry
    case ombudsperson
    case cso
    case csoNetwork = "cso_network"
    case academy
    case internationalOrganisation = "international_organisation"
    case donor
}

/// An institution in the directory.
public struct Institution: Sendable, Equatable, Codable {
    public var id: Int
    public var fields: InstitutionFields
    public var version: Int
    public var deleted: Bool

    public init(id: Int, fields: InstitutionFields, version: Int, deleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.version = version
        self.deleted = deleted
    }
}

/// What a user edits on an institution.
public struct InstitutionFields: Sendable, Equatable, Codable {
    /// Name in the local language.
    public var name: String
    public var nameEn: String
    public var acronym: String
    public var kind: InstitutionKind
    public var country: String
    /// A level code of `country` (see ``GovernmentLevel``).
    public var level: String
    public var parentId: Int?
    public var website: String
    public var visibility: Visibility

    public init(
        name: String, nameEn: String = "", acronym: String = "", kind: InstitutionKind,
        country: String, level: String, parentId: Int? = nil, website: String = "",
        visibility: Visibility = .public
    ) {
        self.name = name
        self.nameEn = nameEn
        self.acronym = acronym
        self.kind = kind
        self.country = country
        self.level = level
        self.parentId = parentId
        self.website = website
        self.visibility = visibility
    }

    /// The text that name searches look in.
    public var searchText: String {
        TextFolding.fold([name, nameEn, acronym].joined(separator: " "))
    }

    /// Checks the rules that need no database: required names, lengths, the web address.
    /// Country, level and parent are checked by the store against what exists.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("name", name, required: true)
        errors.checkText("name_en", nameEn, required: false)
        errors.checkText("acronym", acronym, required: false, maxLength: 30)
        if country.isEmpty { errors.add("country", "required") }
        if level.isEmpty { errors.add("level", "required") }
        if !AddressRules.trim(website).isEmpty, !Self.isWebAddress(website) {
            errors.add("website", "not_a_web_address", website)
        }
        return errors.all
    }

    static func isWebAddress(_ text: String) -> Bool { AddressRules.isWebAddress(text) }

    /// Trims surrounding white space from every text field.
    public func trimmed() -> InstitutionFields {
        var copy = self
        copy.name = name.trimmed
        copy.nameEn = nameEn.trimmed
        copy.acronym = acronym.trimmed
        copy.website = AddressRules.trim(website)
        copy.country = country.trimmed.uppercased()
        copy.level = level.trimmed
        return copy
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
