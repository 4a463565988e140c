/// One person in a personnel dataset, as analyses read it.
public struct PersonnelRecord: Sendable, Equatable {
    public var sex: Sex
    public var birthYear: Int?
    public var natoCode: String?
    public var category: String?
    public var service: String?
    public var unit: String?
    /// Whether the person holds a decision-making post.
    public var decisionMaking: Bool?

    public init(
        sex: Sex, birthYear: Int? = nil, natoCode: String? = nil, category: String? = nil, service: String? = nil,
        unit: String? = nil, decisionMaking: Bool? = nil
    ) {
        self.sex = sex
        self.birthYear = birthYear
        self.natoCode = natoCode
        self.category = category
        self.service = service
        self.unit = unit
        self.decisionMaking = decisionMaking
    }
}

/// Age bands given by their lower bounds, e.g. [18, 25, 30, 35, 40, 45, 50, 55] makes
/// "18–24", …, "50–54", "55+".
public struct AgeBands: Sendable, Hashable {
    public var lowerBounds: [Int]

    public init(_ lowerBounds: [Int]) {
        self.lowerBounds = lowerBounds.sorted()
    }

    public static let standard = AgeBands([18, 25, 30, 35, 40, 45, 50, 55])

    /// The band of `age`; nil below the first band.
    public func band(of age: Int) -> String? {
        guard let index = lowerBounds.lastIndex(where: { $0 <= age }) else { return nil }
        if index == lowerBounds.count - 1 { return "\(lowerBounds[index])+" }
        return "\(lowerBounds[index])–\(lowerBounds[index + 1] - 1)"
    }

    /// Every band label in order.
    public var labels: [String] {
        lowerBounds.indices.map { index in
            index == lowerBounds.count - 1 ? "\(lowerBounds[index])+" : "\(lowerBounds[index])–\(lowerBounds[index + 1] - 1)"
        }
    }
}

/// A dimension an analysis can break counts down by.
public enum AnalysisDimension: Sendable, Hashable {
    case sex
    case ageBand(AgeBands)
    case natoCode
    case category
    case service
    case unit
    case positionLevel

    /// The dimensions readers may combine, with the standard age bands: every table published
    /// to someone who does not see exact figures is a pair of these, protected together.
    public static let published: [AnalysisDimension] = [.sex, .ageBand(.standard), .natoCode, .category, .service, .unit, .positionLevel]

    /// The label used for a missing value; kept apart, never dropped.
    public static let unknown = "unknown"

    /// Reads `dimension` names as the API spells them: `sex`, `age_band`, `nato_code`, …
    public init?(name: String) {
        switch name {
        case "sex": self = .sex
        case "age_band": self = .ageBand(.standard)
        case "nato_code": self = .natoCode
        case "category": self = .category
        case "service": self = .service
        case "unit": self = .unit
        case "position_level": self = .positionLevel
        default: return nil
        }
    }

    /// The name the API spells it with, as ``init(name:)`` reads it.
    public var name: String {
        switch self {
        case .sex: "sex"
        case .ageBand: "age_band"
        case .natoCode: "nato_code"
        case .category: "category"
        case .service: "service"
        case .unit: "unit"
        case .positionLevel: "position_level"
        }
    }

    func value(of record: PersonnelRecord, referenceYear: Int) -> String {
        switch self {
        case .sex: return record.sex.rawValue
        case .ageBand(let bands):
            return record.birthYear.flatMap { bands.band(of: referenceYear - $0) } ?? Self.unknown
        case .natoCode: return record.natoCode ?? Self.unknown
        case .category: return record.category ?? Self.unknown
        case .service: return record.service ?? Self.unknown
        case .unit: return record.unit ?? Self.unknown
        case .positionLevel: return record.decisionMaking.map { $0 ? "decision_making" : "other" } ?? Self.unknown
        }
    }
}

/// Counting records into tables.
public enum Tabulation {
    /// The table of `records` by `rows` × `columns`. Missing values count under "unknown", so the
    /// table's total is always the number of records.
    public static func table(
        _ records: some Sequence<PersonnelRecord>, rows: AnalysisDimension, columns: AnalysisDimension, referenceYear: Int
    ) -> CountTable {
        var counts: [String: [String: Int]] = [:]
        var columnLabels = Set<String>()
        for record in records {
            let row = rows.value(of: record, referenceYear: referenceYear)
            let column = columns.value(of: record, referenceYear: referenceYear)
            counts[row, default: [:]][column, default: 0] += 1
            columnLabels.insert(column)
        }
        let rowOrder = order(Set(counts.keys), rows)
        let columnOrder = order(columnLabels, columns)
        return CountTable(
            rows: rowOrder, columns: columnOrder,
            cells: rowOrder.map { row in columnOrder.map { counts[row]?[$0] ?? 0 } })
    }

    /// A table from counts already grouped elsewhere (by SQL, say), in the same order as
    /// ``table(_:rows:columns:referenceYear:)`` would give.
    public static func table(counts: [(row: String, column: String, count: Int)], rows: AnalysisDimension, columns: AnalysisDimension) -> CountTable {
        var grouped: [String: [String: Int]] = [:]
        for entry in counts { grouped[entry.row, default: [:]][entry.column, default: 0] += entry.count }
        let rowOrder = order(Set(grouped.keys), rows)
        let columnOrder = order(Set(counts.map(\.column)), columns)
        return CountTable(rows: rowOrder, columns: columnOrder, cells: rowOrder.map { row in columnOrder.map { grouped[row]?[$0] ?? 0 } })
    }

    /// Labels in a reader's order: NATO codes by rank (OR-1 … OR-9, OF-0 … OF-10), age bands
    /// young to old, sex as female, male, other, not recorded; "unknown" last.
    public static func order(_ labels: Set<String>, _ dimension: AnalysisDimension) -> [String] {
        let known = labels.filter { $0 != AnalysisDimension.unknown }
        var sorted: [String]
        switch dimension {
        case .sex: sorted = Sex.allCases.map(\.rawValue).filter(known.contains)
        case .ageBand(let bands): sorted = bands.labels.filter(known.contains)
        case .natoCode: sorted = known.sorted { natoKey($0) < natoKey($1) }
        default: sorted = known.sorted { TextFolding.fold($0) < TextFolding.fold($1) }
        }
        sorted += known.subtracting(sorted).sorted()
        return labels.contains(AnalysisDimension.unknown) ? sorted + [AnalysisDimension.unknown] : sorted
    }

    private static func natoKey(_ code: String) -> (Int, Int, String) {
        let parts = code.split(separator: "-")
        let number = parts.count == 2 ? Int(parts[1]) ?? 99 : 99
        let group = code.hasPrefix("OR") ? 0 : code.hasPrefix("OF(D)") ? 1 : code.hasPrefix("OF") ? 2 : 3
        return (group, number, code)
    }
}
