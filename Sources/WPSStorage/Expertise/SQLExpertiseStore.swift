import Foundation
import SQLKit
import WPSCore

/// The roster, requests, assignments and the Gender Coach Programme in SQLite or PostgreSQL.
public struct SQLExpertiseStore: ExpertiseStore {
    let database: WPSDatabase
    let sealer: NoteSealer

    public init(database: WPSDatabase, sealer: NoteSealer) {
        self.database = database
        self.sealer = sealer
    }

    // MARK: Areas and who is who

    public func areas() async throws -> [ExpertiseArea] {
        try await database.read { sql in try await Self.areas(in: sql) }
    }

    static func areas(in sql: any SQLDatabase) async throws -> [ExpertiseArea] {
        try await sql.raw("SELECT code, labels FROM expertise_areas ORDER BY position, code").all().map { row in
            let labels = try row.decode(column: "labels", as: String.self)
            return ExpertiseArea(
                code: try row.decode(column: "code", as: String.self),
                labels: (try? JSONDecoder().decode([String: String].self, from: Data(labels.utf8))) ?? [:])
        }
    }

    public func saveArea(_ area: ExpertiseArea, viewer: Viewer, by actor: Actor) async throws -> ExpertiseArea {
        guard viewer.isPlatformAdmin else { throw StoreError.forbidden }
        var errors = FieldErrors()
        if area.code.range(of: ExpertiseArea.codePattern, options: .regularExpression) == nil { errors.add("code", "invalid_code", String(area.code.prefix(60))) }
        if (area.labels["en"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors.add("labels.en", "required") }
        for (language, label) in area.labels {
            if language.range(of: #"^[a-z]{2}(-[A-Za-z]{4})?$"#, options: .regularExpression) == nil { errors.add("labels", "invalid_language", String(language.prefix(20))) }
            errors.checkText("labels.\(language.prefix(10))", label, required: false, maxLength: 200)
        }
        guard errors.isEmpty else { throw StoreError.invalid(errors.all) }
        let labels = String(decoding: try Self.encoder.encode(area.labels), as: UTF8.self)
        return try await database.transaction { sql in
            let before = try await Self.areas(in: sql).first { $0.code == area.code }
            if before != nil {
                try await sql.raw("UPDATE expertise_areas SET labels = \(bind: labels) WHERE code = \(bind: area.code)").run()
            } else {
                let next = try await sql.raw("SELECT COALESCE(MAX(position), 0) + 1 AS n FROM expertise_areas").first()?.decode(column: "n", as: Int.self) ?? 1
                try await sql.raw("INSERT INTO expertise_areas (code, labels, position) VALUES (\(bind: area.code), \(bind: labels), \(bind: next))").run()
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "expertise_area", id: area.code, action: before == nil ? .create : .update, before: before?.labels,
                after: area.labels)
            return area
        }
    }

    public func isSecretariat(_ viewer: Viewer) async throws -> Bool {
        try await database.read { sql in try await Self.isSecretariat(viewer, in: sql) }
    }

    static func isSecretariat(_ viewer: Viewer, in sql: any SQLDatabase) async throws -> Bool {
        if viewer.isPlatformAdmin { return true }
        let editing = viewer.roles.filter { $0.value.canEdit }.keys.sorted()
        guard !editing.isEmpty else { return false }
        return try await sql.raw("""
            SELECT institution_id FROM expertise_secretariats WHERE institution_id IN (\(unsafeRaw: editing.map(String.init).joined(separator: ",")))
            """).first() != nil
    }

    /// The first secretariat institution: the owner of the missions it sends.
    static func secretariatInstitution(in sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw("SELECT MIN(institution_id) AS id FROM expertise_secretariats").first()?.decode(column: "id", as: Int?.self)
    }

    public func personId(of viewer: Viewer) async throws -> Int? {
        try await database.read { sql in try await Self.personId(of: viewer, in: sql) }
    }

    static func personId(of viewer: Viewer, in sql: any SQLDatabase) async throws -> Int? {
        guard let user = viewer.userId else { return nil }
        return try await sql.raw("SELECT person_id FROM users WHERE id = \(bind: user)").first()?.decode(column: "person_id", as: Int?.self)
    }

    /// Links an account to its person (`wps user add --person`, `wps user link`, a platform admin
    /// on the person's page); nil unlinks.
    public func link(userId: Int, personId: Int?, by actor: Actor) async throws {
        try await database.transaction { sql in
            if let personId, try await sql.raw("SELECT id FROM people WHERE id = \(bind: personId) AND deleted_at IS NULL").first() == nil {
                throw StoreError.invalid([FieldError(field: "person_id", code: "unknown_person", value: String(personId))])
            }
            if let personId, let other = try await sql.raw("SELECT id FROM users WHERE person_id = \(bind: personId) AND id <> \(bind: userId)").first() {
                throw StoreError.conflict(
                    code: "person_linked", message: "person \(personId) belongs to account \(try other.decode(column: "id", as: Int.self)) already")
            }
            guard let row = try await sql.raw("SELECT person_id FROM users WHERE id = \(bind: userId)").first() else {
                throw StoreError.notFound(entity: "user", id: String(userId))
            }
            let before = try row.optional("person_id", as: Int.self)
            try await sql.raw("UPDATE users SET person_id = \(bind: personId) WHERE id = \(bind: userId)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "user", id: String(userId), action: .update, before: ["person_id": before], after: ["person_id": personId])
        }
    }

    /// Names an institution as (part of) the expertise secretariat, or removes it.
    public func setSecretariat(institutionId: Int, member: Bool, by actor: Actor) async throws {
        try await database.transaction { sql in
            guard try await sql.raw("SELECT id FROM institutions WHERE id = \(bind: institutionId) AND deleted_at IS NULL").first() != nil else {
                throw StoreError.invalid([FieldError(field: "institution", code: "unknown_institution", value: String(institutionId))])
            }
            try await sql.raw("DELETE FROM expertise_secretariats WHERE institution_id = \(bind: institutionId)").run()
            if member { try await sql.raw("INSERT INTO expertise_secretariats (institution_id) VALUES (\(bind: institutionId))").run() }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "expertise_secretariat", id: String(institutionId), action: member ? .create : .delete,
                before: Optional<[String: Int]>.none, after: member ? ["institution_id": institutionId] : nil)
        }
    }

    /// The institutions of the expertise secretariat.
    public func secretariatInstitutions() async throws -> [Int] {
        try await database.read { sql in
            try await sql.raw("SELECT institution_id FROM expertise_secretariats ORDER BY institution_id").all().map { try $0.decode(column: "institution_id", as: Int.self) }
        }
    }

    /// Public requests sent since `since`: in all, and from this e-mail address (the public
    /// form's limits are counted in the database, so several servers share them).
    public func publicRequests(since: Date, email: String) async throws -> (all: Int, fromEmail: Int) {
        let cutoff = Timestamp.string(since)
        return try await database.read { sql in
            let all = try await sql.raw("""
                SELECT COUNT(*) AS n FROM expertise_requests WHERE institution_id IS NULL AND created_at >= \(bind: cutoff)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let mine = try await sql.raw("""
                SELECT COUNT(*) AS n FROM expertise_requests WHERE institution_id IS NULL AND created_at >= \(bind: cutoff)
                    AND LOWER(requester_email) = \(bind: email.lowercased())
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            return (all, mine)
        }
    }

    /// The account linked to a person, if any (its id).
    public func linkedUser(personId: Int) async throws -> Int? {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM users WHERE person_id = \(bind: personId)").first()?.decode(column: "id", as: Int.self)
        }
    }

    // MARK: Experts

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let expertColumns = """
        e.id, e.person_id, e.listed, e.countries_worked, e.certifications, e.biography, e.availability, e.version, e.created_at, e.updated_at, \
        e.deleted_at, p.given_name, p.family_name
        """

    static func decodeExpert(_ row: any SQLRow) throws -> Expert {
        func json<T: Decodable>(_ column: String, _ type: T.Type, _ empty: T) throws -> T {
            (try? JSONDecoder().decode(T.self, from: Data(try row.decode(column: column, as: String.self).utf8))) ?? empty
        }
        let countries = try row.decode(column: "countries_worked", as: String.self)
        return Expert(
            id: try row.decode(column: "id", as: Int.self),
            fields: ExpertFields(
                personId: try row.decode(column: "person_id", as: Int.self),
                countriesWorked: countries.split(separator: ",").map(String.init),
                certifications: try json("certifications", [Certification].self, []),
                biography: try json("biography", [String: String].self, [:]),
                availability: try json("availability", [AvailabilityPeriod].self, []),
                listed: try row.decode(column: "listed", as: Int.self) != 0),
            name: "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    /// Areas, languages and positions of each expert, in three queries.
    static func completed(_ experts: [Expert], in sql: any SQLDatabase) async throws -> [Expert] {
        guard !experts.isEmpty else { return experts }
        let ids = experts.map { String($0.id) }.joined(separator: ",")
        let people = experts.map { String($0.fields.personId) }.joined(separator: ",")
        var areas: [Int: [String]] = [:]
        for row in try await sql.raw("""
            SELECT a.expert_id, a.area_code FROM expert_areas a JOIN expertise_areas x ON x.code = a.area_code
            WHERE a.expert_id IN (\(unsafeRaw: ids)) ORDER BY a.expert_id, x.position
            """).all() {
            areas[try row.decode(column: "expert_id", as: Int.self), default: []].append(try row.decode(column: "area_code", as: String.self))
        }
        var languages: [Int: [ExpertLanguage]] = [:]
        for row in try await sql.raw("SELECT expert_id, code, level FROM expert_languages WHERE expert_id IN (\(unsafeRaw: ids)) ORDER BY expert_id, code").all() {
            let level = LanguageLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .a1
            languages[try row.decode(column: "expert_id", as: Int.self), default: []]
                .append(ExpertLanguage(code: try row.decode(column: "code", as: String.self), level: level))
        }
        var positions: [Int: [Int]] = [:]
        for row in try await sql.raw("SELECT person_id, institution_id FROM positions WHERE person_id IN (\(unsafeRaw: people)) ORDER BY ordinal").all() {
            positions[try row.decode(column: "person_id", as: Int.self), default: []].append(try row.decode(column: "institution_id", as: Int.self))
        }
        return experts.map { expert in
            var copy = expert
            copy.fields.areas = areas[expert.id] ?? []
            copy.fields.languages = (languages[expert.id] ?? []).sorted { ($0.level, $1.code) > ($1.level, $0.code) }
            copy.institutionIds = positions[expert.fields.personId] ?? []
            return copy
        }
    }

    /// Whether the viewer may see this profile: a listed one when signed in; any one as the
    /// secretariat or as the expert herself.
    static func canSee(_ expert: Expert, viewer: Viewer, secretariat: Bool, me: Int?) -> Bool {
        if expert.deleted { return false }
        if secretariat || me == expert.fields.personId { return true }
        return viewer.isSignedIn && expert.fields.listed
    }

    static func loadExperts(where condition: SQLQueryString?, in sql: any SQLDatabase) async throws -> [Expert] {
        var query: SQLQueryString = "SELECT \(unsafeRaw: expertColumns) FROM experts e JOIN people p ON p.id = e.person_id WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL"
        if let condition {
            query.appendLiteral(" AND ")
            query.appendInterpolation(condition)
        }
        query.appendLiteral(" ORDER BY p.family_name, p.given_name, e.id")
        return try await completed(try await sql.raw(query).all().map(decodeExpert), in: sql)
    }

    public func experts(_ query: ExpertQuery, viewer: Viewer) async throws -> [Expert] {
        guard viewer.isSignedIn || viewer.isPlatformAdmin else { return [] }
        return try await database.read { sql in
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            let me = try await Self.personId(of: viewer, in: sql)
            var parts: [SQLQueryString] = []
            if let area = query.area { parts.append("e.id IN (SELECT expert_id FROM expert_areas WHERE area_code = \(bind: area))") }
            if let language = query.language { parts.append("e.id IN (SELECT expert_id FROM expert_languages WHERE code = \(bind: language))") }
            var condition: SQLQueryString?
            for part in parts {
                if var joined = condition {
                    joined.appendLiteral(" AND ")
                    joined.appendInterpolation(part)
                    condition = joined
                } else {
                    condition = part
                }
            }
            // Every profile the filters find, kept until the next write; who may see which is decided below
            // (each part quoted, so that no two filters spell the same key)
            let key = "experts.roster|\(String(reflecting: query.area))|\(String(reflecting: query.language))"
            let records = try await database.derived(key, in: sql, rows: \.count) { try await Self.loadExperts(where: condition, in: sql) }
            return records.filter { expert in
                guard Self.canSee(expert, viewer: viewer, secretariat: secretariat, me: me) else { return false }
                if let country = query.country, !expert.fields.countriesWorked.contains(country) { return false }
                if let from = query.availableFrom ?? query.availableTo, let to = query.availableTo ?? query.availableFrom,
                    !expert.fields.isAvailable(from: min(from, to), to: max(from, to))
                {
                    return false
                }
                return true
            }
        }
    }

    public func expert(id: Int, viewer: Viewer) async throws -> Expert? {
        try await database.read { sql in try await Self.visibleExpert("e.id = \(bind: id)", viewer: viewer, in: sql) }
    }

    public func expert(personId: Int, viewer: Viewer) async throws -> Expert? {
        try await database.read { sql in try await Self.visibleExpert("e.person_id = \(bind: personId)", viewer: viewer, in: sql) }
    }

    static func visibleExpert(_ condition: SQLQueryString, viewer: Viewer, in sql: any SQLDatabase) async throws -> Expert? {
        guard viewer.isSignedIn || viewer.isPlatformAdmin, let expert = try await loadExperts(where: condition, in: sql).first else { return nil }
        let secretariat = try await isSecretariat(viewer, in: sql)
        let me = try await personId(of: viewer, in: sql)
        return canSee(expert, viewer: viewer, secretariat: secretariat, me: me) ? expert : nil
    }

    /// The rules that need the database: known areas and countries, a person who exists.
    static func checkReferences(_ fields: ExpertFields, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let known = Set(try await areas(in: sql).map(\.code))
        for (index, area) in fields.areas.enumerated() where !known.contains(area) {
            errors.append(FieldError(field: "areas[\(index)]", code: "unknown_area", value: String(area.prefix(60))))
        }
        for (index, country) in fields.countriesWorked.enumerated()
        where try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "countries_worked[\(index)]", code: "unknown_country", value: country))
        }
        if try await sql.raw("SELECT id FROM people WHERE id = \(bind: fields.personId) AND deleted_at IS NULL").first() == nil {
            errors.append(FieldError(field: "person_id", code: "unknown_person", value: String(fields.personId)))
        }
        return errors
    }

    static func writeChildren(_ fields: ExpertFields, expert: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM expert_areas WHERE expert_id = \(bind: expert)").run()
        for area in fields.areas {
            try await sql.raw("INSERT INTO expert_areas (expert_id, area_code) VALUES (\(bind: expert), \(bind: area))").run()
        }
        try await sql.raw("DELETE FROM expert_languages WHERE expert_id = \(bind: expert)").run()
        for language in fields.languages {
            try await sql.raw("INSERT INTO expert_languages (expert_id, code, level) VALUES (\(bind: expert), \(bind: language.code), \(bind: language.level.rawValue))")
                .run()
        }
    }

    static func profileJSON(_ fields: ExpertFields) throws -> (certifications: String, biography: String, availability: String) {
        (String(decoding: try encoder.encode(fields.certifications), as: UTF8.self), String(decoding: try encoder.encode(fields.biography), as: UTF8.self),
         String(decoding: try encoder.encode(fields.availability), as: UTF8.self))
    }

    public func createExpert(_ input: ExpertFields, viewer: Viewer, by actor: Actor) async throws -> Expert {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            let me = try await Self.personId(of: viewer, in: sql)
            guard secretariat || (me != nil && me == fields.personId) else { throw StoreError.forbidden }
            let errors = fields.validate() + (try await Self.checkReferences(fields, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            if try await sql.raw("SELECT id FROM experts WHERE person_id = \(bind: fields.personId)").first() != nil {
                throw StoreError.conflict(code: "already_expert", message: "person \(fields.personId) has a profile already")
            }
            let json = try Self.profileJSON(fields)
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO experts (person_id, listed, countries_worked, certifications, biography, availability, version, created_at, updated_at)
                VALUES (\(bind: fields.personId), \(bind: fields.listed ? 1 : 0), \(bind: fields.countriesWorked.joined(separator: ",")),
                    \(bind: json.certifications), \(bind: json.biography), \(bind: json.availability), 1, \(bind: now), \(bind: now))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int.self) ?? 0
            try await Self.writeChildren(fields, expert: id, in: sql)
            guard let created = try await Self.loadExperts(where: "e.id = \(bind: id)", in: sql).first else {
                throw StoreError.notFound(entity: "expert", id: String(id))
            }
            try await AuditTrail.record(in: sql, actor: actor, entity: "expert", id: String(id), action: .create, before: Optional<ExpertAudit>.none,
                after: ExpertAudit(created))
            return created
        }
    }

    public func updateExpert(id: Int, version: Int, fields input: ExpertFields, viewer: Viewer, by actor: Actor) async throws -> Expert {
        let trimmed = input.trimmed()
        return try await database.transaction { sql in
            var fields = trimmed
            guard let current = try await Self.visibleExpert("e.id = \(bind: id)", viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "expert", id: String(id))
            }
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            let me = try await Self.personId(of: viewer, in: sql)
            guard secretariat || me == current.fields.personId else { throw StoreError.forbidden }
            // A profile stays with its person
            fields.personId = current.fields.personId
            let errors = fields.validate() + (try await Self.checkReferences(fields, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let json = try Self.profileJSON(fields)
            let changed = try await sql.raw("""
                UPDATE experts SET listed = \(bind: fields.listed ? 1 : 0), countries_worked = \(bind: fields.countriesWorked.joined(separator: ",")),
                    certifications = \(bind: json.certifications), biography = \(bind: json.biography), availability = \(bind: json.availability),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING id
                """).first()
            guard changed != nil else {
                throw StoreError.versionConflict(entity: "expert", id: id, expected: version, current: current.version)
            }
            try await Self.writeChildren(fields, expert: id, in: sql)
            guard let updated = try await Self.loadExperts(where: "e.id = \(bind: id)", in: sql).first else {
                throw StoreError.notFound(entity: "expert", id: String(id))
            }
            try await AuditTrail.record(in: sql, actor: actor, entity: "expert", id: String(id), action: .update, before: ExpertAudit(current),
                after: ExpertAudit(updated))
            return updated
        }
    }

    public func record(expertId: Int) async throws -> ExpertRecord {
        try await database.read { sql in try await Self.records(of: [expertId], in: sql)[expertId] ?? ExpertRecord() }
    }

    public func records(expertIds: [Int]) async throws -> [Int: ExpertRecord] {
        try await database.read { sql in
            // Every expert's record, read once until the next write (walking every trainer link
            // costs the same for eighty experts as for all), then the ones asked for
            let all = try await database.derived("expertise.records", in: sql, rows: { $0.values.reduce($0.count) { $0 + $1.trainings.count + $1.missions.count } }) {
                let ids = try await sql.raw("SELECT id FROM experts WHERE deleted_at IS NULL").all().map { try $0.decode(column: "id", as: Int.self) }
                return try await Self.records(of: ids, in: sql)
            }
            return Dictionary(expertIds.compactMap { id in all[id].map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Trainings and missions each expert delivered (activities naming her as trainer, not
    /// deleted), with their areas, and the feedback her assignments received.
    static func records(of experts: [Int], in sql: any SQLDatabase) async throws -> [Int: ExpertRecord] {
        guard !experts.isEmpty else { return [:] }
        let ids = experts.map(String.init).joined(separator: ",")
        var records: [Int: ExpertRecord] = [:]
        // One entry per activity and expert: a training two listed experts gave together is each one's
        var activities: [(id: Int, expert: Int, kind: String, end: Day, country: String?)] = []
        // For many experts (the matching reads every listed one) the trainer links are walked
        // once and each checked against the list: `+e.id` keeps SQLite from probing the experts'
        // index once per listed id for every link (3 s for 2,000 experts and 10,000 trainings;
        // 12 ms this way). For a few, each expert's links are looked up by person.
        let filter = experts.count > 50 ? "+e.id" : "e.id"
        for row in try await sql.raw("""
            SELECT e.id AS expert_id, a.id, a.kind, a.end_date, a.country_code FROM experts e
            JOIN activity_links l ON l.link = 'trainer' AND l.target_id = e.person_id
            JOIN activities a ON a.id = l.activity_id AND a.deleted_at IS NULL
            WHERE \(unsafeRaw: filter) IN (\(unsafeRaw: ids))
            """).all() {
            activities.append((
                try row.decode(column: "id", as: Int.self), try row.decode(column: "expert_id", as: Int.self), try row.decode(column: "kind", as: String.self),
                Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch, try row.optional("country_code", as: String.self)))
        }
        var areas: [Int: [String]] = [:]
        if !activities.isEmpty {
            for row in try await sql.raw("""
                SELECT activity_id, area_code FROM activity_areas WHERE activity_id IN (\(unsafeRaw: Set(activities.map(\.id)).sorted().map(String.init).joined(separator: ",")))
                """).all() {
                areas[try row.decode(column: "activity_id", as: Int.self), default: []].append(try row.decode(column: "area_code", as: String.self))
            }
        }
        for activity in activities.sorted(by: { ($0.id, $0.expert) < ($1.id, $1.expert) }) {
            let delivered = DeliveredActivity(activityId: activity.id, end: activity.end, areas: areas[activity.id] ?? [], country: activity.country)
            if activity.kind == ActivityKind.expertMission.rawValue {
                records[activity.expert, default: ExpertRecord()].missions.append(delivered)
            } else if ActivityKind(rawValue: activity.kind)?.isTraining == true {
                records[activity.expert, default: ExpertRecord()].trainings.append(delivered)
            }
        }
        for row in try await sql.raw("""
            SELECT expert_id, feedback_score FROM expert_assignments WHERE expert_id IN (\(unsafeRaw: ids)) AND feedback_score IS NOT NULL ORDER BY id
            """).all() {
            records[try row.decode(column: "expert_id", as: Int.self), default: ExpertRecord()].feedback.append(try row.decode(column: "feedback_score", as: Int.self))
        }
        return records
    }

    // MARK: Requests

    static let requestColumns = """
        id, title, institution_id, requester_name, requester_organisation, requester_email, areas, languages, country_code, city, start_date, end_date, \
        format, audience, experts_needed, description, status, confirmed, version, created_at, updated_at
        """

    static func decodeRequest(_ row: any SQLRow) throws -> ExpertiseRequest {
        let list: (String) throws -> [String] = { column in try row.decode(column: column, as: String.self).split(separator: ",").map(String.init) }
        return ExpertiseRequest(
            id: try row.decode(column: "id", as: Int.self),
            fields: ExpertiseRequestFields(
                title: try row.decode(column: "title", as: String.self),
                institutionId: try row.optional("institution_id", as: Int.self),
                requesterName: try row.decode(column: "requester_name", as: String.self),
                requesterOrganisation: try row.decode(column: "requester_organisation", as: String.self),
                requesterEmail: try row.decode(column: "requester_email", as: String.self),
                areas: try list("areas"), languages: try list("languages"),
                country: try row.optional("country_code", as: String.self),
                city: try row.decode(column: "city", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch,
                format: MissionFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .inPerson,
                audience: try row.decode(column: "audience", as: String.self),
                expertsNeeded: try row.decode(column: "experts_needed", as: Int.self),
                description: try row.decode(column: "description", as: String.self)),
            status: RequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            confirmed: try row.decode(column: "confirmed", as: Int.self) != 0,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }

    /// Who sees a request: the secretariat; members of the requesting institution; experts
    /// proposed for it. Nobody else, not even when it was confirmed.
    static func canSee(_ request: ExpertiseRequest, viewer: Viewer, secretariat: Bool, assignedTo me: Int?, in sql: any SQLDatabase) async throws -> Bool {
        if secretariat { return true }
        guard viewer.isSignedIn else { return false }
        if request.confirmed, let institution = request.fields.institutionId, viewer.roles[institution] != nil { return true }
        guard let me, request.confirmed else { return false }
        return try await sql.raw("""
            SELECT a.id FROM expert_assignments a JOIN experts e ON e.id = a.expert_id
            WHERE a.request_id = \(bind: request.id) AND e.person_id = \(bind: me)
            """).first() != nil
    }

    public func requests(viewer: Viewer) async throws -> [ExpertiseRequest] {
        guard viewer.isSignedIn || viewer.isPlatformAdmin else { return [] }
        return try await database.read { sql in
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            let me = try await Self.personId(of: viewer, in: sql)
            var visible: [ExpertiseRequest] = []
            for request in try await sql.raw("SELECT \(unsafeRaw: Self.requestColumns) FROM expertise_requests ORDER BY start_date DESC, id DESC")
                .all().map(Self.decodeRequest)
            where try await Self.canSee(request, viewer: viewer, secretariat: secretariat, assignedTo: me, in: sql) {
                visible.append(request)
            }
            return visible
        }
    }

    public func request(id: Int, viewer: Viewer) async throws -> ExpertiseRequest? {
        try await database.read { sql in try await Self.visibleRequest(id: id, viewer: viewer, in: sql) }
    }

    static func visibleRequest(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> ExpertiseRequest? {
        guard let request = try await sql.raw("SELECT \(unsafeRaw: requestColumns) FROM expertise_requests WHERE id = \(bind: id)").first().map(decodeRequest)
        else { return nil }
        let secretariat = try await isSecretariat(viewer, in: sql)
        let me = try await personId(of: viewer, in: sql)
        return try await canSee(request, viewer: viewer, secretariat: secretariat, assignedTo: me, in: sql) ? request : nil
    }

    static func checkReferences(_ fields: ExpertiseRequestFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        let known = Set(try await areas(in: sql).map(\.code))
        for (index, area) in fields.areas.enumerated() where !known.contains(area) {
            errors.append(FieldError(field: "areas[\(index)]", code: "unknown_area", value: String(area.prefix(60))))
        }
        if let country = fields.country, try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "country", code: "unknown_country", value: country))
        }
        if let institution = fields.institutionId, try await !PersonSQL.institutionExists(institution, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "institution_id", code: "unknown_institution", value: String(institution)))
        }
        return errors
    }

    public func createRequest(_ input: ExpertiseRequestFields, viewer: Viewer, by actor: Actor) async throws -> ExpertiseRequest {
        let trimmed = input.trimmed()
        return try await database.transaction { sql in
            var fields = trimmed
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            var confirmed = true
            if !viewer.isSignedIn, !secretariat {
                // The public form: from outside the directory, seen only once confirmed
                fields.institutionId = nil
                confirmed = false
                var errors = FieldErrors()
                errors.checkText("requester_name", fields.requesterName, required: true, maxLength: 200)
                errors.checkText("requester_email", fields.requesterEmail, required: true, maxLength: 254)
                errors.checkText("requester_organisation", fields.requesterOrganisation, required: true, maxLength: 300)
                if !errors.isEmpty { throw StoreError.invalid(errors.all + fields.validate().filter { !$0.field.hasPrefix("requester") }) }
            } else if let institution = fields.institutionId {
                guard secretariat || viewer.canEdit(owner: institution) else { throw StoreError.forbidden }
            } else {
                guard secretariat else { throw StoreError.invalid([FieldError(field: "institution_id", code: "required")]) }
            }
            let errors = fields.validate() + (try await Self.checkReferences(fields, viewer: viewer.isSignedIn ? viewer : .anonymous, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO expertise_requests (title, institution_id, requester_name, requester_organisation, requester_email, areas, languages,
                    country_code, city, start_date, end_date, format, audience, experts_needed, description, status, confirmed, version, created_at, updated_at)
                VALUES (\(bind: fields.title), \(bind: fields.institutionId), \(bind: fields.requesterName), \(bind: fields.requesterOrganisation),
                    \(bind: fields.requesterEmail), \(bind: fields.areas.joined(separator: ",")), \(bind: fields.languages.joined(separator: ",")),
                    \(bind: fields.country), \(bind: fields.city), \(bind: fields.start.description), \(bind: fields.end.description),
                    \(bind: fields.format.rawValue), \(bind: fields.audience), \(bind: fields.expertsNeeded), \(bind: fields.description), 'open',
                    \(bind: confirmed ? 1 : 0), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: Self.requestColumns)
                """).first()
            guard let created = try row.map(Self.decodeRequest) else { throw StoreError.notFound(entity: "expertise_request", id: "") }
            try await AuditTrail.record(in: sql, actor: actor, entity: "expertise_request", id: String(created.id), action: .create,
                before: Optional<RequestAudit>.none, after: RequestAudit(created))
            return created
        }
    }

    public func updateRequest(
        id: Int, version: Int, fields input: ExpertiseRequestFields, status: RequestStatus, confirmed: Bool, viewer: Viewer, by actor: Actor
    ) async throws -> ExpertiseRequest {
        let fields = input.trimmed()
        return try await database.transaction { sql in
            guard let current = try await Self.visibleRequest(id: id, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "expertise_request", id: String(id))
            }
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            let requester = current.fields.institutionId.map { viewer.canEdit(owner: $0) } ?? false
            guard secretariat || requester else { throw StoreError.forbidden }
            if fields.institutionId != current.fields.institutionId, !secretariat { throw StoreError.forbidden }
            if confirmed != current.confirmed, !secretariat { throw StoreError.forbidden }
            if status != current.status {
                guard current.status.next.contains(status) else {
                    throw StoreError.conflict(
                        code: "invalid_transition",
                        message: "a request that is \(current.status.rawValue) can become \(current.status.next.map(\.rawValue).joined(separator: " or ")), not \(status.rawValue)")
                }
                // The requester may only cancel; the secretariat moves a request along
                if !secretariat, status != .cancelled { throw StoreError.forbidden }
            }
            let errors = fields.validate() + (try await Self.checkReferences(fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE expertise_requests SET title = \(bind: fields.title), institution_id = \(bind: fields.institutionId),
                    requester_name = \(bind: fields.requesterName), requester_organisation = \(bind: fields.requesterOrganisation),
                    requester_email = \(bind: fields.requesterEmail), areas = \(bind: fields.areas.joined(separator: ",")),
                    languages = \(bind: fields.languages.joined(separator: ",")), country_code = \(bind: fields.country), city = \(bind: fields.city),
                    start_date = \(bind: fields.start.description), end_date = \(bind: fields.end.description), format = \(bind: fields.format.rawValue),
                    audience = \(bind: fields.audience), experts_needed = \(bind: fields.expertsNeeded), description = \(bind: fields.description),
                    status = \(bind: status.rawValue), confirmed = \(bind: confirmed ? 1 : 0), version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: Self.requestColumns)
                """).first()
            guard let updated = try row.map(Self.decodeRequest) else {
                throw StoreError.versionConflict(entity: "expertise_request", id: id, expected: version, current: current.version)
            }
            try await AuditTrail.record(in: sql, actor: actor, entity: "expertise_request", id: String(id), action: .update,
                before: RequestAudit(current), after: RequestAudit(updated))
            return updated
        }
    }

    /// Moves a request to `status` within a transaction, audited (the steps an assignment takes).
    static func advance(_ request: ExpertiseRequest, to status: RequestStatus, actor: Actor, in sql: any SQLDatabase) async throws {
        guard request.status != status else { return }
        try await sql.raw("""
            UPDATE expertise_requests SET status = \(bind: status.rawValue), version = version + 1, updated_at = \(bind: Timestamp.now())
            WHERE id = \(bind: request.id)
            """).run()
        var after = request
        after.status = status
        after.version += 1
        try await AuditTrail.record(in: sql, actor: actor, entity: "expertise_request", id: String(request.id), action: .update,
            before: RequestAudit(request), after: RequestAudit(after))
    }

    public func matches(requestId: Int, viewer: Viewer, today: Day) async throws -> RequestMatches? {
        try await database.read { sql in
            guard try await Self.isSecretariat(viewer, in: sql),
                let request = try await Self.visibleRequest(id: requestId, viewer: viewer, in: sql)
            else { return nil }
            // The ranking depends on the request, the roster and the day, not on which member of the
            // secretariat asks: worked out once until the next write. The request's version is in
            // the key for clarity; any write starts afresh anyway.
            return try await database.derived("expertise.matches|\(requestId)|\(request.version)|\(today)", in: sql, rows: { $0.experts.count }) {
                // Only listed experts are read at all: one who withdrew consent is not processed
                let experts = try await Self.loadExperts(where: "e.listed = 1", in: sql)
                // Records only of those who can go: the others are left out on their profile alone
                let records = try await Self.records(of: experts.filter { ExpertMatching.leftOut(request.fields, $0).isEmpty }.map(\.id), in: sql)
                let ranked = ExpertMatching.rank(request.fields, experts: experts.map { ($0, records[$0.id] ?? ExpertRecord()) }, today: today)
                return RequestMatches(
                    matches: ranked.matches, excluded: ranked.excluded, experts: Dictionary(experts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
            }
        }
    }

    // MARK: Assignments

    static let assignmentColumns = """
        id, request_id, expert_id, status, activity_id, report, reported_at, feedback_score, feedback_text, created_at
        """

    static func decodeAssignment(_ row: any SQLRow) throws -> Assignment {
        Assignment(
            id: try row.decode(column: "id", as: Int.self), requestId: try row.decode(column: "request_id", as: Int.self),
            expertId: try row.decode(column: "expert_id", as: Int.self),
            status: AssignmentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .proposed,
            activityId: try row.optional("activity_id", as: Int.self), report: try row.decode(column: "report", as: String.self),
            reportedAt: try row.optional("reported_at", as: String.self), feedbackScore: try row.optional("feedback_score", as: Int.self),
            feedbackText: try row.decode(column: "feedback_text", as: String.self), createdAt: try row.decode(column: "created_at", as: String.self))
    }

    public func assignments(requestId: Int, viewer: Viewer) async throws -> [Assignment] {
        try await database.read { sql in
            guard try await Self.visibleRequest(id: requestId, viewer: viewer, in: sql) != nil else { return [] }
            return try await sql.raw("SELECT \(unsafeRaw: Self.assignmentColumns) FROM expert_assignments WHERE request_id = \(bind: requestId) ORDER BY id")
                .all().map(Self.decodeAssignment)
        }
    }

    public func assignments(expertId: Int, viewer: Viewer) async throws -> [Assignment] {
        try await database.read { sql in
            let all = try await sql.raw("SELECT \(unsafeRaw: Self.assignmentColumns) FROM expert_assignments WHERE expert_id = \(bind: expertId) ORDER BY id DESC")
                .all().map(Self.decodeAssignment)
            var visible: [Assignment] = []
            for assignment in all where try await Self.visibleRequest(id: assignment.requestId, viewer: viewer, in: sql) != nil { visible.append(assignment) }
            return visible
        }
    }

    public func assignment(id: Int, viewer: Viewer) async throws -> Assignment? {
        try await database.read { sql in try await Self.visibleAssignment(id: id, viewer: viewer, in: sql)?.assignment }
    }

    static func visibleAssignment(id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (assignment: Assignment, request: ExpertiseRequest)? {
        guard let assignment = try await sql.raw("SELECT \(unsafeRaw: assignmentColumns) FROM expert_assignments WHERE id = \(bind: id)").first()
            .map(decodeAssignment),
            let request = try await visibleRequest(id: assignment.requestId, viewer: viewer, in: sql)
        else { return nil }
        return (assignment, request)
    }

    public func propose(requestId: Int, expertId: Int, viewer: Viewer, by actor: Actor) async throws -> Assignment {
        try await database.transaction { sql in
            guard let request = try await Self.visibleRequest(id: requestId, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "expertise_request", id: String(requestId))
            }
            guard try await Self.isSecretariat(viewer, in: sql) else { throw StoreError.forbidden }
            guard [.open, .matching, .assigned].contains(request.status) else {
                throw StoreError.conflict(code: "request_closed", message: "the request is \(request.status.rawValue); experts are proposed while it is open")
            }
            guard request.confirmed else { throw StoreError.conflict(code: "not_confirmed", message: "confirm the request before proposing experts") }
            guard let expert = try await Self.loadExperts(where: "e.id = \(bind: expertId)", in: sql).first, expert.fields.listed else {
                throw StoreError.invalid([FieldError(field: "expert_id", code: "unknown_expert", value: String(expertId))])
            }
            if try await sql.raw("SELECT id FROM expert_assignments WHERE request_id = \(bind: requestId) AND expert_id = \(bind: expertId)").first() != nil {
                throw StoreError.conflict(code: "already_proposed", message: "\(expert.name) was proposed for this request already")
            }
            let now = Timestamp.now()
            let row = try await sql.raw("""
                INSERT INTO expert_assignments (request_id, expert_id, status, created_at, updated_at)
                VALUES (\(bind: requestId), \(bind: expertId), 'proposed', \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: Self.assignmentColumns)
                """).first()
            guard let created = try row.map(Self.decodeAssignment) else { throw StoreError.notFound(entity: "assignment", id: "") }
            try await AuditTrail.record(in: sql, actor: actor, entity: "assignment", id: String(created.id), action: .create,
                before: Optional<AssignmentAudit>.none, after: AssignmentAudit(created))
            if request.status == .open { try await Self.advance(request, to: .matching, actor: actor, in: sql) }
            return created
        }
    }

    /// The assignment, when the viewer is its expert.
    static func ownAssignment(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> (Assignment, ExpertiseRequest, Expert) {
        guard let (assignment, request) = try await visibleAssignment(id: id, viewer: viewer, in: sql),
            let expert = try await loadExperts(where: "e.id = \(bind: assignment.expertId)", in: sql).first
        else { throw StoreError.notFound(entity: "assignment", id: String(id)) }
        guard try await personId(of: viewer, in: sql) == expert.fields.personId else { throw StoreError.forbidden }
        return (assignment, request, expert)
    }

    static func updateAssignment(_ before: Assignment, _ after: Assignment, actor: Actor, in sql: any SQLDatabase) async throws -> Assignment {
        let row = try await sql.raw("""
            UPDATE expert_assignments SET status = \(bind: after.status.rawValue), activity_id = \(bind: after.activityId), report = \(bind: after.report),
                reported_at = \(bind: after.reportedAt), feedback_score = \(bind: after.feedbackScore), feedback_text = \(bind: after.feedbackText),
                updated_at = \(bind: Timestamp.now())
            WHERE id = \(bind: before.id)
            RETURNING \(unsafeRaw: assignmentColumns)
            """).first()
        guard let updated = try row.map(decodeAssignment) else { throw StoreError.notFound(entity: "assignment", id: String(before.id)) }
        try await AuditTrail.record(in: sql, actor: actor, entity: "assignment", id: String(before.id), action: .update,
            before: AssignmentAudit(before), after: AssignmentAudit(updated))
        return updated
    }

    public func answer(assignmentId: Int, accept: Bool, viewer: Viewer, by actor: Actor) async throws -> Assignment {
        try await database.transaction { sql in
            let (assignment, request, expert) = try await Self.ownAssignment(assignmentId, viewer: viewer, in: sql)
            guard assignment.status == .proposed else {
                throw StoreError.conflict(code: "already_answered", message: "this assignment is \(assignment.status.rawValue)")
            }
            var changed = assignment
            changed.status = accept ? .accepted : .declined
            if accept {
                guard let owner = try await Self.secretariatInstitution(in: sql) ?? request.fields.institutionId else {
                    throw StoreError.conflict(code: "no_secretariat", message: "name the expertise secretariat's institution before missions are recorded")
                }
                let organisers = [owner] + (request.fields.institutionId.map { $0 == owner ? [] : [$0] } ?? [])
                let mission = ActivityFields(
                    kind: .expertMission, title: request.fields.title, start: request.fields.start, end: request.fields.end, city: request.fields.city,
                    country: request.fields.country, online: request.fields.country == nil || request.fields.format == .remote, ownerId: owner,
                    organiserIds: organisers, trainerIds: [expert.fields.personId],
                    agenda: request.fields.description, visibility: .platform, areas: request.fields.areas)
                let activity = try await SQLActivityStore.insert(mission, actor: actor, in: sql)
                changed.activityId = activity.id
            }
            let updated = try await Self.updateAssignment(assignment, changed, actor: actor, in: sql)
            if accept, [.open, .matching].contains(request.status) {
                var current = request
                if current.status == .open {
                    try await Self.advance(current, to: .matching, actor: actor, in: sql)
                    current.status = .matching
                    current.version += 1
                }
                try await Self.advance(current, to: .assigned, actor: actor, in: sql)
            }
            return updated
        }
    }

    public func report(assignmentId: Int, text: String, viewer: Viewer, by actor: Actor) async throws -> Assignment {
        let report = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FieldErrors()
        errors.checkText("report", text, required: true, maxLength: 50_000)
        guard errors.isEmpty else { throw StoreError.invalid(errors.all) }
        return try await database.transaction { sql in
            let (assignment, request, _) = try await Self.ownAssignment(assignmentId, viewer: viewer, in: sql)
            guard [.accepted, .reported].contains(assignment.status) else {
                throw StoreError.conflict(code: "not_accepted", message: "a mission report follows an accepted assignment; this one is \(assignment.status.rawValue)")
            }
            var changed = assignment
            changed.status = .reported
            changed.report = report
            changed.reportedAt = Timestamp.now()
            let updated = try await Self.updateAssignment(assignment, changed, actor: actor, in: sql)
            var current = request
            if current.status == .assigned {
                try await Self.advance(current, to: .completed, actor: actor, in: sql)
                current.status = .completed
                current.version += 1
            }
            if current.status == .completed { try await Self.advance(current, to: .reported, actor: actor, in: sql) }
            return updated
        }
    }

    public func feedback(assignmentId: Int, score: Int, text: String, viewer: Viewer, by actor: Actor) async throws -> Assignment {
        var errors = FieldErrors()
        if !(1...5).contains(score) { errors.add("score", "out_of_range", String(score)) }
        errors.checkText("text", text, required: false, maxLength: 10_000)
        guard errors.isEmpty else { throw StoreError.invalid(errors.all) }
        return try await database.transaction { sql in
            guard let (assignment, request) = try await Self.visibleAssignment(id: assignmentId, viewer: viewer, in: sql) else {
                throw StoreError.notFound(entity: "assignment", id: String(assignmentId))
            }
            let requester = request.fields.institutionId.map { viewer.canEdit(owner: $0) } ?? false
            let secretariat = try await Self.isSecretariat(viewer, in: sql)
            guard requester || secretariat else { throw StoreError.forbidden }
            guard [.accepted, .reported].contains(assignment.status) else {
                throw StoreError.conflict(code: "not_accepted", message: "feedback follows a mission; this assignment is \(assignment.status.rawValue)")
            }
            var changed = assignment
            changed.feedbackScore = score
            changed.feedbackText = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return try await Self.updateAssignment(assignment, changed, actor: actor, in: sql)
        }
    }
}

/// What the audit trail keeps of a profile.
struct ExpertAudit: Encodable {
    var personId: Int
    var areas: [String]
    var languages: [String]
    var countriesWorked: [String]
    var certifications: [Certification]
    var availability: [AvailabilityPeriod]
    var listed: Bool

    init(_ expert: Expert) {
        personId = expert.fields.personId
        areas = expert.fields.areas
        languages = expert.fields.languages.map { "\($0.code):\($0.level.rawValue)" }
        countriesWorked = expert.fields.countriesWorked
        certifications = expert.fields.certifications
        availability = expert.fields.availability
        listed = expert.fields.listed
    }
}

struct RequestAudit: Encodable {
    var title: String
    var institutionId: Int?
    var areas: [String]
    var languages: [String]
    var country: String?
    var start: String
    var end: String
    var format: String
    var status: String
    var confirmed: Bool

    init(_ request: ExpertiseRequest) {
        title = request.fields.title
        institutionId = request.fields.institutionId
        areas = request.fields.areas
        languages = request.fields.languages
        country = request.fields.country
        start = request.fields.start.description
        end = request.fields.end.description
        format = request.fields.format.rawValue
        status = request.status.rawValue
        confirmed = request.confirmed
    }
}

struct AssignmentAudit: Encodable {
    var requestId: Int
    var expertId: Int
    var status: String
    var activityId: Int?
    var reported: Bool
    var feedbackScore: Int?

    init(_ assignment: Assignment) {
        requestId = assignment.requestId
        expertId = assignment.expertId
        status = assignment.status.rawValue
        activityId = assignment.activityId
        reported = assignment.reportedAt != nil
        feedbackScore = assignment.feedbackScore
    }
}
