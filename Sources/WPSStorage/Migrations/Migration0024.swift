/// 0024: expertise sharing — the areas of expertise, expert profiles of people of the directory,
/// requests for expertise and experts assigned to them (a mission is an `expert_mission`
/// activity), the Gender Coach Programme's cohorts, pairings and sessions (notes sealed with
/// AES-GCM), the areas an activity was about, and the person an account belongs to.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0024 {
    static let migration = Migration(name: "0024_expertise", statements: [
        "ALTER TABLE users ADD COLUMN person_id $INT REFERENCES people (id)",
        "CREATE UNIQUE INDEX users_person ON users (person_id) WHERE person_id IS NOT NULL",
        """
        CREATE TABLE expertise_areas (
            code TEXT PRIMARY KEY,
            labels TEXT NOT NULL,
            position $INT NOT NULL
        )
        """,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('gender_in_military', '{"bs": "rod u vojsci", "en": "gender in the military"}', 0)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('police_and_gbv', '{"bs": "policija i rodno zasnovano nasilje", "en": "police and GBV"}', 1)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('nap_development', '{"bs": "izrada akcionih planova", "en": "NAP development"}', 2)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('gender_training', '{"bs": "rodna obuka", "en": "gender training"}', 3)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('sexual_harassment', '{"bs": "seksualno uznemiravanje", "en": "sexual harassment"}', 4)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('gender_budgeting', '{"bs": "rodno budžetiranje", "en": "gender budgeting"}', 5)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('salw_control', '{"bs": "kontrola malog i lakog oružja", "en": "SALW control"}', 6)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('gender_coaching', '{"bs": "rodni coaching", "en": "gender coaching"}', 7)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('women_in_peace_processes', '{"bs": "žene u mirovnim procesima", "en": "women in peace processes"}', 8)"#,
        #"INSERT INTO expertise_areas (code, labels, position) VALUES ('hr_data_analysis', '{"bs": "analiza kadrovskih podataka", "en": "HR data analysis"}', 9)"#,
        """
        CREATE TABLE expertise_secretariats (
            institution_id $INT PRIMARY KEY REFERENCES institutions (id)
        )
        """,
        """
        CREATE TABLE activity_areas (
            activity_id $INT NOT NULL REFERENCES activities (id),
            area_code TEXT NOT NULL REFERENCES expertise_areas (code),
            position $INT NOT NULL,
            PRIMARY KEY (activity_id, area_code)
        )
        """,
        """
        CREATE TABLE experts (
            id $ID,
            person_id $INT NOT NULL UNIQUE REFERENCES people (id),
            listed $INT NOT NULL DEFAULT 0,
            countries_worked TEXT NOT NULL DEFAULT '',
            certifications TEXT NOT NULL DEFAULT '[]',
            biography TEXT NOT NULL DEFAULT '{}',
            availability TEXT NOT NULL DEFAULT '[]',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        """
        CREATE TABLE expert_areas (
            expert_id $INT NOT NULL REFERENCES experts (id),
            area_code TEXT NOT NULL REFERENCES expertise_areas (code),
            PRIMARY KEY (expert_id, area_code)
        )
        """,
        "CREATE INDEX expert_areas_area ON expert_areas (area_code, expert_id)",
        """
        CREATE TABLE expert_languages (
            expert_id $INT NOT NULL REFERENCES experts (id),
            code TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native')),
            PRIMARY KEY (expert_id, code)
        )
        """,
        "CREATE INDEX expert_languages_code ON expert_languages (code, expert_id)",
        """
        CREATE TABLE expertise_requests (
            id $ID,
            title TEXT NOT NULL,
            institution_id $INT REFERENCES institutions (id),
            requester_name TEXT NOT NULL DEFAULT '',
            requester_organisation TEXT NOT NULL DEFAULT '',
            requester_email TEXT NOT NULL DEFAULT '',
            areas TEXT NOT NULL,
            languages TEXT NOT NULL,
            country_code TEXT REFERENCES countries (code),
            city TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            format TEXT NOT NULL CHECK (format IN ('in_person', 'remote', 'hybrid')),
            audience TEXT NOT NULL DEFAULT '',
            experts_needed $INT NOT NULL DEFAULT 1,
            description TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('open', 'matching', 'assigned', 'completed', 'reported', 'cancelled')),
            confirmed $INT NOT NULL DEFAULT 1,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX expertise_requests_start ON expertise_requests (start_date, id)",
        """
        CREATE TABLE expert_assignments (
            id $ID,
            request_id $INT NOT NULL REFERENCES expertise_requests (id),
            expert_id $INT NOT NULL REFERENCES experts (id),
            status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'reported')),
            activity_id $INT REFERENCES activities (id),
            report TEXT NOT NULL DEFAULT '',
            reported_at TEXT,
            feedback_score $INT CHECK (feedback_score BETWEEN 1 AND 5),
            feedback_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (request_id, expert_id)
        )
        """,
        "CREATE INDEX expert_assignments_expert ON expert_assignments (expert_id)",
        """
        CREATE TABLE coaching_cohorts (
            id $ID,
            title TEXT NOT NULL,
            programme TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            institution_id $INT REFERENCES institutions (id),
            coordinator_user_id $INT REFERENCES users (id),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE coaching_pairings (
            id $ID,
            cohort_id $INT NOT NULL REFERENCES coaching_cohorts (id),
            coach_expert_id $INT NOT NULL REFERENCES experts (id),
            coachee_person_id $INT NOT NULL REFERENCES people (id),
            created_at TEXT NOT NULL,
            UNIQUE (cohort_id, coach_expert_id, coachee_person_id)
        )
        """,
        """
        CREATE TABLE coaching_sessions (
            id $ID,
            pairing_id $INT NOT NULL REFERENCES coaching_pairings (id),
            session_date TEXT NOT NULL,
            minutes $INT NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
            mode TEXT NOT NULL CHECK (mode IN ('in_person', 'remote')),
            topics TEXT NOT NULL DEFAULT '',
            notes_sealed TEXT,
            author_user_id $INT REFERENCES users (id),
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX coaching_sessions_pairing ON coaching_sessions (pairing_id, session_date)",
        """
        CREATE TABLE sealing_key_checks (
            id $INT PRIMARY KEY,
            sealed TEXT NOT NULL
        )
        """,
    ])
}
