import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Expertise sharing in the browser: the roster with its filters, a profile (with the trainings
/// and missions the activities record), the profile form the expert or the secretariat fills,
/// the request queue and form, a request's page with its ranked matches and assignments, and the
/// public form through which anyone outside the directory asks for expertise.
enum ExpertisePages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.experts)) { request, context in
            try await KeptPage.page(request, context, services) { try await roster($0, $1, services) }
        }
        signedIn.get(RouterPath(SiteRoute.Template.expert)) { request, context in
            try await profile(PageEnvironment(context: context, request: request), id: try pathID(context), services)
        }
        signedIn.get(RouterPath(SiteRoute.Template.newExpert)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            guard let person = Int(request.query.get("person") ?? ""), JSONInput.idRange.contains(person),
                let found = try await services.directory.person(id: person, viewer: Viewer(userId: nil, isPlatformAdmin: true)), !found.deleted
            else { throw APIProblem.notFound }
            if let existing = try await services.expertise.expert(personId: person, viewer: context.viewer) {
                return Response.seeOther(.editExpert(existing.id))
            }
            try await requireKeeper(person: person, viewer: context.viewer, services)
            return try await form(env: env, services, name: found.fields.displayName, values: values(ExpertFields(personId: person)), errors: [], editing: nil)
                .response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.newExpert)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            guard let person = Int(context.form["person_id"]), JSONInput.idRange.contains(person),
                let found = try await services.directory.person(id: person, viewer: Viewer(userId: nil, isPlatformAdmin: true)), !found.deleted
            else { throw APIProblem.notFound }
            try await requireKeeper(person: person, viewer: context.viewer, services)
            var errors: [FieldError] = []
            let fields = read(context.form, onto: ExpertFields(personId: person), errors: &errors)
            if errors.isEmpty {
                do {
                    let expert = try await services.expertise.createExpert(fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.expert(expert.id))
                } catch StoreError.invalid(let found) { errors = found }
            }
            return try await form(env: env, services, name: found.fields.displayName, values: values(context.form), errors: errors, editing: nil)
                .response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.editExpert)) { request, context in
            let expert = try await editable(try pathID(context), context.viewer, services)
            return try await form(env: PageEnvironment(context: context, request: request), services, name: expert.name, values: values(expert.fields),
                                  errors: [], editing: expert)
        }
        signedIn.post(RouterPath(SiteRoute.Template.editExpert)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let expert = try await editable(try pathID(context), context.viewer, services)
            var errors: [FieldError] = []
            let fields = read(context.form, onto: expert.fields, errors: &errors)
            if errors.isEmpty {
                do {
                    _ = try await services.expertise.updateExpert(
                        id: expert.id, version: Int(context.form["version"]) ?? 0, fields: fields, viewer: context.viewer, by: context.actor)
                    return Response.seeOther(.expert(expert.id))
                } catch StoreError.invalid(let found) {
                    errors = found
                } catch StoreError.versionConflict {
                    let current = try await editable(expert.id, context.viewer, services)
                    return try await form(env: env, services, name: current.name, values: values(context.form), errors: [], editing: current, conflict: true)
                        .response(from: request, context: context)
                }
            }
            return try await form(env: env, services, name: expert.name, values: values(context.form), errors: errors, editing: expert)
                .response(from: request, context: context)
        }
        signedIn.get(RouterPath(SiteRoute.Template.expertExport)) { request, context in
            guard let export = try await ExpertExportJSON.make(expertId: try pathID(context), viewer: context.viewer, services: services) else {
                throw APIProblem.notFound
            }
            var response = try JSONResponse(export).response(from: request, context: context)
            response.headers[.contentDisposition] = "attachment; filename=\"expert-\(export.expert.id).json\""
            return response
        }
        signedIn.post(RouterPath(SiteRoute.Template.linkAccount)) { _, context in
            let id = try pathID(context)
            guard let person = try await services.directory.person(id: id, viewer: context.viewer), !person.deleted else { throw APIProblem.notFound }
            guard context.viewer.isPlatformAdmin else { throw StoreError.forbidden }
            let email = context.form["email"]
            var userId: Int?
            if !email.isEmpty {
                guard let user = try await services.accounts.credentials(email: email)?.user else {
                    return Response.redirect(to: SiteRoute.person(id).with(query: [("account", "unknown")]), type: .normal)
                }
                userId = user.id
            } else {
                userId = try await services.expertise.linkedUser(personId: id)
            }
            guard let userId else { return Response.seeOther(.person(id)) }
            do {
                try await services.expertise.link(userId: userId, personId: email.isEmpty ? nil : id, by: context.actor)
            } catch StoreError.conflict {
                return Response.redirect(to: SiteRoute.person(id).with(query: [("account", "taken")]), type: .normal)
            }
            return Response.seeOther(.person(id))
        }
        ExpertiseRequestPages.register(on: router, services: services)
    }

    /// On a person's page: her expert profile (or the way to make one, for the secretariat and
    /// herself), and for platform admins the account she signs in with.
    static func personSection(_ person: Person, env: PageEnvironment, _ services: AppServices) async throws -> Node {
        let t = env.catalog
        guard env.user != nil, !person.deleted else { return .empty }
        let expert = try await services.expertise.expert(personId: person.id, viewer: env.viewer)
        let secretariat = try await services.expertise.isSecretariat(env.viewer)
        let me = try await services.expertise.personId(of: env.viewer)
        let linked = env.viewer.isPlatformAdmin ? try await services.expertise.linkedUser(personId: person.id) : nil
        let linkedEmail = try await linked.asyncMap { try await services.accounts.user(id: $0)?.email } ?? nil
        let profile: Node = expert.map { .p(.a(.href(SiteRoute.expert($0.id).path), .text(t("expertise.profile_link")))) }
            ?? (secretariat || me == person.id
                ? .p(.a(.href(SiteRoute.newExpert.with(query: [("person", String(person.id))])), .text(t("expertise.new_profile")))) : .empty)
        return .group(
            .if(expert != nil || secretariat || me == person.id || env.viewer.isPlatformAdmin, .h2(.text(t("expertise.section")))),
            profile,
            .if(env.viewer.isPlatformAdmin, .form(
                .class("filters"), .action(SiteRoute.linkAccount(person.id).path), .method(.post), Forms.csrf(env),
                Forms.text("email", label: t("expertise.account"), value: linkedEmail ?? "", errors: [], env: env, type: .email, hint: t("expertise.account_hint")),
                .div(.button(.type(.submit), .class("secondary"), .text(t("action.save")))))))
    }

    /// The secretariat, or the person herself, may make and keep her profile.
    static func requireKeeper(person: Int, viewer: Viewer, _ services: AppServices) async throws {
        let secretariat = try await services.expertise.isSecretariat(viewer)
        let me = try await services.expertise.personId(of: viewer)
        guard secretariat || me == person else { throw StoreError.forbidden }
    }

    static func editable(_ id: Int, _ viewer: Viewer, _ services: AppServices) async throws -> Expert {
        guard let expert = try await services.expertise.expert(id: id, viewer: viewer) else { throw APIProblem.notFound }
        try await requireKeeper(person: expert.fields.personId, viewer: viewer, services)
        return expert
    }

    static func roster(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> HTMLPage {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let query = try ExpertiseRoute.expertQuery(request)
        let experts = try await services.expertise.experts(query, viewer: context.viewer)
        let phrases = try await ExpertiseRoute.phrases(services, catalog: t)
        let countries = try await services.directory.countries()
        let secretariat = try await services.expertise.isSecretariat(context.viewer)
        let me = try await services.expertise.personId(of: context.viewer)
        let mine = try await me.asyncMap { try await services.expertise.expert(personId: $0, viewer: context.viewer) } ?? nil
        let table = PageTable<Expert>(columns: [
            .link(t("field.name"), href: { SiteRoute.expert($0.id).path }, { $0.name }),
            .text(t("expertise.areas")) { $0.fields.areas.map(phrases.area).joined(separator: ", ") },
            .text(t("expertise.languages")) { languages($0.fields, phrases) },
            .text(t("expertise.worked_in")) { $0.fields.countriesWorked.map(phrases.country).joined(separator: ", ") },
            .text(t("expertise.listed")) { $0.fields.listed ? t("expertise.listed_yes") : t("expertise.not_listed") },
        ])
        if let format = try PageExport.format(request) {
            return try await PageExport.file(table.cells(experts), name: "experts", sheet: t("expertise.roster"), format: format)
        }
        let filters = [("area", query.area ?? ""), ("language", query.language ?? ""), ("country", query.country ?? ""),
                       ("available_from", query.availableFrom?.description ?? ""), ("available_to", query.availableTo?.description ?? "")]
        let html = Layout.page(
            t("expertise.roster"), env: env,
            .p(.text(t("expertise.roster_intro"))),
            .p(
                .a(.href(SiteRoute.expertiseRequests.path), .text(t("expertise.requests"))), .text(" · "),
                .a(.href(SiteRoute.coaching.path), .text(t("coaching.title"))),
                .unwrap(me) { person in
                    .group(.text(" · "), mine.map { .a(.href(SiteRoute.expert($0.id).path), .text(t("expertise.my_profile"))) }
                        ?? .a(.href(SiteRoute.newExpert.with(query: [("person", String(person))])), .text(t("expertise.make_my_profile"))))
                }),
            .form(
                .class("filters"), .action(SiteRoute.experts.path), .method(.get), .attribute(named: "role", value: "search"),
                DirectoryViews.filterSelect("area", label: t("expertise.area"), options: phrases.areas.map { ($0.code, $0.label(t.language.rawValue)) },
                                            selected: query.area, env: env),
                .div(.label(.for("language"), .text(t("expertise.language"))),
                     .input(.type(.text), .name("language"), .id("language"), .value(query.language ?? ""), .attribute(named: "size", value: "4"))),
                DirectoryViews.filterSelect("country", label: t("expertise.worked_in"), options: DirectoryViews.countryOptions(countries, t),
                                            selected: query.country, env: env),
                .div(.label(.for("available_from"), .text(t("expertise.available_from"))),
                     .input(.type(.date), .name("available_from"), .id("available_from"), .value(query.availableFrom?.description ?? ""))),
                .div(.label(.for("available_to"), .text(t("expertise.available_to"))),
                     .input(.type(.date), .name("available_to"), .id("available_to"), .value(query.availableTo?.description ?? ""))),
                .div(.button(.type(.submit), .text(t("list.search_button"))))),
            .if(secretariat, .form(
                .class("filters"), .action(SiteRoute.newExpert.path), .method(.get),
                .div(.label(.for("person"), .text(t("expertise.new_for_person"))),
                     .input(.type(.number), .name("person"), .id("person"), .attribute(named: "min", value: "1"))),
                .div(.button(.type(.submit), .class("secondary"), .text(t("expertise.new_profile")))))),
            experts.isEmpty ? .p(.text(t("list.none_found"))) : .group(table.html(experts), PageExport.links(.experts, query: filters, t: t))
        )
        return HTMLPage(html: html)
    }

    static func languages(_ fields: ExpertFields, _ phrases: ExpertisePhrases) -> String {
        fields.languages.map { "\(phrases.language($0.code)) (\(phrases.level($0.level)))" }.joined(separator: ", ")
    }

    static func profile(_ env: PageEnvironment, id: Int, _ services: AppServices) async throws -> HTMLPage {
        let t = env.catalog
        guard let expert = try await services.expertise.expert(id: id, viewer: env.viewer) else { throw APIProblem.notFound }
        let phrases = try await ExpertiseRoute.phrases(services, catalog: t)
        let record = try await services.expertise.record(expertId: expert.id)
        let secretariat = try await services.expertise.isSecretariat(env.viewer)
        let me = try await services.expertise.personId(of: env.viewer)
        let keeper = secretariat || me == expert.fields.personId
        var trainings: [Activity] = []
        var missions: [Activity] = []
        for delivered in record.trainings + record.missions {
            guard let activity = try await services.activities.activity(id: delivered.activityId, viewer: env.viewer), !activity.deleted else { continue }
            if activity.fields.kind == .expertMission { missions.append(activity) } else { trainings.append(activity) }
        }
        let assignments = keeper ? try await services.expertise.assignments(expertId: expert.id, viewer: env.viewer) : []
        let f = expert.fields
        func activityList(_ list: [Activity]) -> Node {
            list.isEmpty ? .p(.class("muted"), .text(t("expertise.none_recorded"))) : .ul(.forEach(list.sorted { $0.fields.start > $1.fields.start }) { activity in
                .li(.a(.href(SiteRoute.activity(activity.id).path), .text(activity.fields.title)), .text(" · " + ActivityPages.dates(activity.fields)),
                    .if(!activity.fields.areas.isEmpty, .span(.class("muted"), .text(" · " + activity.fields.areas.map(phrases.area).joined(separator: ", ")))))
            })
        }
        let html = Layout.page(
            expert.name, env: env,
            .if(!f.listed, Notice(kind: .warn, text: t("expertise.not_listed_notice")).node),
            .p(.a(.href(SiteRoute.person(f.personId).path), .text(t("expertise.person_page"))),
               .if(keeper, .group(.text(" · "), .a(.href(SiteRoute.editExpert(expert.id).path), .text(t("expertise.edit_profile"))), .text(" · "),
                                  .a(.href(SiteRoute.expertExport(expert.id).path), .text(t("expertise.export"))))),
               .text(" · "), .a(.href(SiteRoute.experts.path), .text(t("expertise.roster")))),
            DirectoryViews.record([
                (t("expertise.areas"), .text(f.areas.map(phrases.area).joined(separator: ", "))),
                (t("expertise.languages"), .text(languages(f, phrases))),
                (t("expertise.worked_in"), .text(f.countriesWorked.map(phrases.country).joined(separator: ", "))),
                (t("expertise.listed"), .text(f.listed ? t("expertise.listed_yes") : t("expertise.not_listed"))),
            ]),
            .forEach(f.biography.sorted { $0.key < $1.key }) { language, text in
                .div(.attribute(named: "lang", value: language), .forEach(text.components(separatedBy: "\n").filter { !$0.isEmpty }) { .p(.text($0)) })
            },
            .if(!f.certifications.isEmpty, .group(
                .h2(.text(t("expertise.certifications"))),
                .ul(.forEach(f.certifications) { c in
                    .li(.text([c.title, c.issuer, c.year.map(String.init) ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")))
                }))),
            .if(!f.availability.isEmpty, .group(
                .h2(.text(t("expertise.availability"))),
                .ul(.forEach(f.availability) { period in
                    .li(.text("\(phrases.period(period.from, period.to)): \(period.available ? t("expertise.available") : t("expertise.unavailable"))"))
                }))),
            .h2(.text(t("expertise.trainings_delivered"))), activityList(trainings),
            .h2(.text(t("expertise.missions"))), activityList(missions),
            .if(keeper && !assignments.isEmpty, .group(
                .h2(.text(t("expertise.assignments"))),
                .ul(.forEach(assignments) { assignment in
                    .li(.a(.href(SiteRoute.expertiseRequest(assignment.requestId).path), .text(t("expertise.request_number").replacingOccurrences(of: "{n}", with: String(assignment.requestId)))),
                        .text(" · " + t("assignment_status.\(assignment.status.rawValue)")))
                })))
        )
        return HTMLPage(html: html)
    }

    // MARK: The profile form

    static let textFields = ["languages", "countries_worked", "certifications", "availability", "biography_en", "biography_bs", "listed"]

    static func values(_ f: ExpertFields) -> [String: String] {
        [
            "person_id": String(f.personId),
            "areas": f.areas.joined(separator: ","),
            "languages": f.languages.map { "\($0.code) \($0.level.rawValue)" }.joined(separator: "\n"),
            "countries_worked": f.countriesWorked.joined(separator: ", "),
            "certifications": f.certifications.map { [$0.title, $0.issuer, $0.year.map(String.init) ?? ""].joined(separator: " | ") }.joined(separator: "\n"),
            "availability": f.availability.map { "\($0.from) \($0.to)\($0.available ? "" : " unavailable")" }.joined(separator: "\n"),
            "biography_en": f.biography["en"] ?? "", "biography_bs": f.biography["bs"] ?? "",
            "listed": f.listed ? "true" : "",
        ]
    }

    static func values(_ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for name in textFields + ["person_id"] { values[name] = form[name] }
        values["areas"] = form.values("areas").joined(separator: ",")
        return values
    }

    /// Reads the form; each line that cannot be read is named with its number.
    static func read(_ form: FormData, onto base: ExpertFields, errors: inout [FieldError]) -> ExpertFields {
        var fields = base
        fields.areas = form.values("areas")
        fields.languages = []
        for (index, line) in lines(form["languages"]).enumerated() {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init)
            guard parts.count == 2, let level = LanguageLevel(rawValue: parts[1] == "native" ? "native" : parts[1].uppercased()) else {
                errors.append(FieldError(field: "languages[\(index)]", code: "invalid_language_line", value: String(line.prefix(60))))
                continue
            }
            fields.languages.append(ExpertLanguage(code: parts[0].lowercased(), level: level))
        }
        fields.countriesWorked = form["countries_worked"].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        fields.certifications = []
        for (index, line) in lines(form["certifications"]).enumerated() {
            let parts = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            var year: Int?
            if parts.count > 2, !parts[2].isEmpty {
                guard let value = Int(parts[2]), (1950...2100).contains(value) else {
                    errors.append(FieldError(field: "certifications[\(index)].year", code: "out_of_range", value: String(parts[2].prefix(20))))
                    continue
                }
                year = value
            }
            fields.certifications.append(Certification(title: parts[0], issuer: parts.count > 1 ? parts[1] : "", year: year))
        }
        fields.availability = []
        for (index, line) in lines(form["availability"]).enumerated() {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2, parts.count <= 3, let from = Day(parts[0]), let to = Day(parts[1]),
                parts.count == 2 || ["unavailable", "nedostupna", "nedostupan"].contains(parts[2].lowercased())
            else {
                errors.append(FieldError(field: "availability[\(index)]", code: "invalid_period_line", value: String(line.prefix(60))))
                continue
            }
            fields.availability.append(AvailabilityPeriod(from: from, to: to, available: parts.count == 2))
        }
        for language in ["en", "bs"] {
            let text = form["biography_\(language)"]
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.biography[language] = nil } else { fields.biography[language] = text }
        }
        fields.listed = form["listed"] == "true"
        return fields
    }

    static func lines(_ text: String) -> [String] {
        text.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func form(
        env: PageEnvironment, _ services: AppServices, name: String, values: [String: String], errors: [FieldError], editing: Expert?, conflict: Bool = false
    ) async throws -> HTMLPage {
        let t = env.catalog
        let areas = try await services.expertise.areas()
        let chosen = Set((values["areas"] ?? "").split(separator: ",").map(String.init))
        let action = editing.map { SiteRoute.editExpert($0.id) } ?? .newExpert
        let html = Layout.page(
            (editing == nil ? t("expertise.new_profile") : t("expertise.edit_profile")) + ": " + name, env: env,
            notice: conflict ? DirectoryViews.conflictNotice(env) : errors.isEmpty ? nil : Notice(kind: .error, text: t("form.has_errors")),
            .form(
                .action(action.path), .method(.post),
                Forms.csrf(env),
                .unwrap(editing) { Forms.hidden("version", String($0.version)) },
                .if(editing == nil, Forms.hidden("person_id", values["person_id"] ?? "")),
                .fieldset(
                    .legend(.text(t("expertise.areas"))),
                    .forEach(areas) { area in
                        .div(.class("check"), .label(
                            .input(.type(.checkbox), .name("areas"), .value(area.code),
                                   .attribute(named: "checked", value: chosen.contains(area.code) ? "checked" : nil)),
                            .text(" " + area.label(t.language.rawValue))))
                    },
                    Forms.errorNode("areas", Forms.errors(for: "areas", in: errors), env)),
                Forms.textarea("languages", label: t("expertise.languages"), value: values["languages"] ?? "", errors: errors, env: env,
                               hint: t("expertise.languages_hint")),
                Forms.text("countries_worked", label: t("expertise.worked_in"), value: values["countries_worked"] ?? "", errors: errors, env: env,
                           hint: t("expertise.countries_hint")),
                Forms.textarea("certifications", label: t("expertise.certifications"), value: values["certifications"] ?? "", errors: errors, env: env,
                               hint: t("expertise.certifications_hint")),
                Forms.textarea("availability", label: t("expertise.availability"), value: values["availability"] ?? "", errors: errors, env: env,
                               hint: t("expertise.availability_hint")),
                Forms.textarea("biography_en", label: t("expertise.biography_en"), value: values["biography_en"] ?? "", errors: errors, env: env),
                Forms.textarea("biography_bs", label: t("expertise.biography_bs"), value: values["biography_bs"] ?? "", errors: errors, env: env),
                .div(.class("check"), .label(
                    .input(.type(.checkbox), .name("listed"), .value("true"), .attribute(named: "checked", value: values["listed"] == "true" ? "checked" : nil)),
                    .text(" " + t("expertise.consent")))),
                .p(.class("muted"), .text(t("expertise.consent_hint"))),
                .button(.type(.submit), .text(t("action.save"))))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}
