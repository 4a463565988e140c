/// 0004: personnel counts.
/// Counts of each dataset at the finest grain of the analysis dimensions, written at import:
/// a table is then a GROUP BY over a few thousand rows instead of every person.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0004 {
    static let migration = Migration(name: "0004_personnel_counts", statements: [
        """
        CREATE TABLE personnel_counts (
            dataset_id $INT NOT NULL REFERENCES datasets (id),
            sex TEXT NOT NULL,
            birth_year $INT,
            nato_code TEXT,
            category TEXT,
            service TEXT,
            unit TEXT,
            decision_making $INT,
            n $INT NOT NULL CHECK (n > 0)
        )
        """,
        "CREATE INDEX personnel_counts_dataset ON personnel_counts (dataset_id)",
        """
        INSERT INTO personnel_counts (dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making, n)
        SELECT dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making, COUNT(*)
        FROM personnel_records GROUP BY dataset_id, sex, birth_year, nato_code, category, service, unit, decision_making
        """,
    ])
}
