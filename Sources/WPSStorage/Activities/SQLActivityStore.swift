import Foundation
import SQLKit
import WPSCore

/// Activities and their participants in SQLite or PostgreSQL.
public struct SQLActivityStore: ActivityStore {
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// The conditions of a query beyond visibility: dates overlapping `from…to`, a measure served.
    static func condition(_ query: ActivityQuery) -> SQLQueryString? {
        var parts: [SQLQueryString] = []
        if let from = query.from { parts.append("end_date >= \(bind: from.description)") }
        if let to = query.to { parts.append("start_date <= \(bind: to.description)") }
        // Integer columns are compared with integers (PostgreSQL has no bigint = text)
        if let network = query.networkId { parts.append("network_id = \(bind: network)") }
        if let project = query.projectId { parts.append("project_id = \(bind: project)") }
        if let measure = query.measureId {
            parts.append("id IN (SELECT activity_id FROM activity_links WHERE link = 'measure' AND target_id = \(bind: measure))")
        }
        guard var condition = parts.first else { return nil }
        for part in parts.dropFirst() {
            condition.appendLiteral(" AND ")
            condition.appendInterpolation(part)
        }
        return condition
    }

    static func filters(_ query: ActivityQuery) -> [(column: String, value: String?)] {
        [("country_code", query.country?.uppercased()), ("kind", query.kind?.rawValue)]
    }

    public func activities(_ query: ActivityQuery, viewer: Viewer) async throws -> Page<Activity> {
        try await database.read { sql in
            var directory = DirectoryQuery(text: query.text, includeDeleted: query.includeDeleted, page: query.page)
            directory.country = nil
            return try await ActivitySQL.page(
                directory, filters: Self.filters(query), condition: Self.condition(query), orderBy: "start_date DESC, id DESC", viewer: viewer, in: sql)
        }
    }

    public func allActivities(_ query: ActivityQuery, viewer: Viewer) async throws -> [Activity] {
        // A calendar feed or a list's download, asked for again and again (calendar programs
        // poll): kept until the next write, for viewers who see the same activities. The key
        // spells out every field of the query.
        try await database.read { sql in
            try await database.derived("activities.all|\(String(reflecting: query))|\(viewer.visibilityScope)", in: sql, rows: \.count) {
                try await Self.allActivities(query, viewer: viewer, in: sql)
            }
        }
    }

    static func allActivities(_ query: ActivityQuery, viewer: Viewer, in sql: any SQLDatabase) async throws -> [Activity] {
        var fromWhere: SQLQueryString = "SELECT \(unsafeRaw: ActivitySQL.columns) FROM activities WHERE "
        fromWhere.appendInterpolation(ActivitySQL.visibleTo(viewer))
        if let condition = Self.condition(query) {
            fromWhere.appendLiteral(" AND ")
            fromWhere.appendInterpolation(condition)
        }
        for (column, value) in Self.filters(query) {
            guard let value, !value.isEmpty else { continue }
            fromWhere.appendLiteral(" AND \(column) = ")
            fromWhere.appendInterpolation(bind: value)
        }
        VisibilitySQL.appendTextMatch(query.foldedWords, to: &fromWhere)
        fromWhere.appendLiteral(" ORDER BY start_date, id")
        return try await ActivitySQL.completed(try await sql.raw(fromWhere).all().map(ActivitySQL.decode), in: sql)
    }

    public func activity(id: Int, viewer: Viewer) async throws -> Activity? {
        try await database.read { sql in try await ActivitySQL.visible(id: id, viewer: viewer, in: sql) }
    }

    /// The owner is always one of the organisers.
    static func prepared(_ input: ActivityFields) -> ActivityFields {
        var fields = input.trimmed()
        if !fields.organiserIds.contains(fields.ownerId) { fields.organiserIds.insert(fields.ownerId, at: 0) }
        return fields
    }

    public func createActivity(_ input: ActivityFields, viewer: Viewer, by actor: Actor) async throws -> Activity {
        let fields = Self.prepared(input)
        guard viewer.canEdit(owner: fields.ownerId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let errors = fields.validate() + (try await ActivitySQL.checkReferences(fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            return try await Self.insert(fields, actor: actor, in: sql)
        }
    }

    /// Writes a new activity whose fields were checked, with its links, and audits it: the one
    /// insert that the form, the API and an accepted expert mission share.
    static func insert(_ fields: ActivityFields, actor: Actor, in sql: any SQLDatabase) async throws -> Activity {
        let now = Timestamp.now()
        let row = try await sql.raw("""
            INSERT INTO activities (kind, title, title_en, start_date, end_date, city, country_code, online, owner_id, project_id, network_id, agenda,
                outputs, visibility, search_text, version, created_at, updated_at)
            VALUES (\(bind: fields.kind.rawValue), \(bind: fields.title), \(bind: fields.titleEn), \(bind: fields.start.description),
                \(bind: fields.end.description), \(bind: fields.city), \(bind: fields.country), \(bind: fields.online ? 1 : 0),
                \(bind: fields.ownerId), \(bind: fields.projectId), \(bind: fields.networkId), \(bind: fields.agenda), \(bind: fields.outputs),
                \(bind: fields.visibility.rawValue), \(bind: fields.searchText), 1, \(bind: now), \(bind: now))
            RETURNING \(unsafeRaw: ActivitySQL.columns)
            """).first()
        return try await ActivitySQL.created(row, actor: actor, in: sql) { created in
            try await ActivitySQL.writeLinks(fields, activity: created.id, in: sql)
        }
    }

    public func updateActivity(id: Int, version: Int, fields input: ActivityFields, viewer: Viewer, by actor: Actor) async throws -> Activity {
        let fields = Self.prepared(input)
        return try await database.transaction { sql in
            let current = try await ActivitySQL.editable(id: id, at: version, viewer: viewer, in: sql)
            if fields.ownerId != current.fields.ownerId, !viewer.canEdit(owner: fields.ownerId) { throw StoreError.forbidden }
            let errors = fields.validate() + newProblems(
                try await ActivitySQL.checkReferences(fields, viewer: viewer, in: sql),
                before: try await ActivitySQL.checkReferences(current.fields, viewer: viewer, in: sql))
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let row = try await sql.raw("""
                UPDATE activities SET kind = \(bind: fields.kind.rawValue), title = \(bind: fields.title), title_en = \(bind: fields.titleEn),
                    start_date = \(bind: fields.start.description), end_date = \(bind: fields.end.description), city = \(bind: fields.city),
                    country_code = \(bind: fields.country), online = \(bind: fields.online ? 1 : 0), owner_id = \(bind: fields.ownerId),
                    project_id = \(bind: fields.projectId), network_id = \(bind: fields.networkId), agenda = \(bind: fields.agenda), outputs = \(bind: fields.outputs),
                    visibility = \(bind: fields.visibility.rawValue), search_text = \(bind: fields.searchText),
                    version = version + 1, updated_at = \(bind: Timestamp.now())
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: ActivitySQL.columns)
                """).first()
            return try await ActivitySQL.updated(row, from: current, actor: actor, in: sql) { changed in
                try await ActivitySQL.writeLinks(fields, activity: changed.id, in: sql)
            }
        }
    }

    public func deleteActivity(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws {
        try await ActivitySQL.delete(id: id, version: version, viewer: viewer, by: actor, in: database)
    }

    /// Whether the viewer is one of the organisers' people: they see who took part by name.
    static func seesNames(_ activity: Activity, viewer: Viewer) -> Bool {
        ([activity.fields.ownerId] + activity.fields.organiserIds).contains { viewer.canSeeContacts(owner: $0) }
    }

    public func participants(activityId: Int, viewer: Viewer) async throws -> (lines: [Participant], names: Bool)? {
        try await database.read { sql in
            guard let activity = try await ActivitySQL.visible(id: activityId, viewer: viewer, in: sql), !activity.deleted else { return nil }
            let names = Self.seesNames(activity, viewer: viewer)
            let lines = try await Self.lines(activityId, in: sql).map { line in
                var copy = line
                if !names {
                    copy.name = ""
                    copy.fields.personId = nil
                }
                return copy
            }
            return (lines, names)
        }
    }

    static func lines(_ activityId: Int, in sql: any SQLDatabase) async throws -> [Participant] {
        try await sql.raw("""
            SELECT \(unsafeRaw: ActivitySQL.participantColumns)
            FROM activity_participants a LEFT JOIN people p ON p.id = a.person_id
            WHERE a.activity_id = \(bind: activityId) ORDER BY a.id
            """).all().map(ActivitySQL.decodeParticipant)
    }

    public func addParticipant(activityId: Int, _ fields: ParticipantFields, viewer: Viewer, by actor: Actor) async throws -> Participant {
        guard let added = try await addParticipants(activityId: activityId, [fields], viewer: viewer, by: actor).first else {
            throw StoreError.notFound(entity: "participant", id: "new")
        }
        return added
    }

    public func addParticipants(activityId: Int, _ input: [ParticipantFields], viewer: Viewer, by actor: Actor) async throws -> [Participant] {
        let lines = input.map { $0.trimmed() }
        return try await database.transaction { sql in
            let activity = try await ActivitySQL.editable(id: activityId, viewer: viewer, in: sql)
            var errors: [FieldError] = []
            let prefix = lines.count == 1 ? "" : "participants"
            func place(_ index: Int, _ field: String) -> String { prefix.isEmpty ? field : "\(prefix)[\(index)].\(field)" }
            var listed = Set(try await Self.lines(activityId, in: sql).compactMap(\.fields.personId))
            for (index, line) in lines.enumerated() {
                errors += line.validate().map { FieldError(field: place(index, $0.field), code: $0.code, value: $0.value) }
                if let person = line.personId {
                    if try await PersonSQL.visible(id: person, viewer: viewer, in: sql).map({ !$0.deleted }) != true {
                        errors.append(FieldError(field: place(index, "person_id"), code: "unknown_person", value: String(person)))
                    } else if listed.contains(person) {
                        if lines.count == 1 {
                            throw StoreError.conflict(code: "already_listed", message: "This person is already listed among the participants. Nothing was changed.")
                        }
                        errors.append(FieldError(field: place(index, "person_id"), code: "already_listed", value: String(person)))
                    }
                    listed.insert(person)
                }
                if let institution = line.institutionId, try await !PersonSQL.institutionExists(institution, viewer: viewer, in: sql) {
                    errors.append(FieldError(field: place(index, "institution_id"), code: "unknown_institution", value: String(institution)))
                }
            }
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            var added: [Participant] = []
            for line in lines {
                // A listed person's institution at the time: the one given, else her first position's
                var institution = line.institutionId
                if let person = line.personId, institution == nil {
                    institution = try await sql.raw("SELECT institution_id FROM positions WHERE person_id = \(bind: person) ORDER BY id LIMIT 1")
                        .first()?.decode(column: "institution_id", as: Int.self)
                }
                guard let row = try await sql.raw("""
                    INSERT INTO activity_participants (activity_id, person_id, institution_id, female, male, other, unknown, stated_total,
                        institution_kind, level)
                    VALUES (\(bind: activityId), \(bind: line.personId), \(bind: institution), \(bind: line.counts?.female), \(bind: line.counts?.male),
                        \(bind: line.counts?.other), \(bind: line.counts?.unknown), \(bind: line.statedTotal), \(bind: line.institutionKind),
                        \(bind: line.level))
                    RETURNING id
                    """).first()
                else { continue }
                let id = try row.decode(column: "id", as: Int.self)
                if let participant = try await Self.lines(activityId, in: sql).first(where: { $0.id == id }) { added.append(participant) }
            }
            try await ActivityReachSQL.refresh(activity: activityId, in: sql)
            try await sql.raw("UPDATE activities SET version = version + 1, updated_at = \(bind: Timestamp.now()) WHERE id = \(bind: activity.id)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "activity", id: String(activityId), action: .update, before: Optional<[ParticipantFields]>.none,
                after: added.map(\.fields))
            return added
        }
    }

    public func participantActivity(id: Int, viewer: Viewer) async throws -> Int? {
        try await database.read { sql in
            guard let activity = try await sql.raw("SELECT activity_id FROM activity_participants WHERE id = \(bind: id)").first()?
                .decode(column: "activity_id", as: Int.self),
                try await ActivitySQL.visible(id: activity, viewer: viewer, in: sql).map({ !$0.deleted }) == true
            else { return nil }
            return activity
        }
    }

    public func removeParticipant(id participantId: Int, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            guard let activityId = try await sql.raw("SELECT activity_id FROM activity_participants WHERE id = \(bind: participantId)").first()?
                .decode(column: "activity_id", as: Int.self)
            else { throw StoreError.notFound(entity: "participant", id: String(participantId)) }
            _ = try await ActivitySQL.editable(id: activityId, viewer: viewer, in: sql)
            guard let line = try await Self.lines(activityId, in: sql).first(where: { $0.id == participantId }) else {
                throw StoreError.notFound(entity: "participant", id: String(participantId))
            }
            try await sql.raw("DELETE FROM activity_participants WHERE id = \(bind: participantId)").run()
            try await ActivityReachSQL.refresh(activity: activityId, in: sql)
            try await sql.raw("UPDATE activities SET version = version + 1, updated_at = \(bind: Timestamp.now()) WHERE id = \(bind: activityId)").run()
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "activity", id: String(activityId), action: .update, before: line.fields,
                after: Optional<ParticipantFields>.none)
        }
    }

    private func linked(_ link: String, to ids: [Int], viewer: Viewer) async throws -> [Activity] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { sql in
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: ActivitySQL.columns) FROM activities WHERE id IN (
                    SELECT activity_id FROM activity_links WHERE link = \(bind: link) AND target_id IN (\(unsafeRaw: ids.map(String.init).joined(separator: ","))))
                AND
                """
            query.appendLiteral(" ")
            query.appendInterpolation(ActivitySQL.visibleTo(viewer))
            query.appendLiteral(" ORDER BY start_date, id")
            return try await ActivitySQL.completed(try await sql.raw(query).all().map(ActivitySQL.decode), in: sql)
        }
    }

    public func activities(servingMeasures measureIds: [Int], viewer: Viewer) async throws -> [ServingActivity] {
        guard !measureIds.isEmpty else { return [] }
        let measures = measureIds.map(String.init).joined(separator: ",")
        return try await database.read { sql in
            // A plan served by thousands of activities: kept until the next write, for viewers who see the same
            try await database.derived("activities.serving|\(measures)|\(viewer.visibilityScope)", in: sql, rows: \.count) {
                try await Self.activities(servingMeasures: measures, viewer: viewer, in: sql)
            }
        }
    }

    static func activities(servingMeasures measures: String, viewer: Viewer, in sql: any SQLDatabase) async throws -> [ServingActivity] {
        // One row per activity and measure it serves, then the activities' sums
        var query: SQLQueryString = """
            SELECT a.id, a.title, a.start_date, a.end_date, l.target_id FROM activity_links l JOIN activities a ON a.id = l.activity_id
            WHERE l.link = 'measure' AND l.target_id IN (\(unsafeRaw: measures)) AND
            """
        query.appendLiteral(" ")
        query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["a.owner_id"], includeDeleted: false, table: "a"))
        query.appendLiteral(" ORDER BY a.start_date, a.id, l.position")
        var activities: [ServingActivity] = []
        for row in try await sql.raw(query).all() {
            let id = try row.decode(column: "id", as: Int.self)
            let measure = try row.decode(column: "target_id", as: Int.self)
            if activities.last?.id == id {
                activities[activities.count - 1].measureIds.append(measure)
                continue
            }
            activities.append(ServingActivity(
                id: id, title: try row.decode(column: "title", as: String.self),
                start: Day(try row.decode(column: "start_date", as: String.self)) ?? .epoch,
                end: Day(try row.decode(column: "end_date", as: String.self)) ?? .epoch, measureIds: [measure], participants: SexCounts()))
        }
        let sums = try await ActivityReachSQL.sums(activities.map(\.id), in: sql)
        return activities.map { activity in
            var copy = activity
            copy.participants = sums[activity.id]?.counts ?? SexCounts()
            return copy
        }
    }

    public func activities(reviewingReport reportId: Int, viewer: Viewer) async throws -> [Activity] {
        try await linked("report", to: [reportId], viewer: viewer)
    }

    public func cascade(from start: CascadeStart, viewer: Viewer) async throws -> TrainingCascade.Result {
        try await database.read { sql in
            // A deep cascade reads thousands of lines and walks them: kept until the next write,
            // for viewers who see the same activities
            try await database.derived(
                "activities.cascade|\(start)|\(viewer.visibilityScope)", in: sql, rows: { $0.steps.count }
            ) {
                let (trainings, sexes) = try await Self.cascadeTrainings(from: start, viewer: viewer, in: sql)
                switch start {
                case .training(let id): return TrainingCascade.downstream(ofTraining: id, trainings: trainings, sexes: sexes)
                case .trainer(let person): return TrainingCascade.downstream(ofTrainer: person, trainings: trainings, sexes: sexes)
                }
            }
        }
    }

    /// The trainings the viewer sees that have trainers and that a cascade from `start` can
    /// reach (trainings by its participants, by theirs, and so on), with their listed
    /// participants and counts, and the sex of every listed person: what ``TrainingCascade``
    /// walks.
    static func cascadeTrainings(
        from start: CascadeStart, viewer: Viewer, in sql: any SQLDatabase
    ) async throws -> (trainings: [TrainingCascade.Training], sexes: [Int: Sex]) {
        // The trainings reachable from the start through people trained and then training,
        // whatever the dates (the walk applies them) and whoever sees them (the visible ones
        // are kept below; the walk goes only through those). CROSS JOIN keeps SQLite's order:
        // a training's listed participants, then the trainings each of them gave (left to
        // itself it scanned every trainer link per step: 172 ms against 13 ms for 1,143
        // trainings); PostgreSQL plans it as any join.
        let seed: SQLQueryString = switch start {
        case .training(let id): "SELECT CAST(\(bind: id) AS BIGINT) AS activity_id"
        case .trainer(let person): "SELECT activity_id FROM activity_links WHERE link = 'trainer' AND target_id = \(bind: person)"
        }
        var query: SQLQueryString = """
            WITH RECURSIVE reachable(activity_id) AS (
                \(seed)
                UNION
                SELECT l.activity_id FROM reachable r CROSS JOIN activity_participants p CROSS JOIN activity_links l
                WHERE p.activity_id = r.activity_id AND p.person_id IS NOT NULL AND l.link = 'trainer' AND l.target_id = p.person_id
            )
            SELECT \(unsafeRaw: ActivitySQL.columns) FROM activities
            WHERE id IN (SELECT activity_id FROM reachable) AND id IN (SELECT activity_id FROM activity_links WHERE link = 'trainer') AND
            """
        query.appendLiteral(" ")
        query.appendInterpolation(ActivitySQL.visibleTo(viewer))
        let activities = try await ActivitySQL.completed(try await sql.raw(query).all().map(ActivitySQL.decode), in: sql)
        guard !activities.isEmpty else { return ([], [:]) }
        let ids = activities.map { String($0.id) }.joined(separator: ",")
        var listed: [Int: [Int]] = [:]
        var counted: [Int: SexCounts] = [:]
        var sexes: [Int: Sex] = [:]
        // Only what the walk uses of each line (a deep cascade reads thousands): who, her sex,
        // or the counts
        for row in try await sql.raw("""
            SELECT a.activity_id, a.person_id, p.sex, a.female, a.male, a.other, a.unknown
            FROM activity_participants a LEFT JOIN people p ON p.id = a.person_id
            WHERE a.activity_id IN (\(unsafeRaw: ids)) ORDER BY a.id
            """).all() {
            let activity = try row.decode(column: "activity_id", as: Int.self)
            if let person = try row.optional("person_id", as: Int.self) {
                listed[activity, default: []].append(person)
                sexes[person] = try row.optional("sex", as: String.self).flatMap(Sex.init(rawValue:)) ?? .notRecorded
            } else {
                counted[activity] = (counted[activity] ?? SexCounts()) + SexCounts(
                    female: try row.optional("female", as: Int.self) ?? 0, male: try row.optional("male", as: Int.self) ?? 0,
                    other: try row.optional("other", as: Int.self) ?? 0, unknown: try row.optional("unknown", as: Int.self) ?? 0)
            }
        }
        let trainings = activities.map { activity in
            TrainingCascade.Training(activity: activity, participants: listed[activity.id] ?? [], counted: counted[activity.id] ?? SexCounts())
        }
        return (trainings, sexes)
    }

    public func trainedOthers(_ people: [Int], viewer: Viewer) async throws -> Bool {
        guard !people.isEmpty else { return false }
        return try await database.read { sql in
            var query: SQLQueryString = """
                SELECT 1 AS found FROM activities WHERE id IN (
                    SELECT activity_id FROM activity_links WHERE link = 'trainer' AND target_id IN (\(unsafeRaw: people.map(String.init).joined(separator: ","))))
                AND
                """
            query.appendLiteral(" ")
            query.appendInterpolation(ActivitySQL.visibleTo(viewer))
            query.appendLiteral(" LIMIT 1")
            return try await sql.raw(query).first() != nil
        }
    }

    public func participantsTrainedOthers(activityId: Int, viewer: Viewer) async throws -> Bool {
        let people = try await database.read { sql in
            try await sql.raw("SELECT person_id FROM activity_participants WHERE activity_id = \(bind: activityId) AND person_id IS NOT NULL").all()
                .map { try $0.decode(column: "person_id", as: Int.self) }
        }
        return try await trainedOthers(people, viewer: viewer)
    }

    public func reach(by dimensions: [ReachDimension], year: Int?, viewer: Viewer) async throws -> [ReachRow] {
        try await database.read { sql in
            // Sums over every activity the viewer sees: kept until the next write, for viewers who see the same
            try await database.derived(
                "activities.reach|\(dimensions.map(\.rawValue).joined(separator: ","))|\(year.map(String.init) ?? "")|\(viewer.visibilityScope)", in: sql, rows: \.count
            ) { try await Self.reach(by: dimensions, year: year, viewer: viewer, in: sql) }
        }
    }

    static func reach(by dimensions: [ReachDimension], year: Int?, viewer: Viewer, in sql: any SQLDatabase) async throws -> [ReachRow] {
        // Each activity's sums by institution kind (`activity_reach`, kept as its lines
        // change) with its kind, country and year, summed by group in the database: only the
        // groups come back (sums cast back to whole numbers: PostgreSQL sums BIGINT as NUMERIC)
        let keyed = dimensions.filter { $0 != .sex }
        let columns: [ReachDimension: String] = [
            .kind: "kind", .country: "country", .year: "year", .institutionKind: "institution_kind",
        ]
        let groupBy = keyed.compactMap { columns[$0] }
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: (groupBy + ["female", "male", "other", "unknown"].map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }
                                            + ["COUNT(DISTINCT activity_id) AS activities"]).joined(separator: ", "))
            FROM (SELECT a.id AS activity_id, a.kind, COALESCE(a.country_code, '') AS country, substr(a.start_date, 1, 4) AS year,
                r.institution_kind, r.female, r.male, r.other, r.unknown
            FROM activity_reach r JOIN activities a ON a.id = r.activity_id
            WHERE
            """
        query.appendLiteral(" ")
        query.appendInterpolation(VisibilitySQL.condition(viewer, ownerColumns: ["a.owner_id"], includeDeleted: false, table: "a"))
        if let year {
            query.appendLiteral(" AND a.start_date >= ")
            query.appendInterpolation(bind: "\(year)-01-01")
            query.appendLiteral(" AND a.start_date <= ")
            query.appendInterpolation(bind: "\(year)-12-31")
        }
        query.appendLiteral(") lines")
        if !groupBy.isEmpty { query.appendLiteral(" GROUP BY " + groupBy.joined(separator: ", ")) }
        var rows: [ReachRow] = []
        for row in try await sql.raw(query).all() {
            // No line at all: the one ungrouped row of empty sums
            let activities = try row.decode(column: "activities", as: Int.self)
            guard activities > 0 else { continue }
            var keys: [ReachDimension: String] = [:]
            for dimension in keyed {
                keys[dimension] = try row.decode(column: columns[dimension] ?? "", as: String?.self) ?? ""
            }
            let counts = SexCounts(
                female: try row.optional("female", as: Int.self) ?? 0, male: try row.optional("male", as: Int.self) ?? 0,
                other: try row.optional("other", as: Int.self) ?? 0, unknown: try row.optional("unknown", as: Int.self) ?? 0)
            rows.append(ReachRow(keys: keys, counts: counts, activities: activities))
        }
        // In the order of the keys as text, the same on both engines whatever their collation
        return rows.sorted { a, b in keyed.map { a.keys[$0] ?? "" }.lexicographicallyPrecedes(keyed.map { b.keys[$0] ?? "" }) }
    }
}
