import WPSCore
import WPSFormats

/// The OpenAPI 3.1 document of `/api/v1`, made from ``APIRoute`` so that every route is
/// described and nothing is described that is not a route.
enum OpenAPIDocument {
    static func make() -> [String: any Sendable] {
        var paths: [String: [String: any Sendable]] = [:]
        for route in APIRoute.allCases {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "WPS Platform API",
                "version": "1.0.0",
                "description": "The directory of the Women, Peace and Security community: countries, institutions, people, networks and boards. Reads of public records need no token; writes need 'Authorization: Bearer TOKEN' (create one with 'wps token create').",
            ] as [String: any Sendable],
            "servers": [["url": "/"]] as [[String: any Sendable]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"] as [String: any Sendable]] as [String: any Sendable],
                "schemas": schemas,
            ] as [String: any Sendable],
        ]
    }

    private static func operation(_ route: APIRoute) -> [String: any Sendable] {
        var parameters: [[String: any Sendable]] = []
        if route.path.contains("{id}") {
            parameters.append(["name": "id", "in": "path", "required": true, "schema": route == .openAPI ? string : identifier])
        }
        if route.path.contains("{member_id}") {
            parameters.append(["name": "member_id", "in": "path", "required": true, "schema": identifier])
        }
        if case .listInstitutions = route { parameters += listParameters(extra: ["kind", "level"]) }
        if case .listPeople = route { parameters += listParameters(extra: ["sex"]) }
        if case .listNetworks = route { parameters += listParameters(extra: ["kind"]) }
        if route == .datasetTable {
            for name in ["rows", "columns"] {
                parameters.append(["name": name, "in": "query", "required": false, "schema": choice(dimensionNames) as [String: any Sendable]])
            }
            parameters.append(["name": "bands", "in": "query", "required": false,
                               "description": "age bands by their lower bounds, e.g. 18,25,35,45,55: whole ages from 14 to 100, at most 20, in any order",
                               "schema": ["type": "string", "pattern": DatasetTable.bandsPattern] as [String: any Sendable]])
        }
        if route == .listRanks {
            parameters.append(["name": "country", "in": "query", "required": false, "schema": ["type": "string"] as [String: any Sendable]])
        }
        if route == .listDatasets { parameters += pageParameters }
        if [.getInstitution, .getPerson, .getNetwork, .institutionHistory, .personHistory, .networkHistory, .listMembers].contains(route) {
            parameters.append(["name": "include_deleted", "in": "query", "required": false,
                               "description": "'true' shows a deleted record (platform admins); otherwise a deleted record answers 404",
                               "schema": string])
        }
        if [.deleteInstitution, .deletePerson, .deleteNetwork].contains(route) {
            parameters.append(["name": "version", "in": "query", "required": false, "schema": identifier])
        }
        var operation: [String: any Sendable] = [
            "operationId": "\(route)",
            "summary": summary(route),
            "tags": [tag(route)],
            "responses": responses(route),
        ]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body = requestSchema(route) {
            operation["requestBody"] = [
                "required": true,
                "content": ["application/json": ["schema": ref(body)] as [String: any Sendable]] as [String: any Sendable],
            ] as [String: any Sendable]
        }
        operation["security"] = route.needsUser ? [["bearer": [String]()]] : [["bearer": [String]()], [String: [String]]()]
        return operation
    }

    private static func listParameters(extra: [String]) -> [[String: any Sendable]] {
        var names = ["q", "country"] + extra
        names.append("include_deleted")
        let parameters: [[String: any Sendable]] = names.map {
            ["name": $0, "in": "query", "required": false, "schema": ["type": "string"] as [String: any Sendable]]
        }
        return parameters + pageParameters
    }

    /// `page` and `per_page`, with the bounds the server enforces (422 outside them).
    private static var pageParameters: [[String: any Sendable]] {
        [("page", PageRequest.maximumPage), ("per_page", PageRequest.maximumPerPage)].map { name, maximum in
            ["name": name, "in": "query", "required": false,
             "schema": ["type": "integer", "minimum": 1, "maximum": maximum] as [String: any Sendable]]
        }
    }

    private static func tag(_ route: APIRoute) -> String {
        let path = route.path
        if path.contains("/members") { return "networks" }
        if path.contains("/datasets") { return "datasets" }
        for name in ["countries", "institutions", "people", "networks"] where path.contains("/\(name)") { return name }
        return "platform"
    }

    private static func summary(_ route: APIRoute) -> String {
        switch route {
        case .openAPI: "This document"
        case .me: "The signed-in user and their roles"
        case .listCountries: "Countries and their levels of government"
        case .createCountry: "Add a country (platform admins)"
        case .listInstitutions, .listPeople, .listNetworks: "List, filter and search by name (ignores case, diacritics and script)"
        case .createInstitution, .createPerson, .createNetwork: "Create a record"
        case .getInstitution, .getPerson, .getNetwork: "Read one record"
        case .updateInstitution, .updatePerson, .updateNetwork: "Change fields; 'version' must be the version read, else 409"
        case .deleteInstitution, .deletePerson, .deleteNetwork: "Mark deleted (restorable)"
        case .restoreInstitution, .restorePerson, .restoreNetwork: "Undo a delete (platform admins)"
        case .institutionHistory, .personHistory, .networkHistory: "The record's audit trail"
        case .listMembers: "Members of a network or board"
        case .addMember: "Add an institution or a person as a member"
        case .removeMember: "End a membership"
        case .listDatasets: "Personnel datasets the caller may see"
        case .createDataset: "Send an aggregate table of counts (analysts, editors and admins of the institution)"
        case .datasetIndicators: "Share of women overall, in senior and decision-making posts, glass-ceiling index, recruitment and attrition, and the series' trend"
        case .comparison: "The latest dataset of each country side by side on NATO codes"
        case .listRanks: "The rank table: national ranks and their NATO codes ('country' filters)"
        case .getDataset: "One dataset"
        case .deleteDataset: "Remove a dataset (analysts, editors and admins of its institution); its series skips it from then on"
        case .datasetTable: "Counts by two dimensions; small counts withheld unless the caller is an analyst of the owner"
        }
    }

    private static func requestSchema(_ route: APIRoute) -> String? {
        switch route {
        case .createCountry: "CountryInput"
        case .createInstitution: "InstitutionInput"
        case .updateInstitution: "InstitutionChange"
        case .createPerson: "PersonInput"
        case .updatePerson: "PersonChange"
        case .createNetwork: "NetworkInput"
        case .updateNetwork: "NetworkChange"
        case .addMember: "MemberInput"
        case .createDataset: "AggregateInput"
        default: nil
        }
    }

    private static func responses(_ route: APIRoute) -> [String: any Sendable] {
        let success: (String, String?)
        switch route {
        case .openAPI: success = ("200", nil)
        case .me: success = ("200", "Me")
        case .listCountries: success = ("200", "CountryList")
        case .createCountry: success = ("201", "Country")
        case .listInstitutions: success = ("200", "InstitutionList")
        case .createInstitution: success = ("201", "Institution")
        case .getInstitution, .updateInstitution, .restoreInstitution: success = ("200", "Institution")
        case .listPeople: success = ("200", "PersonList")
        case .createPerson: success = ("201", "Person")
        case .getPerson, .updatePerson, .restorePerson: success = ("200", "Person")
        case .listNetworks: success = ("200", "NetworkList")
        case .createNetwork: success = ("201", "Network")
        case .getNetwork, .updateNetwork, .restoreNetwork: success = ("200", "Network")
        case .institutionHistory, .personHistory, .networkHistory: success = ("200", "History")
        case .listMembers: success = ("200", "MemberList")
        case .addMember: success = ("201", "Member")
        case .deleteInstitution, .deletePerson, .deleteNetwork, .removeMember: success = ("204", nil)
        case .listDatasets: success = ("200", "DatasetList")
        case .getDataset: success = ("200", "Dataset")
        case .deleteDataset: success = ("204", nil)
        case .createDataset: success = ("201", "Dataset")
        case .datasetIndicators: success = ("200", "Indicators")
        case .comparison: success = ("200", "Comparison")
        case .listRanks: success = ("200", "RankList")
        case .datasetTable: success = ("200", "Table")
        }
        var result: [String: any Sendable] = [:]
        if let schema = success.1 {
            result[success.0] = ["description": "Success", "content": json(ref(schema))] as [String: any Sendable]
        } else if success.0 == "204" {
            result["204"] = ["description": "Done"] as [String: any Sendable]
        } else {
            result["200"] = ["description": "The OpenAPI document", "content": json(["type": "object"])] as [String: any Sendable]
        }
        func error(_ text: String) -> [String: any Sendable] { ["description": text, "content": json(ref("Error"))] }
        result["400"] = error("The request is malformed")
        if route.needsUser { result["401"] = error("No valid API token") }
        if route.path.contains("{id}") { result["404"] = error("No such record, or not visible to the caller") }
        if route.method != .get {
            result["403"] = error("The caller may see the record but not change it")
        }
        if route.method != .get || [.listInstitutions, .listPeople, .listNetworks, .listDatasets, .datasetTable].contains(route) {
            result["422"] = error("Validation failed; details list each field (for a level: not one of the country's level codes)")
        }
        if route.method == .patch || route.method == .delete { result["409"] = error("Stale version") }
        return result
    }

    private static func json(_ schema: [String: any Sendable]) -> [String: any Sendable] {
        ["application/json": ["schema": schema] as [String: any Sendable]]
    }

    private static func ref(_ name: String) -> [String: any Sendable] { ["$ref": "#/components/schemas/\(name)"] }

    private static func object(_ properties: [String: [String: any Sendable]], required: [String] = []) -> [String: any Sendable] {
        var schema: [String: any Sendable] = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    private static func list(_ item: String) -> [String: any Sendable] {
        object([
            "items": ["type": "array", "items": ref(item)], "page": ["type": "integer"],
            "per_page": ["type": "integer"], "total": ["type": "integer"],
        ], required: ["items", "page", "per_page", "total"])
    }

    private static let string: [String: any Sendable] = ["type": "string"]
    private static let integer: [String: any Sendable] = ["type": "integer"]
    /// Ids and versions the server takes: 1 … 2^53 − 1 (``JSONInput/idRange``).
    private static let identifier: [String: any Sendable] = [
        "type": "integer", "minimum": JSONInput.idRange.lowerBound, "maximum": JSONInput.idRange.upperBound,
    ]
    private static let nullableIdentifier: [String: any Sendable] = [
        "type": ["integer", "null"], "minimum": JSONInput.idRange.lowerBound, "maximum": JSONInput.idRange.upperBound,
    ]
    /// A count of people or a reported total (``AggregateTable/countRange``).
    private static let count: [String: any Sendable] = [
        "type": "integer", "minimum": AggregateTable.countRange.lowerBound, "maximum": AggregateTable.countRange.upperBound,
    ]
    private static let boolean: [String: any Sendable] = ["type": "boolean"]
    private static let nullableInteger: [String: any Sendable] = ["type": ["integer", "null"]]
    private static let nullableString: [String: any Sendable] = ["type": ["string", "null"]]
    private static let nullableNumber: [String: any Sendable] = ["type": ["number", "null"]]
    private static let date: [String: any Sendable] = ["type": ["string", "null"], "format": "date"]
    /// A date a client sends: a date, or null or "" for none.
    private static let dateInput: [String: any Sendable] = [
        "anyOf": [["type": "string", "format": "date"], ["type": "string", "maxLength": 0], ["type": "null"]] as [[String: any Sendable]],
    ]
    private static func choice(_ values: [String]) -> [String: any Sendable] { ["type": "string", "enum": values] }
    static let dimensionNames = ["sex", "age_band", "nato_code", "category", "service", "unit", "position_level"]

    private static var schemas: [String: any Sendable] {
        let kinds = InstitutionKind.allCases.map(\.rawValue)
        let visibility = choice(Visibility.allCases.map(\.rawValue))
        let institution: [String: [String: any Sendable]] = [
            "id": integer, "name": string, "name_en": string, "acronym": string, "kind": choice(kinds), "country": string,
            "level": string, "parent_id": nullableInteger, "website": string, "visibility": visibility, "version": integer,
            "deleted": boolean,
        ]
        let position: [String: any Sendable] = object(
            ["institution_id": integer, "title": string, "since": date, "until": date], required: ["institution_id", "title"])
        let positionInput: [String: any Sendable] = object(
            ["institution_id": identifier, "title": ["type": "string", "pattern": "\\S", "maxLength": 200], "since": dateInput, "until": dateInput],
            required: ["institution_id", "title"])
        let person: [String: [String: any Sendable]] = [
            "id": integer, "given_name": string, "family_name": string, "sex": choice(Sex.allCases.map(\.rawValue)),
            "languages": ["type": "array", "items": string], "email": string, "phone": string,
            "owner_institution_id": nullableInteger, "positions": ["type": "array", "items": position],
            "visibility": visibility, "version": integer, "deleted": boolean,
        ]
        let network: [String: [String: any Sendable]] = [
            "id": integer, "name": string, "name_en": string, "kind": choice(NetworkKind.allCases.map(\.rawValue)),
            "country": nullableString, "parent_network_id": nullableInteger, "owner_institution_id": nullableInteger,
            "description": string, "visibility": visibility, "version": integer, "deleted": boolean,
        ]
        /// What a client sends: on POST the required fields, on PATCH the version it read and any
        /// field it changes. Texts the server trims and requires must hold a visible character.
        func input(_ properties: [String: [String: any Sendable]], required: [String], change: Bool) -> [String: any Sendable] {
            var editable = properties
            editable["id"] = nil
            editable["deleted"] = nil
            editable["version"] = nil
            if change { editable["version"] = identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 } }
            for (name, schema) in editable where schema["type"] as? String == "integer" { editable[name] = identifier }
            for (name, schema) in editable where (schema["type"] as? [String]) == ["integer", "null"] { editable[name] = nullableIdentifier }
            for name in required where editable[name]?["type"] as? String == "string" && editable[name]?["enum"] == nil {
                editable[name]?["pattern"] = "\\S"
            }
            return object(editable, required: change ? ["version"] : required)
        }
        func text(_ maximum: Int) -> [String: any Sendable] { ["type": "string", "maxLength": maximum] }
        /// A label in a table of counts: some visible text, at most 300 characters.
        let label: [String: any Sendable] = ["type": "string", "pattern": "\\S", "maxLength": 300]
        /// An input that names every field it takes: any other is refused (`unknown_field`).
        func closed(_ schema: [String: any Sendable]) -> [String: any Sendable] { schema.merging(["additionalProperties": false]) { $1 } }
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
        let level = object(["code": string, "name_en": string, "name_local": string, "tier": integer])
        let indicators: [String: [String: any Sendable]] = [
            "women": nullableInteger, "total": nullableInteger, "share_of_women": nullableNumber,
            "share_in_senior_posts": nullableNumber, "share_in_decision_making": nullableNumber,
            "glass_ceiling_index": nullableNumber,
        ]
        return [
            "Institution": object(institution, required: ["id", "name", "name_en", "acronym", "kind", "country", "level", "parent_id", "website", "visibility", "version"]),
            "InstitutionInput": input(institutionInput, required: ["name", "kind", "country", "level"], change: false),
            "InstitutionChange": input(institutionInput, required: ["name", "kind", "country", "level"], change: true),
            "InstitutionList": list("Institution"),
            "Person": object(person, required: ["id", "given_name", "family_name", "sex", "version"]),
            "PersonInput": input(personInput, required: ["given_name", "family_name", "sex"], change: false),
            "PersonChange": input(personInput, required: ["given_name", "family_name", "sex"], change: true),
            "PersonList": list("Person"),
            "Network": object(network, required: ["id", "name", "kind", "version"]),
            "NetworkInput": input(networkInput, required: ["name"], change: false),
            "NetworkChange": input(networkInput, required: ["name"], change: true),
            "NetworkList": list("Network"),
            "Member": object([
                "id": integer, "network_id": integer, "institution_id": nullableInteger, "person_id": nullableInteger,
                "name": string, "role": choice(MemberRole.allCases.map(\.rawValue)), "since": date, "until": date,
            ], required: ["id", "network_id", "name", "role"]),
            "MemberInput": object([
                "institution_id": identifier, "person_id": identifier, "role": choice(MemberRole.allCases.map(\.rawValue)),
                "since": dateInput, "until": dateInput,
            ], required: ["role"]).merging([
                "description": "either an institution or a person: exactly one of institution_id and person_id",
                "oneOf": [["required": ["institution_id"]], ["required": ["person_id"]]] as [[String: any Sendable]],
            ]) { $1 },
            "MemberList": list("Member"),
            "Country": object([
                "code": string, "name_en": string, "name_local": string, "version": integer,
                "levels": ["type": "array", "items": level],
            ], required: ["code", "name_en", "name_local", "levels"]),
            "CountryInput": object([
                "code": ["type": "string", "pattern": "^[A-Za-z]{2}$"], "name_en": ["type": "string", "pattern": "\\S", "maxLength": 120],
                "name_local": ["type": "string", "pattern": "\\S", "maxLength": 120],
            ], required: ["code", "name_en", "name_local"]),
            "CountryList": list("Country"),
            "History": list("AuditEvent"),
            "Dataset": object([
                "id": integer, "institution_id": integer, "country": string, "reference_date": ["type": "string", "format": "date"],
                "series": string, "kind": choice(["records", "aggregate"]), "file_name": string, "row_count": nullableInteger,
                "visibility": visibility, "version": integer, "source": string, "definition": string,
                "reported_total": nullableInteger, "gap": nullableInteger,
            ], required: ["id", "institution_id", "country", "reference_date", "kind", "row_count"]),
            "AggregateInput": closed(object([
                "institution_id": identifier, "reference_date": ["type": "string", "format": "date"], "series": text(300),
                "source": text(2000), "definition": text(2000), "visibility": visibility,
                "total": count.merging(["description": "the total as reported; may differ from the sum of the counts"]) { $1 },
                "counts": ["type": "array", "minItems": 1, "maxItems": 100_000, "items": closed(object([
                    "sex": choice(Sex.allCases.map(\.rawValue)), "age_band": label, "nato_code": choice(RankMapping.natoCodes + [AnalysisDimension.unknown]),
                    "category": choice(PersonnelCategory.allCases.map(\.rawValue) + [AnalysisDimension.unknown]), "service": label, "unit": label,
                    "position_level": choice(["decision_making", "other", "unknown"]), "n": count,
                ], required: ["n"]))],
            ], required: ["institution_id", "reference_date", "counts"])),
            "DatasetList": list("Dataset"),
            "Rank": object([
                "country": string, "national_rank": string, "nato_code": choice(RankMapping.natoCodes),
                "category": choice(PersonnelCategory.allCases.map(\.rawValue)), "confidence": string,
            ], required: ["country", "national_rank", "nato_code", "category", "confidence"]),
            "RankList": list("Rank"),
            "Indicators": object(indicators.merging([
                "dataset_id": integer, "reference_date": string, "year": integer, "exact": boolean,
                "rates": ["type": "array", "items": object([
                    "sex": string, "recruitment": nullableNumber, "attrition": nullableNumber,
                ], required: ["sex", "recruitment", "attrition"])],
                "between_snapshots": ["type": "array", "items": object([
                    "from_dataset_id": integer, "to_dataset_id": integer, "from": string, "to": string, "people_matched": nullableInteger,
                    "rates": ["type": "array", "items": object([
                        "sex": string, "promotion": nullableNumber, "attrition": nullableNumber, "recruitment": nullableNumber,
                    ])],
                ])],
                "series": ["type": "array", "items": object(indicators.merging([
                    "dataset_id": integer, "reference_date": string,
                ]) { $1 }, required: ["dataset_id", "reference_date", "share_of_women"])],
            ]) { $1 }, required: ["dataset_id", "reference_date", "exact", "share_of_women", "glass_ceiling_index", "rates", "series"]),
            "Comparison": object([
                "codes": ["type": "array", "items": string],
                "countries": ["type": "array", "items": object(indicators.merging([
                    "country": string, "dataset_id": integer, "reference_date": string,
                    "share_of_women_by_code": ["type": "object", "additionalProperties": nullableNumber],
                ]) { $1 }, required: ["country", "dataset_id", "reference_date", "share_of_women_by_code"])],
            ], required: ["codes", "countries"]),
            "Table": object([
                "rows": ["type": "array", "items": string], "columns": ["type": "array", "items": string],
                "cells": ["type": "array", "items": object([
                    "row": string, "column": string, "count": nullableInteger, "percent_of_row": ["type": ["number", "null"]],
                    "suppressed": boolean,
                ], required: ["row", "column", "count", "percent_of_row", "suppressed"])],
                "row_totals": ["type": "array", "items": nullableInteger], "column_totals": ["type": "array", "items": nullableInteger],
                "total": nullableInteger, "threshold": integer, "exact": boolean,
            ], required: ["rows", "columns", "cells", "row_totals", "column_totals", "total"]),
            "AuditEvent": object([
                "id": integer, "at": ["type": "string", "format": "date-time"], "actor_user_id": nullableInteger,
                "actor_name": string, "action": string, "changed_fields": ["type": "array", "items": string],
                "before": nullableString, "after": nullableString,
            ]),
            "Me": object([
                "id": integer, "email": string, "name": string, "is_platform_admin": boolean,
                "roles": ["type": "array", "items": object(["institution_id": string, "role": string])],
            ]),
            "Error": object([
                "error": object([
                    "code": string, "message": string,
                    "details": ["type": "array", "items": object([
                        "field": string, "code": string, "value": string, "message": string,
                    ])],
                ], required: ["code", "message", "details"]),
            ], required: ["error"]),
        ]
    }
}
