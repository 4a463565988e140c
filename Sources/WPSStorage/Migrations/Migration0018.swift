/// 0018: files attached to progress reports and evaluations (later to activities and library
/// items): kept in the database in parts of at most a mebibyte, so every server sees them, `wps
/// backup` keeps them, and a download never holds a whole file in memory.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0018 {
    static let migration = Migration(name: "0018_attachments", statements: [
        """
        CREATE TABLE attachments (
            id $ID,
            owner_kind TEXT NOT NULL CHECK (owner_kind IN ('report', 'evaluation')),
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
        "CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id)",
        """
        CREATE TABLE attachment_parts (
            attachment_id $INT NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
            part $INT NOT NULL,
            content $BLOB NOT NULL,
            PRIMARY KEY (attachment_id, part)
        )
        """,
    ])
}
