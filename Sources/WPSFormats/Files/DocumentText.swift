import Foundation

/// The text of an attached document, for search: PDF through Poppler's `pdftotext` (Debian's
/// `poppler-utils`, looked for at run time; without it PDFs are kept but not searched), Word,
/// OpenDocument and Excel files from the XML inside them.
public enum DocumentText {
    /// The largest text kept from one file.
    public static let largestText = 2_000_000

    /// Where `pdftotext` is, if it is installed.
    public static let pdftotext: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(folder)/pdftotext"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether text can be read from files of this kind on this server.
    public static func canRead(_ kind: DocumentKind) -> Bool {
        switch kind {
        case .pdf: pdftotext != nil
        case .docx, .odt, .xlsx, .ods, .pptx: true
        case .png, .jpeg: false
        }
    }

    /// The text of the document, or nil when none can be read (an image, a PDF without
    /// `pdftotext` or without a text layer, a damaged file).
    public static func extract(_ bytes: [UInt8], kind: DocumentKind) async -> String? {
        let text: String?
        switch kind {
        case .pdf: text = await pdf(bytes)
        case .docx: text = xmlText(bytes, parts: ["word/document.xml"], breaks: ["</w:p>", "<w:tab/>", "<w:br/>"])
        case .odt, .ods: text = xmlText(bytes, parts: ["content.xml"], breaks: ["</text:p>", "</text:h>", "<text:tab/>", "<text:line-break/>"])
        case .xlsx: text = xmlText(bytes, parts: ["xl/sharedStrings.xml"], breaks: ["</si>"])
        case .pptx: text = nil
        case .png, .jpeg: text = nil
        }
        guard let text else { return nil }
        let cleaned = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return cleaned.isEmpty ? nil : String(cleaned.prefix(largestText))
    }

    static func xmlText(_ bytes: [UInt8], parts: [String], breaks: [String]) -> String? {
        guard let zip = try? ZipParts(bytes: bytes) else { return nil }
        var result = ""
        for part in parts {
            guard (zip.uncompressedSize(of: part) ?? .max) <= 64 * 1024 * 1024, let data = try? zip.data(part),
                var xml = String(data: data, encoding: .utf8)
            else { continue }
            for mark in breaks { xml = xml.replacingOccurrences(of: mark, with: mark + "\n") }
            var text = ""
            var inTag = false
            for character in xml {
                switch character {
                case "<": inTag = true
                case ">": inTag = false
                default: if !inTag { text.append(character) }
                }
            }
            result += decodeEntities(text) + "\n"
        }
        return result
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Runs `pdftotext` on a scratch copy, stopped after a minute (a hostile PDF must not hold a
    /// server's process slot for ever).
    static func pdf(_ bytes: [UInt8]) async -> String? {
        guard let tool = pdftotext else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wps-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let input = folder.appendingPathComponent("in.pdf")
            let output = folder.appendingPathComponent("out.txt")
            try Data(bytes).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-q", "-enc", "UTF-8", input.path, output.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let status: Int32 = await withCheckedContinuation { continuation in
                process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(returning: -1)
                    return
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
            }
            guard status == 0, let data = FileManager.default.contents(atPath: output.path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        } catch {
            return nil
        }
    }
}
