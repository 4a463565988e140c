import Foundation
import Hummingbird
import Logging

/// Builds the router with every route and middleware; tests drive it in process.
public func buildRouter(services: AppServices) -> Router<WPSRequestContext> {
    let router = Router(context: WPSRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(https: services.config.secureCookies))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: IdentityMiddleware(services: services))

    // Operability: health, metrics, stylesheet.
    OperabilityRoutes.register(on: router, services: services)
    // Accounts: sign in and out, language.
    AccountPages.register(on: router, services: services)
    RolePages.register(on: router, services: services)
    // Directory pages: home, countries, institutions, people, networks.
    HomePages.register(on: router, services: services)
    InstitutionPages.register(on: router, services: services)
    PeoplePages.register(on: router, services: services)
    NetworkPages.register(on: router, services: services)
    // Data pages: personnel datasets, their analyses and downloads.
    DatasetPages.register(on: router, services: services)
    NATOReportPages.register(on: router, services: services)
    PlanPages.register(on: router, services: services)
    ReportPages.register(on: router, services: services)
    ReviewPages.register(on: router, services: services)
    PlanFormPages.register(on: router, services: services)
    PlanEditPages.register(on: router, services: services)
    AttachmentPages.register(on: router, services: services)
    AnnualReportPage.register(on: router, services: services)
    PlanImportPage.register(on: router, services: services)
    ConsultationPages.register(on: router, services: services)
    ActivityPages.register(on: router, services: services)
    ProjectPages.register(on: router, services: services)
    ExpertisePages.register(on: router, services: services)
    LibraryPages.register(on: router, services: services)
    PolicyReviewPages.register(on: router, services: services)
    CoachingPages.register(on: router, services: services)
    ReachPages.register(on: router, services: services)
    DatasetImportPages.register(on: router, services: services)
    AnalysisExports.register(on: router, services: services)
    RankPages.register(on: router, services: services)
    // JSON API under /api/v1 (every APIRoute, described by /api/v1/openapi.json).
    APIRoute.register(on: router, services: services)
    return router
}

/// The router, answering `HEAD` on every `GET` route as well.
public func buildResponder(services: AppServices) -> some HTTPResponder<WPSRequestContext> {
    let router = buildRouter(services: services)
    let methods = RouteMethods(router.routes.map { (path: $0.path.description, method: $0.method) })
    return HeadAsGetResponder(inner: router.buildResponder(), methods: methods)
}

/// Builds the server application. `runService()` serves until SIGTERM or SIGINT, then lets
/// requests in flight finish before it returns.
public func buildApplication(services: AppServices, logger: Logger) -> some ApplicationProtocol {
    Application(
        responder: buildResponder(services: services),
        configuration: .init(address: .hostname(services.config.host, port: services.config.port), serverName: "wps"),
        logger: logger)
}
