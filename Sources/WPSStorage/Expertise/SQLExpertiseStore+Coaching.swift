import Foundation
import SQLKit
import WPSCore

/// The Gender Coach Programme. Who sees what:
/// - the **coach** (the account linked to the pairing's coach) sees her pairings with the
///   coachee, and her sessions with topics and notes; only she records sessions;
/// - the cohort's **coordinator** (the account that made it) sees every pairing with the coachee
///   and counts (sessions, minutes, last session), sessions without topics or notes, and the
///   cohort's topics as counts withheld below k;
/// - the **secretariat** (platform admins among them) sees cohorts and pairings with counts,
///   never the coachee, never notes;
/// - other coaches of the cohort see its pairings with counts (the coachee only in their own) and
///   the dates and lengths of sessions, never another coach's topics or notes.
extension SQLExpertiseStore {
    static let cohortColumns = "id, title, programme, start_date, end_date, institution_id, coordinator_user_id"

    static func decodeCohort(_ row: any SQLRow) throws -> CoachingCohort {
        CoachingCohort(
            id: try row.decode(column: "id", as: Int.self),
            fields: CoachingCohortFields(
                title: try row.decode(column: "title", as: String.self), programme: try row.decode(column: "programme", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch,
                institutionId: try row.optional("institution_id", as: Int.self)),
            coordinatorUserId: try row.optional("coordinator_user_id", as: Int.self))
    }

    /// How the viewer stands to a cohort.
    enum CohortRole { case coordinator, secretariat, coach }

    static func role(in cohort: CoachingCohort, viewer: Viewer, in sql: any SQLDatabase) async throws -> CohortRole? {
        if let user = viewer.userId, cohort.coordinatorUserId == user { return .coordinator }
        if try await isSecretariat(viewer, in: sql) { return .secretariat }
        if let me = try await personId(of: viewer, in: sql), try await sql.raw("""
            SELECT p.id FROM coaching_pairings p JOIN experts e ON e.id = p.coach_expert_id
            WHERE p.cohort_id = \(bind: cohort.id) AND e.person_id = \(bind: me)
            """).first() != nil {
            return .coach
        }
        return nil
    }

    public func cohorts(viewer: Viewer) async throws -> [CoachingCohort] {
        try await database.read { sql in
            var visible: [CoachingCohort] = []
            for cohort in try await sql.raw("SELECT \(unsafeRaw: Self.cohortColumns) FROM coaching_cohorts ORDER BY start_date DESC, id DESC").all()
                .map(Self.decodeCohort)
            where try await Self.role(in: cohort, viewer: viewer, in: sql) != nil {
                visible.append(cohort)
            }
            return visible
        }
    }

    public func cohort(id: Int, viewer: Viewer) async throws -> CoachingCohort? {
        try await database.read { sql in try await Self.visibleCohort(id, viewer: viewer, in: sql)?.0 }
    }

    static func visibleCohort(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (CoachingCohort, CohortRole)? {
        guard let cohort = try await sql.raw("SELECT \(unsafeRaw: cohortColumns) FROM coaching_cohorts WHERE id = \(bind: id)").first().map(decodeCohort),
            let role = try await role(in: cohort, viewer: viewer, in: sql)
        else { return nil }
        return (cohort, role)
    }

    public func createCohort(_ input: CoachingCohortFields, viewer: Viewer, by actor: Actor) async throws -> CoachingCohort {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            guard let user = viewer.userId, try await Self.isSecretariat(viewer, in: sql) else { throw StoreError.forbidden }
            var errors = fields.validate()
            if let institution = fields.institutionId, try await !PersonSQL.institutionExists(institution, viewer: viewer, in: sql) {
                errors.append(FieldError(field: "institution_id", code: "unknown_institution", value: String(institution)))
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                INSERT INTO coaching_cohorts (title, programme, start_date, end_date, institution_id, coordinator_user_id, created_at)
                VALUES (\(bind: fields.title), \(bind: fields.programme), \(bind: fields.start.description), \(bind: fields.end.description),
                    \(bind: fields.institutionId), \(bind: user), \(bind: Timestamp.now()))
                RETURNING \(unsafeRaw: Self.cohortColumns)
                """).first()
            guard let cohort = try row.map(Self.decodeCohort) else { throw StoreError.notFound(entity: "coaching_cohort", id: "") }
            try await AuditTrail.record(in: sql, actor: actor, entity: "coaching_cohort", id: String(cohort.id), action: .create,
                before: Optional<[String: String]>.none, after: ["title": fields.title, "start": fields.start.description, "end": fields.end.description])
            return cohort
        }
    }

    /// The pairings of a cohort the viewer may see, with the coachee only for the coordinator
    /// and the pairing's coach.
    static func loadPairings(_ condition: SQLQueryString, cohort: CoachingCohort, role: CohortRole, viewer: Viewer, in sql: any SQLDatabase) async throws
        -> [CoachingPairing]
    {
        let me = try await personId(of: viewer, in: sql)
        var query: SQLQueryString = """
            SELECT p.id, p.cohort_id, p.coach_expert_id, p.coachee_person_id, e.person_id AS coach_person_id,
                c.given_name AS coach_given, c.family_name AS coach_family, q.given_name AS coachee_given, q.family_name AS coachee_family,
                (SELECT COUNT(*) FROM coaching_sessions s WHERE s.pairing_id = p.id) AS sessions,
                (SELECT CAST(COALESCE(SUM(s.minutes), 0) AS BIGINT) FROM coaching_sessions s WHERE s.pairing_id = p.id) AS minutes,
                (SELECT MAX(s.session_date) FROM coaching_sessions s WHERE s.pairing_id = p.id) AS last_session
            FROM coaching_pairings p JOIN experts e ON e.id = p.coach_expert_id JOIN people c ON c.id = e.person_id
            JOIN people q ON q.id = p.coachee_person_id
            WHERE p.cohort_id = \(bind: cohort.id) AND
            """
        query.appendLiteral(" ")
        query.appendInterpolation(condition)
        query.appendLiteral(" ORDER BY p.id")
        var pairings: [CoachingPairing] = []
        for row in try await sql.raw(query).all() {
            let coachPerson = try row.decode(column: "coach_person_id", as: Int.self)
            let ownsIt = me == coachPerson
            let showsCoachee = role == .coordinator || ownsIt
            pairings.append(CoachingPairing(
                id: try row.decode(column: "id", as: Int.self), cohortId: cohort.id, coachExpertId: try row.decode(column: "coach_expert_id", as: Int.self),
                coachName: "\(try row.decode(column: "coach_given", as: String.self)) \(try row.decode(column: "coach_family", as: String.self))",
                coacheePersonId: showsCoachee ? try row.decode(column: "coachee_person_id", as: Int.self) : nil,
                coacheeName: showsCoachee
                    ? "\(try row.decode(column: "coachee_given", as: String.self)) \(try row.decode(column: "coachee_family", as: String.self))" : nil,
                sessions: try row.decode(column: "sessions", as: Int.self), minutes: try row.decode(column: "minutes", as: Int.self),
                lastSession: try row.optional("last_session", as: String.self).flatMap(Day.init)))
        }
        return pairings
    }

    public func pairings(cohortId: Int, viewer: Viewer) async throws -> [CoachingPairing]? {
        try await database.read { sql in
            guard let (cohort, role) = try await Self.visibleCohort(cohortId, viewer: viewer, in: sql) else { return nil }
            return try await Self.loadPairings("1 = 1", cohort: cohort, role: role, viewer: viewer, in: sql)
        }
    }

    public func pairing(id: Int, viewer: Viewer) async throws -> CoachingPairing? {
        try await database.read { sql in try await Self.visiblePairing(id, viewer: viewer, in: sql)?.pairing }
    }

    static func visiblePairing(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws
        -> (pairing: CoachingPairing, cohort: CoachingCohort, role: CohortRole)?
    {
        guard let cohortId = try await sql.raw("SELECT cohort_id FROM coaching_pairings WHERE id = \(bind: id)").first()?.decode(column: "cohort_id", as: Int.self),
            let (cohort, role) = try await visibleCohort(cohortId, viewer: viewer, in: sql),
            let pairing = try await loadPairings("p.id = \(bind: id)", cohort: cohort, role: role, viewer: viewer, in: sql).first
        else { return nil }
        return (pairing, cohort, role)
    }

    public func createPairing(cohortId: Int, coachExpertId: Int, coacheePersonId: Int, viewer: Viewer, by actor: Actor) async throws -> CoachingPairing {
        try await database.transaction { sql in
            guard let (cohort, role) = try await Self.visibleCohort(cohortId, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "coaching_cohort", id: String(cohortId))
            }
            guard role == .coordinator || role == .secretariat else { throw StoreError.forbidden }
            var errors: [FieldError] = []
            let coach = try await Self.loadExperts(where: "e.id = \(bind: coachExpertId)", in: sql).first
            if coach == nil {
                errors.append(FieldError(field: "coach_expert_id", code: "unknown_expert", value: String(coachExpertId)))
            } else if coach?.fields.areas.contains("gender_coaching") != true {
                errors.append(FieldError(field: "coach_expert_id", code: "not_a_coach", value: String(coachExpertId)))
            }
            if try await sql.raw("SELECT id FROM people WHERE id = \(bind: coacheePersonId) AND deleted_at IS NULL").first() == nil {
                errors.append(FieldError(field: "coachee_person_id", code: "unknown_person", value: String(coacheePersonId)))
            } else if coach?.fields.personId == coacheePersonId {
                errors.append(FieldError(field: "coachee_person_id", code: "coach_is_coachee", value: String(coacheePersonId)))
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            if try await sql.raw("""
                SELECT id FROM coaching_pairings WHERE cohort_id = \(bind: cohortId) AND coach_expert_id = \(bind: coachExpertId)
                    AND coachee_person_id = \(bind: coacheePersonId)
                """).first() != nil {
                throw StoreError.conflict(code: "already_paired", message: "this coach and coachee are paired in the cohort already")
            }
            let row = try await sql.raw("""
                INSERT INTO coaching_pairings (cohort_id, coach_expert_id, coachee_person_id, created_at)
                VALUES (\(bind: cohortId), \(bind: coachExpertId), \(bind: coacheePersonId), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int.self) ?? 0
            // The audit trail names the coach, not the coachee: who is coached stays with the coordinator
            try await AuditTrail.record(in: sql, actor: actor, entity: "coaching_pairing", id: String(id), action: .create,
                before: Optional<[String: Int]>.none, after: ["cohort_id": cohortId, "coach_expert_id": coachExpertId])
            guard let pairing = try await Self.loadPairings("p.id = \(bind: id)", cohort: cohort, role: role, viewer: viewer, in: sql).first else {
                throw StoreError.notFound(entity: "coaching_pairing", id: String(id))
            }
            return pairing
        }
    }

    /// Whether the viewer is the pairing's coach.
    static func isCoach(_ pairing: CoachingPairing, viewer: Viewer, in sql: any SQLDatabase) async throws -> Bool {
        guard let me = try await personId(of: viewer, in: sql) else { return false }
        return try await sql.raw("SELECT id FROM experts WHERE id = \(bind: pairing.coachExpertId) AND person_id = \(bind: me)").first() != nil
    }

    public func sessions(pairingId: Int, viewer: Viewer) async throws -> [CoachingSession]? {
        let sealer = self.sealer
        return try await database.read { sql in
            guard let (pairing, _, _) = try await Self.visiblePairing(pairingId, viewer: viewer, in: sql) else { return nil }
            let coach = try await Self.isCoach(pairing, viewer: viewer, in: sql)
            return try await sql.raw("""
                SELECT id, session_date, minutes, mode, topics, notes_sealed FROM coaching_sessions WHERE pairing_id = \(bind: pairingId)
                ORDER BY session_date, id
                """).all().map { row in
                var notes: String?
                if coach, let sealed = try row.optional("notes_sealed", as: String.self) { notes = try sealer.open(sealed) } else if coach { notes = "" }
                return CoachingSession(
                    id: try row.decode(column: "id", as: Int.self), pairingId: pairingId,
                    date: Day(try row.decode(column: "session_date", as: String.self)) ?? .epoch, minutes: try row.decode(column: "minutes", as: Int.self),
                    mode: CoachingMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .inPerson,
                    topics: coach ? try row.decode(column: "topics", as: String.self).split(separator: ",").compactMap { CoachingTopic(rawValue: String($0)) } : nil,
                    notes: notes)
            }
        }
    }

    public func addSession(pairingId: Int, _ fields: CoachingSessionFields, viewer: Viewer, by actor: Actor) async throws -> CoachingSession {
        let sealer = self.sealer
        let notes = fields.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        let errors = fields.validate()
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        let sealed = notes.isEmpty ? nil : try sealer.seal(notes)
        return try await database.transaction { sql in
            guard let (pairing, _, _) = try await Self.visiblePairing(pairingId, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "coaching_pairing", id: String(pairingId))
            }
            guard let user = viewer.userId, try await Self.isCoach(pairing, viewer: viewer, in: sql) else { throw StoreError.forbidden }
            var seen = Set<CoachingTopic>()
            let topics = fields.topics.filter { seen.insert($0).inserted }
            let row = try await sql.raw("""
                INSERT INTO coaching_sessions (pairing_id, session_date, minutes, mode, topics, notes_sealed, author_user_id, created_at)
                VALUES (\(bind: pairingId), \(bind: fields.date.description), \(bind: fields.minutes), \(bind: fields.mode.rawValue),
                    \(bind: topics.map(\.rawValue).joined(separator: ",")), \(bind: sealed), \(bind: user), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int.self) ?? 0
            // The audit trail keeps that a session was held, never its topics or notes
            try await AuditTrail.record(in: sql, actor: actor, entity: "coaching_session", id: String(id), action: .create,
                before: Optional<[String: String]>.none, after: ["pairing_id": String(pairingId), "date": fields.date.description])
            return CoachingSession(id: id, pairingId: pairingId, date: fields.date, minutes: fields.minutes, mode: fields.mode, topics: topics, notes: notes)
        }
    }

    public func cohortTopics(cohortId: Int, threshold: Int, viewer: Viewer) async throws -> CohortTopics? {
        try await database.read { sql in
            guard let (_, role) = try await Self.visibleCohort(cohortId, viewer: viewer, in: sql), role != .coach else { return nil }
            var raw: [CoachingTopic: Int] = [:]
            for row in try await sql.raw("""
                SELECT s.topics FROM coaching_sessions s JOIN coaching_pairings p ON p.id = s.pairing_id WHERE p.cohort_id = \(bind: cohortId)
                """).all() {
                for topic in try row.decode(column: "topics", as: String.self).split(separator: ",").compactMap({ CoachingTopic(rawValue: String($0)) }) {
                    raw[topic, default: 0] += 1
                }
            }
            return CohortTopics.withheld(raw, threshold: threshold)
        }
    }
}
