/// 0007: rank table.
/// The rank table, editable and versioned (seeded from the shipped reference file).
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0007 {
    static let migration = Migration(name: "0007_rank_table", statements: [
        """
        CREATE TABLE ranks (
            country_code TEXT NOT NULL,
            national_rank TEXT NOT NULL,
            folded TEXT NOT NULL,
            nato_code TEXT NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('officer', 'nco', 'soldier', 'cadet', 'civilian')),
            confidence TEXT NOT NULL,
            version $INT NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (country_code, folded)
        )
        """,
    ])
}
