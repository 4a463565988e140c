/// 0023: files attached to activities (agendas, reports, conclusions) as to reports and
/// evaluations. The owner kinds are a CHECK of the table, which SQLite cannot alter: the table
/// and its parts are rebuilt with their rows and ids, and the next id follows the largest.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0023 {
    static let migration = Migration(name: "0023_activity_attachments", statements: [
        """
        CREATE TABLE attachments_next (
            id $ID,
            owner_kind TEXT NOT NULL CHECK (owner_kind IN ('report', 'evaluation', 'activity')),
            owner_id $INT NOT NULL,
            file_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size $INT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
        """
        INSERT INTO attachments_next (id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by)
        SELECT id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by FROM attachments
        """,
        """
        CREATE TABLE attachment_parts_next (
            attachment_id $INT NOT NULL REFERENCES attachments_next (id) ON DELETE CASCADE,
            part $INT NOT NULL,
            content $BLOB NOT NULL,
            PRIMARY KEY (attachment_id, part)
        )
        """,
        "INSERT INTO attachment_parts_next (attachment_id, part, content) SELECT attachment_id, part, content FROM attachment_parts",
        "DROP TABLE attachment_parts",
        "DROP TABLE attachments",
        "ALTER TABLE attachments_next RENAME TO attachments",
        "ALTER TABLE attachment_parts_next RENAME TO attachment_parts",
        "CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id)",
        "$SYNC_IDS attachments",
    ])
}
