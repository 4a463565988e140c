import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The progress reporting routes of the JSON API: a plan's reporting periods and their locks,
/// each responsible institution's report with its review and history, and an indicator's
/// values across periods and sources.
enum ReportRoute: APISlice {
    case listPeriods, createPeriod, lockPeriod, unlockPeriod
    case listReports, createReport, getReport, updateReport
    case submitReport, returnReport, acceptReport, publishReport, reportHistory
    case indicatorValues

    var method: HTTPRequest.Method {
        switch self {
        case .listPeriods, .listReports, .getReport, .reportHistory, .indicatorValues: .get
        case .createPeriod, .lockPeriod, .unlockPeriod, .createReport, .submitReport, .returnReport, .acceptReport, .publishReport: .post
        case .updateReport: .patch
        }
    }

    var path: String {
        switch self {
        case .listPeriods, .createPeriod: "/api/v1/plans/{id}/periods"
        case .lockPeriod: "/api/v1/periods/{id}/lock"
        case .unlockPeriod: "/api/v1/periods/{id}/unlock"
        case .listReports, .createReport: "/api/v1/periods/{id}/reports"
        case .getReport, .updateReport: "/api/v1/reports/{id}"
        case .submitReport: "/api/v1/reports/{id}/submit"
        case .returnReport: "/api/v1/reports/{id}/return"
        case .acceptReport: "/api/v1/reports/{id}/accept"
        case .publishReport: "/api/v1/reports/{id}/publish"
        case .reportHistory: "/api/v1/reports/{id}/history"
        case .indicatorValues: "/api/v1/indicators/{id}/values"
        }
    }

    /// The review step a route takes.
    var step: ReportStep? {
        switch self {
        case .submitReport: .submit
        case .returnReport: .return
        case .acceptReport: .accept
        case .publishReport: .publish
        default: nil
        }
    }

    var operation: APIOperation {
        let tag = "reports"
        switch self {
        case .listPeriods:
            return APIOperation(summary: "A plan's reporting periods, earliest first", tag: tag, success: ("200", "PeriodList"))
        case .createPeriod:
            return APIOperation(
                summary: "Add a reporting period (editors and admins of the plan's coordinating institution)", tag: tag, body: "PeriodInput",
                success: ("201", "Period"), validates: true)
        case .lockPeriod:
            return APIOperation(
                summary: "Lock a period: its reports then refuse every change (409 period_locked); the coordinator's editors and admins",
                tag: tag, success: ("200", "Period"))
        case .unlockPeriod:
            return APIOperation(summary: "Unlock a period (the coordinator's editors and admins)", tag: tag, success: ("200", "Period"))
        case .listReports:
            return APIOperation(
                summary: "A period's reports the caller may see: drafts only to the reporting institution and the coordinator",
                tag: tag, success: ("200", "ReportList"))
        case .createReport:
            return APIOperation(
                summary: "Open an institution's report for the period (one each; the institution leads or partners a measure, or coordinates the plan)",
                tag: tag, body: "ReportCreate", success: ("201", "Report"), validates: true, conflicts: true)
        case .getReport: return APIOperation(summary: "Read one report", tag: tag, success: ("200", "Report"))
        case .updateReport:
            return APIOperation(
                summary: "Write a draft or returned report (the reporting institution's editors and admins); 'version' must be the version read, else 409",
                tag: tag, body: "ReportChange", success: ("200", "Report"), validates: true)
        case .submitReport, .returnReport, .acceptReport, .publishReport:
            let step = step ?? .submit
            let who = step.byCoordinator ? "the coordinator's editors and admins" : "the reporting institution's editors and admins"
            let from = step.from.map(\.rawValue).sorted().joined(separator: " or ")
            return APIOperation(
                summary: "Take the step '\(step.rawValue)' from \(from) to \(step.to.rawValue) (\(who)); 409 invalid_transition otherwise",
                tag: tag, body: step.needsComment ? "ReportComment" : "ReportStepInput", success: ("200", "Report"), validates: true,
                conflicts: true)
        case .reportHistory:
            return APIOperation(summary: "Every step and change of a report, with who, when and the comment", tag: tag, success: ("200", "ReportHistory"))
        case .indicatorValues:
            return APIOperation(
                summary: "An indicator's values in every period and from every source, side by side (computed ones from personnel data as the caller may see it)",
                tag: tag, success: ("200", "IndicatorValues"))
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let period: [String: [String: any Sendable]] = [
            "id": S.integer, "plan_id": S.integer, "name": S.string, "start": S.string, "end": S.string, "due": S.date, "locked": S.boolean,
            "version": S.integer,
        ]
        let number: [String: any Sendable] = ["type": ["number", "null"]]
        let age: [String: [String: any Sendable]] = ["band": S.string, "female": number, "male": number, "other": number, "unknown": number]
        let ageGaps: [String: any Sendable] = Dictionary(uniqueKeysWithValues: ReportValue.partNames.map { ($0, ["type": "number"] as any Sendable) })
        let parts: [String: [String: any Sendable]] = [
            "value": number, "female": number, "male": number, "other": number, "unknown": number,
            "gap": ["type": ["number", "null"], "description": "for counts: the total minus the parts given, when they differ"],
            "by_age": ["type": "array", "description": "figures by age band and sex (sex_age indicators), in the reporter's order",
                       "items": S.object(age, required: age.keys.sorted())],
            "age_gaps": ["type": "object", "additionalProperties": false, "properties": ageGaps,
                         "description": "for counts: each sex's figure minus the sum of its age bands, only where both are given and differ"],
        ]
        var value = parts
        value["indicator_id"] = S.integer
        value["note"] = S.string
        value["source"] = S.string
        let measure: [String: [String: any Sendable]] = [
            "node_id": S.integer, "status": S.choice(MeasureStatus.allCases.map(\.rawValue)), "narrative": S.string,
        ]
        let report: [String: [String: any Sendable]] = [
            "id": S.integer, "plan_id": S.integer, "period_id": S.integer, "institution_id": S.integer,
            "status": S.choice(ReportStatus.allCases.map(\.rawValue)), "version": S.integer, "submitted_on": S.date, "narrative": S.string,
            "measures": ["type": "array", "items": S.object(measure, required: measure.keys.sorted())],
            "values": ["type": "array", "items": S.object(value, required: value.keys.sorted())],
        ]
        let numberInput: [String: any Sendable] = [
            "type": ["number", "null"], "minimum": 0, "maximum": 1e12,
            "description": "in the indicator's unit (count: a whole number; percent: 0–100; yes_no: 0 or 1; text: null); parts by sex only where the indicator is disaggregated",
        ]
        let valueInput = S.object([
            "indicator_id": S.identifier.merging(["description": "a live indicator of the plan, not computed from personnel data"]) { $1 },
            "value": numberInput, "female": numberInput, "male": numberInput, "other": numberInput, "unknown": numberInput,
            "note": ["type": "string", "maxLength": 5000], "source": ["type": "string", "maxLength": 1000],
            "by_age": ["type": "array", "maxItems": 50, "description": "figures by age band and sex; only for sex_age indicators; replaces the value's bands",
                       "items": S.object([
                           "band": ["type": "string", "pattern": S.visibleText, "maxLength": 40, "description": "the band as the source counted it, e.g. 18–24; each once"],
                           "female": numberInput, "male": numberInput, "other": numberInput, "unknown": numberInput,
                       ], required: ["band"])],
        ], required: ["indicator_id"])
        let measureInput = S.object([
            "node_id": S.identifier.merging(["description": "a measure of the plan the institution leads or partners"]) { $1 },
            "status": S.choice(MeasureStatus.allCases.map(\.rawValue)), "narrative": ["type": "string", "maxLength": 10_000],
        ], required: ["node_id", "status"])
        let reading: [String: [String: any Sendable]] = parts.merging([
            "period_id": S.integer, "period": S.string, "source": S.string, "institution_id": S.integer, "report_id": S.nullableInteger,
            "note": S.string,
            "status": ["type": "string", "description": "the report's status, or computed, withheld, no_data for a value from personnel data"],
        ]) { $1 }
        let event: [String: [String: any Sendable]] = [
            "action": ["type": "string", "enum": ["create", "edit"] + ReportStep.allCases.map(\.rawValue) + ["attach", "detach"]],
            "status": S.choice(ReportStatus.allCases.map(\.rawValue)), "comment": S.string, "actor_user_id": S.nullableInteger,
            "actor_name": S.string, "at": S.string,
        ]
        func items(_ schema: [String: any Sendable]) -> [String: any Sendable] {
            S.object(["items": ["type": "array", "items": schema]], required: ["items"])
        }
        return [
            "Period": S.object(period, required: period.keys.sorted()),
            "PeriodList": items(S.ref("Period")),
            "PeriodInput": S.object([
                "name": ["type": "string", "pattern": S.visibleText, "maxLength": 200], "start": ["type": "string", "format": "date"],
                "end": ["type": "string", "format": "date", "description": "not before start"],
                "due": S.dateInput.merging(["description": "when reports are due; not before start"]) { $1 },
            ], required: ["name", "start", "end"]),
            "Report": S.object(report, required: report.keys.sorted()),
            "ReportList": items(S.ref("Report")),
            "ReportCreate": S.object(["institution_id": S.identifier], required: ["institution_id"]),
            "ReportChange": S.object([
                "version": S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 },
                "narrative": ["type": "string", "maxLength": 20_000],
                "measures": ["type": "array", "items": measureInput, "description": "replaces the report's measures"],
                "values": ["type": "array", "items": valueInput, "description": "replaces the report's values"],
            ], required: ["version"]),
            "ReportStepInput": S.object(["comment": ["type": "string", "maxLength": 5000]], required: []),
            "ReportComment": S.object(["comment": ["type": "string", "pattern": S.visibleText, "maxLength": 5000]], required: ["comment"]),
            "ReportHistory": items(S.object(event, required: event.keys.sorted())),
            "IndicatorValues": items(S.object(reading, required: reading.keys.sorted())),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (ReportRoute) -> APIHandler {
        let store = services.reports
        let plans = services.plans
        let publication = services.publication
        /// Each indicator's unit in a plan, for the values' gaps (read once per plan).
        @Sendable func units(_ planId: Int, _ viewer: Viewer) async throws -> [Int: IndicatorUnit] {
            try await store.units(planId: planId)
        }
        @Sendable func json(_ report: ProgressReport, _ viewer: Viewer) async throws -> ReportJSON {
            ReportJSON(report: report, units: try await units(report.planId, viewer))
        }
        @Sendable func respond(_ body: some Encodable & Sendable, _ request: Request, _ context: WPSRequestContext) throws -> Response {
            try JSONResponse(body).response(from: request, context: context)
        }
        return { route in
            switch route {
            case .listPeriods:
                return { request, context in
                    guard let periods = try await store.periods(planId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try respond(ItemsJSON(items: periods.map(PeriodJSON.init)), request, context)
                }
            case .createPeriod:
                return PlanRoute.create(
                    read: ReportInput.period,
                    save: { plan, fields, who in try await store.createPeriod(planId: plan ?? 0, fields, viewer: who.viewer, by: who.actor) },
                    json: PeriodJSON.init, location: { "/api/v1/plans/\($0.planId)/periods" })
            case .lockPeriod, .unlockPeriod:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let period = try await store.setLocked(
                        periodId: try pathID(context), route == .lockPeriod, viewer: signedIn.viewer, by: signedIn.actor)
                    return try respond(PeriodJSON(period: period), request, context)
                }
            case .listReports:
                return { request, context in
                    // Which reports a reader sees depends only on her institutions (ReportSQL.sees)
                    let period = try pathID(context)
                    return try await JSONResponse.kept("period.reports|\(period)|\(context.viewer.visibilityScope)", in: services.database) {
                        guard let reports = try await store.reports(periodId: period, viewer: context.viewer) else { throw APIProblem.notFound }
                        var unit: [Int: IndicatorUnit] = [:]
                        if let first = reports.first { unit = try await units(first.planId, context.viewer) }
                        return ItemsJSON(items: reports.map { ReportJSON(report: $0, units: unit) })
                    }
                }
            case .createReport:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let period = try pathID(context)
                    var input = try await JSONInput.read(request)
                    input.require("institution_id")
                    let institution = input.int("institution_id")
                    guard input.errors.isEmpty, let institution else { throw StoreError.invalid(input.errors) }
                    let report = try await store.createReport(periodId: period, institutionId: institution, viewer: signedIn.viewer, by: signedIn.actor)
                    var response = try JSONResponse(try await json(report, signedIn.viewer), status: .created).response(from: request, context: context)
                    response.headers[.location] = "/api/v1/reports/\(report.id)"
                    return response
                }
            case .getReport:
                return { request, context in
                    guard let report = try await store.report(id: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try respond(try await json(report, context.viewer), request, context)
                }
            case .updateReport:
                return PlanRoute.change(
                    load: store.report, part: \.fields, read: { input, content in content = ReportInput.content(&input, onto: content) },
                    save: { id, version, content, who in
                        try await store.updateReport(id: id, version: version, content: content, viewer: who.viewer, by: who.actor)
                    },
                    json: json)
            case .submitReport, .returnReport, .acceptReport, .publishReport:
                let step = route.step ?? .submit
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    var input = try await JSONInput.read(request)
                    let comment = input.string("comment") ?? ""
                    guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                    let report = try await store.move(reportId: id, step, comment: comment, viewer: signedIn.viewer, by: signedIn.actor)
                    return try respond(try await json(report, signedIn.viewer), request, context)
                }
            case .reportHistory:
                return { request, context in
                    guard let events = try await store.history(reportId: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try respond(ItemsJSON(items: events.map(ReportEventJSON.init)), request, context)
                }
            case .indicatorValues:
                return { request, context in
                    let id = try pathID(context)
                    guard let indicator = try await plans.indicator(id: id, viewer: context.viewer),
                        let node = try await plans.node(id: indicator.nodeId, viewer: context.viewer),
                        var readings = try await store.readings(indicatorId: id, viewer: context.viewer)
                    else { throw APIProblem.notFound }
                    if let computed = indicator.fields.computedFrom {
                        let periods = try await store.periods(planId: node.planId, viewer: context.viewer) ?? []
                        readings += try await ComputedIndicator.readings(of: computed, periods: periods, viewer: context.viewer, publication: publication)
                    }
                    return try respond(ItemsJSON(items: readings.map { ReadingJSON(reading: $0, unit: indicator.fields.unit) }), request, context)
                }
            }
        }
    }
}
