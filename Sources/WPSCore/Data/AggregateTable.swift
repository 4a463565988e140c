/// One count of an aggregate table: how many people share these values. A dimension left nil
/// is "unknown" (or not broken down); sex left nil counts as not recorded.
public struct AggregateCount: Sendable, Equatable {
    public var sex: Sex
    public var ageBand: String?
    public var natoCode: String?
    public var category: String?
    public var service: String?
    public var unit: String?
    public var decisionMaking: Bool?
    public var count: Int
    /// The position of the entry it was sent as, when that differs from its own (a group's women
    /// and total are sent as one entry and kept as two counts): errors name the entry sent.
    public var entry: Int?

    public init(
        sex: Sex = .notRecorded, ageBand: String? = nil, natoCode: String? = nil, category: String? = nil, service: String? = nil,
        unit: String? = nil, decisionMaking: Bool? = nil, count: Int, entry: Int? = nil
    ) {
        self.sex = sex
        self.ageBand = ageBand
        self.natoCode = natoCode
        self.category = category
        self.service = service
        self.unit = unit
        self.decisionMaking = decisionMaking
        self.count = count
        self.entry = entry
    }
}

/// A table of counts sent by an institution instead of person-level records (DESIGN §2.4): what
/// many ministries publish or report. The reported total may differ from the sum of the counts
/// (people not broken down); the gap is kept and shown, never spread over the cells.
public struct AggregateTable: Sendable, Equatable {
    /// A count or a reported total: from 0 to ten million people (no institution is larger, and
    /// 100,000 counts of that size still add up without overflow).
    public static let countRange = 0...10_000_000

    public var institutionId: Int
    public var referenceDate: Day
    public var series: String
    /// Where the figures come from, and what is counted (ministry or armed forces, civilians, cadets).
    public var source: String
    public var definition: String
    public var visibility: Visibility
    public var reportedTotal: Int?
    /// The number of women the source reports, which may differ from the women in the counts.
    public var reportedWomen: Int?
    public var counts: [AggregateCount]

    public init(
        institutionId: Int, referenceDate: Day, series: String = "", source: String = "", definition: String = "",
        visibility: Visibility = .institution, reportedTotal: Int? = nil, reportedWomen: Int? = nil, counts: [AggregateCount]
    ) {
        self.institutionId = institutionId
        self.referenceDate = referenceDate
        self.series = series
        self.source = source
        self.definition = definition
        self.visibility = visibility
        self.reportedTotal = reportedTotal
        self.reportedWomen = reportedWomen
        self.counts = counts
    }

    /// The sum of the counts.
    public var sumOfParts: Int { counts.reduce(0) { $0 + $1.count } }

    /// The sum of the women's counts.
    public var womenInParts: Int { counts.reduce(0) { $0 + ($1.sex == .female ? $1.count : 0) } }

    /// Every rule that needs no database, each with its field (`counts[3].nato_code`).
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("series", series, required: false)
        errors.checkText("source", source, required: false, maxLength: 2000)
        errors.checkText("definition", definition, required: false, maxLength: 2000)
        if let reportedTotal, !Self.countRange.contains(reportedTotal) { errors.add("total", "out_of_range", String(reportedTotal)) }
        if let reportedWomen, !Self.countRange.contains(reportedWomen) { errors.add("women", "out_of_range", String(reportedWomen)) }
        if counts.isEmpty { errors.add("counts", "required") }
        // 100,000 entries, each one count or a group's two
        if counts.count > 200_000 { errors.add("counts", "too_many", String(counts.count)) }
        for (index, count) in counts.enumerated() {
            // A group's second count shares the first one's entry and dimensions: named once
            if let entry = count.entry, index > 0, counts[index - 1].entry == entry { continue }
            let field = "counts[\(count.entry ?? index)]"
            if !Self.countRange.contains(count.count) { errors.add("\(field).n", "out_of_range", String(count.count)) }
            if let code = count.natoCode, !RankMapping.natoCodes.contains(code) { errors.add("\(field).nato_code", "unknown_value", code) }
            if let category = count.category, PersonnelCategory(rawValue: category) == nil {
                errors.add("\(field).category", "unknown_value", category)
            }
            for (name, text) in [("age_band", count.ageBand), ("service", count.service), ("unit", count.unit)] {
                if let text { errors.checkText("\(field).\(name)", text, required: true) }
            }
        }
        return errors.all
    }
}
