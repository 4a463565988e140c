/// 0028: an aggregate table's reported number of women beside its reported total, and the women
/// its counts add up to, so that a source whose parts do not add up to the women it reports
/// (601 women against 98 + 121 + 328 by category) shows the gap of 54 instead of forcing them
/// equal.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0028 {
    static let migration = Migration(name: "0028_reported_women", statements: [
        "ALTER TABLE datasets ADD COLUMN reported_women $INT",
        "ALTER TABLE datasets ADD COLUMN counted_women $INT",
    ])
}
