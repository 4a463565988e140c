import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The action plans' routes of the JSON API: plans, their tree of goals, objectives and
/// measures, and the indicators on its nodes.
enum PlanRoute: APISlice {
    case listPlans, createPlan, getPlan, updatePlan, deletePlan, planTree
    case createNode, updateNode, deleteNode
    case createIndicator, getIndicator, updateIndicator, deleteIndicator

    var method: HTTPRequest.Method {
        switch self {
        case .listPlans, .getPlan, .planTree, .getIndicator: .get
        case .createPlan, .createNode, .createIndicator: .post
        case .updatePlan, .updateNode, .updateIndicator: .patch
        case .deletePlan, .deleteNode, .deleteIndicator: .delete
        }
    }

    var path: String {
        switch self {
        case .listPlans, .createPlan: "/api/v1/plans"
        case .getPlan, .updatePlan, .deletePlan: "/api/v1/plans/{id}"
        case .planTree: "/api/v1/plans/{id}/tree"
        case .createNode: "/api/v1/plans/{id}/nodes"
        case .updateNode, .deleteNode: "/api/v1/plan-nodes/{id}"
        case .createIndicator: "/api/v1/plan-nodes/{id}/indicators"
        case .getIndicator, .updateIndicator, .deleteIndicator: "/api/v1/indicators/{id}"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let version: [[String: any Sendable]] = [["name": "version", "in": "query", "required": false, "schema": S.identifier]]
        let tag = "plans"
        switch self {
        case .listPlans:
            let filters: [[String: any Sendable]] = [
                ["name": "status", "in": "query", "required": false, "schema": S.choice(PlanStatus.allCases.map(\.rawValue))],
                ["name": "kind", "in": "query", "required": false, "schema": S.choice(PlanKind.allCases.map(\.rawValue))],
            ]
            return APIOperation(
                summary: "Action plans, by country, kind and status, and by words of their titles (ignores case, diacritics and script)",
                tag: tag, query: S.listParameters(extra: []) + filters, success: ("200", "PlanList"), validates: true)
        case .createPlan:
            return APIOperation(
                summary: "Create a plan (editors and admins of its coordinating institution)", tag: tag, body: "PlanInput",
                success: ("201", "Plan"), validates: true)
        case .getPlan: return APIOperation(summary: "Read one plan", tag: tag, success: ("200", "Plan"))
        case .updatePlan:
            return APIOperation(
                summary: "Change a plan's fields; 'version' must be the version read, else 409", tag: tag, body: "PlanChange",
                success: ("200", "Plan"), validates: true)
        case .deletePlan: return APIOperation(summary: "Mark a plan deleted", tag: tag, query: version, success: ("204", nil), validates: true)
        case .planTree:
            return APIOperation(
                summary: "The plan with its goals, objectives and measures in reading order, each with its indicators", tag: tag,
                success: ("200", "PlanTree"))
        case .createNode:
            return APIOperation(
                summary: "Add a goal (no parent), an objective (under a goal) or a measure (under an objective); a child's code extends its parent's",
                tag: tag, body: "PlanNodeInput", success: ("201", "PlanNode"), validates: true)
        case .updateNode:
            return APIOperation(
                summary: "Change a node; 'version' must be the version read, else 409", tag: tag, body: "PlanNodeChange",
                success: ("200", "PlanNode"), validates: true)
        case .deleteNode:
            return APIOperation(
                summary: "Delete a node and its indicators (409 node_has_children while nodes hang under it)", tag: tag, query: version,
                success: ("204", nil), validates: true)
        case .createIndicator:
            return APIOperation(summary: "Add an indicator to a node", tag: tag, body: "IndicatorInput", success: ("201", "Indicator"), validates: true)
        case .getIndicator: return APIOperation(summary: "Read one indicator", tag: tag, success: ("200", "Indicator"))
        case .updateIndicator:
            return APIOperation(
                summary: "Change an indicator; 'version' must be the version read, else 409", tag: tag, body: "IndicatorChange",
                success: ("200", "Indicator"), validates: true)
        case .deleteIndicator:
            return APIOperation(summary: "Delete an indicator", tag: tag, query: version, success: ("204", nil), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let visibility = S.choice(Visibility.allCases.map(\.rawValue))
        let countries: [String: any Sendable] = ["type": "array", "items": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable]]
        let plan: [String: [String: any Sendable]] = [
            "id": S.integer, "kind": S.choice(PlanKind.allCases.map(\.rawValue)), "country": S.nullableString, "level": S.string,
            "network_id": S.nullableInteger, "countries": ["type": "array", "items": S.string], "title": S.string, "title_en": S.string,
            "period_start": S.integer, "period_end": S.integer, "status": S.choice(PlanStatus.allCases.map(\.rawValue)),
            "adopting_act": S.string, "adopted_on": S.date, "coordinator_id": S.integer, "coordinating_body_id": S.nullableInteger,
            "previous_plan_id": S.nullableInteger, "visibility": visibility, "version": S.integer, "deleted": S.boolean,
        ]
        let year: [String: any Sendable] = ["type": "integer", "minimum": PlanFields.years.lowerBound, "maximum": PlanFields.years.upperBound]
        var planInput = plan
        for key in ["id", "version", "deleted"] { planInput[key] = nil }
        planInput["country"] = ["type": ["string", "null"], "pattern": "^[A-Za-z]{2}$", "description": "required for nap and lap; null for regional"]
        planInput["level"] = ["type": "string", "description": "one of the country's level codes (GET /api/v1/countries); empty for regional"]
        planInput["network_id"] = S.nullableIdentifier.merging(["description": "a regional plan's network (required for regional)"]) { $1 }
        planInput["countries"] = countries.merging(["description": "a regional plan's countries, at least two"]) { $1 }
        planInput["title"] = ["type": "string", "pattern": S.visibleText, "maxLength": 500]
        planInput["title_en"] = ["type": "string", "maxLength": 500]
        planInput["adopting_act"] = ["type": "string", "maxLength": 500]
        planInput["adopted_on"] = S.dateInput
        planInput["period_start"] = year
        planInput["period_end"] = year.merging(["description": "not before period_start"]) { $1 }
        planInput["coordinator_id"] = S.identifier
        planInput["coordinating_body_id"] = S.nullableIdentifier
        planInput["previous_plan_id"] = S.nullableIdentifier
        var planChange = planInput
        planChange["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }

        let budget = S.object(["amount": ["type": "number"], "currency": S.string, "source": S.string], required: ["amount", "currency", "source"])
        let budgetInput = S.object([
            "amount": ["type": "number", "minimum": 0, "maximum": PlanNodeFields.largestAmount],
            "currency": ["type": "string", "pattern": "^[A-Za-z]{3}$", "description": "ISO 4217"], "source": ["type": "string", "maxLength": 300],
        ], required: ["amount", "currency"])
        let ids: [String: any Sendable] = ["type": "array", "items": S.identifier]
        let node: [String: [String: any Sendable]] = [
            "id": S.integer, "plan_id": S.integer, "kind": S.choice(PlanNodeKind.allCases.map(\.rawValue)), "parent_id": S.nullableInteger,
            "code": S.string, "title": S.string, "title_en": S.string,
            "pillar": ["anyOf": [S.choice(Pillar.allCases.map(\.rawValue)), ["type": "null"]] as [[String: any Sendable]]],
            "lead_ids": ["type": "array", "items": S.integer], "partner_ids": ["type": "array", "items": S.integer],
            "start": S.date, "end": S.date, "budget": ["anyOf": [budget, ["type": "null"]] as [[String: any Sendable]]],
            "status": ["anyOf": [S.choice(MeasureStatus.allCases.map(\.rawValue)), ["type": "null"]] as [[String: any Sendable]]],
            "position": S.integer, "version": S.integer,
        ]
        var nodeInput = node
        for key in ["id", "plan_id", "version"] { nodeInput[key] = nil }
        nodeInput["parent_id"] = S.nullableIdentifier.merging(["description": "none for a goal; a goal for an objective; an objective for a measure"]) { $1 }
        nodeInput["code"] = ["type": "string", "pattern": "^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$", "maxLength": 20]
        nodeInput["title"] = ["type": "string", "pattern": S.visibleText, "maxLength": 1000]
        nodeInput["title_en"] = ["type": "string", "maxLength": 1000]
        nodeInput["pillar"] = (node["pillar"] ?? [:]).merging(["description": "goals only"]) { $1 }
        nodeInput["lead_ids"] = ids.merging(["description": "measures only"]) { $1 }
        nodeInput["partner_ids"] = ids.merging(["description": "measures only; none also a lead"]) { $1 }
        nodeInput["start"] = S.dateInput
        nodeInput["end"] = S.dateInput
        nodeInput["budget"] = ["anyOf": [budgetInput, ["type": "null"]] as [[String: any Sendable]], "description": "measures only"]
        nodeInput["position"] = ["type": "integer", "minimum": 0, "maximum": 1_000_000]
        var nodeChange = nodeInput
        nodeChange["kind"] = (node["kind"] ?? [:]).merging(["description": "cannot change"]) { $1 }
        nodeChange["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }

        let yearValue = S.object(["value": S.nullableNumber, "year": S.nullableInteger], required: ["value", "year"])
        let computed = S.object([
            "institution_id": S.integer, "series": S.string, "measure": S.choice(PersonnelMeasure.allCases.map(\.rawValue)),
        ], required: ["institution_id", "series", "measure"])
        let indicator: [String: [String: any Sendable]] = [
            "id": S.integer, "node_id": S.integer, "code": S.string, "definition": S.string,
            "unit": S.choice(IndicatorUnit.allCases.map(\.rawValue)), "disaggregation": S.choice(Disaggregation.allCases.map(\.rawValue)),
            "baseline": ["anyOf": [yearValue, ["type": "null"]] as [[String: any Sendable]]],
            "target": ["anyOf": [yearValue, ["type": "null"]] as [[String: any Sendable]]],
            "source": S.string, "computed_from": ["anyOf": [computed, ["type": "null"]] as [[String: any Sendable]]],
            "version": S.integer,
        ]
        let yearValueInput = S.object([
            "value": ["type": ["number", "null"], "description": "count: a whole number ≥ 0; percent: 0–100; yes_no: 0 or 1; text: null"],
            "year": ["type": ["integer", "null"], "minimum": PlanFields.years.lowerBound, "maximum": PlanFields.years.upperBound],
        ])
        var indicatorInput = indicator
        for key in ["id", "node_id", "version"] { indicatorInput[key] = nil }
        indicatorInput["code"] = ["type": "string", "maxLength": 30]
        indicatorInput["definition"] = ["type": "string", "pattern": S.visibleText, "maxLength": 2000]
        indicatorInput["source"] = ["type": "string", "maxLength": 1000, "description": "the means of verification"]
        indicatorInput["baseline"] = ["anyOf": [yearValueInput, ["type": "null"]] as [[String: any Sendable]]]
        indicatorInput["target"] = ["anyOf": [yearValueInput, ["type": "null"]] as [[String: any Sendable]]]
        indicatorInput["computed_from"] = [
            "anyOf": [S.object([
                "institution_id": S.identifier, "series": ["type": "string", "pattern": S.visibleText, "maxLength": 200],
                "measure": S.choice(PersonnelMeasure.allCases.map(\.rawValue)),
            ], required: ["institution_id", "series", "measure"]), ["type": "null"]] as [[String: any Sendable]],
            "description": "a share of women from the institution's dataset series (unit percent)",
        ]
        var indicatorChange = indicatorInput
        indicatorChange["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }
        var treeNode = node
        treeNode["indicators"] = ["type": "array", "items": S.ref("Indicator")]
        return [
            "Plan": S.object(plan, required: plan.keys.sorted()),
            "PlanInput": S.object(planInput, required: ["kind", "title", "period_start", "period_end", "coordinator_id"]),
            "PlanChange": S.object(planChange, required: ["version"]),
            "PlanList": S.list("Plan"),
            "PlanNode": S.object(node, required: node.keys.sorted()),
            "PlanNodeInput": S.object(nodeInput, required: ["kind", "code", "title"]),
            "PlanNodeChange": S.object(nodeChange, required: ["version"]),
            "PlanTree": S.object([
                "plan": S.ref("Plan"),
                "nodes": ["type": "array", "items": S.object(treeNode, required: treeNode.keys.sorted())],
            ], required: ["plan", "nodes"]),
            "Indicator": S.object(indicator, required: indicator.keys.sorted()),
            "IndicatorInput": S.object(indicatorInput, required: ["definition", "unit"]),
            "IndicatorChange": S.object(indicatorChange, required: ["version"]),
        ]
    }

    /// Fields a record's JSON gives, and the rules they can be checked by on their own.
    protocol CheckedFields: Sendable {
        func trimmed() -> Self
        func validate() -> [FieldError]
    }

    /// `POST`: reads the fields, creates the record under the path's id (`parent`), answers 201
    /// with its address. Input the reader could not take is reported with the rules the rest
    /// breaks; the store checks the rules and the references together.
    static func create<Fields: CheckedFields, Record: Sendable>(
        read: @escaping @Sendable (inout JSONInput, Fields?) -> Fields,
        save: @escaping @Sendable (_ parent: Int?, Fields, SignedInContext) async throws -> Record,
        json: @escaping @Sendable (Record) -> any Encodable & Sendable, location: @escaping @Sendable (Record) -> String
    ) -> APIHandler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let parent = context.parameters.get("id").flatMap(Int.init)
            var input = try await JSONInput.read(request)
            let fields = read(&input, nil)
            try check(input, fields)
            let record = try await save(parent, fields, signedIn)
            var response = try JSONResponse(AnyEncodable(json(record)), status: .created).response(from: request, context: context)
            response.headers[.location] = location(record)
            return response
        }
    }

    /// `PATCH`: the record as the viewer may see it (404 otherwise), changed by the fields the
    /// body names, saved at the version the body says it read.
    static func update<Fields: CheckedFields, Record: VersionedRecord>(
        load: @escaping @Sendable (Int, Viewer) async throws -> Record?,
        read: @escaping @Sendable (inout JSONInput, Fields?) -> Fields,
        save: @escaping @Sendable (_ id: Int, _ version: Int, Fields, SignedInContext) async throws -> Record,
        json: @escaping @Sendable (Record) -> any Encodable & Sendable
    ) -> APIHandler where Record.Fields == Fields {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let id = try pathID(context)
            var input = try await JSONInput.read(request)
            input.require("version")
            let version = input.int("version")
            guard let current = try await load(id, signedIn.viewer), !current.deleted else { throw APIProblem.notFound }
            let fields = read(&input, current.fields)
            try check(input, fields)
            guard let version else { throw StoreError.invalid(input.errors) }
            let record = try await save(id, version, fields, signedIn)
            return try JSONResponse(AnyEncodable(json(record))).response(from: request, context: context)
        }
    }

    /// `PATCH` of what a record carries besides its fields (a report's content, a
    /// recommendation's or proposal's answer): the record as the viewer may see it (404
    /// otherwise), the part changed by what the body names, saved at the version it says it read.
    static func change<Part: CheckedFields, Record: Sendable>(
        load: @escaping @Sendable (Int, Viewer) async throws -> Record?, part: @escaping @Sendable (Record) -> Part,
        read: @escaping @Sendable (inout JSONInput, inout Part) -> Void,
        save: @escaping @Sendable (_ id: Int, _ version: Int, Part, SignedInContext) async throws -> Record,
        json: @escaping @Sendable (Record, Viewer) async throws -> any Encodable & Sendable
    ) -> APIHandler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let id = try pathID(context)
            var input = try await JSONInput.read(request)
            input.require("version")
            let version = input.int("version")
            guard let current = try await load(id, signedIn.viewer) else { throw APIProblem.notFound }
            var changed = part(current)
            read(&input, &changed)
            try check(input, changed)
            guard let version else { throw StoreError.invalid(input.errors) }
            let saved = try await save(id, version, changed, signedIn)
            return try JSONResponse(AnyEncodable(try await json(saved, signedIn.viewer))).response(from: request, context: context)
        }
    }

    /// `DELETE`: `?version=` is optional; when given, a stale one is refused.
    static func delete(_ remove: @escaping @Sendable (_ id: Int, _ version: Int?, SignedInContext) async throws -> Void) -> APIHandler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            var version: Int?
            if let text = request.query.get("version") {
                guard let value = Int(text), JSONInput.idRange.contains(value) else {
                    throw StoreError.invalid([FieldError(field: "version", code: "out_of_range", value: String(text.prefix(60)))])
                }
                version = value
            }
            try await remove(try pathID(context), version, signedIn)
            return Response(status: .noContent)
        }
    }

    /// `GET` of one record the viewer may see (404 otherwise).
    static func get<Record: Sendable>(
        _ load: @escaping @Sendable (Int, Viewer) async throws -> Record?, json: @escaping @Sendable (Record) -> (any Encodable & Sendable)?
    ) -> APIHandler {
        { request, context in
            guard let record = try await load(try pathID(context), context.viewer), let body = json(record) else { throw APIProblem.notFound }
            return try JSONResponse(AnyEncodable(body)).response(from: request, context: context)
        }
    }

    /// The document's `maxLength` holds for the text as sent: a value longer than that is refused
    /// even when trimming its white space would bring it within.
    static func check<Fields: CheckedFields>(_ input: JSONInput, _ fields: Fields) throws {
        try SentText.$droppedCharacters.withValue(input.droppedNULs) {
            let tooLong = fields.validate().filter { $0.code == "too_long" }
            guard input.errors.isEmpty, tooLong.isEmpty else {
                let rest = fields.trimmed().validate().filter { problem in !tooLong.contains { $0.field == problem.field } }
                throw StoreError.invalid(PlanInput.problems(input, tooLong + rest))
            }
        }
    }

    static func handlers(services: AppServices) -> @Sendable (PlanRoute) -> APIHandler {
        let store = services.plans
        return { route in
            switch route {
            case .listPlans:
                return { request, context in
                    var query = try CollectionAPI<Plan, PlanFields, PlanJSON>.query(from: request, viewer: context.viewer)
                    // Filters with a fixed set of values refuse any other, as the document's enums say.
                    var errors: [FieldError] = []
                    if let status = request.query.get("status"), PlanStatus(rawValue: status) == nil {
                        errors.append(FieldError(field: "status", code: "invalid_value", value: String(status.prefix(60))))
                    }
                    if let kind = request.query.get("kind"), PlanKind(rawValue: kind) == nil {
                        errors.append(FieldError(field: "kind", code: "invalid_value", value: String(kind.prefix(60))))
                    }
                    guard errors.isEmpty else { throw StoreError.invalid(errors) }
                    query.status = request.query.get("status")
                    let page = try await store.plans(query, viewer: context.viewer)
                    return try JSONResponse(ListJSON(items: page.items.map(PlanJSON.init), page: page.page, perPage: page.perPage, total: page.total))
                        .response(from: request, context: context)
                }
            case .createPlan:
                return create(
                    read: PlanInput.plan, save: { _, fields, who in try await store.createPlan(fields, viewer: who.viewer, by: who.actor) },
                    json: PlanJSON.init, location: { "/api/v1/plans/\($0.id)" })
            case .getPlan:
                return get(store.plan) { $0.deleted ? nil : PlanJSON(plan: $0) }
            case .updatePlan:
                return update(load: store.plan, read: PlanInput.plan, save: { id, version, fields, who in
                    try await store.updatePlan(id: id, version: version, fields: fields, viewer: who.viewer, by: who.actor)
                }, json: PlanJSON.init)
            case .deletePlan:
                return delete { id, version, who in try await store.deletePlan(id: id, version: version, viewer: who.viewer, by: who.actor) }
            case .planTree:
                return { _, context in
                    let id = try pathID(context)
                    let viewer = context.viewer
                    guard let tree = try await store.tree(planId: id, viewer: viewer), !tree.plan.deleted else { throw APIProblem.notFound }
                    // The same for everyone who may see the plan (asked just above): written once
                    // until the next write, from a tree read after the generation was (so never older)
                    return try await JSONResponse.kept("plan.tree|\(id)", in: services.database) {
                        guard let current = try await store.tree(planId: id, viewer: viewer), !current.plan.deleted else { throw APIProblem.notFound }
                        return PlanTreeJSON(tree: current)
                    }
                }
            case .createNode:
                return create(
                    read: PlanInput.node,
                    save: { plan, fields, who in try await store.createNode(planId: plan ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: { PlanNodeJSON(node: $0) }, location: { "/api/v1/plan-nodes/\($0.id)" })
            case .updateNode:
                return update(load: store.node, read: PlanInput.node, save: { id, version, fields, who in
                    try await store.updateNode(id: id, version: version, fields: fields, viewer: who.viewer, by: who.actor)
                }, json: { PlanNodeJSON(node: $0) })
            case .deleteNode:
                return delete { id, version, who in try await store.deleteNode(id: id, version: version, viewer: who.viewer, by: who.actor) }
            case .createIndicator:
                return create(
                    read: PlanInput.indicator,
                    save: { node, fields, who in try await store.createIndicator(nodeId: node ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: IndicatorJSON.init, location: { "/api/v1/indicators/\($0.id)" })
            case .getIndicator:
                return get(store.indicator) { IndicatorJSON(indicator: $0) }
            case .updateIndicator:
                return update(load: store.indicator, read: PlanInput.indicator, save: { id, version, fields, who in
                    try await store.updateIndicator(id: id, version: version, fields: fields, viewer: who.viewer, by: who.actor)
                }, json: IndicatorJSON.init)
            case .deleteIndicator:
                return delete { id, version, who in try await store.deleteIndicator(id: id, version: version, viewer: who.viewer, by: who.actor) }
            }
        }
    }
}

extension PlanFields: PlanRoute.CheckedFields {}
extension PlanNodeFields: PlanRoute.CheckedFields {}
extension IndicatorFields: PlanRoute.CheckedFields {}

/// A JSON value of any encodable type, for handlers written once over several record types.
struct AnyEncodable: Encodable, Sendable {
    let value: any Encodable & Sendable
    init(_ value: any Encodable & Sendable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
