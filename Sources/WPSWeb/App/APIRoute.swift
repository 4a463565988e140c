import Hummingbird

/// What one route of the JSON API says about itself, once, for the router, the OpenAPI document
/// and the authorisation rules alike.
struct APIOperation: Sendable {
    /// One line for the document.
    var summary: String
    /// The group the document lists it under.
    var tag: String
    /// Query parameters (path parameters follow from the path).
    var query: [[String: any Sendable]] = []
    /// The component schema of the JSON body it takes, if any.
    var body: String?
    /// The status it answers on success and the component schema of that answer (nil: no body,
    /// or, for 200, a JSON object described elsewhere).
    var success: (status: String, schema: String?)
    /// Whether it checks its input (422 with every field's problem); every write does.
    var validates = false
    /// Whether the record's state can refuse it (409 with a code), beyond a stale version.
    var conflicts = false
    /// Whether it takes a file as its body (any media type; 413 when too large) instead of JSON.
    var binaryBody = false
    /// Whether it answers 404 for what it looks for even without a record id in its path.
    var mayFindNothing = false
    /// The component schema of the `multipart/form-data` form it takes (a file upload), if any.
    var multipartBody: String?
    /// The media types of a file it answers with instead of JSON (success must have no schema).
    var binaryResponse: [String] = []
}

/// One capability's routes of the JSON API under `/api/v1`: an enum whose cases are the routes,
/// each saying its method, path, whether it needs a signed-in user, its operation for the
/// document, and its handler. A capability adds a route by adding a case to its own slice (and
/// its tests); the router, the document and the rules read it from there.
protocol APISlice: CaseIterable, Hashable, Sendable where AllCases == [Self] {
    var method: HTTPRequest.Method { get }
    /// The path with `{name}` parameters, as OpenAPI and the router both write it.
    var path: String { get }
    /// Whether the route needs a signed-in user (an API token). By default every write does.
    var needsUser: Bool { get }
    var operation: APIOperation { get }
    /// The component schemas this slice's operations refer to.
    static var schemas: [String: any Sendable] { get }
    /// Makes the handlers once per server; the result answers for each route of the slice.
    static func handlers(services: AppServices) -> @Sendable (Self) -> APIHandler
}

extension APISlice {
    var needsUser: Bool { method != .get }
    /// The operation's name in the document (`operationId`), which generated clients call.
    var name: String { "\(self)" }
}

typealias APIHandler = @Sendable (Request, WPSRequestContext) async throws -> Response

/// Every route of the JSON API: the list of the capabilities' slices. The router registers
/// exactly these and the OpenAPI document describes exactly these, so the two cannot drift.
enum APIRoute: Hashable, Sendable, CaseIterable {
    case platform(PlatformRoute)
    case directory(DirectoryRoute)
    case data(DataRoute)
    case plans(PlanRoute)
    case reports(ReportRoute)
    case evaluations(EvaluationRoute)
    case consultations(ConsultationRoute)
    case attachments(AttachmentRoute)
    case activities(ActivityRoute)
    case projects(ProjectRoute)
    case expertise(ExpertiseRoute)
    case library(LibraryRoute)
    case reviews(ReviewRoute)

    static var allCases: [APIRoute] {
        PlatformRoute.allCases.map(APIRoute.platform) + DirectoryRoute.allCases.map(APIRoute.directory)
            + DataRoute.allCases.map(APIRoute.data) + PlanRoute.allCases.map(APIRoute.plans)
            + ReportRoute.allCases.map(APIRoute.reports) + EvaluationRoute.allCases.map(APIRoute.evaluations)
            + ConsultationRoute.allCases.map(APIRoute.consultations) + AttachmentRoute.allCases.map(APIRoute.attachments)
            + ActivityRoute.allCases.map(APIRoute.activities) + ProjectRoute.allCases.map(APIRoute.projects)
            + ExpertiseRoute.allCases.map(APIRoute.expertise) + LibraryRoute.allCases.map(APIRoute.library)
            + ReviewRoute.allCases.map(APIRoute.reviews)
    }

    /// Every slice's component schemas.
    static var schemas: [String: any Sendable] {
        PlatformRoute.schemas.merging(DirectoryRoute.schemas) { $1 }.merging(DataRoute.schemas) { $1 }.merging(PlanRoute.schemas) { $1 }
            .merging(ReportRoute.schemas) { $1 }.merging(EvaluationRoute.schemas) { $1 }
            .merging(ConsultationRoute.schemas) { $1 }.merging(AttachmentRoute.schemas) { $1 }
            .merging(ActivityRoute.schemas) { $1 }.merging(ProjectRoute.schemas) { $1 }
            .merging(ExpertiseRoute.schemas) { $1 }.merging(LibraryRoute.schemas) { $1 }.merging(ReviewRoute.schemas) { $1 }
    }

    /// The route as its slice declares it.
    var declared: any APIRouteDeclaration {
        switch self {
        case .platform(let route): route
        case .directory(let route): route
        case .data(let route): route
        case .plans(let route): route
        case .reports(let route): route
        case .evaluations(let route): route
        case .consultations(let route): route
        case .attachments(let route): route
        case .activities(let route): route
        case .projects(let route): route
        case .expertise(let route): route
        case .library(let route): route
        case .reviews(let route): route
        }
    }

    var method: HTTPRequest.Method { declared.method }
    var path: String { declared.path }
    var needsUser: Bool { declared.needsUser }
    var operation: APIOperation { declared.operation }
    var name: String { declared.name }

    /// Registers every route with its slice's handler. Whether a route needs a user is said once,
    /// by the route: the document's `security` and this check both read it.
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let handler = handlers(services: services)
        for route in allCases {
            let handle = handler(route)
            let needsUser = route.needsUser
            router.on(RouterPath(route.path), method: route.method) { request, context in
                if needsUser, context.user == nil { throw APIProblem.unauthorized }
                return try await handle(request, context)
            }
        }
    }

    /// Each slice's handlers, made once.
    static func handlers(services: AppServices) -> @Sendable (APIRoute) -> APIHandler {
        let platform = PlatformRoute.handlers(services: services)
        let directory = DirectoryRoute.handlers(services: services)
        let data = DataRoute.handlers(services: services)
        let plans = PlanRoute.handlers(services: services)
        let reports = ReportRoute.handlers(services: services)
        let evaluations = EvaluationRoute.handlers(services: services)
        let consultations = ConsultationRoute.handlers(services: services)
        let attachments = AttachmentRoute.handlers(services: services)
        let activities = ActivityRoute.handlers(services: services)
        let projects = ProjectRoute.handlers(services: services)
        let expertise = ExpertiseRoute.handlers(services: services)
        let library = LibraryRoute.handlers(services: services)
        let reviews = ReviewRoute.handlers(services: services)
        return { route in
            switch route {
            case .platform(let route): platform(route)
            case .directory(let route): directory(route)
            case .data(let route): data(route)
            case .plans(let route): plans(route)
            case .reports(let route): reports(route)
            case .evaluations(let route): evaluations(route)
            case .consultations(let route): consultations(route)
            case .attachments(let route): attachments(route)
            case .activities(let route): activities(route)
            case .projects(let route): projects(route)
            case .expertise(let route): expertise(route)
            case .library(let route): library(route)
            case .reviews(let route): reviews(route)
            }
        }
    }
}

/// What every slice's route answers, seen without its slice's type.
protocol APIRouteDeclaration: Sendable {
    var method: HTTPRequest.Method { get }
    var path: String { get }
    var needsUser: Bool { get }
    var operation: APIOperation { get }
    var name: String { get }
}

extension PlatformRoute: APIRouteDeclaration {}
extension DirectoryRoute: APIRouteDeclaration {}
extension DataRoute: APIRouteDeclaration {}
extension PlanRoute: APIRouteDeclaration {}
extension ReportRoute: APIRouteDeclaration {}
extension EvaluationRoute: APIRouteDeclaration {}
extension ConsultationRoute: APIRouteDeclaration {}
extension AttachmentRoute: APIRouteDeclaration {}
extension ActivityRoute: APIRouteDeclaration {}
extension ProjectRoute: APIRouteDeclaration {}
extension ExpertiseRoute: APIRouteDeclaration {}
extension LibraryRoute: APIRouteDeclaration {}
extension ReviewRoute: APIRouteDeclaration {}
