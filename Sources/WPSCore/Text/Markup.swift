/// The one escaping rule for everything the platform writes into HTML or SVG: page text,
/// attribute values, chart labels. Every value is hostile until it has passed through here.
public enum Markup {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so the text is safe both between tags and inside a
    /// quoted attribute, and replaces characters HTML forbids (NUL, other C0 and C1 controls but
    /// tab, line feed and carriage return; noncharacters; lone surrogates cannot occur in a
    /// Swift string) with U+FFFD, so a hostile value cannot make a page invalid either.
    public static func escape(_ text: String) -> String {
        // Most texts need nothing: returned as they are, without building a new string.
        if text.utf8.allSatisfy(isPlain) { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// Whether a UTF-8 byte is certainly part of a scalar that stands as it is: not one of the
    /// five escaped characters nor a control character, and not a lead byte that may begin a C1
    /// control (0xC2) or a noncharacter (0xEF, 0xF0 and above); those go scalar by scalar.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x26, 0x3C, 0x3E, 0x22, 0x27: false
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20, 0x7F: false
        case 0xC2, 0xEF, 0xF0...0xFF: false
        default: true
        }
    }

    /// Whether a scalar may stand in an HTML document as it is.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x09 || v == 0x0A || v == 0x0D { return true }
        if v < 0x20 || (0x7F...0x9F).contains(v) { return false }
        if (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE { return false }
        return true
    }

    /// A URL that may stand in `href`, `src` or `action`: a path or query of this site, a
    /// fragment, or an absolute `http`, `https` or `mailto` address. Anything else
    /// (`javascript:`, `data:`, `vbscript:`, schemes hidden behind spaces or control
    /// characters) answers nil, and the attribute is left out.
    public static func safeURL(_ url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }) { return nil }
        if url.hasPrefix("/") || url.hasPrefix("?") || url.hasPrefix("#") { return url }
        guard let colon = url.firstIndex(of: ":") else {
            // A relative path ("page", "../x") has no scheme; a slash or ? or # before any colon
            // also means the colon belongs to the path.
            return url.isEmpty ? nil : url
        }
        let beforeColon = url[..<colon]
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return url }
        switch beforeColon.lowercased() {
        case "http", "https", "mailto": return url
        default: return nil
        }
    }
}
