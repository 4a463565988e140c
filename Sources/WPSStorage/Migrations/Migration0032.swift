/// 0032: on SQLite, person-level records found by their own numbers, not by an index on dataset.
/// Keeping `personnel_records_dataset` up to date was a fifth of what SQLite does to import a
/// million people (`scripts/bench/sqlite_floor.c`: 1.62 s with it, 1.43 s without). The rows
/// of one import are written one after the other inside one write transaction, so they get
/// consecutive row numbers: each dataset keeps its first and last (`first_record`,
/// `last_record`) and a query reads that stretch of the table by its key
/// (`SQLDatasetStore.records(of:on:)`, which still checks `dataset_id`). The number is an
/// explicit `INTEGER PRIMARY KEY`: SQLite may renumber a plain rowid on `VACUUM`, which the
/// backup (`VACUUM INTO`) uses. The table is copied to add it, each dataset's rows kept
/// together. PostgreSQL keeps its table and its index on `dataset_id` (`COPY` does not gain
/// from this); the two columns stay empty there.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0032 {
    static let migration = Migration(name: "0032_records_numbered_by_dataset", statements: [
        "ALTER TABLE datasets ADD COLUMN first_record $INT",
        "ALTER TABLE datasets ADD COLUMN last_record $INT",
        """
        $SQLITE CREATE TABLE personnel_records_numbered (
            id INTEGER PRIMARY KEY,
            dataset_id INTEGER NOT NULL REFERENCES datasets (id),
            line INTEGER NOT NULL,
            person_id TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')),
            birth_year INTEGER,
            national_rank TEXT,
            nato_code TEXT,
            category TEXT,
            service TEXT,
            unit TEXT,
            decision_making INTEGER,
            entry_date TEXT,
            exit_date TEXT,
            exit_reason TEXT,
            deployed_abroad INTEGER
        )
        """,
        """
        $SQLITE INSERT INTO personnel_records_numbered (dataset_id, line, person_id, sex, birth_year, national_rank, nato_code,
            category, service, unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad)
        SELECT dataset_id, line, person_id, sex, birth_year, national_rank, nato_code,
            category, service, unit, decision_making, entry_date, exit_date, exit_reason, deployed_abroad
        FROM personnel_records ORDER BY dataset_id, rowid
        """,
        "$SQLITE DROP TABLE personnel_records",
        "$SQLITE ALTER TABLE personnel_records_numbered RENAME TO personnel_records",
        """
        $SQLITE UPDATE datasets SET first_record = numbered.first, last_record = numbered.last
        FROM (SELECT dataset_id, MIN(id) AS first, MAX(id) AS last FROM personnel_records GROUP BY dataset_id) AS numbered
        WHERE numbered.dataset_id = datasets.id
        """,
    ])
}
