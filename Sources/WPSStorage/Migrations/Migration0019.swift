/// 0019: a report's figures by age band and sex, for indicators disaggregated by sex and age
/// (`sex_age`): one row per value and band, in the reporter's order.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0019 {
    static let migration = Migration(name: "0019_report_value_ages", statements: [
        """
        CREATE TABLE report_value_ages (
            report_id $INT NOT NULL REFERENCES progress_reports (id),
            indicator_id $INT NOT NULL REFERENCES indicators (id),
            band TEXT NOT NULL,
            female TEXT,
            male TEXT,
            other TEXT,
            unknown TEXT,
            position $INT NOT NULL,
            PRIMARY KEY (report_id, indicator_id, position)
        )
        """,
    ])
}
