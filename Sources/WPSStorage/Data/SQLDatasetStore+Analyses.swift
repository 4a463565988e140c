import SQLKit
import Synchronization
import WPSCore

extension SQLDatasetStore {
    public func movements(of dataset: Dataset, year: Int) async throws -> CountTable? {
        guard dataset.kind == "records" else { return nil }
        return try await computed.value(for: .movements(dataset: dataset.id, year: year)) {
            try await exactMovements(datasetId: dataset.id, year: year)
        }
    }

    public func deployedAbroad(of dataset: Dataset) async throws -> CountTable? {
        guard dataset.kind == "records" else { return nil }
        let datasetId = dataset.id
        let table = try await computed.value(for: .deployedAbroad(dataset: datasetId)) {
            let rows = try await database.read { sql in
                try await sql.raw("""
                    SELECT sex, CAST(SUM(CASE WHEN deployed_abroad = 1 THEN 1 ELSE 0 END) AS BIGINT) AS deployed,
                        CAST(SUM(CASE WHEN deployed_abroad IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS recorded
                    FROM personnel_records WHERE \(Self.records(of: [datasetId], on: database.engine)) GROUP BY sex
                    """).all().map { row in
                    (sex: try row.decode(column: "sex", as: String.self), deployed: try row.decode(column: "deployed", as: Int.self),
                     recorded: try row.decode(column: "recorded", as: Int.self))
                }
            }
            // No one with the column recorded: an empty table says "not in this file"
            guard rows.contains(where: { $0.recorded > 0 }) else { return CountTable(rows: [], columns: [], cells: []) }
            let sexes = Tabulation.order(Set(rows.map(\.sex)), .sex)
            let bySex = Dictionary(rows.map { ($0.sex, $0.deployed) }, uniquingKeysWith: { first, _ in first })
            return CountTable(rows: ["deployed_abroad"], columns: sexes, cells: [sexes.map { bySex[$0] ?? 0 }])
        }
        return table.rows.isEmpty ? nil : table
    }

    func exactMovements(datasetId: Int, year: Int) async throws -> CountTable {
        let prefix = String(year)
        let rows = try await database.read { sql in
            try await sql.raw("""
                SELECT sex,
                    CAST(SUM(CASE WHEN substr(entry_date, 1, 4) = \(bind: prefix) THEN 1 ELSE 0 END) AS BIGINT) AS entered,
                    CAST(SUM(CASE WHEN substr(exit_date, 1, 4) = \(bind: prefix) THEN 1 ELSE 0 END) AS BIGINT) AS left_
                FROM personnel_records WHERE \(Self.records(of: [datasetId], on: database.engine)) GROUP BY sex
                """).all().map { row in
                (sex: try row.decode(column: "sex", as: String.self), entered: try row.decode(column: "entered", as: Int.self),
                 left: try row.decode(column: "left_", as: Int.self))
            }
        }
        let sexes = Tabulation.order(Set(rows.map(\.sex)), .sex)
        let bySex = Dictionary(rows.map { ($0.sex, $0) }, uniquingKeysWith: { first, _ in first })
        return CountTable(
            rows: ["entered", "left"], columns: sexes,
            cells: [sexes.map { bySex[$0]?.entered ?? 0 }, sexes.map { bySex[$0]?.left ?? 0 }])
    }

    public func series(of dataset: Dataset, viewer: Viewer) async throws -> [Dataset] {
        guard !dataset.series.isEmpty else { return [dataset] }
        return try await snapshots(institutionId: dataset.institutionId, series: dataset.series, viewer: viewer)
    }

    public func snapshots(institutionId: Int, series: String, viewer: Viewer) async throws -> [Dataset] {
        try await database.read { sql in
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: Self.columns) FROM datasets
                WHERE institution_id = \(bind: institutionId) AND series = \(bind: series) AND deleted_at IS NULL AND
                """
            query.appendLiteral(" ")
            query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["institution_id"]))
            query.appendLiteral(" ORDER BY reference_date, id")
            return try await sql.raw(query).all().map(Self.decode)
        }
    }

    public func transitions(from earlier: Dataset, to later: Dataset) async throws -> CountTable? {
        guard earlier.kind == "records", later.kind == "records" else { return nil }
        return try await computed.value(for: .transitions(from: earlier.id, to: later.id)) {
            try await exactTransitions(from: earlier.id, to: later.id)
        }
    }

    /// People matched by id between two snapshots: who joined, left, stayed and was promoted.
    /// Neither snapshot is indexed by person (an import keeps no such index up to date, 0031),
    /// and no join is left to a query planner's guess (without statistics SQLite guessed a
    /// snapshot small and searched it once per person of the other: 10 s for two of 20,000).
    /// Instead one query reads both snapshots once, sorted by person, and each person's rows
    /// are matched here as they stream past: O(n log n) on either engine, memory for one person.
    func exactTransitions(from earlier: Int, to later: Int) async throws -> CountTable {
        let tally = try await database.read { sql in
            // Each snapshot's NATO codes by their numbers (migration 0033): a few dozen texts
            var codes: [[Int: String]] = [[:], [:]]
            for row in try await sql.raw("""
                SELECT dataset_id, number, text FROM personnel_texts WHERE dataset_id IN (\(bind: earlier), \(bind: later))
                """).all() {
                let side = try row.decode(column: "dataset_id", as: Int.self) == later ? 1 : 0
                codes[side][try row.decode(column: "number", as: Int.self)] = try row.decode(column: "text", as: String.self)
            }
            let tally = Mutex(TransitionTally(codes: codes))
            try await sql.raw(Self.bothSnapshotsByPerson(earlier: earlier, later: later, on: database.engine)).run { row in
                tally.withLock { $0.add(row) }
            }
            return try tally.withLock { tally in
                tally.closePerson()
                if let failure = tally.failure { throw failure }
                return tally
            }
        }
        var counts: [String: [String: Int]] = [:]
        for (pair, count) in tally.pairs {
            if pair.gone {
                counts["left", default: [:]][pair.sex, default: 0] += count
                continue
            }
            counts["stayed", default: [:]][pair.sex, default: 0] += count
            if let before = RankMapping.seniority(ofCode: pair.before), let after = RankMapping.seniority(ofCode: pair.after), after > before {
                counts["promoted", default: [:]][pair.sex, default: 0] += count
            }
        }
        counts["joined"] = tally.joined
        let sexes = Tabulation.order(Set(counts.values.flatMap(\.keys)), .sex)
        let rows = ["joined", "left", "stayed", "promoted"]
        return CountTable(rows: rows, columns: sexes, cells: rows.map { row in sexes.map { counts[row]?[$0] ?? 0 } })
    }

    /// Both snapshots' people with an id, counted by person, snapshot (`side`: 0 the earlier,
    /// 1 the later), sex and the number of the NATO code in its snapshot's texts (-1: none), in
    /// the order of their ids (ordered as grouped, so SQLite sorts once).
    static func bothSnapshotsByPerson(earlier: Int, later: Int, on engine: WPSDatabase.Engine) -> SQLQueryString {
        """
        SELECT person_id, CASE WHEN dataset_id = \(bind: later) THEN 1 ELSE 0 END AS side, sex, COALESCE(nato_code_id, -1) AS code,
            COUNT(*) AS n
        FROM personnel_records
        WHERE \(records(of: [earlier, later], on: engine)) AND person_id IS NOT NULL AND person_id <> ''
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        """
    }

    /// The condition that picks the person-level records of `datasets`. On SQLite each import's
    /// rows are numbered consecutively and its dataset keeps the first and last number
    /// (migration 0032): the rows are read by their key, with no index by dataset to keep up
    /// during an import. `dataset_id` is checked as well, so a range is only ever a shortcut, and
    /// a dataset without one (none is expected) is found by reading the whole table. PostgreSQL
    /// finds them through its index on `dataset_id`.
    static func records(of datasets: [Int], on engine: WPSDatabase.Engine) -> SQLQueryString {
        let belongs: SQLQueryString = "dataset_id IN (\(binds: datasets))"
        guard engine == .sqlite else { return belongs }
        let ranges = datasets.map { id -> SQLQueryString in
            """
            personnel_records.id BETWEEN COALESCE((SELECT first_record FROM datasets WHERE datasets.id = \(bind: id)), 0)
                AND COALESCE((SELECT last_record FROM datasets WHERE datasets.id = \(bind: id)), \(literal: Int64.max))
            """
        }
        return "(" + ranges.joined(separator: " OR ") + ") AND " + belongs
    }

    public func warmUp() async throws {
        let all = try await database.read { sql in
            try await sql.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM datasets WHERE deleted_at IS NULL ORDER BY institution_id, series, reference_date, id
                """).all().map(Self.decode)
        }
        var previous: Dataset?
        for dataset in all {
            _ = try await exactTable(datasetId: dataset.id, rows: .natoCode, columns: .sex)
            _ = try await exactTable(datasetId: dataset.id, rows: .positionLevel, columns: .sex)
            if dataset.kind == "records" {
                let year = dataset.referenceDate.year
                _ = try await computed.value(for: .movements(dataset: dataset.id, year: year)) {
                    try await exactMovements(datasetId: dataset.id, year: year)
                }
                if let previous, previous.kind == "records", !dataset.series.isEmpty, previous.series == dataset.series,
                    previous.institutionId == dataset.institutionId {
                    _ = try await computed.value(for: .transitions(from: previous.id, to: dataset.id)) {
                        try await exactTransitions(from: previous.id, to: dataset.id)
                    }
                }
            }
            previous = dataset
        }
    }
}

/// The matching of ``SQLDatasetStore/exactTransitions(from:to:)``: rows of one person arrive
/// together; when the next person starts, each of her rows in the earlier snapshot is paired
/// with each in the later one (a person listed twice counts twice, as a join of the two would),
/// or counted as gone; a person only in the later snapshot joined.
struct TransitionTally {
    /// Each side's NATO codes by their numbers in the snapshot's texts.
    let codes: [[Int: String]]

    init(codes: [[Int: String]]) {
        self.codes = codes
    }

    struct Pair: Hashable {
        var sex: String
        var before: String
        var after: String
        var gone: Bool
    }

    private(set) var pairs: [Pair: Int] = [:]
    private(set) var joined: [String: Int] = [:]
    private(set) var failure: (any Error)?
    private var person: String?
    private var earlier: [(sex: String, code: String, n: Int)] = []
    private var later: [(sex: String, code: String, n: Int)] = []

    mutating func add(_ row: any SQLRow) {
        guard failure == nil else { return }
        do {
            let id = try row.decode(column: "person_id", as: String.self)
            if id != person {
                closePerson()
                person = id
            }
            let side = try row.decode(column: "side", as: Int.self) == 1 ? 1 : 0
            let group = (sex: try row.decode(column: "sex", as: String.self),
                         code: codes[side][try row.decode(column: "code", as: Int.self)] ?? "", n: try row.decode(column: "n", as: Int.self))
            if side == 1 { later.append(group) } else { earlier.append(group) }
        } catch {
            failure = error
        }
    }

    /// Counts the person whose rows have all arrived.
    mutating func closePerson() {
        defer {
            earlier.removeAll(keepingCapacity: true)
            later.removeAll(keepingCapacity: true)
        }
        guard !earlier.isEmpty else {
            for group in later { joined[group.sex, default: 0] += group.n }
            return
        }
        for before in earlier {
            guard !later.isEmpty else {
                pairs[Pair(sex: before.sex, before: before.code, after: "", gone: true), default: 0] += before.n
                continue
            }
            for after in later {
                pairs[Pair(sex: before.sex, before: before.code, after: after.code, gone: false), default: 0] += before.n * after.n
            }
        }
    }
}
