/// 0003: personnel datasets.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0003 {
    static let migration = Migration(name: "0003_personnel_datasets", statements: [
        """
        CREATE TABLE datasets (
            id $ID,
            institution_id $INT NOT NULL REFERENCES institutions (id),
            country_code TEXT NOT NULL REFERENCES countries (code),
            reference_date TEXT NOT NULL,
            series TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('records', 'aggregate')),
            source TEXT NOT NULL DEFAULT '',
            definition TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            row_count $INT NOT NULL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        """
        CREATE TABLE personnel_records (
            dataset_id $INT NOT NULL REFERENCES datasets (id),
            line $INT NOT NULL,
            person_id TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')),
            birth_year $INT,
            national_rank TEXT,
            nato_code TEXT,
            category TEXT,
            service TEXT,
            unit TEXT,
            decision_making $INT,
            entry_date TEXT,
            exit_date TEXT,
            exit_reason TEXT,
            deployed_abroad $INT
        )
        """,
        "CREATE INDEX personnel_records_dataset ON personnel_records (dataset_id)",
    ])
}
