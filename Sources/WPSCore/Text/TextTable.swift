#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A map from texts to values for the lookups an import makes once or more per row and column
/// (a spelling to its meaning, a text to its number): keys are compared by their UTF-8 bytes
/// (as a database compares them), hashed with FNV-1a over those bytes, in an open-addressing
/// table. `Dictionary<String, _>` seeds SipHash and normalises non-ASCII text on every lookup,
/// which made these lookups the largest part of reading a file. Inlinable, so that the table is
/// specialised for its value type where it is used (unspecialised, it looked up generic metadata
/// on every call).
public struct TextTable<Value>: Sendable where Value: Sendable {
    /// 0 marks a free slot; a key's hash always has its lowest bit set.
    @usableFromInline var hashes: [UInt64]
    /// The keys' bytes: UTF-8 for a text key; any bytes for a key given as bytes (a value as a
    /// file holds it, before it is decoded).
    @usableFromInline var keys: [[UInt8]]
    @usableFromInline var values: [Value?]
    @usableFromInline var _count = 0
    public var count: Int { _count }

    @inlinable public init() {
        hashes = Array(repeating: 0, count: 16)
        keys = Array(repeating: [], count: 16)
        values = Array(repeating: nil, count: 16)
    }

    @inlinable static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash | 1
    }

    @inlinable static func same(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.withUnsafeBufferPointer { other in
            guard other.count == bytes.count else { return false }
            guard let a = other.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        }
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inlinable func slot(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int {
        let mask = hashes.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while hashes[index] != 0 {
            if hashes[index] == hash, Self.same(keys[index], bytes) { return index }
            index = (index + 1) & mask
        }
        return index
    }

    @inlinable public subscript(key: String) -> Value? {
        var key = key
        return key.withUTF8 { self[bytes: $0] }
    }

    /// The value of the key with these bytes.
    @inlinable public subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        let index = slot(bytes, Self.hash(bytes))
        return hashes[index] == 0 ? nil : values[index]
    }

    /// Sets the value of `key`, replacing any it had.
    @inlinable public mutating func set(_ value: Value, for key: String) {
        var key = key
        key.withUTF8 { set(value, forBytes: $0) }
    }

    /// Sets the value of the key with these bytes, replacing any it had.
    @inlinable public mutating func set(_ value: Value, forBytes bytes: UnsafeBufferPointer<UInt8>) {
        if (_count + 1) * 2 > hashes.count { grow() }
        let hash = Self.hash(bytes)
        let index = slot(bytes, hash)
        if hashes[index] == 0 {
            _count += 1
            keys[index] = Array(bytes)
        }
        hashes[index] = hash
        values[index] = value
    }

    @inlinable mutating func grow() {
        let (oldHashes, oldKeys, oldValues) = (hashes, keys, values)
        let size = oldHashes.count * 2
        hashes = Array(repeating: 0, count: size)
        keys = Array(repeating: [], count: size)
        values = Array(repeating: nil, count: size)
        let mask = size - 1
        for (position, hash) in oldHashes.enumerated() where hash != 0 {
            var index = Int(truncatingIfNeeded: hash) & mask
            while hashes[index] != 0 { index = (index + 1) & mask }
            hashes[index] = hash
            keys[index] = oldKeys[position]
            values[index] = oldValues[position]
        }
    }
}
