import Foundation

/// A file sent with an HTML form.
public struct UploadedFile: Sendable, Equatable {
    public var filename: String
    public var bytes: [UInt8]

    public init(filename: String, bytes: [UInt8]) {
        self.filename = filename
        self.bytes = bytes
    }
}

/// Reads a `multipart/form-data` body (RFC 7578): text fields and files.
public enum MultipartForm {
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

    /// The fields and files of `body`; nil when it is not well-formed multipart.
    public static func parse(_ body: [UInt8], boundary: String) -> (fields: [(String, String)], files: [String: UploadedFile])? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n\r\n".utf8)
        var fields: [(String, String)] = []
        var files: [String: UploadedFile] = [:]
        guard var start = find(delimiter, in: body, from: 0) else { return nil }
        start += delimiter.count
        while start + 2 <= body.count {
            // "--" after a delimiter ends the body.
            if body[start] == UInt8(ascii: "-"), body[start + 1] == UInt8(ascii: "-") { return (fields, files) }
            guard body[start] == 13, body[start + 1] == 10 else { return nil }
            let partStart = start + 2
            guard let headersEnd = find(separator, in: body, from: partStart),
                let next = find(Array("\r\n".utf8) + delimiter, in: body, from: headersEnd + 4)
            else { return nil }
            let headers = String(decoding: body[partStart..<headersEnd], as: UTF8.self)
            let content = Array(body[(headersEnd + 4)..<next])
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            if let name {
                if let filename {
                    files[name] = UploadedFile(filename: URL(fileURLWithPath: filename).lastPathComponent, bytes: content)
                } else {
                    fields.append((name, String(decoding: content, as: UTF8.self)))
                }
            }
            start = next + 2 + delimiter.count
        }
        return nil
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

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = from
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
