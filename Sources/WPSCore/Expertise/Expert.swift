/// A level of a language on the CEFR scale, or the expert's own language.
public enum LanguageLevel: String, Sendable, CaseIterable, Comparable, Codable {
    case a1 = "A1", a2 = "A2", b1 = "B1", b2 = "B2", c1 = "C1", c2 = "C2", native

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: LanguageLevel, rhs: LanguageLevel) -> Bool { lhs.rank < rhs.rank }

    /// The level a mission needs: B2 or better.
    public static let working = LanguageLevel.b2
}

/// A language an expert speaks: an ISO 639-1 code and a level.
public struct ExpertLanguage: Sendable, Equatable, Codable {
    public var code: String
    public var level: LanguageLevel

    public init(code: String, level: LanguageLevel) {
        self.code = code
        self.level = level
    }
}

/// A certificate an expert holds.
public struct Certification: Sendable, Equatable, Codable {
    public var title: String
    public var issuer: String
    public var year: Int?

    public init(title: String, issuer: String = "", year: Int? = nil) {
        self.title = title
        self.issuer = issuer
        self.year = year
    }
}

/// A period an expert is available in (`available`), or is not.
public struct AvailabilityPeriod: Sendable, Equatable, Codable {
    public var from: Day
    public var to: Day
    public var available: Bool

    public init(from: Day, to: Day, available: Bool = true) {
        self.from = from
        self.to = to
        self.available = available
    }
}

/// What an expert's profile says; her trainings and missions come from activities.
public struct ExpertFields: Sendable, Equatable {
    public var personId: Int
    public var areas: [String]
    public var languages: [ExpertLanguage]
    public var countriesWorked: [String]
    public var certifications: [Certification]
    /// A short biography by language code (`en`, `bs`, …).
    public var biography: [String: String]
    public var availability: [AvailabilityPeriod]
    /// Consent to be listed and matched.
    public var listed: Bool

    public init(
        personId: Int, areas: [String] = [], languages: [ExpertLanguage] = [], countriesWorked: [String] = [], certifications: [Certification] = [],
        biography: [String: String] = [:], availability: [AvailabilityPeriod] = [], listed: Bool = true
    ) {
        self.personId = personId
        self.areas = areas
        self.languages = languages
        self.countriesWorked = countriesWorked
        self.certifications = certifications
        self.biography = biography
        self.availability = availability
        self.listed = listed
    }

    public static let languageCodePattern = #"^[a-z]{2}$"#

    public func trimmed() -> ExpertFields {
        var fields = self
        var seenAreas = Set<String>()
        fields.areas = areas.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty && seenAreas.insert($0).inserted }
        // A language named twice keeps its best level
        var best: [String: LanguageLevel] = [:]
        var order: [String] = []
        for language in languages {
            let code = language.code.trimmingCharacters(in: .whitespaces).lowercased()
            if let known = best[code] { best[code] = max(known, language.level) } else {
                best[code] = language.level
                order.append(code)
            }
        }
        fields.languages = order.map { ExpertLanguage(code: $0, level: best[$0] ?? .a1) }
        var seenCountries = Set<String>()
        fields.countriesWorked = countriesWorked.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            .filter { !$0.isEmpty && seenCountries.insert($0).inserted }
        fields.certifications = certifications.map {
            Certification(title: $0.title.trimmingCharacters(in: .whitespacesAndNewlines), issuer: $0.issuer.trimmingCharacters(in: .whitespacesAndNewlines), year: $0.year)
        }
        fields.biography = biography.reduce(into: [:]) { result, entry in
            let text = entry.value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { result[entry.key.trimmingCharacters(in: .whitespaces)] = text }
        }
        fields.availability = availability.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return fields
    }

    /// The rules of a profile, each broken one named by its field (`languages[1].code`, …).
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if areas.count > 30 { errors.add("areas", "too_many") }
        for (index, language) in languages.enumerated() where language.code.range(of: Self.languageCodePattern, options: .regularExpression) == nil {
            errors.add("languages[\(index)].code", "invalid_language", String(language.code.prefix(20)))
        }
        if languages.count > 30 { errors.add("languages", "too_many") }
        for (index, country) in countriesWorked.enumerated() where country.range(of: "^[A-Z]{2}$", options: .regularExpression) == nil {
            errors.add("countries_worked[\(index)]", "invalid_country", String(country.prefix(20)))
        }
        for (index, certification) in certifications.enumerated() {
            errors.checkText("certifications[\(index)].title", certification.title, required: true, maxLength: 300)
            errors.checkText("certifications[\(index)].issuer", certification.issuer, required: false, maxLength: 300)
            if let year = certification.year, !(1950...2100).contains(year) { errors.add("certifications[\(index)].year", "out_of_range", String(year)) }
        }
        for (language, text) in biography {
            if language.range(of: #"^[a-z]{2}(-[A-Za-z]{4})?$"#, options: .regularExpression) == nil {
                errors.add("biography", "invalid_language", String(language.prefix(20)))
            }
            errors.checkText("biography.\(language.prefix(10))", text, required: false, maxLength: 5_000)
        }
        for (index, period) in availability.enumerated() where period.to < period.from {
            errors.add("availability[\(index)].to", "before_from", period.to.description)
        }
        if availability.count > 100 { errors.add("availability", "too_many") }
        if countriesWorked.count > 100 { errors.add("countries_worked", "too_many") }
        if certifications.count > 100 { errors.add("certifications", "too_many") }
        if biography.count > 10 { errors.add("biography", "too_many") }
        return errors.all
    }

    /// Whether she can take a mission on every day of `from…to`: inside the periods she said she
    /// is available (when she named any) and in none she said she is not.
    public func isAvailable(from: Day, to: Day) -> Bool { firstUnavailableDay(from: from, to: to) == nil }

    /// The first day of `from…to` she cannot work, or nil.
    public func firstUnavailableDay(from: Day, to: Day) -> Day? {
        guard from <= to else { return nil }
        var first: Day?
        // A period she is away that overlaps: its first day within the request
        for period in availability where !period.available && period.from <= to && period.to >= from {
            let day = max(period.from, from)
            if first.map({ day < $0 }) ?? true { first = day }
        }
        // Periods she named as available must cover the request without a gap
        let open = availability.filter(\.available).sorted { $0.from < $1.from }
        if !open.isEmpty {
            var cursor = from
            var gap: Day?
            for period in open where period.to >= cursor {
                if period.from > cursor { gap = cursor; break }
                cursor = period.to.adding(days: 1)
                if cursor > to { break }
            }
            if gap == nil, cursor <= to { gap = cursor }
            if let gap, first.map({ gap < $0 }) ?? true { first = gap }
        }
        return first
    }

    /// Her level in a language, when she speaks it.
    public func level(of code: String) -> LanguageLevel? { languages.first { $0.code == code }?.level }
}

/// An expert of the roster: a person of the directory with a profile.
public struct Expert: Sendable, Equatable {
    public var id: Int
    public var fields: ExpertFields
    /// The person's name as the directory keeps it.
    public var name: String
    /// The institutions the person holds a position in (for conflicts of interest).
    public var institutionIds: [Int]
    public var version: Int
    public var createdAt: String
    public var updatedAt: String
    public var deleted: Bool

    public init(
        id: Int, fields: ExpertFields, name: String, institutionIds: [Int] = [], version: Int = 1, createdAt: String = "", updatedAt: String = "",
        deleted: Bool = false
    ) {
        self.id = id
        self.fields = fields
        self.name = name
        self.institutionIds = institutionIds
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deleted = deleted
    }
}

/// An area of expertise of the shared taxonomy, with its label in each interface language.
public struct ExpertiseArea: Sendable, Equatable {
    public var code: String
    public var labels: [String: String]

    public init(code: String, labels: [String: String]) {
        self.code = code
        self.labels = labels
    }

    public func label(_ language: String) -> String { labels[language] ?? labels["en"] ?? code }

    public static let codePattern = #"^[a-z][a-z0-9_]{1,59}$"#

    /// The taxonomy the platform starts with.
    public static let seeded: [ExpertiseArea] = [
        ExpertiseArea(code: "gender_in_military", labels: ["en": "gender in the military", "bs": "rod u vojsci", "sr-Cyrl": "род у војсци", "mk": "род во војската", "sq": "gjinia në ushtri"]),
        ExpertiseArea(code: "police_and_gbv", labels: ["en": "police and GBV", "bs": "policija i rodno zasnovano nasilje", "sr-Cyrl": "полиција и родно засновано насиље", "mk": "полиција и родово базирано насилство", "sq": "policia dhe dhuna me bazë gjinore"]),
        ExpertiseArea(code: "nap_development", labels: ["en": "NAP development", "bs": "izrada akcionih planova", "sr-Cyrl": "израда акционих планова", "mk": "изработка на акциски планови", "sq": "hartimi i planeve të veprimit"]),
        ExpertiseArea(code: "gender_training", labels: ["en": "gender training", "bs": "rodna obuka", "sr-Cyrl": "родна обука", "mk": "родова обука", "sq": "trajnim gjinor"]),
        ExpertiseArea(code: "sexual_harassment", labels: ["en": "sexual harassment", "bs": "seksualno uznemiravanje", "sr-Cyrl": "сексуално узнемиравање", "mk": "сексуално вознемирување", "sq": "ngacmimi seksual"]),
        ExpertiseArea(code: "gender_budgeting", labels: ["en": "gender budgeting", "bs": "rodno budžetiranje", "sr-Cyrl": "родно буџетирање", "mk": "родово буџетирање", "sq": "buxhetimi gjinor"]),
        ExpertiseArea(code: "salw_control", labels: ["en": "SALW control", "bs": "kontrola malog i lakog oružja", "sr-Cyrl": "контрола малог и лаког оружја", "mk": "контрола на мало и лесно оружје", "sq": "kontrolli i armëve të vogla dhe të lehta"]),
        ExpertiseArea(code: "gender_coaching", labels: ["en": "gender coaching", "bs": "rodni coaching", "sr-Cyrl": "родни коучинг", "mk": "родов коучинг", "sq": "coaching gjinor"]),
        ExpertiseArea(code: "women_in_peace_processes", labels: ["en": "women in peace processes", "bs": "žene u mirovnim procesima", "sr-Cyrl": "жене у мировним процесима", "mk": "жени во мировните процеси", "sq": "gratë në proceset e paqes"]),
        ExpertiseArea(code: "hr_data_analysis", labels: ["en": "HR data analysis", "bs": "analiza kadrovskih podataka", "sr-Cyrl": "анализа кадровских података", "mk": "анализа на кадровски податоци", "sq": "analiza e të dhënave të personelit"]),
    ]
}
