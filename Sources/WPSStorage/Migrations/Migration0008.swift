import WPSCore

/// 0008: remember which rows of the shipped rank table a database has been given, so a newer
/// shipped file adds only its new ranks, and a rank an admin removed never comes back.
///
/// A database seeded before this step was given the rank file of 2026-11-23: its rows are
/// recorded as given (if the table was seeded at all, which its audit trail says), whether an
/// admin kept, corrected or removed them since.
enum Migration0008 {
    static let migration = Migration(name: "0008_rank_seeds", statements: [
        """
        CREATE TABLE rank_seeds (
            country_code TEXT NOT NULL,
            folded TEXT NOT NULL,
            seeded_at TEXT NOT NULL,
            PRIMARY KEY (country_code, folded)
        )
        """,
    ] + givenBefore.map { country, rank in
        // Literals from the list below, never from input; quotes doubled all the same.
        let folded = TextFolding.fold(rank).replacingOccurrences(of: "'", with: "''")
        return """
            INSERT INTO rank_seeds (country_code, folded, seeded_at) SELECT '\(country)', '\(folded)', '2026-11-23T00:00:00Z'
            WHERE EXISTS (SELECT 1 FROM audit_events WHERE entity = 'rank' AND entity_id = '*')
            """
    })

    /// The (country, national rank) pairs of the rank file shipped until this step.
    static let givenBefore: [(String, String)] = [
        ("BA", "generalpukovnik"), ("BA", "generalmajor"), ("BA", "brigadni general"), ("BA", "brigadir"), ("BA", "pukovnik"),
        ("BA", "major"), ("BA", "kapetan"), ("BA", "poručnik"), ("BA", "potporučnik"), ("BA", "zastavnik I klase"),
        ("BA", "zastavnik"), ("BA", "stariji vodnik I klase"), ("BA", "stariji vodnik"), ("BA", "vodnik"), ("BA", "kaplar"),
        ("BA", "vojnik I klase"), ("BA", "vojnik"),
        ("HR", "stožerni general"), ("HR", "general zbora"), ("HR", "general pukovnik"), ("HR", "general bojnik"),
        ("HR", "brigadni general"), ("HR", "brigadir"), ("HR", "pukovnik"), ("HR", "bojnik"), ("HR", "satnik"),
        ("HR", "natporučnik"), ("HR", "poručnik"), ("HR", "časnički namjesnik"),
        ("RS", "general"), ("RS", "general-potpukovnik"), ("RS", "general-major"), ("RS", "brigadni general"), ("RS", "pukovnik"),
        ("RS", "potpukovnik"), ("RS", "major"), ("RS", "kapetan prve klase"), ("RS", "kapetan"), ("RS", "poručnik"),
        ("RS", "potporučnik"),
        ("AL", "Gjeneral"), ("AL", "Gjeneral lejtant"), ("AL", "Gjeneral major"), ("AL", "Gjeneral brigade"), ("AL", "Kolonel"),
        ("AL", "Nënkolonel"), ("AL", "Major"), ("AL", "Kapiten"), ("AL", "Toger"), ("AL", "Nëntoger"),
    ]
}
