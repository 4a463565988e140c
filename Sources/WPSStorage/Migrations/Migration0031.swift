/// 0031: person-level records indexed by dataset only.
/// `personnel_records_person (dataset_id, person_id)` (0009) was kept up to date row by row
/// during every import. A file in any order but its personal numbers' (an HR system exports
/// by unit or by name) put each key somewhere inside the index, not at its end: a million
/// people took 6 s to import instead of 2. The one thing it served — matching people between
/// two snapshots of a series — now sorts the two snapshots itself, once per pair of snapshots
/// (`SQLDatasetStore.exactTransitions`, kept since datasets never change), and an index on
/// `dataset_id` alone is written in order, since each import adds one dataset's rows at its end.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0031 {
    static let migration = Migration(name: "0031_records_by_dataset", statements: [
        "CREATE INDEX personnel_records_dataset ON personnel_records (dataset_id)",
        "DROP INDEX personnel_records_person",
    ])
}
