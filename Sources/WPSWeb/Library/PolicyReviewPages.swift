import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Policy gap reviews in the browser: an institution's reviews and how to start one, the answer
/// form of a draft, the gap report of a submitted review with the guidance and library items
/// for each gap, and the regional comparison of shared reviews.
enum PolicyReviewPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.policyReviews)) { request, context in
            try await list(PageEnvironment(context: context, request: request), services, errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.policyReviews)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            let template = DirectoryViews.number(context.form, "template_id", errors: &errors)
            let institution = DirectoryViews.number(context.form, "institution_id", errors: &errors)
            if errors.isEmpty, let template, let institution {
                do {
                    let review = try await services.reviews.createReview(
                        PolicyReviewFields(templateId: template, institutionId: institution), viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.policyReview(review.id))
                } catch StoreError.invalid(let found) { errors = found } catch StoreError.forbidden {
                    errors = [FieldError(field: "institution_id", code: "forbidden")]
                }
            }
            return try await list(env, services, errors: errors.isEmpty ? [FieldError(field: "institution_id", code: "required")] : errors)
                .response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.policyReview)) { request, context in
            try await show(PageEnvironment(context: context, request: request), id: try pathID(context), services, errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.policyReview)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let id = try pathID(context)
            guard let review = try await services.reviews.review(id: id, viewer: context.viewer),
                let template = try await services.reviews.template(id: review.fields.templateId)
            else { throw APIProblem.notFound }
            var fields = review.fields
            let form = context.form
            if review.fields.status == .draft {
                fields.answers = template.areas.compactMap { area in
                    guard let value = ReviewAnswerValue(rawValue: form["answer-\(area.code)"]) else { return nil }
                    let kept = review.fields.answers.first { $0.area == area.code }
                    return ReviewAnswer(
                        area: area.code, answer: value, comment: form["comment-\(area.code)"], evidenceItemIds: kept?.evidenceItemIds ?? [],
                        action: form["action-\(area.code)"], actionDone: form["done-\(area.code)"] == "true")
                }
                if form["submit"] == "true" { fields.status = .submitted }
            } else {
                fields.answers = review.fields.answers.map { answer in
                    var copy = answer
                    copy.action = form.has("action-\(answer.area)") ? form["action-\(answer.area)"] : answer.action
                    copy.actionDone = form["done-\(answer.area)"] == "true"
                    return copy
                }
            }
            fields.shared = form["shared"] == "true"
            do {
                _ = try await services.reviews.updateReview(id: id, version: Int(form["version"]) ?? 0, fields: fields, viewer: context.viewer, by: context.actor)
                return Response.seeOther(.policyReview(id))
            } catch StoreError.invalid(let errors) {
                return try await show(env, id: id, services, errors: errors).response(from: request, context: context)
            } catch StoreError.versionConflict {
                return try await show(env, id: id, services, errors: [], conflict: true).response(from: request, context: context)
            }
        }
        signedIn.get(RouterPath(SiteRoute.Template.reviewComparison)) { request, context in
            try await comparison(PageEnvironment(context: context, request: request), id: try pathID(context), services)
        }
    }

    static func list(_ env: PageEnvironment, _ services: AppServices, errors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        let reviews = try await services.reviews.reviews(viewer: viewer)
        let templates = try await services.reviews.templates()
        let titles = Dictionary(templates.map { ($0.id, "\($0.title) (v\($0.version))") }) { first, _ in first }
        let names = try await services.directory.institutionNames(ids: reviews.map(\.fields.institutionId), viewer: viewer)
        let table = PageTable<PolicyReview>(columns: [
            .link(t("policy_review.institution"), href: { SiteRoute.policyReview($0.id).path }, { names[$0.fields.institutionId] ?? "—" }),
            .text(t("policy_review.template")) { titles[$0.fields.templateId] ?? "—" },
            .text(t("field.status")) { t("policy_review_status.\($0.fields.status.rawValue)") },
            .number(t("policy_review.gaps"), t) { $0.fields.answers.filter(\.answer.isGap).count },
        ])
        if let format = try PageExport.format(env) {
            return try await PageExport.file(table.cells(reviews), name: "policy-reviews", sheet: t("policy_review.title"), format: format)
        }
        let owners = try await DirectoryViews.institutionOptions(services, viewer: viewer).filter { Int($0.value).map(viewer.canEdit(owner:)) == true }
        let html = Layout.page(
            t("policy_review.title"), env: env,
            notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.text(t("policy_review.intro"))),
            reviews.isEmpty ? .p(.class("muted"), .text(t("list.none_found"))) : .group(table.html(reviews), PageExport.links(.policyReviews, query: [], t: t)),
            .h2(.text(t("policy_review.templates"))),
            .ul(.forEach(templates) { template in
                .li(.text("\(template.title) (v\(template.version), \(template.areas.count) \(t("policy_review.areas"))) "),
                    .a(.href(SiteRoute.reviewComparison(template.id).path), .text(t("policy_review.compare"))))
            }),
            .if(!owners.isEmpty, .group(
                .h2(.text(t("policy_review.start"))),
                .form(
                    .action(SiteRoute.policyReviews.path), .method(.post),
                    Forms.csrf(env),
                    Forms.select("template_id", label: t("policy_review.template"), options: templates.map { (String($0.id), "\($0.title) (v\($0.version))") },
                                 selected: "", errors: errors, env: env),
                    Forms.select("institution_id", label: t("policy_review.institution"), options: owners, selected: "", errors: errors, env: env),
                    .button(.type(.submit), .text(t("policy_review.start"))))))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func show(_ env: PageEnvironment, id: Int, _ services: AppServices, errors: [FieldError], conflict: Bool = false) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = env.viewer
        guard let review = try await services.reviews.review(id: id, viewer: viewer),
            let template = try await services.reviews.template(id: review.fields.templateId)
        else { throw APIProblem.notFound }
        let names = try await services.directory.institutionNames(ids: [review.fields.institutionId], viewer: viewer)
        let canEdit = viewer.canEdit(owner: review.fields.institutionId)
        let answers = Dictionary(review.fields.answers.map { ($0.area, $0) }) { first, _ in first }
        let draft = review.fields.status == .draft
        let gaps = draft ? [] : try await services.reviews.gaps(reviewId: id, viewer: viewer) ?? []
        var items: [Int: LibraryItem] = [:]
        for itemId in Set(gaps.flatMap(\.libraryItemIds) + review.fields.answers.flatMap(\.evidenceItemIds)) {
            if let item = try await services.library.item(id: itemId, viewer: viewer), !item.deleted { items[itemId] = item }
        }
        func itemLinks(_ ids: [Int]) -> Node {
            let found = ids.compactMap { items[$0] }
            return found.isEmpty ? .empty : .ul(.forEach(found) { item in
                .li(.a(.href(SiteRoute.libraryItem(item.id).path), .attribute(named: "lang", value: item.fields.language), .text(item.fields.title)),
                    .span(.class("muted"), .text(" · " + t("library_kind.\(item.fields.kind.rawValue)"))))
            })
        }
        func answerLabel(_ value: ReviewAnswerValue?) -> String { value.map { t("policy_review_answer.\($0.rawValue)") } ?? "—" }
        let html = Layout.page(
            "\(template.title): \(names[review.fields.institutionId] ?? "—")", env: env,
            notice: conflict ? DirectoryViews.conflictNotice(env) : errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.text("\(t("field.status")): \(t("policy_review_status.\(review.fields.status.rawValue)"))"
                + (review.submittedAt.map { " · \(t("policy_review.submitted_at")) \($0.prefix(10))" } ?? "")
                + " · " + (review.fields.shared ? t("policy_review.shared") : t("policy_review.not_shared"))),
               .text(" · "), .a(.href(SiteRoute.reviewComparison(template.id).path), .text(t("policy_review.compare"))),
               .text(" · "), .a(.href("/api/v1/reviews/\(review.id)"), .text("JSON"))),
            .if(!gaps.isEmpty, .section(
                .id("gaps"),
                .h2(.text(t("policy_review.gap_report"))),
                .forEach(gaps) { gap in
                    .div(.class("gap"),
                         .h3(.text("\(gap.area.title): \(answerLabel(gap.answer.answer))")),
                         .if(!gap.answer.comment.isEmpty, .p(.text(gap.answer.comment))),
                         .p(.strong(.text(t("policy_review.guidance") + ": ")), .text(gap.area.guidance)),
                         .if(!gap.answer.action.isEmpty, .p(.strong(.text(t("policy_review.action") + ": ")), .text(gap.answer.action),
                                                            .text(gap.answer.actionDone ? " (\(t("policy_review.done")))" : ""))),
                         .if(!gap.libraryItemIds.isEmpty, .group(.p(.text(t("policy_review.helps"))), itemLinks(gap.libraryItemIds))))
                })),
            .form(
                .action(SiteRoute.policyReview(review.id).path), .method(.post),
                Forms.csrf(env),
                Forms.hidden("version", String(review.version)),
                .forEach(template.areas) { area in
                    let answer = answers[area.code]
                    return .fieldset(
                        .legend(.text(area.title)),
                        .p(.text(area.question)),
                        draft && canEdit ? .div(.class("check"), .forEach(ReviewAnswerValue.allCases) { value in
                            .label(.input(.type(.radio), .name("answer-\(area.code)"), .value(value.rawValue),
                                          .attribute(named: "checked", value: answer?.answer == value ? "checked" : nil)),
                                   .text(" " + t("policy_review_answer.\(value.rawValue)") + " "))
                        }) : .p(.strong(.text(answerLabel(answer?.answer)))),
                        draft && canEdit
                            ? Forms.textarea("comment-\(area.code)", label: t("policy_review.comment"), value: answer?.comment ?? "", errors: errors, env: env)
                            : .if(!(answer?.comment ?? "").isEmpty, .p(.text(answer?.comment ?? ""))),
                        itemLinks(answer?.evidenceItemIds ?? []),
                        canEdit ? Forms.text("action-\(area.code)", label: t("policy_review.action"), value: answer?.action ?? "", errors: errors, env: env)
                            : .if(!(answer?.action ?? "").isEmpty, .p(.text(t("policy_review.action") + ": " + (answer?.action ?? "")))),
                        .if(canEdit, .div(.class("check"), .label(
                            .input(.type(.checkbox), .name("done-\(area.code)"), .value("true"),
                                   .attribute(named: "checked", value: answer?.actionDone == true ? "checked" : nil)),
                            .text(" " + t("policy_review.done"))))))
                },
                Forms.errorNode("answers", Forms.errors(for: "answers", in: errors), env),
                .if(canEdit, .group(
                    .div(.class("check"), .label(
                        .input(.type(.checkbox), .name("shared"), .value("true"), .attribute(named: "checked", value: review.fields.shared ? "checked" : nil)),
                        .text(" " + t("policy_review.share")))),
                    .if(draft, .div(.class("check"), .label(.input(.type(.checkbox), .name("submit"), .value("true")), .text(" " + t("policy_review.submit"))))),
                    .button(.type(.submit), .text(t("action.save"))))))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func comparison(_ env: PageEnvironment, id: Int, _ services: AppServices) async throws -> HTMLPage {
        let t = env.catalog
        guard let (template, reviews) = try await services.reviews.comparison(templateId: id, viewer: env.viewer) else { throw APIProblem.notFound }
        let names = try await services.directory.institutionNames(ids: reviews.map(\.fields.institutionId), viewer: env.viewer)
        // An area per row, an institution per column
        let table = PageTable<ReviewArea>(columns: [.text(t("policy_review.area")) { $0.title }] + reviews.map { review in
            let answer = { (area: ReviewArea) in review.fields.answers.first { $0.area == area.code }?.answer }
            let text = { (area: ReviewArea) in answer(area).map { t("policy_review_answer.\($0.rawValue)") } ?? "—" }
            return PageTable<ReviewArea>.Column(
                title: names[review.fields.institutionId] ?? "—",
                node: { area in answer(area)?.isGap == true ? .strong(.class("gap"), .text(text(area))) : .text(text(area)) },
                value: { .text(text($0)) })
        }, rowHeaders: true)
        if let format = try PageExport.format(env) {
            return try await PageExport.file(table.cells(template.areas), name: "policy-review-comparison-\(template.id)", sheet: t("policy_review.comparison"), format: format)
        }
        let html = Layout.page(
            t("policy_review.comparison") + ": " + template.title, env: env,
            .p(.text(t("policy_review.comparison_intro"))),
            reviews.isEmpty ? .p(.class("muted"), .text(t("list.none_found")))
                : .group(table.html(template.areas), PageExport.links(.reviewComparison(template.id), query: [], t: t))
        )
        return HTMLPage(html: html)
    }
}
