import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// The roster, matching and the coaching programme as their users meet them through the API.
@Suite struct ExpertiseTests {
    /// A person of the directory with an account linked to her, and her token.
    struct Member {
        var person: Int
        var token: String
    }

    static func member(
        _ client: any TestClientProtocol, _ services: AppServices, admin: String, owner: Int, name: String, email: String
    ) async throws -> Member {
        let created = try await api(client, .post, "/api/v1/people", token: admin,
            json: #"{"given_name":"\#(name)","family_name":"Expert","sex":"female","owner_institution_id":\#(owner),"visibility":"public"}"#)
        let person = try #require(created.object["id"] as? Int, "\(created.text)")
        let token = try await WebHarness.token(services, email: email)
        let user = try #require(try await services.accounts.credentials(email: email)?.user)
        try await services.expertise.link(userId: user.id, personId: person, by: .system("test"))
        return Member(person: person, token: token)
    }

    static func profile(
        _ client: any TestClientProtocol, token: String, person: Int, areas: [String], languages: [(String, String)], listed: Bool = true,
        unavailable: (String, String)? = nil
    ) async throws -> Int {
        let languageList = languages.map { #"{"code":"\#($0.0)","level":"\#($0.1)"}"# }.joined(separator: ",")
        let periods = unavailable.map { #"[{"from":"\#($0.0)","to":"\#($0.1)","available":false}]"# } ?? "[]"
        let body = #"""
            {"person_id":\#(person),"areas":[\#(areas.map { "\"\($0)\"" }.joined(separator: ","))],"languages":[\#(languageList)],"availability":\#(periods),"listed":\#(listed)}
            """#
        let created = try await api(client, .post, "/api/v1/experts", token: token, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func matches(_ client: any TestClientProtocol, request: Int, token: String) async throws -> (items: [[String: Any]], excluded: [Int]) {
        let answer = try await api(client, .get, "/api/v1/expertise-requests/\(request)/matches", token: token)
        #expect(answer.status == .ok, "\(answer.text)")
        let excluded = (answer.object["excluded"] as? [[String: Any]] ?? []).compactMap { $0["expert_id"] as? Int }
        return (answer.items, excluded)
    }

    @Test(arguments: TestDatabase.engines)
    func theRankedMatchKeepsOnlyWhoCanGoAndSaysWhy(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "secretariat@example.org", admin: true)
            let owner = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            var experts: [String: Int] = [:]
            var persons: [String: Int] = [:]
            let cases: [(String, [(String, String)], Bool, (String, String)?)] = [
                ("c1", [("ru", "C1"), ("bs", "native")], true, nil),
                ("b2", [("ru", "B2"), ("bs", "native")], true, nil),
                ("b1", [("ru", "B1")], true, nil),
                ("busy", [("ru", "C1")], true, ("2026-11-06", "2026-11-06")),
                ("unlisted", [("ru", "C2")], false, nil),
            ]
            for (key, languages, listed, unavailable) in cases {
                let someone = try await Self.member(client, services, admin: admin, owner: owner, name: "Ana \(key)", email: "\(key)@example.org")
                persons[key] = someone.person
                experts[key] = try await Self.profile(
                    client, token: someone.token, person: someone.person, areas: ["police_and_gbv"], languages: languages, listed: listed,
                    unavailable: unavailable)
            }
            let request = try await api(client, .post, "/api/v1/expertise-requests", token: admin, json: #"""
                {"title":"Women police networks (UN conference)","institution_id":\#(owner),"areas":["police_and_gbv"],"languages":["ru"],"country":"KG","city":"Bishkek","start":"2026-11-05","end":"2026-11-06","format":"in_person"}
                """#)
            let requestId = try #require(request.object["id"] as? Int, "\(request.text)")

            // c1 and b2 gave one seminar together: it is each one's training
            let seminar = try await api(client, .post, "/api/v1/activities", token: admin, json: #"""
                {"kind":"seminar","title":"Seminar","start":"2025-03-01","end":"2025-03-01","country":"BA","owner_id":\#(owner),
                 "trainer_ids":[\#(try #require(persons["c1"])),\#(try #require(persons["b2"]))],"areas":["police_and_gbv"],"visibility":"public"}
                """#)
            #expect(seminar.status == .created, "\(seminar.text)")

            let (items, excluded) = try await Self.matches(client, request: requestId, token: admin)
            #expect(items.allSatisfy { ($0["parts"] as? [String: Double])?["trainings"] == 2 }, "each trainer is credited with the seminar")
            let ranked = items.compactMap { $0["expert_id"] as? Int }
            #expect(ranked == [try #require(experts["c1"]), try #require(experts["b2"])], "C1 above B2; B1, busy and unlisted left out")
            #expect(Set(excluded) == [try #require(experts["b1"]), try #require(experts["busy"])], "the unlisted expert is not even listed as left out")
            let first = try #require(items.first)
            let reasons = (first["reasons"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(reasons.contains("speaks Russian (C1)"), "\(reasons)")
            #expect(reasons.contains("available 5–6 November 2026"), "\(reasons)")
            #expect(reasons.contains("no missions in the last 12 months"), "\(reasons)")
            let parts = try #require(first["parts"] as? [String: Double])
            let score = try #require(first["score"] as? Double)
            #expect(abs(parts.values.reduce(0, +) - score) < 0.01, "the parts add up to the score")
            #expect(parts["language"] == 4)
            // Experts of the requesting institution are flagged (all of these hold no position there)
            #expect(items.allSatisfy { ($0["conflict"] as? Bool) == false })
            // In the reader's language
            var bosnian = HTTPFields()
            bosnian[.authorization] = "Bearer \(admin)"
            bosnian[.acceptLanguage] = "bs"
            let translated = try await client.execute(uri: "/api/v1/expertise-requests/\(requestId)/matches", method: .get, headers: bosnian, body: nil)
            #expect(translated.text.contains("govori ruski (C1)"), "\(translated.text.prefix(400))")
            // Someone outside the secretariat learns nothing of the matches
            let outsider = try await WebHarness.token(services, email: "outsider@example.org")
            #expect(try await api(client, .get, "/api/v1/expertise-requests/\(requestId)/matches", token: outsider).status == .notFound)

            // She withdraws consent herself: gone from every match at once
            let c1 = try #require(experts["c1"])
            let mine = try await api(client, .get, "/api/v1/experts/\(c1)", token: admin)
            let withdrawn = try await api(client, .patch, "/api/v1/experts/\(c1)", token: try await WebHarness.tokenFor(services, email: "c1@example.org"),
                json: #"{"version":\#(try #require(mine.object["version"] as? Int)),"listed":false}"#)
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            let after = try await Self.matches(client, request: requestId, token: admin)
            #expect(after.items.compactMap { $0["expert_id"] as? Int } == [try #require(experts["b2"])])
            #expect(!after.excluded.contains(c1))
            // Her export has everything kept about her
            let export = try await api(client, .get, "/api/v1/experts/\(c1)/export", token: try await WebHarness.tokenFor(services, email: "c1@example.org"))
            #expect(export.status == .ok && (export.object["expert"] as? [String: Any])?["listed"] as? Bool == false, "\(export.text)")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anAcceptedAssignmentIsAMissionAndFeedbackMovesLaterRanks(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "secretariat@example.org", admin: true)
            let owner = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            try await services.expertise.setSecretariat(institutionId: owner, member: true, by: .system("test"))
            let first = try await Self.member(client, services, admin: admin, owner: owner, name: "Prva", email: "first@example.org")
            let second = try await Self.member(client, services, admin: admin, owner: owner, name: "Druga", email: "second@example.org")
            let one = try await Self.profile(client, token: first.token, person: first.person, areas: ["gender_training"], languages: [("en", "C1")])
            let two = try await Self.profile(client, token: second.token, person: second.person, areas: ["gender_training"], languages: [("en", "C1")])
            func request(_ title: String, _ start: String, _ end: String) async throws -> Int {
                let created = try await api(client, .post, "/api/v1/expertise-requests", token: admin, json: #"""
                    {"title":"\#(title)","institution_id":\#(owner),"areas":["gender_training"],"languages":["en"],"country":"GH","start":"\#(start)","end":"\#(end)"}
                    """#)
                return try #require(created.object["id"] as? Int, "\(created.text)")
            }
            // Each goes on one mission (in the past), so that only the feedback differs
            var assignments: [Int] = []
            for (expert, member) in [(one, first), (two, second)] {
                let past = try await request("Training of trainers, Accra", "2025-03-03", "2025-03-07")
                let proposed = try await api(client, .post, "/api/v1/expertise-requests/\(past)/assignments", token: admin, json: #"{"expert_id":\#(expert)}"#)
                let assignment = try #require(proposed.object["id"] as? Int, "\(proposed.text)")
                // Only she answers it
                #expect(try await api(client, .post, "/api/v1/assignments/\(assignment)/accept", token: admin, json: "{}").status == .forbidden)
                let accepted = try await api(client, .post, "/api/v1/assignments/\(assignment)/accept", token: member.token, json: "{}")
                #expect(accepted.status == .ok, "\(accepted.text)")
                let activity = try #require(accepted.object["activity_id"] as? Int, "\(accepted.text)")
                let mission = try await api(client, .get, "/api/v1/activities/\(activity)", token: admin)
                #expect(mission.object["kind"] as? String == "expert_mission")
                #expect(mission.object["trainer_ids"] as? [Int] == [member.person])
                #expect(mission.object["areas"] as? [String] == ["gender_training"])
                let reported = try await api(client, .post, "/api/v1/assignments/\(assignment)/report", token: member.token, json: #"{"report":"Twenty officers trained."}"#)
                #expect(reported.status == .ok, "\(reported.text)")
                let status = try await api(client, .get, "/api/v1/expertise-requests/\(past)", token: admin)
                #expect(status.object["status"] as? String == "reported")
                assignments.append(assignment)
            }
            let later = try await request("Gender advisers' course", "2030-05-06", "2030-05-07")
            let before = try await Self.matches(client, request: later, token: admin).items.compactMap { $0["expert_id"] as? Int }
            #expect(before == [one, two], "equal: the lower id first")
            // The requester's feedback: the first poor, the second excellent
            for (assignment, score) in zip(assignments, [2, 5]) {
                let given = try await api(client, .post, "/api/v1/assignments/\(assignment)/feedback", token: admin, json: #"{"score":\#(score),"text":"x"}"#)
                #expect(given.status == .ok, "\(given.text)")
            }
            let after = try await Self.matches(client, request: later, token: admin).items
            #expect(after.compactMap { $0["expert_id"] as? Int } == [two, one])
            let reasons = (after.first?["reasons"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(reasons.contains("1 mission completed") && reasons.contains("feedback 5.0 of 5 from 1 mission"), "\(reasons)")
            // Every step of the request is in the audit trail
            let steps = try await services.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'expertise_request'").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            #expect(steps >= 3 * 1 + 2 * 4, "created, matching, assigned, completed, reported: \(steps)")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aCoachsNotesAreHersAloneAndSealedAtRest(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let admin = try await WebHarness.token(services, email: "platform@example.org", admin: true)
            let owner = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            try await services.expertise.setSecretariat(institutionId: owner, member: true, by: .system("test"))
            let coordinator = try await WebHarness.token(services, email: "coordinator@example.org", role: (owner, .editor))
            let coach = try await Self.member(client, services, admin: admin, owner: owner, name: "Coach", email: "coach@example.org")
            let otherCoach = try await Self.member(client, services, admin: admin, owner: owner, name: "Other", email: "other@example.org")
            let coachExpert = try await Self.profile(client, token: coach.token, person: coach.person, areas: ["gender_coaching"], languages: [("en", "C2")])
            let otherExpert = try await Self.profile(client, token: otherCoach.token, person: otherCoach.person, areas: ["gender_coaching"], languages: [("en", "C2")])
            let coachee = try await api(client, .post, "/api/v1/people", token: admin,
                json: #"{"given_name":"Zoran","family_name":"Komandant","sex":"male","owner_institution_id":\#(owner),"visibility":"public"}"#)
            let coacheeId = try #require(coachee.object["id"] as? Int)
            let cohort = try await api(client, .post, "/api/v1/coaching/cohorts", token: coordinator,
                json: #"{"title":"Gender Coach Programme 2026","start":"2026-01-01","end":"2026-12-31","institution_id":\#(owner)}"#)
            let cohortId = try #require(cohort.object["id"] as? Int, "\(cohort.text)")
            let pairing = try await api(client, .post, "/api/v1/coaching/cohorts/\(cohortId)/pairings", token: coordinator,
                json: #"{"coach_expert_id":\#(coachExpert),"coachee_person_id":\#(coacheeId)}"#)
            let pairingId = try #require(pairing.object["id"] as? Int, "\(pairing.text)")
            _ = try await api(client, .post, "/api/v1/coaching/cohorts/\(cohortId)/pairings", token: coordinator,
                json: #"{"coach_expert_id":\#(otherExpert),"coachee_person_id":\#(coacheeId)}"#)
            // A coach who is not in gender_coaching is refused; so is anyone but the coach writing sessions
            let secret = "He doubts the quota will hold: XYZZY-\(UUID().uuidString.prefix(6))"
            let body = #"{"date":"2026-02-10","minutes":90,"mode":"in_person","topics":["leadership","recruitment_and_retention"],"notes":"\#(secret)"}"#
            #expect(try await api(client, .post, "/api/v1/coaching/pairings/\(pairingId)/sessions", token: coordinator, json: body).status == .forbidden)
            let written = try await api(client, .post, "/api/v1/coaching/pairings/\(pairingId)/sessions", token: coach.token, json: body)
            #expect(written.status == .created, "\(written.text)")
            #expect(written.object["notes"] as? String == secret)

            let mine = try await api(client, .get, "/api/v1/coaching/pairings/\(pairingId)/sessions", token: coach.token)
            #expect(mine.items.first?["notes"] as? String == secret)
            for (who, token) in [("coordinator", coordinator), ("platform admin", admin), ("other coach", otherCoach.token)] {
                let seen = try await api(client, .get, "/api/v1/coaching/pairings/\(pairingId)/sessions", token: token)
                #expect(seen.status == .ok && seen.items.count == 1, "\(who) sees that a session was held")
                #expect(!seen.text.contains("XYZZY"), "\(who): \(seen.text)")
                #expect(seen.items.allSatisfy { $0["notes"] == nil && $0["topics"] == nil }, "\(who): the notes field is absent")
            }
            // The coordinator sees counts per pairing and the coachee; the platform admin counts only
            let forCoordinator = try await api(client, .get, "/api/v1/coaching/cohorts/\(cohortId)/pairings", token: coordinator)
            let row = try #require(forCoordinator.items.first { $0["id"] as? Int == pairingId })
            #expect(row["sessions"] as? Int == 1 && row["minutes"] as? Int == 90 && row["coachee_person_id"] as? Int == coacheeId)
            for token in [admin, otherCoach.token] {
                let seen = try await api(client, .get, "/api/v1/coaching/cohorts/\(cohortId)/pairings", token: token)
                let theirs = try #require(seen.items.first { $0["id"] as? Int == pairingId })
                #expect(theirs["coachee_person_id"] == nil && theirs["coachee_name"] == nil, "\(seen.text)")
            }
            // Topics across the cohort are counts, withheld below k
            let topics = try await api(client, .get, "/api/v1/coaching/cohorts/\(cohortId)/topics", token: coordinator)
            let leadership = try #require(topics.items.first { $0["topic"] as? String == "leadership" })
            #expect(leadership["withheld"] as? Bool == true && leadership["sessions"] is NSNull, "\(topics.text)")

            // Not readable as text in the database
            switch services.database.location {
            case .sqlite(let path):
                for file in [path, path + "-wal"] {
                    guard let bytes = FileManager.default.contents(atPath: file) else { continue }
                    #expect(bytes.range(of: Data("XYZZY".utf8)) == nil, "\(file) holds the notes in clear")
                }
            case .postgres:
                let stored = try await services.database.read { sql in
                    try await sql.raw("SELECT notes_sealed FROM coaching_sessions").all().map { try $0.decode(column: "notes_sealed", as: String?.self) ?? "" }
                }
                #expect(stored.count == 1 && stored.allSatisfy { !$0.contains("XYZZY") && !$0.isEmpty })
            }
            let stored = try await services.database.read { sql in
                try await sql.raw("SELECT notes_sealed FROM coaching_sessions").first()?.decode(column: "notes_sealed", as: String.self) ?? ""
            }
            #expect(!(Data(base64Encoded: stored).map { String(decoding: $0, as: UTF8.self).contains("XYZZY") } ?? true))
            // Another key cannot open them: the server refuses to start with it
            let wrongKey = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString).key").path
            defer { try? FileManager.default.removeItem(atPath: wrongKey) }
            try await services.sealer.check(in: services.database)
            await #expect(throws: NoteSealer.Failure.wrongKey(wrongKey)) { try await NoteSealer(file: wrongKey).check(in: services.database) }
            let mode = try FileManager.default.attributesOfItem(atPath: wrongKey)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theDemoHasTheRosterBishkekCompletedAndAccraMatched(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, sections: [.directory, .plans, .activities, .expertise], logger: WebHarness.quietLogger,
                sealer: services.sealer)
            let admin = try await WebHarness.token(services, email: "admin@example.org", admin: true)
            let roster = try await api(client, .get, "/api/v1/experts?area=police_and_gbv&language=ru", token: admin)
            #expect(roster.items.compactMap { $0["name"] as? String } == ["Dragana Kovačević"], "\(roster.text.prefix(300))")
            #expect((roster.items.first?["missions_completed"] as? Int) == 1)
            let requests = try await api(client, .get, "/api/v1/expertise-requests", token: admin).items
            let bishkek = try #require(requests.first { ($0["city"] as? String) == "Bishkek" })
            #expect(bishkek["status"] as? String == "reported")
            let accra = try #require(requests.first { ($0["city"] as? String) == "Accra" })
            #expect(accra["status"] as? String == "open" && accra["confirmed"] as? Bool == true)
            #expect((accra["requester"] as? [String: Any])?["organisation"] as? String == "Ministry of Defence of Ghana (illustrative)")
            let ranked = try await Self.matches(client, request: try #require(accra["id"] as? Int), token: admin)
            #expect(ranked.items.count >= 3)
            let names = ranked.items.compactMap { $0["name"] as? String }
            #expect(names.first == "Katarina Đokić", "worked in Ghana, C2, trainings delivered: \(names)")
            #expect(!names.contains("Blerina Dervishi") && !names.contains("Jelena Petrović"), "\(names)")
            let cohorts = try await api(client, .get, "/api/v1/coaching/cohorts", token: admin)
            let cohort = try #require(cohorts.items.first?["id"] as? Int)
            let pairings = try await api(client, .get, "/api/v1/coaching/cohorts/\(cohort)/pairings", token: admin)
            #expect(pairings.items.count == 2 && pairings.items.allSatisfy { $0["coachee_name"] == nil })
        }
    }
}
