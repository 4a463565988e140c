import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// The plan matrix upload (`/plans/{id}/import`): a CSV or workbook with one row per node or
/// indicator adds the plan's tree, or a report of every problem (row, column, value, rule) and
/// nothing added. For the editors and admins of the plan's coordinating institution.
enum PlanImportPage {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.importPlan)) { request, context in
            let plan = try await editable(try pathID(context), context.viewer, services)
            return form(env: PageEnvironment(context: context.base, request: request), plan: plan, sheet: "", errors: [], failure: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.importPlan)) { request, context in
            let env = PageEnvironment(context: context.base, request: request)
            let plan = try await editable(try pathID(context), context.viewer, services)
            let sheet = context.form["sheet"].trimmingCharacters(in: .whitespaces)
            guard let file = context.uploads["file"], file.size > 0 else {
                return try form(env: env, plan: plan, sheet: sheet, errors: [FieldError(field: "file", code: "required")], failure: nil)
                    .response(from: request, context: context)
            }
            do {
                _ = try await PlanMatrixImporter(database: services.database).run(
                    path: file.path, name: UploadFolder.safeName(file.filename), planId: plan.id, sheet: sheet.isEmpty ? nil : sheet,
                    viewer: context.viewer, by: context.actor)
                return Response.seeOther(.plan(plan.id))
            } catch let failure as PlanMatrixImporter.Failure {
                let problems: ImportFailure
                switch failure {
                case .problems(let found): problems = found
                case .file(let error):
                    problems = ImportFailure(
                        problems: [ImportProblem(
                            file: UploadFolder.safeName(file.filename), row: 0, column: "",
                            value: error.description.replacingOccurrences(of: file.path, with: UploadFolder.safeName(file.filename)), rule: "unreadable_file")],
                        counts: ["unreadable_file": 1])
                }
                return try form(env: env, plan: plan, sheet: sheet, errors: [], failure: problems).response(from: request, context: context)
            }
        }
    }

    /// The plan, when the viewer sees it (404) and may change it (403).
    static func editable(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> Plan {
        guard let plan = try await services.plans.plan(id: id, viewer: viewer), !plan.deleted else { throw APIProblem.notFound }
        guard viewer.canEdit(plan) else { throw StoreError.forbidden }
        return plan
    }

    /// A rule in the reader's language: its import wording, else its form wording, else its name.
    static func rule(_ rule: String, _ t: Catalog) -> String {
        for key in ["rule.\(rule)", "error.\(rule)"] where t.keys.contains(key) { return t(key) }
        return rule.replacingOccurrences(of: "_", with: " ")
    }

    static func form(env: PageEnvironment, plan: Plan, sheet: String, errors: [FieldError], failure: ImportFailure?) -> HTMLPage {
        let t = env.catalog
        let html = Layout.page(
            "\(t("plan_import.title")): \(plan.fields.title)", env: env,
            notice: failure.map { Notice(kind: .error, text: t("plan_import.nothing_added").replacingOccurrences(of: "{n}", with: String($0.total))) }
                ?? (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors"))),
            .p(.a(.href(SiteRoute.plan(plan.id).path), .text(plan.fields.title))),
            .unwrap(failure) { failure in
                .div(.class("scroll"), .table(
                    .class("figures"),
                    .thead(.tr(.th(.text(t("import.row"))), .th(.text(t("import.column"))), .th(.text(t("import.value"))), .th(.text(t("import.rule"))))),
                    .tbody(.forEach(failure.problems) { problem in
                        .tr(.td(.text(String(problem.row))), .td(.text(problem.column)), .td(.text(problem.value)), .td(.text(rule(problem.rule, t))))
                    })))
            },
            .p(.text(t("plan_import.intro"))),
            .form(
                .method(.post), .action(SiteRoute.importPlan(plan.id).path), .enctype(.multipartData),
                Forms.csrf(env),
                Forms.text("sheet", label: t("import.sheet"), value: sheet, errors: errors, env: env, hint: t("import.sheet_hint")),
                .div(
                    .class(Forms.errors(for: "file", in: errors).isEmpty ? "field" : "field invalid"),
                    .label(.for("file"), .text(t("import.file"))),
                    .input(.type(.file), .name("file"), .id("file"), .attribute(named: "accept", value: ".csv,.txt,.xlsx"),
                           .attribute(named: "required", value: "required")),
                    .unwrap(Forms.errors(for: "file", in: errors).first) { .p(.class("field-error"), .text(t("error.\($0.code)"))) }),
                .button(.type(.submit), .text(t("plan_import.add")))
            )
        )
        return HTMLPage(status: errors.isEmpty && failure == nil ? .ok : .unprocessableContent, html: html)
    }
}
