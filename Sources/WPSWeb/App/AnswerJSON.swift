import Foundation

/// Writes an answer's JSON exactly as Foundation's `JSONEncoder` does with the API's settings
/// (keys through ``SnakeCaseKeys``, sorted keys, slashes unescaped), in a fraction of its time.
///
/// Why our own: Foundation's encoder boxes every value, checks each one against Date, Data, URL,
/// Decimal and dictionaries through dynamic casts, and keeps a coding path of nodes; on the large
/// answers (a plan's tree, a training cascade, a ranking of 1,800 experts) that was a quarter to
/// three fifths of the server's CPU, by perf. None of the packages we may use writes JSON from
/// `Encodable` faster. The output is byte for byte Foundation's: in debug builds every answer is
/// encoded both ways and compared (`JSONResponse`), so each test and each page check is also a
/// check of this writer, and `AnswerJSONTests` covers the corners (escapes, numbers, key order).
enum AnswerJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try TreeEncoder.node(value)
        var writer = Writer()
        writer.write(node)
        return writer.out
    }

    // MARK: The tree

    indirect enum Node {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array(ArrayBox)
        case object(ObjectBox)
    }

    final class ArrayBox {
        var items: [Node] = []
    }

    final class ObjectBox {
        var entries: [String: Node] = [:]
    }

    /// A dictionary with string keys: Foundation writes its keys as they are, without the key
    /// strategy.
    fileprivate protocol StringKeyed {
        func node() throws -> Node
    }

    final class TreeEncoder: Encoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var result: Node?

        static func node<T: Encodable>(_ value: T) throws -> Node {
            // Casts to concrete types compare type metadata; a cast to a protocol looks up
            // conformances, so the one such cast (a string-keyed dictionary) comes last
            if let text = value as? String { return .string(text) }
            if let number = value as? Int { return .number(String(number)) }
            if let flag = value as? Bool { return .bool(flag) }
            if let number = value as? Double { return try float(number) }
            if let data = value as? Data { return .string(data.base64EncodedString()) }
            if let url = value as? URL { return .string(url.absoluteString) }
            if let number = value as? Decimal { return .number(number.description) }
            // The other numbers: the containers' own overloads for them lead here too
            if let number = value as? Float { return try float(number) }
            if let number = value as? Int64 { return .number(String(number)) }
            if let number = value as? Int32 { return .number(String(number)) }
            if let number = value as? Int16 { return .number(String(number)) }
            if let number = value as? Int8 { return .number(String(number)) }
            if let number = value as? UInt { return .number(String(number)) }
            if let number = value as? UInt64 { return .number(String(number)) }
            if let number = value as? UInt32 { return .number(String(number)) }
            if let number = value as? UInt16 { return .number(String(number)) }
            if let number = value as? UInt8 { return .number(String(number)) }
            if let dictionary = value as? any StringKeyed { return try dictionary.node() }
            let encoder = TreeEncoder()
            try value.encode(to: encoder)
            return encoder.result ?? .object(ObjectBox())
        }

        /// As Foundation writes a float: its description without a trailing ".0"; not a number
        /// or infinite is refused (the encoder's default strategy).
        static func float<F: FloatingPoint & CustomStringConvertible>(_ value: F) throws -> Node {
            guard value.isFinite else {
                throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode \(value) directly in JSON."))
            }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return .number(text)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let box) = result { return KeyedEncodingContainer(Keyed<Key>(box: box)) }
            let box = ObjectBox()
            result = .object(box)
            return KeyedEncodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box) = result { return Unkeyed(box: box) }
            let box = ArrayBox()
            result = .array(box)
            return Unkeyed(box: box)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }
    }

    static func key(_ key: some CodingKey) -> String { SnakeCaseKeys.key([key]).stringValue }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = .null }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = .bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = .string(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = .number(String(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = try TreeEncoder.float(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = try TreeEncoder.float(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { box.entries[AnswerJSON.key(key)] = try TreeEncoder.node(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.entries[AnswerJSON.key(key)] = .object(nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.entries[AnswerJSON.key(key)] = .array(nested)
            return Unkeyed(box: nested)
        }

        mutating func superEncoder() -> any Encoder { Deferred(store: { [box] in box.entries["super"] = $0 }) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let name = AnswerJSON.key(key)
            return Deferred(store: { [box] in box.entries[name] = $0 })
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: ArrayBox
        var codingPath: [any CodingKey] { [] }
        var count: Int { box.items.count }

        mutating func encodeNil() throws { box.items.append(.null) }
        mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
        mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
        mutating func encode(_ value: Int) throws { box.items.append(.number(String(value))) }
        mutating func encode(_ value: Double) throws { box.items.append(try TreeEncoder.float(value)) }
        mutating func encode(_ value: Float) throws { box.items.append(try TreeEncoder.float(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try TreeEncoder.node(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.items.append(.array(nested))
            return Unkeyed(box: nested)
        }

        mutating func superEncoder() -> any Encoder {
            let index = box.items.count
            box.items.append(.null)
            return Deferred(store: { [box] in box.items[index] = $0 })
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: TreeEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { encoder.result = .null }
        mutating func encode(_ value: Bool) throws { encoder.result = .bool(value) }
        mutating func encode(_ value: String) throws { encoder.result = .string(value) }
        mutating func encode(_ value: Int) throws { encoder.result = .number(String(value)) }
        mutating func encode(_ value: Double) throws { encoder.result = try TreeEncoder.float(value) }
        mutating func encode(_ value: Float) throws { encoder.result = try TreeEncoder.float(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.result = try TreeEncoder.node(value) }
    }

    /// An encoder whose value lands in its place when it is given one (`superEncoder`).
    final class Deferred: Encoder {
        let inner = TreeEncoder()
        let store: (Node) -> Void
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(store: @escaping (Node) -> Void) {
            self.store = store
            store(.object(ObjectBox()))
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let container = inner.container(keyedBy: type)
            if let result = inner.result { store(result) }
            return container
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let container = inner.unkeyedContainer()
            if let result = inner.result { store(result) }
            return container
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { DeferredSingle(owner: self) }
    }

    struct DeferredSingle: SingleValueEncodingContainer {
        let owner: Deferred
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws { owner.store(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { owner.store(try TreeEncoder.node(value)) }
    }

    // MARK: Writing

    struct Writer {
        var out: [UInt8] = []

        init() { out.reserveCapacity(4096) }

        mutating func write(_ node: Node) {
            switch node {
            case .null: out.append(contentsOf: "null".utf8)
            case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
            case .number(let text): out.append(contentsOf: text.utf8)
            case .string(let text): string(text)
            case .array(let box):
                out.append(UInt8(ascii: "["))
                for (index, item) in box.items.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    write(item)
                }
                out.append(UInt8(ascii: "]"))
            case .object(let box):
                out.append(UInt8(ascii: "{"))
                for (index, key) in order(box.entries.keys).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    string(key)
                    out.append(UInt8(ascii: ":"))
                    if let value = box.entries[key] { write(value) }
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        /// Foundation's `.sortedKeys` order on Linux: the keys' UTF-8 bytes, lexicographically.
        func order(_ keys: Dictionary<String, Node>.Keys) -> [String] {
            keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }

        private static let hex = Array("0123456789abcdef".utf8)

        mutating func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                case 0x00..<0x20:
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(Self.hex[Int(byte >> 4)])
                    out.append(Self.hex[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}

extension Dictionary: AnswerJSON.StringKeyed where Key == String, Value: Encodable {
    fileprivate func node() throws -> AnswerJSON.Node {
        let box = AnswerJSON.ObjectBox()
        box.entries.reserveCapacity(count)
        for (key, value) in self { box.entries[key] = try AnswerJSON.TreeEncoder.node(value) }
        return .object(box)
    }
}
