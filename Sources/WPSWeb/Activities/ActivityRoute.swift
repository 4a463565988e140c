import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Activities in the JSON API: meetings, board sessions, trainings, campaigns and missions,
/// their participants (people or counts by sex), and the participants reached.
enum ActivityRoute: APISlice {
    case listActivities, createActivity, getActivity, updateActivity, deleteActivity
    case listParticipants, addParticipant, removeParticipant, importAttendance, reach, personCascade, activityCascade

    var method: HTTPRequest.Method {
        switch self {
        case .listActivities, .getActivity, .listParticipants, .reach, .personCascade, .activityCascade: .get
        case .createActivity, .addParticipant, .importAttendance: .post
        case .updateActivity: .patch
        case .deleteActivity, .removeParticipant: .delete
        }
    }

    var path: String {
        switch self {
        case .listActivities, .createActivity: "/api/v1/activities"
        case .getActivity, .updateActivity, .deleteActivity: "/api/v1/activities/{id}"
        case .listParticipants, .addParticipant: "/api/v1/activities/{id}/participants"
        case .removeParticipant: "/api/v1/participants/{id}"
        case .importAttendance: "/api/v1/activities/{id}/attendance"
        case .reach: "/api/v1/reach"
        case .personCascade: "/api/v1/people/{id}/cascade"
        case .activityCascade: "/api/v1/activities/{id}/cascade"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let version: [[String: any Sendable]] = [["name": "version", "in": "query", "required": false, "schema": S.identifier]]
        let tag = "activities"
        switch self {
        case .listActivities:
            let filters: [[String: any Sendable]] = [
                ["name": "from", "in": "query", "required": false, "schema": ["type": "string", "format": "date"] as [String: any Sendable],
                 "description": "activities that end on or after this day"],
                ["name": "to", "in": "query", "required": false, "schema": ["type": "string", "format": "date"] as [String: any Sendable],
                 "description": "activities that start on or before this day"],
                ["name": "kind", "in": "query", "required": false, "schema": S.choice(ActivityKind.allCases.map(\.rawValue))],
                ["name": "measure", "in": "query", "required": false, "schema": S.identifier, "description": "a plan measure it serves"],
                ["name": "network", "in": "query", "required": false, "schema": S.identifier, "description": "the network or board it belongs to"],
                ["name": "project", "in": "query", "required": false, "schema": S.identifier, "description": "the project it belongs to"],
            ]
            return APIOperation(
                summary: "Activities, latest first, by dates, country, kind, plan measure, network, and words of the title or city",
                tag: tag, query: S.listParameters(extra: []) + filters, success: ("200", "ActivityList"), validates: true)
        case .createActivity:
            return APIOperation(
                summary: "Record an activity (editors and admins of its owning institution, which is always one of the organisers)", tag: tag,
                body: "ActivityInput", success: ("201", "Activity"), validates: true)
        case .getActivity: return APIOperation(summary: "Read one activity", tag: tag, success: ("200", "Activity"))
        case .updateActivity:
            return APIOperation(
                summary: "Change an activity; 'version' must be the version read, else 409", tag: tag, body: "ActivityChange",
                success: ("200", "Activity"), validates: true)
        case .deleteActivity:
            return APIOperation(summary: "Mark an activity deleted", tag: tag, query: version, success: ("204", nil), validates: true)
        case .listParticipants:
            return APIOperation(
                summary: "An activity's participant lines and their sum by sex; names and person ids only for the organisers' members",
                tag: tag, success: ("200", "ParticipantList"))
        case .addParticipant:
            return APIOperation(
                summary: "Add a person of the directory (once: 409 already_listed) or counts by sex of people not listed", tag: tag,
                body: "ParticipantInput", success: ("201", "Participant"), validates: true, conflicts: true)
        case .removeParticipant:
            return APIOperation(summary: "Remove a participant line", tag: tag, success: ("204", nil))
        case .importAttendance:
            return APIOperation(
                summary: "Add the participants of a sign-in sheet (CSV in any regional encoding, or .xlsx; columns name and sex, optionally institution and position, under the region's names): names matched to the directory are listed, others counted by sex; every row or none (422 lists each row, column, value and rule)",
                tag: tag, success: ("201", "AttendanceResult"), validates: true, multipartBody: "AttendanceUpload")
        case .personCascade:
            return APIOperation(
                summary: "The training cascade from a trainer: the trainings she delivered, those her trainees delivered after them, to any depth, and their reach (each listed person once)",
                tag: tag, success: ("200", "Cascade"))
        case .activityCascade:
            return APIOperation(
                summary: "The training cascade from a training: the training, those its participants delivered after it, to any depth, and their reach (each listed person once)",
                tag: tag, success: ("200", "Cascade"))
        case .reach:
            let query: [[String: any Sendable]] = [
                ["name": "by", "in": "query", "required": false,
                 "schema": ["type": "string", "pattern": "^(\(ReachDimension.allCases.map(\.rawValue).joined(separator: "|")))(,(\(ReachDimension.allCases.map(\.rawValue).joined(separator: "|"))))*$"] as [String: any Sendable],
                 "description": "comma-separated: \(ReachDimension.allCases.map(\.rawValue).joined(separator: ", ")) (default kind,sex)"],
                ["name": "year", "in": "query", "required": false,
                 "schema": ["type": "integer", "minimum": PlanFields.years.lowerBound, "maximum": PlanFields.years.upperBound] as [String: any Sendable]],
            ]
            return APIOperation(
                summary: "Participants reached by the activities the caller sees, grouped as 'by' asks (counts of participants, not personnel data)",
                tag: tag, query: query, success: ("200", "Reach"), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let visibility = S.choice(Visibility.allCases.map(\.rawValue))
        let ids: [String: any Sendable] = ["type": "array", "items": S.integer]
        let counts: [String: [String: any Sendable]] = ["female": S.integer, "male": S.integer, "other": S.integer, "unknown": S.integer, "total": S.integer]
        let activity: [String: [String: any Sendable]] = [
            "id": S.integer, "kind": S.choice(ActivityKind.allCases.map(\.rawValue)), "title": S.string, "title_en": S.string,
            "start": S.string, "end": S.string, "city": S.string, "country": S.nullableString, "online": S.boolean, "owner_id": S.integer,
            "organiser_ids": ids, "funder_ids": ids, "project_id": S.nullableInteger, "network_id": S.nullableInteger, "measure_ids": ids, "reviewed_report_ids": ids,
            "reviewed_evaluation_ids": ids, "trainer_ids": ids, "areas": ["type": "array", "items": S.string], "agenda": S.string, "outputs": S.string,
            "participants": S.object(counts, required: counts.keys.sorted()),
            "participant_gap": ["type": "integer", "description": "the stated totals of counts lines minus their counts, added up"],
            "visibility": visibility, "version": S.integer, "deleted": S.boolean,
        ]
        let idsInput: [String: any Sendable] = ["type": "array", "items": S.identifier, "maxItems": 200, "uniqueItems": true]
        var input: [String: [String: any Sendable]] = [
            "kind": S.choice(ActivityKind.allCases.map(\.rawValue)), "title": ["type": "string", "pattern": S.visibleText, "maxLength": 500],
            "title_en": ["type": "string", "maxLength": 500], "start": ["type": "string", "format": "date"],
            "end": ["type": "string", "format": "date", "description": "not before start"], "city": ["type": "string", "maxLength": 200],
            "country": ["type": ["string", "null"], "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166 alpha-2; required unless online"],
            "online": S.boolean,
            "owner_id": S.identifier.merging(["description": "the institution that keeps the record; the caller is its editor or admin"]) { $1 },
            "network_id": S.nullableIdentifier, "project_id": S.nullableIdentifier.merging(["description": "a project the caller sees"]) { $1 },
            "organiser_ids": idsInput, "funder_ids": idsInput,
            "measure_ids": idsInput.merging(["description": "live measures of plans the caller sees"]) { $1 },
            "reviewed_report_ids": idsInput.merging(["description": "progress reports the caller sees"]) { $1 },
            "reviewed_evaluation_ids": idsInput,
            "trainer_ids": idsInput.merging(["description": "people of the directory; only for trainings (training_of_trainers, seminar, workshop, coaching_session) and the experts of an expert_mission"]) { $1 },
            "areas": ["type": "array", "items": ["type": "string", "maxLength": 60] as [String: any Sendable], "maxItems": 30,
                      "description": "codes of areas of expertise it was about (GET /api/v1/areas); one given twice counts once"],
            "agenda": ["type": "string", "maxLength": 20_000], "outputs": ["type": "string", "maxLength": 20_000], "visibility": visibility,
        ]
        let create = S.object(input, required: ["kind", "title", "start", "end", "owner_id"])
        input["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }
        let change = S.object(input, required: ["version"])
        let participant: [String: [String: any Sendable]] = [
            "id": S.integer, "kind": S.choice(["person", "counts"]), "person_id": S.nullableInteger,
            "name": ["type": ["string", "null"], "description": "a listed person's name, for the organisers' members"],
            "sex": ["type": ["string", "null"], "description": "a listed person's sex as the directory records it: \(Sex.allCases.map(\.rawValue).joined(separator: ", "))"],
            "institution_id": S.nullableInteger, "female": S.integer, "male": S.integer, "other": S.integer, "unknown": S.integer,
            "total": S.integer, "stated_total": S.nullableInteger, "gap": S.nullableInteger, "institution_kind": S.string, "level": S.string,
        ]
        let count: [String: any Sendable] = ["type": ["integer", "null"], "minimum": 0, "maximum": SexCounts.largest]
        var reachRow: [String: [String: any Sendable]] = ["activities": S.integer, "total": S.integer]
        for dimension in ReachDimension.allCases where dimension != .sex { reachRow[dimension.rawValue] = S.string }
        for name in ReportValue.partNames { reachRow[name] = S.integer }
        let step: [String: [String: any Sendable]] = [
            "activity_id": S.integer, "title": S.string, "kind": S.choice(ActivityKind.allCases.map(\.rawValue)), "start": S.string, "end": S.string,
            "generation": ["type": "integer", "minimum": 1], "trainer_ids": ids, "participants": S.object(counts, required: counts.keys.sorted()),
        ]
        return [
            "AttendanceUpload": S.object([
                "file": ["type": "string", "format": "binary", "description": "the sign-in sheet"],
                "sheet": ["type": "string", "description": "a workbook's sheet (the first when absent)"],
            ], required: ["file"]),
            "AttendanceResult": S.object([
                "listed": ["type": "integer", "description": "rows matched to people of the directory"],
                "counted": ["type": "integer", "description": "rows counted by sex"],
                "participants": S.object(counts, required: counts.keys.sorted()),
            ], required: ["listed", "counted", "participants"]),
            "Cascade": S.object([
                "generations": S.integer, "people": ["type": "integer", "description": "listed people reached, each once"],
                "reach": S.object(counts, required: counts.keys.sorted()),
                "trainings": ["type": "array", "items": S.object(step, required: step.keys.sorted())],
            ], required: ["generations", "people", "reach", "trainings"]),
            "Activity": S.object(activity, required: activity.keys.sorted()),
            "ActivityList": S.list("Activity"),
            "ActivityInput": create,
            "ActivityChange": change,
            "Participant": S.object(participant, required: participant.keys.sorted()),
            "ParticipantList": S.object([
                "items": ["type": "array", "items": S.ref("Participant")], "names": S.boolean,
                "summary": S.object(counts, required: counts.keys.sorted()),
            ], required: ["items", "names", "summary"]),
            "ParticipantInput": S.object([
                "person_id": S.nullableIdentifier.merging(["description": "a person of the directory; or give counts"]) { $1 },
                "institution_id": S.nullableIdentifier.merging(["description": "the institution the person came from (default: her first position's)"]) { $1 },
                "female": count, "male": count, "other": count, "unknown": count,
                "total": count.merging(["description": "a stated total for counts; kept when it differs from their sum, and the gap shown"]) { $1 },
                "institution_kind": ["type": "string", "enum": [""] + InstitutionKind.allCases.map(\.rawValue)],
                "level": ["type": "string", "maxLength": 60],
            ]),
            "Reach": S.object([
                "by": ["type": "array", "items": S.choice(ReachDimension.allCases.map(\.rawValue))],
                "items": ["type": "array", "items": S.object(reachRow, required: ["activities", "total"])],
            ], required: ["by", "items"]),
        ]
    }

    /// Reads the list's filters; a bad one is named (422), as the document's types say.
    static func query(_ request: Request, viewer: Viewer) throws -> ActivityQuery {
        let base = try CollectionAPI<Plan, PlanFields, PlanJSON>.query(from: request, viewer: viewer)
        var query = ActivityQuery(country: base.country, text: base.text, includeDeleted: base.includeDeleted, page: base.page)
        var errors: [FieldError] = []
        for key in ["from", "to"] {
            guard let text = request.query.get(key) else { continue }
            guard let day = Day(text) else { errors.append(FieldError(field: key, code: "invalid_date", value: String(text.prefix(60)))); continue }
            if key == "from" { query.from = day } else { query.to = day }
        }
        if let text = request.query.get("kind") {
            if let kind = ActivityKind(rawValue: text) { query.kind = kind } else {
                errors.append(FieldError(field: "kind", code: "invalid_value", value: String(text.prefix(60))))
            }
        }
        for key in ["measure", "network", "project"] {
            guard let text = request.query.get(key) else { continue }
            guard let id = Int(text), JSONInput.idRange.contains(id) else {
                errors.append(FieldError(field: key, code: "out_of_range", value: String(text.prefix(60))))
                continue
            }
            switch key {
            case "measure": query.measureId = id
            case "network": query.networkId = id
            default: query.projectId = id
            }
        }
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        return query
    }

    /// A sheet's problems as the API's 422: each row, column, value and rule in `details`.
    /// - Parameter path: where the upload lies on the server; never shown, the file's name instead.
    static func problem(_ failure: AttendanceImporter.Failure, file: String, path: String) -> StoreError {
        switch failure {
        case .file(let error):
            let text = error.description.replacingOccurrences(of: path, with: file)
            return StoreError.invalid([FieldError(field: "file", code: "unreadable_file", value: String(text.prefix(200)))])
        case .problems(let found):
            return StoreError.invalid(found.problems.map { problem in
                FieldError(field: "file", code: problem.rule, value: "row \(problem.row), \(problem.column): \(problem.value)")
            })
        }
    }

    static func handlers(services: AppServices) -> @Sendable (ActivityRoute) -> APIHandler {
        let store = services.activities
        /// A cascade's answer (a deep one is a thousand trainings): written once until the next
        /// write for viewers who see the same activities; the caller has checked the start is visible.
        @Sendable func cascadeAnswer(_ start: CascadeStart, viewer: Viewer) async throws -> Response {
            try await JSONResponse.kept("cascade|\(start)|\(viewer.visibilityScope)", in: services.database) {
                CascadeJSON(result: try await store.cascade(from: start, viewer: viewer))
            }
        }
        return { route in
            switch route {
            case .listActivities:
                return { request, context in
                    let page = try await store.activities(try query(request, viewer: context.viewer), viewer: context.viewer)
                    return try JSONResponse(ListJSON(items: page.items.map(ActivityJSON.init), page: page.page, perPage: page.perPage, total: page.total))
                        .response(from: request, context: context)
                }
            case .createActivity:
                return PlanRoute.create(
                    read: ActivityInput.activity, save: { _, fields, who in try await store.createActivity(fields, viewer: who.viewer, by: who.actor) },
                    json: ActivityJSON.init, location: { "/api/v1/activities/\($0.id)" })
            case .getActivity:
                return PlanRoute.get(store.activity) { $0.deleted ? nil : ActivityJSON(activity: $0) }
            case .updateActivity:
                return PlanRoute.update(load: store.activity, read: ActivityInput.activity, save: { id, version, fields, who in
                    try await store.updateActivity(id: id, version: version, fields: fields, viewer: who.viewer, by: who.actor)
                }, json: ActivityJSON.init)
            case .deleteActivity:
                return PlanRoute.delete { id, version, who in try await store.deleteActivity(id: id, version: version, viewer: who.viewer, by: who.actor) }
            case .listParticipants:
                return { request, context in
                    guard let (lines, names) = try await store.participants(activityId: try pathID(context), viewer: context.viewer) else {
                        throw APIProblem.notFound
                    }
                    let summary = lines.map(\.counts).reduce(SexCounts(), +)
                    return try JSONResponse(ParticipantListJSON(items: lines.map(ParticipantJSON.init), names: names, summary: SexCountsJSON(counts: summary)))
                        .response(from: request, context: context)
                }
            case .addParticipant:
                return PlanRoute.create(
                    read: ActivityInput.participant,
                    save: { activity, fields, who in try await store.addParticipant(activityId: activity ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: ParticipantJSON.init, location: { "/api/v1/activities/\($0.activityId)/participants" })
            case .removeParticipant:
                return PlanRoute.delete { id, _, who in try await store.removeParticipant(id: id, viewer: who.viewer, by: who.actor) }
            case .importAttendance:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    _ = try await ActivityFormPages.editable(id, signedIn.viewer, services)
                    guard let boundary = MultipartForm.boundary(of: request.headers[.contentType] ?? "") else {
                        throw StoreError.invalid([FieldError(field: "file", code: "required")])
                    }
                    let folder = UploadFolder.shared.newFolder()
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let form = try await IdentityMiddleware.receive(request, boundary: boundary, into: folder, limit: IdentityMiddleware.uploadLimit)
                    guard let file = form.files["file"], file.size > 0 else { throw StoreError.invalid([FieldError(field: "file", code: "required")]) }
                    let sheet = form.fields.first { $0.0 == "sheet" }?.1.trimmingCharacters(in: .whitespaces) ?? ""
                    let result: AttendanceSheet.Result
                    do {
                        result = try await AttendanceImporter(database: services.database).run(
                            path: file.path, name: UploadFolder.safeName(file.filename), activityId: id, sheet: sheet.isEmpty ? nil : sheet,
                            viewer: signedIn.viewer, by: signedIn.actor)
                    } catch let failure as AttendanceImporter.Failure {
                        throw ActivityRoute.problem(failure, file: UploadFolder.safeName(file.filename), path: file.path)
                    }
                    let activity = try await store.activity(id: id, viewer: signedIn.viewer)
                    return try JSONResponse(AttendanceJSON(result: result, participants: activity?.participants ?? SexCounts()), status: .created)
                        .response(from: request, context: context)
                }
            case .personCascade:
                return { request, context in
                    let id = try pathID(context)
                    guard let person = try await services.directory.person(id: id, viewer: context.viewer), !person.deleted else { throw APIProblem.notFound }
                    return try await cascadeAnswer(.trainer(personId: person.id), viewer: context.viewer)
                }
            case .activityCascade:
                return { request, context in
                    let id = try pathID(context)
                    guard let activity = try await store.activity(id: id, viewer: context.viewer), !activity.deleted else { throw APIProblem.notFound }
                    return try await cascadeAnswer(.training(activity.id), viewer: context.viewer)
                }
            case .reach:
                return { request, context in
                    var errors: [FieldError] = []
                    var dimensions: [ReachDimension] = [.kind, .sex]
                    if let text = request.query.get("by") {
                        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                        let parsed = names.compactMap(ReachDimension.init(rawValue:))
                        if parsed.count != names.count {
                            errors.append(FieldError(field: "by", code: "invalid_value", value: String(text.prefix(60))))
                        } else {
                            // A dimension named twice groups once
                            var seen = Set<ReachDimension>()
                            dimensions = parsed.filter { seen.insert($0).inserted }
                        }
                    }
                    var year: Int?
                    if let text = request.query.get("year") {
                        if let value = Int(text), PlanFields.years.contains(value) { year = value } else {
                            errors.append(FieldError(field: "year", code: "out_of_range", value: String(text.prefix(60))))
                        }
                    }
                    guard errors.isEmpty else { throw StoreError.invalid(errors) }
                    let rows = try await store.reach(by: dimensions, year: year, viewer: context.viewer)
                    return try JSONResponse(ReachJSON(by: dimensions, rows: rows)).response(from: request, context: context)
                }
            }
        }
    }
}
