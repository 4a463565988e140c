/// 0001: directory.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0001 {
    static let migration = Migration(name: "0001_directory", statements: [
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
    ])
}
