/// 0011: uploads.
/// Files sent to the import wizard, kept between its steps in the database rather than in one
/// server's temporary folder, so that behind a load balancer the confirm step may land on any
/// server.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0011 {
    static let migration = Migration(name: "0011_uploads", statements: [
        """
        CREATE TABLE uploads (
            token TEXT PRIMARY KEY,
            user_id $INT NOT NULL,
            file_name TEXT NOT NULL,
            content $BLOB NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX uploads_created ON uploads (created_at)",
    ])
}
