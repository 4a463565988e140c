/// 0033: the repeated texts of person-level records stored once per dataset, the records
/// holding their numbers. A file spells the same few ranks, NATO codes, categories, services
/// and units a million times; as texts they were more than half of each stored record, and
/// writing them was what SQLite spent most of an import on after 0032
/// (`scripts/bench/sqlite_floor.c`: NUMBERED=1 stores a million people in about two thirds of
/// the time). `personnel_texts` holds each dataset's distinct texts by number (the import
/// numbers them in order of appearance, `PersonnelRecordWriter`); `national_rank_id`,
/// `nato_code_id`, `category_id`, `service_id` and `unit_id` hold those numbers (NULL: none). The
/// view `personnel_records_spelled_out` shows the records with their texts, as they were, for
/// anyone reading the database by hand. The columns are renamed, not only retyped, so that a
/// query still comparing them with texts fails instead of quietly finding nothing.
///
/// Both engines copy the table once (12 s for a million records on SQLite, `wps migrate` in a
/// release build on the 2-core benchmark machine; the freed pages are reused); SQLite keeps
/// each record's number (`first_record`/`last_record` of 0032 stay true), PostgreSQL its index on
/// `dataset_id`.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0033 {
    /// Each text column's number in its dataset's texts, as the copy of a record `r` reads it.
    private static let numbers = ["national_rank", "nato_code", "category", "service", "unit"].map {
        "    (SELECT number FROM personnel_texts t WHERE t.dataset_id = r.dataset_id AND t.text = r.\($0)),"
    }.joined(separator: "\n")

    static let migration = Migration(name: "0033_records_texts_numbered", statements: [
        """
        CREATE TABLE personnel_texts (
            dataset_id $INT NOT NULL REFERENCES datasets (id),
            number $INT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (dataset_id, number),
            UNIQUE (dataset_id, text)
        )
        """,
        """
        INSERT INTO personnel_texts (dataset_id, number, text)
        SELECT dataset_id, ROW_NUMBER() OVER (PARTITION BY dataset_id ORDER BY text) - 1, text
        FROM (
            SELECT dataset_id, national_rank AS text FROM personnel_records WHERE national_rank IS NOT NULL
            UNION SELECT dataset_id, nato_code FROM personnel_records WHERE nato_code IS NOT NULL
            UNION SELECT dataset_id, category FROM personnel_records WHERE category IS NOT NULL
            UNION SELECT dataset_id, service FROM personnel_records WHERE service IS NOT NULL
            UNION SELECT dataset_id, unit FROM personnel_records WHERE unit IS NOT NULL
        ) AS spelled
        """,
        """
        $SQLITE CREATE TABLE personnel_records_numbered (
            id INTEGER PRIMARY KEY,
            dataset_id INTEGER NOT NULL REFERENCES datasets (id),
            line INTEGER NOT NULL,
            person_id TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')),
            birth_year INTEGER,
            national_rank_id INTEGER,
            nato_code_id INTEGER,
            category_id INTEGER,
            service_id INTEGER,
            unit_id INTEGER,
            decision_making INTEGER,
            entry_date TEXT,
            exit_date TEXT,
            exit_reason TEXT,
            deployed_abroad INTEGER
        )
        """,
        """
        $SQLITE INSERT INTO personnel_records_numbered (id, dataset_id, line, person_id, sex, birth_year, national_rank_id, nato_code_id,
            category_id, service_id, unit_id, decision_making, entry_date, exit_date, exit_reason, deployed_abroad)
        SELECT r.id, r.dataset_id, r.line, r.person_id, r.sex, r.birth_year,
        \(numbers)
            r.decision_making, r.entry_date, r.exit_date, r.exit_reason, r.deployed_abroad
        FROM personnel_records r ORDER BY r.id
        """,
        """
        $POSTGRES CREATE TABLE personnel_records_numbered (
            dataset_id BIGINT NOT NULL REFERENCES datasets (id),
            line BIGINT NOT NULL,
            person_id TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')),
            birth_year BIGINT,
            national_rank_id BIGINT,
            nato_code_id BIGINT,
            category_id BIGINT,
            service_id BIGINT,
            unit_id BIGINT,
            decision_making BIGINT,
            entry_date TEXT,
            exit_date TEXT,
            exit_reason TEXT,
            deployed_abroad BIGINT
        )
        """,
        """
        $POSTGRES INSERT INTO personnel_records_numbered (dataset_id, line, person_id, sex, birth_year, national_rank_id, nato_code_id,
            category_id, service_id, unit_id, decision_making, entry_date, exit_date, exit_reason, deployed_abroad)
        SELECT r.dataset_id, r.line, r.person_id, r.sex, r.birth_year,
        \(numbers)
            r.decision_making, r.entry_date, r.exit_date, r.exit_reason, r.deployed_abroad
        FROM personnel_records r ORDER BY r.dataset_id, r.line
        """,
        "DROP TABLE personnel_records",
        "ALTER TABLE personnel_records_numbered RENAME TO personnel_records",
        "$POSTGRES CREATE INDEX personnel_records_dataset ON personnel_records (dataset_id)",
        """
        CREATE VIEW personnel_records_spelled_out AS
        SELECT r.dataset_id, r.line, r.person_id, r.sex, r.birth_year, ranks.text AS national_rank, codes.text AS nato_code,
            categories.text AS category, services.text AS service, units.text AS unit, r.decision_making, r.entry_date, r.exit_date,
            r.exit_reason, r.deployed_abroad
        FROM personnel_records r
        LEFT JOIN personnel_texts ranks ON ranks.dataset_id = r.dataset_id AND ranks.number = r.national_rank_id
        LEFT JOIN personnel_texts codes ON codes.dataset_id = r.dataset_id AND codes.number = r.nato_code_id
        LEFT JOIN personnel_texts categories ON categories.dataset_id = r.dataset_id AND categories.number = r.category_id
        LEFT JOIN personnel_texts services ON services.dataset_id = r.dataset_id AND services.number = r.service_id
        LEFT JOIN personnel_texts units ON units.dataset_id = r.dataset_id AND units.number = r.unit_id
        """,
    ])
}
