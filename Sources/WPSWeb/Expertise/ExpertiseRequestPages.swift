import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Requests for expertise in the browser: the queue with the form an institution's editor
/// sends, a request's page (its ranked matches for the secretariat, its assignments, and what
/// each reader may do next), and the public form for anyone outside the directory.
enum ExpertiseRequestPages {
    /// The public form's limits: requests per hour in all, and per e-mail address.
    static let publicPerHour = 30, publicPerEmailPerHour = 3

    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.expertiseRequests)) { request, context in
            try await queue(PageEnvironment(context: context, request: request), services, values: [:], errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.expertiseRequests)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            let fields = read(context.form, errors: &errors)
            if errors.isEmpty {
                do {
                    let created = try await services.expertise.createRequest(fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.expertiseRequest(created.id))
                } catch StoreError.invalid(let found) { errors = found }
            }
            return try await queue(env, services, values: values(context.form), errors: errors).response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.expertiseRequest)) { request, context in
            try await KeptPage.page(request, context, services) {
                try await show(PageEnvironment(context: $1, request: $0), id: try pathID($1), services)
            }
        }
        signedIn.post(RouterPath(SiteRoute.Template.requestStatus)) { _, context in
            let id = try pathID(context)
            guard let current = try await services.expertise.request(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
            var status = current.status
            if !context.form["status"].isEmpty {
                guard let chosen = RequestStatus(rawValue: context.form["status"]) else {
                    throw StoreError.invalid([FieldError(field: "status", code: "invalid_value", value: String(context.form["status"].prefix(40)))])
                }
                status = chosen
            }
            let confirmed = context.form["confirmed"].isEmpty ? current.confirmed : context.form["confirmed"] == "true"
            _ = try await services.expertise.updateRequest(
                id: id, version: Int(context.form["version"]) ?? current.version, fields: current.fields, status: status, confirmed: confirmed,
                viewer: context.viewer, by: context.actor)
            return Response.seeOther(.expertiseRequest(id))
        }
        signedIn.post(RouterPath(SiteRoute.Template.proposeExpert)) { _, context in
            let id = try pathID(context)
            guard let expert = Int(context.form["expert_id"]), JSONInput.idRange.contains(expert) else {
                throw StoreError.invalid([FieldError(field: "expert_id", code: "required")])
            }
            _ = try await services.expertise.propose(requestId: id, expertId: expert, viewer: context.viewer, by: context.actor)
            return Response.seeOther(.expertiseRequest(id))
        }
        signedIn.post(RouterPath(SiteRoute.Template.answerAssignment)) { _, context in
            let id = try pathID(context)
            guard let assignment = try await services.expertise.assignment(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
            let store = services.expertise
            switch context.form["action"] {
            case "accept", "decline":
                _ = try await store.answer(assignmentId: id, accept: context.form["action"] == "accept", viewer: context.viewer, by: context.actor)
            case "report":
                _ = try await store.report(assignmentId: id, text: context.form["report"], viewer: context.viewer, by: context.actor)
            case "feedback":
                guard let score = Int(context.form["score"]), (1...5).contains(score) else {
                    throw StoreError.invalid([FieldError(field: "score", code: "out_of_range", value: String(context.form["score"].prefix(20)))])
                }
                _ = try await store.feedback(assignmentId: id, score: score, text: context.form["text"], viewer: context.viewer, by: context.actor)
            default:
                throw StoreError.invalid([FieldError(field: "action", code: "invalid_value", value: String(context.form["action"].prefix(40)))])
            }
            return Response.seeOther(.expertiseRequest(assignment.requestId))
        }
        router.get(RouterPath(SiteRoute.Template.requestExpertise)) { request, context in
            try await publicForm(PageEnvironment(context: context, request: request), services, values: [:], errors: [])
        }
        router.post(RouterPath(SiteRoute.Template.requestExpertise)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            var fields = read(context.form, errors: &errors)
            fields.institutionId = nil
            let sent = try await services.expertise.publicRequests(since: Date().addingTimeInterval(-3600), email: fields.requesterEmail)
            if sent.all >= publicPerHour || sent.fromEmail >= publicPerEmailPerHour {
                var page = try await publicForm(env, services, values: values(context.form), errors: [], notice: Notice(kind: .error, text: env.catalog("expertise.too_many")))
                page.status = .tooManyRequests
                return try page.response(from: request, context: context)
            }
            if errors.isEmpty {
                do {
                    _ = try await services.expertise.createRequest(fields, viewer: .anonymous, by: Actor(userId: nil, name: "public request form"))
                    let html = Layout.page(env.catalog("expertise.request_expertise"), env: env,
                                           notice: Notice(kind: .info, text: env.catalog("expertise.public_thanks")),
                                           .p(.a(.href(SiteRoute.home.path), .text(env.catalog("site.name")))))
                    return try HTMLPage(status: .created, html: html).response(from: request, context: context)
                } catch StoreError.invalid(let found) { errors = found }
            }
            return try await publicForm(env, services, values: values(context.form), errors: errors).response(from: request, context: context)
        }
    }

    static let fieldNames = [
        "title", "institution_id", "requester_name", "requester_organisation", "requester_email", "languages", "country", "city", "start", "end",
        "format", "audience", "experts_needed", "description",
    ]

    static func values(_ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for name in fieldNames { values[name] = form[name] }
        values["areas"] = form.values("areas").joined(separator: ",")
        return values
    }

    static func read(_ form: FormData, errors: inout [FieldError]) -> ExpertiseRequestFields {
        var fields = ExpertiseRequestFields(title: form["title"], areas: form.values("areas"), languages: [], start: .epoch, end: .epoch)
        if !form["institution_id"].isEmpty { fields.institutionId = DirectoryViews.number(form, "institution_id", errors: &errors) }
        fields.requesterName = form["requester_name"]
        fields.requesterOrganisation = form["requester_organisation"]
        fields.requesterEmail = form["requester_email"]
        fields.languages = form["languages"].split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
        fields.country = form["country"].isEmpty ? nil : form["country"]
        fields.city = form["city"]
        fields.start = DirectoryViews.day(form["start"], field: "start", errors: &errors) ?? .epoch
        fields.end = DirectoryViews.day(form["end"], field: "end", errors: &errors) ?? .epoch
        if form["start"].isEmpty { errors.append(FieldError(field: "start", code: "required")) }
        if form["end"].isEmpty { errors.append(FieldError(field: "end", code: "required")) }
        fields.format = DirectoryViews.choice(form, "format", MissionFormat.self, errors: &errors) ?? .inPerson
        fields.audience = form["audience"]
        if !form["experts_needed"].isEmpty {
            guard let n = Int(form["experts_needed"]), (1...20).contains(n) else {
                errors.append(FieldError(field: "experts_needed", code: "out_of_range", value: String(form["experts_needed"].prefix(20))))
                return fields
            }
            fields.expertsNeeded = n
        }
        fields.description = form["description"]
        errors += fields.trimmed().validate().filter { problem in !errors.contains { $0.field == problem.field } && !(["start", "end"].contains(problem.field) && fields.start == .epoch) }
        return fields
    }

    /// The request form's fields (for the queue and for the public form).
    static func requestFields(
        _ env: PageEnvironment, _ services: AppServices, values: [String: String], errors: [FieldError], institutions: [(value: String, label: String)]?
    ) async throws -> Node {
        let t = env.catalog
        let areas = try await services.expertise.areas()
        let chosen = Set((values["areas"] ?? "").split(separator: ",").map(String.init))
        let countries = try await services.directory.countries()
        return .group(
            Forms.text("title", label: t("field.title"), value: values["title"] ?? "", errors: errors, env: env, required: true),
            .unwrap(institutions) { options in
                Forms.select("institution_id", label: t("expertise.requesting_institution"), options: options, selected: values["institution_id"] ?? "",
                             errors: errors, env: env)
            },
            .fieldset(
                .legend(.text(t("expertise.areas"))),
                .forEach(areas) { area in
                    .div(.class("check"), .label(
                        .input(.type(.checkbox), .name("areas"), .value(area.code), .attribute(named: "checked", value: chosen.contains(area.code) ? "checked" : nil)),
                        .text(" " + area.label(t.language.rawValue))))
                },
                Forms.errorNode("areas", Forms.errors(for: "areas", in: errors), env)),
            Forms.text("languages", label: t("expertise.languages"), value: values["languages"] ?? "", errors: errors, env: env, hint: t("expertise.request_languages_hint")),
            Forms.select("country", label: t("field.country"), options: [("", "—")] + DirectoryViews.countryOptions(countries, t), selected: values["country"] ?? "",
                         errors: errors, env: env),
            Forms.text("city", label: t("expertise.city"), value: values["city"] ?? "", errors: errors, env: env),
            Forms.text("start", label: t("field.start"), value: values["start"] ?? "", errors: errors, env: env, type: .date, required: true),
            Forms.text("end", label: t("field.end"), value: values["end"] ?? "", errors: errors, env: env, type: .date, required: true),
            Forms.select("format", label: t("expertise.format"), options: MissionFormat.allCases.map { ($0.rawValue, t("mission_format.\($0.rawValue)")) },
                         selected: values["format"] ?? "in_person", errors: errors, env: env),
            Forms.text("audience", label: t("expertise.audience"), value: values["audience"] ?? "", errors: errors, env: env),
            Forms.text("experts_needed", label: t("expertise.experts_needed"), value: values["experts_needed"] ?? "1", errors: errors, env: env, type: .number),
            Forms.textarea("description", label: t("field.description"), value: values["description"] ?? "", errors: errors, env: env))
    }

    static func queue(_ env: PageEnvironment, _ services: AppServices, values: [String: String], errors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let requests = try await services.expertise.requests(viewer: env.viewer)
        let phrases = try await ExpertiseRoute.phrases(services, catalog: t)
        let secretariat = try await services.expertise.isSecretariat(env.viewer)
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        var names: [Int: String] = [:]
        for id in Set(requests.compactMap(\.fields.institutionId)) {
            if let institution = try await services.directory.institution(id: id, viewer: admin) { names[id] = institution.fields.nameEn.isEmpty ? institution.fields.name : institution.fields.nameEn }
        }
        var options = try await DirectoryViews.institutionOptions(services, viewer: env.viewer)
        if !secretariat {
            options = options.filter { option in Int(option.value).map { env.viewer.canEdit(owner: $0) } ?? false }
        }
        let canSend = secretariat || !options.isEmpty
        let table = PageTable<ExpertiseRequest>(columns: [
            .link(t("field.title"), href: { SiteRoute.expertiseRequest($0.id).path }, { $0.fields.title }),
            .text(t("expertise.requester")) { $0.fields.institutionId.flatMap { names[$0] } ?? $0.fields.requesterOrganisation },
            .text(t("expertise.areas")) { $0.fields.areas.map(phrases.area).joined(separator: ", ") },
            .text(t("expertise.when")) { phrases.period($0.fields.start, $0.fields.end) },
            .text(t("field.status")) { t("request_status.\($0.status.rawValue)") + ($0.confirmed ? "" : " · " + t("expertise.unconfirmed")) },
        ])
        if errors.isEmpty, let format = try PageExport.format(env) {
            return try await PageExport.file(table.cells(requests), name: "expertise-requests", sheet: t("expertise.requests"), format: format)
        }
        let html = Layout.page(
            t("expertise.requests"), env: env, notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.text(t("expertise.requests_intro")), .text(" "), .a(.href(SiteRoute.experts.path), .text(t("expertise.roster")))),
            requests.isEmpty ? .p(.text(t("list.none_found"))) : .group(table.html(requests), PageExport.links(.expertiseRequests, query: [], t: t)),
            .if(canSend, .group(
                .h2(.text(t("expertise.send_request"))),
                .form(.action(SiteRoute.expertiseRequests.path), .method(.post), Forms.csrf(env),
                      try await requestFields(env, services, values: values, errors: errors, institutions: options),
                      .button(.type(.submit), .text(t("expertise.send")))))))
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func publicForm(
        _ env: PageEnvironment, _ services: AppServices, values: [String: String], errors: [FieldError], notice: Notice? = nil
    ) async throws -> HTMLPage {
        let t = env.catalog
        let html = Layout.page(
            t("expertise.request_expertise"), env: env, notice: notice ?? (errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors"))),
            .p(.text(t("expertise.public_intro"))),
            .form(.action(SiteRoute.requestExpertise.path), .method(.post), Forms.csrf(env),
                  Forms.text("requester_name", label: t("expertise.your_name"), value: values["requester_name"] ?? "", errors: errors, env: env, required: true),
                  Forms.text("requester_organisation", label: t("expertise.your_organisation"), value: values["requester_organisation"] ?? "", errors: errors,
                             env: env, required: true),
                  Forms.text("requester_email", label: t("expertise.your_email"), value: values["requester_email"] ?? "", errors: errors, env: env, type: .email,
                             required: true),
                  try await requestFields(env, services, values: values, errors: errors, institutions: nil),
                  .button(.type(.submit), .text(t("expertise.send")))))
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func show(_ env: PageEnvironment, id: Int, _ services: AppServices) async throws -> HTMLPage {
        let t = env.catalog
        let store = services.expertise
        guard let request = try await store.request(id: id, viewer: env.viewer) else { throw APIProblem.notFound }
        let phrases = try await ExpertiseRoute.phrases(services, catalog: t)
        let secretariat = try await store.isSecretariat(env.viewer)
        let me = try await store.personId(of: env.viewer)
        let requester = request.fields.institutionId.map { env.viewer.canEdit(owner: $0) } ?? false
        let assignments = try await store.assignments(requestId: id, viewer: env.viewer)
        let found = secretariat ? try await store.matches(requestId: id, viewer: env.viewer, today: ExpertiseRoute.today) : nil
        var experts: [Int: Expert] = found?.experts ?? [:]
        for assignment in assignments where experts[assignment.expertId] == nil {
            experts[assignment.expertId] = try await store.expert(id: assignment.expertId, viewer: Viewer(userId: nil, isPlatformAdmin: true))
        }
        let proposed = Set(assignments.map(\.expertId))
        let f = request.fields
        let institution = try await f.institutionId.asyncMap { try await services.directory.institution(id: $0, viewer: Viewer(userId: nil, isPlatformAdmin: true)) } ?? nil
        let names = experts.mapValues(\.name)
        func name(_ expert: Int) -> String { names[expert] ?? "#\(expert)" }
        if let format = try PageExport.format(env) {
            // Only the secretariat sees the matches; anyone else learns nothing of them
            guard let found else { throw APIProblem.notFound }
            let table = matchTable(request: request, proposed: proposed, name: name, phrases: phrases, env: env)
            return try await PageExport.file(table.cells(found.matches), name: "request-\(id)-matches", sheet: t("expertise.matches"), format: format)
        }
        let matchesNode: Node = found.map { matchesSection($0, request: request, proposed: proposed, name: name, phrases: phrases, env: env) } ?? .empty
        let html = Layout.page(
            f.title, env: env,
            .if(!request.confirmed, Notice(kind: .warn, text: t("expertise.unconfirmed_notice")).node),
            .p(.a(.href(SiteRoute.expertiseRequests.path), .text(t("expertise.requests")))),
            DirectoryViews.record([
                (t("field.status"), .text(t("request_status.\(request.status.rawValue)"))),
                (t("expertise.requester"), institution.map { .a(.href(SiteRoute.institution($0.id).path), .text($0.fields.name)) }
                    ?? .text([f.requesterOrganisation, secretariat ? f.requesterName : "", secretariat ? f.requesterEmail : ""].filter { !$0.isEmpty }.joined(separator: " · "))),
                (t("expertise.areas"), .text(f.areas.map(phrases.area).joined(separator: ", "))),
                (t("expertise.languages"), .text(f.languages.map(phrases.language).joined(separator: ", "))),
                (t("expertise.where"), .text([f.city, f.country.map(phrases.country) ?? ""].filter { !$0.isEmpty }.joined(separator: ", "))),
                (t("expertise.when"), .text(phrases.period(f.start, f.end))),
                (t("expertise.format"), .text(t("mission_format.\(f.format.rawValue)"))),
                (t("expertise.audience"), .text(f.audience)),
                (t("expertise.experts_needed"), .text(String(f.expertsNeeded))),
            ]),
            .if(!f.description.isEmpty, .p(.text(f.description))),
            .if(secretariat, .form(
                .class("filters"), .action(SiteRoute.requestStatus(id).path), .method(.post), Forms.csrf(env), Forms.hidden("version", String(request.version)),
                .if(!request.confirmed, Forms.hidden("confirmed", "true")),
                .if(request.confirmed, Forms.select("status", label: t("field.status"),
                    options: [(request.status.rawValue, t("request_status.\(request.status.rawValue)"))] + request.status.next.map { ($0.rawValue, t("request_status.\($0.rawValue)")) },
                    selected: request.status.rawValue, errors: [], env: env)),
                .div(.button(.type(.submit), .class("secondary"), .text(request.confirmed ? t("expertise.change_status") : t("expertise.confirm")))))),
            .h2(.text(t("expertise.assignments"))),
            assignments.isEmpty ? .p(.class("muted"), .text(t("expertise.no_assignments"))) : .ul(.forEach(assignments) { assignment in
                let mine = me != nil && experts[assignment.expertId]?.fields.personId == me
                return .li(
                    .a(.href(SiteRoute.expert(assignment.expertId).path), .text(name(assignment.expertId))),
                    .text(" · " + t("assignment_status.\(assignment.status.rawValue)")),
                    .unwrap(assignment.activityId) { .group(.text(" · "), .a(.href(SiteRoute.activity($0).path), .text(t("expertise.mission")))) },
                    .if(!assignment.report.isEmpty, .p(.class("muted"), .text(assignment.report))),
                    .unwrap(assignment.feedbackScore) { score in .p(.text(t("expertise.feedback_given").replacingOccurrences(of: "{score}", with: String(score)) + " " + assignment.feedbackText)) },
                    .if(mine && assignment.status == .proposed, .div(
                        Forms.button(.answerAssignment(assignment.id), label: t("expertise.accept"), env: env, style: "primary", fields: [("action", "accept")]),
                        Forms.button(.answerAssignment(assignment.id), label: t("expertise.decline"), env: env, fields: [("action", "decline")]))),
                    .if(mine && [.accepted, .reported].contains(assignment.status), .form(
                        .action(SiteRoute.answerAssignment(assignment.id).path), .method(.post), Forms.csrf(env), Forms.hidden("action", "report"),
                        Forms.textarea("report", label: t("expertise.mission_report"), value: assignment.report, errors: [], env: env),
                        .button(.type(.submit), .text(t("expertise.file_report"))))),
                    .if((requester || secretariat) && [.accepted, .reported].contains(assignment.status), .form(
                        .class("filters"), .action(SiteRoute.answerAssignment(assignment.id).path), .method(.post), Forms.csrf(env), Forms.hidden("action", "feedback"),
                        Forms.select("score", label: t("expertise.score"), options: (1...5).map { (String($0), String($0)) },
                                     selected: String(assignment.feedbackScore ?? 5), errors: [], env: env),
                        Forms.text("text", label: t("expertise.feedback"), value: assignment.feedbackText, errors: [], env: env),
                        .div(.button(.type(.submit), .class("secondary"), .text(t("expertise.give_feedback")))))))
            }),
            matchesNode)
        return HTMLPage(html: html)
    }

    /// How many matches, and how many left out, the request's page shows before "show all".
    static let firstShown = 25

    static func matchesSection(
        _ found: RequestMatches, request: ExpertiseRequest, proposed: Set<Int>, name: @escaping (Int) -> String, phrases: ExpertisePhrases, env: PageEnvironment
    ) -> Node {
        let t = env.catalog
        let id = request.id
        // The best first: a large roster ranks hundreds, and the secretariat reads the top of
        // the list; all of them, and all left out, one link away
        let all = env.query["matches"] == "all"
        let matches = all ? found.matches : Array(found.matches.prefix(firstShown))
        let excluded = all ? found.excluded : Array(found.excluded.prefix(firstShown))
        let cut = matches.count < found.matches.count || excluded.count < found.excluded.count
        return .group(
                    .h2(.id("matches"), .text(t("expertise.matches"))),
                    .p(.class("muted"), .text(t("expertise.score_explained"))),
                    .if(cut, .p(
                        .if(matches.count < found.matches.count, .text(
                            t("expertise.matches_shown").replacingOccurrences(of: "{shown}", with: t.number(matches.count))
                                .replacingOccurrences(of: "{n}", with: t.number(found.matches.count)) + " ")),
                        .a(.href(SiteRoute.expertiseRequest(id).with(query: [("matches", "all")]) + "#matches"), .text(t("expertise.matches_all"))))),
                    found.matches.isEmpty ? .p(.text(t("expertise.no_matches")))
                        : .group(matchTable(request: request, proposed: proposed, name: name, phrases: phrases, env: env).html(matches),
                                 PageExport.links(.expertiseRequest(id), query: [], t: t)),
                    .if(!found.excluded.isEmpty, .group(
                        .h3(.text(t("expertise.left_out").replacingOccurrences(of: "{n}", with: t.number(found.excluded.count)))),
                        .ul(.forEach(excluded) { left in
                            .li(.text(name(left.expertId) + ": " + left.reasons.map(phrases.reason).joined(separator: "; ")))
                        })))
        )
    }

    static let scoreParts = ["areas", "trainings", "missions", "feedback", "language", "region"]

    /// The matches as the page shows them (name, score with its parts, reasons, a propose
    /// button) and as the downloads hold them (each part of the score a column of its own).
    static func matchTable(
        request: ExpertiseRequest, proposed: Set<Int>, name: @escaping (Int) -> String, phrases: ExpertisePhrases, env: PageEnvironment
    ) -> PageTable<ExpertMatch> {
        let t = env.catalog
        let open = request.confirmed && [.open, .matching, .assigned].contains(request.status)
        func reasons(_ match: ExpertMatch) -> [String] { match.reasons.filter { $0 != .conflict }.map(phrases.reason) }
        var columns: [PageTable<ExpertMatch>.Column] = [
            .init(
                title: t("field.name"),
                node: { match in
                    .group(.a(.href(SiteRoute.expert(match.expertId).path), .text(name(match.expertId))),
                           .if(match.conflict, .div(.class("field-error"), .text(t("expertise.reason.conflict")))))
                },
                value: { .text(name($0.expertId) + ($0.conflict ? " (\(t("expertise.reason.conflict")))" : "")) }),
            .init(
                title: t("expertise.score"),
                node: { match in
                    let parts = scoreParts.map { "\(t("expertise.part.\($0)")) \(t.decimal(match.parts[$0] ?? 0, digits: 1))" }
                    return .group(.text(t.decimal(match.score, digits: 1)), .div(.class("muted"), .text(parts.joined(separator: " · "))))
                },
                value: { .number(($0.score * 10).rounded() / 10) }),
        ]
        columns += scoreParts.map { part in
            .init(title: t("expertise.part.\(part)"), numeric: true, node: { _ in .empty }, value: { .number((($0.parts[part] ?? 0) * 10).rounded() / 10) }, onPage: false)
        }
        columns += [
            .init(title: t("expertise.reasons"), node: { match in .ul(.forEach(reasons(match)) { .li(.text($0)) }) }, value: { .text(reasons($0).joined(separator: "; ")) }),
            .init(
                title: "",
                node: { match in
                    guard open, !proposed.contains(match.expertId) else { return .empty }
                    return Forms.button(.proposeExpert(request.id), label: t("expertise.propose"), env: env, fields: [("expert_id", String(match.expertId))])
                },
                value: { _ in .empty }, inFile: false),
        ]
        return PageTable(columns: columns)
    }
}
