import Foundation
import SQLKit
import WPSCore

/// Policy gap reviews in SQLite or PostgreSQL: templates as versioned rows (areas as JSON),
/// reviews with their answers as JSON, the gaps joined with the library's items of each area's topics.
public struct SQLPolicyReviewStore: PolicyReviewStore {
    let database: WPSDatabase
    static let reviewColumns = "id, template_id, institution_id, status, answers, shared, submitted_at, version"
    /// The kinds of library item that help close a gap.
    static let helpingKinds = ["toolkit", "guideline", "good_practice", "curriculum", "policy", "regulation"]

    public init(database: WPSDatabase) {
        self.database = database
    }

    static func decodeTemplate(_ row: any SQLRow) throws -> ReviewTemplate {
        let areas = try JSONDecoder().decode([ReviewArea].self, from: Data(try row.decode(column: "areas", as: String.self).utf8))
        return ReviewTemplate(
            id: try row.decode(column: "id", as: Int.self), code: try row.decode(column: "code", as: String.self),
            version: try row.decode(column: "version", as: Int.self), title: try row.decode(column: "title", as: String.self), areas: areas)
    }

    static func decodeReview(_ row: any SQLRow) throws -> PolicyReview {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let answers = try decoder.decode([ReviewAnswer].self, from: Data(try row.decode(column: "answers", as: String.self).utf8))
        return PolicyReview(
            id: try row.decode(column: "id", as: Int.self),
            fields: PolicyReviewFields(
                templateId: try row.decode(column: "template_id", as: Int.self), institutionId: try row.decode(column: "institution_id", as: Int.self),
                status: ReviewStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft, answers: answers,
                shared: try row.decode(column: "shared", as: Int.self) == 1),
            submittedAt: try row.optional("submitted_at", as: String.self), version: try row.decode(column: "version", as: Int.self))
    }

    static func encode(_ answers: [ReviewAnswer]) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(answers), as: UTF8.self)
    }

    /// Members of the reviewing institution and platform admins see a review.
    static func sees(_ review: PolicyReview, _ viewer: Viewer) -> Bool {
        viewer.isPlatformAdmin || viewer.roles[review.fields.institutionId] != nil
    }

    public func templates() async throws -> [ReviewTemplate] {
        try await database.read { sql in
            try await sql.raw("SELECT id, code, version, title, areas FROM review_templates ORDER BY code, version DESC").all().map(Self.decodeTemplate)
        }
    }

    public func template(id: Int) async throws -> ReviewTemplate? {
        try await database.read { sql in try await Self.template(id: id, in: sql) }
    }

    static func template(id: Int, in sql: any SQLDatabase) async throws -> ReviewTemplate? {
        try await sql.raw("SELECT id, code, version, title, areas FROM review_templates WHERE id = \(bind: id)").first().map(decodeTemplate)
    }

    public func saveTemplate(code: String, title: String, areas: [ReviewArea], viewer: Viewer, by actor: Actor) async throws -> ReviewTemplate {
        guard viewer.isPlatformAdmin else { throw StoreError.forbidden }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let errors = ReviewTemplate.validate(code: code, title: title, areas: areas)
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(areas), as: UTF8.self)
        return try await database.transaction { sql in
            let next = (try await sql.raw("SELECT MAX(version) AS v FROM review_templates WHERE code = \(bind: code)").first()?
                .decode(column: "v", as: Int?.self) ?? 0) + 1
            guard let row = try await sql.raw("""
                INSERT INTO review_templates (code, version, title, areas, created_at)
                VALUES (\(bind: code), \(bind: next), \(bind: title), \(bind: json), \(bind: Timestamp.now())) RETURNING id, code, version, title, areas
                """).first()
            else { throw StoreError.notFound(entity: "review_template", id: "new") }
            let template = try Self.decodeTemplate(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "review_template", id: String(template.id), action: .create, before: Optional<[ReviewArea]>.none, after: areas)
            return template
        }
    }

    public func reviews(viewer: Viewer) async throws -> [PolicyReview] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.reviewColumns) FROM policy_reviews"
            if !viewer.isPlatformAdmin {
                let ids = viewer.roles.keys.map(String.init).joined(separator: ",")
                guard !ids.isEmpty else { return [] }
                query.appendLiteral(" WHERE institution_id IN (\(ids))")
            }
            query.appendLiteral(" ORDER BY id DESC")
            return try await sql.raw(query).all().map(Self.decodeReview)
        }
    }

    public func review(id: Int, viewer: Viewer) async throws -> PolicyReview? {
        try await database.read { sql in try await Self.visible(id, viewer: viewer, in: sql) }
    }

    static func visible(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> PolicyReview? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: reviewColumns) FROM policy_reviews WHERE id = \(bind: id)").first() else { return nil }
        let review = try decodeReview(row)
        return sees(review, viewer) ? review : nil
    }

    /// The rules a review's fields break, with the references checked.
    static func problems(_ fields: PolicyReviewFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> (ReviewTemplate?, [FieldError]) {
        guard let template = try await template(id: fields.templateId, in: sql) else {
            return (nil, [FieldError(field: "template_id", code: "unknown_template", value: String(fields.templateId))])
        }
        var errors = fields.validate(against: template)
        if try await !PersonSQL.institutionExists(fields.institutionId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "institution_id", code: "unknown_institution", value: String(fields.institutionId)))
        }
        for (index, answer) in fields.answers.enumerated() {
            for (position, item) in answer.evidenceItemIds.enumerated() where try await LibrarySQL.visible(id: item, viewer: viewer, in: sql).map({ !$0.deleted }) != true {
                errors.append(FieldError(field: "answers[\(index)].evidence_item_ids[\(position)]", code: "unknown_library_item", value: String(item)))
            }
        }
        return (template, errors)
    }

    public func createReview(_ fields: PolicyReviewFields, viewer: Viewer, by actor: Actor) async throws -> PolicyReview {
        guard viewer.canEdit(owner: fields.institutionId) else { throw StoreError.forbidden }
        return try await database.transaction { sql in
            let (_, errors) = try await Self.problems(fields, viewer: viewer, in: sql)
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            guard let row = try await sql.raw("""
                INSERT INTO policy_reviews (template_id, institution_id, status, answers, shared, submitted_at, version, created_at, updated_at)
                VALUES (\(bind: fields.templateId), \(bind: fields.institutionId), \(bind: fields.status.rawValue), \(bind: try Self.encode(fields.answers)),
                    \(bind: fields.shared ? 1 : 0), \(bind: fields.status == .submitted ? now : nil), 1, \(bind: now), \(bind: now))
                RETURNING \(unsafeRaw: Self.reviewColumns)
                """).first()
            else { throw StoreError.notFound(entity: "policy_review", id: "new") }
            let review = try Self.decodeReview(row)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "policy_review", id: String(review.id), action: .create, before: Optional<PolicyReviewFields>.none,
                after: fields)
            return review
        }
    }

    public func updateReview(id: Int, version: Int, fields: PolicyReviewFields, viewer: Viewer, by actor: Actor) async throws -> PolicyReview {
        try await database.transaction { sql in
            guard let current = try await Self.visible(id, viewer: viewer, in: sql) else { throw StoreError.notFound(entity: "policy_review", id: String(id)) }
            guard viewer.canEdit(owner: current.fields.institutionId) else { throw StoreError.forbidden }
            if fields.institutionId != current.fields.institutionId || fields.templateId != current.fields.templateId {
                throw StoreError.invalid([FieldError(
                    field: fields.templateId != current.fields.templateId ? "template_id" : "institution_id", code: "cannot_change")])
            }
            if current.fields.status == .submitted, fields.answers.map(\.answer) != current.fields.answers.map(\.answer)
                || fields.answers.map(\.comment) != current.fields.answers.map(\.comment)
                || fields.answers.map(\.evidenceItemIds) != current.fields.answers.map(\.evidenceItemIds) || fields.status != .submitted {
                throw StoreError.conflict(
                    code: "review_submitted",
                    message: "This review was submitted: its answers, comments and evidence stay as they were; only the actions and sharing may change. Nothing was changed.")
            }
            let (_, errors) = try await Self.problems(fields, viewer: viewer, in: sql)
            guard errors.isEmpty else { throw StoreError.invalid(errors) }
            let now = Timestamp.now()
            let submittedAt = current.submittedAt ?? (fields.status == .submitted ? now : nil)
            guard let row = try await sql.raw("""
                UPDATE policy_reviews SET status = \(bind: fields.status.rawValue), answers = \(bind: try Self.encode(fields.answers)),
                    shared = \(bind: fields.shared ? 1 : 0), submitted_at = \(bind: submittedAt), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING \(unsafeRaw: Self.reviewColumns)
                """).first()
            else { throw StoreError.versionConflict(entity: "policy_review", id: id, expected: version, current: current.version) }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "policy_review", id: String(id), action: .update, before: current.fields, after: fields)
            return try Self.decodeReview(row)
        }
    }

    public func gaps(reviewId: Int, viewer: Viewer) async throws -> [ReviewGap]? {
        try await database.read { sql in
            guard let review = try await Self.visible(reviewId, viewer: viewer, in: sql),
                let template = try await Self.template(id: review.fields.templateId, in: sql)
            else { return nil }
            let answers = Dictionary(review.fields.answers.map { ($0.area, $0) }) { first, _ in first }
            var gaps: [ReviewGap] = []
            for area in template.areas {
                guard let answer = answers[area.code], answer.answer.isGap else { continue }
                var ids: [Int] = []
                if !area.topics.isEmpty {
                    var query: SQLQueryString = "SELECT id FROM library_items WHERE "
                    query.appendInterpolation(LibrarySQL.visibleTo(viewer))
                    query.appendLiteral(" AND kind IN (\(Self.helpingKinds.map { "'\($0)'" }.joined(separator: ", "))) AND (")
                    for (index, topic) in area.topics.enumerated() {
                        if index > 0 { query.appendLiteral(" OR ") }
                        query.appendLiteral("topics LIKE ")
                        query.appendInterpolation(bind: "%," + VisibilitySQL.escapeLike(topic) + ",%")
                        query.appendLiteral(" ESCAPE '!'")
                    }
                    query.appendLiteral(") ORDER BY CASE WHEN kind IN ('toolkit', 'guideline') THEN 0 ELSE 1 END, COALESCE(published_on, '') DESC, id DESC LIMIT 8")
                    ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: Int.self) }
                }
                gaps.append(ReviewGap(area: area, answer: answer, libraryItemIds: ids))
            }
            return gaps
        }
    }

    public func comparison(templateId: Int, viewer: Viewer) async throws -> (ReviewTemplate, [PolicyReview])? {
        guard viewer.isSignedIn else { return nil }
        return try await database.read { sql in
            guard let template = try await Self.template(id: templateId, in: sql) else { return nil }
            let rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.reviewColumns) FROM policy_reviews
                WHERE template_id = \(bind: templateId) AND status = 'submitted' AND shared = 1 ORDER BY submitted_at DESC, id DESC
                """).all().map(Self.decodeReview)
            var latest: [Int: PolicyReview] = [:]
            for review in rows where latest[review.fields.institutionId] == nil { latest[review.fields.institutionId] = review }
            return (template, latest.values.sorted { $0.fields.institutionId < $1.fields.institutionId })
        }
    }
}
