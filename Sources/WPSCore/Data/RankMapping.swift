/// The service category of a person.
public enum PersonnelCategory: String, Sendable, CaseIterable, Codable {
    case officer
    case nco
    case soldier
    case cadet
    case civilian
}

/// One national rank of a country and its NATO STANAG 2116 code.
public struct RankMapping: Sendable, Equatable, Codable {
    public var country: String
    public var nationalRank: String
    public var natoCode: String
    public var category: PersonnelCategory
    /// official, medium or probable (see the reference file's header).
    public var confidence: String

    public init(country: String, nationalRank: String, natoCode: String, category: PersonnelCategory, confidence: String) {
        self.country = country
        self.nationalRank = nationalRank
        self.natoCode = natoCode
        self.category = category
        self.confidence = confidence
    }

    /// The NATO category a code belongs to: OF officers, OR-5…OR-9 NCOs, OR-1…OR-4 soldiers,
    /// OF(D) cadets.
    /// Every NATO rank code (STANAG 2116), junior first.
    public static let natoCodes = ["OR-1", "OR-2", "OR-3", "OR-4", "OR-5", "OR-6", "OR-7", "OR-8", "OR-9", "OF(D)",
        "OF-0", "OF-1", "OF-2", "OF-3", "OF-4", "OF-5", "OF-6", "OF-7", "OF-8", "OF-9", "OF-10"]

    /// A code's place in ``natoCodes`` (higher is more senior); nil for a code that is not one.
    public static func seniority(ofCode code: String) -> Int? {
        seniorities[code]
    }

    private static let seniorities = Dictionary(uniqueKeysWithValues: natoCodes.enumerated().map { ($1, $0) })

    public static func category(ofCode code: String) -> PersonnelCategory? {
        if code.hasPrefix("OF(D)") { return .cadet }
        if code.hasPrefix("OF-") { return .officer }
        guard code.hasPrefix("OR-"), let number = Int(code.dropFirst(3)) else { return nil }
        return number >= 5 ? .nco : .soldier
    }
}
