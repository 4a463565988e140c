/// One problem in an imported file, as a person needs it to fix the file.
public struct ImportProblem: Sendable, Equatable, Codable {
    public var file: String
    /// The line of the file the record starts on (the header is line 1).
    public var row: Int
    public var column: String
    public var value: String
    /// A stable rule name: `unknown_rank`, `unknown_sex`, `bad_year`, `bad_date`, …
    public var rule: String

    public init(file: String, row: Int, column: String, value: String, rule: String) {
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.rule = rule
    }

    public var description: String { "\(file), row \(row), column \(column), value '\(value)': \(rule.replacingOccurrences(of: "_", with: " "))" }
}

/// Reads person-level rows into records: columns matched by name in the region's languages,
/// values mapped (sex spellings, national ranks to NATO codes through the rank table), and
/// every problem listed; nothing is guessed.
public struct PersonnelImport: Sendable {
    public let file: String
    public let country: String
    public let referenceYear: Int
    public let columns: [PersonnelColumn?]
    private let ranks: [String: RankMapping]
    /// What each column's values mean, by their bytes in the file: a file repeats the same few
    /// spellings of sex, rank, category, unit and date a million times, and making a text of
    /// each and working out its meaning was most of the cost of reading it.
    private var meanings: [ValueCache<Meaning>]

    /// - Throws: ``ImportProblem`` list when required columns are missing.
    /// What the file's own names and values mean, as the institution said (see ``ImportMapping``).
    public let mapping: ImportMapping

    /// - Parameter mapping: columns and values the institution has mapped; they win over the
    ///   names the platform knows.
    public init(
        file: String, header: [String], country: String, referenceYear: Int, ranks: [RankMapping], mapping: ImportMapping = ImportMapping()
    ) throws(ImportFailure) {
        self.file = file
        self.country = country.uppercased()
        self.referenceYear = referenceYear
        self.mapping = mapping
        self.columns = header.map { name in
            if let mapped = mapping.columns[TextFolding.fold(name)] { return PersonnelColumn(rawValue: mapped) }
            return PersonnelColumn.matching(header: name)
        }
        var byName: [String: RankMapping] = [:]
        for rank in ranks where rank.country == self.country { byName[TextFolding.fold(rank.nationalRank)] = rank }
        // A file may already carry NATO codes instead of national ranks.
        for code in RankMapping.natoCodes where byName[TextFolding.fold(code)] == nil {
            if let category = RankMapping.category(ofCode: code) {
                byName[TextFolding.fold(code)] = RankMapping(country: self.country, nationalRank: code, natoCode: code, category: category, confidence: "code")
            }
        }
        for (value, code) in mapping.values["rank"] ?? [:] {
            if let category = RankMapping.category(ofCode: code) {
                byName[value] = RankMapping(country: self.country, nationalRank: value, natoCode: code, category: category, confidence: "mapping")
            }
        }
        self.ranks = byName
        meanings = Array(repeating: ValueCache<Meaning>(), count: columns.count)
        var missing: [ImportProblem] = []
        if !columns.contains(.sex) {
            missing.append(ImportProblem(file: file, row: 1, column: "sex", value: header.joined(separator: ","), rule: "missing_column"))
        }
        if !columns.contains(.rank) && !columns.contains(.category) {
            missing.append(ImportProblem(file: file, row: 1, column: "rank", value: header.joined(separator: ","), rule: "missing_column"))
        }
        if !missing.isEmpty { throw ImportFailure(problems: missing, counts: ["missing_column": missing.count]) }
    }

    /// The mapping to save for the next file: what was said, plus what each header of this file
    /// was taken to mean (`ignore` for a header no column matched).
    public func learnedMapping(header: [String]) -> ImportMapping {
        var learned = mapping
        for (name, column) in zip(header, columns) where !TextFolding.fold(name).isEmpty {
            learned.columns[TextFolding.fold(name)] = column?.rawValue ?? ImportMapping.ignore
        }
        return learned
    }

    /// Reads one row; returns the record, or the row's problems.
    public mutating func read(_ fields: [String], line: Int) -> Result<PersonnelRow, ImportFailure> {
        RawRecord.withTexts(fields) { read($0, line: line) }
    }

    /// Reads one row from its bytes; returns the record, or the row's problems.
    public mutating func read(_ record: RawRecord, line: Int) -> Result<PersonnelRow, ImportFailure> {
        var row = PersonnelRow(record: PersonnelRecord(sex: .notRecorded))
        var problems: [ImportProblem] = []
        let (mapping, ranks, referenceYear) = (mapping, ranks, referenceYear)
        for (index, column) in columns.enumerated() {
            guard let column else { continue }
            let meaning: Meaning
            if column == .personId {
                // Each person's own: nothing to look up.
                meaning = .text(Self.trimmed(record.decode(record[index])))
            } else {
                meaning = meanings[index].value(forBytes: record[index]) { bytes in
                    Self.meaning(of: Self.trimmed(record.decode(bytes)), in: column, mapping: mapping, ranks: ranks, referenceYear: referenceYear)
                }
            }
            switch (column, meaning) {
            case (_, .nothing): break
            case (.age, .problem) where row.record.birthYear != nil: break  // the age is not read when the year is known
            case (_, .problem(let rule, let value)):
                problems.append(ImportProblem(file: file, row: line, column: column.rawValue, value: value, rule: rule))
            case (.personId, .text(let value)): row.personId = value
            case (.service, .text(let value)): row.record.service = value.isEmpty ? nil : value
            case (.unit, .text(let value)): row.record.unit = value.isEmpty ? nil : value
            case (_, .text(let value)): row.exitReason = value.isEmpty ? nil : value
            case (_, .sex(let sex)): row.record.sex = sex
            case (.age, .year(let year)): if row.record.birthYear == nil { row.record.birthYear = year }
            case (_, .year(let year)): row.record.birthYear = year
            case (_, .rank(let natoCode, let category, let spelling)):
                row.nationalRank = spelling
                row.record.natoCode = natoCode
                if row.record.category == nil { row.record.category = category.rawValue }
            case (_, .category(let category)): row.record.category = category.rawValue
            case (_, .decisionMaking(let level)): row.record.decisionMaking = level
            case (.entryDate, .day(let day)): row.entryDate = day
            case (_, .day(let day)): row.exitDate = day
            case (_, .flag(let yes)): row.deployedAbroad = yes
            }
        }
        if let entry = row.entryDate, let exit = row.exitDate, exit < entry {
            problems.append(ImportProblem(file: file, row: line, column: "exit_date", value: exit.description, rule: "exit_before_entry"))
        }
        return problems.isEmpty ? .success(row) : .failure(ImportFailure(problems: problems, counts: [:]))
    }

    /// What a value (trimmed) of a column means; the same for every row it appears in.
    enum Meaning: Sendable {
        /// An empty value of a column that may be empty.
        case nothing
        case text(String)
        case sex(Sex)
        case year(Int)
        /// Only what a row takes of the rank (each text copied out is counted, a million times).
        case rank(natoCode: String, category: PersonnelCategory, spelling: String)
        case category(PersonnelCategory)
        case decisionMaking(Bool)
        case day(Day)
        case flag(Bool)
        case problem(rule: String, value: String)
    }

    static func meaning(
        of value: String, in column: PersonnelColumn, mapping: ImportMapping, ranks: [String: RankMapping], referenceYear: Int
    ) -> Meaning {
        switch column {
        case .personId, .service, .unit, .exitReason: return .text(value)
        case .sex:
            let sex = mapping.value("sex", value).flatMap(Sex.init(rawValue:)) ?? SexValues.parse(value)
            return sex.map(Meaning.sex) ?? .problem(rule: "unknown_sex", value: value)
        case .birthYear:
            guard !value.isEmpty else { return .nothing }
            if let year = Int(value), year >= referenceYear - 100, year <= referenceYear - 14 { return .year(year) }
            return .problem(rule: "bad_year", value: value)
        case .age:
            guard !value.isEmpty else { return .nothing }
            if let age = Int(value.replacingOccurrences(of: ",", with: ".").split(separator: ".").first ?? ""), (14...100).contains(age) {
                return .year(referenceYear - age)
            }
            return .problem(rule: "bad_age", value: value)
        case .rank:
            guard !value.isEmpty else { return .nothing }
            guard let rank = ranks[TextFolding.fold(value)] else { return .problem(rule: "unknown_rank", value: value) }
            return .rank(natoCode: rank.natoCode, category: rank.category, spelling: value)
        case .category:
            guard !value.isEmpty else { return .nothing }
            let category = mapping.value("category", value).flatMap(PersonnelCategory.init(rawValue:)) ?? Self.category(value)
            return category.map(Meaning.category) ?? .problem(rule: "unknown_category", value: value)
        case .positionLevel:
            guard !value.isEmpty else { return .nothing }
            let level = mapping.value("position_level", value).map { $0 == "decision_making" } ?? Self.positionLevel(value)
            return level.map(Meaning.decisionMaking) ?? .problem(rule: "unknown_position_level", value: value)
        case .entryDate, .exitDate:
            guard !value.isEmpty else { return .nothing }
            return (Day(value) ?? Self.localDate(value)).map(Meaning.day) ?? .problem(rule: "bad_date", value: value)
        case .deployedAbroad: return .flag(["da", "yes", "po", "1", "true"].contains(TextFolding.fold(value)))
        }
    }

    /// Whether a post is a decision-making one; nil for a spelling we do not know.
    static func positionLevel(_ text: String) -> Bool? {
        let folded = TextFolding.fold(text)
        if ["decision making", "decision_making", "rukovodeca", "rukovodece", "da", "yes", "po"].contains(folded) { return true }
        if ["other", "ostalo", "izvrsilacka", "ne", "no", "jo"].contains(folded) { return false }
        return nil
    }

    /// The text without spaces at either end; the common case (none) costs no copy.
    static func trimmed(_ text: String) -> String {
        // The common case, read from the bytes: it starts and ends with an ASCII letter or digit.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        let isSpace = { (scalar: Unicode.Scalar) in
            scalar == " " || scalar == "\t" || scalar.value == 0xA0 || scalar.value >= 0x1680 && scalar.properties.isWhitespace
        }
        guard isSpace(first) || isSpace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `31.12.2020.` or `31.12.2020` or `31/12/2020`, as the region writes dates, or an ISO day with a time.
    static func localDate(_ text: String) -> Day? {
        // An Excel date-time cell reads as `2020-01-15 08:30:00`: the day is what counts.
        if text.count > 10, text.dropFirst(10).first == " ", let day = Day(String(text.prefix(10))) { return day }
        let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).split(whereSeparator: { $0 == "." || $0 == "/" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), year > 1900 else { return nil }
        return Day("\(year)-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))")
    }

    static func category(_ text: String) -> PersonnelCategory? {
        switch TextFolding.fold(text) {
        case "officer", "oficir", "casnik", "oficer": .officer
        case "nco", "podoficir", "docasnik", "nenoficer": .nco
        case "soldier", "vojnik", "ushtar", "mornar": .soldier
        case "cadet", "kadet": .cadet
        case "civilian", "civil", "civilno lice", "civilni sluzbenik", "civil servant", "civili": .civilian
        default: nil
        }
    }
}

/// A row read from a personnel file.
public struct PersonnelRow: Sendable, Equatable {
    public var record: PersonnelRecord
    public var personId: String?
    public var nationalRank: String?
    public var entryDate: Day?
    public var exitDate: Day?
    public var exitReason: String?
    public var deployedAbroad: Bool?

    public init(record: PersonnelRecord) {
        self.record = record
    }
}

/// Why an import stored nothing: the first problems in full, and counts per rule.
public struct ImportFailure: Error, Sendable, Equatable {
    public static let listedInFull = 1000
    public var problems: [ImportProblem]
    public var counts: [String: Int]

    public init(problems: [ImportProblem], counts: [String: Int]) {
        self.problems = problems
        self.counts = counts
    }

    /// Adds `other`'s problems, keeping at most ``listedInFull`` in full and counting all.
    public mutating func absorb(_ other: ImportFailure) {
        for problem in other.problems {
            counts[problem.rule, default: 0] += 1
            if problems.count < Self.listedInFull { problems.append(problem) }
        }
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// The kind of meaning (an ``ImportMapping`` kind) each "unknown value" rule asks for.
    static let unknownKinds = [
        "unknown_rank": "rank", "unknown_sex": "sex", "unknown_category": "category", "unknown_position_level": "position_level",
    ]

    /// The distinct values among the listed problems that the platform does not know and a person
    /// may say the meaning of, in order of first appearance.
    public var unknownValues: [(kind: String, value: String)] {
        var seen = Set<String>()
        var found: [(kind: String, value: String)] = []
        for problem in problems {
            guard let kind = Self.unknownKinds[problem.rule], seen.insert("\(kind):\(problem.value)").inserted else { continue }
            found.append((kind, problem.value))
        }
        return found
    }
}

import Foundation

/// Remembers what a value (by its bytes) means, for up to `limit` values (a column of free text
/// would otherwise grow it without end).
struct ValueCache<Value>: Sendable where Value: Sendable {
    private var values = TextTable<Value>()
    private let limit = 4096

    mutating func value(forBytes key: UnsafeBufferPointer<UInt8>, _ compute: (UnsafeBufferPointer<UInt8>) -> Value) -> Value {
        if let known = values[bytes: key] { return known }
        let value = compute(key)
        if values.count < limit { values.set(value, forBytes: key) }
        return value
    }
}
