import Foundation
import WPSCore

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
    private let decoder: @Sendable (UnsafeBufferPointer<UInt8>) -> String
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
        self.decoder = detectedEncoding.decoder
        self.separator = detectedSeparator
    }

    /// The next record's fields, or nil at the end of the file.
    /// - Throws: ``CSVError`` with the row and column of the problem.
    public func next() throws(CSVError) -> [String]? {
        var fields: [String]?
        guard try nextRecord({ fields = $0.texts }) else { return nil }
        return fields
    }

    /// Calls `body` with the next record's values as bytes (checked valid in the file's
    /// encoding); false at the end of the file. ``line`` is the record's line while `body` runs.
    /// Not generic: it is called from other modules once per row.
    /// - Throws: ``CSVError`` with the row and column of the problem.
    public func nextRecord(_ body: (RawRecord) -> Void) throws(CSVError) -> Bool {
        while true {
            guard try nextRawRecord() else { return false }
            if fieldEnds.count == 1, fieldEnds[0] == 0 { continue }  // a blank line
            let encoding = encoding, decoder = decoder
            let badColumn: Int? = recordBytes.withUnsafeBufferPointer { bytes in
                fieldEnds.withUnsafeBufferPointer { ends in
                    let record = RawRecord(bytes: bytes, ends: ends, decode: decoder)
                    if let bad = encoding.firstInvalidValue(in: record) { return bad + 1 }
                    body(record)
                    return nil
                }
            }
            if let badColumn { throw .badEncoding(file: file, row: line, column: badColumn, encoding: encoding) }
            return true
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

    /// The bytes of the last record's values one after another, and where each value ends: one
    /// buffer reused for every record instead of an array per value.
    private var recordBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    /// The last record ended with a CR: an LF right after it belongs to that line end.
    private var skipLineFeed = false

    /// Where the scan of a record stands when a chunk ends.
    private struct ScanState {
        var quoted = false
        /// The value's closing quote was the last byte: a quote now is a doubled quote (`""`).
        var justClosed = false
        var afterClosingQuote = false
        var atFieldStart = true
        var previousWasCR = false
        var fieldStart = 0
    }

    private enum ScanOutcome {
        case needMore
        case recordEnd
        case failure(CSVError)
    }

    /// Reads the next record into ``recordBytes`` and ``fieldEnds`` by the RFC 4180 rules;
    /// false at the end of the file. It looks at each byte once, with no look-ahead, so a record
    /// may span chunks: runs of plain bytes are copied at once.
    private func nextRawRecord() throws(CSVError) -> Bool {
        recordBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        if skipLineFeed {
            skipLineFeed = false
            if peek() == lf { position += 1 }
        }
        guard peek() != nil else { return false }
        line = currentLine
        var state = ScanState()
        var record = recordBytes
        var ends = fieldEnds
        recordBytes = []
        fieldEnds = []
        defer {
            recordBytes = record
            fieldEnds = ends
        }
        while true {
            if position >= buffer.count {
                refill()
                if position >= buffer.count { break }
            }
            let outcome = scan(&state, &record, &ends)
            switch outcome {
            case .needMore: continue
            case .recordEnd: return true
            case .failure(let error): throw error
            }
        }
        if state.quoted { throw .unterminatedQuote(file: file, row: line, column: ends.count + 1) }
        guard ends.count < Self.maximumColumns else { throw .tooManyColumns(file: file, row: line, limit: Self.maximumColumns) }
        ends.append(record.count)
        return true
    }

    /// Scans the rest of the current chunk for the record in progress.
    private func scan(_ state: inout ScanState, _ record: inout [UInt8], _ ends: inout [Int]) -> ScanOutcome {
        let separator = separator, quote = quote, cr = cr, lf = lf
        let file = file, line = line
        var lines = 0
        let result: (outcome: ScanOutcome, position: Int) = buffer.withUnsafeBufferPointer { bytes in
            var index = position
            var runStart = index
            /// Copies the plain bytes seen since `runStart`, refusing a value grown past the limit.
            func flushRun(upTo end: Int) -> CSVError? {
                if end > runStart {
                    record.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
                    if record.count - state.fieldStart > Self.maximumFieldBytes {
                        return .valueTooLong(file: file, row: line, column: ends.count + 1, limit: Self.maximumFieldBytes)
                    }
                }
                return nil
            }
            func completeField() -> CSVError? {
                guard ends.count < Self.maximumColumns else { return .tooManyColumns(file: file, row: line, limit: Self.maximumColumns) }
                ends.append(record.count)
                state.fieldStart = record.count
                state.atFieldStart = true
                state.afterClosingQuote = false
                return nil
            }
            while index < bytes.count {
                let byte = bytes[index]
                if state.quoted {
                    if byte == quote {
                        if let error = flushRun(upTo: index) { return (.failure(error), index) }
                        state.quoted = false
                        state.afterClosingQuote = true
                        state.justClosed = true
                        index += 1
                        runStart = index
                        continue
                    }
                    if byte == lf {
                        if !state.previousWasCR { lines += 1 }
                    } else if byte == cr {
                        lines += 1
                    }
                    state.previousWasCR = byte == cr
                    index += 1
                    continue
                }
                let justClosed = state.justClosed
                state.justClosed = false
                if byte == separator {
                    if let error = flushRun(upTo: index) ?? completeField() { return (.failure(error), index) }
                    index += 1
                    runStart = index
                    continue
                }
                if byte == lf || byte == cr {
                    if let error = flushRun(upTo: index) ?? completeField() { return (.failure(error), index) }
                    lines += 1
                    if byte == cr { skipLineFeed = true }
                    return (.recordEnd, index + 1)
                }
                if byte == quote, justClosed {
                    // A doubled quote inside a quoted value: one quote, and the value goes on.
                    record.append(quote)
                    state.quoted = true
                    state.afterClosingQuote = false
                    state.previousWasCR = false
                    index += 1
                    runStart = index
                    continue
                }
                if byte == quote, state.atFieldStart {
                    state.quoted = true
                    state.atFieldStart = false
                    state.previousWasCR = false
                    index += 1
                    runStart = index
                    continue
                }
                // A quote inside an unquoted value is kept as it is (37°36'37.8"N), as spreadsheets do.
                if state.afterClosingQuote { return (.failure(.strayQuote(file: file, row: line, column: ends.count + 1)), index) }
                state.atFieldStart = false
                index += 1
            }
            if let error = flushRun(upTo: index) { return (.failure(error), index) }
            return (.needMore, index)
        }
        position = result.position
        currentLine += lines
        return result.outcome
    }

    private func peek() -> UInt8? {
        if position >= buffer.count { refill() }
        return position < buffer.count ? buffer[position] : nil
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
