import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Expertise sharing in the JSON API: the areas of expertise, the roster, requests and their
/// ranked matches, assignments (proposal → acceptance → mission → report → feedback), and the
/// Gender Coach Programme.
enum ExpertiseRoute: APISlice {
    case listAreas, saveArea, listExperts, createExpert, getExpert, updateExpert, exportExpert
    case listRequests, createRequest, getRequest, updateRequest, requestMatches, listAssignments, proposeAssignment
    case acceptAssignment, declineAssignment, reportAssignment, feedbackAssignment
    case listCohorts, createCohort, listPairings, createPairing, cohortTopics, listSessions, addSession

    var method: HTTPRequest.Method {
        switch self {
        case .listAreas, .listExperts, .getExpert, .exportExpert, .listRequests, .getRequest, .requestMatches, .listAssignments, .listCohorts,
            .listPairings, .cohortTopics, .listSessions:
            .get
        case .updateExpert, .updateRequest: .patch
        default: .post
        }
    }

    var needsUser: Bool {
        switch self {
        case .listAreas: false
        default: true
        }
    }

    var path: String {
        switch self {
        case .listAreas, .saveArea: "/api/v1/areas"
        case .listExperts, .createExpert: "/api/v1/experts"
        case .getExpert, .updateExpert: "/api/v1/experts/{id}"
        case .exportExpert: "/api/v1/experts/{id}/export"
        case .listRequests, .createRequest: "/api/v1/expertise-requests"
        case .getRequest, .updateRequest: "/api/v1/expertise-requests/{id}"
        case .requestMatches: "/api/v1/expertise-requests/{id}/matches"
        case .listAssignments, .proposeAssignment: "/api/v1/expertise-requests/{id}/assignments"
        case .acceptAssignment: "/api/v1/assignments/{id}/accept"
        case .declineAssignment: "/api/v1/assignments/{id}/decline"
        case .reportAssignment: "/api/v1/assignments/{id}/report"
        case .feedbackAssignment: "/api/v1/assignments/{id}/feedback"
        case .listCohorts, .createCohort: "/api/v1/coaching/cohorts"
        case .listPairings, .createPairing: "/api/v1/coaching/cohorts/{id}/pairings"
        case .cohortTopics: "/api/v1/coaching/cohorts/{id}/topics"
        case .listSessions, .addSession: "/api/v1/coaching/pairings/{id}/sessions"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let tag = "expertise"
        let dateQuery: (String, String) -> [String: any Sendable] = { name, text in
            ["name": name, "in": "query", "required": false, "schema": S.dateInput.merging(["description": text + " (empty: none)"]) { $1 }]
        }
        switch self {
        case .listAreas: return APIOperation(summary: "The areas of expertise, with their labels", tag: tag, success: ("200", "AreaList"))
        case .saveArea:
            return APIOperation(summary: "Add an area of expertise or change its labels (platform admins)", tag: tag, body: "AreaInput", success: ("201", "Area"),
                validates: true)
        case .listExperts:
            return APIOperation(
                summary: "The roster: listed experts (and, for the secretariat, every profile), by area, language, country worked in and availability for a whole period",
                tag: tag,
                query: [
                    ["name": "area", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 60] as [String: any Sendable]],
                    ["name": "language", "in": "query", "required": false, "schema": ["type": "string", "pattern": "^([a-z]{2})?$"] as [String: any Sendable],
                     "description": "ISO 639-1; empty: any"],
                    ["name": "country", "in": "query", "required": false, "schema": ["type": "string", "pattern": "^([A-Za-z]{2})?$"] as [String: any Sendable],
                     "description": "ISO 3166 alpha-2; empty: any"],
                    dateQuery("available_from", "available on every day from this one"), dateQuery("available_to", "… to this one (the two in either order)"),
                ], success: ("200", "ExpertList"), validates: true)
        case .createExpert:
            return APIOperation(summary: "Make a profile for a person of the directory (the secretariat, or the person herself)", tag: tag, body: "ExpertInput",
                success: ("201", "Expert"), validates: true, conflicts: true)
        case .getExpert: return APIOperation(summary: "One expert's profile", tag: tag, success: ("200", "Expert"))
        case .updateExpert:
            return APIOperation(summary: "Change a profile (the expert herself or the secretariat); listed: false withdraws consent and leaves every match at once",
                tag: tag, body: "ExpertChange", success: ("200", "Expert"), validates: true)
        case .exportExpert:
            return APIOperation(summary: "All that is kept about an expert, for herself (and the secretariat)", tag: tag, success: ("200", "ExpertExport"))
        case .listRequests:
            return APIOperation(summary: "Requests for expertise the caller may see (the secretariat: all)", tag: tag, success: ("200", "ExpertiseRequestList"))
        case .createRequest:
            return APIOperation(summary: "Send a request for expertise for an institution the caller edits (the secretariat: for anyone)", tag: tag,
                body: "ExpertiseRequestInput", success: ("201", "ExpertiseRequest"), validates: true)
        case .getRequest: return APIOperation(summary: "One request for expertise", tag: tag, success: ("200", "ExpertiseRequest"))
        case .updateRequest:
            return APIOperation(
                summary: "Change a request, move its status one step (open → matching → assigned → completed → reported, or cancelled) or confirm a public request",
                tag: tag, body: "ExpertiseRequestChange", success: ("200", "ExpertiseRequest"), validates: true)
        case .requestMatches:
            return APIOperation(summary: "The listed experts ranked for a request, best first, each with its score's parts and its reasons; and those left out, with why (the secretariat)",
                tag: tag, success: ("200", "MatchList"))
        case .listAssignments: return APIOperation(summary: "The experts proposed for a request and where each stands", tag: tag, success: ("200", "AssignmentList"))
        case .proposeAssignment:
            return APIOperation(summary: "Propose a listed expert for a request (the secretariat)", tag: tag, body: "AssignmentInput", success: ("201", "Assignment"),
                validates: true, conflicts: true)
        case .acceptAssignment:
            return APIOperation(summary: "The expert accepts: her mission becomes an expert_mission activity with her as trainer", tag: tag,
                success: ("200", "Assignment"), conflicts: true)
        case .declineAssignment: return APIOperation(summary: "The expert declines", tag: tag, success: ("200", "Assignment"), conflicts: true)
        case .reportAssignment:
            return APIOperation(summary: "The expert files her mission report", tag: tag, body: "MissionReportInput", success: ("200", "Assignment"),
                validates: true, conflicts: true)
        case .feedbackAssignment:
            return APIOperation(summary: "The requester's feedback on a mission (1–5 and text), which enters later rankings", tag: tag, body: "FeedbackInput",
                success: ("200", "Assignment"), validates: true, conflicts: true)
        case .listCohorts: return APIOperation(summary: "Cohorts of the Gender Coach Programme the caller coordinates, coaches in or keeps", tag: tag,
            success: ("200", "CohortList"))
        case .createCohort:
            return APIOperation(summary: "Start a cohort (the secretariat); the caller coordinates it", tag: tag, body: "CohortInput", success: ("201", "Cohort"),
                validates: true)
        case .listPairings:
            return APIOperation(summary: "A cohort's pairings with counts of sessions and minutes; the coachee only for the coach and the coordinator", tag: tag,
                success: ("200", "PairingList"))
        case .createPairing:
            return APIOperation(summary: "Pair a coach (an expert in gender_coaching) with a coachee (the coordinator or the secretariat)", tag: tag,
                body: "PairingInput", success: ("201", "Pairing"), validates: true, conflicts: true)
        case .cohortTopics:
            return APIOperation(summary: "A cohort's session topics as counts, those below the threshold withheld (the coordinator and the secretariat)", tag: tag,
                success: ("200", "TopicCounts"))
        case .listSessions:
            return APIOperation(summary: "A pairing's sessions; topics and notes only for the session's coach (absent for everyone else)", tag: tag,
                success: ("200", "SessionList"))
        case .addSession:
            return APIOperation(summary: "The coach records a session; its notes are sealed (AES-GCM) and read by her alone", tag: tag, body: "SessionInput",
                success: ("201", "Session"), validates: true)
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let strings: [String: any Sendable] = ["type": "array", "items": S.string]
        let label = S.object(["language": S.string, "label": S.string], required: ["language", "label"])
        let area: [String: [String: any Sendable]] = ["code": S.string, "label": S.string, "labels": ["type": "array", "items": label]]
        let language = S.object(["code": S.string, "level": S.choice(LanguageLevel.allCases.map(\.rawValue))], required: ["code", "level"])
        let certificate = S.object(["title": S.string, "issuer": S.string, "year": S.nullableInteger], required: ["title", "issuer", "year"])
        let biography = S.object(["language": S.string, "text": S.string], required: ["language", "text"])
        let period = S.object(["from": S.string, "to": S.string, "available": S.boolean], required: ["from", "to", "available"])
        let expert: [String: [String: any Sendable]] = [
            "id": S.integer, "person_id": S.integer, "name": S.string, "areas": strings, "languages": ["type": "array", "items": language],
            "countries_worked": strings, "certifications": ["type": "array", "items": certificate], "biography": ["type": "array", "items": biography],
            "availability": ["type": "array", "items": period], "listed": S.boolean,
            "trainings_delivered": ["type": "integer", "description": "trainings she is named trainer of, from activities"],
            "missions_completed": ["type": "integer", "description": "expert missions she went on that have ended, from activities"], "version": S.integer,
        ]
        let languageInput = S.object([
            "code": ["type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1"], "level": S.choice(LanguageLevel.allCases.map(\.rawValue)),
        ], required: ["code", "level"])
        let certificateInput = S.object([
            "title": ["type": "string", "pattern": S.visibleText, "maxLength": 300], "issuer": ["type": "string", "maxLength": 300],
            "year": ["type": ["integer", "null"], "minimum": 1950, "maximum": 2100],
        ], required: ["title"])
        let biographyInput = S.object([
            "language": ["type": "string", "pattern": "^[a-z]{2}(-[A-Za-z]{4})?$"], "text": ["type": "string", "maxLength": 5_000],
        ], required: ["language", "text"])
        let periodInput = S.object([
            "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date", "description": "not before from"],
            "available": ["type": "boolean", "description": "false: a period she is not available (default true)"],
        ], required: ["from", "to"])
        var expertInput: [String: [String: any Sendable]] = [
            "person_id": S.identifier,
            "areas": ["type": "array", "items": ["type": "string", "maxLength": 60] as [String: any Sendable], "maxItems": 30,
                      "description": "codes of GET /api/v1/areas; one given twice counts once"],
            "languages": ["type": "array", "items": languageInput, "maxItems": 30],
            "countries_worked": ["type": "array", "items": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable], "maxItems": 100],
            "certifications": ["type": "array", "items": certificateInput, "maxItems": 100],
            "biography": ["type": "array", "items": biographyInput, "maxItems": 10],
            "availability": ["type": "array", "items": periodInput, "maxItems": 100],
            "listed": ["type": "boolean", "description": "consent to be listed and matched"],
        ]
        let expertCreate = closed(S.object(expertInput, required: ["person_id"]))
        expertInput["person_id"] = nil
        expertInput["version"] = S.identifier
        let expertChange = closed(S.object(expertInput, required: ["version"]))
        let requester = S.object(["name": S.string, "organisation": S.string, "email": S.string], required: ["name", "organisation", "email"])
        let request: [String: [String: any Sendable]] = [
            "id": S.integer, "title": S.string, "institution_id": S.nullableInteger, "areas": strings, "languages": strings, "country": S.nullableString,
            "city": S.string, "start": S.string, "end": S.string, "format": S.choice(MissionFormat.allCases.map(\.rawValue)), "audience": S.string,
            "experts_needed": S.integer, "description": S.string, "status": S.choice(RequestStatus.allCases.map(\.rawValue)), "confirmed": S.boolean,
            "version": S.integer,
        ]
        var requestWithRequester = request
        requestWithRequester["requester"] = requester.merging(["description": "who sent a public request (the secretariat only)"]) { $1 }
        var requestInput: [String: [String: any Sendable]] = [
            "title": ["type": "string", "pattern": S.visibleText, "maxLength": 300],
            "institution_id": S.nullableIdentifier.merging(["description": "the requesting institution (the caller edits it); null only for the secretariat"]) { $1 },
            "areas": ["type": "array", "items": ["type": "string", "maxLength": 60] as [String: any Sendable], "minItems": 1, "maxItems": 20],
            "languages": ["type": "array", "items": ["type": "string", "pattern": "^[a-z]{2}$"] as [String: any Sendable], "minItems": 1, "maxItems": 20],
            "country": ["type": ["string", "null"], "pattern": "^([A-Za-z]{2})?$", "description": "a country of the directory; empty or null: none"],
            "city": ["type": "string", "maxLength": 200], "start": ["type": "string", "format": "date"],
            "end": ["type": "string", "format": "date", "description": "not before start, at most a year after"],
            "format": S.choice(MissionFormat.allCases.map(\.rawValue)), "audience": ["type": "string", "maxLength": 1_000],
            "experts_needed": ["type": "integer", "minimum": 1, "maximum": 20], "description": ["type": "string", "maxLength": 10_000],
        ]
        let requestCreate = closed(S.object(requestInput, required: ["title", "areas", "languages", "start", "end"]))
        requestInput["version"] = S.identifier
        requestInput["status"] = S.choice(RequestStatus.allCases.map(\.rawValue)).merging(["description": "one step from the present status"]) { $1 }
        requestInput["confirmed"] = ["type": "boolean", "description": "the secretariat confirms a request sent through the public form"]
        let requestChange = closed(S.object(requestInput, required: ["version"]))
        let reason = S.object(["code": S.string, "text": ["type": "string", "description": "in the reader's language"]], required: ["code", "text"])
        let partNames = ["areas", "trainings", "missions", "feedback", "language", "region"]
        let parts = S.object(Dictionary(uniqueKeysWithValues: partNames.map { ($0, ["type": "number"] as [String: any Sendable]) }), required: partNames)
        let match: [String: [String: any Sendable]] = [
            "expert_id": S.integer, "name": S.string, "score": ["type": "number", "description": "the sum of the parts"], "parts": parts,
            "reasons": ["type": "array", "items": reason], "conflict": ["type": "boolean", "description": "she holds a position in the requesting institution"],
            "recent_missions": ["type": "integer", "description": "missions in the last 12 months; among equal scores, fewer ranks first"],
        ]
        let excluded = S.object(["expert_id": S.integer, "name": S.string, "reasons": ["type": "array", "items": reason]], required: ["expert_id", "name", "reasons"])
        let feedback = S.object(["score": S.integer, "text": S.string], required: ["score", "text"])
        let assignment: [String: [String: any Sendable]] = [
            "id": S.integer, "request_id": S.integer, "expert_id": S.integer, "status": S.choice(AssignmentStatus.allCases.map(\.rawValue)),
            "activity_id": S.nullableInteger.merging(["description": "the expert_mission activity, once accepted"]) { $1 }, "report": S.string,
            "reported_at": S.nullableString, "feedback": ["anyOf": [feedback, ["type": "null"]] as [[String: any Sendable]]],
        ]
        let cohort: [String: [String: any Sendable]] = [
            "id": S.integer, "title": S.string, "programme": S.string, "start": S.string, "end": S.string, "institution_id": S.nullableInteger,
            "coordinator_user_id": S.nullableInteger.merging(["description": "the coordinating account; null: the secretariat coordinates"]) { $1 },
        ]
        let pairing: [String: [String: any Sendable]] = [
            "id": S.integer, "cohort_id": S.integer, "coach_expert_id": S.integer, "coach_name": S.string,
            "coachee_person_id": ["type": "integer", "description": "only for the coach and the coordinator"],
            "coachee_name": ["type": "string", "description": "only for the coach and the coordinator"],
            "sessions": S.integer, "minutes": S.integer, "last_session": S.nullableString,
        ]
        let session: [String: [String: any Sendable]] = [
            "id": S.integer, "pairing_id": S.integer, "date": S.string, "minutes": S.integer, "mode": S.choice(CoachingMode.allCases.map(\.rawValue)),
            "topics": ["type": "array", "items": S.choice(CoachingTopic.allCases.map(\.rawValue)), "description": "only for the session's coach"],
            "notes": ["type": "string", "description": "only for the session's coach; absent for everyone else"],
        ]
        let exportItem = S.object(["activity_id": S.integer, "title": S.string, "kind": S.string, "start": S.string, "end": S.string],
            required: ["activity_id", "title", "kind", "start", "end"])
        return [
            "Area": S.object(area, required: area.keys.sorted()),
            "AreaList": S.object(["items": ["type": "array", "items": S.ref("Area")]], required: ["items"]),
            "AreaInput": closed(S.object([
                "code": ["type": "string", "pattern": ExpertiseArea.codePattern],
                "labels": ["type": "array", "minItems": 1, "maxItems": 20, "description": "one in English at least",
                    "items": S.object([
                        "language": ["type": "string", "pattern": "^[a-z]{2}(-[A-Za-z]{4})?$"],
                        "label": ["type": "string", "pattern": S.visibleText, "maxLength": 200],
                    ], required: ["language", "label"]),
                    "contains": S.object(["language": ["const": "en"] as [String: any Sendable]], required: ["language"])],
            ], required: ["code", "labels"])),
            "Expert": S.object(expert, required: expert.keys.sorted()),
            "ExpertList": S.object(["items": ["type": "array", "items": S.ref("Expert")]], required: ["items"]),
            "ExpertInput": expertCreate,
            "ExpertChange": expertChange,
            "ExpertExport": S.object([
                "expert": S.ref("Expert"), "trainings": ["type": "array", "items": exportItem], "missions": ["type": "array", "items": exportItem],
                "assignments": ["type": "array", "items": S.ref("Assignment")],
            ], required: ["expert", "trainings", "missions", "assignments"]),
            "ExpertiseRequest": S.object(requestWithRequester, required: request.keys.sorted()),
            "ExpertiseRequestList": S.object(["items": ["type": "array", "items": S.ref("ExpertiseRequest")]], required: ["items"]),
            "ExpertiseRequestInput": requestCreate,
            "ExpertiseRequestChange": requestChange,
            "MatchList": S.object([
                "items": ["type": "array", "items": S.object(match, required: match.keys.sorted())], "excluded": ["type": "array", "items": excluded],
            ], required: ["items", "excluded"]),
            "Assignment": S.object(assignment, required: assignment.keys.sorted()),
            "AssignmentList": S.object(["items": ["type": "array", "items": S.ref("Assignment")]], required: ["items"]),
            "AssignmentInput": closed(S.object(["expert_id": S.identifier], required: ["expert_id"])),
            "MissionReportInput": closed(S.object(["report": ["type": "string", "pattern": S.visibleText, "maxLength": 50_000]], required: ["report"])),
            "FeedbackInput": closed(S.object(["score": ["type": "integer", "minimum": 1, "maximum": 5], "text": ["type": "string", "maxLength": 10_000]],
                required: ["score"])),
            "Cohort": S.object(cohort, required: cohort.keys.sorted()),
            "CohortList": S.object(["items": ["type": "array", "items": S.ref("Cohort")]], required: ["items"]),
            "CohortInput": closed(S.object([
                "title": ["type": "string", "pattern": S.visibleText, "maxLength": 300], "programme": ["type": "string", "maxLength": 300],
                "start": ["type": "string", "format": "date"], "end": ["type": "string", "format": "date", "description": "not before start"],
                "institution_id": S.nullableIdentifier,
            ], required: ["title", "start", "end"])),
            "Pairing": S.object(pairing, required: ["id", "cohort_id", "coach_expert_id", "coach_name", "sessions", "minutes", "last_session"]),
            "PairingList": S.object(["items": ["type": "array", "items": S.ref("Pairing")]], required: ["items"]),
            "PairingInput": closed(S.object(["coach_expert_id": S.identifier, "coachee_person_id": S.identifier], required: ["coach_expert_id", "coachee_person_id"])),
            "TopicCounts": S.object([
                "threshold": S.integer,
                "items": ["type": "array", "items": S.object([
                    "topic": S.choice(CoachingTopic.allCases.map(\.rawValue)), "sessions": S.nullableInteger, "withheld": S.boolean,
                ], required: ["topic", "sessions", "withheld"])],
            ], required: ["threshold", "items"]),
            "Session": S.object(session, required: ["id", "pairing_id", "date", "minutes", "mode"]),
            "SessionList": S.object(["items": ["type": "array", "items": S.ref("Session")]], required: ["items"]),
            "SessionInput": closed(S.object([
                "date": ["type": "string", "format": "date"], "minutes": ["type": "integer", "minimum": 1, "maximum": 1_440],
                "mode": S.choice(CoachingMode.allCases.map(\.rawValue)),
                "topics": ["type": "array", "items": S.choice(CoachingTopic.allCases.map(\.rawValue)), "maxItems": 20],
                "notes": ["type": "string", "maxLength": 20_000, "description": "sealed at rest; read by the coach alone"],
            ], required: ["date", "minutes", "mode"])),
        ]
    }

    /// An input object that takes no other field: the server answers 422 `unknown_field`.
    static func closed(_ schema: [String: any Sendable]) -> [String: any Sendable] {
        schema.merging(["additionalProperties": false]) { $1 }
    }
}
