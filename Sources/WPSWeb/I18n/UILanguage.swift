import Foundation

/// The interface languages; each has a catalogue `Resources/i18n/<code>.json`.
public enum UILanguage: String, Sendable, CaseIterable {
    case en
    /// Bosnian / Croatian / Serbian, Latin script.
    case bs
    /// Serbian, Cyrillic script (ijekavian, like the BCS catalogue it is transliterated from).
    case srCyrl = "sr-Cyrl"
    /// Macedonian.
    case mk
    /// Albanian.
    case sq

    /// Picks the language for a request: the remembered choice, else the first language of
    /// `Accept-Language` we speak, else English. Serbian is Cyrillic unless the tag says Latin
    /// (`sr-Latn`), as CLDR has it; hr, bs, sh and cnr read the BCS catalogue.
    static func negotiate(cookie: String?, acceptLanguage: String?) -> UILanguage {
        if let cookie, let language = UILanguage(rawValue: cookie) { return language }
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            let subtags = tag.split(separator: "-").map(String.init)
            switch subtags.first ?? "" {
            case "en": return .en
            case "bs", "hr", "sh", "cnr": return subtags.contains("cyrl") ? .srCyrl : .bs
            case "sr": return subtags.contains("latn") ? .bs : .srCyrl
            case "mk": return .mk
            case "sq": return .sq
            default: continue
            }
        }
        return .en
    }

    /// The CLDR plural category of a whole number `n` in this language: English and Albanian
    /// tell one from many; BCS, Serbian and Macedonian go by the last digits (21 is "one"), and
    /// BCS and Serbian also have "few" (2–4, 22–24, …, but not 12–14).
    public func pluralCategory(_ n: Int) -> PluralCategory {
        let n = n.magnitude
        let (last, lastTwo) = (n % 10, n % 100)
        switch self {
        case .en, .sq: return n == 1 ? .one : .other
        case .mk: return last == 1 && lastTwo != 11 ? .one : .other
        case .bs, .srCyrl:
            if last == 1 && lastTwo != 11 { return .one }
            if (2...4).contains(last) && !(12...14).contains(lastTwo) { return .few }
            return .other
        }
    }

    /// The plural categories the catalogue of this language has texts for.
    public var pluralCategories: [PluralCategory] {
        switch self {
        case .en, .sq, .mk: [.one, .other]
        case .bs, .srCyrl: [.one, .few, .other]
        }
    }
}

/// A CLDR plural category; a catalogue key `base_one`, `base_few` or `base_other` holds its text.
public enum PluralCategory: String, Sendable, CaseIterable {
    case one, few, other
}

/// The texts of one language, read from its catalogue.
public struct Catalog: Sendable {
    public let language: UILanguage
    let texts: [String: String]

    /// The text for `key`; the key itself when the catalogue lacks it (a test keeps the
    /// catalogues complete).
    public func callAsFunction(_ key: String) -> String { texts[key] ?? key }

    /// Every catalogue, loaded once from the module's resources.
    public static let all: [UILanguage: Catalog] = {
        var catalogs: [UILanguage: Catalog] = [:]
        for language in UILanguage.allCases {
            catalogs[language] = Catalog(language: language, texts: load(language))
        }
        return catalogs
    }()

    public static func of(_ language: UILanguage) -> Catalog {
        all[language] ?? Catalog(language: language, texts: [:])
    }

    static func load(_ language: UILanguage) -> [String: String] {
        guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/i18n")
            ?? Bundle.module.url(forResource: language.rawValue, withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let texts = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return texts
    }

    /// The text for `n` of something: `key_one`, `key_few` or `key_other` by the language's
    /// plural rules, with `{n}` replaced by the number in the reader's convention.
    public func plural(_ key: String, _ n: Int) -> String {
        let category = language.pluralCategory(n)
        let text = texts["\(key)_\(category.rawValue)"] ?? texts["\(key)_other"] ?? key
        return text.replacingOccurrences(of: "{n}", with: number(n))
    }

    /// All keys of the catalogue.
    public var keys: Set<String> { Set(texts.keys) }

    /// `date` in the reader's convention (UTC): `23 Nov 2026, 19:31`, `23. 11. 2026. 19:31`,
    /// `23.11.2026 19:31` (Macedonian), `23.11.2026, 19:31` (Albanian).
    public func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (year, month, day) = (c.year ?? 0, c.month ?? 1, c.day ?? 1)
        let time = "\(Self.twoDigits(c.hour ?? 0)):\(Self.twoDigits(c.minute ?? 0))"
        switch language {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(day) \(months[max(0, min(11, month - 1))]) \(year), \(time) UTC"
        case .bs, .srCyrl:
            return "\(day). \(month). \(year). \(time) UTC"
        case .mk:
            return "\(Self.twoDigits(day)).\(Self.twoDigits(month)).\(year) \(time) UTC"
        case .sq:
            return "\(day).\(month).\(year), \(time) UTC"
        }
    }

    private static func twoDigits(_ value: Int) -> String { (0..<10).contains(value) ? "0\(value)" : String(value) }

    /// The reader's thousands separator: a comma in English, a point in BCS, Serbian and
    /// Macedonian, a no-break space in Albanian.
    public var groupingSeparator: String {
        switch language {
        case .en: ","
        case .bs, .srCyrl, .mk: "."
        case .sq: "\u{00A0}"
        }
    }

    /// The reader's decimal separator: a point in English, a comma in the other languages.
    public var decimalSeparator: String { language == .en ? "." : "," }

    /// A whole number with the reader's thousands separator: `12,345`, `12.345`, `12 345`.
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: groupingSeparator)
    }

    /// A number rounded to `digits` decimals (0 to 6) in the reader's convention: `1,234.5`,
    /// `1.234,5`; trailing zeros stay (`12.0`), as published tables write them.
    public func decimal(_ value: Double, digits: Int = 1) -> String {
        let digits = max(0, min(6, digits))
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard value.isFinite, scaled < 9e15 else { return value.isFinite ? String(value) : "—" }
        let units = Int(scaled)
        var text = number(units / scale)
        if digits > 0 {
            let fraction = String(units % scale)
            text += decimalSeparator + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (value < 0 && units > 0 ? "-" : "") + text
    }

    /// A percentage in the reader's convention: `12.5%`, `12,5 %` (BCS, Serbian, Macedonian
    /// with a no-break space), `12,5%` (Albanian).
    public func percent(_ value: Double, digits: Int = 1) -> String {
        decimal(value, digits: digits) + (language == .en || language == .sq ? "%" : "\u{00A0}%")
    }
}
