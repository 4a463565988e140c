import Foundation

/// How to read a CSV file; nil means "detect from the file".
public struct CSVOptions: Sendable, Equatable {
    /// `;`, `,` or tab.
    public var separator: UInt8?
    public var encoding: TextEncoding?

    public init(separator: UInt8? = nil, encoding: TextEncoding? = nil) {
        self.separator = separator
        self.encoding = encoding
    }

    /// The separators the reader detects, in order of preference on a tie.
    public static let candidateSeparators: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t")]
}

/// Why a CSV file could not be read; every case says where.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    /// The file looks like a binary format (a NUL byte, or an Excel or zip signature).
    case notText(file: String, hint: String)
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote(file: String, row: Int, column: Int)
    /// Text after the closing quote of a quoted value (`"abc"def`).
    case strayQuote(file: String, row: Int, column: Int)
    /// The bytes of a field are not valid in the file's encoding.
    case badEncoding(file: String, row: Int, column: Int, encoding: TextEncoding)
    /// A value to write has a letter the chosen encoding cannot write.
    case cannotEncode(file: String, row: Int, column: Int, encoding: TextEncoding)
    /// A value longer than ``CSVReader/maximumFieldBytes``: no table of people has one, and
    /// reading on would only hold the server (a 50 MB line took minutes to refuse).
    case valueTooLong(file: String, row: Int, column: Int, limit: Int)
    /// A row with more than ``CSVReader/maximumColumns`` values.
    case tooManyColumns(file: String, row: Int, limit: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason): "\(file): cannot be read (\(reason))"
        case .notText(let file, let hint): "\(file): this is not a CSV text file (\(hint))"
        case .unterminatedQuote(let file, let row, let column):
            "\(file), row \(row), column \(column): a quoted value is never closed (a \" is missing)"
        case .strayQuote(let file, let row, let column):
            "\(file), row \(row), column \(column): there is text after the closing \" of a quoted value"
        case .badEncoding(let file, let row, let column, let encoding):
            "\(file), row \(row), column \(column): the bytes are not valid \(encoding); choose the file's encoding with --encoding"
        case .cannotEncode(let file, let row, let column, let encoding):
            "\(file), row \(row), column \(column): the value has letters that \(encoding) cannot write; choose utf-8"
        case .valueTooLong(let file, let row, let column, let limit):
            "\(file), row \(row), column \(column): a value is longer than \(limit / 1024) KiB; this is not a table of people (check the separator and that the file is the one you meant)"
        case .tooManyColumns(let file, let row, let limit):
            "\(file), row \(row): more than \(limit) values in one row; this is not a table of people (check the separator)"
        }
    }
}

/// A streaming RFC 4180 reader: quoted separators, quotes and line ends; CRLF, LF or CR; a
/// missing final line end; a UTF-8 byte-order mark; `;`, `,` or tab; UTF-8, Windows-1250,
/// ISO-8859-2 or Windows-1251. It holds one chunk and one record in memory at a time, so memory
/// does not grow with the file. Blank lines are skipped.
public final class CSVReader {
    public let file: String
    public let encoding: TextEncoding
    public let separator: UInt8
    /// The line on which the last returned record started (1 = the first line of the file).
    public private(set) var line = 0

    private var source: ChunkSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var currentLine = 1
    private var finished = false

    /// Opens `path`, detecting what `options` leaves open from the first 64 KiB.
    /// - Throws: ``CSVError``.
    public convenience init(path: String, options: CSVOptions = CSVOptions(), chunkSize: Int = 1 << 20) throws(CSVError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(file: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        try self.init(name: path, source: .file(handle, chunkSize: chunkSize), options: options)
    }

    /// Reads CSV from memory; `name` is used in error messages.
    public convenience init(bytes: [UInt8], name: String = "input", options: CSVOptions = CSVOptions()) throws(CSVError) {
        try self.init(name: name, source: .memory(bytes), options: options)
    }

    private init(name: String, source: ChunkSource, options: CSVOptions) throws(CSVError) {
        var source = source
        let sample = source.read(minimum: 64 * 1024)
        if let hint = Self.binarySignature(sample) { throw .notText(file: name, hint: hint) }
        let start = sample.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let detectedEncoding: TextEncoding
        if start == 3 {
            detectedEncoding = .utf8
        } else if let forced = options.encoding {
            detectedEncoding = forced
        } else {
            detectedEncoding = TextEncoding.detect(sample)
        }
        let detectedSeparator: UInt8
        if let forced = options.separator {
            detectedSeparator = forced
        } else {
            detectedSeparator = Self.detectSeparator(sample[start...])
        }
        self.file = name
        self.source = source
        self.buffer = sample
        self.position = start
        self.finished = sample.isEmpty
        self.encoding = detectedEncoding
        self.separator = detectedSeparator
    }

    /// The next record's fields, or nil at the end of the file.
    /// - Throws: ``CSVError`` with the row and column of the problem.
    public func next() throws(CSVError) -> [String]? {
        while true {
            guard let raw = try nextRawRecord() else { return nil }
            if raw.count == 1, raw[0].isEmpty { continue }  // a blank line
            var fields: [String] = []
            fields.reserveCapacity(raw.count)
            for (index, bytes) in raw.enumerated() {
                guard let text = encoding.decode(bytes) else {
                    throw .badEncoding(file: file, row: line, column: index + 1, encoding: encoding)
                }
                fields.append(text)
            }
            return fields
        }
    }

    /// Every remaining record.
    public func readAll() throws(CSVError) -> [[String]] {
        var records: [[String]] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private let quote = UInt8(ascii: "\"")
    private let cr = UInt8(ascii: "\r")
    private let lf = UInt8(ascii: "\n")

    /// The longest value a file may hold (128 KiB), and the most values in a row (Excel's column
    /// limit): a file past either is refused where it happens, before it is held in memory.
    public static let maximumFieldBytes = 131_072
    public static let maximumColumns = 16_384

    /// The next record as raw field bytes, split by the RFC 4180 rules.
    private func nextRawRecord() throws(CSVError) -> [[UInt8]]? {
        guard let first = peek() else { return nil }
        _ = first
        line = currentLine
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var afterClosingQuote = false
        var atFieldStart = true
        while let byte = take() {
            if quoted {
                if byte == quote {
                    if peek() == quote {
                        _ = take()
                        field.append(quote)
                    } else {
                        quoted = false
                        afterClosingQuote = true
                    }
                } else {
                    if byte == lf || (byte == cr && peek() != lf) { currentLine += 1 }
                    field.append(byte)
                    if field.count > Self.maximumFieldBytes {
                        throw .valueTooLong(file: file, row: line, column: fields.count + 1, limit: Self.maximumFieldBytes)
                    }
                }
                continue
            }
            if byte == separator {
                try complete(field, into: &fields)
                field = []
                atFieldStart = true
                afterClosingQuote = false
                continue
            }
            if byte == lf || byte == cr {
                if byte == cr, peek() == lf { _ = take() }
                currentLine += 1
                try complete(field, into: &fields)
                return fields
            }
            if byte == quote, atFieldStart {
                quoted = true
                atFieldStart = false
                continue
            }
            // A quote inside an unquoted value is kept as it is (37°36'37.8"N), as spreadsheets do.
            if afterClosingQuote { throw .strayQuote(file: file, row: line, column: fields.count + 1) }
            atFieldStart = false
            field.append(byte)
            if field.count > Self.maximumFieldBytes {
                throw .valueTooLong(file: file, row: line, column: fields.count + 1, limit: Self.maximumFieldBytes)
            }
        }
        if quoted { throw .unterminatedQuote(file: file, row: line, column: fields.count + 1) }
        try complete(field, into: &fields)
        return fields
    }

    /// Adds a finished value to its row, refusing a row of more than ``maximumColumns``.
    private func complete(_ field: [UInt8], into fields: inout [[UInt8]]) throws(CSVError) {
        guard fields.count < Self.maximumColumns else { throw .tooManyColumns(file: file, row: line, limit: Self.maximumColumns) }
        fields.append(field)
    }

    private func peek() -> UInt8? {
        if position >= buffer.count { refill() }
        return position < buffer.count ? buffer[position] : nil
    }

    private func take() -> UInt8? {
        if position >= buffer.count { refill() }
        guard position < buffer.count else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    private func refill() {
        guard !finished else { return }
        buffer = source.read(minimum: 1)
        position = 0
        if buffer.isEmpty { finished = true }
    }

    /// The candidate that splits the first lines into the same, largest number of fields.
    static func detectSeparator(_ sample: ArraySlice<UInt8>) -> UInt8 {
        var best = UInt8(ascii: ",")
        var bestScore = -1
        for candidate in CSVOptions.candidateSeparators {
            var counts: [Int] = []
            var count = 0
            var quoted = false
            for byte in sample {
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                else if !quoted, byte == candidate { count += 1 }
                else if !quoted, byte == UInt8(ascii: "\n") {
                    counts.append(count)
                    count = 0
                    if counts.count >= 20 { break }
                }
            }
            if count > 0 || counts.isEmpty { counts.append(count) }
            guard let first = counts.first, first > 0 else { continue }
            // Lines that agree with the header count; a separator inside text rarely does.
            let agreeing = counts.filter { $0 == first }.count
            let score = agreeing * 1000 + first
            if score > bestScore {
                bestScore = score
                best = candidate
            }
        }
        return best
    }

    static func binarySignature(_ sample: [UInt8]) -> String? {
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "it is a zip archive, such as an Excel .xlsx file; import it as .xlsx" }
        if sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "it is an old Excel .xls file; save it as .xlsx or CSV" }
        if sample.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "it is a PDF" }
        if sample.prefix(8192).contains(0) { return "it contains NUL bytes, as binary files do" }
        return nil
    }
}

/// Where the bytes come from: a file read in chunks, or memory.
private enum ChunkSource {
    case file(FileHandle, chunkSize: Int)
    case memory([UInt8])
    case drained

    mutating func read(minimum: Int) -> [UInt8] {
        switch self {
        case .file(let handle, let chunkSize):
            let data = (try? handle.read(upToCount: max(chunkSize, minimum))) ?? Data()
            if data.isEmpty {
                try? handle.close()
                self = .drained
            }
            return [UInt8](data)
        case .memory(let bytes):
            self = .drained
            return bytes
        case .drained:
            return []
        }
    }
}
