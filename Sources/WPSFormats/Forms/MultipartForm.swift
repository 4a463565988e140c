import Foundation
import MultipartKit
import NIOCore

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

/// Reads a `multipart/form-data` body (RFC 7578) chunk by chunk as it arrives, with
/// MultipartKit's parser: text fields are kept (at most `fieldLimit` bytes in all), each file is
/// written to the path `place` gives for it, through a small buffer. Memory stays a few
/// hundred kilobytes whatever the size of the files.
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
        case headers([(String, String)])
        case field(name: String, bytes: [UInt8])
        case file(name: String, FileWriter)
        case ignored
    }

    private let parser: MultipartParser
    /// The close delimiter (`--boundary--`) the body must end with, and the body's last bytes.
    private let close: [UInt8]
    private var tail: [UInt8] = []
    private let fieldLimit: Int
    private let place: (_ field: String, _ filename: String) -> String
    private var part: Part = .headers([])
    private var fieldBytes = 0
    private var failure: Failure?
    public private(set) var fields: [(String, String)] = []
    public private(set) var files: [String: UploadedFile] = [:]

    /// - Parameter place: where to write the file sent in `field` as `filename` (a new path).
    public init(boundary: String, fieldLimit: Int = 1024 * 1024, place: @escaping (_ field: String, _ filename: String) -> String) {
        parser = MultipartParser(boundary: boundary)
        close = Array("--\(boundary)--".utf8)
        self.fieldLimit = fieldLimit
        self.place = place
        parser.onHeader = { [unowned self] name, value in
            if case .headers(var headers) = part {
                headers.append((name, value))
                part = .headers(headers)
            }
        }
        parser.onBody = { [unowned self] buffer in
            begin()
            receive(buffer.readableBytesView)
        }
        parser.onPartComplete = { [unowned self] in
            begin()
            end()
        }
    }

    /// The next bytes of the body.
    public func feed(_ buffer: ByteBuffer) throws(Failure) {
        if let failure { throw failure }
        do { try parser.execute(buffer) } catch { fail(.malformed) }
        if let failure { throw failure }
        tail.append(contentsOf: buffer.readableBytesView.suffix(close.count + 8))
        if tail.count > close.count + 8 { tail.removeFirst(tail.count - close.count - 8) }
    }

    /// After the last bytes: the body must end with the close delimiter (line ends and spaces
    /// after it aside), not inside a part or its headers.
    public func finish() throws(Failure) {
        if let failure { throw failure }
        var end = tail[...]
        while let last = end.last, last == 13 || last == 10 || last == 32 || last == 9 { end = end.dropLast() }
        guard end.elementsEqual(close) || end.suffix(close.count + 2).elementsEqual([13, 10] + close),
            case .headers(let headers) = part, headers.isEmpty
        else {
            fail(.malformed)
            throw .malformed
        }
    }

    /// Closes and removes what was written of an unfinished file (after a failure).
    public func discard() {
        if case .file(_, let writer) = part { writer.abandon() }
        part = .ignored
    }

    /// Decides what the part is once its headers are all in.
    private func begin() {
        guard case .headers(let headers) = part else { return }
        var name: String?
        var filename: String?
        for (header, value) in headers where header.lowercased() == "content-disposition" {
            name = Self.parameter("name", in: value)
            filename = Self.parameter("filename", in: value)
        }
        guard let name else {
            part = .ignored
            return
        }
        guard let filename else {
            part = .field(name: name, bytes: [])
            return
        }
        do {
            part = .file(name: name, try FileWriter(path: place(name, filename), filename: URL(fileURLWithPath: filename).lastPathComponent))
        } catch {
            fail(.cannotWrite(String(describing: error)))
        }
    }

    private func receive(_ bytes: ByteBufferView) {
        switch part {
        case .field(let name, var value):
            fieldBytes += bytes.count
            guard fieldBytes <= fieldLimit else { return fail(.fieldsTooLarge) }
            part = .ignored
            value.append(contentsOf: bytes)
            part = .field(name: name, bytes: value)
        case .file(_, let writer):
            do { try writer.write(bytes) } catch { fail(.cannotWrite(String(describing: error))) }
        case .headers, .ignored:
            break
        }
    }

    private func end() {
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
        case .headers, .ignored:
            break
        }
        if failure == nil { part = .headers([]) }
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
            try form.feed(ByteBuffer(bytes: body))
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

    func write(_ bytes: ByteBufferView) throws {
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
