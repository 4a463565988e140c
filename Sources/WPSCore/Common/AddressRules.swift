import Foundation

/// The rules for an e-mail address and a web address, in Swift for the server and as a pattern
/// for the OpenAPI document, written side by side so that a generated client and the server
/// agree on every string. Both work on Unicode scalars (as JSON Schema patterns do), and both
/// drop only ASCII spaces, tabs and line ends around the address.
public enum AddressRules {
    static let padding = CharacterSet(charactersIn: " \t\n\r\u{0B}\u{0C}")
    private static let paddingPattern = "[\\t\\n\\x0b\\x0c\\r ]*"
    /// No space, control character or backslash inside an address.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\\"
    }

    public static func trim(_ text: String) -> String { text.trimmingCharacters(in: padding) }

    /// Empty, or one `@` with something before it and a dot somewhere after it.
    public static let emailPattern =
        "^\(paddingPattern)([^@\\\\\\x00-\\x20\\x7f]+@[^@\\\\\\x00-\\x20\\x7f]*\\.[^@\\\\\\x00-\\x20\\x7f]*)?\(paddingPattern)$"

    public static func isEmailAddress(_ text: String) -> Bool {
        let scalars = Array(trim(text).unicodeScalars)
        guard scalars.allSatisfy(isPlain), let at = scalars.firstIndex(of: "@") else { return false }
        let domain = scalars[(at + 1)...]
        return at > 0 && !domain.contains("@") && domain.contains(".")
    }

    /// Empty, or `http://` or `https://` (any case), a host with a dot and no `@`, then an
    /// optional path, query or fragment.
    public static let webPattern =
        "^\(paddingPattern)([Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\\\\\x00-\\x20\\x7f]*\\.[^/?#@\\\\\\x00-\\x20\\x7f]*([/?#][^\\\\\\x00-\\x20\\x7f]*)?)?\(paddingPattern)$"

    public static func isWebAddress(_ text: String) -> Bool {
        let scalars = Array(trim(text).unicodeScalars)
        guard scalars.allSatisfy(isPlain) else { return false }
        /// `scalars` starts with `prefix`, ASCII letters in any case.
        func starts(with prefix: String) -> Bool {
            let expected = Array(prefix.unicodeScalars)
            return scalars.count >= expected.count && zip(scalars, expected).allSatisfy { given, wanted in
                given == wanted || (65...90).contains(given.value) && given.value + 32 == wanted.value
            }
        }
        let rest: ArraySlice<Unicode.Scalar>
        if starts(with: "https://") { rest = scalars.dropFirst(8) } else if starts(with: "http://") { rest = scalars.dropFirst(7) } else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.contains(".") && !host.contains("@")
    }
}
