import Foundation
import Logging
import Crypto
import SQLKit
import WPSCore

extension Seeder {
    /// The expertise part of the demo (``ExpertiseDemo``), after the directory and the
    /// activities: the secretariat, the profiles, the areas of the demo's trainings and of the
    /// Bishkek mission, the completed Bishkek request, the open West African request and one
    /// coaching cohort. Notes are sealed with `sealer`; without one, sessions have no notes.
    static func loadDemoExpertise(_ database: WPSDatabase, sealer: NoteSealer?, logger: Logger) async throws -> Int {
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        let store = SQLExpertiseStore(database: database, sealer: sealer ?? NoteSealer(key: .init(size: .bits256)))
        struct Names: Sendable {
            var institutions: [String: Int] = [:]
            var people: [String: Int] = [:]
        }
        let institutionKeys = Dictionary(DirectoryDemo.institutions.map { ($0.key, $0.fields.name) }) { first, _ in first }
        let names = try await database.read { sql in
            var names = Names()
            for row in try await sql.raw("SELECT id, name FROM institutions WHERE deleted_at IS NULL").all() {
                names.institutions[try row.decode(column: "name", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            for row in try await sql.raw("SELECT id, given_name || ' ' || family_name AS full_name FROM people WHERE deleted_at IS NULL").all() {
                names.people[try row.decode(column: "full_name", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            return names
        }
        @Sendable func institution(_ key: String) -> Int? { institutionKeys[key].flatMap { names.institutions[$0] } }
        guard let secretariat = institution(ExpertiseDemo.secretariat) else { return 0 }
        try await store.setSecretariat(institutionId: secretariat, member: true, by: actor)

        var experts: [String: Int] = [:]
        for entry in ExpertiseDemo.experts {
            guard let person = names.people[entry.person] else {
                logger.warning("demo expert skipped", metadata: ["person": "\(entry.person)"])
                continue
            }
            let fields = ExpertFields(
                personId: person, areas: entry.areas, languages: entry.languages.map { ExpertLanguage(code: $0.0, level: $0.1) },
                countriesWorked: entry.countries, certifications: entry.certifications, biography: entry.biography,
                availability: entry.unavailable.compactMap { period in
                    guard let from = Day(period.0), let to = Day(period.1) else { return nil }
                    return AvailabilityPeriod(from: from, to: to, available: false)
                }, listed: entry.listed)
            experts[entry.person] = try await store.createExpert(fields, viewer: admin, by: actor).id
        }

        // What the demo's trainings and the Bishkek mission were about, and who went to Bishkek
        let bishkek = ExpertiseDemo.bishkek
        let missionId = try await database.transaction { sql -> Int? in
            let trainings = try await sql.raw("""
                SELECT DISTINCT a.id, a.owner_id, a.network_id FROM activities a JOIN activity_links l ON l.activity_id = a.id AND l.link = 'trainer'
                WHERE a.kind IN ('training_of_trainers', 'seminar', 'workshop', 'coaching_session')
                """).all()
            let military = Set([institution("ba-mod"), institution("ba-af"), institution("hr-mod"), institution("hr-af")].compactMap { $0 })
            for row in trainings {
                let id = try row.decode(column: "id", as: Int.self)
                let owner = try row.decode(column: "owner_id", as: Int.self)
                let network = try row.optional("network_id", as: Int.self)
                var areas = ["gender_training"]
                if military.contains(owner) || network != nil { areas.append("gender_in_military") }
                for (position, area) in areas.enumerated() {
                    try await sql.raw("INSERT INTO activity_areas (activity_id, area_code, position) VALUES (\(bind: id), \(bind: area), \(bind: position))").run()
                }
            }
            guard let mission = try await sql.raw("""
                SELECT id FROM activities WHERE kind = 'expert_mission' AND city = 'Bishkek' AND start_date = \(bind: bishkek.fields.start)
                """).first()?.decode(column: "id", as: Int.self)
            else { return nil }
            for (position, area) in bishkek.fields.areas.enumerated() {
                try await sql.raw("INSERT INTO activity_areas (activity_id, area_code, position) VALUES (\(bind: mission), \(bind: area), \(bind: position))").run()
            }
            if let person = names.people[bishkek.expert] {
                try await sql.raw("""
                    INSERT INTO activity_links (activity_id, link, target_id, position) VALUES (\(bind: mission), 'trainer', \(bind: person), 0)
                    """).run()
            }
            return mission
        }

        // The Bishkek request, through every step to its report and feedback
        if let start = Day(bishkek.fields.start), let end = Day(bishkek.fields.end), let expert = experts[bishkek.expert] {
            let request = try await store.createRequest(
                ExpertiseRequestFields(
                    title: bishkek.fields.title, institutionId: institution(bishkek.fields.institution), areas: bishkek.fields.areas,
                    languages: bishkek.fields.languages, country: bishkek.fields.country, city: bishkek.fields.city, start: start, end: end,
                    format: .inPerson, audience: "Police, ministries and civil society of Central Asia", expertsNeeded: 1),
                viewer: admin, by: actor)
            let assignment = try await store.propose(requestId: request.id, expertId: expert, viewer: admin, by: actor)
            try await database.transaction { sql in
                // Accepted then (before the platform): the mission is the demo's Bishkek activity
                try await sql.raw("""
                    UPDATE expert_assignments SET status = 'reported', activity_id = \(bind: missionId), report = \(bind: bishkek.report),
                        reported_at = '2018-11-20T10:00:00Z', feedback_score = \(bind: bishkek.feedback.score), feedback_text = \(bind: bishkek.feedback.text)
                    WHERE id = \(bind: assignment.id)
                    """).run()
                var current = request
                current.status = .matching
                current.version += 1
                for next in [RequestStatus.assigned, .completed, .reported] {
                    try await SQLExpertiseStore.advance(current, to: next, actor: actor, in: sql)
                    current.status = next
                    current.version += 1
                }
            }
        }

        // The open request from Accra, confirmed by the secretariat
        let open = try await store.createRequest(ExpertiseDemo.westAfrica, viewer: .anonymous, by: .system("public request form"))
        _ = try await store.updateRequest(
            id: open.id, version: open.version, fields: open.fields, status: .open, confirmed: true, viewer: admin, by: actor)

        // One coaching cohort, coordinated by the secretariat
        let cohort = ExpertiseDemo.cohort
        if let start = Day(cohort.start), let end = Day(cohort.end) {
            let cohortId = try await database.transaction { sql -> Int in
                let row = try await sql.raw("""
                    INSERT INTO coaching_cohorts (title, programme, start_date, end_date, institution_id, coordinator_user_id, created_at)
                    VALUES (\(bind: cohort.title), 'Gender Coach Programme', \(bind: start.description), \(bind: end.description), \(bind: institution(cohort.institution)),
                        NULL, \(bind: Timestamp.now()))
                    RETURNING id
                    """).first()
                return try row?.decode(column: "id", as: Int.self) ?? 0
            }
            for pairing in cohort.pairings {
                guard let coach = experts[pairing.coach], let coachee = names.people[pairing.coachee] else { continue }
                let created = try await store.createPairing(cohortId: cohortId, coachExpertId: coach, coacheePersonId: coachee, viewer: admin, by: actor)
                try await database.transaction { sql in
                    for session in pairing.sessions {
                        let sealed = sealer == nil ? nil : try sealer?.seal(session.4)
                        try await sql.raw("""
                            INSERT INTO coaching_sessions (pairing_id, session_date, minutes, mode, topics, notes_sealed, author_user_id, created_at)
                            VALUES (\(bind: created.id), \(bind: session.0), \(bind: session.1), \(bind: session.2.rawValue),
                                \(bind: session.3.map(\.rawValue).joined(separator: ",")), \(bind: sealed), NULL, \(bind: Timestamp.now()))
                            """).run()
                    }
                }
            }
        }
        return experts.count
    }
}
