/// The ordered list of schema steps. Never edit a step once it has landed; append a new one.
let migrations: [Migration] = [
    Migration(name: "0001_directory", statements: [
        """
        CREATE TABLE countries (
            code TEXT PRIMARY KEY CHECK (length(code) = 2),
            name_en TEXT NOT NULL,
            name_local TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE government_levels (
            country_code TEXT NOT NULL REFERENCES countries (code),
            code TEXT NOT NULL,
            name_en TEXT NOT NULL,
            name_local TEXT NOT NULL,
            tier $INT NOT NULL CHECK (tier BETWEEN 1 AND 3),
            PRIMARY KEY (country_code, code)
        )
        """,
        """
        CREATE TABLE institutions (
            id $ID,
            name TEXT NOT NULL,
            name_en TEXT NOT NULL DEFAULT '',
            acronym TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('gender_mechanism', 'ministry_of_defence', 'armed_forces',
                'ministry_of_interior', 'police', 'parliament', 'ministry', 'ombudsperson', 'cso',
                'cso_network', 'academy', 'international_organisation', 'donor')),
            country_code TEXT NOT NULL,
            level_code TEXT NOT NULL,
            parent_id $INT REFERENCES institutions (id),
            website TEXT NOT NULL DEFAULT '',
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            FOREIGN KEY (country_code, level_code) REFERENCES government_levels (country_code, code)
        )
        """,
        "CREATE INDEX institutions_country ON institutions (country_code, kind)",
        "CREATE INDEX institutions_parent ON institutions (parent_id)",
        """
        CREATE TABLE people (
            id $ID,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_recorded')),
            languages TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            owner_institution_id $INT REFERENCES institutions (id),
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        """
        CREATE TABLE positions (
            id $ID,
            person_id $INT NOT NULL REFERENCES people (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            title TEXT NOT NULL,
            since TEXT,
            until TEXT,
            ordinal $INT NOT NULL
        )
        """,
        "CREATE INDEX positions_person ON positions (person_id)",
        "CREATE INDEX positions_institution ON positions (institution_id)",
        """
        CREATE TABLE networks (
            id $ID,
            name TEXT NOT NULL,
            name_en TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('network', 'board')),
            country_code TEXT REFERENCES countries (code),
            parent_network_id $INT REFERENCES networks (id),
            owner_institution_id $INT REFERENCES institutions (id),
            description TEXT NOT NULL DEFAULT '',
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        """
        CREATE TABLE network_members (
            id $ID,
            network_id $INT NOT NULL REFERENCES networks (id),
            institution_id $INT REFERENCES institutions (id),
            person_id $INT REFERENCES people (id),
            role TEXT NOT NULL CHECK (role IN ('chair', 'secretariat', 'member', 'observer')),
            since TEXT,
            until TEXT,
            created_at TEXT NOT NULL,
            removed_at TEXT,
            CHECK ((institution_id IS NULL) <> (person_id IS NULL))
        )
        """,
        "CREATE INDEX network_members_network ON network_members (network_id)",
    ]),
    Migration(name: "0002_accounts_and_audit", statements: [
        """
        CREATE TABLE users (
            id $ID,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            is_platform_admin $INT NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            disabled_at TEXT
        )
        """,
        """
        CREATE TABLE user_institution_roles (
            user_id $INT NOT NULL REFERENCES users (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            role TEXT NOT NULL CHECK (role IN ('member', 'editor', 'analyst', 'admin')),
            PRIMARY KEY (user_id, institution_id)
        )
        """,
        """
        CREATE TABLE sessions (
            id_hash TEXT PRIMARY KEY,
            user_id $INT NOT NULL REFERENCES users (id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        """
        CREATE TABLE api_tokens (
            id $ID,
            user_id $INT NOT NULL REFERENCES users (id),
            label TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )
        """,
        """
        CREATE TABLE login_failures (
            id $ID,
            email TEXT NOT NULL,
            failed_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX login_failures_email ON login_failures (email, failed_at)",
        """
        CREATE TABLE audit_events (
            id $ID,
            at TEXT NOT NULL,
            actor_user_id $INT,
            actor_name TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT
        )
        """,
        "CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id)",
    ]),
    Migration(name: "0003_personnel_datasets", statements: [
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
    ]),
    // Counts of each dataset at the finest grain of the analysis dimensions, written at import:
    // a table is then a GROUP BY over a few thousand rows instead of every person.
    Migration(name: "0004_personnel_counts", statements: [
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
    ]),
    // Aggregate tables: the total they report (which may differ from the sum of their parts), and
    // age bands as sent when no birth years are known.
    Migration(name: "0005_aggregate_tables", statements: [
        "ALTER TABLE datasets ADD COLUMN reported_total $INT",
        "ALTER TABLE personnel_counts ADD COLUMN age_band TEXT",
    ]),
    // What an institution said its files' headers and values mean, reused for the next file.
    Migration(name: "0006_import_mappings", statements: [
        """
        CREATE TABLE import_mappings (
            institution_id $INT NOT NULL REFERENCES institutions (id),
            name TEXT NOT NULL,
            mapping TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (institution_id, name)
        )
        """,
    ]),
    // The rank table, editable and versioned (seeded from the shipped reference file).
    Migration(name: "0007_rank_table", statements: [
        """
        CREATE TABLE ranks (
            country_code TEXT NOT NULL,
            national_rank TEXT NOT NULL,
            folded TEXT NOT NULL,
            nato_code TEXT NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('officer', 'nco', 'soldier', 'cadet', 'civilian')),
            confidence TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (country_code, folded)
        )
        """,
    ]),
    Migration0008.migration,
    // Snapshots of a series are matched person by person: without this index the match read
    // the whole later snapshot for every person of the earlier one (54 s for two of 20,000).
    Migration(name: "0009_personnel_person_index", statements: [
        "CREATE INDEX personnel_records_person ON personnel_records (dataset_id, person_id)",
    ]),
    // One process at a time loads the demo: it claims the load here first.
    Migration(name: "0010_demo_claims", statements: [
        "CREATE TABLE demo_claims (name TEXT PRIMARY KEY, claimed_at TEXT NOT NULL)",
    ]),
]
