import WPSCore

/// Says the matching's reasons, areas, languages and periods in the reader's language.
struct ExpertisePhrases: Sendable {
    var catalog: Catalog
    var areas: [ExpertiseArea]
    /// Country names by code, as the directory keeps them.
    var countries: [String: String]

    func area(_ code: String) -> String { areas.first { $0.code == code }?.label(catalog.language.rawValue) ?? code }

    func language(_ code: String) -> String {
        let key = "language_code.\(code)"
        let name = catalog(key)
        return name == key ? code : name
    }

    func level(_ level: LanguageLevel) -> String { level == .native ? catalog("expertise.level_native") : level.rawValue }

    func country(_ code: String) -> String { countries[code] ?? code }

    /// `5–6 November 2026` / `5.–6. 11. 2026.`, one day alone when both are the same.
    func period(_ from: Day, _ to: Day) -> String {
        switch catalog.language {
        case .en:
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            let month: (Day) -> String = { months[max(0, min(11, $0.month - 1))] }
            if from == to { return "\(from.day) \(month(from)) \(from.year)" }
            if from.year == to.year, from.month == to.month { return "\(from.day)–\(to.day) \(month(to)) \(to.year)" }
            if from.year == to.year { return "\(from.day) \(month(from)) – \(to.day) \(month(to)) \(to.year)" }
            return "\(from.day) \(month(from)) \(from.year) – \(to.day) \(month(to)) \(to.year)"
        case .bs, .srCyrl:
            if from == to { return "\(from.day). \(from.month). \(from.year)." }
            if from.year == to.year, from.month == to.month { return "\(from.day).–\(to.day). \(to.month). \(to.year)." }
            return "\(from.day). \(from.month). \(from.year). – \(to.day). \(to.month). \(to.year)."
        case .mk, .sq:
            if from == to { return "\(from.day).\(from.month).\(from.year)" }
            if from.year == to.year, from.month == to.month { return "\(from.day)–\(to.day).\(to.month).\(to.year)" }
            return "\(from.day).\(from.month).\(from.year) – \(to.day).\(to.month).\(to.year)"
        }
    }

    /// A count with the word in its plural form: `1 training`, `4 trainings`; `2 obuke`, `5 obuka`.
    func counted(_ key: String, _ n: Int) -> String { catalog.plural(key, n) }

    func reason(_ reason: MatchReason) -> String {
        switch reason {
        case .covers(let codes):
            return catalog("expertise.reason.covers").replacingOccurrences(of: "{areas}", with: codes.map(area).joined(separator: ", "))
        case .speaks(let code, let level):
            return catalog("expertise.reason.speaks").replacingOccurrences(of: "{language}", with: language(code))
                .replacingOccurrences(of: "{level}", with: self.level(level))
        case .delivered(let n, let code):
            return counted("expertise.reason.delivered", n).replacingOccurrences(of: "{area}", with: area(code))
        case .missionsCompleted(let n):
            return counted("expertise.reason.missions_completed", n)
        case .feedback(let average, let n):
            let shown = catalog.decimal(average, digits: 1)
            return counted("expertise.reason.feedback", n).replacingOccurrences(of: "{average}", with: shown)
        case .workedIn(let code):
            return catalog("expertise.reason.worked_in").replacingOccurrences(of: "{country}", with: country(code))
        case .available(let from, let to):
            return catalog("expertise.reason.available").replacingOccurrences(of: "{period}", with: period(from, to))
        case .recentMissions(let n):
            return n == 0 ? catalog("expertise.reason.recent_missions_none") : counted("expertise.reason.recent_missions", n)
        case .conflict:
            return catalog("expertise.reason.conflict")
        case .noArea:
            return catalog("expertise.reason.no_area")
        case .noLanguage:
            return catalog("expertise.reason.no_language")
        case .unavailable(let day):
            return catalog("expertise.reason.unavailable").replacingOccurrences(of: "{day}", with: period(day, day))
        }
    }
}
