import Foundation
import WPSCore

/// A JSON object sent by a client, read field by field so that every problem is reported with
/// its field name, and so that PATCH can tell a missing field from an explicit null.
public struct JSONInput {
    private let object: [String: JSONValue]
    public private(set) var errors: [FieldError] = []
    /// How many NUL characters were dropped from each text field (they still count towards its
    /// `maxLength`: see ``SentText``).
    public private(set) var droppedNULs: [String: Int] = [:]

    /// Reads `data` as one JSON object; nil when it is anything else.
    public init?(json data: Data) {
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let object) = parsed else { return nil }
        self.init(object: object)
    }

    public init(object: [String: JSONValue]) {
        self.object = object
    }

    /// 2^53 − 1: the largest whole number every JSON reader keeps exactly; ids, versions and
    /// counts stay below it, and the document says so (`maximum`).
    public static let largestExactInteger: Double = 9_007_199_254_740_991

    public func has(_ key: String) -> Bool { object[key] != nil }

    /// The keys the object has, sorted.
    public var keys: [String] { object.keys.sorted() }

    public mutating func fail(_ key: String, _ code: String, _ value: JSONValue? = nil) {
        errors.append(FieldError(field: key, code: code, value: value.map { String($0.description.prefix(60)) }))
    }

    /// The string at `key`, or nil when absent (an error when it is not a string, or null where
    /// the field cannot be empty: only `nullable` fields take null, meaning "none").
    public mutating func string(_ key: String, nullable: Bool = false) -> String? {
        guard let value = object[key] else { return nil }
        if value == .null {
            if !nullable { fail(key, "invalid_value", value) }
            return nil
        }
        guard case .string(let text) = value else { fail(key, "invalid_value", value); return nil }
        // Neither engine keeps a NUL character in text (SQLite ends the text there, PostgreSQL
        // refuses it): dropped here, in one place, as the document says.
        guard text.contains("\u{0}") else { return text }
        let kept = text.replacingOccurrences(of: "\u{0}", with: "")
        droppedNULs[key] = text.unicodeScalars.count - kept.unicodeScalars.count
        return kept
    }

    /// Ids and versions: from 1 to 2^53 − 1.
    public static let idRange = 1...Int(largestExactInteger)

    /// `.none` when absent, `.some(nil)` for an explicit null, `.some(n)` for a whole number in
    /// `range` (`out_of_range` outside it, so no later arithmetic can overflow).
    public mutating func optionalInt(_ key: String, in range: ClosedRange<Int> = JSONInput.idRange) -> Int?? {
        let number: Int
        switch object[key] {
        case .none: return .none
        case .null: return .some(nil)
        case .int(let value): number = value
        // A client may write a whole number as 1e3 or 1000.0; beyond 2^53 a double is not exact.
        case .double(let value) where value == value.rounded() && abs(value) <= JSONInput.largestExactInteger:
            number = Int(value)
        case .some(let value):
            fail(key, "invalid_number", value)
            return .none
        }
        guard range.contains(number) else {
            fail(key, "out_of_range", .int(number))
            return .none
        }
        return .some(number)
    }

    public mutating func int(_ key: String, in range: ClosedRange<Int> = JSONInput.idRange) -> Int? {
        switch optionalInt(key, in: range) {
        case .some(.some(let value)): return value
        case .some(.none): fail(key, "invalid_number", .null); return nil
        case .none: return nil
        }
    }

    /// `.none` when absent, `.some(nil)` for an explicit null, `.some(x)` for a finite number in
    /// `range` (`out_of_range` outside it).
    public mutating func optionalNumber(_ key: String, in range: ClosedRange<Double>) -> Double?? {
        let number: Double
        switch object[key] {
        case .none: return .none
        case .null: return .some(nil)
        case .int(let value): number = Double(value)
        case .double(let value) where value.isFinite: number = value
        case .some(let value):
            fail(key, "invalid_number", value)
            return .none
        }
        guard range.contains(number) else {
            fail(key, "out_of_range", .double(number))
            return .none
        }
        return .some(number)
    }

    /// The nested object at `key` read by `body` with field names prefixed `key.`: `.none` when
    /// absent, `.some(nil)` for null.
    public mutating func object<T>(_ key: String, _ body: (inout JSONInput) -> T?) -> T?? {
        guard let value = object[key] else { return .none }
        if value == .null { return .some(nil) }
        guard case .object(let nested) = value else {
            fail(key, "invalid_value", value)
            return .none
        }
        var input = JSONInput(object: nested)
        let result = body(&input)
        errors += input.errors.map { FieldError(field: "\(key).\($0.field)", code: $0.code, value: $0.value) }
        return result.map { .some($0) } ?? .none
    }

    /// Ids at `key` (each in ``idRange``), or nil when absent; null is refused (send `[]`).
    public mutating func ids(_ key: String) -> [Int]? {
        guard let value = object[key] else { return nil }
        guard case .array(let list) = value else { fail(key, "invalid_value", value); return nil }
        var ids: [Int] = []
        for (index, element) in list.enumerated() {
            var input = JSONInput(object: ["id": element])
            if let id = input.int("id") { ids.append(id) } else {
                errors += input.errors.map { FieldError(field: "\(key)[\(index)]", code: $0.code, value: $0.value) }
            }
        }
        return ids
    }

    /// `true` or `false` at `key`, or nil when absent; nothing else is taken for one.
    public mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else { fail(key, "invalid_value", value); return nil }
        return flag
    }

    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = E(rawValue: text) else { fail(key, "invalid_value", .string(text)); return nil }
        return value
    }

    public mutating func day(_ key: String) -> Day?? {
        guard let value = object[key] else { return .none }
        // An empty text is no date, as an empty form field is.
        if value == .null || value == .string("") { return .some(nil) }
        guard case .string(let text) = value, let day = Day(text) else { fail(key, "invalid_date", value); return .none }
        return .some(day)
    }

    /// The strings at `key`, or nil when absent; null is refused (send `[]` for none).
    public mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key] else { return nil }
        guard case .array(let list) = value else { fail(key, "invalid_value", value); return nil }
        var strings: [String] = []
        for element in list {
            guard case .string(let text) = element else { fail(key, "invalid_value", element); return nil }
            strings.append(text)
        }
        return strings
    }

    /// Nested objects, each read by `body` with field names prefixed `key[i].`.
    /// Null is refused, as for ``strings(_:)``.
    public mutating func objects<T>(_ key: String, _ body: (inout JSONInput) -> T?) -> [T]? {
        guard let value = object[key] else { return nil }
        guard case .array(let list) = value else { fail(key, "invalid_value", value); return nil }
        var results: [T] = []
        for (index, element) in list.enumerated() {
            guard case .object(let nested) = element else { fail("\(key)[\(index)]", "invalid_value"); continue }
            var input = JSONInput(object: nested)
            if let result = body(&input) { results.append(result) }
            errors += input.errors.map { FieldError(field: "\(key)[\(index)].\($0.field)", code: $0.code, value: $0.value) }
        }
        return results
    }

    /// Reports `unknown_field` for each key not in `allowed` (a misspelt key is never ignored).
    public mutating func rejectUnknown(_ allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) { fail(key, "unknown_field") }
    }

    /// Reports `required` for each key that is absent.
    public mutating func require(_ keys: String...) {
        for key in keys where object[key] == nil || object[key] == .null { fail(key, "required") }
    }
}

/// Any JSON value, read strictly: `true` is never the number 1.
public enum JSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .array: "[…]"
        case .object: "{…}"
        }
    }
}
