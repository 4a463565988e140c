import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// The authorisation matrix: every API route and every page route, tried by eleven viewers on
/// records of each visibility, with the outcome the rules of DESIGN §3 give. The expectations are
/// written from roles (below), not from the code under test; an exhaustive `switch` over
/// `APIRoute` and `SiteRoute` makes a new route fail to compile until it has its line here.
/// Every 404 is also compared with the answer for a record that does not exist: a hidden record
/// answers exactly like a missing one, byte for byte apart from the id.
@Suite struct AuthorizationMatrixTests {
    /// Who asks. "own" roles are in the institution that owns the records; "other" roles in an
    /// unrelated institution.
    enum Who: String, CaseIterable, Sendable {
        case anonymous, signedIn, ownMember, ownEditor, ownAnalyst, ownAdmin, otherMember, otherEditor, otherAnalyst, otherAdmin, platformAdmin

        var ownRole: InstitutionRole? {
            switch self {
            case .ownMember: .member
            case .ownEditor: .editor
            case .ownAnalyst: .analyst
            case .ownAdmin: .admin
            default: nil
            }
        }

        var otherRole: InstitutionRole? {
            switch self {
            case .otherMember: .member
            case .otherEditor: .editor
            case .otherAnalyst: .analyst
            case .otherAdmin: .admin
            default: nil
            }
        }

        var isSignedIn: Bool { self != .anonymous }
        var isPlatformAdmin: Bool { self == .platformAdmin }
        /// Members of the reporting institution and of the coordinator, and platform admins.
        var seesUnpublishedReport: Bool { isPlatformAdmin || ownRole != nil }

        /// DESIGN §3: public for all; platform for anyone signed in; institution for those who
        /// hold any role in the owner; platform admins see everything.
        func sees(_ visibility: Visibility) -> Bool {
            switch visibility {
            case .public: true
            case .platform: isSignedIn
            case .institution: isPlatformAdmin || ownRole != nil
            }
        }

        /// Editors and admins of the owner change its records; so do platform admins.
        var edits: Bool { isPlatformAdmin || ownRole == .editor || ownRole == .admin }
        /// Analysts, editors and admins of the owner send and remove its data.
        var addsData: Bool { isPlatformAdmin || [.analyst, .editor, .admin].contains(ownRole) }
        /// Admins of the owner give roles in it.
        var managesRoles: Bool { isPlatformAdmin || ownRole == .admin }

        /// A change: sign in first; a record one may not see is not there; one one may see but
        /// not change is refused.
        func change(_ allowed: Bool, on visibility: Visibility, success: Outcome) -> Outcome {
            guard isSignedIn else { return .signIn }
            guard sees(visibility) else { return .notFound }
            return allowed ? success : .forbidden
        }
    }

    /// What a request came to, as a person would tell it apart.
    enum Outcome: Equatable, CustomStringConvertible {
        case ok, created, done, redirect, signIn, forbidden, notFound
        case other(Int)

        init(_ response: TestResponse) {
            let location = response.headers[.location] ?? ""
            switch response.status.code {
            case 200: self = .ok
            case 201: self = .created
            case 204: self = .done
            case 302, 303: self = location.hasPrefix("/login") ? .signIn : .redirect
            case 401: self = .signIn
            case 403: self = .forbidden
            case 404: self = .notFound
            default: self = .other(response.status.code)
            }
        }

        var description: String {
            switch self {
            case .ok: "200"
            case .created: "201"
            case .done: "204"
            case .redirect: "303"
            case .signIn: "sign in"
            case .forbidden: "403"
            case .notFound: "404"
            case .other(let code): "\(code)"
            }
        }
    }

    /// The records of one visibility, all owned by the owner institution.
    struct Records {
        var institution: Int
        var person: Int
        var network: Int
        var member: Int
        var dataset: Int
        /// A plan coordinated by the owner, a goal of it, and an indicator on the goal.
        var plan: Int
        var node: Int
        var indicator: Int
        /// A reporting period of the plan, and the owner's (the coordinator's) report in it.
        var period: Int
        var report: Int
        /// An evaluation of the plan and a recommendation of it.
        var evaluation: Int
        var recommendation: Int
        /// An open consultation on the plan, and the other institution's proposal in it.
        var consultation: Int
        var proposal: Int
        /// A file attached to the evaluation.
        var attachment: Int
        /// An activity owned by the owner, and a counts line of its participants.
        var activity: Int
        var participant: Int
        /// A project owned by the owner.
        var project: Int
        /// A listed expert (a coach), the owner's request for expertise, the expert proposed for
        /// it, a cohort of the coaching programme and a pairing in it. The owner institution is
        /// the expertise secretariat, so its editors and admins keep the roster.
        var expert: Int
        var request: Int
        var assignment: Int
        var cohort: Int
        var pairing: Int
        /// A library item kept by the owner.
        var libraryItem: Int
        /// The owner's draft policy gap review.
        var review: Int
    }

    struct Fixture {
        var owner: Int
        /// An unrelated institution (whose proposal the owner may endorse).
        var other: Int
        var records: [Visibility: Records]
        var adminToken: String
    }

    static let missing = 987_654

    @Test(arguments: TestDatabase.engines)
    func everyRouteAnswersEachViewerAsTheRulesSay(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            var fixture = try await Self.fixture(client, services)
            var tokens: [Who: String] = [:]
            var browsers: [Who: Browser] = [:]
            for who in Who.allCases {
                let browser = Browser(client)
                _ = try await browser.get("/login")
                browsers[who] = browser
                guard who.isSignedIn else { continue }
                let email = "\(who.rawValue.lowercased())@example.org"
                let other = try await WebHarness.institutionId(services, named: "Other institution")
                let role = who.ownRole.map { (fixture.owner, $0) } ?? who.otherRole.map { (other, $0) }
                tokens[who] = try await WebHarness.token(services, email: email, admin: who.isPlatformAdmin, role: role)
                let signedIn = try await browser.post("/login", [("email", email), ("password", "correct horse battery staple")])
                #expect(signedIn.status == .seeOther, "\(who) signs in")
            }

            var mismatches: [String] = []
            var tried = 0
            var coveredAPI = Set<String>()
            var coveredSite = Set<String>()

            // The API
            for route in APIRoute.allCases {
                coveredAPI.insert("\(route)")
                for visibility in Visibility.allCases {
                    for who in Who.allCases {
                        let records = try await Self.prepare(route, try #require(fixture.records[visibility]), fixture, client)
                        fixture.records[visibility] = records
                        let expected = Self.expected(route, who, visibility)
                        let request = try await Self.apiRequest(route, records, fixture, client)
                        let response = try await Self.send(route, request.uri, token: tokens[who], body: request.body, client)
                        tried += 1
                        let outcome = Outcome(response)
                        if outcome != expected {
                            mismatches.append("API \(route) \(visibility) \(who): expected \(expected), got \(outcome) \(response.text.prefix(100))")
                        }
                        if outcome == .notFound, let id = request.id {
                            let absent = try await Self.send(
                                route, request.uri.replacingOccurrences(of: "/\(id)", with: "/\(Self.missing)"), token: tokens[who], body: request.body, client)
                            if absent.status != .notFound || absent.text != response.text {
                                mismatches.append("API \(route) \(visibility) \(who): hidden answers unlike missing")
                            }
                        }
                        fixture.records[visibility] = try await Self.undo(route, outcome, records, fixture, client)
                    }
                }
            }

            // The pages
            for route in HostileTextTests.everyRoute {
                coveredSite.insert(HostileTextTests.caseName(route))
                for visibility in Visibility.allCases {
                    for who in Who.allCases {
                        let browser = try #require(browsers[who])
                        fixture.records[visibility] = try await Self.preparePage(route, try #require(fixture.records[visibility]), fixture, client)
                        for request in try await Self.siteRequests(route, who, visibility, try #require(fixture.records[visibility]), fixture, client) {
                            let expected = Self.expected(route, request.method, who, visibility)
                            let response = request.method == .get
                                ? try await browser.get(request.uri) : try await browser.post(request.uri, request.form)
                            tried += 1
                            let outcome = Outcome(response)
                            if outcome != expected {
                                mismatches.append("page \(request.method) \(request.uri) \(visibility) \(who): expected \(expected), got \(outcome)")
                            }
                            if outcome == .notFound, let id = request.id {
                                let missingURI = request.uri.replacingOccurrences(of: "/\(id)", with: "/\(Self.missing)")
                                let absent = request.method == .get ? try await browser.get(missingURI) : try await browser.post(missingURI, request.form)
                                let normal = { (text: String) in
                                    text.replacingOccurrences(of: "%2F\(id)", with: "%2FID").replacingOccurrences(of: "%2F\(Self.missing)", with: "%2FID")
                                        .replacingOccurrences(of: "/\(id)", with: "/ID").replacingOccurrences(of: "/\(Self.missing)", with: "/ID")
                                }
                                if absent.status != .notFound || normal(absent.text) != normal(response.text) {
                                    mismatches.append("page \(request.method) \(request.uri) \(visibility) \(who): hidden answers unlike missing")
                                }
                            }
                            fixture.records[visibility] = try await Self.undoPage(
                                route, request.method, outcome, try #require(fixture.records[visibility]), fixture, client)
                        }
                    }
                }
            }

            // Signing out: from any session, back to the site signed out
            for who in Who.allCases {
                let browser = Browser(client)
                _ = try await browser.get("/login")
                if who.isSignedIn {
                    _ = try await browser.post("/login", [("email", "\(who.rawValue.lowercased())@example.org"), ("password", "correct horse battery staple")])
                }
                let out = try await browser.post(SiteRoute.logout.path, [])
                tried += 1
                // to the sign-in page, which says so
                if Outcome(out) != .signIn { mismatches.append("page POST /logout \(who): expected sign in, got \(Outcome(out))") }
                if Outcome(try await browser.get(SiteRoute.newPerson.path)) != .signIn { mismatches.append("\(who) still signed in after /logout") }
            }
            coveredSite.insert(HostileTextTests.caseName(.logout))

            #expect(coveredAPI.count == APIRoute.allCases.count)
            #expect(coveredSite.count == HostileTextTests.everyRoute.count)
            #expect(tried > 2_000, "\(tried) requests")
            #expect(mismatches.isEmpty, "\(mismatches.count) of \(tried) differ:\n\(mismatches.prefix(150).joined(separator: "\n"))")
        }
    }

    /// The router, the OpenAPI document and the rules agree on which routes need a user: the
    /// document lets anonymous callers in exactly where the rules let an anonymous reader in.
    @Test func theDocumentSaysWhoMayCallEachRoute() throws {
        let document = OpenAPIDocument.make()
        let paths = try #require(document["paths"] as? [String: [String: any Sendable]])
        for route in APIRoute.allCases {
            let operation = try #require(paths[route.path]?[route.method.rawValue.lowercased()] as? [String: any Sendable], "\(route)")
            let security = try #require(operation["security"] as? [[String: [String]]], "\(route)")
            let anonymousAllowed = security.contains { $0.isEmpty }
            #expect(anonymousAllowed == !route.needsUser, "\(route)")
            #expect((Self.expected(route, .anonymous, .public) == .signIn) == route.needsUser, "\(route)")
            let responses = try #require(operation["responses"] as? [String: any Sendable])
            #expect((responses["401"] != nil) == route.needsUser, "\(route) declares 401")
        }
    }

    // MARK: - Expectations, from the rules

    /// The expertise pages, by the same rules as their API (``expectedExpertise(_:_:)``).
    static func expectedExpertisePage(_ route: SiteRoute, _ method: HTTPRequest.Method, _ who: Who) -> Outcome {
        if case .requestExpertise = route { return .ok }
        guard who.isSignedIn else { return .signIn }
        let secretariat = who.edits
        let seesRequest = secretariat || who.ownRole != nil
        let done: Outcome = method == .get ? .ok : .redirect
        switch route {
        case .experts, .expert: return .ok
        case .coaching where method == .get: return .ok
        case .expertiseRequests where method == .get: return .ok
        case .newExpert, .editExpert, .expertiseRequests, .coaching: return secretariat ? done : .forbidden
        case .expertExport: return secretariat ? .ok : .notFound
        case .expertiseRequest: return seesRequest ? .ok : .notFound
        case .requestStatus, .proposeExpert: return !seesRequest ? .notFound : secretariat ? .redirect : .forbidden
        case .answerAssignment: return seesRequest ? .forbidden : .notFound
        case .cohort: return secretariat ? done : .notFound
        case .pairing: return !secretariat ? .notFound : method == .get ? .ok : .forbidden
        default: return .other(0)
        }
    }

    /// Expertise sharing, whatever the other records' visibility: the roster's listed experts are
    /// for anyone signed in; the secretariat (here the owner's editors and admins, and platform
    /// admins) keeps the roster, requests, matches and cohorts; a request is also seen by the
    /// requesting institution's members; only an expert answers her assignments and only a coach
    /// records her sessions (none of these viewers is either).
    static func expectedExpertise(_ route: ExpertiseRoute, _ who: Who) -> Outcome {
        if route == .listAreas { return .ok }
        guard who.isSignedIn else { return .signIn }
        let secretariat = who.edits
        let seesRequest = secretariat || who.ownRole != nil
        switch route {
        case .listAreas, .listExperts, .getExpert, .listRequests, .listCohorts: return .ok
        case .saveArea: return who.isPlatformAdmin ? .created : .forbidden
        case .createExpert, .createRequest, .createCohort: return secretariat ? .created : .forbidden
        case .updateExpert: return secretariat ? .ok : .forbidden
        case .exportExpert, .requestMatches, .listPairings, .cohortTopics, .listSessions: return secretariat ? .ok : .notFound
        case .getRequest, .listAssignments: return seesRequest ? .ok : .notFound
        case .updateRequest: return !seesRequest ? .notFound : secretariat ? .ok : .forbidden
        case .proposeAssignment: return !seesRequest ? .notFound : secretariat ? .created : .forbidden
        case .acceptAssignment, .declineAssignment, .reportAssignment: return seesRequest ? .forbidden : .notFound
        case .feedbackAssignment: return !seesRequest ? .notFound : secretariat ? .other(409) : .forbidden
        case .createPairing: return secretariat ? .created : .notFound
        case .addSession: return secretariat ? .forbidden : .notFound
        }
    }

    static func expected(_ route: APIRoute, _ who: Who, _ visibility: Visibility) -> Outcome {
        let sees = who.sees(visibility)
        func change(_ allowed: Bool, success: Outcome) -> Outcome { who.change(allowed, on: visibility, success: success) }
        switch route {
        case .platform(.openAPI), .directory(.listCountries), .directory(.listInstitutions), .directory(.listPeople), .directory(.listNetworks), .data(.listDatasets), .data(.comparison), .data(.listRanks), .data(.dataStructure), .plans(.listPlans):
            return .ok
        case .data(.natoReport):
            // The fixture's public dataset of BA in 2024 is seen by everyone
            return .ok
        case .plans(.createPlan):
            // A plan coordinated by the owner: its editors and admins
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .plans(.getPlan), .plans(.planTree), .plans(.getIndicator):
            return sees ? .ok : .notFound
        case .plans(.updatePlan), .plans(.updateNode), .plans(.updateIndicator):
            return change(who.edits, success: .ok)
        case .plans(.createNode), .plans(.createIndicator):
            return change(who.edits, success: .created)
        case .plans(.deletePlan), .plans(.deleteNode), .plans(.deleteIndicator):
            return change(who.edits, success: .done)
        case .reports(.listPeriods), .reports(.listReports), .reports(.indicatorValues), .evaluations(.listEvaluations):
            return sees ? .ok : .notFound
        case .evaluations(.listRecommendations):
            return .ok
        case .evaluations(.createEvaluation), .evaluations(.createRecommendation):
            return change(who.edits, success: .created)
        case .evaluations(.updateRecommendation):
            return change(who.edits, success: .ok)
        case .consultations(.listConsultations), .consultations(.listProposals):
            return sees ? .ok : .notFound
        case .consultations(.createConsultation), .consultations(.createProposal):
            return change(who.edits, success: .created)
        case .consultations(.endorseProposal), .consultations(.updateProposal):
            return change(who.edits, success: .ok)
        case .reports(.createPeriod), .reports(.createReport):
            return change(who.edits, success: .created)
        case .reports(.lockPeriod), .reports(.unlockPeriod):
            return change(who.edits, success: .ok)
        case .reports(.getReport), .reports(.reportHistory):
            // Before publication a report is the reporting institution's and the coordinator's
            // (here both the owner), whatever the plan's visibility.
            return who.seesUnpublishedReport ? .ok : .notFound
        case .reports(.updateReport), .reports(.submitReport), .reports(.returnReport), .reports(.acceptReport), .reports(.publishReport):
            guard who.isSignedIn else { return .signIn }
            guard who.seesUnpublishedReport else { return .notFound }
            return who.edits ? .ok : .forbidden
        case .attachments(.listReportAttachments):
            return who.seesUnpublishedReport ? .ok : .notFound
        case .attachments(.addReportAttachment):
            guard who.isSignedIn else { return .signIn }
            guard who.seesUnpublishedReport else { return .notFound }
            return who.edits ? .created : .forbidden
        case .attachments(.listEvaluationAttachments), .attachments(.getAttachment), .attachments(.attachmentContent):
            return sees ? .ok : .notFound
        case .attachments(.addEvaluationAttachment), .attachments(.addActivityAttachment):
            return change(who.edits, success: .created)
        case .attachments(.listActivityAttachments):
            return sees ? .ok : .notFound
        case .attachments(.deleteAttachment):
            return change(who.edits, success: .done)
        case .activities(.listActivities), .activities(.reach):
            return .ok
        case .activities(.createActivity):
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .activities(.getActivity), .activities(.listParticipants), .activities(.activityCascade):
            return sees ? .ok : .notFound
        case .activities(.personCascade):
            return sees ? .ok : .notFound
        case .activities(.updateActivity):
            return change(who.edits, success: .ok)
        case .activities(.addParticipant), .activities(.importAttendance):
            return change(who.edits, success: .created)
        case .activities(.deleteActivity), .activities(.removeParticipant):
            return change(who.edits, success: .done)
        case .projects(.listProjects):
            return .ok
        case .projects(.createProject):
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .projects(.getProject), .projects(.projectIATI), .projects(.listResults):
            return sees ? .ok : .notFound
        case .projects(.addResult):
            return change(who.edits, success: .created)
        case .projects(.iati):
            // Each viewer sees at least the public project
            return .ok
        case .projects(.updateProject):
            return change(who.edits, success: .ok)
        case .projects(.deleteProject):
            return change(who.edits, success: .done)
        case .expertise(let expertiseRoute):
            return expectedExpertise(expertiseRoute, who)
        case .library(.searchLibrary):
            return .ok
        case .library(.createLibraryItem):
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .library(.getLibraryItem):
            return sees ? .ok : .notFound
        case .library(.updateLibraryItem):
            return change(who.edits, success: .ok)
        case .library(.deleteLibraryItem):
            return change(who.edits, success: .done)
        case .library(.addLibraryAttachment):
            return change(who.edits, success: .created)
        case .reviews(.listTemplates):
            return .ok
        case .reviews(.saveTemplate):
            return !who.isSignedIn ? .signIn : who.isPlatformAdmin ? .created : .forbidden
        case .reviews(.templateComparison), .reviews(.listReviews):
            return who.isSignedIn ? .ok : .signIn
        case .reviews(.createReview):
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .reviews(.getReview), .reviews(.reviewGaps):
            // The reviewing institution's members (and platform admins), whatever the records' visibility
            return !who.isSignedIn ? .signIn : who.seesUnpublishedReport ? .ok : .notFound
        case .reviews(.updateReview):
            return !who.isSignedIn ? .signIn : !who.seesUnpublishedReport ? .notFound : who.edits ? .ok : .forbidden
        case .platform(.me):
            return who.isSignedIn ? .ok : .signIn
        case .directory(.createCountry):
            return !who.isSignedIn ? .signIn : who.isPlatformAdmin ? .created : .forbidden
        case .directory(.createInstitution), .directory(.createPerson), .directory(.createNetwork):
            return !who.isSignedIn ? .signIn : who.edits ? .created : .forbidden
        case .data(.createDataset):
            return !who.isSignedIn ? .signIn : who.addsData ? .created : .forbidden
        case .directory(.getInstitution), .directory(.getPerson), .directory(.getNetwork), .directory(.institutionHistory), .directory(.personHistory), .directory(.networkHistory), .directory(.listMembers),
            .data(.getDataset), .data(.datasetTable), .data(.datasetSDMX), .data(.datasetIndicators):
            return sees ? .ok : .notFound
        case .directory(.updateInstitution), .directory(.updatePerson), .directory(.updateNetwork):
            return change(who.edits, success: .ok)
        case .directory(.addMember):
            return change(who.edits, success: .created)
        case .directory(.deleteInstitution), .directory(.deletePerson), .directory(.deleteNetwork), .directory(.removeMember):
            return change(who.edits, success: .done)
        case .data(.deleteDataset):
            return change(who.addsData, success: .done)
        case .directory(.restoreInstitution), .directory(.restorePerson), .directory(.restoreNetwork):
            // Only platform admins restore; to anyone else a deleted record is not there.
            return !who.isSignedIn ? .signIn : who.isPlatformAdmin ? .ok : .notFound
        }
    }

    static func expected(_ route: SiteRoute, _ method: HTTPRequest.Method, _ who: Who, _ visibility: Visibility) -> Outcome {
        let sees = who.sees(visibility)
        func change(_ allowed: Bool, success: Outcome) -> Outcome { who.change(allowed, on: visibility, success: success) }
        switch route {
        case .home, .countries, .datasets, .compareDatasets, .compareXLSX, .natoReport, .natoReportXLSX, .stylesheet, .health:
            return .ok
        case .plans:
            // GET lists; POST creates a plan coordinated by the owner
            if method == .get { return .ok }
            return !who.isSignedIn ? .signIn : who.edits ? .redirect : .forbidden
        case .plan, .planReport:
            return sees ? .ok : .notFound
        case .planPeriods, .lockPeriod, .periodReports:
            return change(who.edits, success: .redirect)
        case .consultationCSV, .consultationXLSX:
            return sees ? .ok : .notFound
        case .consultationProposals, .endorseProposal:
            return change(who.edits, success: .redirect)
        case .reviewQueue, .newPlan:
            return who.isSignedIn ? .ok : .signIn
        case .editPlan:
            return change(who.edits, success: method == .get ? .ok : .redirect)
        case .recommendations:
            return .ok
        case .answerRecommendation, .evaluationAttachments, .deleteAttachment, .activityAttachments, .answerProposal, .planEvaluations, .evaluationRecommendations,
            .planConsultations:
            // (sent without a file, the upload comes back to its page asking for one)
            return change(who.edits, success: .redirect)
        case .reportAttachments:
            guard who.isSignedIn else { return .signIn }
            guard who.seesUnpublishedReport else { return .notFound }
            return who.edits ? .redirect : .forbidden
        case .importPlan:
            // Sent without a file, the form asks for one (422); seeing and rights come first.
            return change(who.edits, success: method == .get ? .ok : .other(422))
        case .report:
            return who.seesUnpublishedReport ? .ok : .notFound
        case .editReport, .reportStep:
            guard who.isSignedIn else { return .signIn }
            guard who.seesUnpublishedReport else { return .notFound }
            return who.edits ? (method == .get ? .ok : .redirect) : .forbidden
        case .activities:
            // GET lists; POST records an activity kept by the owner
            if method == .get { return .ok }
            return !who.isSignedIn ? .signIn : who.edits ? .redirect : .forbidden
        case .activity:
            return sees ? .ok : .notFound
        case .activitiesCalendar, .projects, .reach, .reachCSV, .reachXLSX:
            return .ok
        case .project:
            return sees ? .ok : .notFound
        case .library:
            return .ok
        case .libraryItem:
            return sees ? .ok : .notFound
        case .newLibraryItem:
            // The form for anyone signed in; saving it for the owner's editors (others: the form again, 422)
            if method == .get { return who.isSignedIn ? .ok : .signIn }
            return !who.isSignedIn ? .signIn : who.edits ? .redirect : .other(422)
        case .editLibraryItem:
            // Not the item's editor: as if it did not exist
            guard who.isSignedIn else { return .signIn }
            return sees && who.edits ? (method == .get ? .ok : .redirect) : .notFound
        case .libraryAttachments:
            guard who.isSignedIn else { return .signIn }
            return sees && who.edits ? .redirect : .notFound
        case .policyReviews:
            // The list for anyone signed in; starting the owner's review for its editors (others: the page again, 422)
            if method == .get { return who.isSignedIn ? .ok : .signIn }
            return !who.isSignedIn ? .signIn : who.edits ? .redirect : .other(422)
        case .policyReview:
            guard who.isSignedIn else { return .signIn }
            guard who.seesUnpublishedReport else { return .notFound }
            return method == .get ? .ok : who.edits ? .redirect : .forbidden
        case .reviewComparison:
            return who.isSignedIn ? .ok : .signIn
        case .newActivity:
            return who.isSignedIn ? .ok : .signIn
        case .editActivity:
            return change(who.edits, success: method == .get ? .ok : .redirect)
        case .deleteActivity, .activityParticipants, .removeParticipant:
            return change(who.edits, success: .redirect)
        case .activityAttendance:
            // Sent without a file, the page asks for one (422); seeing and rights come first.
            return change(who.edits, success: .other(422))
        case .experts, .expert, .newExpert, .editExpert, .expertExport, .expertiseRequests, .expertiseRequest, .requestStatus, .proposeExpert,
            .answerAssignment, .requestExpertise, .coaching, .cohort, .pairing:
            return expectedExpertisePage(route, method, who)
        case .linkAccount:
            // Platform admins link a person to the account she signs in with
            return change(who.isPlatformAdmin, success: .redirect)
        case .institutions, .people, .networks:
            // GET lists; POST creates (a record owned by the owner institution)
            if method == .get { return .ok }
            return !who.isSignedIn ? .signIn : who.edits ? .redirect : .forbidden
        case .ranks:
            if method == .get { return .ok }
            return !who.isSignedIn ? .signIn : who.isPlatformAdmin ? .ok : .forbidden
        case .login:
            return method == .get ? .ok : .redirect
        case .logout, .language:
            return .redirect
        case .metrics:
            return .notFound  // only served when the server is started with metrics (not in tests)
        case .institution, .person, .network, .dataset, .datasetCSV, .datasetXLSX, .indicatorsXLSX:
            return sees ? .ok : .notFound
        case .newInstitution, .newPerson, .newNetwork, .importDataset:
            if !who.isSignedIn { return .signIn }
            return .ok
        case .editInstitution, .editPerson, .editNetwork:
            return change(who.edits, success: method == .get ? .ok : .redirect)
        case .deleteInstitution, .deletePerson, .deleteNetwork, .networkMembers, .removeMember:
            return change(who.edits, success: .redirect)
        case .restoreInstitution, .restorePerson, .restoreNetwork:
            return !who.isSignedIn ? .signIn : who.isPlatformAdmin ? .redirect : .notFound
        case .institutionRoles:
            return !who.isSignedIn ? .signIn : who.managesRoles ? .ok : .forbidden
        case .deleteDataset:
            return change(who.addsData, success: .redirect)
        case .confirmImport:
            // Without an upload the wizard asks for the file again (422); signing in comes first.
            return who.isSignedIn ? .other(422) : .signIn
        }
    }

    // MARK: - Requests

    /// A route's request as a client sends it: JSON, or a form with a file for an upload.
    static func send(_ route: APIRoute, _ uri: String, token: String?, body: String?, _ client: any TestClientProtocol) async throws -> TestResponse {
        if route == .library(.addLibraryAttachment) {
            return try await apiUpload(client, uri, token: token, file: ("file", "policy.pdf", Array("%PDF-1.4 policy".utf8)))
        }
        if route == .activities(.importAttendance) {
            return try await apiUpload(client, uri, token: token, file: ("file", "prisutni.csv", Array("Ime i prezime;Spol\r\nAna Anić;Ž\r\n".utf8)))
        }
        return try await api(client, route.method, uri, token: token, json: body)
    }

    struct APIRequest {
        var uri: String
        var body: String?
        /// The record id in the address, when there is one.
        var id: Int?
    }

    static func apiRequest(_ route: APIRoute, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> APIRequest {
        func at(_ id: Int, member: Int? = nil, body: String? = nil) -> APIRequest {
            var uri = route.path.replacingOccurrences(of: "{id}", with: String(id))
            if let member { uri = uri.replacingOccurrences(of: "{member_id}", with: String(member)) }
            return APIRequest(uri: uri, body: body, id: id)
        }
        func version(_ path: String) async throws -> Int {
            try #require(try await api(client, .get, path + "?include_deleted=true", token: fixture.adminToken).object["version"] as? Int)
        }
        func person() async throws -> Int {
            let created = try await api(client, .post, "/api/v1/people", token: fixture.adminToken,
                json: #"{"given_name":"Expert","family_name":"Candidate","sex":"female","owner_institution_id":\#(fixture.owner),"visibility":"public"}"#)
            return try #require(created.object["id"] as? Int, "\(created.text)")
        }
        if case .expertise(let expertiseRoute) = route {
            switch expertiseRoute {
            case .listAreas, .listExperts, .listRequests, .listCohorts: return APIRequest(uri: route.path)
            case .saveArea: return APIRequest(uri: route.path, body: #"{"code":"peacekeeping","labels":[{"language":"en","label":"peacekeeping"}]}"#)
            case .createExpert:
                return APIRequest(uri: route.path, body: #"{"person_id":\#(try await person()),"areas":["gender_training"],"languages":[{"code":"en","level":"C1"}]}"#)
            case .getExpert, .exportExpert: return at(records.expert)
            case .updateExpert:
                return at(records.expert, body: #"{"version":\#(try await version("/api/v1/experts/\(records.expert)")),"certifications":[]}"#)
            case .createRequest: return APIRequest(uri: route.path, body: Self.requestBody(owner: fixture.owner))
            case .getRequest, .requestMatches, .listAssignments: return at(records.request)
            case .updateRequest:
                return at(records.request, body: #"{"version":\#(try await version("/api/v1/expertise-requests/\(records.request)")),"audience":"Commanders"}"#)
            case .proposeAssignment:
                let expert = try await Self.expert(person: try await person(), token: fixture.adminToken, client)
                return at(records.request, body: #"{"expert_id":\#(expert)}"#)
            case .acceptAssignment, .declineAssignment: return at(records.assignment, body: "{}")
            case .reportAssignment: return at(records.assignment, body: #"{"report":"Two days in Accra."}"#)
            case .feedbackAssignment: return at(records.assignment, body: #"{"score":5,"text":"Excellent"}"#)
            case .createCohort: return APIRequest(uri: route.path, body: #"{"title":"Cohort","start":"2025-01-01","end":"2025-12-31"}"#)
            case .listPairings, .cohortTopics: return at(records.cohort)
            case .createPairing: return at(records.cohort, body: #"{"coach_expert_id":\#(records.expert),"coachee_person_id":\#(try await person())}"#)
            case .listSessions: return at(records.pairing)
            case .addSession: return at(records.pairing, body: #"{"date":"2025-02-01","minutes":60,"mode":"remote","notes":"private"}"#)
            }
        }
        switch route {
        case .expertise: return APIRequest(uri: route.path)
        case .platform(.openAPI), .platform(.me), .directory(.listCountries), .directory(.listInstitutions), .directory(.listPeople), .directory(.listNetworks), .data(.listDatasets), .data(.comparison), .data(.listRanks), .data(.dataStructure), .plans(.listPlans):
            return APIRequest(uri: route.path)
        case .data(.natoReport):
            return APIRequest(uri: route.path + "?country=BA&year=2024")
        case .plans(.createPlan):
            return APIRequest(uri: route.path, body: Self.planBody(.public, owner: fixture.owner))
        case .plans(.getPlan), .plans(.planTree), .plans(.deletePlan):
            return at(records.plan)
        case .plans(.updatePlan):
            return at(records.plan, body: #"{"version":\#(try await version("/api/v1/plans/\(records.plan)")),"title_en":"Changed"}"#)
        case .plans(.createNode):
            return at(records.plan, body: #"{"kind":"goal","code":"G\#(UUID().uuidString.prefix(8).filter(\.isLetter))\#(Int.random(in: 1...999_999))","title":"Goal"}"#)
        case .plans(.updateNode):
            return at(records.node, body: #"{"version":\#(try await Self.nodeVersion(records, fixture, client)),"title_en":"Changed"}"#)
        case .plans(.deleteNode), .plans(.createIndicator):
            return at(records.node, body: route == .plans(.createIndicator) ? #"{"definition":"Share of women","unit":"percent"}"# : nil)
        case .plans(.getIndicator), .plans(.deleteIndicator):
            return at(records.indicator)
        case .plans(.updateIndicator):
            return at(records.indicator, body: #"{"version":\#(try await version("/api/v1/indicators/\(records.indicator)")),"source":"x"}"#)
        case .reports(.listPeriods):
            return at(records.plan)
        case .reports(.createPeriod):
            return at(records.plan, body: #"{"name":"2025","start":"2025-01-01","end":"2025-12-31"}"#)
        case .reports(.lockPeriod), .reports(.unlockPeriod), .reports(.listReports):
            return at(records.period, body: route == .reports(.listReports) ? nil : "{}")
        case .reports(.createReport):
            return at(records.period, body: #"{"institution_id":\#(fixture.owner)}"#)
        case .reports(.getReport), .reports(.reportHistory):
            return at(records.report)
        case .reports(.updateReport):
            return at(records.report, body: #"{"version":\#(try await version("/api/v1/reports/\(records.report)")),"narrative":"x"}"#)
        case .reports(.submitReport), .reports(.acceptReport), .reports(.publishReport):
            return at(records.report, body: "{}")
        case .reports(.returnReport):
            return at(records.report, body: #"{"comment":"Please add the figures by sex."}"#)
        case .reports(.indicatorValues):
            return at(records.indicator)
        case .attachments(.listReportAttachments):
            return at(records.report)
        case .attachments(.addReportAttachment):
            var request = at(records.report, body: "%PDF-1.4 annex")
            request.uri += "?filename=annex.pdf"
            return request
        case .attachments(.listEvaluationAttachments):
            return at(records.evaluation)
        case .attachments(.addEvaluationAttachment):
            var request = at(records.evaluation, body: "%PDF-1.4 findings")
            request.uri += "?filename=findings.pdf"
            return request
        case .attachments(.getAttachment), .attachments(.attachmentContent), .attachments(.deleteAttachment):
            return at(records.attachment)
        case .attachments(.listActivityAttachments):
            return at(records.activity)
        case .attachments(.addActivityAttachment):
            var request = at(records.activity, body: "%PDF-1.4 agenda")
            request.uri += "?filename=agenda.pdf"
            return request
        case .evaluations(.listEvaluations):
            return at(records.plan)
        case .evaluations(.createEvaluation):
            return at(records.plan, body: #"{"kind":"mid_term","evaluator":"Independent expert"}"#)
        case .evaluations(.createRecommendation):
            return at(records.evaluation, body: #"{"text":"Report by sex","priority":"high"}"#)
        case .evaluations(.listRecommendations):
            return APIRequest(uri: route.path + "?plan=\(records.plan)")
        case .consultations(.listConsultations):
            return at(records.plan)
        case .consultations(.createConsultation):
            return at(records.plan, body: #"{"title":"Consultation","opens_on":"2024-01-01","closes_on":"2024-02-01"}"#)
        case .consultations(.listProposals):
            return at(records.consultation)
        case .consultations(.createProposal):
            return at(records.consultation, body: #"{"institution_id":\#(fixture.owner),"section":"Monitoring","text":"Report every year"}"#)
        case .consultations(.endorseProposal):
            return at(records.proposal, body: #"{"institution_id":\#(fixture.owner)}"#)
        case .consultations(.updateProposal):
            let version = try #require(try await api(client, .get, "/api/v1/consultations/\(records.consultation)/proposals", token: fixture.adminToken)
                .items.first { $0["id"] as? Int == records.proposal }?["version"] as? Int)
            return at(records.proposal, body: #"{"version":\#(version),"status":"accepted","group":"Monitoring"}"#)
        case .evaluations(.updateRecommendation):
            let register = try await api(client, .get, "/api/v1/recommendations?plan=\(records.plan)", token: fixture.adminToken).items
            let current = try #require(register.first { $0["id"] as? Int == records.recommendation }?["version"] as? Int)
            return at(records.recommendation, body: #"{"version":\#(current),"status":"accepted","response":"Agreed"}"#)
        case .directory(.createCountry):
            // A new code each time a platform admin may succeed (once per visibility)
            let code = ["QA", "QB", "QC"][records.institution % 3]
            return APIRequest(uri: route.path, body: #"{"code":"\#(code)","name_en":"Test","name_local":"Test"}"#)
        case .directory(.createInstitution):
            return APIRequest(uri: route.path, body: #"{"name":"New","kind":"cso","country":"BA","level":"state","parent_id":\#(fixture.owner)}"#)
        case .directory(.createPerson):
            return APIRequest(uri: route.path, body: #"{"given_name":"New","family_name":"Person","sex":"female","owner_institution_id":\#(fixture.owner)}"#)
        case .directory(.createNetwork):
            return APIRequest(uri: route.path, body: #"{"name":"New network","owner_institution_id":\#(fixture.owner)}"#)
        case .data(.createDataset):
            return APIRequest(uri: route.path, body: #"{"institution_id":\#(fixture.owner),"reference_date":"2024-12-31","counts":[{"sex":"female","n":12}]}"#)
        case .directory(.getInstitution), .directory(.deleteInstitution), .directory(.restoreInstitution), .directory(.institutionHistory):
            return at(records.institution)
        case .directory(.getPerson), .directory(.deletePerson), .directory(.restorePerson), .directory(.personHistory):
            return at(records.person)
        case .directory(.getNetwork), .directory(.deleteNetwork), .directory(.restoreNetwork), .directory(.networkHistory), .directory(.listMembers):
            return at(records.network)
        case .directory(.updateInstitution):
            return at(records.institution, body: #"{"version":\#(try await version("/api/v1/institutions/\(records.institution)")),"acronym":"X"}"#)
        case .directory(.updatePerson):
            return at(records.person, body: #"{"version":\#(try await version("/api/v1/people/\(records.person)")),"phone":"1"}"#)
        case .directory(.updateNetwork):
            return at(records.network, body: #"{"version":\#(try await version("/api/v1/networks/\(records.network)")),"description":"x"}"#)
        case .directory(.addMember):
            return at(records.network, body: #"{"institution_id":\#(fixture.owner),"role":"member"}"#)
        case .directory(.removeMember):
            return at(records.network, member: records.member)
        case .data(.getDataset), .data(.deleteDataset), .data(.datasetIndicators):
            return at(records.dataset)
        case .data(.datasetTable), .data(.datasetSDMX):
            var request = at(records.dataset)
            request.uri += "?rows=sex&columns=nato_code"
            return request
        case .activities(.listActivities), .activities(.reach):
            return APIRequest(uri: route.path)
        case .activities(.createActivity):
            return APIRequest(uri: route.path, body: Self.activityBody(.public, owner: fixture.owner))
        case .activities(.getActivity), .activities(.deleteActivity), .activities(.listParticipants), .activities(.activityCascade):
            return at(records.activity)
        case .activities(.personCascade):
            return at(records.person)
        case .activities(.updateActivity):
            return at(records.activity, body: #"{"version":\#(try await version("/api/v1/activities/\(records.activity)")),"outputs":"Conclusions"}"#)
        case .activities(.addParticipant):
            return at(records.activity, body: #"{"female":3,"male":2}"#)
        case .activities(.removeParticipant):
            return at(records.participant)
        case .activities(.importAttendance):
            return at(records.activity, body: "multipart")
        case .library(.searchLibrary):
            return APIRequest(uri: route.path + "?q=item")
        case .library(.createLibraryItem):
            return APIRequest(uri: route.path, body: Self.libraryBody(.public, owner: fixture.owner))
        case .library(.getLibraryItem), .library(.deleteLibraryItem):
            return at(records.libraryItem)
        case .library(.updateLibraryItem):
            return at(records.libraryItem, body: #"{"version":\#(try await version("/api/v1/library/\(records.libraryItem)")),"summary":"Changed"}"#)
        case .library(.addLibraryAttachment):
            return at(records.libraryItem, body: "multipart")
        case .reviews(.listTemplates), .reviews(.listReviews):
            return APIRequest(uri: route.path)
        case .reviews(.saveTemplate):
            return APIRequest(uri: route.path, body: #"{"code":"matrix","title":"Matrix","areas":[{"code":"a","title":"A","question":"Q?"}]}"#)
        case .reviews(.templateComparison):
            return at(1)
        case .reviews(.createReview):
            return APIRequest(uri: route.path, body: #"{"template_id":1,"institution_id":\#(fixture.owner)}"#)
        case .reviews(.getReview), .reviews(.reviewGaps):
            return at(records.review)
        case .reviews(.updateReview):
            return at(records.review, body: #"{"version":\#(try await version("/api/v1/reviews/\(records.review)")),"shared":true}"#)
        case .projects(.listProjects):
            return APIRequest(uri: route.path)
        case .projects(.createProject):
            return APIRequest(uri: route.path, body: Self.projectBody(.public, owner: fixture.owner))
        case .projects(.getProject), .projects(.deleteProject), .projects(.projectIATI), .projects(.listResults):
            return at(records.project)
        case .projects(.addResult):
            return at(records.project, body: #"{"title":"Trained officers","indicators":[{"definition":"Officers trained","unit":"count","disaggregation":"sex","actuals":[{"start":"2024-01-01","end":"2024-12-31","value":10,"female":6,"male":4}]}]}"#)
        case .projects(.iati):
            return APIRequest(uri: route.path + "?country=BA")
        case .projects(.updateProject):
            return at(records.project, body: #"{"version":\#(try await version("/api/v1/projects/\(records.project)")),"description":"Changed"}"#)
        }
    }

    static func projectBody(_ visibility: Visibility, owner: Int) -> String {
        #"{"title":"Project \#(visibility.rawValue)","start":"2024-01-01","owner_id":\#(owner),"countries":["BA"],"visibility":"\#(visibility.rawValue)"}"#
    }

    static func libraryBody(_ visibility: Visibility, owner: Int) -> String {
        #"{"kind":"policy","title":"Library item \#(visibility.rawValue)","language":"bs","owner_institution_id":\#(owner),"visibility":"\#(visibility.rawValue)"}"#
    }

    static func libraryItem(_ visibility: Visibility, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/library", token: token, json: libraryBody(visibility, owner: owner))
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func project(_ visibility: Visibility, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/projects", token: token, json: projectBody(visibility, owner: owner))
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func activityBody(_ visibility: Visibility, owner: Int) -> String {
        #"{"kind":"workshop","title":"Workshop \#(visibility.rawValue)","start":"2024-03-01","end":"2024-03-02","city":"Mostar","country":"BA","owner_id":\#(owner),"visibility":"\#(visibility.rawValue)"}"#
    }

    static func activity(_ visibility: Visibility, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/activities", token: token, json: activityBody(visibility, owner: owner))
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func participant(_ activity: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/activities/\(activity)/participants", token: token, json: #"{"female":4,"male":1}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func requestBody(owner: Int) -> String {
        #"{"title":"Gender advisers' course","institution_id":\#(owner),"areas":["gender_training"],"languages":["en"],"country":"BA","start":"2025-05-05","end":"2025-05-06"}"#
    }

    /// A listed expert (and coach) for a person.
    static func expert(person: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let body = #"{"person_id":\#(person),"areas":["gender_training","gender_coaching"],"languages":[{"code":"en","level":"C1"}],"listed":true}"#
        let created = try await api(client, .post, "/api/v1/experts", token: token, json: body)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    /// Puts back what a successful change took away, so the next viewer meets the same records.
    static func undo(_ route: APIRoute, _ outcome: Outcome, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        let taken: [APIRoute: Taken] = [
            .directory(.deleteInstitution): .institution, .directory(.deletePerson): .person, .directory(.deleteNetwork): .network, .directory(.removeMember): .member, .data(.deleteDataset): .dataset,
            .plans(.deletePlan): .plan, .plans(.deleteNode): .node, .plans(.deleteIndicator): .indicator,
        ]
        var records = records
        switch (route, outcome) {
        case (.reports(.lockPeriod), .ok):
            // Unlocked again, so that the next viewer may change the period's reports
            #expect(try await api(client, .post, "/api/v1/periods/\(records.period)/unlock", token: fixture.adminToken, json: "{}").status == .ok)
        case (.consultations(.endorseProposal), .ok):
            // The owner has endorsed it now: the next viewer endorses a new proposal
            records.proposal = try await Self.proposal(records.consultation, by: fixture.other, token: fixture.adminToken, client)
        case (.attachments(.deleteAttachment), .done):
            records.attachment = try await Self.attachment(records.evaluation, token: fixture.adminToken, client)
        case (.activities(.deleteActivity), .done):
            // Activities have no restore: the next viewer meets a new one
            let visibility = try #require(fixture.records.first { $0.value.activity == records.activity }?.key)
            records.activity = try await Self.activity(visibility, owner: fixture.owner, token: fixture.adminToken, client)
            records.participant = try await Self.participant(records.activity, token: fixture.adminToken, client)
        case (.projects(.deleteProject), .done):
            let visibility = try #require(fixture.records.first { $0.value.project == records.project }?.key)
            records.project = try await Self.project(visibility, owner: fixture.owner, token: fixture.adminToken, client)
        case (.library(.deleteLibraryItem), .done):
            let visibility = try #require(fixture.records.first { $0.value.libraryItem == records.libraryItem }?.key)
            records.libraryItem = try await Self.libraryItem(visibility, owner: fixture.owner, token: fixture.adminToken, client)
        case (.activities(.removeParticipant), .done):
            records.participant = try await Self.participant(records.activity, token: fixture.adminToken, client)
        case (.reports(.createReport), .created):
            // The owner has its report in that period now: the next viewer tries in a new one
            records.period = try await Self.period(records.plan, token: fixture.adminToken, client)
        default: break
        }
        guard outcome == .done, let what = taken[route] else { return records }
        return try await putBack(what, records, fixture, client)
    }

    /// Puts the owner's report where the route acts on it: with the reporter (draft or returned)
    /// to write or submit it, submitted to return or accept it, accepted to publish it, and
    /// never published for the routes whose expectation is about an unpublished report.
    static func prepare(_ route: APIRoute, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        if case .attachments(let attachmentRoute) = route, [.listReportAttachments, .addReportAttachment].contains(attachmentRoute) {
            return try await prepare(.reports(.updateReport), records, fixture, client)
        }
        guard case .reports(let reportRoute) = route, ![.listPeriods, .createPeriod, .indicatorValues].contains(reportRoute) else { return records }
        var records = records
        let admin = fixture.adminToken
        func status() async throws -> ReportStatus {
            let read = try await api(client, .get, "/api/v1/reports/\(records.report)", token: admin)
            return try #require(ReportStatus(rawValue: read.object["status"] as? String ?? ""), "\(read.text)")
        }
        func step(_ name: String) async throws {
            let body = name == "return" ? #"{"comment":"Again"}"# : "{}"
            let moved = try await api(client, .post, "/api/v1/reports/\(records.report)/\(name)", token: admin, json: body)
            #expect(moved.status == .ok, "\(name): \(moved.text)")
        }
        var current = try await status()
        let wanted: Set<ReportStatus> = switch reportRoute {
        case .returnReport, .acceptReport: [.submitted]
        case .publishReport: [.accepted]
        case .updateReport, .submitReport, .createReport, .lockPeriod, .unlockPeriod: [.draft, .returned]
        default: [.draft, .returned, .submitted, .accepted]
        }
        if wanted.contains(current) { return records }
        if current == .published || (current == .accepted && !wanted.contains(.accepted)) || (current == .submitted && wanted == [.draft, .returned]) {
            records = try await Self.freshReport(records, fixture, client)
            current = .draft
        }
        if current.isWithReporter, !wanted.contains(current) { try await step("submit"); current = .submitted }
        if current == .submitted, wanted == [.accepted] { try await step("accept") }
        return records
    }

    /// The owner's report with the reporter before a page that shows, edits or submits it.
    static func preparePage(_ route: SiteRoute, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        switch route {
        case .report, .editReport, .reportStep, .reportAttachments: try await prepare(.reports(.updateReport), records, fixture, client)
        default: records
        }
    }

    /// A new period of the records' plan, and the owner's report in it.
    static func freshReport(_ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        var records = records
        let period = try await Self.period(records.plan, token: fixture.adminToken, client)
        records.report = try await Self.report(period, owner: fixture.owner, token: fixture.adminToken, client)
        records.period = try await Self.period(records.plan, token: fixture.adminToken, client)
        return records
    }

    /// A consultation open today (and for a month).
    static func consultation(_ plan: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let today = ConsultationRoute.today
        let created = try await api(client, .post, "/api/v1/plans/\(plan)/consultations", token: token,
                                    json: #"{"title":"Draft","opens_on":"\#(today.adding(days: -1))","closes_on":"\#(today.adding(days: 30))"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func proposal(_ consultation: Int, by institution: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/consultations/\(consultation)/proposals", token: token,
                                    json: #"{"institution_id":\#(institution),"section":"Goals","text":"A goal on peace processes"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func evaluation(_ plan: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/plans/\(plan)/evaluations", token: token, json: #"{"kind":"final","evaluator":"CSO network"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func recommendation(_ evaluation: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/evaluations/\(evaluation)/recommendations", token: token, json: #"{"text":"Budget every measure"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    /// A PDF attached to the evaluation.
    static func attachment(_ evaluation: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/evaluations/\(evaluation)/attachments?filename=terms.pdf", token: token, json: "%PDF-1.7 terms")
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func period(_ plan: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/plans/\(plan)/periods", token: token, json: #"{"name":"2024","start":"2024-01-01","end":"2024-12-31"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func report(_ period: Int, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/periods/\(period)/reports", token: token, json: #"{"institution_id":\#(owner)}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    enum Taken { case institution, person, network, member, dataset, plan, node, indicator }

    /// Restores a deleted record, or makes the removed member or dataset again.
    static func putBack(_ taken: Taken, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        switch taken {
        case .institution: return try await restore("institutions", records.institution, records, fixture, client)
        case .person: return try await restore("people", records.person, records, fixture, client)
        case .network: return try await restore("networks", records.network, records, fixture, client)
        case .member: return try await addMemberAgain(records, fixture, client)
        case .dataset: return try await datasetAgain(records, fixture, client)
        case .plan, .node, .indicator:
            // Plans have no restore: the deleted part is made again
            var records = records
            let visibility = try #require(fixture.records.first { $0.value.plan == records.plan }?.key)
            if taken == .plan {
                records.plan = try await Self.plan(visibility, owner: fixture.owner, token: fixture.adminToken, client)
                records = try await Self.freshReport(records, fixture, client)
                records.evaluation = try await Self.evaluation(records.plan, token: fixture.adminToken, client)
                records.recommendation = try await Self.recommendation(records.evaluation, token: fixture.adminToken, client)
                records.attachment = try await Self.attachment(records.evaluation, token: fixture.adminToken, client)
                records.consultation = try await Self.consultation(records.plan, token: fixture.adminToken, client)
                records.proposal = try await Self.proposal(records.consultation, by: fixture.other, token: fixture.adminToken, client)
            }
            if taken != .indicator { records.node = try await Self.node(records.plan, token: fixture.adminToken, client) }
            records.indicator = try await Self.indicator(records.node, token: fixture.adminToken, client)
            return records
        }
    }

    static func planBody(_ visibility: Visibility, owner: Int) -> String {
        #"{"kind":"nap","country":"BA","level":"state","title":"Plan \#(visibility.rawValue)","period_start":2024,"period_end":2027,"coordinator_id":\#(owner),"visibility":"\#(visibility.rawValue)"}"#
    }

    static func plan(_ visibility: Visibility, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/plans", token: token, json: planBody(visibility, owner: owner))
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func node(_ plan: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/plans/\(plan)/nodes", token: token,
                                    json: #"{"kind":"goal","code":"\#(Int.random(in: 1...999_999_999))","title":"Participation","pillar":"participation"}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func indicator(_ node: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/plan-nodes/\(node)/indicators", token: token,
                                    json: #"{"definition":"Women in the armed forces","unit":"percent","baseline":{"value":6.8,"year":2017}}"#)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    /// A node's version, read from its plan's tree.
    static func nodeVersion(_ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Int {
        let tree = try await api(client, .get, "/api/v1/plans/\(records.plan)/tree", token: fixture.adminToken)
        let nodes = try #require(tree.object["nodes"] as? [[String: Any]])
        return try #require(nodes.first { $0["id"] as? Int == records.node }?["version"] as? Int)
    }

    static func restore(_ collection: String, _ id: Int, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        #expect(try await api(client, .post, "/api/v1/\(collection)/\(id)/restore", token: fixture.adminToken).status == .ok)
        return records
    }

    static func addMemberAgain(_ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        var records = records
        let added = try await api(client, .post, "/api/v1/networks/\(records.network)/members", token: fixture.adminToken,
                                  json: #"{"institution_id":\#(fixture.owner),"role":"member"}"#)
        records.member = try #require(added.object["id"] as? Int)
        return records
    }

    static func datasetAgain(_ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> Records {
        var records = records
        let visibility = try #require(fixture.records.first { $0.value.dataset == records.dataset }?.key)
        records.dataset = try await dataset(visibility, owner: fixture.owner, token: fixture.adminToken, client)
        return records
    }

    static func dataset(_ visibility: Visibility, owner: Int, token: String, _ client: any TestClientProtocol) async throws -> Int {
        let created = try await api(client, .post, "/api/v1/datasets", token: token, json: """
            {"institution_id":\(owner),"reference_date":"2024-12-31","visibility":"\(visibility.rawValue)","counts":[
              {"sex":"female","nato_code":"OF-1","n":30},{"sex":"male","nato_code":"OF-1","n":40}]}
            """)
        return try #require(created.object["id"] as? Int, "\(created.text)")
    }

    static func expertiseSiteRequests(_ route: SiteRoute, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> [SiteRequest] {
        let admin = fixture.adminToken
        func person() async throws -> Int {
            let created = try await api(client, .post, "/api/v1/people", token: admin,
                json: #"{"given_name":"Page","family_name":"Candidate","sex":"female","owner_institution_id":\#(fixture.owner),"visibility":"public"}"#)
            return try #require(created.object["id"] as? Int, "\(created.text)")
        }
        let profile: [(String, String)] = [("areas", "gender_training"), ("areas", "gender_coaching"), ("languages", "en C1"), ("listed", "true")]
        switch route {
        case .experts, .requestExpertise: return [SiteRequest(method: .get, uri: route.path)]
        case .expertiseRequests:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("title", "Course"), ("institution_id", String(fixture.owner)), ("areas", "gender_training"), ("languages", "en"),
                ("start", "2025-06-02"), ("end", "2025-06-03"), ("format", "remote"), ("experts_needed", "1")])]
        case .coaching:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("title", "Cohort"), ("start", "2025-01-01"), ("end", "2025-12-31")])]
        case .expert: return [SiteRequest(method: .get, uri: SiteRoute.expert(records.expert).path, id: records.expert)]
        case .expertExport: return [SiteRequest(method: .get, uri: SiteRoute.expertExport(records.expert).path, id: records.expert)]
        case .newExpert:
            let fresh = try await person()
            return [SiteRequest(method: .get, uri: SiteRoute.newExpert.with(query: [("person", String(fresh))])),
                    SiteRequest(method: .post, uri: SiteRoute.newExpert.path, form: [("person_id", String(fresh))] + profile)]
        case .editExpert:
            let uri = SiteRoute.editExpert(records.expert).path
            let version = try #require(try await api(client, .get, "/api/v1/experts/\(records.expert)", token: admin).object["version"] as? Int)
            return [SiteRequest(method: .get, uri: uri, id: records.expert), SiteRequest(method: .post, uri: uri, form: [("version", String(version))] + profile, id: records.expert)]
        case .expertiseRequest: return [SiteRequest(method: .get, uri: SiteRoute.expertiseRequest(records.request).path, id: records.request)]
        case .requestStatus:
            return [SiteRequest(method: .post, uri: SiteRoute.requestStatus(records.request).path, form: [("confirmed", "true")], id: records.request)]
        case .proposeExpert:
            let expert = try await Self.expert(person: try await person(), token: admin, client)
            return [SiteRequest(method: .post, uri: SiteRoute.proposeExpert(records.request).path, form: [("expert_id", String(expert))], id: records.request)]
        case .answerAssignment:
            return [SiteRequest(method: .post, uri: SiteRoute.answerAssignment(records.assignment).path, form: [("action", "decline")], id: records.assignment)]
        case .cohort:
            let uri = SiteRoute.cohort(records.cohort).path
            return [SiteRequest(method: .get, uri: uri, id: records.cohort), SiteRequest(method: .post, uri: uri, form: [
                ("coach_expert_id", String(records.expert)), ("coachee_person_id", String(try await person()))], id: records.cohort)]
        case .pairing:
            let uri = SiteRoute.pairing(records.pairing).path
            return [SiteRequest(method: .get, uri: uri, id: records.pairing), SiteRequest(method: .post, uri: uri, form: [
                ("date", "2025-03-01"), ("minutes", "45"), ("mode", "remote"), ("notes", "x")], id: records.pairing)]
        default: return []
        }
    }

    struct SiteRequest {
        var method: HTTPRequest.Method
        var uri: String
        var form: [(String, String)] = []
        var id: Int?
    }

    static func siteRequests(_ route: SiteRoute, _ who: Who, _ visibility: Visibility, _ records: Records, _ fixture: Fixture, _ client: any TestClientProtocol) async throws -> [SiteRequest] {
        let admin = fixture.adminToken
        func version(_ path: String) async throws -> String {
            String(try #require(try await api(client, .get, path + "?include_deleted=true", token: admin).object["version"] as? Int))
        }
        let owner = String(fixture.owner)
        switch route {
        case .home, .countries, .datasets, .compareDatasets, .compareXLSX, .stylesheet, .health, .metrics, .newInstitution,
            .newPerson, .newNetwork, .importDataset:
            return [SiteRequest(method: .get, uri: route.path)]
        case .natoReport, .natoReportXLSX:
            return [SiteRequest(method: .get, uri: route.path + "?country=BA&year=2024")]
        case .plans:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("kind", "nap"), ("place", "BA/state"), ("title", "New plan"), ("period_start", "2026"), ("period_end", "2030"),
                ("status", "draft"), ("coordinator_id", owner), ("visibility", "public")])]
        case .plan: return [SiteRequest(method: .get, uri: SiteRoute.plan(records.plan).path, id: records.plan)]
        case .planPeriods:
            return [SiteRequest(method: .post, uri: SiteRoute.planPeriods(records.plan).path, form: [
                ("name", "2026"), ("start", "2026-01-01"), ("end", "2026-12-31"), ("due", "2027-03-31")], id: records.plan)]
        case .lockPeriod:
            return [SiteRequest(method: .post, uri: SiteRoute.lockPeriod(records.period).path, form: [("locked", "true")], id: records.period)]
        case .periodReports:
            return [SiteRequest(method: .post, uri: SiteRoute.periodReports(records.period).path, form: [("institution_id", owner)], id: records.period)]
        case .report: return [SiteRequest(method: .get, uri: SiteRoute.report(records.report).path, id: records.report)]
        case .reportAttachments:
            return [SiteRequest(method: .post, uri: SiteRoute.reportAttachments(records.report).path, id: records.report)]
        case .evaluationAttachments:
            return [SiteRequest(method: .post, uri: SiteRoute.evaluationAttachments(records.evaluation).path, id: records.evaluation)]
        case .deleteAttachment:
            return [SiteRequest(method: .post, uri: SiteRoute.deleteAttachment(records.attachment).path, id: records.attachment)]
        case .reviewQueue, .recommendations, .newPlan:
            return [SiteRequest(method: .get, uri: route.path)]
        case .editPlan:
            let uri = SiteRoute.editPlan(records.plan).path
            let plan = try await api(client, .get, "/api/v1/plans/\(records.plan)", token: admin).object
            return [SiteRequest(method: .get, uri: uri, id: records.plan), SiteRequest(method: .post, uri: uri, form: [
                ("version", String(try #require(plan["version"] as? Int))), ("kind", "nap"), ("place", "BA/state"), ("title", "Plan changed"),
                ("period_start", "2024"), ("period_end", "2027"), ("status", "adopted"), ("coordinator_id", owner),
                ("visibility", try #require(plan["visibility"] as? String))], id: records.plan)]
        case .planEvaluations:
            return [SiteRequest(method: .post, uri: SiteRoute.planEvaluations(records.plan).path, form: [
                ("evaluation-kind", "mid_term"), ("evaluation-evaluator", "Independent expert"), ("evaluation-date", "2024-06-30")], id: records.plan)]
        case .evaluationRecommendations:
            let prefix = "e\(records.evaluation)-"
            return [SiteRequest(method: .post, uri: SiteRoute.evaluationRecommendations(records.evaluation).path, form: [
                (prefix + "text", "Report by sex"), (prefix + "priority", "high"), (prefix + "addressed_to", owner)], id: records.evaluation)]
        case .planConsultations:
            return [SiteRequest(method: .post, uri: SiteRoute.planConsultations(records.plan).path, form: [
                ("consultation-title", "Draft"), ("consultation-opens_on", "2024-01-01"), ("consultation-closes_on", "2024-02-01")], id: records.plan)]
        case .answerProposal:
            let version = try #require(try await api(client, .get, "/api/v1/consultations/\(records.consultation)/proposals", token: admin)
                .items.first { $0["id"] as? Int == records.proposal }?["version"] as? Int)
            return [SiteRequest(method: .post, uri: SiteRoute.answerProposal(records.proposal).path, form: [
                ("version", String(version)), ("status", "accepted"), ("group", "Monitoring")], id: records.proposal)]
        case .answerRecommendation:
            let register = try await api(client, .get, "/api/v1/recommendations?plan=\(records.plan)", token: admin).items
            let current = try #require(register.first { $0["id"] as? Int == records.recommendation }?["version"] as? Int)
            return [SiteRequest(method: .post, uri: SiteRoute.answerRecommendation(records.recommendation).path, form: [
                ("version", String(current)), ("status", "accepted"), ("response", "Agreed")], id: records.recommendation)]
        case .planReport:
            return [SiteRequest(method: .get, uri: SiteRoute.planReport(records.plan).path + "?period=\(records.period)", id: records.plan)]
        case .consultationCSV: return [SiteRequest(method: .get, uri: SiteRoute.consultationCSV(records.consultation).path, id: records.consultation)]
        case .consultationXLSX: return [SiteRequest(method: .get, uri: SiteRoute.consultationXLSX(records.consultation).path, id: records.consultation)]
        case .consultationProposals:
            let prefix = "c\(records.consultation)-"
            return [SiteRequest(method: .post, uri: SiteRoute.consultationProposals(records.consultation).path, form: [
                (prefix + "institution_id", owner), (prefix + "section", "Monitoring"), (prefix + "text", "Report every year")], id: records.consultation)]
        case .endorseProposal:
            return [SiteRequest(method: .post, uri: SiteRoute.endorseProposal(records.proposal).path, form: [("institution_id", owner)], id: records.proposal)]
        case .importPlan:
            let uri = SiteRoute.importPlan(records.plan).path
            return [SiteRequest(method: .get, uri: uri, id: records.plan), SiteRequest(method: .post, uri: uri, form: [("sheet", "")], id: records.plan)]
        case .editReport:
            let uri = SiteRoute.editReport(records.report).path
            return [SiteRequest(method: .get, uri: uri, id: records.report), SiteRequest(method: .post, uri: uri, form: [
                ("version", try await version("/api/v1/reports/\(records.report)")), ("narrative", "Written from the form")], id: records.report)]
        case .reportStep:
            return [SiteRequest(method: .post, uri: SiteRoute.reportStep(records.report).path, form: [("step", "submit"), ("comment-submit", "")], id: records.report)]
        case .activities:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("kind", "workshop"), ("title", "Workshop"), ("start", "2024-04-01"), ("end", "2024-04-01"), ("country", "BA"), ("owner_id", owner),
                ("visibility", "public")])]
        case .activity: return [SiteRequest(method: .get, uri: SiteRoute.activity(records.activity).path, id: records.activity)]
        case .newActivity, .activitiesCalendar, .projects, .reach, .reachCSV, .reachXLSX: return [SiteRequest(method: .get, uri: route.path)]
        case .project: return [SiteRequest(method: .get, uri: SiteRoute.project(records.project).path, id: records.project)]
        case .library: return [SiteRequest(method: .get, uri: route.path + "?q=library")]
        case .libraryItem: return [SiteRequest(method: .get, uri: SiteRoute.libraryItem(records.libraryItem).path, id: records.libraryItem)]
        case .newLibraryItem:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("kind", "guideline"), ("title", "Guideline"), ("language", "en"), ("owner_institution_id", owner), ("visibility", "public")])]
        case .editLibraryItem:
            let kept = fixture.records.first { $0.value.libraryItem == records.libraryItem }?.key ?? .public
            return [SiteRequest(method: .get, uri: SiteRoute.editLibraryItem(records.libraryItem).path, id: records.libraryItem),
                    SiteRequest(method: .post, uri: SiteRoute.editLibraryItem(records.libraryItem).path, form: [
                        ("kind", "policy"), ("title", "Library item"), ("language", "bs"), ("owner_institution_id", owner), ("visibility", kept.rawValue),
                        ("version", try await version("/api/v1/library/\(records.libraryItem)"))], id: records.libraryItem)]
        case .libraryAttachments:
            return [SiteRequest(method: .post, uri: SiteRoute.libraryAttachments(records.libraryItem).path, form: [], id: records.libraryItem)]
        case .policyReviews:
            return [SiteRequest(method: .get, uri: route.path),
                    SiteRequest(method: .post, uri: route.path, form: [("template_id", "1"), ("institution_id", owner)])]
        case .policyReview:
            return [SiteRequest(method: .get, uri: SiteRoute.policyReview(records.review).path, id: records.review),
                    SiteRequest(method: .post, uri: SiteRoute.policyReview(records.review).path, form: [
                        ("version", String(try await version("/api/v1/reviews/\(records.review)"))), ("answer-coverage", "no"), ("shared", "true")],
                        id: records.review)]
        case .reviewComparison:
            return [SiteRequest(method: .get, uri: SiteRoute.reviewComparison(1).path, id: 1)]
        case .experts, .expertiseRequests, .coaching, .requestExpertise, .expert, .newExpert, .editExpert, .expertExport, .expertiseRequest, .requestStatus,
            .proposeExpert, .answerAssignment, .cohort, .pairing:
            return try await expertiseSiteRequests(route, records, fixture, client)
        case .linkAccount:
            return [SiteRequest(method: .post, uri: SiteRoute.linkAccount(records.person).path, form: [("email", "\(records.person)-account@example.org")], id: records.person)]
        case .editActivity:
            let uri = SiteRoute.editActivity(records.activity).path
            let activity = try await api(client, .get, "/api/v1/activities/\(records.activity)", token: admin).object
            return [SiteRequest(method: .get, uri: uri, id: records.activity), SiteRequest(method: .post, uri: uri, form: [
                ("version", String(try #require(activity["version"] as? Int))), ("kind", "workshop"), ("title", "Workshop changed"),
                ("start", "2024-03-01"), ("end", "2024-03-02"), ("country", "BA"), ("owner_id", owner),
                ("visibility", try #require(activity["visibility"] as? String))], id: records.activity)]
        case .deleteActivity:
            return [SiteRequest(method: .post, uri: SiteRoute.deleteActivity(records.activity).path, form: [
                ("version", try await version("/api/v1/activities/\(records.activity)"))], id: records.activity)]
        case .activityParticipants:
            return [SiteRequest(method: .post, uri: SiteRoute.activityParticipants(records.activity).path, form: [("female", "2"), ("male", "1")], id: records.activity)]
        case .removeParticipant:
            return [SiteRequest(method: .post, uri: SiteRoute.removeParticipant(records.participant).path, id: records.participant)]
        case .activityAttendance:
            return [SiteRequest(method: .post, uri: SiteRoute.activityAttendance(records.activity).path, id: records.activity)]
        case .activityAttachments:
            return [SiteRequest(method: .post, uri: SiteRoute.activityAttachments(records.activity).path, id: records.activity)]
        case .institutions:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("name", "New"), ("kind", "cso"), ("place", "BA/state"), ("parent_id", owner), ("visibility", "public")])]
        case .people:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("given_name", "New"), ("family_name", "Person"), ("sex", "female"), ("owner_institution_id", owner), ("visibility", "public")])]
        case .networks:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("name", "New network"), ("kind", "network"), ("owner_institution_id", owner), ("visibility", "public")])]
        case .ranks:
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("country", "BA"), ("national_rank", "Matrix rank"), ("nato_code", "OR-1"), ("category", "other_ranks")])]
        case .login:
            // Signing in again as oneself (failed attempts are limited and tested on their own)
            guard who.isSignedIn else { return [SiteRequest(method: .get, uri: route.path)] }
            return [SiteRequest(method: .get, uri: route.path), SiteRequest(method: .post, uri: route.path, form: [
                ("email", "\(who.rawValue.lowercased())@example.org"), ("password", "correct horse battery staple")])]
        case .logout:
            // Signing out would end the session the next routes need: tried last, by a fresh browser, in its own test.
            return []
        case .language:
            return [SiteRequest(method: .get, uri: SiteRoute.language(.en, next: "/").path)]
        case .institution: return [SiteRequest(method: .get, uri: SiteRoute.institution(records.institution).path, id: records.institution)]
        case .person: return [SiteRequest(method: .get, uri: SiteRoute.person(records.person).path, id: records.person)]
        case .network: return [SiteRequest(method: .get, uri: SiteRoute.network(records.network).path, id: records.network)]
        case .dataset: return [SiteRequest(method: .get, uri: SiteRoute.dataset(records.dataset).path, id: records.dataset)]
        case .datasetCSV: return [SiteRequest(method: .get, uri: SiteRoute.datasetCSV(records.dataset).path, id: records.dataset)]
        case .datasetXLSX: return [SiteRequest(method: .get, uri: SiteRoute.datasetXLSX(records.dataset).path, id: records.dataset)]
        case .indicatorsXLSX: return [SiteRequest(method: .get, uri: SiteRoute.indicatorsXLSX(records.dataset).path, id: records.dataset)]
        case .editInstitution:
            let uri = SiteRoute.editInstitution(records.institution).path
            return [SiteRequest(method: .get, uri: uri, id: records.institution), SiteRequest(method: .post, uri: uri, form: [
                ("name", "Child"), ("kind", "ministry"), ("place", "BA/state"), ("parent_id", owner), ("visibility", visibility.rawValue),
                ("version", try await version("/api/v1/institutions/\(records.institution)"))], id: records.institution)]
        case .editPerson:
            let uri = SiteRoute.editPerson(records.person).path
            return [SiteRequest(method: .get, uri: uri, id: records.person), SiteRequest(method: .post, uri: uri, form: [
                ("given_name", "P"), ("family_name", "Q"), ("sex", "female"), ("owner_institution_id", owner),
                ("visibility", visibility.rawValue), ("version", try await version("/api/v1/people/\(records.person)"))], id: records.person)]
        case .editNetwork:
            let uri = SiteRoute.editNetwork(records.network).path
            return [SiteRequest(method: .get, uri: uri, id: records.network), SiteRequest(method: .post, uri: uri, form: [
                ("name", "N"), ("kind", "network"), ("owner_institution_id", owner), ("visibility", visibility.rawValue),
                ("version", try await version("/api/v1/networks/\(records.network)"))], id: records.network)]
        case .deleteInstitution: return [SiteRequest(method: .post, uri: SiteRoute.deleteInstitution(records.institution).path, id: records.institution)]
        case .deletePerson: return [SiteRequest(method: .post, uri: SiteRoute.deletePerson(records.person).path, id: records.person)]
        case .deleteNetwork: return [SiteRequest(method: .post, uri: SiteRoute.deleteNetwork(records.network).path, id: records.network)]
        case .restoreInstitution: return [SiteRequest(method: .post, uri: SiteRoute.restoreInstitution(records.institution).path, id: records.institution)]
        case .restorePerson: return [SiteRequest(method: .post, uri: SiteRoute.restorePerson(records.person).path, id: records.person)]
        case .restoreNetwork: return [SiteRequest(method: .post, uri: SiteRoute.restoreNetwork(records.network).path, id: records.network)]
        case .networkMembers:
            return [SiteRequest(method: .post, uri: SiteRoute.networkMembers(records.network).path,
                                form: [("member", "i:\(owner)"), ("role", "member")], id: records.network)]
        case .removeMember:
            return [SiteRequest(method: .post, uri: SiteRoute.removeMember(network: records.network, member: records.member).path, id: records.network)]
        case .institutionRoles:
            // Roles are given in the owner itself (public): its admins manage them
            let uri = SiteRoute.institutionRoles(fixture.owner).path
            return [SiteRequest(method: .get, uri: uri), SiteRequest(method: .post, uri: uri, form: [("email", "ownmember@example.org"), ("role", "member")])]
        case .deleteDataset: return [SiteRequest(method: .post, uri: SiteRoute.deleteDataset(records.dataset).path, id: records.dataset)]
        case .confirmImport: return [SiteRequest(method: .post, uri: route.path, form: [("institution_id", owner)])]
        }
    }

    static func undoPage(
        _ route: SiteRoute, _ method: HTTPRequest.Method, _ outcome: Outcome, _ records: Records, _ fixture: Fixture,
        _ client: any TestClientProtocol
    ) async throws -> Records {
        guard outcome == .redirect, method == .post else { return records }
        switch route {
        case .lockPeriod:
            #expect(try await api(client, .post, "/api/v1/periods/\(records.period)/unlock", token: fixture.adminToken, json: "{}").status == .ok)
            return records
        case .periodReports:
            var records = records
            records.period = try await Self.period(records.plan, token: fixture.adminToken, client)
            return records
        case .endorseProposal:
            var records = records
            records.proposal = try await Self.proposal(records.consultation, by: fixture.other, token: fixture.adminToken, client)
            return records
        case .deleteAttachment:
            var records = records
            records.attachment = try await Self.attachment(records.evaluation, token: fixture.adminToken, client)
            return records
        case .deleteActivity:
            var records = records
            let visibility = try #require(fixture.records.first { $0.value.activity == records.activity }?.key)
            records.activity = try await Self.activity(visibility, owner: fixture.owner, token: fixture.adminToken, client)
            records.participant = try await Self.participant(records.activity, token: fixture.adminToken, client)
            return records
        case .removeParticipant:
            var records = records
            records.participant = try await Self.participant(records.activity, token: fixture.adminToken, client)
            return records
        default: break
        }
        let what: Taken? = switch route {
        case .deleteInstitution: .institution
        case .deletePerson: .person
        case .deleteNetwork: .network
        case .removeMember: .member
        case .deleteDataset: .dataset
        default: nil
        }
        guard let what else { return records }
        return try await putBack(what, records, fixture, client)
    }

    // MARK: - The records

    static func fixture(_ client: any TestClientProtocol, _ services: AppServices) async throws -> Fixture {
        let admin = try await WebHarness.token(services, email: "setup@example.org", admin: true)
        func create(_ path: String, _ body: String) async throws -> Int {
            let response = try await api(client, .post, path, token: admin, json: body)
            return try #require(response.object["id"] as? Int, "\(path): \(response.text)")
        }
        let owner = try await create("/api/v1/institutions", #"{"name":"Owner institution","name_en":"Owner institution","kind":"ministry_of_defence","country":"BA","level":"state","visibility":"public"}"#)
        let other = try await create("/api/v1/institutions", #"{"name":"Other institution","name_en":"Other institution","kind":"cso","country":"BA","level":"state","visibility":"public"}"#)
        try await services.database.transaction { sql in
            try await sql.raw("INSERT INTO expertise_secretariats (institution_id) VALUES (\(bind: owner))").run()
        }
        var records: [Visibility: Records] = [:]
        for visibility in Visibility.allCases {
            let v = visibility.rawValue
            let institution = try await create("/api/v1/institutions", #"{"name":"Child \#(v)","kind":"ministry","country":"BA","level":"state","parent_id":\#(owner),"visibility":"\#(v)"}"#)
            let person = try await create("/api/v1/people", #"{"given_name":"Person","family_name":"\#(v)","sex":"female","owner_institution_id":\#(owner),"visibility":"\#(v)"}"#)
            let network = try await create("/api/v1/networks", #"{"name":"Network \#(v)","owner_institution_id":\#(owner),"visibility":"\#(v)"}"#)
            let member = try await create("/api/v1/networks/\(network)/members", #"{"institution_id":\#(owner),"role":"member"}"#)
            let dataset = try await Self.dataset(visibility, owner: owner, token: admin, client)
            let plan = try await Self.plan(visibility, owner: owner, token: admin, client)
            let node = try await Self.node(plan, token: admin, client)
            let indicator = try await Self.indicator(node, token: admin, client)
            let reportPeriod = try await Self.period(plan, token: admin, client)
            let report = try await Self.report(reportPeriod, owner: owner, token: admin, client)
            let evaluation = try await Self.evaluation(plan, token: admin, client)
            let recommendation = try await Self.recommendation(evaluation, token: admin, client)
            let consultation = try await Self.consultation(plan, token: admin, client)
            let proposal = try await Self.proposal(consultation, by: other, token: admin, client)
            let activity = try await Self.activity(visibility, owner: owner, token: admin, client)
            records[visibility] = Records(
                institution: institution, person: person, network: network, member: member, dataset: dataset, plan: plan, node: node,
                indicator: indicator, period: try await Self.period(plan, token: admin, client), report: report,
                evaluation: evaluation, recommendation: recommendation, consultation: consultation, proposal: proposal,
                attachment: try await Self.attachment(evaluation, token: admin, client), activity: activity,
                participant: try await Self.participant(activity, token: admin, client),
                project: try await Self.project(visibility, owner: owner, token: admin, client),
                expert: 0, request: 0, assignment: 0, cohort: 0, pairing: 0,
                libraryItem: try await Self.libraryItem(visibility, owner: owner, token: admin, client),
                review: try await create("/api/v1/reviews", #"{"template_id":1,"institution_id":\#(owner),"answers":[{"area":"coverage","answer":"no"}]}"#))
            let expert = try await Self.expert(person: person, token: admin, client)
            _ = try await WebHarness.token(services, email: "\(person)-account@example.org")
            let request = try await create("/api/v1/expertise-requests", Self.requestBody(owner: owner))
            let coachee = try await create("/api/v1/people", #"{"given_name":"Coachee","family_name":"\#(v)","sex":"male","owner_institution_id":\#(owner),"visibility":"public"}"#)
            let cohort = try await create("/api/v1/coaching/cohorts", #"{"title":"Cohort \#(v)","start":"2025-01-01","end":"2025-12-31"}"#)
            records[visibility]?.expert = expert
            records[visibility]?.request = request
            records[visibility]?.assignment = try await create("/api/v1/expertise-requests/\(request)/assignments", #"{"expert_id":\#(expert)}"#)
            records[visibility]?.cohort = cohort
            records[visibility]?.pairing = try await create("/api/v1/coaching/cohorts/\(cohort)/pairings", #"{"coach_expert_id":\#(expert),"coachee_person_id":\#(coachee)}"#)
        }
        return Fixture(owner: owner, other: other, records: records, adminToken: admin)
    }
}
