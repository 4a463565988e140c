/// What an institution has told the platform about its files, saved under a name and used for
/// the next file: which column a header means, and what a value the platform does not know means
/// (a national rank's NATO code, a local spelling of sex, category or post). Nothing is guessed:
/// a value is mapped only when a person said so.
public struct ImportMapping: Sendable, Equatable, Codable {
    /// Folded header → column (``PersonnelColumn`` raw value), or `ignore`.
    public var columns: [String: String]
    /// Kind (`rank`, `sex`, `category`, `position_level`) → folded value → meaning (a NATO code,
    /// a ``Sex``, a ``PersonnelCategory``, or `decision_making` / `other`).
    public var values: [String: [String: String]]

    public static let ignore = "ignore"
    public static let kinds = ["rank", "sex", "category", "position_level"]

    public init(columns: [String: String] = [:], values: [String: [String: String]] = [:]) {
        self.columns = columns
        self.values = values
    }

    /// Reads `column:HEADER=COLUMN`, `rank:VALUE=OF-9`, `sex:VALUE=female`, `category:VALUE=officer`
    /// or `position_level:VALUE=decision_making`, as people type them on the command line.
    /// - Throws: ``FieldError`` naming the rule that fails.
    public mutating func add(_ text: String) throws(FieldError) {
        guard let colon = text.firstIndex(of: ":"), let equals = text[colon...].firstIndex(of: "=") else {
            throw FieldError(field: "map", code: "expected_kind_value_meaning", value: text)
        }
        let kind = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = TextFolding.fold(String(text[text.index(after: colon)..<equals]))
        let meaning = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw FieldError(field: "map", code: "empty_value", value: text) }
        switch kind {
        case "column":
            guard meaning == Self.ignore || PersonnelColumn(rawValue: meaning) != nil else {
                throw FieldError(field: "map", code: "unknown_column", value: meaning)
            }
            columns[value] = meaning
        case "rank":
            let code = meaning.uppercased()
            guard RankMapping.natoCodes.contains(code) else { throw FieldError(field: "map", code: "unknown_nato_code", value: meaning) }
            values["rank", default: [:]][value] = code
        case "sex":
            guard Sex(rawValue: meaning) != nil else { throw FieldError(field: "map", code: "unknown_sex", value: meaning) }
            values["sex", default: [:]][value] = meaning
        case "category":
            guard PersonnelCategory(rawValue: meaning) != nil else { throw FieldError(field: "map", code: "unknown_category", value: meaning) }
            values["category", default: [:]][value] = meaning
        case "position_level":
            guard ["decision_making", "other"].contains(meaning) else {
                throw FieldError(field: "map", code: "unknown_position_level", value: meaning)
            }
            values["position_level", default: [:]][value] = meaning
        default:
            throw FieldError(field: "map", code: "unknown_kind", value: kind)
        }
    }

    /// This mapping with `other`'s entries added (other wins where both say something).
    public func merging(_ other: ImportMapping) -> ImportMapping {
        var merged = self
        merged.columns.merge(other.columns) { $1 }
        for (kind, entries) in other.values { merged.values[kind, default: [:]].merge(entries) { $1 } }
        return merged
    }

    func value(_ kind: String, _ text: String) -> String? {
        values[kind]?[TextFolding.fold(text)]
    }
}

/// Saved mappings, per institution and name.
public protocol ImportMappingStore: Sendable {
    /// The mapping saved under `name` for the institution, or nil.
    func mapping(institutionId: Int, name: String) async throws -> ImportMapping?
    /// Saves (creates or replaces) the mapping; audited.
    func saveMapping(_ mapping: ImportMapping, institutionId: Int, name: String, by actor: Actor) async throws
}
