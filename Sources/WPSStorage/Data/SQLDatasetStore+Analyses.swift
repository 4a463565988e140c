import SQLKit
import WPSCore

extension SQLDatasetStore {
    public func movements(datasetId: Int, year: Int, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer), dataset.kind == "records" else { return nil }
        return try await computed.value(for: .movements(dataset: datasetId, year: year)) {
            try await exactMovements(datasetId: datasetId, year: year)
        }
    }

    public func deployedAbroad(datasetId: Int, viewer: Viewer) async throws -> CountTable? {
        guard let dataset = try await dataset(id: datasetId, viewer: viewer), dataset.kind == "records" else { return nil }
        let table = try await computed.value(for: .deployedAbroad(dataset: datasetId)) {
            let rows = try await database.read { sql in
                try await sql.raw("""
                    SELECT sex, CAST(SUM(CASE WHEN deployed_abroad = 1 THEN 1 ELSE 0 END) AS BIGINT) AS deployed,
                        CAST(SUM(CASE WHEN deployed_abroad IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS recorded
                    FROM personnel_records WHERE dataset_id = \(bind: datasetId) GROUP BY sex
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
                FROM personnel_records WHERE dataset_id = \(bind: datasetId) GROUP BY sex
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

    public func transitions(from earlier: Int, to later: Int, viewer: Viewer) async throws -> CountTable? {
        guard let first = try await dataset(id: earlier, viewer: viewer), first.kind == "records",
            let second = try await dataset(id: later, viewer: viewer), second.kind == "records"
        else { return nil }
        return try await computed.value(for: .transitions(from: earlier, to: later)) {
            try await exactTransitions(from: earlier, to: later)
        }
    }

    /// People matched by id between two snapshots: who joined, left, stayed and was promoted.
    /// Neither snapshot is indexed by person (an import keeps no such index up to date, 0031):
    /// each side is read once and the other is looked up in an index the engine builds for this
    /// query (SQLite: an automatic index on the materialized side; PostgreSQL: a hash join), so
    /// the work grows with n log n, never with n² — `transitionsNeverSearchOneSnapshotPerPerson`
    /// holds SQLite's plan to that.
    func exactTransitions(from earlier: Int, to later: Int) async throws -> CountTable {
        let pairs = try await database.read { sql in
            try await sql.raw(Self.stayedOrLeft(from: earlier, to: later)).all().map { row in
                (sex: try row.decode(column: "sex", as: String.self), before: try row.decode(column: "before_code", as: String.self),
                 after: try row.decode(column: "after_code", as: String.self), gone: try row.decode(column: "gone", as: Int.self) == 1,
                 count: try row.decode(column: "n", as: Int.self))
            }
        }
        let joined = try await database.read { sql in
            try await sql.raw(Self.joined(from: earlier, to: later)).all().map { row in
                (sex: try row.decode(column: "sex", as: String.self), count: try row.decode(column: "n", as: Int.self))
            }
        }
        var counts: [String: [String: Int]] = [:]
        for pair in pairs {
            if pair.gone {
                counts["left", default: [:]][pair.sex, default: 0] += pair.count
                continue
            }
            counts["stayed", default: [:]][pair.sex, default: 0] += pair.count
            if let before = RankMapping.seniority(ofCode: pair.before), let after = RankMapping.seniority(ofCode: pair.after), after > before {
                counts["promoted", default: [:]][pair.sex, default: 0] += pair.count
            }
        }
        for entry in joined { counts["joined", default: [:]][entry.sex, default: 0] += entry.count }
        let sexes = Tabulation.order(Set(counts.values.flatMap(\.keys)), .sex)
        let rows = ["joined", "left", "stayed", "promoted"]
        return CountTable(rows: rows, columns: sexes, cells: rows.map { row in sexes.map { counts[row]?[$0] ?? 0 } })
    }

    /// Each person of `earlier` with her code before and after, or gone (a person listed twice
    /// in `later` counts twice, as a join does).
    static func stayedOrLeft(from earlier: Int, to later: Int) -> SQLQueryString {
        """
        WITH b AS MATERIALIZED (
            SELECT person_id, nato_code FROM personnel_records
            WHERE dataset_id = \(bind: later) AND person_id IS NOT NULL AND person_id <> '')
        SELECT a.sex, COALESCE(a.nato_code, '') AS before_code, COALESCE(b.nato_code, '') AS after_code,
            CASE WHEN b.person_id IS NULL THEN 1 ELSE 0 END AS gone, COUNT(*) AS n
        FROM personnel_records a
        LEFT JOIN b ON b.person_id = a.person_id
        WHERE a.dataset_id = \(bind: earlier) AND a.person_id IS NOT NULL AND a.person_id <> ''
        GROUP BY a.sex, COALESCE(a.nato_code, ''), COALESCE(b.nato_code, ''), CASE WHEN b.person_id IS NULL THEN 1 ELSE 0 END
        """
    }

    /// The people of `later` whose id `earlier` does not list, by sex. (A person of `later`
    /// matched by nobody is one row of the join; whoever is matched is left out, however often
    /// `earlier` lists her — so no DISTINCT, which also made SQLite scan `a` once per person.)
    static func joined(from earlier: Int, to later: Int) -> SQLQueryString {
        """
        WITH a AS MATERIALIZED (
            SELECT person_id FROM personnel_records
            WHERE dataset_id = \(bind: earlier) AND person_id IS NOT NULL AND person_id <> '')
        SELECT b.sex, COUNT(*) AS n
        FROM personnel_records b
        LEFT JOIN a ON a.person_id = b.person_id
        WHERE b.dataset_id = \(bind: later) AND b.person_id IS NOT NULL AND b.person_id <> '' AND a.person_id IS NULL
        GROUP BY b.sex
        """
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
