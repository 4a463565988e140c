/// 0022: a project's results (output, outcome, impact), their indicators (the plans' indicator
/// shape) and the values reached per period, by sex where asked.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0022 {
    static let migration = Migration(name: "0022_project_results", statements: [
        """
        CREATE TABLE project_results (
            id $ID,
            project_id $INT NOT NULL REFERENCES projects (id),
            title TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('output', 'outcome', 'impact')),
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX project_results_project ON project_results (project_id, id)",
        """
        CREATE TABLE result_indicators (
            id $ID,
            result_id $INT NOT NULL REFERENCES project_results (id),
            code TEXT NOT NULL DEFAULT '',
            definition TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'yes_no', 'text')),
            disaggregation TEXT NOT NULL CHECK (disaggregation IN ('none', 'sex', 'sex_age')),
            baseline_value TEXT,
            baseline_year $INT,
            target_value TEXT,
            target_year $INT,
            source TEXT NOT NULL DEFAULT '',
            position $INT NOT NULL
        )
        """,
        "CREATE INDEX result_indicators_result ON result_indicators (result_id, position)",
        """
        CREATE TABLE result_actuals (
            indicator_id $INT NOT NULL REFERENCES result_indicators (id),
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            value TEXT,
            female TEXT,
            male TEXT,
            other TEXT,
            unknown TEXT,
            note TEXT NOT NULL DEFAULT '',
            position $INT NOT NULL,
            PRIMARY KEY (indicator_id, position)
        )
        """,
    ])
}
