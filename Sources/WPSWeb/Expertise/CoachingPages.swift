import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// The Gender Coach Programme in the browser: the cohorts a reader coordinates, coaches in or
/// keeps; a cohort's pairings with counts and its topics (small counts withheld); a pairing's
/// sessions, where only its coach records sessions and reads their notes.
enum CoachingPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.coaching)) { request, context in
            try await list(PageEnvironment(context: context, request: request), services, values: [:], errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.coaching)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            var errors: [FieldError] = []
            let form = context.form
            var fields = CoachingCohortFields(title: form["title"], start: .epoch, end: .epoch)
            fields.programme = form["programme"].isEmpty ? fields.programme : form["programme"]
            fields.start = DirectoryViews.day(form["start"], field: "start", errors: &errors) ?? .epoch
            fields.end = DirectoryViews.day(form["end"], field: "end", errors: &errors) ?? .epoch
            for key in ["start", "end"] where form[key].isEmpty { errors.append(FieldError(field: key, code: "required")) }
            if !form["institution_id"].isEmpty { fields.institutionId = DirectoryViews.number(form, "institution_id", errors: &errors) }
            if errors.isEmpty {
                do {
                    let cohort = try await services.expertise.createCohort(fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.cohort(cohort.id))
                } catch StoreError.invalid(let found) { errors = found }
            }
            return try await list(env, services, values: Dictionary(uniqueKeysWithValues: ["title", "programme", "start", "end", "institution_id"].map { ($0, form[$0]) }),
                                  errors: errors).response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.cohort)) { request, context in
            try await cohort(PageEnvironment(context: context, request: request), id: try pathID(context), services, errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.cohort)) { request, context in
            let id = try pathID(context)
            var errors: [FieldError] = []
            let coach = DirectoryViews.number(context.form, "coach_expert_id", errors: &errors)
            let coachee = DirectoryViews.number(context.form, "coachee_person_id", errors: &errors)
            if errors.isEmpty, let coach, let coachee {
                do {
                    _ = try await services.expertise.createPairing(cohortId: id, coachExpertId: coach, coacheePersonId: coachee, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.cohort(id))
                } catch StoreError.invalid(let found) { errors = found }
            }
            var page = try await cohort(PageEnvironment(context: context, request: request), id: id, services, errors: errors)
            page.status = .unprocessableContent
            return try page.response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.pairing)) { request, context in
            try await pairing(PageEnvironment(context: context, request: request), id: try pathID(context), services, values: [:], errors: [])
        }
        signedIn.post(RouterPath(SiteRoute.Template.pairing)) { request, context in
            let id = try pathID(context)
            let form = context.form
            var errors: [FieldError] = []
            var fields = CoachingSessionFields(date: .epoch, minutes: 60, mode: .inPerson)
            fields.date = DirectoryViews.day(form["date"], field: "date", errors: &errors) ?? .epoch
            if form["date"].isEmpty { errors.append(FieldError(field: "date", code: "required")) }
            fields.minutes = DirectoryViews.number(form, "minutes", errors: &errors) ?? 0
            fields.mode = DirectoryViews.choice(form, "mode", CoachingMode.self, errors: &errors) ?? .inPerson
            for (index, topic) in form.values("topics").enumerated() {
                if let value = CoachingTopic(rawValue: topic) { fields.topics.append(value) } else {
                    errors.append(FieldError(field: "topics[\(index)]", code: "invalid_value", value: String(topic.prefix(40))))
                }
            }
            fields.notes = form["notes"]
            errors += fields.validate().filter { problem in !errors.contains { $0.field == problem.field } }
            if errors.isEmpty {
                do {
                    _ = try await services.expertise.addSession(pairingId: id, fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.pairing(id))
                } catch StoreError.invalid(let found) { errors = found }
            }
            var values: [String: String] = [:]
            for key in ["date", "minutes", "mode", "notes"] { values[key] = form[key] }
            values["topics"] = form.values("topics").joined(separator: ",")
            return try await pairing(PageEnvironment(context: context, request: request), id: id, services, values: values, errors: errors)
                .response(from: request, context: context)
        }
    }

    static func list(_ env: PageEnvironment, _ services: AppServices, values: [String: String], errors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let cohorts = try await services.expertise.cohorts(viewer: env.viewer)
        let secretariat = try await services.expertise.isSecretariat(env.viewer)
        let options = try await DirectoryViews.institutionOptions(services, viewer: env.viewer)
        let html = Layout.page(
            t("coaching.title"), env: env, notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.text(t("coaching.intro"))),
            cohorts.isEmpty ? .p(.text(t("list.none_found"))) : .ul(.forEach(cohorts) { cohort in
                .li(.a(.href(SiteRoute.cohort(cohort.id).path), .text(cohort.fields.title)),
                    .text(" · \(cohort.fields.start) – \(cohort.fields.end)"))
            }),
            .if(secretariat, .group(
                .h2(.text(t("coaching.new_cohort"))),
                .form(.action(SiteRoute.coaching.path), .method(.post), Forms.csrf(env),
                      Forms.text("title", label: t("field.title"), value: values["title"] ?? "", errors: errors, env: env, required: true),
                      Forms.text("programme", label: t("coaching.programme"), value: values["programme"] ?? "", errors: errors, env: env),
                      Forms.text("start", label: t("field.start"), value: values["start"] ?? "", errors: errors, env: env, type: .date, required: true),
                      Forms.text("end", label: t("field.end"), value: values["end"] ?? "", errors: errors, env: env, type: .date, required: true),
                      Forms.select("institution_id", label: t("coaching.institution"), options: [("", "—")] + options, selected: values["institution_id"] ?? "",
                                   errors: errors, env: env),
                      .button(.type(.submit), .text(t("coaching.start_cohort")))))))
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }

    static func cohort(_ env: PageEnvironment, id: Int, _ services: AppServices, errors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let store = services.expertise
        guard let cohort = try await store.cohort(id: id, viewer: env.viewer), let pairings = try await store.pairings(cohortId: id, viewer: env.viewer) else {
            throw APIProblem.notFound
        }
        let topics = try await store.cohortTopics(cohortId: id, threshold: services.config.suppressionThreshold, viewer: env.viewer)
        let secretariat = try await store.isSecretariat(env.viewer)
        let keeps = secretariat || cohort.coordinatorUserId == env.viewer.userId
        let coaches = keeps ? try await store.experts(ExpertQuery(area: "gender_coaching"), viewer: env.viewer) : []
        let table = PageTable<CoachingPairing>(columns: [
            .link(t("coaching.coach"), href: { SiteRoute.pairing($0.id).path }, { $0.coachName }),
            .text(t("coaching.coachee")) { $0.coacheeName ?? t("coaching.coachee_hidden") },
            .number(t("coaching.sessions"), t) { $0.sessions },
            .init(title: t("coaching.hours"), numeric: true, node: { .text(t.decimal(Double($0.minutes) / 60, digits: 1)) },
                  value: { .number((Double($0.minutes) / 6).rounded() / 10) }),
            .text(t("coaching.last_session")) { $0.lastSession?.description ?? "—" },
        ])
        if errors.isEmpty, let format = try PageExport.format(env) {
            return try await PageExport.file(table.cells(pairings), name: "cohort-\(id)-pairings", sheet: t("coaching.pairings"), format: format)
        }
        let html = Layout.page(
            cohort.fields.title, env: env, notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.a(.href(SiteRoute.coaching.path), .text(t("coaching.title"))), .text(" · \(cohort.fields.programme) · \(cohort.fields.start) – \(cohort.fields.end)")),
            .h2(.text(t("coaching.pairings"))),
            pairings.isEmpty ? .p(.text(t("list.none_found"))) : .group(table.html(pairings), PageExport.links(.cohort(id), query: [], t: t)),
            .unwrap(topics) { topics in
                .group(
                    .h2(.text(t("coaching.topics"))),
                    .p(.class("muted"), .text(t("coaching.topics_withheld").replacingOccurrences(of: "{k}", with: String(topics.threshold)))),
                    .ul(.forEach(topics.counts.filter { $0.sessions != 0 }) { row in
                        .li(.text("\(t("coaching_topic.\(row.topic.rawValue)")): \(row.sessions.map(String.init) ?? "<\(topics.threshold)")"))
                    }))
            },
            .if(keeps, .group(
                .h2(.text(t("coaching.new_pairing"))),
                .form(.action(SiteRoute.cohort(id).path), .method(.post), Forms.csrf(env),
                      Forms.select("coach_expert_id", label: t("coaching.coach"), options: coaches.map { (String($0.id), $0.name) }, selected: "",
                                   errors: errors, env: env),
                      Forms.text("coachee_person_id", label: t("coaching.coachee_id"), value: "", errors: errors, env: env, type: .number,
                                 hint: t("coaching.coachee_hint")),
                      .button(.type(.submit), .text(t("coaching.pair")))))))
        return HTMLPage(html: html)
    }

    static func pairing(_ env: PageEnvironment, id: Int, _ services: AppServices, values: [String: String], errors: [FieldError]) async throws -> HTMLPage {
        let t = env.catalog
        let store = services.expertise
        guard let pairing = try await store.pairing(id: id, viewer: env.viewer), let sessions = try await store.sessions(pairingId: id, viewer: env.viewer) else {
            throw APIProblem.notFound
        }
        let me = try await store.personId(of: env.viewer)
        let coach = try await store.expert(id: pairing.coachExpertId, viewer: Viewer(userId: nil, isPlatformAdmin: true))
        let isCoach = me != nil && coach?.fields.personId == me
        let chosen = Set((values["topics"] ?? "").split(separator: ",").map(String.init))
        // Topics and notes are the coach's alone: the page and the files hold them only for her
        var columns: [PageTable<CoachingSession>.Column] = [
            .text(t("coaching.date")) { $0.date.description },
            .number(t("coaching.minutes"), t) { $0.minutes },
            .text(t("coaching.mode")) { t("coaching_mode.\($0.mode.rawValue)") },
        ]
        if isCoach {
            columns += [
                .text(t("coaching.topics")) { ($0.topics ?? []).map { t("coaching_topic.\($0.rawValue)") }.joined(separator: ", ") },
                .text(t("coaching.notes")) { $0.notes ?? "" },
            ]
        }
        let table = PageTable(columns: columns)
        if errors.isEmpty, let format = try PageExport.format(env) {
            return try await PageExport.file(table.cells(sessions), name: "pairing-\(id)-sessions", sheet: t("coaching.sessions"), format: format)
        }
        let html = Layout.page(
            "\(pairing.coachName) · \(pairing.coacheeName ?? t("coaching.coachee_hidden"))", env: env,
            notice: errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .p(.a(.href(SiteRoute.cohort(pairing.cohortId).path), .text(t("coaching.cohort")))),
            .p(.class("muted"), .text(isCoach ? t("coaching.notes_private") : t("coaching.notes_hidden"))),
            sessions.isEmpty ? .p(.text(t("list.none_found"))) : .group(table.html(sessions), PageExport.links(.pairing(id), query: [], t: t)),
            .if(isCoach, .group(
                .h2(.text(t("coaching.add_session"))),
                .form(.action(SiteRoute.pairing(id).path), .method(.post), Forms.csrf(env),
                      Forms.text("date", label: t("coaching.date"), value: values["date"] ?? "", errors: errors, env: env, type: .date, required: true),
                      Forms.text("minutes", label: t("coaching.minutes"), value: values["minutes"] ?? "60", errors: errors, env: env, type: .number),
                      Forms.select("mode", label: t("coaching.mode"), options: CoachingMode.allCases.map { ($0.rawValue, t("coaching_mode.\($0.rawValue)")) },
                                   selected: values["mode"] ?? "in_person", errors: errors, env: env),
                      .fieldset(.legend(.text(t("coaching.topics"))), .forEach(CoachingTopic.allCases) { topic in
                          .div(.class("check"), .label(
                              .input(.type(.checkbox), .name("topics"), .value(topic.rawValue),
                                     .attribute(named: "checked", value: chosen.contains(topic.rawValue) ? "checked" : nil)),
                              .text(" " + t("coaching_topic.\(topic.rawValue)"))))
                      }),
                      Forms.textarea("notes", label: t("coaching.notes"), value: values["notes"] ?? "", errors: errors, env: env, hint: t("coaching.notes_private")),
                      .button(.type(.submit), .text(t("coaching.add_session")))))))
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}
