import WPSCore
import WPSFormats

/// The OpenAPI 3.1 document of `/api/v1`, assembled from what each slice of ``APIRoute``
/// declares (its operations and component schemas), so that every route is described and
/// nothing is described that is not a route. The shared schema pieces live here.
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
                "description": "The Women, Peace and Security community's platform: the directory (countries, institutions, people, networks and boards), sex-disaggregated personnel data, and UNSCR 1325 action plans. Reads of public records need no token; writes need 'Authorization: Bearer TOKEN' (create one with 'wps token create').",
            ] as [String: any Sendable],
            "servers": [["url": "/"]] as [[String: any Sendable]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"] as [String: any Sendable]] as [String: any Sendable],
                "schemas": APIRoute.schemas,
            ] as [String: any Sendable],
        ]
    }

    /// A route's operation: what its slice declares, plus what follows from its method, path and
    /// whether it needs a user (path parameters, security, the error answers).
    private static func operation(_ route: APIRoute) -> [String: any Sendable] {
        let declared = route.operation
        var parameters: [[String: any Sendable]] = []
        if route.path.contains("{id}") {
            parameters.append(["name": "id", "in": "path", "required": true, "schema": identifier])
        }
        if route.path.contains("{member_id}") {
            parameters.append(["name": "member_id", "in": "path", "required": true, "schema": identifier])
        }
        parameters += declared.query
        var operation: [String: any Sendable] = [
            "operationId": route.name,
            "summary": declared.summary,
            "tags": [declared.tag],
            "responses": responses(route, declared),
        ]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if declared.binaryBody {
            operation["requestBody"] = [
                "required": true,
                "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"] as [String: any Sendable]] as [String: any Sendable]]
                    as [String: any Sendable],
            ] as [String: any Sendable]
        }
        if let form = declared.multipartBody {
            operation["requestBody"] = [
                "required": true,
                "content": ["multipart/form-data": ["schema": ref(form)] as [String: any Sendable]] as [String: any Sendable],
            ] as [String: any Sendable]
        }
        if let body = declared.body {
            operation["requestBody"] = [
                "required": true,
                "content": ["application/json": ["schema": ref(body)] as [String: any Sendable]] as [String: any Sendable],
            ] as [String: any Sendable]
        }
        operation["security"] = route.needsUser ? [["bearer": [String]()]] : [["bearer": [String]()], [String: [String]]()]
        return operation
    }

    /// `q`, `country`, the collection's own filters, `include_deleted` and the page.
    static func listParameters(extra: [String]) -> [[String: any Sendable]] {
        var names = ["q", "country"] + extra
        names.append("include_deleted")
        let parameters: [[String: any Sendable]] = names.map {
            ["name": $0, "in": "query", "required": false, "schema": ["type": "string"] as [String: any Sendable]]
        }
        return parameters + pageParameters
    }

    /// `page` and `per_page`, with the bounds the server enforces (422 outside them).
    static var pageParameters: [[String: any Sendable]] {
        [("page", PageRequest.maximumPage), ("per_page", PageRequest.maximumPerPage)].map { name, maximum in
            ["name": name, "in": "query", "required": false,
             "schema": ["type": "integer", "minimum": 1, "maximum": maximum] as [String: any Sendable]]
        }
    }

    /// `include_deleted` on a record's routes.
    static let includeDeletedParameter: [[String: any Sendable]] = [[
        "name": "include_deleted", "in": "query", "required": false,
        "description": "'true' shows a deleted record (platform admins); otherwise a deleted record answers 404",
        "schema": ["type": "string"] as [String: any Sendable],
    ]]

    private static func responses(_ route: APIRoute, _ declared: APIOperation) -> [String: any Sendable] {
        let success = declared.success
        var result: [String: any Sendable] = [:]
        if let schema = success.schema {
            result[success.status] = ["description": "Success", "content": json(ref(schema))] as [String: any Sendable]
        } else if !declared.binaryResponse.isEmpty {
            var content: [String: any Sendable] = [:]
            for type in declared.binaryResponse {
                content[type] = ["schema": ["type": "string", "format": "binary"] as [String: any Sendable]] as [String: any Sendable]
            }
            result[success.status] = ["description": "The file", "content": content] as [String: any Sendable]
        } else if success.status == "204" {
            result["204"] = ["description": "Done"] as [String: any Sendable]
        } else {
            result["200"] = ["description": "The OpenAPI document", "content": json(["type": "object"])] as [String: any Sendable]
        }
        func error(_ text: String) -> [String: any Sendable] { ["description": text, "content": json(ref("Error"))] }
        result["400"] = error("The request is malformed")
        if route.needsUser { result["401"] = error("No valid API token") }
        if route.path.contains("{id}") || declared.mayFindNothing { result["404"] = error("No such record, or not visible to the caller") }
        if route.method != .get {
            result["403"] = error("The caller may see the record but not change it")
        }
        if route.method != .get || declared.validates {
            result["422"] = error("Validation failed; details list each field (for a level: not one of the country's level codes)")
        }
        if declared.binaryBody || declared.multipartBody != nil { result["413"] = error("The file is larger than the server takes") }
        if route.method == .patch || route.method == .delete || declared.conflicts {
            result["409"] = error("Stale version (code version_conflict), or the record's state forbids the change (the code says which)")
        }
        return result
    }

    static func json(_ schema: [String: any Sendable]) -> [String: any Sendable] {
        ["application/json": ["schema": schema] as [String: any Sendable]]
    }

    static func ref(_ name: String) -> [String: any Sendable] { ["$ref": "#/components/schemas/\(name)"] }

    static func object(_ properties: [String: [String: any Sendable]], required: [String] = []) -> [String: any Sendable] {
        var schema: [String: any Sendable] = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static func list(_ item: String) -> [String: any Sendable] {
        object([
            "items": ["type": "array", "items": ref(item)], "page": ["type": "integer"],
            "per_page": ["type": "integer"], "total": ["type": "integer"],
        ], required: ["items", "page", "per_page", "total"])
    }

    static let string: [String: any Sendable] = ["type": "string"]
    static let integer: [String: any Sendable] = ["type": "integer"]
    /// Ids and versions the server takes: 1 … 2^53 − 1 (``JSONInput/idRange``).
    static let identifier: [String: any Sendable] = [
        "type": "integer", "minimum": JSONInput.idRange.lowerBound, "maximum": JSONInput.idRange.upperBound,
    ]
    static let nullableIdentifier: [String: any Sendable] = [
        "type": ["integer", "null"], "minimum": JSONInput.idRange.lowerBound, "maximum": JSONInput.idRange.upperBound,
    ]
    /// A count of people or a reported total (``AggregateTable/countRange``).
    static let count: [String: any Sendable] = [
        "type": "integer", "minimum": AggregateTable.countRange.lowerBound, "maximum": AggregateTable.countRange.upperBound,
    ]
    static let boolean: [String: any Sendable] = ["type": "boolean"]
    static let nullableInteger: [String: any Sendable] = ["type": ["integer", "null"]]
    static let nullableString: [String: any Sendable] = ["type": ["string", "null"]]
    static let nullableNumber: [String: any Sendable] = ["type": ["number", "null"]]
    static let date: [String: any Sendable] = ["type": ["string", "null"], "format": "date"]
    /// A date a client sends: a date, or null or "" for none.
    static let dateInput: [String: any Sendable] = [
        "anyOf": [["type": "string", "format": "date"], ["type": "string", "maxLength": 0], ["type": "null"]] as [[String: any Sendable]],
    ]
    static func choice(_ values: [String]) -> [String: any Sendable] { ["type": "string", "enum": values] }
    /// A text that must hold something to read: one character that is neither white space nor a
    /// control character, as the server checks it (``FieldErrors/checkText(_:_:required:maxLength:)``;
    /// NUL characters are dropped on input, though they count towards `maxLength`; the rest trimmed).
    static let visibleText = "[^\\s\\u0000-\\u001f\\u007f-\\u009f]"
    static let dimensionNames = ["sex", "age_band", "nato_code", "category", "service", "unit", "position_level"]

}
