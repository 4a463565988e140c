/// 0021: projects — implementers, partners, donors with their commitments, the plan measures
/// they serve — and the project an activity belongs to.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0021 {
    static let migration = Migration(name: "0021_projects", statements: [
        """
        CREATE TABLE projects (
            id $ID,
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT,
            status TEXT NOT NULL CHECK (status IN ('pipeline', 'implementation', 'finalisation', 'closed', 'cancelled', 'suspended')),
            owner_id $INT NOT NULL REFERENCES institutions (id),
            countries TEXT NOT NULL DEFAULT '',
            budget_amount TEXT,
            budget_currency TEXT,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL DEFAULT '',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        """
        CREATE TABLE project_links (
            project_id $INT NOT NULL REFERENCES projects (id),
            link TEXT NOT NULL CHECK (link IN ('implementer', 'partner', 'measure')),
            target_id $INT NOT NULL,
            position $INT NOT NULL,
            PRIMARY KEY (project_id, link, target_id)
        )
        """,
        "CREATE INDEX project_links_target ON project_links (link, target_id)",
        """
        CREATE TABLE project_donors (
            project_id $INT NOT NULL REFERENCES projects (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            position $INT NOT NULL,
            PRIMARY KEY (project_id, position)
        )
        """,
        "ALTER TABLE activities ADD COLUMN project_id $INT REFERENCES projects (id)",
        "CREATE INDEX activities_project ON activities (project_id)",
    ])
}
