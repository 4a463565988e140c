/// 0005: aggregate tables.
/// Aggregate tables: the total they report (which may differ from the sum of their parts), and
/// age bands as sent when no birth years are known.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0005 {
    static let migration = Migration(name: "0005_aggregate_tables", statements: [
        "ALTER TABLE datasets ADD COLUMN reported_total $INT",
        "ALTER TABLE personnel_counts ADD COLUMN age_band TEXT",
    ])
}
