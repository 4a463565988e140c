/// 0012: one index fewer on person-level records.
/// `personnel_records_person (dataset_id, person_id)` (0009) answers every lookup by dataset
/// that `personnel_records_dataset (dataset_id)` (0003) did; keeping both made each imported row
/// update two indexes, about a tenth of a million-row import.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0012 {
    static let migration = Migration(name: "0012_one_records_index", statements: [
        "DROP INDEX personnel_records_dataset",
    ])
}
