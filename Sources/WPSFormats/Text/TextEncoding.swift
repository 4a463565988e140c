import WPSCore

/// The character encodings met in the region's files (shared/reference/README.md).
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    /// Central European Windows code page: what Excel in BiH, Croatia, Serbia (Latin) and
    /// Montenegro writes as "CSV".
    case windows1250 = "windows-1250"
    case iso8859_2 = "iso-8859-2"
    /// Cyrillic Windows code page (Serbian and Macedonian Cyrillic).
    case windows1251 = "windows-1251"

    public var description: String { rawValue }

    /// Accepts the usual spellings: `utf8`, `UTF-8`, `cp1250`, `latin2`, `iso-8859-2`, `cp1251`…
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "windows-1250", "cp1250", "win1250", "windows1250": self = .windows1250
        case "iso-8859-2", "iso8859-2", "latin2", "latin-2", "iso88592": self = .iso8859_2
        case "windows-1251", "cp1251", "win1251", "windows1251": self = .windows1251
        default: return nil
        }
    }

    /// Decodes `bytes`; nil when they are not valid in this encoding (UTF-8 only: every byte
    /// means something in the others, except a few undefined in Windows code pages).
    public func decode<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        // Most values are plain ASCII, which reads the same in every encoding here.
        // (eight bytes at a time when they lie in one buffer)
        if bytes.withContiguousStorageIfAvailable(Self.isASCII) ?? bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        switch self {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .windows1250, .iso8859_2, .windows1251:
            let table = self == .windows1250 ? SingleByteTables.windows1250
                : self == .iso8859_2 ? SingleByteTables.iso8859_2 : SingleByteTables.windows1251
            // Transcode straight into the new string's storage (at most three bytes per byte).
            var valid = true
            let text = String(unsafeUninitializedCapacity: bytes.count * 3) { utf8 in
                var count = 0
                for byte in bytes {
                    if byte < 0x80 {
                        utf8[count] = byte
                        count += 1
                        continue
                    }
                    let value = table[Int(byte) - 0x80]
                    if value == 0xFFFD {
                        valid = false
                        return 0
                    }
                    if value < 0x800 {
                        utf8[count] = UInt8(0xC0 | (value >> 6))
                        utf8[count + 1] = UInt8(0x80 | (value & 0x3F))
                        count += 2
                    } else {
                        utf8[count] = UInt8(0xE0 | (value >> 12))
                        utf8[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                        utf8[count + 2] = UInt8(0x80 | (value & 0x3F))
                        count += 3
                    }
                }
                return count
            }
            return valid ? text : nil
        }
    }

    /// The index of the first value of `record` whose bytes are not valid in this encoding; nil
    /// when all are. A record of plain ASCII (most) is passed over in one look at its bytes.
    func firstInvalidValue(in record: RawRecord) -> Int? {
        // In a single-byte encoding a byte is valid wherever it stands: one look at the record.
        if self == .utf8 ? Self.isASCII(record.bytes) : isValid(record.bytes) { return nil }
        for index in 0..<record.count where !isValid(record[index]) { return index }
        return nil
    }

    /// Whether `bytes` are text in this encoding, without making the text.
    func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if Self.isASCII(bytes) { return true }
        switch self {
        case .utf8:
            var iterator = bytes.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        case .windows1250, .iso8859_2, .windows1251:
            let table = self == .windows1250 ? SingleByteTables.windows1250
                : self == .iso8859_2 ? SingleByteTables.iso8859_2 : SingleByteTables.windows1251
            for byte in bytes where byte >= 0x80 && table[Int(byte) - 0x80] == 0xFFFD { return false }
            return true
        }
    }

    /// The text of bytes already found valid in this encoding.
    var decoder: @Sendable (UnsafeBufferPointer<UInt8>) -> String {
        if self == .utf8 { return RawRecord.utf8 }
        return { [self] bytes in decode(bytes) ?? "" }
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Guesses the encoding of a sample from the start of a file.
    ///
    /// A UTF-8 byte-order mark or valid UTF-8 with non-ASCII letters means UTF-8. Otherwise text
    /// whose high bytes are mostly letters of the Cyrillic block (0xC0–0xFF, used for most
    /// letters) is Windows-1251; bytes 0x80–0x9F (Š š Ž ž in Windows-1250, control codes in
    /// ISO-8859-2) mean Windows-1250; Š š Ž ž at 0xA9 0xB9 0xAE 0xBE mean ISO-8859-2.
    public static func detect(_ sample: [UInt8]) -> TextEncoding {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        var high = 0
        var inC1 = 0
        var latin2Letters = 0
        var upperBlock = 0
        for byte in sample where byte >= 0x80 {
            high += 1
            if byte < 0xA0 { inC1 += 1 }
            if [0xA9, 0xB9, 0xAE, 0xBE, 0xA6, 0xB6, 0xAC, 0xBC].contains(byte) { latin2Letters += 1 }
            if byte >= 0xC0 { upperBlock += 1 }
        }
        if high == 0 { return .utf8 }
        // A truncated sample may end inside a UTF-8 character: ignore up to 3 trailing bytes.
        var trimmed = sample[...]
        for _ in 0..<3 where !trimmed.isEmpty && trimmed.last.map({ $0 >= 0x80 }) == true {
            if TextEncoding.utf8.decode(trimmed) != nil { break }
            trimmed = trimmed.dropLast()
        }
        if TextEncoding.utf8.decode(trimmed) != nil { return .utf8 }
        // Cyrillic text has a high byte in nearly every word, and they are letters ≥ 0xC0.
        let letters = sample.filter { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0xC0 }.count
        if letters > 0, upperBlock * 2 > letters, inC1 * 10 < high { return .windows1251 }
        if inC1 > 0 { return .windows1250 }
        if latin2Letters > 0 { return .iso8859_2 }
        return .windows1250
    }
}
