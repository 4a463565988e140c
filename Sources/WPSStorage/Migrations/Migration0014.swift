/// 0014: action plans — plans, the tree of goals, objectives and measures (with their lead and
/// partner institutions), and indicators on any node.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0014 {
    static let migration = Migration(name: "0014_action_plans", statements: [
        """
        CREATE TABLE plans (
            id $ID,
            kind TEXT NOT NULL CHECK (kind IN ('nap', 'lap', 'regional')),
            country_code TEXT REFERENCES countries (code),
            level TEXT NOT NULL DEFAULT '',
            network_id $INT REFERENCES networks (id),
            countries TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            period_start $INT NOT NULL,
            period_end $INT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'in_implementation', 'evaluated', 'closed')),
            adopting_act TEXT NOT NULL DEFAULT '',
            adopted_on TEXT,
            coordinator_id $INT NOT NULL REFERENCES institutions (id),
            coordinating_body_id $INT REFERENCES networks (id),
            previous_plan_id $INT REFERENCES plans (id),
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'platform', 'institution')),
            search_text TEXT NOT NULL DEFAULT '',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        "CREATE INDEX plans_country ON plans (country_code, period_start)",
        """
        CREATE TABLE plan_nodes (
            id $ID,
            plan_id $INT NOT NULL REFERENCES plans (id),
            parent_id $INT REFERENCES plan_nodes (id),
            kind TEXT NOT NULL CHECK (kind IN ('goal', 'objective', 'measure')),
            code TEXT NOT NULL,
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            pillar TEXT CHECK (pillar IN ('participation', 'prevention', 'protection', 'relief_recovery', 'other')),
            start_date TEXT,
            end_date TEXT,
            budget_amount TEXT,
            budget_currency TEXT,
            budget_source TEXT,
            status TEXT CHECK (status IN ('not_started', 'in_progress', 'completed', 'delayed', 'cancelled')),
            position $INT NOT NULL DEFAULT 0,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        "CREATE INDEX plan_nodes_plan ON plan_nodes (plan_id)",
        """
        CREATE TABLE plan_node_institutions (
            node_id $INT NOT NULL REFERENCES plan_nodes (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
            position $INT NOT NULL,
            PRIMARY KEY (node_id, institution_id)
        )
        """,
        "CREATE INDEX plan_node_institutions_institution ON plan_node_institutions (institution_id)",
        """
        CREATE TABLE indicators (
            id $ID,
            node_id $INT NOT NULL REFERENCES plan_nodes (id),
            code TEXT NOT NULL DEFAULT '',
            definition TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'yes_no', 'text')),
            disaggregation TEXT NOT NULL CHECK (disaggregation IN ('none', 'sex', 'sex_age')),
            baseline_value TEXT,
            baseline_year $INT,
            target_value TEXT,
            target_year $INT,
            source TEXT NOT NULL DEFAULT '',
            computed_institution_id $INT REFERENCES institutions (id),
            computed_series TEXT,
            computed_measure TEXT CHECK (computed_measure IN ('share_women', 'share_women_officers', 'share_women_senior_officers', 'share_women_decision_making')),
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )
        """,
        "CREATE INDEX indicators_node ON indicators (node_id)",
    ])
}
