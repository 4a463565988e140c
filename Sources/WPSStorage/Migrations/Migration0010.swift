/// 0010: demo claims.
/// One process at a time loads the demo: it claims the load here first.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0010 {
    static let migration = Migration(name: "0010_demo_claims", statements: [
        "CREATE TABLE demo_claims (name TEXT PRIMARY KEY, claimed_at TEXT NOT NULL)",
    ])
}
