import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The coordinator's forms on a plan's page that add an evaluation, a recommendation of it, and
/// a consultation. A refused form comes back on the plan's page with what was typed and each
/// problem beside its field.
enum PlanFormPages {
    /// A form sent back: its name on the page, what was typed, and the problems.
    struct Sent: Sendable {
        var name: String
        var values: [String: String]
        var errors: [FieldError]

        func value(_ field: String) -> String { values[field] ?? "" }
    }

    static let evaluationFields = ["kind", "evaluator", "date", "findings"]
    static let recommendationFields = ["text", "priority"]
    static let consultationFields = ["title", "opens_on", "closes_on", "description"]

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.post(RouterPath(SiteRoute.Template.planEvaluations)) { request, context in
            let plan = try pathID(context)
            let form = FormData(pairs: evaluationFields.map { ($0, context.form["evaluation-" + $0]) })
            var errors: [FieldError] = []
            let kind = DirectoryViews.choice(form, "kind", EvaluationKind.self, errors: &errors)
            let date = form["date"].isEmpty ? nil : DirectoryViews.day(form["date"], field: "date", errors: &errors)
            if errors.isEmpty, let kind {
                do {
                    let evaluation = try await services.evaluations.createEvaluation(
                        planId: plan, EvaluationFields(kind: kind, evaluator: form["evaluator"], date: date, findings: form["findings"]),
                        viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.plan(plan).path + "#evaluation-\(evaluation.id)", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            return try await back(plan, Sent(name: "evaluation", values: values(form, evaluationFields), errors: errors), request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.evaluationRecommendations)) { request, context in
            let evaluation = try pathID(context)
            guard let plan = try await services.attachments.planOfEvaluation(evaluation) else { throw APIProblem.notFound }
            let prefix = "e\(evaluation)-"
            let form = FormData(pairs: recommendationFields.map { ($0, context.form[prefix + $0]) })
            let chosen = context.form.values(prefix + "addressed_to")
            var errors: [FieldError] = []
            let priority = DirectoryViews.choice(form, "priority", RecommendationPriority.self, errors: &errors)
            var addressed: [Int] = []
            for text in chosen {
                if let id = Int(text), JSONInput.idRange.contains(id), !addressed.contains(id) { addressed.append(id) } else {
                    errors.append(FieldError(field: "addressed_to", code: "invalid_value", value: String(text.prefix(60))))
                }
            }
            if errors.isEmpty, let priority {
                do {
                    let recommendation = try await services.evaluations.createRecommendation(
                        evaluationId: evaluation, RecommendationFields(text: form["text"], priority: priority, addressedTo: addressed),
                        viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.plan(plan).path + "#evaluation-\(recommendation.evaluationId)", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found.map { $0.field == "addressed_to_ids" || $0.field.hasPrefix("addressed_to_ids[") ? FieldError(field: "addressed_to", code: $0.code, value: $0.value) : $0 }
                }
            }
            var typed = values(form, recommendationFields)
            typed["addressed_to"] = chosen.joined(separator: ",")
            return try await back(plan, Sent(name: "recommendation-\(evaluation)", values: typed, errors: errors), request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.planConsultations)) { request, context in
            let plan = try pathID(context)
            let form = FormData(pairs: consultationFields.map { ($0, context.form["consultation-" + $0]) })
            var errors: [FieldError] = []
            let opens = DirectoryViews.day(form["opens_on"], field: "opens_on", errors: &errors)
            let closes = DirectoryViews.day(form["closes_on"], field: "closes_on", errors: &errors)
            if form["opens_on"].isEmpty { errors.append(FieldError(field: "opens_on", code: "required")) }
            if form["closes_on"].isEmpty { errors.append(FieldError(field: "closes_on", code: "required")) }
            if errors.isEmpty, let opens, let closes {
                do {
                    let consultation = try await services.consultations.createConsultation(
                        planId: plan, ConsultationFields(title: form["title"], opensOn: opens, closesOn: closes, description: form["description"]),
                        viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.plan(plan).path + "#consultation-\(consultation.id)", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            return try await back(plan, Sent(name: "consultation", values: values(form, consultationFields), errors: errors), request, context, services)
        }
    }

    static func values(_ form: FormData, _ names: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, form[$0]) })
    }

    /// The plan's page with the refused form; the store's rights come first (403, 404).
    static func back(_ plan: Int, _ sent: Sent, _ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        guard let found = try await services.plans.plan(id: plan, viewer: context.viewer), !found.deleted else { throw APIProblem.notFound }
        guard context.viewer.canEdit(found) else { throw StoreError.forbidden }
        return try await PlanPages.show(request, context.base, services, sent: sent, planId: plan).response(from: request, context: context)
    }

    // MARK: - The forms

    /// A field's errors under the form's prefixed name.
    static func prefixed(_ sent: Sent?, _ prefix: String) -> [FieldError] {
        (sent?.errors ?? []).map { FieldError(field: prefix + $0.field, code: $0.code, value: $0.value) }
    }

    static func evaluationForm(plan: Int, sent: Sent?, env: PageEnvironment) -> Node {
        let t = env.catalog
        let p = "evaluation-"
        let errors = prefixed(sent, p)
        let kinds = EvaluationKind.allCases.map { ($0.rawValue, t("evaluation_kind.\($0.rawValue)")) }
        return .form(
            .action(SiteRoute.planEvaluations(plan).path), .method(.post), .class("evaluation-form"), .attribute(named: "novalidate", value: "novalidate"),
            .h3(.text(t("evaluation.add"))),
            Forms.csrf(env),
            Forms.select(p + "kind", label: t("evaluation.kind"), options: kinds, selected: sent?.value("kind") ?? "final", errors: errors, env: env),
            Forms.text(p + "evaluator", label: t("evaluation.evaluator"), value: sent?.value("evaluator") ?? "", errors: errors, env: env, required: true),
            Forms.text(p + "date", label: t("evaluation.date"), value: sent?.value("date") ?? "", errors: errors, env: env, type: .date),
            Forms.textarea(p + "findings", label: t("evaluation.findings"), value: sent?.value("findings") ?? "", errors: errors, env: env),
            .button(.type(.submit), .class("secondary"), .text(t("evaluation.add"))))
    }

    static func recommendationForm(evaluation: Int, institutions: [(id: Int, name: String)], sent: Sent?, env: PageEnvironment) -> Node {
        let t = env.catalog
        let p = "e\(evaluation)-"
        let errors = prefixed(sent, p)
        let chosen = Set((sent?.value("addressed_to") ?? "").split(separator: ",").map(String.init))
        let priorities = RecommendationPriority.allCases.map { ($0.rawValue, t("priority.\($0.rawValue)")) }
        let addressedErrors = Forms.errors(for: p + "addressed_to", in: errors)
        return .element(named: "details", nodes: [
            .attribute(named: "open", value: sent == nil ? nil : "open"),
            .element(named: "summary", nodes: [.text(t("evaluation.add_recommendation"))]),
            .form(
                .action(SiteRoute.evaluationRecommendations(evaluation).path), .method(.post), .attribute(named: "novalidate", value: "novalidate"),
                Forms.csrf(env),
                Forms.textarea(p + "text", label: t("evaluation.recommendation"), value: sent?.value("text") ?? "", errors: errors, env: env),
                Forms.select(p + "priority", label: t("evaluation.priority"), options: priorities, selected: sent?.value("priority") ?? "medium",
                             errors: errors, env: env),
                .div(
                    .class(addressedErrors.isEmpty ? "field" : "field invalid"),
                    .label(.for(p + "addressed_to"), .text(t("evaluation.addressed_to"))),
                    .select(
                        .attribute(named: "name", value: p + "addressed_to"), .id(p + "addressed_to"), .attribute(named: "multiple", value: "multiple"),
                        .forEach(institutions) { Forms.option(String($0.id), $0.name, selected: chosen.contains(String($0.id))) }),
                    .unwrap(addressedErrors.first) { .p(.class("field-error"), .text(t("error.\($0.code)"))) }),
                .button(.type(.submit), .class("secondary"), .text(t("evaluation.add_recommendation")))),
        ])
    }

    static func consultationForm(plan: Int, sent: Sent?, env: PageEnvironment) -> Node {
        let t = env.catalog
        let p = "consultation-"
        let errors = prefixed(sent, p)
        return .form(
            .action(SiteRoute.planConsultations(plan).path), .method(.post), .class("consultation-form"), .attribute(named: "novalidate", value: "novalidate"),
            .h3(.text(t("consultation.add"))),
            Forms.csrf(env),
            Forms.text(p + "title", label: t("field.title"), value: sent?.value("title") ?? "", errors: errors, env: env, required: true),
            Forms.text(p + "opens_on", label: t("consultation.opens_on"), value: sent?.value("opens_on") ?? "", errors: errors, env: env, type: .date, required: true),
            Forms.text(p + "closes_on", label: t("consultation.closes_on"), value: sent?.value("closes_on") ?? "", errors: errors, env: env, type: .date, required: true),
            Forms.textarea(p + "description", label: t("consultation.description"), value: sent?.value("description") ?? "", errors: errors, env: env),
            .button(.type(.submit), .class("secondary"), .text(t("consultation.add"))))
    }
}
