/// Makes plausible, deterministic personnel files for demos, tests and benchmarks: the same
/// country, seed and year give the same rows on every machine. Women's shares follow the
/// region's published orders of magnitude (roughly 5–20 % by category, fewer at senior ranks).
public struct PersonnelGenerator: Sendable {
    public static let header = [
        "person_id", "sex", "birth_year", "rank", "category", "service", "unit", "position_level", "entry_date", "exit_date",
        "exit_reason", "deployed_abroad",
    ]

    public let country: String
    public let year: Int
    private var random: SeededRandom
    private var next = 0
    private let ranksByCode: [String: [String]]

    /// - Parameter ranks: the rank table; ranks of `country` name the rows, and a NATO code with
    ///   no national rank of that country is written as the code itself.
    public init(country: String, seed: UInt64, year: Int, ranks: [RankMapping]) {
        self.country = country.uppercased()
        self.year = year
        self.random = SeededRandom(seed: seed)
        var byCode: [String: [String]] = [:]
        for rank in ranks where rank.country == self.country { byCode[rank.natoCode, default: []].append(rank.nationalRank) }
        self.ranksByCode = byCode
    }

    /// NATO codes with their share of the force and the share of women in them.
    static let structure: [(code: String, weight: Double, women: Double)] = [
        ("OR-1", 6, 0.13), ("OR-2", 10, 0.13), ("OR-3", 14, 0.12), ("OR-4", 15, 0.11),
        ("OR-5", 9, 0.09), ("OR-6", 8, 0.08), ("OR-7", 6, 0.07), ("OR-8", 4, 0.06), ("OR-9", 3, 0.05),
        ("OF-1", 7, 0.19), ("OF-2", 6, 0.16), ("OF-3", 4, 0.12), ("OF-4", 2.5, 0.08), ("OF-5", 1.2, 0.05),
        ("OF-6", 0.3, 0.04), ("OF-7", 0.12, 0.03), ("OF-8", 0.05, 0.0), ("OF-9", 0.02, 0.0),
    ]

    private var speaksBCS: Bool { ["BA", "HR", "RS", "ME"].contains(country) }

    private var services: [String] {
        switch country {
        case "AL", "XK": ["Forca Tokësore", "Forca Ajrore", "Mbështetja Logjistike", "Komanda e Përbashkët"]
        case "MK": ["Копнена војска", "Воздухопловство", "Логистика", "Заедничка команда"]
        case "HR": ["Hrvatska kopnena vojska", "Hrvatsko ratno zrakoplovstvo", "Zapovjedništvo za potporu", "Glavni stožer"]
        default: ["Kopnena vojska", "Ratno vazduhoplovstvo i PVO", "Logistička podrška", "Zajednička komanda"]
        }
    }

    private var units: [String] {
        switch country {
        case "AL", "XK": ["Batalioni i Parë i Këmbësorisë", "Batalioni i Dytë", "Batalioni Xhenier", "Shtabi"]
        case "MK": ["Прв пешадиски баталјон", "Втор пешадиски баталјон", "Инженериски баталјон", "Штаб"]
        default: ["1. pješadijski bataljon", "2. pješadijski bataljon", "Inžinjerijski bataljon", "Bataljon veze", "Štab brigade"]
        }
    }

    /// The next row, in the order of ``header``.
    public mutating func nextRow() -> [String] {
        next += 1
        let civilian = random.unit() < 0.06
        let total = Self.structure.reduce(0) { $0 + $1.weight }
        var pick = random.unit() * total
        var chosen = Self.structure[0]
        for entry in Self.structure {
            pick -= entry.weight
            if pick <= 0 {
                chosen = entry
                break
            }
        }
        let womenShare = civilian ? 0.38 : chosen.women
        let female = random.unit() < womenShare
        let sex = female ? (speaksBCS ? "Ž" : country == "MK" ? "Ж" : "F") : (country == "MK" ? "М" : "M")
        let category = civilian ? "civilian" : (RankMapping.category(ofCode: chosen.code)?.rawValue ?? "soldier")
        let rank: String
        if civilian {
            rank = ""
        } else if let names = ranksByCode[chosen.code], !names.isEmpty {
            rank = names[Int(random.next() % UInt64(names.count))]
        } else {
            rank = chosen.code
        }
        let level = Int(chosen.code.dropFirst(3)) ?? 1
        let age: Int
        switch (civilian, chosen.code.hasPrefix("OF")) {
        case (true, _): age = 25 + Int(random.next() % 36)
        case (false, true): age = 23 + level * 4 + Int(random.next() % 7)
        case (false, false): age = 19 + level * 3 + Int(random.next() % 9)
        }
        let birthYear = year - age
        let entryYear = year - max(0, age - 19 - Int(random.next() % 5))
        let service = services[Int(random.next() % UInt64(services.count))]
        let unit = units[Int(random.next() % UInt64(units.count))]
        let decisionMaking = !civilian && chosen.code.hasPrefix("OF") && (level >= 6 || (level >= 4 && random.unit() < 0.4))
        var exitDate = ""
        var exitReason = ""
        // Exits happen during the reference year, to people who joined before it.
        if entryYear < year, random.unit() < 0.05 {
            exitDate = Self.date(year, Int(random.next() % 12) + 1, Int(random.next() % 28) + 1)
            exitReason = age >= 55 ? "retirement" : (random.unit() < 0.6 ? "resignation" : "contract_end")
        }
        return [
            "P" + String(next).leftPadded(to: 7), sex, String(birthYear), rank, category, service, unit,
            decisionMaking ? "decision_making" : "other",
            Self.date(entryYear, Int(random.next() % 12) + 1, Int(random.next() % 28) + 1), exitDate, exitReason,
            // About one soldier in thirty on a mission abroad; taken from the row's number, not the
            // random stream, so the other columns stay what they were before deployment was added
            !civilian && exitDate.isEmpty && next % 31 == 0 ? "yes" : "no",
        ]
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
    }
}
