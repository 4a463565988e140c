import Foundation

/// Writes CSV that Excel in the region opens as it is: the chosen separator, CRLF line ends,
/// quotes where a value needs them, and the chosen encoding (UTF-8 with a byte-order mark, so
/// Excel recognises it, or a Windows code page).
public final class CSVWriter {
    public let encoding: TextEncoding
    public let separator: UInt8
    private let handle: FileHandle
    private let file: String
    private var buffer: [UInt8] = []
    private var row = 0

    /// Creates `path` (replacing it) and writes the byte-order mark for UTF-8.
    /// - Throws: ``CSVError/cannotOpen(file:reason:)``.
    public init(path: String, encoding: TextEncoding = .utf8, separator: UInt8 = UInt8(ascii: ";")) throws(CSVError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .cannotOpen(file: path, reason: "cannot create the file")
        }
        self.handle = handle
        self.file = path
        self.encoding = encoding
        self.separator = separator
        if encoding == .utf8 { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// Appends one record.
    /// - Throws: ``CSVError/cannotEncode(file:row:column:encoding:)`` when a value has a letter
    ///   the encoding cannot write (Cyrillic in Windows-1250, say).
    public func write(_ fields: [String]) throws(CSVError) {
        row += 1
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(separator) }
            guard let bytes = encoding.encode(field) else {
                throw .cannotEncode(file: file, row: row, column: index + 1, encoding: encoding)
            }
            if bytes.contains(where: { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(0x22)
                for byte in bytes {
                    if byte == 0x22 { buffer.append(0x22) }
                    buffer.append(byte)
                }
                buffer.append(0x22)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Writes what is buffered and closes the file.
    public func close() {
        flush()
        try? handle.close()
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

extension TextEncoding {
    /// `text` in this encoding, or nil when it has a character the encoding cannot write.
    public func encode(_ text: String) -> [UInt8]? {
        if self == .utf8 { return Array(text.utf8) }
        let reverse = TextEncoding.reverseTables[self] ?? [:]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else if let byte = reverse[scalar.value] {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return bytes
    }

    static let reverseTables: [TextEncoding: [UInt32: UInt8]] = {
        var tables: [TextEncoding: [UInt32: UInt8]] = [:]
        for (encoding, table) in [(TextEncoding.windows1250, SingleByteTables.windows1250), (.iso8859_2, SingleByteTables.iso8859_2), (.windows1251, SingleByteTables.windows1251)] {
            var reverse: [UInt32: UInt8] = [:]
            for (offset, value) in table.enumerated() where value != 0xFFFD { reverse[value] = UInt8(0x80 + offset) }
            tables[encoding] = reverse
        }
        return tables
    }()
}
