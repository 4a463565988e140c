import Foundation
import Hummingbird
import WPSCore

/// A JSON object sent by a client, read field by field so that every problem is reported with
/// its field name, and so that PATCH can tell a missing field from an explicit null.
struct JSONInput {
    private let object: [String: Any]
    private(set) var errors: [FieldError] = []

    /// Reads the request body as one JSON object.
    /// - Throws: ``APIProblem/badRequest(_:_:)`` when the body is not a JSON object.
    static func read(_ request: Request) async throws -> JSONInput {
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        let data = Data(buffer: buffer)
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = parsed as? [String: Any] else {
            throw APIProblem.badRequest("The body must be a JSON object, sent with Content-Type: application/json.")
        }
        return JSONInput(object: object)
    }

    init(object: [String: Any]) {
        self.object = object
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    mutating func fail(_ key: String, _ code: String, _ value: Any? = nil) {
        errors.append(FieldError(field: key, code: code, value: value.map { String(describing: $0).prefix(60).description }))
    }

    /// The string at `key`, or nil when absent (an error when it is not a string).
    mutating func string(_ key: String) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { fail(key, "invalid_value", value); return nil }
        return text
    }

    /// `.none` when absent, `.some(nil)` for an explicit null, `.some(n)` for a whole number.
    mutating func optionalInt(_ key: String) -> Int?? {
        guard let value = object[key] else { return .none }
        if value is NSNull { return .some(nil) }
        if !(value is Bool), let number = value as? Int { return .some(number) }
        if !(value is Bool), let number = value as? Double, number == number.rounded(), abs(number) < 1e15 {
            return .some(Int(number))
        }
        fail(key, "invalid_number", value)
        return .none
    }

    mutating func int(_ key: String) -> Int? {
        switch optionalInt(key) {
        case .some(.some(let value)): return value
        case .some(.none): fail(key, "invalid_number", "null"); return nil
        case .none: return nil
        }
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = E(rawValue: text) else { fail(key, "invalid_value", text); return nil }
        return value
    }

    mutating func day(_ key: String) -> Day?? {
        guard let value = object[key] else { return .none }
        if value is NSNull { return .some(nil) }
        guard let text = value as? String, let day = Day(text) else { fail(key, "invalid_date", value); return .none }
        return .some(day)
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else { fail(key, "invalid_value", value); return nil }
        return list.compactMap { $0 as? String }
    }

    /// Nested objects, each read by `body` with field names prefixed `key[i].`.
    mutating func objects<T>(_ key: String, _ body: (inout JSONInput) -> T?) -> [T]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let list = value as? [Any] else { fail(key, "invalid_value"); return nil }
        var results: [T] = []
        for (index, element) in list.enumerated() {
            guard let nested = element as? [String: Any] else { fail("\(key)[\(index)]", "invalid_value"); continue }
            var input = JSONInput(object: nested)
            if let result = body(&input) { results.append(result) }
            errors += input.errors.map { FieldError(field: "\(key)[\(index)].\($0.field)", code: $0.code, value: $0.value) }
        }
        return results
    }

    /// Reports `required` for each key that is absent.
    mutating func require(_ keys: String...) {
        for key in keys where object[key] == nil || object[key] is NSNull { fail(key, "required") }
    }
}
