import Foundation

/// A file sent with an HTML form: its bytes were written to `path` (a scratch file of the
/// request) while the body arrived, so no upload is ever held whole in memory.
public struct UploadedFile: Sendable, Equatable {
    public var filename: String
    public var path: String
    public var size: Int

    public init(filename: String, path: String, size: Int) {
        self.filename = filename
        self.path = path
        self.size = size
    }
}

/// Reads a `multipart/form-data` body (RFC 7578) chunk by chunk as it arrives: text fields are
/// kept (at most `fieldLimit` bytes in all), each file is written to the path `place` gives for
/// it, through a small buffer. Memory stays a few hundred kilobytes whatever the size of the files.
///
/// Our own parser, not MultipartKit's: MultipartKit 4.7.1 (the version the package mirror has)
/// traps on a header name byte above 127 (it indexes a 128-entry table with it), so one request
/// would stop the server; the fuzzer found it (`MultipartFormTests.aHeaderNameOutsideASCIIIsRefused`).
public final class MultipartForm {
    public enum Failure: Error, Equatable, Sendable {
        /// Not well-formed multipart/form-data.
        case malformed
        /// Text fields larger than the limit.
        case fieldsTooLarge
        /// A file could not be written (the message says why).
        case cannotWrite(String)
    }

    private enum Part {
        case field(name: String, bytes: [UInt8])
        case file(name: String, FileWriter)
        case ignored
    }

    private enum State {
        /// Before the first delimiter (a preamble is skipped).
        case preamble
        /// After a delimiter: `--` ends the body, a line end starts a part's headers.
        case afterDelimiter
        case headers
        case body(Part)
        /// After the close delimiter (an epilogue is ignored).
        case done
    }

    /// The most a part's headers may take.
    static let headerLimit = 16 * 1024
    private let delimiter: [UInt8]
    /// A line end and the delimiter: where a part's content ends.
    private let bodyEnd: [UInt8]
    private let fieldLimit: Int
    private let place: (_ field: String, _ filename: String) -> String
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var fieldBytes = 0
    private var failure: Failure?
    public private(set) var fields: [(String, String)] = []
    public private(set) var files: [String: UploadedFile] = [:]

    /// - Parameter place: where to write the file sent in `field` as `filename` (a new path).
    public init(boundary: String, fieldLimit: Int = 1024 * 1024, place: @escaping (_ field: String, _ filename: String) -> String) {
        delimiter = Array("--\(boundary)".utf8)
        bodyEnd = Array("\r\n--\(boundary)".utf8)
        self.fieldLimit = fieldLimit
        self.place = place
    }

    /// The next bytes of the body.
    public func feed(_ bytes: some Collection<UInt8>) throws(Failure) {
        if let failure { throw failure }
        if case .done = state { return }
        pending.append(contentsOf: bytes)
        var consumed = 0
        while failure == nil, step(&consumed) {}
        pending.removeFirst(consumed)
        if let failure { throw failure }
    }

    /// After the last bytes: the body must have ended with its close delimiter.
    public func finish() throws(Failure) {
        if let failure { throw failure }
        guard case .done = state else {
            fail(.malformed)
            throw .malformed
        }
    }

    /// Closes and removes what was written of an unfinished file (after a failure).
    public func discard() {
        if case .body(.file(_, let writer)) = state { writer.abandon() }
        state = .done
    }

    /// One step on `pending` from `consumed`; false when it needs more bytes (or is done).
    private func step(_ consumed: inout Int) -> Bool {
        let available = pending.count - consumed
        switch state {
        case .done:
            consumed = pending.count
            return false
        case .preamble:
            guard let found = find(delimiter, from: consumed) else {
                // Keep what could be the start of a delimiter.
                consumed = max(consumed, pending.count - delimiter.count + 1)
                return false
            }
            consumed = found + delimiter.count
            state = .afterDelimiter
            return true
        case .afterDelimiter:
            guard available >= 2 else { return false }
            let (first, second) = (pending[consumed], pending[consumed + 1])
            consumed += 2
            if first == UInt8(ascii: "-"), second == UInt8(ascii: "-") {
                state = .done
                consumed = pending.count
                return false
            }
            guard first == 13, second == 10 else {
                fail(.malformed)
                return false
            }
            state = .headers
            return true
        case .headers:
            guard available >= 2 else { return false }
            // A part without headers starts with its empty line at once.
            let empty = pending[consumed] == 13 && pending[consumed + 1] == 10
            guard let end = empty ? consumed - 2 : find([13, 10, 13, 10], from: consumed) else {
                if available > Self.headerLimit { fail(.malformed) }
                return false
            }
            guard end - consumed <= Self.headerLimit else {
                fail(.malformed)
                return false
            }
            let headers = end > consumed ? Array(pending[consumed..<end]) : []
            consumed = end + 4
            state = .body(begin(headers))
            return true
        case .body(let part):
            guard let found = find(bodyEnd, from: consumed) else {
                // Everything but what could be the start of the end is content.
                let safe = max(consumed, pending.count - bodyEnd.count + 1)
                if safe > consumed { receive(pending[consumed..<safe], into: part) }
                consumed = safe
                return false
            }
            if found > consumed { receive(pending[consumed..<found], into: part) }
            consumed = found + bodyEnd.count
            // The part as the bytes just received left it.
            guard case .body(let received) = state else { return false }
            end(received)
            if failure == nil { state = .afterDelimiter }
            return true
        }
    }

    /// The first index of `needle` in `pending` at or after `from`.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard pending.count - from >= needle.count else { return nil }
        return pending.withUnsafeBufferPointer { haystack -> Int? in
            needle.withUnsafeBufferPointer { needle -> Int? in
                guard let base = haystack.baseAddress, let needleBase = needle.baseAddress, let first = needle.first else { return nil }
                var index = from
                let last = haystack.count - needle.count
                while index <= last {
                    guard let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
                    let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, needleBase, needle.count) == 0 { return position }
                    index = position + 1
                }
                return nil
            }
        }
    }

    /// What the part is, from its headers.
    private func begin(_ headers: [UInt8]) -> Part {
        var name: String?
        var filename: String?
        for line in String(decoding: headers, as: UTF8.self).components(separatedBy: "\r\n")
        where line.lowercased().hasPrefix("content-disposition:") {
            name = Self.parameter("name", in: line)
            filename = Self.parameter("filename", in: line)
        }
        guard let name else { return .ignored }
        guard let filename else { return .field(name: name, bytes: []) }
        do {
            return .file(name: name, try FileWriter(path: place(name, filename), filename: URL(fileURLWithPath: filename).lastPathComponent))
        } catch {
            fail(.cannotWrite(String(describing: error)))
            return .ignored
        }
    }

    private func receive(_ bytes: ArraySlice<UInt8>, into part: Part) {
        switch part {
        case .field(let name, var value):
            fieldBytes += bytes.count
            guard fieldBytes <= fieldLimit else { return fail(.fieldsTooLarge) }
            state = .done
            value.append(contentsOf: bytes)
            state = .body(.field(name: name, bytes: value))
        case .file(_, let writer):
            do { try writer.write(bytes) } catch { fail(.cannotWrite(String(describing: error))) }
        case .ignored:
            break
        }
    }

    private func end(_ part: Part) {
        switch part {
        case .field(let name, let value):
            fields.append((name, String(decoding: value, as: UTF8.self)))
        case .file(let name, let writer):
            do {
                if let replaced = files[name] { try? FileManager.default.removeItem(atPath: replaced.path) }
                files[name] = try writer.close()
            } catch {
                fail(.cannotWrite(String(describing: error)))
            }
        case .ignored:
            break
        }
    }

    private func fail(_ reason: Failure) {
        if failure == nil { failure = reason }
        discard()
    }

    /// The boundary named by a `multipart/form-data; boundary=…` content type.
    public static func boundary(of contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// The fields and files of a whole body, files written into `folder` (tests, the fuzzer).
    public static func parse(_ body: [UInt8], boundary: String, folder: String) -> (fields: [(String, String)], files: [String: UploadedFile])? {
        var count = 0
        let form = MultipartForm(boundary: boundary) { _, _ in
            count += 1
            return folder + "/part-\(count)"
        }
        do {
            try form.feed(body)
            try form.finish()
            return (form.fields, form.files)
        } catch {
            form.discard()
            return nil
        }
    }

    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            }
        }
        return nil
    }
}

/// Writes one uploaded file through a 256 KiB buffer.
final class FileWriter {
    private let handle: FileHandle
    private let path: String
    private let filename: String
    private var buffer: [UInt8] = []
    private var size = 0
    private static let flushAt = 256 * 1024

    init(path: String, filename: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        self.handle = handle
        self.path = path
        self.filename = filename
        buffer.reserveCapacity(Self.flushAt)
    }

    func write(_ bytes: ArraySlice<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        size += bytes.count
        if buffer.count >= Self.flushAt { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws -> UploadedFile {
        try flush()
        try handle.close()
        return UploadedFile(filename: filename, path: path, size: size)
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
