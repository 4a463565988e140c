import Foundation
import Hummingbird
import WPSStorage

/// A JSON answer with snake_case keys.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var value: Value

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom(SnakeCaseKeys.key)
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.response(bytes: try Self.bytes(value), status: status)
    }

    /// The answer's body.
    static func bytes(_ value: Value) throws -> [UInt8] {
        let bytes = try AnswerJSON.encode(value)
        #if DEBUG
        // Every answer of every test and page check, written both ways: ours must be Foundation's
        let foundation = try Self.encoder.encode(value)
        assert(Array(foundation) == bytes, "AnswerJSON wrote \(String(decoding: bytes.prefix(400), as: UTF8.self)) where JSONEncoder wrote \(String(decoding: foundation.prefix(400), as: UTF8.self))")
        #endif
        return bytes
    }

    /// An answer that is the same for everyone the caller has let through, written once until
    /// the next write (``WPSDatabase/derived(_:rows:_:)``): `value` reads what it shows itself,
    /// so that what is kept is never older than its label.
    static func kept(_ key: String, in database: WPSDatabase, _ value: () async throws -> Value) async throws -> Response {
        response(bytes: try await database.derived("answer|" + key, rows: { $0.count / 100 }) { try bytes(try await value()) })
    }

    /// An answer of a body written before (``bytes(_:)``).
    static func response(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// `convertToSnakeCase`, remembered: Foundation converts every key of every object on every
/// answer again (a sixth of the CPU of a large plan's tree, by perf). Each key name is converted
/// once, by Foundation's own strategy, so the keys written are exactly the ones it writes.
enum SnakeCaseKeys {
    private final class Known: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String: String] = [:]
        func get(_ name: String) -> String? { lock.withLock { names[name] } }
        func set(_ name: String, _ converted: String) { lock.withLock { names[name] = converted } }
    }

    private static let known = Known()

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    /// One object with one key, for Foundation to name.
    private struct Probe: Encodable {
        var name: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(0, forKey: Key(stringValue: name))
        }
    }

    @Sendable static func key(_ path: [any CodingKey]) -> any CodingKey {
        guard let last = path.last else { return Key(stringValue: "") }
        if last.intValue != nil { return last }
        let name = last.stringValue
        if let converted = known.get(name) { return Key(stringValue: converted) }
        let converted = convert(name)
        known.set(name, converted)
        return Key(stringValue: converted)
    }

    /// The name as Foundation's `convertToSnakeCase` writes it.
    static func convert(_ name: String) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(Probe(name: name)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let converted = object.keys.first
        else { return name }
        return converted
    }
}
