import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// Projects in the JSON API: who implements them with whom and with whose money, the plan
/// measures they serve; their activities are listed with `GET /activities?project=`.
enum ProjectRoute: APISlice {
    case listProjects, createProject, getProject, updateProject, deleteProject, projectIATI, iati, listResults, addResult

    var method: HTTPRequest.Method {
        switch self {
        case .listProjects, .getProject, .projectIATI, .iati, .listResults: .get
        case .createProject, .addResult: .post
        case .updateProject: .patch
        case .deleteProject: .delete
        }
    }

    var path: String {
        switch self {
        case .listProjects, .createProject: "/api/v1/projects"
        case .getProject, .updateProject, .deleteProject: "/api/v1/projects/{id}"
        case .projectIATI: "/api/v1/projects/{id}/iati.xml"
        case .iati: "/api/v1/iati.xml"
        case .listResults, .addResult: "/api/v1/projects/{id}/results"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let tag = "projects"
        switch self {
        case .listProjects:
            let status: [[String: any Sendable]] = [["name": "status", "in": "query", "required": false, "schema": S.choice(ProjectStatus.allCases.map(\.rawValue))]]
            return APIOperation(
                summary: "Projects, latest first, by a country they work in, status and words of their titles", tag: tag,
                query: S.listParameters(extra: []) + status, success: ("200", "ProjectList"), validates: true)
        case .createProject:
            return APIOperation(
                summary: "Record a project (editors and admins of its owning institution)", tag: tag, body: "ProjectInput", success: ("201", "Project"),
                validates: true)
        case .getProject: return APIOperation(summary: "Read one project", tag: tag, success: ("200", "Project"))
        case .updateProject:
            return APIOperation(
                summary: "Change a project; 'version' must be the version read, else 409", tag: tag, body: "ProjectChange", success: ("200", "Project"),
                validates: true)
        case .projectIATI:
            return APIOperation(
                summary: "The project as an IATI 2.03 activity (iati-activities XML): participating organisations by role, dates, countries, sector, the gender-equality policy marker, budget and donors' commitments",
                tag: tag, success: ("200", nil), binaryResponse: ["application/xml"])
        case .iati:
            let filters: [[String: any Sendable]] = [
                ["name": "country", "in": "query", "required": false, "schema": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable]],
                ["name": "institution", "in": "query", "required": false, "schema": S.identifier,
                 "description": "projects the institution keeps, implements, partners or funds"],
            ]
            return APIOperation(
                summary: "Every project the caller sees (by country, by institution) as IATI 2.03 activities; 404 when none matches (an IATI file holds at least one activity)",
                tag: tag, query: filters, success: ("200", nil), validates: true, mayFindNothing: true, binaryResponse: ["application/xml"])
        case .listResults:
            return APIOperation(summary: "A project's results with their indicators and the values reached per period", tag: tag, success: ("200", "ProjectResultList"))
        case .addResult:
            return APIOperation(
                summary: "Add a result (output, outcome, impact) with its indicators — the plans' indicator shape — and values reached per period, by sex where the indicator asks",
                tag: tag, body: "ProjectResultInput", success: ("201", "ProjectResult"), validates: true)
        case .deleteProject:
            let version: [[String: any Sendable]] = [["name": "version", "in": "query", "required": false, "schema": S.identifier]]
            return APIOperation(summary: "Mark a project deleted", tag: tag, query: version, success: ("204", nil), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let ids: [String: any Sendable] = ["type": "array", "items": S.integer]
        let donor = S.object(["institution_id": S.integer, "amount": ["type": "number"], "currency": S.string], required: ["institution_id", "amount", "currency"])
        let budget = S.object(["amount": ["type": "number"], "currency": S.string], required: ["amount", "currency"])
        let project: [String: [String: any Sendable]] = [
            "id": S.integer, "title": S.string, "title_en": S.string, "description": S.string, "start": S.string, "end": S.date,
            "status": S.choice(ProjectStatus.allCases.map(\.rawValue)), "owner_id": S.integer, "countries": ["type": "array", "items": S.string],
            "implementer_ids": ids, "partner_ids": ids, "donors": ["type": "array", "items": donor],
            "budget": ["oneOf": [budget, ["type": "null"]] as [any Sendable]], "measure_ids": ids,
            "visibility": S.choice(Visibility.allCases.map(\.rawValue)), "version": S.integer, "deleted": S.boolean,
        ]
        let idsInput: [String: any Sendable] = ["type": "array", "items": S.identifier, "maxItems": 200, "uniqueItems": true]
        let amount: [String: any Sendable] = ["type": "number", "minimum": 0, "maximum": PlanNodeFields.largestAmount]
        let currency: [String: any Sendable] = ["type": "string", "pattern": "^[A-Za-z]{3}$", "description": "ISO 4217"]
        var input: [String: [String: any Sendable]] = [
            "title": ["type": "string", "pattern": S.visibleText, "maxLength": 500], "title_en": ["type": "string", "maxLength": 500],
            "description": ["type": "string", "maxLength": 20_000], "start": ["type": "string", "format": "date"],
            "end": S.dateInput.merging(["description": "not before start"]) { $1 },
            "status": S.choice(ProjectStatus.allCases.map(\.rawValue)),
            "owner_id": S.identifier.merging(["description": "the institution that keeps the record; the caller is its editor or admin"]) { $1 },
            "countries": ["type": "array", "maxItems": 50, "items": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable],
                          "description": "countries of the directory it works in"],
            "implementer_ids": idsInput, "partner_ids": idsInput,
            "donors": ["type": "array", "maxItems": 100, "items": S.object(["institution_id": S.identifier, "amount": amount, "currency": currency],
                                                                           required: ["institution_id", "amount", "currency"])],
            "budget": ["oneOf": [S.object(["amount": amount, "currency": currency], required: ["amount", "currency"]), ["type": "null"]] as [any Sendable]],
            "measure_ids": idsInput.merging(["description": "live measures of plans the caller sees"]) { $1 },
            "visibility": S.choice(Visibility.allCases.map(\.rawValue)),
        ]
        let create = S.object(input, required: ["title", "start", "owner_id"])
        input["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }
        let number: [String: any Sendable] = ["type": ["number", "null"]]
        let yearValue = S.object(["value": number, "year": S.nullableInteger], required: ["value", "year"])
        let actual: [String: [String: any Sendable]] = [
            "start": S.string, "end": S.string, "value": number, "female": number, "male": number, "other": number, "unknown": number, "note": S.string,
        ]
        let resultIndicator: [String: [String: any Sendable]] = [
            "id": S.integer, "code": S.string, "definition": S.string, "unit": S.choice(IndicatorUnit.allCases.map(\.rawValue)),
            "disaggregation": S.choice(Disaggregation.allCases.map(\.rawValue)), "baseline": ["oneOf": [yearValue, ["type": "null"]] as [any Sendable]],
            "target": ["oneOf": [yearValue, ["type": "null"]] as [any Sendable]], "source": S.string,
            "actuals": ["type": "array", "items": S.object(actual, required: actual.keys.sorted())],
        ]
        let result: [String: [String: any Sendable]] = [
            "id": S.integer, "project_id": S.integer, "title": S.string, "type": S.choice(ResultType.allCases.map(\.rawValue)),
            "indicators": ["type": "array", "items": S.object(resultIndicator, required: resultIndicator.keys.sorted())],
        ]
        let numberInput: [String: any Sendable] = ["type": ["number", "null"], "minimum": 0, "maximum": 1e12,
                                                   "description": "in the indicator's unit; parts by sex only where it is disaggregated"]
        let yearValueInput = S.object([
            "value": ["type": ["number", "null"], "minimum": -1e12, "maximum": 1e12],
            "year": ["type": ["integer", "null"], "minimum": PlanFields.years.lowerBound, "maximum": PlanFields.years.upperBound],
        ])
        let actualInput = S.object([
            "start": ["type": "string", "format": "date"], "end": ["type": "string", "format": "date", "description": "not before start"],
            "value": numberInput, "female": numberInput, "male": numberInput, "other": numberInput, "unknown": numberInput,
            "note": ["type": "string", "maxLength": 5000],
        ], required: ["start", "end"])
        let indicatorInput = S.object([
            "code": ["type": "string", "maxLength": 30], "definition": ["type": "string", "pattern": S.visibleText, "maxLength": 2000],
            "unit": S.choice(IndicatorUnit.allCases.map(\.rawValue)), "disaggregation": S.choice(Disaggregation.allCases.map(\.rawValue)),
            "baseline": ["anyOf": [yearValueInput, ["type": "null"]] as [any Sendable]], "target": ["anyOf": [yearValueInput, ["type": "null"]] as [any Sendable]],
            "source": ["type": "string", "maxLength": 1000], "actuals": ["type": "array", "maxItems": 100, "items": actualInput],
        ], required: ["definition", "unit"])
        return [
            "ProjectResult": S.object(result, required: result.keys.sorted()),
            "ProjectResultList": S.object(["items": ["type": "array", "items": S.ref("ProjectResult")]], required: ["items"]),
            "ProjectResultInput": S.object([
                "title": ["type": "string", "pattern": S.visibleText, "maxLength": 1000], "type": S.choice(ResultType.allCases.map(\.rawValue)),
                "indicators": ["type": "array", "maxItems": 50, "items": indicatorInput],
            ], required: ["title"]),
            "Project": S.object(project, required: project.keys.sorted()),
            "ProjectList": S.list("Project"),
            "ProjectInput": create,
            "ProjectChange": S.object(input, required: ["version"]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (ProjectRoute) -> APIHandler {
        let store = services.projects
        return { route in
            switch route {
            case .listProjects:
                return { request, context in
                    var query = try CollectionAPI<Plan, PlanFields, PlanJSON>.query(from: request, viewer: context.viewer)
                    if let status = request.query.get("status") {
                        guard ProjectStatus(rawValue: status) != nil else {
                            throw StoreError.invalid([FieldError(field: "status", code: "invalid_value", value: String(status.prefix(60)))])
                        }
                        query.status = status
                    }
                    let page = try await store.projects(query, viewer: context.viewer)
                    return try JSONResponse(ListJSON(items: page.items.map(ProjectJSON.init), page: page.page, perPage: page.perPage, total: page.total))
                        .response(from: request, context: context)
                }
            case .createProject:
                return PlanRoute.create(
                    read: ProjectInput.project, save: { _, fields, who in try await store.createProject(fields, viewer: who.viewer, by: who.actor) },
                    json: ProjectJSON.init, location: { "/api/v1/projects/\($0.id)" })
            case .getProject:
                return PlanRoute.get(store.project) { $0.deleted ? nil : ProjectJSON(project: $0) }
            case .updateProject:
                return PlanRoute.update(load: store.project, read: ProjectInput.project, save: { id, version, fields, who in
                    try await store.updateProject(id: id, version: version, fields: fields, viewer: who.viewer, by: who.actor)
                }, json: ProjectJSON.init)
            case .deleteProject:
                return PlanRoute.delete { id, version, who in try await store.deleteProject(id: id, version: version, viewer: who.viewer, by: who.actor) }
            case .listResults:
                return { request, context in
                    guard let results = try await store.results(projectId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try JSONResponse(ItemsJSON(items: results.map(ProjectResultJSON.init))).response(from: request, context: context)
                }
            case .addResult:
                return PlanRoute.create(
                    read: ProjectInput.result,
                    save: { project, fields, who in try await store.addResult(projectId: project ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: ProjectResultJSON.init, location: { "/api/v1/projects/\($0.projectId)/results" })
            case .projectIATI:
                return { request, context in
                    guard let project = try await store.project(id: try pathID(context), viewer: context.viewer), !project.deleted else { throw APIProblem.notFound }
                    return try await iatiResponse([project], services: services, viewer: context.viewer)
                }
            case .iati:
                return { request, context in
                    var errors: [FieldError] = []
                    let country = request.query.get("country")
                    if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
                        errors.append(FieldError(field: "country", code: "not_iso_3166", value: String(country.prefix(20))))
                    }
                    var institution: Int?
                    if let text = request.query.get("institution") {
                        if let id = Int(text), JSONInput.idRange.contains(id) { institution = id } else {
                            errors.append(FieldError(field: "institution", code: "out_of_range", value: String(text.prefix(20))))
                        }
                    }
                    guard errors.isEmpty else { throw StoreError.invalid(errors) }
                    var projects: [Project] = []
                    var page = 1
                    while true {
                        let batch = try await store.projects(
                            DirectoryQuery(country: country, page: PageRequest(page: page, perPage: PageRequest.maximumPerPage)), viewer: context.viewer)
                        projects += batch.items.filter { !$0.deleted }
                        if page >= batch.pageCount { break }
                        page += 1
                    }
                    if let institution {
                        projects = projects.filter { project in
                            let f = project.fields
                            return ([f.ownerId] + f.implementerIds + f.partnerIds + f.donors.map(\.institutionId)).contains(institution)
                        }
                    }
                    guard !projects.isEmpty else { throw APIProblem.notFound }
                    return try await iatiResponse(projects, services: services, viewer: context.viewer)
                }
            }
        }
    }
}

/// Projects as an IATI 2.03 document.
func iatiResponse(_ projects: [Project], services: AppServices, viewer: Viewer) async throws -> Response {
    var organisations: [Int: IATIExport.Organisation] = [:]
    for id in Set(projects.flatMap { [$0.fields.ownerId] + $0.fields.implementerIds + $0.fields.partnerIds + $0.fields.donors.map(\.institutionId) }) {
        guard let institution = try await services.directory.institution(id: id, viewer: viewer) else { continue }
        organisations[id] = IATIExport.Organisation(name: institution.fields.name, kind: institution.fields.kind)
    }
    let now = String(Timestamp.now().prefix(19)) + "Z"
    var results: [Int: [ProjectResult]] = [:]
    for project in projects { results[project.id] = try await services.projects.results(projectId: project.id, viewer: viewer) ?? [] }
    let activities = projects.map { project in
        // The local title's language follows the first country the project works in
        let lang = ["BA": "bs", "HR": "hr", "RS": "sr", "ME": "sr", "MK": "mk", "AL": "sq", "XK": "sq"][project.fields.countries.first ?? ""] ?? "en"
        return IATIExport.activity(
            project, publisher: (services.config.iatiOrganisation, "WPS Platform"), organisations: organisations, lang: lang, updated: nil,
            results: results[project.id] ?? [])
    }
    let data = try IATIActivities(generatedDatetime: now, activities: activities).xml()
    var headers = HTTPFields()
    headers[.contentType] = "application/xml; charset=utf-8"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

struct ProjectJSON: Encodable, Sendable {
    var project: Project

    enum Keys: String, CodingKey {
        case id, title, titleEn, description, start, end, status, ownerId, countries, implementerIds, partnerIds, donors, budget, measureIds
        case visibility, version, deleted
    }

    struct DonorJSON: Encodable, Sendable {
        var institutionId: Int
        var amount: Double
        var currency: String
    }

    struct BudgetJSON: Encodable, Sendable {
        var amount: Double
        var currency: String
    }

    func encode(to encoder: any Encoder) throws {
        let f = project.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(project.id, forKey: .id)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.titleEn, forKey: .titleEn)
        try c.encode(f.description, forKey: .description)
        try c.encode(f.start.description, forKey: .start)
        try c.encode(f.end?.description, forKey: .end)
        try c.encode(f.status.rawValue, forKey: .status)
        try c.encode(f.ownerId, forKey: .ownerId)
        try c.encode(f.countries, forKey: .countries)
        try c.encode(f.implementerIds, forKey: .implementerIds)
        try c.encode(f.partnerIds, forKey: .partnerIds)
        try c.encode(f.donors.map { DonorJSON(institutionId: $0.institutionId, amount: $0.amount, currency: $0.currency) }, forKey: .donors)
        try c.encode(f.budget.map { BudgetJSON(amount: $0.amount, currency: $0.currency) }, forKey: .budget)
        try c.encode(f.measureIds, forKey: .measureIds)
        try c.encode(f.visibility.rawValue, forKey: .visibility)
        try c.encode(project.version, forKey: .version)
        try c.encode(project.deleted, forKey: .deleted)
    }
}

enum ProjectInput {
    static func result(_ input: inout JSONInput, onto base: ProjectResultFields?) -> ProjectResultFields {
        input.require("title")
        var fields = base ?? ProjectResultFields(title: "")
        if let value = input.string("title") { fields.title = value }
        if let value = input.choice("type", ResultType.self) { fields.type = value }
        if let indicators = input.objects("indicators", { nested -> ResultIndicator? in
            let shape = PlanInput.indicator(&nested, onto: nil)
            var indicator = ResultIndicator(fields: shape)
            if let actuals = nested.objects("actuals", { item -> ResultActual? in
                item.require("start", "end")
                var start: Day?
                var end: Day?
                if case .some(.some(let day)) = item.day("start") { start = day }
                if case .some(.some(let day)) = item.day("end") { end = day }
                var value = ReportValue(indicatorId: 0)
                value.value = item.optionalNumber("value", in: ReportInput.anyNumber) ?? nil
                value.female = item.optionalNumber("female", in: ReportInput.anyNumber) ?? nil
                value.male = item.optionalNumber("male", in: ReportInput.anyNumber) ?? nil
                value.other = item.optionalNumber("other", in: ReportInput.anyNumber) ?? nil
                value.unknown = item.optionalNumber("unknown", in: ReportInput.anyNumber) ?? nil
                value.note = item.string("note") ?? ""
                for (key, day) in [("start", start), ("end", end)] where day == nil && !item.errors.contains(where: { $0.field == key }) {
                    item.fail(key, "required")
                }
                guard let start, let end else { return nil }
                return ResultActual(start: start, end: end, value: value)
            }) { indicator.actuals = actuals }
            return indicator
        }) { fields.indicators = indicators }
        return fields
    }

    static func project(_ input: inout JSONInput, onto base: ProjectFields?) -> ProjectFields {
        if base == nil { input.require("title", "start", "owner_id") }
        var fields = base ?? ProjectFields(title: "", start: .epoch, ownerId: 0)
        if let value = input.string("title") { fields.title = value }
        if let value = input.string("title_en") { fields.titleEn = value }
        if let value = input.string("description") { fields.description = value }
        switch input.day("start") {
        case .some(.some(let day)): fields.start = day
        case .some(.none): if !input.errors.contains(where: { $0.field == "start" }) { input.fail("start", "required") }
        case .none: break
        }
        if case .some(let day) = input.day("end") { fields.end = day }
        if let value = input.choice("status", ProjectStatus.self) { fields.status = value }
        if let value = input.int("owner_id") { fields.ownerId = value }
        if let value = input.strings("countries") { fields.countries = value }
        if let value = input.ids("implementer_ids") { fields.implementerIds = value }
        if let value = input.ids("partner_ids") { fields.partnerIds = value }
        if let value = input.ids("measure_ids") { fields.measureIds = value }
        if let donors = input.objects("donors", { nested -> Donor? in
            nested.require("institution_id", "amount", "currency")
            let institution = nested.int("institution_id")
            let amount = nested.optionalNumber("amount", in: 0...PlanNodeFields.largestAmount) ?? nil
            let currency = nested.string("currency")
            guard let institution, let amount, let currency else { return nil }
            return Donor(institutionId: institution, amount: amount, currency: currency)
        }) { fields.donors = donors }
        if input.has("budget") {
            switch input.object("budget", { nested -> Budget? in
                nested.require("amount", "currency")
                let amount = nested.optionalNumber("amount", in: 0...PlanNodeFields.largestAmount) ?? nil
                let currency = nested.string("currency")
                guard let amount, let currency else { return nil }
                return Budget(amount: amount, currency: currency, source: "")
            }) {
            case .some(let budget): fields.budget = budget
            case .none: fields.budget = nil
            }
        }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return fields
    }
}

extension ProjectFields: PlanRoute.CheckedFields {}
extension ProjectResultFields: PlanRoute.CheckedFields {}

struct ProjectResultJSON: Encodable, Sendable {
    var result: ProjectResult

    struct YearValueJSON: Encodable, Sendable {
        var value: Double?
        var year: Int?
        enum Keys: String, CodingKey { case value, year }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(value, forKey: .value)
            try c.encode(year, forKey: .year)
        }
    }

    struct Actual: Encodable, Sendable {
        var actual: ResultActual
        enum Keys: String, CodingKey { case start, end, value, female, male, other, unknown, note }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let v = actual.value
            try c.encode(actual.start.description, forKey: .start)
            try c.encode(actual.end.description, forKey: .end)
            try c.encode(v.value, forKey: .value)
            try c.encode(v.female, forKey: .female)
            try c.encode(v.male, forKey: .male)
            try c.encode(v.other, forKey: .other)
            try c.encode(v.unknown, forKey: .unknown)
            try c.encode(v.note, forKey: .note)
        }
    }

    struct IndicatorJSONValue: Encodable, Sendable {
        var indicator: ResultIndicator
        enum Keys: String, CodingKey { case id, code, definition, unit, disaggregation, baseline, target, source, actuals }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let f = indicator.fields
            try c.encode(indicator.id, forKey: .id)
            try c.encode(f.code, forKey: .code)
            try c.encode(f.definition, forKey: .definition)
            try c.encode(f.unit.rawValue, forKey: .unit)
            try c.encode(f.disaggregation.rawValue, forKey: .disaggregation)
            try c.encode(f.baseline.map { YearValueJSON(value: $0.value, year: $0.year) }, forKey: .baseline)
            try c.encode(f.target.map { YearValueJSON(value: $0.value, year: $0.year) }, forKey: .target)
            try c.encode(f.source, forKey: .source)
            try c.encode(indicator.actuals.map(Actual.init), forKey: .actuals)
        }
    }

    enum Keys: String, CodingKey { case id, projectId, title, type, indicators }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.id, forKey: .id)
        try c.encode(result.projectId, forKey: .projectId)
        try c.encode(result.fields.title, forKey: .title)
        try c.encode(result.fields.type.rawValue, forKey: .type)
        try c.encode(result.fields.indicators.map(IndicatorJSONValue.init), forKey: .indicators)
    }
}
