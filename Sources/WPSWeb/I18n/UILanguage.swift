import Foundation

/// The interface languages; each has a catalogue `Resources/i18n/<code>.json`.
public enum UILanguage: String, Sendable, CaseIterable {
    case en
    /// Bosnian / Croatian / Serbian, Latin script.
    case bs

    /// Picks the language for a request: the remembered choice, else the first language of
    /// `Accept-Language` we speak (hr, sr and sr-Latn read the BCS catalogue), else English.
    static func negotiate(cookie: String?, acceptLanguage: String?) -> UILanguage {
        if let cookie, let language = UILanguage(rawValue: cookie) { return language }
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            switch primary {
            case "en": return .en
            case "bs", "hr", "sr", "sh", "cnr": return .bs
            default: continue
            }
        }
        return .en
    }
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

    /// All keys of the catalogue.
    public var keys: Set<String> { Set(texts.keys) }

    /// `date` in the reader's convention: `23 Nov 2026, 19:31` or `23. 11. 2026. 19:31` (UTC).
    public func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (year, month, day) = (c.year ?? 0, c.month ?? 1, c.day ?? 1)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        switch language {
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(day) \(months[max(0, min(11, month - 1))]) \(year), \(time) UTC"
        case .bs:
            return "\(day). \(month). \(year). \(time) UTC"
        }
    }

    /// A whole number with the reader's thousands separator: `12,345` or `12.345`.
    public func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        let separator = language == .en ? "," : "."
        return (value < 0 ? "-" : "") + groups.joined(separator: separator)
    }
}
