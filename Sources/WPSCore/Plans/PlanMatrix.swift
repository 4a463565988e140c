import Foundation

/// A plan matrix as agencies keep it in Word or Excel: one row per goal, objective, measure or
/// indicator, read into the nodes and indicators to add to a plan. Columns are found by name in
/// English and the region's languages; a node's kind follows from its code (`2` a goal, `2.1` an
/// objective, `2.1.3` a measure); institutions are matched by acronym or by name (ignoring case,
/// diacritics and script). Every problem is listed with row, column, value and rule, and a
/// matrix with any problem adds nothing.
public struct PlanMatrix: Sendable {
    /// A node the matrix adds, with the row it comes from.
    public struct NodeRow: Sendable, Equatable {
        public var row: Int
        public var parentCode: String?
        public var fields: PlanNodeFields
    }

    /// An indicator the matrix adds to the node with `code`.
    public struct IndicatorRow: Sendable, Equatable {
        public var row: Int
        public var code: String
        public var fields: IndicatorFields
    }

    public var nodes: [NodeRow] = []
    public var indicators: [IndicatorRow] = []

    /// The columns a matrix may have, each with the header names it is known by (folded).
    public enum Column: String, CaseIterable, Sendable {
        case code, title, titleEn = "title_en", indicator, unit, baseline, baselineYear = "baseline_year", target, targetYear = "target_year"
        case lead, partners, start, end, budget, currency, source

        var names: [String] {
            switch self {
            case .code: ["code", "sifra", "kod", "broj", "r.br.", "rb", "oznaka"]
            case .title: ["title", "naziv", "cilj / mjera", "cilj/mjera", "mjera", "mera", "aktivnost", "opis"]
            case .titleEn: ["title_en", "title en", "title (english)", "naziv (engleski)", "english title"]
            case .indicator: ["indicator", "indikator", "pokazatelj"]
            case .unit: ["unit", "jedinica", "jedinica mjere", "jedinica mere"]
            case .baseline: ["baseline", "polazna vrijednost", "polazna vrednost", "pocetna vrijednost", "pocetna vrednost"]
            case .baselineYear: ["baseline year", "baseline_year", "godina polazne vrijednosti", "godina polazne vrednosti"]
            case .target: ["target", "ciljna vrijednost", "ciljna vrednost"]
            case .targetYear: ["target year", "target_year", "godina ciljne vrijednosti", "godina ciljne vrednosti"]
            case .lead: ["lead", "nosilac", "nositelj", "nosioci", "nositelji", "odgovorna institucija"]
            case .partners: ["partners", "partneri", "partner", "suradnici", "saradnici"]
            case .start: ["start", "pocetak", "od"]
            case .end: ["end", "kraj", "rok", "do"]
            case .budget: ["budget", "budzet", "proracun", "iznos"]
            case .currency: ["currency", "valuta"]
            case .source: ["source", "izvor", "izvor provjere", "izvor provere", "means of verification", "nacin provjere", "nacin provere"]
            }
        }
    }

    /// An institution the matrix may name.
    public struct Institution: Sendable {
        public var id: Int
        public var name: String
        public var nameEn: String
        public var acronym: String

        public init(id: Int, name: String, nameEn: String, acronym: String) {
            self.id = id
            self.name = name
            self.nameEn = nameEn
            self.acronym = acronym
        }
    }

    /// Reads `rows` (the first is the header; `lines` are the rows' line numbers in the file).
    /// - Parameters:
    ///   - existing: codes of the plan's live nodes, with their kinds.
    /// - Returns: the matrix, or every problem found.
    public static func read(
        file: String, rows: [[String]], lines: [Int], existing: [String: PlanNodeKind], institutions: [Institution]
    ) -> Result<PlanMatrix, ImportFailure> {
        var failure = ImportFailure(problems: [], counts: [:])
        func problem(_ row: Int, _ column: String, _ value: String, _ rule: String) {
            failure.absorb(ImportFailure(problems: [ImportProblem(file: file, row: row, column: column, value: String(value.prefix(200)), rule: rule)], counts: [:]))
        }
        guard let header = rows.first else {
            problem(1, "", "", "empty_file")
            return .failure(failure)
        }
        var columns: [Column: Int] = [:]
        for (index, name) in header.enumerated() {
            let folded = TextFolding.fold(name).trimmingCharacters(in: .whitespaces)
            guard !folded.isEmpty else { continue }
            if let column = Column.allCases.first(where: { $0.names.contains(folded) }) {
                if columns[column] != nil { problem(lines.first ?? 1, name, name, "repeated_column") } else { columns[column] = index }
            } else {
                problem(lines.first ?? 1, name, name, "unknown_column")
            }
        }
        for required in [Column.code, .title] where columns[required] == nil {
            problem(lines.first ?? 1, required.rawValue, "", "missing_column")
        }
        guard failure.total == 0 else { return .failure(failure) }

        let lookup = InstitutionLookup(institutions)
        var matrix = PlanMatrix()
        var kinds = existing
        for (offset, cells) in rows.dropFirst().enumerated() {
            let row = offset + 1 < lines.count ? lines[offset + 1] : offset + 2
            func cell(_ column: Column) -> String {
                guard let index = columns[column], index < cells.count else { return "" }
                return cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func name(_ column: Column) -> String {
                columns[column].flatMap { $0 < header.count ? header[$0] : nil } ?? column.rawValue
            }
            let code = cell(.code).trimmingCharacters(in: CharacterSet(charactersIn: "."))
            let title = cell(.title)
            let indicatorText = cell(.indicator)
            if code.isEmpty && title.isEmpty && indicatorText.isEmpty { continue }
            guard PlanNodeFields.isCode(code) else {
                problem(row, name(.code), cell(.code), code.isEmpty ? "required" : "invalid_code")
                continue
            }
            let depth = code.split(separator: ".").count
            let kind: PlanNodeKind = depth == 1 ? .goal : depth == 2 ? .objective : .measure
            if !title.isEmpty {
                if kinds[code] != nil {
                    problem(row, name(.code), code, "code_taken")
                } else {
                    let parentCode = depth == 1 ? nil : code.split(separator: ".").dropLast().joined(separator: ".")
                    if let parentCode, kinds[parentCode] == nil {
                        problem(row, name(.code), code, "no_parent")
                    } else if let parentCode, kinds[parentCode] != kind.parentKind {
                        problem(row, name(.code), code, "parent_not_one_level_up")
                    }
                    // The parent's id is known only when it is written; 0 stands for it until then.
                    var fields = PlanNodeFields(kind: kind, parentId: parentCode == nil ? nil : 0, code: code, title: title, titleEn: cell(.titleEn))
                    if kind == .measure {
                        fields.leadIds = lookup.ids(cell(.lead), row: row, column: name(.lead), problem: problem)
                        fields.partnerIds = lookup.ids(cell(.partners), row: row, column: name(.partners), problem: problem)
                        fields.start = day(cell(.start), end: false, row: row, column: name(.start), problem: problem)
                        fields.end = day(cell(.end), end: true, row: row, column: name(.end), problem: problem)
                        if let amount = number(cell(.budget), row: row, column: name(.budget), problem: problem) {
                            fields.budget = Budget(amount: amount, currency: cell(.currency).uppercased())
                            if cell(.currency).isEmpty { problem(row, name(.currency), "", "required") }
                        }
                        fields.status = .notStarted
                    } else {
                        for column in [Column.lead, .partners, .start, .end, .budget] where !cell(column).isEmpty {
                            problem(row, name(column), cell(column), "only_for_measures")
                        }
                    }
                    for error in fields.validate() {
                        problem(row, columnName(error.field, name), error.value ?? "", error.code)
                    }
                    matrix.nodes.append(NodeRow(row: row, parentCode: parentCode, fields: fields))
                    kinds[code] = kind
                }
            } else if indicatorText.isEmpty {
                problem(row, name(.title), "", "required")
            } else if kinds[code] == nil {
                problem(row, name(.code), code, "unknown_node")
            }
            guard !indicatorText.isEmpty else { continue }
            let unitText = TextFolding.fold(cell(.unit))
            let units: [String: IndicatorUnit] = [
                "": .count, "count": .count, "broj": .count, "number": .count, "percent": .percent, "%": .percent, "procenat": .percent,
                "postotak": .percent, "udio": .percent, "yes_no": .yesNo, "yes/no": .yesNo, "da/ne": .yesNo, "text": .text, "tekst": .text,
                "opisno": .text,
            ]
            guard let unit = units[unitText] else {
                problem(row, name(.unit), cell(.unit), "unknown_unit")
                continue
            }
            func yearValue(_ value: Column, _ year: Column) -> YearValue? {
                let number = number(cell(value), row: row, column: name(value), problem: problem)
                var yearNumber: Int?
                if !cell(year).isEmpty {
                    yearNumber = Int(cell(year))
                    if yearNumber == nil { problem(row, name(year), cell(year), "invalid_number") }
                }
                return number == nil && yearNumber == nil ? nil : YearValue(value: number, year: yearNumber)
            }
            let fields = IndicatorFields(
                code: "", definition: indicatorText, unit: unit, disaggregation: .none,
                baseline: yearValue(.baseline, .baselineYear), target: yearValue(.target, .targetYear), source: cell(.source))
            for error in fields.validate() {
                problem(row, columnName(error.field, name), error.value ?? "", error.code)
            }
            matrix.indicators.append(IndicatorRow(row: row, code: code, fields: fields))
        }
        if matrix.nodes.isEmpty && matrix.indicators.isEmpty && failure.total == 0 { problem(lines.first ?? 1, "", "", "no_rows") }
        return failure.total == 0 ? .success(matrix) : .failure(failure)
    }

    /// The column a field's rule names (`budget.amount` → the budget column).
    static func columnName(_ field: String, _ name: (Column) -> String) -> String {
        let map: [String: Column] = [
            "code": .code, "title": .title, "title_en": .titleEn, "lead_ids": .lead, "partner_ids": .partners, "start": .start, "end": .end,
            "budget.amount": .budget, "budget.currency": .currency, "definition": .indicator, "baseline.value": .baseline,
            "baseline.year": .baselineYear, "target.value": .target, "target.year": .targetYear, "source": .source, "unit": .unit,
        ]
        let key = map[field] ?? map[String(field.prefix { $0 != "[" })]
        return key.map(name) ?? field
    }

    /// A number as people type it: `12`, `12.5`, `12,5`, `25 000`, `1.250,50`, `7%`.
    static func number(_ text: String, row: Int, column: String, problem: (Int, String, String, String) -> Void) -> Double? {
        var cleaned = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        if cleaned.hasSuffix("%") { cleaned.removeLast() }
        guard !cleaned.isEmpty else { return nil }
        if cleaned.contains(","), cleaned.contains(".") {
            // The last separator is the decimal one.
            let comma = cleaned.lastIndex(of: ",") ?? cleaned.startIndex
            let dot = cleaned.lastIndex(of: ".") ?? cleaned.startIndex
            cleaned = comma > dot
                ? cleaned.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                : cleaned.replacingOccurrences(of: ",", with: "")
        } else {
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        }
        guard let value = Double(cleaned), value.isFinite, abs(value) < 1e15 else {
            problem(row, column, text, "invalid_number")
            return nil
        }
        return value
    }

    /// A date as `YYYY-MM-DD`, `D.M.YYYY(.)` or a year alone (its first or last day).
    static func day(_ text: String, end: Bool, row: Int, column: String, problem: (Int, String, String, String) -> Void) -> Day? {
        guard !text.isEmpty else { return nil }
        if let day = Day(text) { return day }
        if text.count == 4, let year = Int(text) { return Day(end ? "\(year)-12-31" : "\(year)-01-01") }
        let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: ".")).split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), y > 999,
            let day = Day(String(format: "%04d-%02d-%02d", y, m, d))
        {
            return day
        }
        problem(row, column, text, "invalid_date")
        return nil
    }

    /// Institutions by folded acronym and folded name (local and English); a name that fits
    /// more than one is ambiguous and never guessed.
    struct InstitutionLookup {
        var byKey: [String: Set<Int>] = [:]

        init(_ institutions: [Institution]) {
            for institution in institutions {
                for key in [institution.acronym, institution.name, institution.nameEn] where !key.trimmingCharacters(in: .whitespaces).isEmpty {
                    byKey[TextFolding.fold(key).trimmingCharacters(in: .whitespaces), default: []].insert(institution.id)
                }
            }
        }

        func ids(_ text: String, row: Int, column: String, problem: (Int, String, String, String) -> Void) -> [Int] {
            var ids: [Int] = []
            for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                let found = byKey[TextFolding.fold(name)] ?? []
                if found.count == 1, let id = found.first {
                    if !ids.contains(id) { ids.append(id) }
                } else {
                    problem(row, column, name, found.isEmpty ? "unknown_institution" : "ambiguous_institution")
                }
            }
            return ids
        }
    }
}
