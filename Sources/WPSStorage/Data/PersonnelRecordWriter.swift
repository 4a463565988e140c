import SQLKit
import WPSCore

/// Writes person-level records in large multi-row INSERTs inside the caller's transaction.
///
/// Values are written into the statement as SQL literals (integers as digits, text in single
/// quotes with quotes doubled, the same on SQLite and PostgreSQL with standard-conforming
/// strings) instead of as bound parameters: encoding fifteen bound values per row through
/// `Encodable` was most of the import's time. Only integers and text taken from a checked
/// ``PersonnelRow`` are written this way.
struct PersonnelRecordWriter {
    static let batchSize = 1_000
    let datasetId: Int
    private var pending: [(line: Int, row: PersonnelRow)] = []
    /// People per combination of the analysis dimensions, written to `personnel_counts` by
    /// ``writeCounts(in:)``; as many entries as distinct combinations, not as people.
    private var counts: [CountKey: Int] = [:]

    struct CountKey: Hashable {
        var sex: String
        var birthYear: Int?
        var natoCode: String?
        var category: String?
        var service: String?
        var unit: String?
        var decisionMaking: Bool?
    }

    init(datasetId: Int) {
        self.datasetId = datasetId
        pending.reserveCapacity(Self.batchSize)
    }

    /// Adds a row; writes a batch when enough are pending.
    mutating func append(_ row: PersonnelRow, line: Int, in sql: any SQLDatabase) async throws {
        let r = row.record
        counts[CountKey(
            sex: r.sex.rawValue, birthYear: r.birthYear, natoCode: r.natoCode, category: r.category, service: r.service, unit: r.unit,
            decisionMaking: r.decisionMaking), default: 0] += 1
        pending.append((line, row))
        if pending.count >= Self.batchSize { try await flush(in: sql) }
    }

    /// Writes every pending row.
    mutating func flush(in sql: any SQLDatabase) async throws {
        guard !pending.isEmpty else { return }
        var text = """
            INSERT INTO personnel_records (dataset_id, line, person_id, sex, birth_year, national_rank, nato_code, category, service, \
            unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad) VALUES
            """
        text.reserveCapacity(pending.count * 160)
        let dataset = String(datasetId)
        for (index, entry) in pending.enumerated() {
            let record = entry.row.record
            text += index == 0 ? " (" : ", ("
            text += dataset
            text += ","
            text += String(entry.line)
            for value in [entry.row.personId, record.sex.rawValue] { text += ","; Self.appendLiteral(value, to: &text) }
            text += ","; Self.appendLiteral(record.birthYear, to: &text)
            for value in [entry.row.nationalRank, record.natoCode, record.category, record.service, record.unit] {
                text += ","; Self.appendLiteral(value, to: &text)
            }
            text += ","; Self.appendLiteral(record.decisionMaking.map { $0 ? 1 : 0 }, to: &text)
            for value in [entry.row.entryDate?.description, entry.row.exitDate?.description, entry.row.exitReason] {
                text += ","; Self.appendLiteral(value, to: &text)
            }
            text += ","; Self.appendLiteral(entry.row.deployedAbroad.map { $0 ? 1 : 0 }, to: &text)
            text += ")"
        }
        pending.removeAll(keepingCapacity: true)
        try await sql.raw(SQLQueryString(text)).run()
    }

    /// Writes the counts per combination (after the last ``flush(in:)``).
    mutating func writeCounts(in sql: any SQLDatabase) async throws {
        let entries = Array(counts)
        counts = [:]
        let dataset = String(datasetId)
        for start in stride(from: 0, to: entries.count, by: Self.batchSize) {
            var text = "INSERT INTO personnel_counts (dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making, n) VALUES"
            for (index, (key, n)) in entries[start..<min(start + Self.batchSize, entries.count)].enumerated() {
                text += index == 0 ? " (" : ", ("
                text += dataset
                text += ","; Self.appendLiteral(key.sex, to: &text)
                text += ","; Self.appendLiteral(key.birthYear, to: &text)
                for value in [key.natoCode, key.category, key.service, key.unit] { text += ","; Self.appendLiteral(value, to: &text) }
                text += ","; Self.appendLiteral(key.decisionMaking.map { $0 ? 1 : 0 }, to: &text)
                text += ","; text += String(n)
                text += ")"
            }
            try await sql.raw(SQLQueryString(text)).run()
        }
    }

    /// Text as a SQL string literal: quotes doubled, NUL characters (which neither engine stores
    /// in text) dropped.
    static func appendLiteral(_ value: String?, to text: inout String) {
        guard let value else { text += "NULL"; return }
        text += "'"
        if value.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == 0 }) {
            text += value.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\u{0}", with: "")
        } else {
            text += value
        }
        text += "'"
    }

    static func appendLiteral(_ value: Int?, to text: inout String) {
        text += value.map(String.init) ?? "NULL"
    }
}
