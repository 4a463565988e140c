import Foundation

/// The kinds of document people attach to reports, evaluations and library items, recognised by
/// their bytes, never by the name they were sent with: a file named `report.pdf` that is an HTML
/// page is refused. Office documents are zip archives told apart by the parts inside them.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case pdf, docx, xlsx, pptx, odt, ods, png, jpeg

    /// The media type a download is served with.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// The file name extension that goes with the kind.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// What the bytes are, or nil when they are none of the kinds (or a damaged archive).
    public static func detect(_ bytes: [UInt8]) -> DocumentKind? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        guard starts([0x50, 0x4B, 0x03, 0x04]), let zip = try? ZipParts(bytes: bytes) else { return nil }
        if zip.contains("mimetype"), (zip.uncompressedSize(of: "mimetype") ?? 0) < 200,
            let data = try? zip.data("mimetype"), let mimetype = String(data: data, encoding: .utf8) {
            switch mimetype.trimmingCharacters(in: .whitespacesAndNewlines) {
            case DocumentKind.odt.contentType: return .odt
            case DocumentKind.ods.contentType: return .ods
            default: return nil
            }
        }
        guard zip.contains("[Content_Types].xml") else { return nil }
        if zip.contains("word/document.xml") { return .docx }
        if zip.contains("xl/workbook.xml") { return .xlsx }
        if zip.contains("ppt/presentation.xml") { return .pptx }
        return nil
    }

    /// The name a download is offered under: the sent name without any folder, control or
    /// quoting characters, at most 120 characters, ending in the kind's extension.
    public static func safeName(_ name: String, kind: DocumentKind) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter {
            !CharacterSet.controlCharacters.contains($0) && !"\"<>:|?*;".unicodeScalars.contains($0)
        })).trimmingCharacters(in: .whitespaces)
        let ext = "." + kind.fileExtension
        let allowed = kind == .jpeg ? [".jpg", ".jpeg"] : [ext]
        if let dot = cleaned.lastIndex(of: "."), allowed.contains(cleaned[dot...].lowercased()) {
            cleaned = String(cleaned[..<dot])
        }
        cleaned = String(cleaned.prefix(120 - ext.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        return (cleaned.isEmpty ? "document" : cleaned) + ext
    }
}
