/// 0030: each activity's participants summed by institution kind, one row per activity and
/// kind, so that the reach, a plan's coverage and the activity lists read a few small rows per
/// activity instead of every participant line joined to its person and institution (a plan
/// served by 3,000 activities with 30,000 lines spent most of its page there). The store keeps
/// it in the transaction of every write that changes what a line counts as: a line added or
/// removed, a listed person's sex, an institution's kind (`ActivityReachSQL`). Filled here
/// from the lines already recorded.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0030 {
    static let migration = Migration(name: "0030_activity_reach", statements: [
        """
        CREATE TABLE activity_reach (
            activity_id $INT NOT NULL REFERENCES activities (id),
            institution_kind TEXT NOT NULL,
            female $INT NOT NULL,
            male $INT NOT NULL,
            other $INT NOT NULL,
            unknown $INT NOT NULL,
            gap $INT NOT NULL,
            PRIMARY KEY (activity_id, institution_kind)
        )
        """,
        """
        INSERT INTO activity_reach (activity_id, institution_kind, female, male, other, unknown, gap)
        SELECT l.activity_id,
            CASE WHEN l.institution_kind <> '' THEN l.institution_kind ELSE COALESCE(i.kind, '') END,
            CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.female WHEN p.sex = 'female' THEN 1 ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.male WHEN p.sex = 'male' THEN 1 ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.other WHEN p.sex = 'other' THEN 1 ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.unknown WHEN p.sex = 'not_recorded' THEN 1 ELSE 0 END) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN l.stated_total IS NULL THEN 0 ELSE l.stated_total - l.female - l.male - l.other - l.unknown END), 0) AS BIGINT)
        FROM activity_participants l LEFT JOIN people p ON p.id = l.person_id LEFT JOIN institutions i ON i.id = l.institution_id
        GROUP BY 1, 2
        """,
    ])
}
