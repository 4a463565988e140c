import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The directory's routes of the JSON API: countries, institutions, people, networks and their
/// members.
enum DirectoryRoute: APISlice {
    case listCountries, createCountry
    case listInstitutions, createInstitution, getInstitution, updateInstitution, deleteInstitution, restoreInstitution,
        institutionHistory
    case listPeople, createPerson, getPerson, updatePerson, deletePerson, restorePerson, personHistory
    case listNetworks, createNetwork, getNetwork, updateNetwork, deleteNetwork, restoreNetwork, networkHistory
    case listMembers, addMember, removeMember

    var method: HTTPRequest.Method {
        switch self {
        case .createCountry, .createInstitution, .createPerson, .createNetwork, .addMember, .restoreInstitution, .restorePerson,
            .restoreNetwork:
            .post
        case .updateInstitution, .updatePerson, .updateNetwork: .patch
        case .deleteInstitution, .deletePerson, .deleteNetwork, .removeMember: .delete
        case .listCountries, .listInstitutions, .getInstitution, .institutionHistory, .listPeople, .getPerson, .personHistory, .listNetworks,
            .getNetwork, .networkHistory, .listMembers:
            .get
        }
    }

    var path: String {
        switch self {
        case .listCountries, .createCountry: "/api/v1/countries"
        case .listInstitutions, .createInstitution: "/api/v1/institutions"
        case .getInstitution, .updateInstitution, .deleteInstitution: "/api/v1/institutions/{id}"
        case .restoreInstitution: "/api/v1/institutions/{id}/restore"
        case .institutionHistory: "/api/v1/institutions/{id}/history"
        case .listPeople, .createPerson: "/api/v1/people"
        case .getPerson, .updatePerson, .deletePerson: "/api/v1/people/{id}"
        case .restorePerson: "/api/v1/people/{id}/restore"
        case .personHistory: "/api/v1/people/{id}/history"
        case .listNetworks, .createNetwork: "/api/v1/networks"
        case .getNetwork, .updateNetwork, .deleteNetwork: "/api/v1/networks/{id}"
        case .restoreNetwork: "/api/v1/networks/{id}/restore"
        case .networkHistory: "/api/v1/networks/{id}/history"
        case .listMembers, .addMember: "/api/v1/networks/{id}/members"
        case .removeMember: "/api/v1/networks/{id}/members/{member_id}"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let includeDeleted = S.includeDeletedParameter
        let version: [[String: any Sendable]] = [["name": "version", "in": "query", "required": false, "schema": S.identifier]]
        switch self {
        case .listCountries: return APIOperation(summary: "Countries and their levels of government", tag: "countries", success: ("200", "CountryList"))
        case .createCountry:
            return APIOperation(summary: "Add a country (platform admins)", tag: "countries", body: "CountryInput", success: ("201", "Country"), validates: true)
        case .listInstitutions, .listPeople, .listNetworks:
            let (tag, extra, item) = switch self {
            case .listInstitutions: ("institutions", ["kind", "level"], "InstitutionList")
            case .listPeople: ("people", ["sex"], "PersonList")
            default: ("networks", ["kind"], "NetworkList")
            }
            return APIOperation(
                summary: "List, filter and search by name (ignores case, diacritics and script)", tag: tag,
                query: S.listParameters(extra: extra), success: ("200", item), validates: true)
        case .createInstitution, .createPerson, .createNetwork:
            let (tag, body, record) = switch self {
            case .createInstitution: ("institutions", "InstitutionInput", "Institution")
            case .createPerson: ("people", "PersonInput", "Person")
            default: ("networks", "NetworkInput", "Network")
            }
            return APIOperation(summary: "Create a record", tag: tag, body: body, success: ("201", record), validates: true)
        case .getInstitution, .getPerson, .getNetwork:
            return APIOperation(summary: "Read one record", tag: collection, query: includeDeleted, success: ("200", record))
        case .updateInstitution, .updatePerson, .updateNetwork:
            return APIOperation(
                summary: "Change fields; 'version' must be the version read, else 409", tag: collection, body: "\(record)Change",
                success: ("200", record), validates: true)
        case .deleteInstitution, .deletePerson, .deleteNetwork:
            return APIOperation(summary: "Mark deleted (restorable)", tag: collection, query: version, success: ("204", nil), validates: true)
        case .restoreInstitution, .restorePerson, .restoreNetwork:
            return APIOperation(summary: "Undo a delete (platform admins)", tag: collection, success: ("200", record), validates: true)
        case .institutionHistory, .personHistory, .networkHistory:
            return APIOperation(summary: "The record's audit trail", tag: collection, query: includeDeleted, success: ("200", "History"))
        case .listMembers:
            return APIOperation(summary: "Members of a network or board", tag: "networks", query: includeDeleted, success: ("200", "MemberList"))
        case .addMember:
            return APIOperation(summary: "Add an institution or a person as a member", tag: "networks", body: "MemberInput", success: ("201", "Member"), validates: true)
        case .removeMember:
            return APIOperation(summary: "End a membership", tag: "networks", success: ("204", nil), validates: true)
        }
    }

    /// The collection a record route belongs to, and its record's schema.
    private var collection: String {
        path.hasPrefix("/api/v1/institutions") ? "institutions" : path.hasPrefix("/api/v1/people") ? "people" : "networks"
    }

    private var record: String {
        switch collection {
        case "institutions": "Institution"
        case "people": "Person"
        default: "Network"
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let kinds = InstitutionKind.allCases.map(\.rawValue)
        let visibility = S.choice(Visibility.allCases.map(\.rawValue))
        let institution: [String: [String: any Sendable]] = [
            "id": S.integer, "name": S.string, "name_en": S.string, "acronym": S.string, "kind": S.choice(kinds), "country": S.string,
            "level": S.string, "parent_id": S.nullableInteger, "website": S.string, "visibility": visibility, "version": S.integer,
            "deleted": S.boolean,
        ]
        let position: [String: any Sendable] = S.object(
            ["institution_id": S.integer, "title": S.string, "since": S.date, "until": S.date], required: ["institution_id", "title"])
        let positionInput: [String: any Sendable] = S.object(
            ["institution_id": S.identifier, "title": ["type": "string", "pattern": S.visibleText, "maxLength": 200], "since": S.dateInput, "until": S.dateInput],
            required: ["institution_id", "title"])
        let person: [String: [String: any Sendable]] = [
            "id": S.integer, "given_name": S.string, "family_name": S.string, "sex": S.choice(Sex.allCases.map(\.rawValue)),
            "languages": ["type": "array", "items": S.string], "email": S.string, "phone": S.string,
            "owner_institution_id": S.nullableInteger, "positions": ["type": "array", "items": position],
            "visibility": visibility, "version": S.integer, "deleted": S.boolean,
        ]
        let network: [String: [String: any Sendable]] = [
            "id": S.integer, "name": S.string, "name_en": S.string, "kind": S.choice(NetworkKind.allCases.map(\.rawValue)),
            "country": S.nullableString, "parent_network_id": S.nullableInteger, "owner_institution_id": S.nullableInteger,
            "description": S.string, "visibility": visibility, "version": S.integer, "deleted": S.boolean,
        ]
        /// What a client sends: on POST the required fields, on PATCH the version it read and any
        /// field it changes. Texts the server trims and requires must hold a visible character.
        func input(_ properties: [String: [String: any Sendable]], required: [String], change: Bool) -> [String: any Sendable] {
            var editable = properties
            editable["id"] = nil
            editable["deleted"] = nil
            editable["version"] = nil
            if change { editable["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 } }
            for (name, schema) in editable where schema["type"] as? String == "integer" { editable[name] = S.identifier }
            for (name, schema) in editable where (schema["type"] as? [String]) == ["integer", "null"] { editable[name] = S.nullableIdentifier }
            for name in required where editable[name]?["type"] as? String == "string" && editable[name]?["enum"] == nil {
                editable[name]?["pattern"] = S.visibleText
            }
            return S.object(editable, required: change ? ["version"] : required)
        }
        func text(_ maximum: Int) -> [String: any Sendable] { ["type": "string", "maxLength": maximum] }
        var institutionInput = institution
        for (name, maximum) in [("name", 300), ("name_en", 300), ("acronym", 30)] { institutionInput[name] = text(maximum) }
        institutionInput["country"] = ["type": "string", "pattern": "^[A-Za-z]{2}$"]
        institutionInput["level"] = ["type": "string", "description": "one of the country's level codes (GET /api/v1/countries)"]
        institutionInput["website"] = ["type": "string", "description": "an http:// or https:// address, or empty", "pattern": AddressRules.webPattern]
        var personInput = person
        for (name, maximum) in [("given_name", 100), ("family_name", 100), ("phone", 40)] { personInput[name] = text(maximum) }
        personInput["languages"] = ["type": "array", "items": ["type": "string", "pattern": "^[a-zA-Z]{2}$", "description": "ISO 639-1"] as [String: any Sendable]]
        personInput["email"] = ["type": "string", "description": "an e-mail address, or empty", "pattern": AddressRules.emailPattern]
        personInput["positions"] = ["type": "array", "items": positionInput, "description": "the whole list; [] for none"]
        var networkInput = network
        for name in ["name", "name_en"] { networkInput[name] = text(300) }
        networkInput["description"] = text(4000)
        let level = S.object(["code": S.string, "name_en": S.string, "name_local": S.string, "tier": S.integer])
        return [
            "Institution": S.object(institution, required: ["id", "name", "name_en", "acronym", "kind", "country", "level", "parent_id", "website", "visibility", "version"]),
            "InstitutionInput": input(institutionInput, required: ["name", "kind", "country", "level"], change: false),
            "InstitutionChange": input(institutionInput, required: ["name", "kind", "country", "level"], change: true),
            "InstitutionList": S.list("Institution"),
            "Person": S.object(person, required: ["id", "given_name", "family_name", "sex", "version"]),
            "PersonInput": input(personInput, required: ["given_name", "family_name", "sex"], change: false),
            "PersonChange": input(personInput, required: ["given_name", "family_name", "sex"], change: true),
            "PersonList": S.list("Person"),
            "Network": S.object(network, required: ["id", "name", "kind", "version"]),
            "NetworkInput": input(networkInput, required: ["name"], change: false),
            "NetworkChange": input(networkInput, required: ["name"], change: true),
            "NetworkList": S.list("Network"),
            "Member": S.object([
                "id": S.integer, "network_id": S.integer, "institution_id": S.nullableInteger, "person_id": S.nullableInteger,
                "name": S.string, "role": S.choice(MemberRole.allCases.map(\.rawValue)), "since": S.date, "until": S.date,
            ], required: ["id", "network_id", "name", "role"]),
            "MemberInput": S.object([
                "institution_id": S.identifier, "person_id": S.identifier, "role": S.choice(MemberRole.allCases.map(\.rawValue)),
                "since": S.dateInput, "until": S.dateInput,
            ], required: ["role"]).merging([
                "description": "either an institution or a person: exactly one of institution_id and person_id",
                "oneOf": [["required": ["institution_id"]], ["required": ["person_id"]]] as [[String: any Sendable]],
            ]) { $1 },
            "MemberList": S.list("Member"),
            "Country": S.object([
                "code": S.string, "name_en": S.string, "name_local": S.string, "version": S.integer,
                "levels": ["type": "array", "items": level],
            ], required: ["code", "name_en", "name_local", "levels"]),
            "CountryInput": S.object([
                "code": ["type": "string", "pattern": "^[A-Za-z]{2}$"], "name_en": ["type": "string", "pattern": S.visibleText, "maxLength": 120],
                "name_local": ["type": "string", "pattern": S.visibleText, "maxLength": 120],
            ], required: ["code", "name_en", "name_local"]),
            "CountryList": S.list("Country"),
            "History": S.list("AuditEvent"),
            "AuditEvent": S.object([
                "id": S.integer, "at": ["type": "string", "format": "date-time"], "actor_user_id": S.nullableInteger,
                "actor_name": S.string, "action": S.string, "changed_fields": ["type": "array", "items": S.string],
                "before": S.nullableString, "after": S.nullableString,
            ]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (DirectoryRoute) -> APIHandler {
        let store = services.directory
        let institutions = CollectionAPI<Institution, InstitutionFields, InstitutionJSON>(
            entity: .institution,
            list: store.institutions, get: store.institution, create: store.createInstitution,
            update: store.updateInstitution, delete: store.deleteInstitution, restore: store.restoreInstitution,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, _ in InstitutionJSON(record) }, read: DirectoryInput.institution)
        let people = CollectionAPI<Person, PersonFields, PersonJSON>(
            entity: .person,
            list: store.people, get: store.person, create: store.createPerson,
            update: store.updatePerson, delete: store.deletePerson, restore: store.restorePerson,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, viewer in PersonJSON(record, viewer: viewer) }, read: DirectoryInput.person)
        let networks = CollectionAPI<Network, NetworkFields, NetworkJSON>(
            entity: .network,
            list: store.networks, get: store.network, create: store.createNetwork,
            update: store.updateNetwork, delete: store.deleteNetwork, restore: store.restoreNetwork,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, _ in NetworkJSON(record) }, read: DirectoryInput.network)

        return { route in
            switch route {
            case .listCountries:
                return { request, context in
                    let countries = try await store.countries().map(CountryJSON.init)
                    return try JSONResponse(ListJSON(items: countries, page: 1, perPage: countries.count, total: countries.count))
                        .response(from: request, context: context)
                }
            case .createCountry:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    guard signedIn.user.isPlatformAdmin else { throw StoreError.forbidden }
                    var input = try await JSONInput.read(request)
                    input.require("code", "name_en", "name_local")
                    let country = Country(
                        code: (input.string("code") ?? "").uppercased(), nameEn: input.string("name_en") ?? "",
                        nameLocal: input.string("name_local") ?? "")
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let created = try await store.addCountry(country, by: signedIn.actor)
                    return try JSONResponse(CountryJSON(created), status: .created).response(from: request, context: context)
                }
            case .listInstitutions: return institutions.list
            case .createInstitution: return institutions.create
            case .getInstitution: return institutions.get
            case .updateInstitution: return institutions.update
            case .deleteInstitution: return institutions.delete
            case .restoreInstitution: return institutions.restore
            case .institutionHistory: return institutions.history
            case .listPeople: return people.list
            case .createPerson: return people.create
            case .getPerson: return people.get
            case .updatePerson: return people.update
            case .deletePerson: return people.delete
            case .restorePerson: return people.restore
            case .personHistory: return people.history
            case .listNetworks: return networks.list
            case .createNetwork: return networks.create
            case .getNetwork: return networks.get
            case .updateNetwork: return networks.update
            case .deleteNetwork: return networks.delete
            case .restoreNetwork: return networks.restore
            case .networkHistory: return networks.history
            case .listMembers:
                return { request, context in
                    let id = try context.parameters.require("id", as: Int.self)
                    guard try await networks.visibleRecord(id, request, context.viewer) != nil else { throw APIProblem.notFound }
                    let members = try await store.members(networkId: id, viewer: context.viewer).map(MemberJSON.init)
                    return try JSONResponse(ListJSON(items: members, page: 1, perPage: max(1, members.count), total: members.count))
                        .response(from: request, context: context)
                }
            case .addMember:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try context.parameters.require("id", as: Int.self)
                    var input = try await JSONInput.read(request)
                    let membership = DirectoryInput.membership(&input)
                    guard input.errors.isEmpty, let membership else { throw StoreError.invalid(input.errors) }
                    let member = try await store.addMember(networkId: id, membership, viewer: signedIn.viewer, by: signedIn.actor)
                    return try JSONResponse(MemberJSON(member), status: .created).response(from: request, context: context)
                }
            case .removeMember:
                return { _, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try context.parameters.require("id", as: Int.self)
                    let member = try context.parameters.require("member_id", as: Int.self)
                    try await store.removeMember(networkId: id, memberId: member, viewer: signedIn.viewer, by: signedIn.actor)
                    return Response(status: .noContent)
                }
            }
        }
    }
}
