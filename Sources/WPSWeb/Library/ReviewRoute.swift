import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Policy gap reviews in the JSON API: the questionnaire templates, institutions' reviews, a
/// submitted review's gaps with the library items that address them, and the regional comparison.
enum ReviewRoute: APISlice {
    case listTemplates, saveTemplate, templateComparison, listReviews, createReview, getReview, updateReview, reviewGaps

    var method: HTTPRequest.Method {
        switch self {
        case .listTemplates, .templateComparison, .listReviews, .getReview, .reviewGaps: .get
        case .saveTemplate, .createReview: .post
        case .updateReview: .patch
        }
    }

    var path: String {
        switch self {
        case .listTemplates, .saveTemplate: "/api/v1/review-templates"
        case .templateComparison: "/api/v1/review-templates/{id}/comparison"
        case .listReviews, .createReview: "/api/v1/reviews"
        case .getReview, .updateReview: "/api/v1/reviews/{id}"
        case .reviewGaps: "/api/v1/reviews/{id}/gaps"
        }
    }

    /// Reviews are the reviewing institution's: reading them needs a signed-in member.
    var needsUser: Bool {
        switch self {
        case .listTemplates: false
        default: true
        }
    }

    var operation: APIOperation {
        let tag = "reviews"
        switch self {
        case .listTemplates:
            return APIOperation(summary: "The questionnaire templates of policy gap reviews, every version, latest first", tag: tag, success: ("200", "ReviewTemplateList"))
        case .saveTemplate:
            return APIOperation(
                summary: "A new version of a template (platform admins): the same code makes version n+1, reviews keep the version they answered",
                tag: tag, body: "ReviewTemplateInput", success: ("201", "ReviewTemplate"), validates: true)
        case .templateComparison:
            return APIOperation(
                summary: "The regional view: the latest submitted review of each institution that chose to share it, area by area",
                tag: tag, success: ("200", "ReviewComparison"))
        case .listReviews:
            return APIOperation(summary: "The reviews of the caller's institutions (every review for platform admins)", tag: tag, success: ("200", "PolicyReviewList"))
        case .createReview:
            return APIOperation(
                summary: "Start (or submit at once) an institution's review (its editors and admins); a submitted review answers every area",
                tag: tag, body: "PolicyReviewInput", success: ("201", "PolicyReview"), validates: true)
        case .getReview: return APIOperation(summary: "Read a review (members of the reviewing institution)", tag: tag, success: ("200", "PolicyReview"))
        case .updateReview:
            return APIOperation(
                summary: "Change a draft, or submit it; a submitted review keeps its answers (409 review_submitted) but its actions and sharing change",
                tag: tag, body: "PolicyReviewChange", success: ("200", "PolicyReview"), validates: true, conflicts: true)
        case .reviewGaps:
            return APIOperation(
                summary: "The gaps of a review by area (answers partly or no), with the guidance and the library's toolkits and guidelines that address each",
                tag: tag, success: ("200", "ReviewGaps"))
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let ids: [String: any Sendable] = ["type": "array", "items": S.integer]
        let answers = S.choice(ReviewAnswerValue.allCases.map(\.rawValue))
        let area: [String: [String: any Sendable]] = [
            "code": S.string, "title": S.string, "question": S.string, "guidance": S.string, "topics": ["type": "array", "items": S.string],
        ]
        let template: [String: [String: any Sendable]] = [
            "id": S.integer, "code": S.string, "version": S.integer, "title": S.string,
            "areas": ["type": "array", "items": S.object(area, required: area.keys.sorted())],
        ]
        let answer: [String: [String: any Sendable]] = [
            "area": S.string, "answer": answers, "comment": S.string, "evidence_item_ids": ids, "action": S.string, "action_done": S.boolean,
        ]
        let review: [String: [String: any Sendable]] = [
            "id": S.integer, "template_id": S.integer, "institution_id": S.integer, "status": S.choice(ReviewStatus.allCases.map(\.rawValue)),
            "answers": ["type": "array", "items": S.object(answer, required: answer.keys.sorted())], "shared": S.boolean, "submitted_at": S.nullableString,
            "version": S.integer,
        ]
        let gap: [String: [String: any Sendable]] = [
            "area": S.string, "title": S.string, "answer": answers, "comment": S.string, "guidance": S.string, "action": S.string,
            "action_done": S.boolean, "library_item_ids": ids,
        ]
        let code: [String: any Sendable] = ["type": "string", "pattern": "^[a-z0-9_]{1,60}$"]
        let areaInput = ExpertiseRoute.closed(S.object([
            "code": code, "title": ["type": "string", "pattern": S.visibleText, "maxLength": 300],
            "question": ["type": "string", "pattern": S.visibleText, "maxLength": 2000], "guidance": ["type": "string", "maxLength": 5000],
            "topics": ["type": "array", "maxItems": 20, "items": ["type": "string", "maxLength": 60] as [String: any Sendable]],
        ], required: ["code", "title", "question"]))
        let answerInput = ExpertiseRoute.closed(S.object([
            "area": ["type": "string", "maxLength": 60], "answer": answers, "comment": ["type": "string", "maxLength": 5000],
            "evidence_item_ids": ["type": "array", "maxItems": 50, "items": S.identifier], "action": ["type": "string", "maxLength": 2000],
            "action_done": S.boolean,
        ], required: ["area", "answer"]))
        var input: [String: [String: any Sendable]] = [
            "template_id": S.identifier, "institution_id": S.identifier, "status": S.choice(ReviewStatus.allCases.map(\.rawValue)),
            "answers": ["type": "array", "maxItems": 100, "items": answerInput], "shared": S.boolean,
        ]
        let create = ExpertiseRoute.closed(S.object(input, required: ["template_id", "institution_id"]))
        input["version"] = S.identifier
        input.removeValue(forKey: "template_id")
        input.removeValue(forKey: "institution_id")
        return [
            "ReviewTemplate": S.object(template, required: template.keys.sorted()),
            "ReviewTemplateList": S.object(["items": ["type": "array", "items": S.ref("ReviewTemplate")]], required: ["items"]),
            "ReviewTemplateInput": ExpertiseRoute.closed(S.object([
                "code": code, "title": ["type": "string", "pattern": S.visibleText, "maxLength": 500],
                "areas": ["type": "array", "minItems": 1, "maxItems": 100, "items": areaInput, "description": "each area's code appears once"],
            ], required: ["code", "title", "areas"])),
            "PolicyReview": S.object(review, required: review.keys.sorted()),
            "PolicyReviewList": S.object(["items": ["type": "array", "items": S.ref("PolicyReview")]], required: ["items"]),
            "PolicyReviewInput": create,
            "PolicyReviewChange": ExpertiseRoute.closed(S.object(input, required: ["version"])),
            "ReviewGaps": S.object(["items": ["type": "array", "items": S.object(gap, required: gap.keys.sorted())]], required: ["items"]),
            "ReviewComparison": S.object([
                "template": S.ref("ReviewTemplate"),
                "institutions": ["type": "array", "items": S.object([
                    "institution_id": S.integer, "review_id": S.integer, "submitted_at": S.nullableString,
                    "answers": ["type": "object", "additionalProperties": answers] as [String: any Sendable],
                ], required: ["answers", "institution_id", "review_id", "submitted_at"])],
            ], required: ["institutions", "template"]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (ReviewRoute) -> APIHandler {
        let store = services.reviews
        return { route in
            switch route {
            case .listTemplates:
                return { request, context in
                    try JSONResponse(ItemsJSON(items: try await store.templates().map(TemplateJSON.init))).response(from: request, context: context)
                }
            case .saveTemplate:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    guard signedIn.viewer.isPlatformAdmin else { throw StoreError.forbidden }
                    var input = try await JSONInput.read(request)
                    input.require("code", "title", "areas")
                    input.rejectUnknown(["code", "title", "areas"])
                    let code = input.string("code") ?? ""
                    let title = input.string("title") ?? ""
                    let areas = input.objects("areas") { nested -> ReviewArea? in
                        nested.require("code", "title", "question")
                        nested.rejectUnknown(["code", "title", "question", "guidance", "topics"])
                        return ReviewArea(
                            code: nested.string("code") ?? "", title: nested.string("title") ?? "", question: nested.string("question") ?? "",
                            guidance: nested.string("guidance") ?? "", topics: nested.strings("topics") ?? [])
                    } ?? []
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let template = try await store.saveTemplate(code: code, title: title, areas: areas, viewer: signedIn.viewer, by: signedIn.actor)
                    var response = try JSONResponse(TemplateJSON(template), status: .created).response(from: request, context: context)
                    response.headers[.location] = "/api/v1/review-templates"
                    return response
                }
            case .templateComparison:
                return { request, context in
                    guard let (template, reviews) = try await store.comparison(templateId: try pathID(context), viewer: context.viewer) else {
                        throw APIProblem.notFound
                    }
                    return try JSONResponse(ReviewComparisonJSON(template: TemplateJSON(template), institutions: reviews.map { review in
                        ReviewComparisonJSON.Row(
                            institutionId: review.fields.institutionId, reviewId: review.id, submittedAt: review.submittedAt,
                            answers: Dictionary(review.fields.answers.map { ($0.area, $0.answer.rawValue) }) { first, _ in first })
                    })).response(from: request, context: context)
                }
            case .listReviews:
                return { request, context in
                    try JSONResponse(ItemsJSON(items: try await store.reviews(viewer: context.viewer).map(ReviewJSON.init))).response(from: request, context: context)
                }
            case .createReview:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    var input = try await JSONInput.read(request)
                    input.require("template_id", "institution_id")
                    input.rejectUnknown(["template_id", "institution_id", "status", "answers", "shared"])
                    let fields = read(&input, onto: PolicyReviewFields(templateId: input.int("template_id") ?? 0, institutionId: input.int("institution_id") ?? 0))
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let review = try await store.createReview(fields, viewer: signedIn.viewer, by: signedIn.actor)
                    var response = try JSONResponse(ReviewJSON(review), status: .created).response(from: request, context: context)
                    response.headers[.location] = "/api/v1/reviews/\(review.id)"
                    return response
                }
            case .getReview:
                return PlanRoute.get(store.review) { ReviewJSON($0) }
            case .updateReview:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("version")
                    input.rejectUnknown(["version", "status", "answers", "shared"])
                    let version = input.int("version")
                    guard let current = try await store.review(id: id, viewer: signedIn.viewer) else { throw APIProblem.notFound }
                    let fields = read(&input, onto: current.fields)
                    guard input.errors.isEmpty, let version else { throw StoreError.invalid(input.errors) }
                    let review = try await store.updateReview(id: id, version: version, fields: fields, viewer: signedIn.viewer, by: signedIn.actor)
                    return try JSONResponse(ReviewJSON(review)).response(from: request, context: context)
                }
            case .reviewGaps:
                return { request, context in
                    guard let gaps = try await store.gaps(reviewId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try JSONResponse(ItemsJSON(items: gaps.map(GapJSON.init))).response(from: request, context: context)
                }
            }
        }
    }

    static func read(_ input: inout JSONInput, onto base: PolicyReviewFields) -> PolicyReviewFields {
        var fields = base
        if let value = input.choice("status", ReviewStatus.self) { fields.status = value }
        if let value = input.bool("shared") { fields.shared = value }
        if let answers = input.objects("answers", { nested -> ReviewAnswer? in
            nested.require("area", "answer")
            nested.rejectUnknown(["area", "answer", "comment", "evidence_item_ids", "action", "action_done"])
            guard let area = nested.string("area"), let value = nested.choice("answer", ReviewAnswerValue.self) else { return nil }
            return ReviewAnswer(
                area: area, answer: value, comment: nested.string("comment") ?? "", evidenceItemIds: nested.ids("evidence_item_ids") ?? [],
                action: nested.string("action") ?? "", actionDone: nested.bool("action_done") ?? false)
        }) { fields.answers = answers }
        return fields
    }
}

struct TemplateJSON: Encodable, Sendable {
    var id: Int
    var code: String
    var version: Int
    var title: String
    var areas: [ReviewArea]

    init(_ template: ReviewTemplate) {
        id = template.id
        code = template.code
        version = template.version
        title = template.title
        areas = template.areas
    }
}

struct ReviewJSON: Encodable, Sendable {
    var id: Int
    var templateId: Int
    var institutionId: Int
    var status: String
    var answers: [ReviewAnswer]
    var shared: Bool
    var submittedAt: String?
    var version: Int

    init(_ review: PolicyReview) {
        id = review.id
        templateId = review.fields.templateId
        institutionId = review.fields.institutionId
        status = review.fields.status.rawValue
        answers = review.fields.answers
        shared = review.fields.shared
        submittedAt = review.submittedAt
        version = review.version
    }

    enum Keys: String, CodingKey { case id, templateId, institutionId, status, answers, shared, submittedAt, version }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(templateId, forKey: .templateId)
        try c.encode(institutionId, forKey: .institutionId)
        try c.encode(status, forKey: .status)
        try c.encode(answers, forKey: .answers)
        try c.encode(shared, forKey: .shared)
        try c.encode(submittedAt, forKey: .submittedAt)
        try c.encode(version, forKey: .version)
    }
}

struct GapJSON: Encodable, Sendable {
    var area: String
    var title: String
    var answer: String
    var comment: String
    var guidance: String
    var action: String
    var actionDone: Bool
    var libraryItemIds: [Int]

    init(_ gap: ReviewGap) {
        area = gap.area.code
        title = gap.area.title
        answer = gap.answer.answer.rawValue
        comment = gap.answer.comment
        guidance = gap.area.guidance
        action = gap.answer.action
        actionDone = gap.answer.actionDone
        libraryItemIds = gap.libraryItemIds
    }
}

struct ReviewComparisonJSON: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var institutionId: Int
        var reviewId: Int
        var submittedAt: String?
        var answers: [String: String]

        enum Keys: String, CodingKey { case institutionId, reviewId, submittedAt, answers }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(institutionId, forKey: .institutionId)
            try c.encode(reviewId, forKey: .reviewId)
            try c.encode(submittedAt, forKey: .submittedAt)
            try c.encode(answers, forKey: .answers)
        }
    }

    var template: TemplateJSON
    var institutions: [Row]
}
