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
    public static func category(ofCode code: String) -> PersonnelCategory? {
        if code.hasPrefix("OF(D)") { return .cadet }
        if code.hasPrefix("OF-") { return .officer }
        guard code.hasPrefix("OR-"), let number = Int(code.dropFirst(3)) else { return nil }
        return number >= 5 ? .nco : .soldier
    }
}
