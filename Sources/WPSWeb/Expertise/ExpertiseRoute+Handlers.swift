import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

extension ExpertiseRoute {
    /// The phrases for the reader: areas and countries as the platform names them.
    static func phrases(_ services: AppServices, catalog: Catalog) async throws -> ExpertisePhrases {
        let countries = try await services.directory.countries()
        let names = catalog.countryNames(countries)
        return ExpertisePhrases(catalog: catalog, areas: try await services.expertise.areas(), countries: names)
    }

    static var today: Day { ConsultationRoute.today }

    /// Reads the roster's filters; a bad one is named (422).
    static func expertQuery(_ request: Request) throws -> ExpertQuery {
        var query = ExpertQuery()
        var errors: [FieldError] = []
        if let area = request.query.get("area"), !area.isEmpty {
            if area.count <= 60 { query.area = area } else { errors.append(FieldError(field: "area", code: "too_long", value: String(area.prefix(60)))) }
        }
        if let language = request.query.get("language"), !language.isEmpty {
            if language.range(of: ExpertFields.languageCodePattern, options: .regularExpression) != nil { query.language = language } else {
                errors.append(FieldError(field: "language", code: "invalid_language", value: String(language.prefix(60))))
            }
        }
        if let country = request.query.get("country"), !country.isEmpty {
            if country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) { query.country = country.uppercased() } else {
                errors.append(FieldError(field: "country", code: "not_iso_3166", value: String(country.prefix(60))))
            }
        }
        for key in ["available_from", "available_to"] {
            guard let text = request.query.get(key), !text.isEmpty else { continue }
            guard let day = Day(text) else { errors.append(FieldError(field: key, code: "invalid_date", value: String(text.prefix(60)))); continue }
            if key == "available_from" { query.availableFrom = day } else { query.availableTo = day }
        }
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        return query
    }

    /// A small JSON body that takes only the fields named: every problem named (422), else what
    /// `read` made of it.
    static func body<T>(
        _ request: Request, required: [String], optional: [String] = [], _ read: (inout JSONInput) -> T?
    ) async throws -> T {
        var input = try await JSONInput.read(request)
        for key in required { input.require(key) }
        let value = read(&input)
        input.rejectUnknown(Set(required + optional))
        guard input.errors.isEmpty, let value else { throw StoreError.invalid(input.errors) }
        return value
    }

    static func json(_ value: some Encodable & Sendable, status: HTTPResponse.Status = .ok, request: Request, context: WPSRequestContext) throws -> Response {
        try JSONResponse(value, status: status).response(from: request, context: context)
    }

    static func expertJSON(_ expert: Expert, _ services: AppServices) async throws -> ExpertJSON {
        ExpertJSON(expert: expert, record: try await services.expertise.record(expertId: expert.id), today: today)
    }

    static func handlers(services: AppServices) -> @Sendable (ExpertiseRoute) -> APIHandler {
        let store = services.expertise
        return { route in
            switch route {
            case .listAreas:
                return { request, context in
                    try json(ItemsJSON(items: try await store.areas().map { AreaJSON(area: $0, language: context.language) }), request: request, context: context)
                }
            case .saveArea:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    var input = try await JSONInput.read(request)
                    input.require("code", "labels")
                    let code = input.string("code") ?? ""
                    let labels = input.objects("labels") { nested -> (String, String)? in
                        nested.require("language", "label")
                        guard let language = nested.string("language"), let label = nested.string("label") else { return nil }
                        return (language, label.trimmingCharacters(in: .whitespacesAndNewlines))
                    } ?? []
                    input.rejectUnknown(["code", "labels"])
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let area = try await store.saveArea(
                        ExpertiseArea(code: code, labels: Dictionary(labels, uniquingKeysWith: { _, last in last })), viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(AreaJSON(area: area, language: context.language), status: .created, request: request, context: context)
                }
            case .listExperts:
                return { request, context in
                    let query = try expertQuery(request)
                    let experts = try await store.experts(query, viewer: context.viewer)
                    // Every record in one read, not one read per expert
                    let records = try await store.records(expertIds: experts.map(\.id))
                    let items = experts.map { ExpertJSON(expert: $0, record: records[$0.id] ?? ExpertRecord(), today: today) }
                    return try json(ItemsJSON(items: items), request: request, context: context)
                }
            case .createExpert:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    var input = try await JSONInput.read(request)
                    let fields = ExpertiseInput.expert(&input, onto: nil)
                    try PlanRoute.check(input, fields)
                    let expert = try await store.createExpert(fields, viewer: signedIn.viewer, by: signedIn.actor)
                    var response = try json(try await expertJSON(expert, services), status: .created, request: request, context: context)
                    response.headers[.location] = "/api/v1/experts/\(expert.id)"
                    return response
                }
            case .getExpert:
                return { request, context in
                    guard let expert = try await store.expert(id: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try json(try await expertJSON(expert, services), request: request, context: context)
                }
            case .updateExpert:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("version")
                    let version = input.int("version")
                    guard let current = try await store.expert(id: id, viewer: signedIn.viewer) else { throw APIProblem.notFound }
                    let fields = ExpertiseInput.expert(&input, onto: current.fields)
                    try PlanRoute.check(input, fields)
                    guard let version else { throw StoreError.invalid(input.errors) }
                    let expert = try await store.updateExpert(id: id, version: version, fields: fields, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(try await expertJSON(expert, services), request: request, context: context)
                }
            case .exportExpert:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let export = try await ExpertExportJSON.make(expertId: try pathID(context), viewer: signedIn.viewer, services: services)
                    guard let export else { throw APIProblem.notFound }
                    var response = try json(export, request: request, context: context)
                    response.headers[.contentDisposition] = "attachment; filename=\"expert-\(export.expert.id).json\""
                    return response
                }
            case .listRequests:
                return { request, context in
                    let secretariat = try await store.isSecretariat(context.viewer)
                    let items = try await store.requests(viewer: context.viewer).map { RequestJSON(request: $0, secretariat: secretariat) }
                    return try json(ItemsJSON(items: items), request: request, context: context)
                }
            case .createRequest:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    var input = try await JSONInput.read(request)
                    for key in ["status", "confirmed"] where input.has(key) { input.fail(key, "read_only") }
                    let fields = ExpertiseInput.request(&input, onto: nil)
                    try PlanRoute.check(input, fields)
                    let created = try await store.createRequest(fields, viewer: signedIn.viewer, by: signedIn.actor)
                    let secretariat = try await store.isSecretariat(signedIn.viewer)
                    var response = try json(RequestJSON(request: created, secretariat: secretariat), status: .created, request: request, context: context)
                    response.headers[.location] = "/api/v1/expertise-requests/\(created.id)"
                    return response
                }
            case .getRequest:
                return { request, context in
                    guard let found = try await store.request(id: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    let secretariat = try await store.isSecretariat(context.viewer)
                    return try json(RequestJSON(request: found, secretariat: secretariat), request: request, context: context)
                }
            case .updateRequest:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("version")
                    let version = input.int("version")
                    guard let current = try await store.request(id: id, viewer: signedIn.viewer) else { throw APIProblem.notFound }
                    let status = input.choice("status", RequestStatus.self) ?? current.status
                    let confirmed = input.bool("confirmed") ?? current.confirmed
                    let fields = ExpertiseInput.request(&input, onto: current.fields)
                    try PlanRoute.check(input, fields)
                    guard let version else { throw StoreError.invalid(input.errors) }
                    let updated = try await store.updateRequest(
                        id: id, version: version, fields: fields, status: status, confirmed: confirmed, viewer: signedIn.viewer, by: signedIn.actor)
                    let secretariat = try await store.isSecretariat(signedIn.viewer)
                    return try json(RequestJSON(request: updated, secretariat: secretariat), request: request, context: context)
                }
            case .requestMatches:
                return { request, context in
                    let id = try pathID(context)
                    // Who may see them is asked each time; the answer (hundreds of kilobytes for a
                    // large roster) is the same for the whole secretariat in one language, so it is
                    // written once until the next write
                    guard try await store.isSecretariat(context.viewer), try await store.request(id: id, viewer: context.viewer) != nil else {
                        throw APIProblem.notFound
                    }
                    let day = today
                    return try await JSONResponse.kept("matches|\(id)|\(context.language.rawValue)|\(day)", in: services.database) {
                        guard let found = try await store.matches(requestId: id, viewer: context.viewer, today: day) else { throw APIProblem.notFound }
                        return MatchListJSON(found, phrases: try await phrases(services, catalog: context.catalog))
                    }
                }
            case .listAssignments:
                return { request, context in
                    let id = try pathID(context)
                    guard try await store.request(id: id, viewer: context.viewer) != nil else { throw APIProblem.notFound }
                    let items = try await store.assignments(requestId: id, viewer: context.viewer).map(AssignmentJSON.init)
                    return try json(ItemsJSON(items: items), request: request, context: context)
                }
            case .proposeAssignment:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    let expert = try await body(request, required: ["expert_id"]) { $0.int("expert_id") }
                    let assignment = try await store.propose(requestId: id, expertId: expert, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(AssignmentJSON(assignment: assignment), status: .created, request: request, context: context)
                }
            case .acceptAssignment, .declineAssignment:
                let accept = route == .acceptAssignment
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let assignment = try await store.answer(assignmentId: try pathID(context), accept: accept, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(AssignmentJSON(assignment: assignment), request: request, context: context)
                }
            case .reportAssignment:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    let text = try await body(request, required: ["report"]) { $0.string("report") }
                    let assignment = try await store.report(assignmentId: id, text: text, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(AssignmentJSON(assignment: assignment), request: request, context: context)
                }
            case .feedbackAssignment:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    let (score, text) = try await body(request, required: ["score"], optional: ["text"]) { input in
                        let score = input.int("score", in: 1...5)
                        let text = input.string("text") ?? ""
                        return score.map { ($0, text) }
                    }
                    let assignment = try await store.feedback(assignmentId: id, score: score, text: text, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(AssignmentJSON(assignment: assignment), request: request, context: context)
                }
            case .listCohorts:
                return { request, context in
                    try json(ItemsJSON(items: try await store.cohorts(viewer: context.viewer).map(CohortJSON.init)), request: request, context: context)
                }
            case .createCohort:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    var input = try await JSONInput.read(request)
                    input.require("title", "start", "end")
                    var fields = CoachingCohortFields(title: input.string("title") ?? "", start: .epoch, end: .epoch)
                    if let programme = input.string("programme") { fields.programme = programme }
                    for key in ["start", "end"] {
                        switch input.day(key) {
                        case .some(.some(let day)): if key == "start" { fields.start = day } else { fields.end = day }
                        case .some(.none): input.fail(key, "required")
                        case .none: break
                        }
                    }
                    if case .some(let value) = input.optionalInt("institution_id") { fields.institutionId = value }
                    input.rejectUnknown(["title", "programme", "start", "end", "institution_id"])
                    let problems = input.errors + (input.errors.isEmpty ? SentText.$droppedCharacters.withValue(input.droppedNULs) { fields.validate() } : [])
                    guard problems.isEmpty else { throw StoreError.invalid(problems) }
                    let cohort = try await store.createCohort(fields, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(CohortJSON(cohort: cohort), status: .created, request: request, context: context)
                }
            case .listPairings:
                return { request, context in
                    guard let pairings = try await store.pairings(cohortId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try json(ItemsJSON(items: pairings.map(PairingJSON.init)), request: request, context: context)
                }
            case .createPairing:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    let (coach, coachee) = try await body(request, required: ["coach_expert_id", "coachee_person_id"]) { input in
                        let coach = input.int("coach_expert_id")
                        let coachee = input.int("coachee_person_id")
                        return coach.flatMap { coach in coachee.map { (coach, $0) } }
                    }
                    let pairing = try await store.createPairing(
                        cohortId: id, coachExpertId: coach, coacheePersonId: coachee, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(PairingJSON(pairing: pairing), status: .created, request: request, context: context)
                }
            case .cohortTopics:
                return { request, context in
                    guard let topics = try await store.cohortTopics(
                        cohortId: try pathID(context), threshold: services.config.suppressionThreshold, viewer: context.viewer)
                    else { throw APIProblem.notFound }
                    return try json(TopicCountsJSON(topics), request: request, context: context)
                }
            case .listSessions:
                return { request, context in
                    guard let sessions = try await store.sessions(pairingId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try json(ItemsJSON(items: sessions.map(SessionJSON.init)), request: request, context: context)
                }
            case .addSession:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("date", "minutes", "mode")
                    var fields = CoachingSessionFields(date: .epoch, minutes: 1, mode: .inPerson)
                    switch input.day("date") {
                    case .some(.some(let day)): fields.date = day
                    case .some(.none): input.fail("date", "required")
                    case .none: break
                    }
                    if let minutes = input.int("minutes", in: 1...1_440) { fields.minutes = minutes }
                    if let mode = input.choice("mode", CoachingMode.self) { fields.mode = mode }
                    if let topics = input.strings("topics") {
                        for (index, topic) in topics.enumerated() {
                            if let value = CoachingTopic(rawValue: topic) { fields.topics.append(value) } else {
                                input.fail("topics[\(index)]", "invalid_value", .string(topic))
                            }
                        }
                        if topics.count > 20 { input.fail("topics", "too_many") }
                    }
                    if let notes = input.string("notes") { fields.notes = notes }
                    input.rejectUnknown(["date", "minutes", "mode", "topics", "notes"])
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let session = try await store.addSession(pairingId: id, fields, viewer: signedIn.viewer, by: signedIn.actor)
                    return try json(SessionJSON(session: session), status: .created, request: request, context: context)
                }
            }
        }
    }
}

/// All that is kept about an expert: her profile, the activities she trained in or went on as
/// a mission, and her assignments with their reports and feedback.
struct ExpertExportJSON: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var activityId: Int
        var title: String
        var kind: String
        var start: String
        var end: String
    }

    var expert: ExpertJSON
    var trainings: [Item]
    var missions: [Item]
    var assignments: [AssignmentJSON]

    /// Nil unless the viewer is the expert herself or the secretariat.
    static func make(expertId: Int, viewer: Viewer, services: AppServices) async throws -> ExpertExportJSON? {
        let store = services.expertise
        guard let expert = try await store.expert(id: expertId, viewer: viewer) else { return nil }
        let me = try await store.personId(of: viewer)
        let secretariat = try await store.isSecretariat(viewer)
        guard me == expert.fields.personId || secretariat else { return nil }
        let record = try await store.record(expertId: expert.id)
        let admin = Viewer(userId: viewer.userId, isPlatformAdmin: true)
        func items(_ delivered: [DeliveredActivity]) async throws -> [Item] {
            var items: [Item] = []
            for entry in delivered {
                guard let activity = try await services.activities.activity(id: entry.activityId, viewer: admin) else { continue }
                items.append(Item(
                    activityId: activity.id, title: activity.fields.title, kind: activity.fields.kind.rawValue, start: activity.fields.start.description,
                    end: activity.fields.end.description))
            }
            return items
        }
        return ExpertExportJSON(
            expert: ExpertJSON(expert: expert, record: record, today: ExpertiseRoute.today), trainings: try await items(record.trainings),
            missions: try await items(record.missions),
            assignments: try await store.assignments(expertId: expert.id, viewer: admin).map(AssignmentJSON.init))
    }
}
