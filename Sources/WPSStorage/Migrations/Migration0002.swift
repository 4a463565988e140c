/// 0002: accounts and audit.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0002 {
    static let migration = Migration(name: "0002_accounts_and_audit", statements: [
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
    ])
}
