import WPSCore
import WPSFormats

/// Turns API JSON into directory fields: a POST starts from empty fields and needs the
/// required ones; a PATCH starts from the stored record and changes what it names.
enum DirectoryInput {
    static func institution(_ input: inout JSONInput, onto base: InstitutionFields?) -> InstitutionFields {
        if base == nil { input.require("name", "kind", "country", "level") }
        var fields = base ?? InstitutionFields(name: "", kind: .ministry, country: "", level: "")
        if let value = input.string("name") { fields.name = value }
        if let value = input.string("name_en") { fields.nameEn = value }
        if let value = input.string("acronym") { fields.acronym = value }
        if let value = input.choice("kind", InstitutionKind.self) { fields.kind = value }
        if let value = input.string("country") { fields.country = value }
        if let value = input.string("level") { fields.level = value }
        if case .some(let value) = input.optionalInt("parent_id") { fields.parentId = value }
        if let value = input.string("website") { fields.website = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return fields
    }

    static func person(_ input: inout JSONInput, onto base: PersonFields?) -> PersonFields {
        if base == nil { input.require("given_name", "family_name", "sex") }
        var fields = base ?? PersonFields(givenName: "", familyName: "", sex: .notRecorded)
        if let value = input.string("given_name") { fields.givenName = value }
        if let value = input.string("family_name") { fields.familyName = value }
        if let value = input.choice("sex", Sex.self) { fields.sex = value }
        if let value = input.strings("languages") {
            // The API takes codes as the document states them: two letters, nothing around them.
            for code in value where !(code.unicodeScalars.count == 2 && code.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }) {
                input.fail("languages", "not_iso_639_1", .string(code))
            }
            fields.languages = value
        }
        if let value = input.string("email") { fields.email = value }
        if let value = input.string("phone") { fields.phone = value }
        if case .some(let value) = input.optionalInt("owner_institution_id") { fields.ownerInstitutionId = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        if let positions = input.objects("positions", { nested -> Position? in
            nested.require("institution_id", "title")
            // Read every field before giving up, so that all problems are reported at once.
            let institution = nested.int("institution_id")
            let title = nested.string("title")
            let since = nested.day("since") ?? nil
            let until = nested.day("until") ?? nil
            guard let institution, let title else { return nil }
            return Position(institutionId: institution, title: title, since: since, until: until)
        }) {
            fields.positions = positions
        }
        return fields
    }

    static func network(_ input: inout JSONInput, onto base: NetworkFields?) -> NetworkFields {
        if base == nil { input.require("name") }
        var fields = base ?? NetworkFields(name: "")
        if let value = input.string("name") { fields.name = value }
        if let value = input.string("name_en") { fields.nameEn = value }
        if let value = input.choice("kind", NetworkKind.self) { fields.kind = value }
        if input.has("country") { fields.country = input.string("country", nullable: true) }
        if case .some(let value) = input.optionalInt("parent_network_id") { fields.parentNetworkId = value }
        if case .some(let value) = input.optionalInt("owner_institution_id") { fields.ownerInstitutionId = value }
        if let value = input.string("description") { fields.description = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return fields
    }

    static func membership(_ input: inout JSONInput) -> NewMembership? {
        input.require("role")
        let institution = input.int("institution_id")
        let person = input.int("person_id")
        let role = input.choice("role", MemberRole.self)
        let since = input.day("since") ?? nil
        let until = input.day("until") ?? nil
        let member: MemberRef
        switch (institution, person) {
        case (let id?, nil): member = .institution(id)
        case (nil, let id?): member = .person(id)
        default:
            input.fail("institution_id", "institution_or_person")
            return nil
        }
        guard let role else { return nil }
        return NewMembership(member: member, role: role, since: since, until: until)
    }
}
