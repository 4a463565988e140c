/// 0016: evaluations of plans and the recommendations register (what became of each
/// recommendation, and the node of a later plan that took it up).
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0016 {
    static let migration = Migration(name: "0016_evaluations", statements: [
        """
        CREATE TABLE evaluations (
            id $ID,
            plan_id $INT NOT NULL REFERENCES plans (id),
            kind TEXT NOT NULL CHECK (kind IN ('mid_term', 'final', 'other')),
            evaluator TEXT NOT NULL,
            evaluated_on TEXT,
            findings TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX evaluations_plan ON evaluations (plan_id)",
        """
        CREATE TABLE recommendations (
            id $ID,
            evaluation_id $INT NOT NULL REFERENCES evaluations (id),
            plan_id $INT NOT NULL REFERENCES plans (id),
            text TEXT NOT NULL,
            priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
            status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'partially_accepted', 'rejected', 'carried_into')),
            response TEXT NOT NULL DEFAULT '',
            carried_into_node_id $INT REFERENCES plan_nodes (id),
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX recommendations_evaluation ON recommendations (evaluation_id)",
        "CREATE INDEX recommendations_plan ON recommendations (plan_id, status)",
        "CREATE INDEX recommendations_node ON recommendations (carried_into_node_id)",
        """
        CREATE TABLE recommendation_institutions (
            recommendation_id $INT NOT NULL REFERENCES recommendations (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            position $INT NOT NULL,
            PRIMARY KEY (recommendation_id, institution_id)
        )
        """,
    ])
}
