import SQLKit
import WPSCore

/// `activity_reach` (migration 0030): each activity's participants summed by institution kind —
/// a counts line's own figures, a listed person by her sex, each under the line's institution
/// kind or else its institution's. The reach, a plan's coverage and the activity lists read
/// it instead of the lines. Every write that changes what a line counts as refreshes the rows of
/// the activities it touches in its own transaction: lines added or removed (the activity
/// store), a listed person's sex and an institution's kind (the directory store).
enum ActivityReachSQL {
    /// Recomputes the rows of the activities that `activities` selects (a query giving
    /// `activity_id`s) from their lines.
    static func refresh(_ activities: SQLQueryString, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM activity_reach WHERE activity_id IN (\(activities))").run()
        try await sql.raw("""
            INSERT INTO activity_reach (activity_id, institution_kind, female, male, other, unknown, gap)
            SELECT l.activity_id,
                CASE WHEN l.institution_kind <> '' THEN l.institution_kind ELSE COALESCE(i.kind, '') END,
                CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.female WHEN p.sex = 'female' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.male WHEN p.sex = 'male' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.other WHEN p.sex = 'other' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN l.person_id IS NULL THEN l.unknown WHEN p.sex = 'not_recorded' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.stated_total IS NULL THEN 0 ELSE l.stated_total - l.female - l.male - l.other - l.unknown END), 0) AS BIGINT)
            FROM activity_participants l LEFT JOIN people p ON p.id = l.person_id LEFT JOIN institutions i ON i.id = l.institution_id
            WHERE l.activity_id IN (\(activities))
            GROUP BY 1, 2
            """).run()
    }

    static func refresh(activity id: Int, in sql: any SQLDatabase) async throws {
        try await refresh("SELECT CAST(\(bind: id) AS BIGINT)", in: sql)
    }

    /// The activities where the person is listed: her sex decides what her lines count as.
    static func refresh(person id: Int, in sql: any SQLDatabase) async throws {
        try await refresh("SELECT activity_id FROM activity_participants WHERE person_id = \(bind: id)", in: sql)
    }

    /// The activities with lines of the institution: its kind is theirs where a line has none.
    static func refresh(institution id: Int, in sql: any SQLDatabase) async throws {
        try await refresh("SELECT activity_id FROM activity_participants WHERE institution_id = \(bind: id)", in: sql)
    }

    /// Each activity's participants by sex and the gap to the totals its lines state.
    static func sums(_ activityIds: [Int], in sql: any SQLDatabase) async throws -> [Int: (counts: SexCounts, gap: Int)] {
        guard !activityIds.isEmpty else { return [:] }
        var sums: [Int: (counts: SexCounts, gap: Int)] = [:]
        for row in try await sql.raw("""
            SELECT activity_id, CAST(SUM(female) AS BIGINT) AS female, CAST(SUM(male) AS BIGINT) AS male, CAST(SUM(other) AS BIGINT) AS other,
                CAST(SUM(unknown) AS BIGINT) AS unknown, CAST(SUM(gap) AS BIGINT) AS gap
            FROM activity_reach WHERE activity_id IN (\(unsafeRaw: activityIds.map(String.init).joined(separator: ","))) GROUP BY activity_id
            """).all() {
            sums[try row.decode(column: "activity_id", as: Int.self)] = (
                SexCounts(
                    female: try row.decode(column: "female", as: Int.self), male: try row.decode(column: "male", as: Int.self),
                    other: try row.decode(column: "other", as: Int.self), unknown: try row.decode(column: "unknown", as: Int.self)),
                try row.decode(column: "gap", as: Int.self))
        }
        return sums
    }
}
