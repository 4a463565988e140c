/// One row of a table file as bytes: each value's bytes as the file holds them (in its
/// encoding, already checked valid there) and how to make a text of some of them. A reader of a
/// million rows looks a repeated value up by its bytes and makes a `String` only of a value it
/// has not met (making one of every value, twelve per person, was a third of reading a file).
/// Valid only inside the call that hands it out.
public struct RawRecord {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Where each value ends in `bytes`; the first starts at 0, each next where the one before ends.
    public let ends: UnsafeBufferPointer<Int>
    /// The text of some bytes of the record.
    public let decode: @Sendable (UnsafeBufferPointer<UInt8>) -> String

    public init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>, decode: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> String) {
        self.bytes = bytes
        self.ends = ends
        self.decode = decode
    }

    /// How many values the row has.
    public var count: Int { ends.count }

    /// The bytes of value `index`; none for a value past the end of the row.
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < ends.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
    }

    /// Every value as text.
    public var texts: [String] { (0..<count).map { decode(self[$0]) } }

    /// Calls `body` with a record of `texts` (as UTF-8).
    public static func withTexts<Result>(_ texts: [String], _ body: (RawRecord) throws -> Result) rethrows -> Result {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(texts.count)
        for text in texts {
            bytes.append(contentsOf: text.utf8)
            ends.append(bytes.count)
        }
        return try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try body(RawRecord(bytes: bytes, ends: ends, decode: utf8))
            }
        }
    }

    /// The text of UTF-8 bytes.
    public static let utf8: @Sendable (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }
}
