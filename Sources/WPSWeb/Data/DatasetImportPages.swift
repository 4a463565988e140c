import Foundation
import Hummingbird
import WPSCore
import WPSStorage

/// The import wizard: upload a personnel file (CSV or .xlsx) for an institution → if anything is
/// wrong, a report of every problem (row, column, value, rule) with a question for each value the
/// platform does not know → confirm with the answers, which are saved in the institution's
/// mapping for its next file. Nothing is stored until the whole file is right.
enum DatasetImportPages {
    /// What the form carries from step to step.
    static let carried = ["institution_id", "reference_date", "series", "source", "definition", "visibility", "mapping", "sheet"]

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.importDataset)) { request, context in
            let env = PageEnvironment(context: context.base, request: request)
            return try await form(env: env, context: context, services: services, values: ["mapping": "default"], errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.importDataset)) { request, context in
            let env = PageEnvironment(context: context.base, request: request)
            var values = Dictionary(uniqueKeysWithValues: carried.map { ($0, context.form[$0]) })
            guard let file = context.uploads["file"], file.size > 0 else {
                return try await form(env: env, context: context, services: services, values: values,
                                      errors: [FieldError(field: "file", code: "required")]).response(from: request, context: context)
            }
            let token = Secrets.random()
            try await services.uploads.keep(
                token: token, fileName: UploadFolder.safeName(file.filename), contentsOf: file.path, userId: context.user.id)
            values["upload"] = token
            return try await run(request, env: env, context: context, services: services, values: values, answers: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.confirmImport)) { request, context in
            let env = PageEnvironment(context: context.base, request: request)
            var values = Dictionary(uniqueKeysWithValues: carried.map { ($0, context.form[$0]) })
            values["upload"] = context.form["upload"]
            let answers = context.form.values("map").filter { !$0.isEmpty }
                + context.form["more"].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try await run(request, env: env, context: context, services: services, values: values, answers: answers)
        }
    }

    /// Checks the form, then imports the uploaded file: a redirect to the new dataset, or the report.
    static func run(
        _ request: Request, env: PageEnvironment, context: SignedInContext, services: AppServices, values: [String: String], answers: [String]
    ) async throws -> Response {
        var errors: [FieldError] = []
        let institution = Int(values["institution_id"] ?? "")
        if institution == nil { errors.append(FieldError(field: "institution_id", code: "required")) }
        let date = Day(values["reference_date"] ?? "")
        if date == nil { errors.append(FieldError(field: "reference_date", code: "invalid_date", value: values["reference_date"])) }
        let visibility = Visibility(rawValue: values["visibility"] ?? "") ?? .institution
        var extra = ImportMapping()
        for answer in answers {
            do { try extra.add(answer) } catch { errors.append(FieldError(field: "more", code: error.code, value: answer)) }
        }
        let token = values["upload"] ?? ""
        guard let uploadName = try await services.uploads.fileName(token: token, userId: context.user.id) else {
            errors.append(FieldError(field: "file", code: "upload_expired"))
            return try await form(env: env, context: context, services: services, values: values, errors: errors).response(from: request, context: context)
        }
        guard errors.isEmpty, let institution, let date else {
            return try await form(env: env, context: context, services: services, values: values, errors: errors).response(from: request, context: context)
        }
        guard context.viewer.canAddData(for: institution) else { throw StoreError.forbidden }
        let mappingName = (values["mapping"] ?? "").isEmpty ? nil : values["mapping"]
        let sheet = (values["sheet"] ?? "").isEmpty ? nil : values["sheet"]
        do {
            let ranks = try await services.ranks.ranks(country: nil)
            let id = try await UploadFolder.shared.withScratchFile(name: uploadName) { path in
                guard try await services.uploads.copy(token: token, userId: context.user.id, to: path) else { throw APIProblem.notFound }
                return try await PersonnelImporter(database: services.database).run(
                    .init(path: path, institutionId: institution, referenceDate: date, series: values["series"] ?? "", sheet: sheet,
                          visibility: visibility, mappingName: mappingName, extraMapping: extra,
                          source: values["source"] ?? "", definition: values["definition"] ?? ""),
                    ranks: ranks, by: context.actor)
            }
            try await services.uploads.remove(token: token)
            return Response.seeOther(.dataset(id))
        } catch let failure as PersonnelImporter.Failure {
            return try report(failure, env: env, values: values, answers: answers).response(from: request, context: context)
        }
    }

    static func form(
        env: PageEnvironment, context: SignedInContext, services: AppServices, values: [String: String], errors: [FieldError]
    ) async throws -> HTMLPage {
        let t = env.catalog
        let viewer = context.viewer
        let options: [(value: String, label: String)]
        if viewer.isPlatformAdmin {
            options = try await DirectoryViews.institutionOptions(services, viewer: viewer)
        } else {
            let ids = viewer.roles.filter { viewer.canAddData(for: $0.key) }.map(\.key).sorted()
            let names = try await services.directory.institutionNames(ids: ids, viewer: viewer)
            options = ids.map { (String($0), names[$0] ?? String($0)) }
        }
        let html = Layout.page(
            t("import.title"), env: env,
            notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.text(t("import.intro"))),
            options.isEmpty ? .p(.text(t("import.no_institution"))) : .form(
                .method(.post), .action(SiteRoute.importDataset.path), .enctype(.multipartData),
                Forms.csrf(env),
                Forms.select("institution_id", label: t("field.institution"), options: options, selected: values["institution_id"] ?? "",
                             errors: errors, env: env),
                Forms.text("reference_date", label: t("field.reference_date"), value: values["reference_date"] ?? "", errors: errors, env: env,
                           type: .date, required: true),
                Forms.text("series", label: t("field.series"), value: values["series"] ?? "", errors: errors, env: env, hint: t("import.series_hint")),
                Forms.text("source", label: t("field.source"), value: values["source"] ?? "", errors: errors, env: env, hint: t("import.source_hint")),
                Forms.text("definition", label: t("field.definition"), value: values["definition"] ?? "", errors: errors, env: env,
                           hint: t("import.definition_hint")),
                Forms.select("visibility", label: t("field.visibility"),
                             options: Visibility.allCases.map { ($0.rawValue, t("visibility.\($0.rawValue)")) },
                             selected: values["visibility"] ?? Visibility.institution.rawValue, errors: errors, env: env),
                Forms.text("mapping", label: t("import.mapping"), value: values["mapping"] ?? "", errors: errors, env: env, hint: t("import.mapping_hint")),
                Forms.text("sheet", label: t("import.sheet"), value: values["sheet"] ?? "", errors: errors, env: env, hint: t("import.sheet_hint")),
                .div(
                    .class(Forms.errors(for: "file", in: errors).isEmpty ? "field" : "field invalid"),
                    .label(.for("file"), .text(t("import.file"))),
                    .input(.type(.file), .name("file"), .id("file"), .attribute(named: "accept", value: ".csv,.txt,.xlsx"),
                           .attribute(named: "required", value: "required")),
                    .unwrap(Forms.errors(for: "file", in: errors).first) { .p(.class("field-error"), .text(t("error.\($0.code)"))) }
                ),
                .button(.type(.submit), .text(t("import.check")))
            )
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    /// Every problem, and a question for each value the platform does not know.
    static func report(_ failure: PersonnelImporter.Failure, env: PageEnvironment, values: [String: String], answers: [String]) -> HTMLPage {
        let t = env.catalog
        let problems: ImportFailure
        let message: String?
        switch failure {
        case .problems(let found):
            problems = found
            message = nil
        case .file(let error):
            problems = ImportFailure(problems: [], counts: [:])
            message = error.description
        case .noSuchInstitution, .empty:
            problems = ImportFailure(problems: [], counts: [:])
            message = t("import.empty")
        }
        let questions = problems.unknownValues
        /// The meanings a value of this kind may take, in groups: a rank's NATO code is offered by
        /// family (other ranks for NCOs and soldiers, officer ranks with cadets).
        func meanings(_ kind: String) -> [(group: String?, values: [String])] {
            switch kind {
            case "rank":
                [(t("import.codes_other_ranks"), RankMapping.natoCodes.filter { $0.hasPrefix("OR-") }),
                 (t("import.codes_officers"), RankMapping.natoCodes.filter { $0.hasPrefix("OF") })]
            case "sex": [(nil, Sex.allCases.map(\.rawValue))]
            case "category": [(nil, PersonnelCategory.allCases.map(\.rawValue))]
            default: [(nil, ["decision_making", "other"])]
            }
        }
        let html = Layout.page(
            t("import.report_title"), env: env,
            notice: Notice(kind: .error, text: message ?? t("import.nothing_stored").replacingOccurrences(of: "{n}", with: String(problems.total))),
            .if(!problems.counts.isEmpty, .ul(.forEach(problems.counts.sorted { $0.key < $1.key }) { rule, count in
                .li(.text("\(t("rule.\(rule)")): \(count)"))
            })),
            .if(!problems.problems.isEmpty, .table(
                .class("figures"),
                .thead(.tr(.th(.text(t("import.row"))), .th(.text(t("import.column"))), .th(.text(t("import.value"))), .th(.text(t("import.rule"))))),
                .tbody(.forEach(problems.problems) { problem in
                    .tr(.td(.text(String(problem.row))), .td(.text(problem.column)), .td(.text(problem.value)), .td(.text(t("rule.\(problem.rule)"))))
                })
            )),
            message != nil ? .p(.a(.href(SiteRoute.importDataset.path), .text(t("import.again")))) : .form(
                .method(.post), .action(SiteRoute.confirmImport.path),
                Forms.csrf(env),
                .forEach(carried + ["upload"]) { Forms.hidden($0, values[$0] ?? "") },
                .if(!questions.isEmpty, .group(
                    .h2(.text(t("import.questions"))),
                    .p(.text(t("import.questions_intro"))),
                    .forEach(Array(questions.enumerated())) { index, question in
                        .div(
                            .class("field"),
                            .label(.for("map-\(index)"), .text("\(t("import.kind.\(question.kind)")): “\(question.value)”")),
                            .select(
                                .attribute(named: "name", value: "map"), .id("map-\(index)"),
                                Forms.option("", t("import.not_answered"), selected: true),
                                .forEach(meanings(question.kind)) { group in
                                    let options = Node.forEach(group.values) { meaning in
                                        Forms.option("\(question.kind):\(question.value)=\(meaning)", meaning, selected: false)
                                    }
                                    return group.group.map { Node.optgroup(label: $0, options) } ?? options
                                }
                            )
                        )
                    }
                )),
                Forms.textarea("more", label: t("import.more"), value: answers.joined(separator: "\n"), errors: [], env: env, hint: t("import.more_hint")),
                .button(.type(.submit), .text(t("import.confirm")))
            )
        )
        return HTMLPage(status: .unprocessableContent, html: html)
    }
}
