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
    /// The INSERT of the previous batch, still running while the next batch is read: parsing and
    /// the database's work overlap on two cores. At most one runs at a time on the connection.
    private var inFlight: Task<Void, any Error>?

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

    /// Writes every pending row: the statement runs in a task of its own while the caller goes on
    /// reading the next batch. (Building the statement in that task too was slower on two cores:
    /// three busy threads then share them.)
    mutating func flush(in sql: any SQLDatabase) async throws {
        guard !pending.isEmpty else { return }
        let statement = SQLQueryString(Self.insertStatement(pending, dataset: datasetId))
        pending.removeAll(keepingCapacity: true)
        try await drain()
        inFlight = Task { try await sql.raw(statement).run() }
    }

    /// One multi-row INSERT of `rows`.
    static func insertStatement(_ rows: [(line: Int, row: PersonnelRow)], dataset datasetId: Int) -> String {
        var text = """
            INSERT INTO personnel_records (dataset_id, line, person_id, sex, birth_year, national_rank, nato_code, category, service, \
            unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad) VALUES
            """
        text.reserveCapacity(rows.count * 160)
        let dataset = String(datasetId)
        for (index, entry) in rows.enumerated() {
            let record = entry.row.record
            text += index == 0 ? " (" : ", ("
            text += dataset
            text += ","
            text += String(entry.line)
            for value in [entry.row.personId, record.sex.rawValue] { text += ","; appendLiteral(value, to: &text) }
            text += ","; appendLiteral(record.birthYear, to: &text)
            for value in [entry.row.nationalRank, record.natoCode, record.category, record.service, record.unit] {
                text += ","; appendLiteral(value, to: &text)
            }
            text += ","; appendLiteral(record.decisionMaking.map { $0 ? 1 : 0 }, to: &text)
            for value in [entry.row.entryDate?.description, entry.row.exitDate?.description, entry.row.exitReason] {
                text += ","; appendLiteral(value, to: &text)
            }
            text += ","; appendLiteral(entry.row.deployedAbroad.map { $0 ? 1 : 0 }, to: &text)
            text += ")"
        }
        return text
    }

    /// Waits for the batch in flight; its error, if any, is thrown here.
    mutating func drain() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        try await task.value
    }

    /// Waits for the batch in flight and ignores its outcome: before a rollback, nothing may
    /// still be writing.
    mutating func settle() async {
        guard let task = inFlight else { return }
        inFlight = nil
        _ = try? await task.value
    }

    /// Writes the counts per combination (after the last ``flush(in:)``).
    mutating func writeCounts(in sql: any SQLDatabase) async throws {
        try await drain()
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
