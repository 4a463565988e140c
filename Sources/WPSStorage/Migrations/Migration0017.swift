/// 0017: consultations on draft plans — proposals for a node or a named section, endorsements by
/// other organisations, and the drafting group's answers and groups.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0017 {
    static let migration = Migration(name: "0017_consultations", statements: [
        """
        CREATE TABLE consultations (
            id $ID,
            plan_id $INT NOT NULL REFERENCES plans (id),
            title TEXT NOT NULL,
            opens_on TEXT NOT NULL,
            closes_on TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX consultations_plan ON consultations (plan_id)",
        """
        CREATE TABLE proposals (
            id $ID,
            consultation_id $INT NOT NULL REFERENCES consultations (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            node_id $INT REFERENCES plan_nodes (id),
            section TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'partially_accepted', 'rejected')),
            reason TEXT NOT NULL DEFAULT '',
            group_label TEXT NOT NULL DEFAULT '',
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX proposals_consultation ON proposals (consultation_id)",
        """
        CREATE TABLE endorsements (
            proposal_id $INT NOT NULL REFERENCES proposals (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            actor_user_id $INT,
            at TEXT NOT NULL,
            PRIMARY KEY (proposal_id, institution_id)
        )
        """,
    ])
}
