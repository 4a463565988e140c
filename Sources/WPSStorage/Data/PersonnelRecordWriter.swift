import SQLKit
import WPSCore

/// Writes person-level records through a ``BulkLoad`` in batches, their rank, NATO code,
/// category, service and unit as numbers of the dataset's texts (migration 0033), and counts
/// people per combination of the analysis dimensions for `personnel_counts`.
struct PersonnelRecordWriter {
    static let batchSize = 2_000
    static let columns = [
        "dataset_id", "line", "person_id", "sex", "birth_year", "national_rank_id", "nato_code_id", "category_id", "service_id", "unit_id",
        "decision_making", "entry_date", "exit_date", "exit_reason", "deployed_abroad",
    ]
    /// Where ``Texts/number(_:)`` finds the values it reads in a row of ``columns`` (a test checks
    /// them against the names).
    enum Position {
        static let sex = 3, birthYear = 4, decisionMaking = 10
        /// Rank, NATO code, category, service and unit: the columns written as numbers of texts.
        static let numbered = 5...9
    }
    let datasetId: Int
    private let load: BulkLoad
    private var pending: BulkRows
    /// Numbers the texts of each batch and counts its people, on the writer's thread. Read its
    /// ``Texts/counts`` and ``Texts/texts`` only once the load has ended.
    let texts = Texts()

    init(datasetId: Int, load: BulkLoad) {
        self.datasetId = datasetId
        self.load = load
        pending = BulkRows(width: Self.columns.count, capacity: Self.batchSize)
    }

    /// Adds a row, its texts as they are (``Texts/number(_:)`` numbers them); sends a batch
    /// when enough are pending.
    mutating func append(_ row: PersonnelRow, line: Int) async throws {
        let r = row.record
        pending.append(.int(datasetId))
        pending.append(.int(line))
        pending.append(.text(row.personId))
        pending.append(.text(r.sex.rawValue))
        pending.append(.int(r.birthYear))
        pending.append(.text(row.nationalRank))
        pending.append(.text(r.natoCode))
        pending.append(.text(r.category))
        pending.append(.text(r.service))
        pending.append(.text(r.unit))
        pending.append(.bool(r.decisionMaking))
        pending.append(.text(row.entryDate?.description))
        pending.append(.text(row.exitDate?.description))
        pending.append(.text(row.exitReason))
        pending.append(.bool(row.deployedAbroad))
        if pending.count >= Self.batchSize { try await flush() }
    }

    /// Sends every pending row. Its texts are numbered and its people counted on the writer's
    /// thread (``BulkLoad/send(_:preparing:)``): that was a sixth of the reading thread's work,
    /// which set the pace of an import while SQLite's thread waited for it.
    mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = BulkRows(width: Self.columns.count, capacity: Self.batchSize)
        let texts = texts
        try await load.send(batch, preparing: { texts.number(&$0) })
    }

    /// The numbering of texts and the counts, used by one batch at a time, in order (as
    /// ``BulkLoad/send(_:preparing:)`` runs them).
    final class Texts: @unchecked Sendable {
        /// People per combination of the analysis dimensions, written to `personnel_counts` by
        /// ``writeCounts(_:texts:datasetId:in:)``; as many entries as distinct combinations, not as people.
        private(set) var counts: [CountKey: Int] = [:]
        /// Each distinct text of the numbered columns once, numbered in order of appearance (the
        /// dataset's `personnel_texts`); compared by bytes (``TextTable``), as the database groups
        /// them. Without NUL characters, which neither engine stores.
        private(set) var texts: [String] = []
        private var textNumbers = TextTable<Int32>()

        private func number(_ text: String) -> Int32 {
            if let known = textNumbers[text] { return known }
            let next: Int32
            if text.utf8.contains(0) {
                // Stored without its NULs, so it is the same text as the one spelled without them
                next = number(text.replacingOccurrences(of: "\u{0}", with: ""))
            } else {
                next = Int32(texts.count)
                texts.append(text)
            }
            textNumbers.set(next, for: text)
            return next
        }

        private func number(_ value: BulkValue) -> Int32 {
            if case .text(let text) = value { number(text) } else { -1 }
        }

        private static func value(_ number: Int32) -> BulkValue { number < 0 ? .null : .int(Int(number)) }

        /// Puts the numbers of the rank, NATO code, category, service and unit in place of their
        /// texts (``PersonnelRecordWriter/Position/numbered``), and counts each person.
        func number(_ rows: inout BulkRows) {
            let width = rows.width
            rows.withValues { values in
                for start in stride(from: 0, to: values.count, by: width) {
                    var numbers: (Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1)
                    let first = start + Position.numbered.lowerBound
                    numbers.0 = number(values[first])
                    numbers.1 = number(values[first + 1])
                    numbers.2 = number(values[first + 2])
                    numbers.3 = number(values[first + 3])
                    numbers.4 = number(values[first + 4])
                    var birthYear: Int?
                    if case .int(let year) = values[start + Position.birthYear] { birthYear = year }
                    var decisionMaking: Bool?
                    if case .int(let level) = values[start + Position.decisionMaking] { decisionMaking = level != 0 }
                    let key = CountKey(
                        sex: number(values[start + Position.sex]), natoCode: numbers.1, category: numbers.2, service: numbers.3, unit: numbers.4,
                        birthYear: birthYear, decisionMaking: decisionMaking)
                    counts[key, default: 0] += 1
                    values[first] = Self.value(numbers.0)
                    values[first + 1] = Self.value(numbers.1)
                    values[first + 2] = Self.value(numbers.2)
                    values[first + 3] = Self.value(numbers.3)
                    values[first + 4] = Self.value(numbers.4)
                }
            }
        }
    }

    /// A combination of the dimensions, its texts as numbers of ``Texts/texts`` (-1: none):
    /// hashing and comparing five texts per person was a sixth of reading a file.
    struct CountKey: Hashable {
        var sex: Int32
        var natoCode: Int32
        var category: Int32
        var service: Int32
        var unit: Int32
        var birthYear: Int?
        var decisionMaking: Bool?
    }

    /// Writes the dataset's numbered texts (after the load has ended).
    static func writeTexts(_ texts: [String], datasetId: Int, in sql: any SQLDatabase) async throws {
        let insert = "INSERT INTO personnel_texts (dataset_id, number, text) VALUES"
        for start in stride(from: 0, to: texts.count, by: 1_000) {
            var rows = BulkRows(width: 3, capacity: 1_000)
            for number in start..<min(start + 1_000, texts.count) {
                for value: BulkValue in [.int(datasetId), .int(number), .text(texts[number])] { rows.append(value) }
            }
            try await sql.raw(SQLQueryString(SQLLiterals.insert(insert, rows))).run()
        }
    }

    /// Writes the counts per combination (after the load has ended).
    static func writeCounts(_ counts: [CountKey: Int], texts: [String], datasetId: Int, in sql: any SQLDatabase) async throws {
        func text(_ number: Int32) -> BulkValue { number < 0 ? .null : .text(texts[Int(number)]) }
        let entries = Array(counts)
        let insert = "INSERT INTO personnel_counts (dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making, n) VALUES"
        for start in stride(from: 0, to: entries.count, by: 1_000) {
            var rows = BulkRows(width: 9, capacity: 1_000)
            for (key, n) in entries[start..<min(start + 1_000, entries.count)] {
                for value: BulkValue in [
                    .int(datasetId), text(key.sex), .int(key.birthYear), text(key.natoCode), text(key.category), text(key.service),
                    text(key.unit), .bool(key.decisionMaking), .int(n),
                ] { rows.append(value) }
            }
            try await sql.raw(SQLQueryString(SQLLiterals.insert(insert, rows))).run()
        }
    }
}
