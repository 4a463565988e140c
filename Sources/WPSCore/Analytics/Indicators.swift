/// Indicators of women's representation, computed only from tables as published (after
/// disclosure control): an indicator that would rest on a withheld figure is withheld itself, so
/// no indicator tells more than the tables beside it.
public enum Indicators {
    /// NATO codes counted as senior posts for the glass-ceiling index: OF-5 (colonel) and above.
    public static let seniorCodes: Set<String> = ["OF-5", "OF-6", "OF-7", "OF-8", "OF-9", "OF-10"]

    /// The share of women, in percent, among the people of `rows` (all rows when nil) of a table
    /// whose columns are sexes; nil when a figure it needs is withheld or there is nobody.
    public static func shareOfWomen(_ table: ProtectedTable, rows selected: Set<String>? = nil) -> Double? {
        guard let female = table.columns.firstIndex(of: Sex.female.rawValue) else { return nil }
        var women = 0
        var everyone = 0
        if selected == nil {
            guard let womenTotal = table.columnTotals[female], let total = table.total else { return nil }
            women = womenTotal
            everyone = total
        } else {
            for (r, row) in table.rows.enumerated() where selected?.contains(row) == true {
                guard let count = table.cells[r][female], let total = table.rowTotals[r] else { return nil }
                women += count
                everyone += total
            }
        }
        return everyone > 0 ? Double(women) * 100 / Double(everyone) : nil
    }

    /// The glass-ceiling index: the share of women in the whole force divided by their share in
    /// senior posts. 1 means women are as present at the top as overall; above 1, a ceiling.
    /// Nil when either share is withheld, or when there are no women at the top (no ratio).
    public static func glassCeilingIndex(overall: Double?, senior: Double?) -> Double? {
        guard let overall, let senior, senior > 0 else { return nil }
        return overall / senior
    }

    /// The main indicators of one dataset, from its published NATO code × sex and decision-making
    /// post × sex tables.
    public static func representation(byRank: ProtectedTable, byPost: ProtectedTable) -> Representation {
        let overall = shareOfWomen(byRank)
        let presentSenior = Set(byRank.rows).intersection(seniorCodes)
        let senior = presentSenior.isEmpty ? nil : shareOfWomen(byRank, rows: presentSenior)
        return Representation(
            women: byRank.columns.firstIndex(of: Sex.female.rawValue).flatMap { byRank.columnTotals[$0] },
            total: byRank.total,
            shareOfWomen: overall,
            shareInSeniorPosts: senior,
            shareInDecisionMaking: byPost.rows.contains("decision_making") ? shareOfWomen(byPost, rows: ["decision_making"]) : nil,
            glassCeilingIndex: glassCeilingIndex(overall: overall, senior: senior))
    }

    /// Recruitment and attrition in a year by sex: people who entered and who left (`movements`,
    /// rows `entered` and `left`, sexes as columns, protected), as a share of the headcount of
    /// their sex in the published `byRank` table. Nil where a figure is withheld.
    public static func rates(_ movements: ProtectedTable, byRank: ProtectedTable) -> [Rates] {
        let entered = movements.rows.firstIndex(of: "entered")
        let left = movements.rows.firstIndex(of: "left")
        return movements.columns.enumerated().map { c, sex in
            let base = byRank.columns.firstIndex(of: sex).flatMap { byRank.columnTotals[$0] }
            func rate(_ row: Int?) -> Double? {
                guard let row, let count = movements.cells[row][c], let base, base > 0 else { return nil }
                return Double(count) * 100 / Double(base)
            }
            return Rates(sex: sex, recruitment: rate(entered), attrition: rate(left))
        }
    }
}

extension Indicators {
    /// Rates between two snapshots by sex, from a protected transitions table (rows `joined`,
    /// `left`, `stayed`, `promoted`): promotion as a share of those who stayed, attrition as a
    /// share of the earlier headcount (stayed + left), recruitment as a share of the later
    /// headcount (stayed + joined). Nil where a figure is withheld.
    public static func transitionRates(_ table: ProtectedTable) -> [TransitionRates] {
        func cell(_ row: String, _ column: Int) -> Int? {
            table.rows.firstIndex(of: row).flatMap { table.cells[$0][column] }
        }
        func share(_ part: Int?, _ whole: Int?) -> Double? {
            guard let part, let whole, whole > 0 else { return nil }
            return Double(part) * 100 / Double(whole)
        }
        return table.columns.enumerated().map { c, sex in
            let stayed = cell("stayed", c), left = cell("left", c), joined = cell("joined", c)
            let earlier = stayed.flatMap { s in left.map { s + $0 } }
            let later = stayed.flatMap { s in joined.map { s + $0 } }
            return TransitionRates(
                sex: sex, promotion: share(cell("promoted", c), stayed), attrition: share(left, earlier), recruitment: share(joined, later))
        }
    }
}

/// Promotion, attrition and recruitment of one sex between two snapshots, in percent.
public struct TransitionRates: Sendable, Equatable {
    public var sex: String
    public var promotion: Double?
    public var attrition: Double?
    public var recruitment: Double?
}

/// Recruitment and attrition rates of one sex in a year, in percent of its headcount.
public struct Rates: Sendable, Equatable {
    public var sex: String
    public var recruitment: Double?
    public var attrition: Double?
}

/// The main indicators of a dataset; nil where withheld or not applicable.
public struct Representation: Sendable, Equatable {
    public var women: Int?
    public var total: Int?
    /// Percent of women among everyone counted.
    public var shareOfWomen: Double?
    /// Percent of women among senior officers (OF-5 and above).
    public var shareInSeniorPosts: Double?
    /// Percent of women among the holders of decision-making posts.
    public var shareInDecisionMaking: Double?
    public var glassCeilingIndex: Double?
}
