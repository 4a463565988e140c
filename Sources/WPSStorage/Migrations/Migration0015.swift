/// 0015: reporting periods of a plan, progress reports with their review, the measures' status
/// and the indicators' values they carry, and every step of each report's history.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0015 {
    static let migration = Migration(name: "0015_progress_reports", statements: [
        """
        CREATE TABLE reporting_periods (
            id $ID,
            plan_id $INT NOT NULL REFERENCES plans (id),
            name TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            due_date TEXT,
            locked_at TEXT,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX reporting_periods_plan ON reporting_periods (plan_id, start_date)",
        """
        CREATE TABLE progress_reports (
            id $ID,
            plan_id $INT NOT NULL REFERENCES plans (id),
            period_id $INT NOT NULL REFERENCES reporting_periods (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'published')),
            narrative TEXT NOT NULL DEFAULT '',
            submitted_on TEXT,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (period_id, institution_id)
        )
        """,
        "CREATE INDEX progress_reports_plan ON progress_reports (plan_id)",
        """
        CREATE TABLE report_measures (
            report_id $INT NOT NULL REFERENCES progress_reports (id),
            node_id $INT NOT NULL REFERENCES plan_nodes (id),
            status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'delayed', 'cancelled')),
            narrative TEXT NOT NULL DEFAULT '',
            position $INT NOT NULL,
            PRIMARY KEY (report_id, node_id)
        )
        """,
        """
        CREATE TABLE report_values (
            report_id $INT NOT NULL REFERENCES progress_reports (id),
            indicator_id $INT NOT NULL REFERENCES indicators (id),
            value TEXT,
            female TEXT,
            male TEXT,
            other TEXT,
            unknown TEXT,
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            position $INT NOT NULL,
            PRIMARY KEY (report_id, indicator_id)
        )
        """,
        "CREATE INDEX report_values_indicator ON report_values (indicator_id)",
        """
        CREATE TABLE report_events (
            id $ID,
            report_id $INT NOT NULL REFERENCES progress_reports (id),
            action TEXT NOT NULL,
            status TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            actor_user_id $INT,
            actor_name TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
        "CREATE INDEX report_events_report ON report_events (report_id, id)",
    ])
}
