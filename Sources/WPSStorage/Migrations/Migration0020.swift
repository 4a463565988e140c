/// 0020: activities — meetings, board sessions, trainings, campaigns, missions — with their
/// links (organisers, funders, plan measures served, reports and evaluations reviewed,
/// trainers) and their participants: people of the directory or counts by sex.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0020 {
    static let migration = Migration(name: "0020_activities", statements: [
        """
        CREATE TABLE activities (
            id $ID,
            kind TEXT NOT NULL CHECK (kind IN ('meeting', 'board_session', 'conference', 'training_of_trainers', 'seminar', 'workshop',
                'campaign', 'media_appearance', 'study_visit', 'expert_mission', 'coaching_session')),
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            city TEXT NOT NULL DEFAULT '',
            country_code TEXT REFERENCES countries (code),
            online $INT NOT NULL DEFAULT 0,
            owner_id $INT NOT NULL REFERENCES institutions (id),
            network_id $INT REFERENCES networks (id),
            agenda TEXT NOT NULL DEFAULT '',
            outputs TEXT NOT NULL DEFAULT '',
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL DEFAULT '',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        "CREATE INDEX activities_start ON activities (start_date, id)",
        "CREATE INDEX activities_country ON activities (country_code, start_date)",
        """
        CREATE TABLE activity_links (
            activity_id $INT NOT NULL REFERENCES activities (id),
            link TEXT NOT NULL CHECK (link IN ('organiser', 'funder', 'measure', 'report', 'evaluation', 'trainer')),
            target_id $INT NOT NULL,
            position $INT NOT NULL,
            PRIMARY KEY (activity_id, link, target_id)
        )
        """,
        "CREATE INDEX activity_links_target ON activity_links (link, target_id)",
        """
        CREATE TABLE activity_participants (
            id $ID,
            activity_id $INT NOT NULL REFERENCES activities (id),
            person_id $INT REFERENCES people (id),
            institution_id $INT REFERENCES institutions (id),
            female $INT,
            male $INT,
            other $INT,
            unknown $INT,
            stated_total $INT,
            institution_kind TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            CHECK ((person_id IS NULL) <> (female IS NULL))
        )
        """,
        "CREATE INDEX activity_participants_activity ON activity_participants (activity_id, id)",
        "CREATE UNIQUE INDEX activity_participants_person ON activity_participants (activity_id, person_id) WHERE person_id IS NOT NULL",
        "CREATE INDEX activity_participants_person_id ON activity_participants (person_id)",
    ])
}
