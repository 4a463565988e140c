import Foundation

/// The one rule by which every search in the product compares text.
///
/// Folding makes text comparable across case, diacritics and script, so that a person who types
/// on an English keyboard, in Latin with diacritics, or in Serbian or Macedonian Cyrillic finds
/// the same record: "zene zenama", "ŽENE ŽENAMA" and "жене женама" all fold to "zene zenama",
/// and "Đorđe", "Djordje", "Dorde" and "Ђорђе" all fold to "dorde".
public enum TextFolding {
    /// Folds `text` to its search key: lower case, Cyrillic transliterated to Latin, diacritics
    /// removed, đ and "dj" both written "d", runs of white space collapsed to one space.
    public static func fold(_ text: String) -> String {
        var latin = ""
        latin.reserveCapacity(text.utf8.count)
        for character in text.lowercased() {
            if let replacement = cyrillicToLatin[character] {
                latin += replacement
            } else {
                latin.append(character)
            }
        }
        var stripped = String.UnicodeScalarView()
        for scalar in latin.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                if let replacement = latinWithoutDecomposition[scalar] {
                    stripped.append(contentsOf: replacement.unicodeScalars)
                } else {
                    stripped.append(scalar)
                }
            }
        }
        let words = String(stripped)
            .replacingOccurrences(of: "dj", with: "d")
            .split(whereSeparator: { $0.isWhitespace })
        return words.joined(separator: " ")
    }

    /// Letters that Unicode does not decompose into a base letter and a mark.
    private static let latinWithoutDecomposition: [Unicode.Scalar: String] = [
        "đ": "d", "ð": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
    ]

    /// Serbian and Macedonian Cyrillic (lower case) to the Latin letters of their official
    /// Latin alphabets, before diacritics are removed (so ж → ž → z, ђ → đ → d).
    private static let cyrillicToLatin: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
        "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
        "ч": "č", "џ": "dž", "ш": "š",
        // Macedonian letters not in Serbian.
        "ѓ": "gj", "ѕ": "dz", "ќ": "kj",
        // Letters found in names from elsewhere in the region (Russian, Ukrainian, Bulgarian).
        "й": "j", "щ": "št", "ъ": "a", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
        "ё": "e", "є": "je", "і": "i", "ї": "ji", "ґ": "g",
    ]
}
