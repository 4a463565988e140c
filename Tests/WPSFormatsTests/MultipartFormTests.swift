import Foundation
import Testing
@testable import WPSFormats

/// The form reader behind every upload: fields and files come out the same however the body is
/// cut into chunks on its way in, files land on disk byte for byte, and what is not
/// multipart/form-data or too large is refused.
@Suite struct MultipartFormTests {
    static let boundary = "----wpsBoundary7MA4YWxk"

    /// A file whose bytes look like the body's own syntax: CR, LF, dashes, a near-boundary.
    static let fileBytes: [UInt8] = Array("id;name\r\n1;Amra\r\n\r\n--\r\n------wpsBoundary7MA4YWx\r\n".utf8) + (0...255).map(UInt8.init)
        + Array("\r\n----wpsBoundary7MA4YW".utf8)

    static func body(file: [UInt8] = fileBytes) -> [UInt8] {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"series\"\r\n\r\nOS BiH, Šabac\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/osoblje.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "wps-multipart-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func everyChunkSizeGivesTheSameFieldsAndFile() throws {
        let body = Self.body()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [1, 2, 3, 7, 16, 41, 100, body.count] {
            var count = 0
            let form = MultipartForm(boundary: Self.boundary) { field, _ in
                count += 1
                return folder + "/\(size)-\(field)-\(count)"
            }
            for start in stride(from: 0, to: body.count, by: size) {
                try form.feed(body[start..<min(start + size, body.count)])
            }
            try form.finish()
            #expect(form.fields.map(\.0) == ["_csrf", "series"], "chunks of \(size)")
            #expect(form.fields.map(\.1) == ["abc", "OS BiH, Šabac"], "chunks of \(size)")
            let file = try #require(form.files["file"], "chunks of \(size)")
            // The name without its folders; the bytes exactly as sent
            #expect(file.filename == "osoblje.csv")
            #expect(file.size == Self.fileBytes.count)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: file.path))) == Self.fileBytes, "chunks of \(size)")
        }
    }

    @Test func aFileLargerThanTheWriteBufferArrivesWhole() throws {
        let large = (0..<(700 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let parsed = try #require(MultipartForm.parse(Self.body(file: large), boundary: Self.boundary, folder: folder))
        let file = try #require(parsed.files["file"])
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: file.path))) == large)
    }

    @Test func whatIsNotWellFormedIsRefusedAndLeavesNoFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Self.body()
        // Cut inside the file, cut inside a part's headers, a delimiter followed by something else
        let cutInFile = Array(body[..<(body.count - 40)])
        let headers = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--\(Self.boundary)garbage\r\n".utf8)
        let cutInHeaders = Array("--\(Self.boundary)\r\nContent-Disposition: form-da".utf8)
        for broken in [cutInFile, headers, cutInHeaders] {
            #expect(MultipartForm.parse(broken, boundary: Self.boundary, folder: folder) == nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// Found by the fuzzer in MultipartKit 4.7.1, which traps on it: one request stopped the server.
    @Test func aHeaderNameOutsideASCIIIsReadNotTrapped() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Array("--XyZ\r\nContent-Disposition: forina ro\u{111}enja\r\n\u{17D};poru\u{10D}nik; name=\"institution_idXyZ--\r\n".utf8)
        #expect(MultipartForm.parse(body, boundary: "XyZ", folder: folder) == nil)
        let named = Array("--XyZ\r\n\u{17D}-Header: x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n".utf8)
        #expect(MultipartForm.parse(named, boundary: "XyZ", folder: folder)?.fields.map(\.1) == ["1"])
        // A part without headers, and a preamble and epilogue, are as RFC 2046 has them
        let bare = Array("preamble\r\n--XyZ\r\n\r\nnothing\r\n--XyZ--\r\nepilogue".utf8)
        #expect(MultipartForm.parse(bare, boundary: "XyZ", folder: folder)?.fields.isEmpty == true)
    }

    @Test func fieldsBeyondTheLimitAreRefused() throws {
        let form = MultipartForm(boundary: Self.boundary, fieldLimit: 10) { _, _ in "/nonexistent/never" }
        let body = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n\(String(repeating: "x", count: 11))\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(throws: MultipartForm.Failure.fieldsTooLarge) {
            try form.feed(body)
            try form.finish()
        }
    }

    @Test func theBoundaryIsReadFromTheContentType() {
        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartForm.boundary(of: "Multipart/Form-Data; charset=utf-8; boundary=xyz") == "xyz")
        #expect(MultipartForm.boundary(of: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=") == nil)
    }
}
