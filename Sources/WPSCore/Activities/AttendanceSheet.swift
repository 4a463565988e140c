import Foundation

/// A sign-in sheet as organisers keep it (CSV or a sheet of a workbook): one row per
/// participant with name, sex, institution and position, under the region's column names.
/// Names are matched to the directory (ignoring case, diacritics, script and the order of given
/// and family name); a matched person is listed, anyone else is counted by sex and by the kind of
/// the institution when it is known. People are never created. Every problem is named with its
/// row, column, value and rule, and a sheet with any problem adds nothing.
public enum AttendanceSheet {
    public enum Column: String, CaseIterable, Sendable {
        case name, sex, institution, position

        var names: [String] {
            switch self {
            case .name: ["ime i prezime", "prezime i ime", "ime", "name", "full name", "participant", "ucesnik", "ucesnica", "polaznik", "polaznica",
                         "ucesnik/ca", "emri", "emri dhe mbiemri", "име и презиме"]
            case .sex: ["spol", "pol", "sex", "gender", "rod", "gjinia", "пол"]
            case .institution: ["institucija", "organizacija", "institution", "organisation", "organization", "ustanova", "institucioni", "институција",
                                "институција/организација", "institucija/organizacija"]
            case .position: ["pozicija", "funkcija", "radno mjesto", "radno mesto", "position", "title", "zvanje", "pozita", "позиција", "функција"]
            }
        }

        static func find(_ header: String) -> Column? {
            let folded = TextFolding.fold(header).trimmingCharacters(in: .whitespaces)
            return allCases.first { column in column.names.contains { TextFolding.fold($0) == folded } }
        }
    }

    /// A person of the directory a name may match.
    public struct Person: Sendable {
        public var id: Int
        public var given: String
        public var family: String

        public init(id: Int, given: String, family: String) {
            self.id = id
            self.given = given
            self.family = family
        }
    }

    /// An institution a row may name (by acronym or name), with its kind.
    public struct Institution: Sendable {
        public var id: Int
        public var names: [String]
        public var kind: String

        public init(id: Int, names: [String], kind: String) {
            self.id = id
            self.names = names
            self.kind = kind
        }
    }

    /// What a sheet adds: listed people and counts lines, and how many rows matched.
    public struct Result: Sendable, Equatable {
        public var lines: [ParticipantFields]
        public var listed: Int
        public var counted: Int
    }

    /// Reads `rows` (the first is the header; `lines` are their line numbers in the file).
    /// - Parameter alreadyListed: people the activity lists already (a row naming one is refused).
    public static func read(
        file: String, rows: [[String]], lines: [Int], people: [Person], institutions: [Institution], alreadyListed: Set<Int>
    ) -> Swift.Result<Result, ImportFailure> {
        var failure = ImportFailure(problems: [], counts: [:])
        func problem(_ row: Int, _ column: String, _ value: String, _ rule: String) {
            failure.absorb(ImportFailure(problems: [ImportProblem(file: file, row: row, column: column, value: String(value.prefix(200)), rule: rule)], counts: [:]))
        }
        guard let header = rows.first else {
            problem(1, "", "", "empty_file")
            return .failure(failure)
        }
        var columns: [Column: (index: Int, name: String)] = [:]
        for (index, name) in header.enumerated() {
            if let column = Column.find(name), columns[column] == nil { columns[column] = (index, name) }
        }
        for required in [Column.name, .sex] where columns[required] == nil {
            problem(lines.first ?? 1, required.rawValue, header.joined(separator: ", "), "missing_column")
        }
        guard failure.problems.isEmpty, let nameColumn = columns[.name], let sexColumn = columns[.sex] else { return .failure(failure) }

        // Each person by her folded name, both orders; a name two people share matches neither
        var byName: [String: Int?] = [:]
        for person in people {
            for key in [TextFolding.fold("\(person.given) \(person.family)"), TextFolding.fold("\(person.family) \(person.given)")] {
                byName[key] = byName[key] == nil ? .some(person.id) : .some(nil)
            }
        }
        var byInstitution: [String: Institution] = [:]
        for institution in institutions {
            for name in institution.names where !name.isEmpty { byInstitution[TextFolding.fold(name)] = institution }
        }
        var listed: [ParticipantFields] = []
        var seen: [Int: Int] = [:]
        var counted: [String: SexCounts] = [:]
        var kindsOrder: [String] = []
        var countedRows = 0
        for (offset, cells) in rows.enumerated().dropFirst() {
            let row = offset < lines.count ? lines[offset] : offset + 1
            func cell(_ column: (index: Int, name: String)?) -> String {
                guard let column, column.index < cells.count else { return "" }
                return cells[column.index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let name = cell(nameColumn)
            let sexText = cell(sexColumn)
            if name.isEmpty { problem(row, nameColumn.name, name, "required") }
            guard let sex = SexValues.parse(sexText) else {
                problem(row, sexColumn.name, sexText, "unknown_sex")
                continue
            }
            guard !name.isEmpty else { continue }
            let institution = byInstitution[TextFolding.fold(cell(columns[.institution]))]
            let folded = TextFolding.fold(name.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            if case .some(.some(let person)) = byName[folded] {
                if alreadyListed.contains(person) {
                    problem(row, nameColumn.name, name, "already_listed")
                } else if let first = seen[person] {
                    problem(row, nameColumn.name, "\(name) (row \(first))", "repeated")
                } else {
                    seen[person] = row
                    listed.append(ParticipantFields(personId: person, institutionId: institution?.id))
                }
            } else {
                let kind = institution?.kind ?? ""
                if counted[kind] == nil { kindsOrder.append(kind) }
                counted[kind] = (counted[kind] ?? SexCounts()) + SexCounts.one(sex)
                countedRows += 1
            }
        }
        if rows.count < 2 { problem(lines.first ?? 1, "", "", "no_rows") }
        guard failure.problems.isEmpty else { return .failure(failure) }
        let countLines = kindsOrder.compactMap { kind in counted[kind].map { ParticipantFields(counts: $0, institutionKind: kind) } }
        return .success(Result(lines: listed + countLines, listed: listed.count, counted: countedRows))
    }
}
