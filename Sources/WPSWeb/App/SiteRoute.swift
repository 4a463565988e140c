import Foundation

/// Every HTML page's address. Pages build links from it and the router registers its
/// templates, so a link cannot point at a path that does not exist.
enum SiteRoute {
    case home
    case countries
    case institutions
    case institution(Int)
    case newInstitution
    case editInstitution(Int)
    case deleteInstitution(Int)
    case restoreInstitution(Int)
    case institutionRoles(Int)
    case people
    case person(Int)
    case newPerson
    case editPerson(Int)
    case deletePerson(Int)
    case restorePerson(Int)
    case networks
    case network(Int)
    case newNetwork
    case editNetwork(Int)
    case deleteNetwork(Int)
    case restoreNetwork(Int)
    case networkMembers(Int)
    case removeMember(network: Int, member: Int)
    case datasets
    case importDataset
    case confirmImport
    case ranks
    case compareDatasets
    case compareXLSX
    case natoReport
    case natoReportXLSX
    case indicatorsXLSX(Int)
    case dataset(Int)
    case deleteDataset(Int)
    case datasetCSV(Int)
    case datasetXLSX(Int)
    case plans
    case plan(Int)
    case newPlan
    case editPlan(Int)
    case planPeriods(Int)
    case planReport(Int)
    case planEvaluations(Int)
    case evaluationRecommendations(Int)
    case planConsultations(Int)
    case importPlan(Int)
    case consultationProposals(Int)
    case consultationCSV(Int)
    case consultationXLSX(Int)
    case endorseProposal(Int)
    case answerProposal(Int)
    case lockPeriod(Int)
    case periodReports(Int)
    case report(Int)
    case editReport(Int)
    case reportStep(Int)
    case reportAttachments(Int)
    case evaluationAttachments(Int)
    case deleteAttachment(Int)
    case reviewQueue
    case recommendations
    case answerRecommendation(Int)
    case activities
    case activity(Int)
    case newActivity
    case editActivity(Int)
    case deleteActivity(Int)
    case activityParticipants(Int)
    case activityAttendance(Int)
    case activityAttachments(Int)
    case removeParticipant(Int)
    case activitiesCalendar
    case projects
    case project(Int)
    case reach
    case reachCSV
    case reachXLSX
    case experts
    case expert(Int)
    case newExpert
    case editExpert(Int)
    case expertExport(Int)
    case expertiseRequests
    case expertiseRequest(Int)
    case requestStatus(Int)
    case proposeExpert(Int)
    case answerAssignment(Int)
    case requestExpertise
    case coaching
    case cohort(Int)
    case pairing(Int)
    case linkAccount(Int)
    case library
    case libraryItem(Int)
    case newLibraryItem
    case editLibraryItem(Int)
    case libraryAttachments(Int)
    case policyReviews
    case policyReview(Int)
    case reviewComparison(Int)
    case login(next: String?)
    case logout
    case language(UILanguage, next: String)
    case stylesheet
    case health
    case metrics

    /// One segment of a page's path: fixed text, or a parameter, written `{name}` in the
    /// router's template and as its value in a link.
    enum PathPart: ExpressibleByStringLiteral {
        case text(String)
        case parameter(name: String, value: String)

        init(stringLiteral text: String) { self = .text(text) }

        static func id(_ id: Int) -> PathPart { .parameter(name: "id", value: String(id)) }

        var template: String {
            switch self {
            case .text(let text): text
            case .parameter(let name, _): "{\(name)}"
            }
        }

        var value: String {
            switch self {
            case .text(let text): text
            case .parameter(_, let value): value
            }
        }
    }

    /// The path, written once per page: the router's template and every link come from it.
    var parts: [PathPart] {
        switch self {
        case .home: []
        case .countries: ["countries"]
        case .institutions: ["institutions"]
        case .institution(let id): ["institutions", .id(id)]
        case .newInstitution: ["institutions", "new"]
        case .editInstitution(let id): ["institutions", .id(id), "edit"]
        case .deleteInstitution(let id): ["institutions", .id(id), "delete"]
        case .restoreInstitution(let id): ["institutions", .id(id), "restore"]
        case .institutionRoles(let id): ["institutions", .id(id), "roles"]
        case .people: ["people"]
        case .person(let id): ["people", .id(id)]
        case .newPerson: ["people", "new"]
        case .editPerson(let id): ["people", .id(id), "edit"]
        case .deletePerson(let id): ["people", .id(id), "delete"]
        case .restorePerson(let id): ["people", .id(id), "restore"]
        case .networks: ["networks"]
        case .network(let id): ["networks", .id(id)]
        case .newNetwork: ["networks", "new"]
        case .editNetwork(let id): ["networks", .id(id), "edit"]
        case .deleteNetwork(let id): ["networks", .id(id), "delete"]
        case .restoreNetwork(let id): ["networks", .id(id), "restore"]
        case .networkMembers(let id): ["networks", .id(id), "members"]
        case .removeMember(let network, let member):
            ["networks", .id(network), "members", .parameter(name: "member", value: String(member)), "remove"]
        case .datasets: ["datasets"]
        case .importDataset: ["datasets", "import"]
        case .confirmImport: ["datasets", "import", "confirm"]
        case .ranks: ["ranks"]
        case .compareDatasets: ["datasets", "compare"]
        case .compareXLSX: ["datasets", "compare.xlsx"]
        case .natoReport: ["reports", "nato"]
        case .natoReportXLSX: ["reports", "nato.xlsx"]
        case .indicatorsXLSX(let id): ["datasets", .id(id), "indicators.xlsx"]
        case .dataset(let id): ["datasets", .id(id)]
        case .deleteDataset(let id): ["datasets", .id(id), "delete"]
        case .datasetCSV(let id): ["datasets", .id(id), "table.csv"]
        case .datasetXLSX(let id): ["datasets", .id(id), "table.xlsx"]
        case .plans: ["plans"]
        case .plan(let id): ["plans", .id(id)]
        case .newPlan: ["plans", "new"]
        case .editPlan(let id): ["plans", .id(id), "edit"]
        case .planPeriods(let id): ["plans", .id(id), "periods"]
        case .planReport(let id): ["plans", .id(id), "report"]
        case .planEvaluations(let id): ["plans", .id(id), "evaluations"]
        case .evaluationRecommendations(let id): ["evaluations", .id(id), "recommendations"]
        case .planConsultations(let id): ["plans", .id(id), "consultations"]
        case .importPlan(let id): ["plans", .id(id), "import"]
        case .consultationProposals(let id): ["consultations", .id(id), "proposals"]
        case .consultationCSV(let id): ["consultations", .id(id), "proposals.csv"]
        case .consultationXLSX(let id): ["consultations", .id(id), "proposals.xlsx"]
        case .endorseProposal(let id): ["proposals", .id(id), "endorse"]
        case .answerProposal(let id): ["proposals", .id(id), "answer"]
        case .lockPeriod(let id): ["periods", .id(id), "lock"]
        case .periodReports(let id): ["periods", .id(id), "reports"]
        case .report(let id): ["reports", .id(id)]
        case .editReport(let id): ["reports", .id(id), "edit"]
        case .reportStep(let id): ["reports", .id(id), "step"]
        case .reportAttachments(let id): ["reports", .id(id), "attachments"]
        case .evaluationAttachments(let id): ["evaluations", .id(id), "attachments"]
        case .deleteAttachment(let id): ["attachments", .id(id), "delete"]
        case .reviewQueue: ["review"]
        case .recommendations: ["recommendations"]
        case .answerRecommendation(let id): ["recommendations", .id(id), "answer"]
        case .activities: ["activities"]
        case .activity(let id): ["activities", .id(id)]
        case .newActivity: ["activities", "new"]
        case .editActivity(let id): ["activities", .id(id), "edit"]
        case .deleteActivity(let id): ["activities", .id(id), "delete"]
        case .activityParticipants(let id): ["activities", .id(id), "participants"]
        case .activityAttendance(let id): ["activities", .id(id), "attendance"]
        case .activityAttachments(let id): ["activities", .id(id), "attachments"]
        case .removeParticipant(let id): ["participants", .id(id), "delete"]
        case .activitiesCalendar: ["activities.ics"]
        case .projects: ["projects"]
        case .project(let id): ["projects", .id(id)]
        case .reach: ["reach"]
        case .reachCSV: ["reach.csv"]
        case .reachXLSX: ["reach.xlsx"]
        case .experts: ["experts"]
        case .expert(let id): ["experts", .id(id)]
        case .newExpert: ["experts", "new"]
        case .editExpert(let id): ["experts", .id(id), "edit"]
        case .expertExport(let id): ["experts", .id(id), "export.json"]
        case .expertiseRequests: ["expertise-requests"]
        case .expertiseRequest(let id): ["expertise-requests", .id(id)]
        case .requestStatus(let id): ["expertise-requests", .id(id), "status"]
        case .proposeExpert(let id): ["expertise-requests", .id(id), "propose"]
        case .answerAssignment(let id): ["assignments", .id(id)]
        case .requestExpertise: ["request-expertise"]
        case .coaching: ["coaching"]
        case .cohort(let id): ["coaching", "cohorts", .id(id)]
        case .pairing(let id): ["coaching", "pairings", .id(id)]
        case .linkAccount(let id): ["people", .id(id), "account"]
        case .library: ["library"]
        case .libraryItem(let id): ["library", .id(id)]
        case .newLibraryItem: ["library", "new"]
        case .editLibraryItem(let id): ["library", .id(id), "edit"]
        case .libraryAttachments(let id): ["library", .id(id), "attachments"]
        case .policyReviews: ["policy-reviews"]
        case .policyReview(let id): ["policy-reviews", .id(id)]
        case .reviewComparison(let id): ["policy-reviews", "templates", .id(id)]
        case .login: ["login"]
        case .logout: ["logout"]
        case .language(let language, _): ["language", .parameter(name: "code", value: language.rawValue)]
        case .stylesheet: ["static", "style.css"]
        case .health: ["healthz"]
        case .metrics: ["metrics"]
        }
    }

    /// The path with `{name}` parameters, as the router registers it.
    var template: String { "/" + parts.map(\.template).joined(separator: "/") }

    /// Templates as the router registers them, from the same parts as the links.
    enum Template {
        static let home = SiteRoute.home.template
        static let countries = SiteRoute.countries.template
        static let institutions = SiteRoute.institutions.template
        static let institution = SiteRoute.institution(0).template
        static let newInstitution = SiteRoute.newInstitution.template
        static let editInstitution = SiteRoute.editInstitution(0).template
        static let deleteInstitution = SiteRoute.deleteInstitution(0).template
        static let restoreInstitution = SiteRoute.restoreInstitution(0).template
        static let institutionRoles = SiteRoute.institutionRoles(0).template
        static let people = SiteRoute.people.template
        static let person = SiteRoute.person(0).template
        static let newPerson = SiteRoute.newPerson.template
        static let editPerson = SiteRoute.editPerson(0).template
        static let deletePerson = SiteRoute.deletePerson(0).template
        static let restorePerson = SiteRoute.restorePerson(0).template
        static let networks = SiteRoute.networks.template
        static let network = SiteRoute.network(0).template
        static let newNetwork = SiteRoute.newNetwork.template
        static let editNetwork = SiteRoute.editNetwork(0).template
        static let deleteNetwork = SiteRoute.deleteNetwork(0).template
        static let restoreNetwork = SiteRoute.restoreNetwork(0).template
        static let networkMembers = SiteRoute.networkMembers(0).template
        static let removeMember = SiteRoute.removeMember(network: 0, member: 0).template
        static let datasets = SiteRoute.datasets.template
        static let importDataset = SiteRoute.importDataset.template
        static let confirmImport = SiteRoute.confirmImport.template
        static let ranks = SiteRoute.ranks.template
        static let compareDatasets = SiteRoute.compareDatasets.template
        static let compareXLSX = SiteRoute.compareXLSX.template
        static let natoReport = SiteRoute.natoReport.template
        static let natoReportXLSX = SiteRoute.natoReportXLSX.template
        static let indicatorsXLSX = SiteRoute.indicatorsXLSX(0).template
        static let dataset = SiteRoute.dataset(0).template
        static let deleteDataset = SiteRoute.deleteDataset(0).template
        static let datasetCSV = SiteRoute.datasetCSV(0).template
        static let datasetXLSX = SiteRoute.datasetXLSX(0).template
        static let plans = SiteRoute.plans.template
        static let plan = SiteRoute.plan(0).template
        static let newPlan = SiteRoute.newPlan.template
        static let editPlan = SiteRoute.editPlan(0).template
        static let planPeriods = SiteRoute.planPeriods(0).template
        static let planReport = SiteRoute.planReport(0).template
        static let planEvaluations = SiteRoute.planEvaluations(0).template
        static let evaluationRecommendations = SiteRoute.evaluationRecommendations(0).template
        static let planConsultations = SiteRoute.planConsultations(0).template
        static let importPlan = SiteRoute.importPlan(0).template
        static let consultationProposals = SiteRoute.consultationProposals(0).template
        static let consultationCSV = SiteRoute.consultationCSV(0).template
        static let consultationXLSX = SiteRoute.consultationXLSX(0).template
        static let endorseProposal = SiteRoute.endorseProposal(0).template
        static let answerProposal = SiteRoute.answerProposal(0).template
        static let lockPeriod = SiteRoute.lockPeriod(0).template
        static let periodReports = SiteRoute.periodReports(0).template
        static let report = SiteRoute.report(0).template
        static let editReport = SiteRoute.editReport(0).template
        static let reportStep = SiteRoute.reportStep(0).template
        static let reportAttachments = SiteRoute.reportAttachments(0).template
        static let evaluationAttachments = SiteRoute.evaluationAttachments(0).template
        static let deleteAttachment = SiteRoute.deleteAttachment(0).template
        static let reviewQueue = SiteRoute.reviewQueue.template
        static let recommendations = SiteRoute.recommendations.template
        static let answerRecommendation = SiteRoute.answerRecommendation(0).template
        static let activities = SiteRoute.activities.template
        static let activity = SiteRoute.activity(0).template
        static let newActivity = SiteRoute.newActivity.template
        static let editActivity = SiteRoute.editActivity(0).template
        static let deleteActivity = SiteRoute.deleteActivity(0).template
        static let activityParticipants = SiteRoute.activityParticipants(0).template
        static let activityAttendance = SiteRoute.activityAttendance(0).template
        static let activityAttachments = SiteRoute.activityAttachments(0).template
        static let removeParticipant = SiteRoute.removeParticipant(0).template
        static let activitiesCalendar = SiteRoute.activitiesCalendar.template
        static let projects = SiteRoute.projects.template
        static let project = SiteRoute.project(0).template
        static let reach = SiteRoute.reach.template
        static let reachCSV = SiteRoute.reachCSV.template
        static let reachXLSX = SiteRoute.reachXLSX.template
        static let experts = SiteRoute.experts.template
        static let expert = SiteRoute.expert(0).template
        static let newExpert = SiteRoute.newExpert.template
        static let editExpert = SiteRoute.editExpert(0).template
        static let expertExport = SiteRoute.expertExport(0).template
        static let expertiseRequests = SiteRoute.expertiseRequests.template
        static let expertiseRequest = SiteRoute.expertiseRequest(0).template
        static let requestStatus = SiteRoute.requestStatus(0).template
        static let proposeExpert = SiteRoute.proposeExpert(0).template
        static let answerAssignment = SiteRoute.answerAssignment(0).template
        static let requestExpertise = SiteRoute.requestExpertise.template
        static let library = SiteRoute.library.template
        static let libraryItem = SiteRoute.libraryItem(0).template
        static let newLibraryItem = SiteRoute.newLibraryItem.template
        static let editLibraryItem = SiteRoute.editLibraryItem(0).template
        static let libraryAttachments = SiteRoute.libraryAttachments(0).template
        static let policyReviews = SiteRoute.policyReviews.template
        static let policyReview = SiteRoute.policyReview(0).template
        static let reviewComparison = SiteRoute.reviewComparison(0).template
        static let coaching = SiteRoute.coaching.template
        static let cohort = SiteRoute.cohort(0).template
        static let pairing = SiteRoute.pairing(0).template
        static let linkAccount = SiteRoute.linkAccount(0).template
        static let login = SiteRoute.login(next: nil).template
        static let logout = SiteRoute.logout.template
        static let language = SiteRoute.language(.en, next: "/").template
        static let stylesheet = SiteRoute.stylesheet.template
        static let health = SiteRoute.health.template
        static let metrics = SiteRoute.metrics.template
    }

    /// The link: the parts with their values, and the query a few pages carry.
    var path: String {
        let base = "/" + parts.map(\.value).joined(separator: "/")
        switch self {
        case .login(let next?): return "\(base)?next=\(Self.encode(next))"
        case .language(_, let next): return "\(base)?next=\(Self.encode(next))"
        default: return base
        }
    }

    /// `path` with query parameters, leaving out empty values.
    func with(query: [(String, String)]) -> String {
        let parts = query.filter { !$0.1.isEmpty }.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Accepts a redirect target only when it is a path on this site (no open redirects).
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.contains(where: { $0.isNewline })
        else { return Template.home }
        return text
    }
}
