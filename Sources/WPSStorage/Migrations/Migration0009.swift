/// 0009: personnel person index.
/// Snapshots of a series are matched person by person: without this index the match read
/// the whole later snapshot for every person of the earlier one (54 s for two of 20,000).
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0009 {
    static let migration = Migration(name: "0009_personnel_person_index", statements: [
        "CREATE INDEX personnel_records_person ON personnel_records (dataset_id, person_id)",
    ])
}
