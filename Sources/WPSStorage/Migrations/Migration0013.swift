/// 0013: uploads in parts.
/// An upload is kept as numbered parts of at most a mebibyte, written and read one at a time,
/// so that neither keeping a large personnel file nor reading it back holds it whole in memory.
/// `uploads.content` stays for rows written before (empty for new ones).
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0013 {
    static let migration = Migration(name: "0013_upload_parts", statements: [
        """
        CREATE TABLE upload_parts (
            token TEXT NOT NULL REFERENCES uploads (token) ON DELETE CASCADE,
            part $INT NOT NULL,
            content $BLOB NOT NULL,
            PRIMARY KEY (token, part)
        )
        """,
    ])
}
