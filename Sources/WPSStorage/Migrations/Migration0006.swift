/// 0006: import mappings.
/// What an institution said its files' headers and values mean, reused for the next file.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0006 {
    static let migration = Migration(name: "0006_import_mappings", statements: [
        """
        CREATE TABLE import_mappings (
            institution_id $INT NOT NULL REFERENCES institutions (id),
            name TEXT NOT NULL,
            mapping TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (institution_id, name)
        )
        """,
    ])
}
