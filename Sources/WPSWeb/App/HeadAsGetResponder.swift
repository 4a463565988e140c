import HTTPTypes
import Hummingbird

/// Answers `HEAD` on every `GET` route with the status and headers a `GET` would have and no
/// body, so uptime monitors and link checkers that ask with `HEAD` see the site as it is. It
/// wraps the whole router: Hummingbird matches a route before its middleware runs, so a
/// middleware would never see a `HEAD` turned into a `GET` matched.
///
/// It also answers 405 with `Allow` for a method a path does not take, on pages and the API
/// alike, from the router's own list of routes (so no route can be missing from it).
struct HeadAsGetResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == WPSRequestContext {
    typealias Context = WPSRequestContext
    let inner: Inner
    let methods: RouteMethods

    func respond(to request: Request, context: Context) async throws -> Response {
        if let allowed = methods.allowed(onPath: request.uri.path), !allowed.contains(request.method == .head ? .get : request.method) {
            return methods.notAllowed(allowed, request: request)
        }
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        let length = response.body.contentLength
        response.body = ResponseBody()
        if let length { response.headers[.contentLength] = String(length) }
        return response
    }
}

/// The methods each path takes, from the routes registered on the router: a request with another
/// method on a path that exists answers 405 with `Allow` (JSON under /api/, a page in the
/// reader's language elsewhere), not 404.
struct RouteMethods: Sendable {
    let routes: [(segments: [Substring], method: HTTPRequest.Method)]

    init(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        self.routes = routes.map { ($0.path.split(separator: "/"), $0.method) }
    }

    /// The methods of the route(s) that `path` names; nil when no route has that path. Where
    /// several templates match, the router takes the one with a fixed segment earliest
    /// (`/api/v1/reports/nato` before `/api/v1/reports/{id}`), and so does this.
    func allowed(onPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, part in template.hasPrefix("{") || template == part }
        }
        func fixed(_ route: (segments: [Substring], method: HTTPRequest.Method)) -> [Bool] { route.segments.map { !$0.hasPrefix("{") } }
        guard let best = matching.map(fixed).max(by: { $0.lexicographicallyPrecedes($1) { !$0 && $1 } }) else { return nil }
        let methods = matching.filter { fixed($0) == best }.map(\.method)
        return Array(Set(methods)).sorted { $0.rawValue < $1.rawValue }
    }

    func notAllowed(_ allowed: [HTTPRequest.Method], request: Request) -> Response {
        var names = allowed.map(\.rawValue)
        if allowed.contains(.get) { names.append("HEAD") }
        let catalog = Catalog.of(UILanguage.negotiate(
            cookie: request.cookies[CookieName.language]?.value, acceptLanguage: request.headers[.acceptLanguage]))
        let meaning = ErrorMeaning(
            status: .methodNotAllowed, code: "method_not_allowed", titleKey: "error.page_title",
            message: catalog("error.method_not_allowed") + " " + names.joined(separator: ", "))
        var response = request.uri.path.hasPrefix("/api/") ? ErrorMiddleware.json(meaning) : ErrorPage.response(meaning, catalog: catalog)
        response.headers[.allow] = names.joined(separator: ", ")
        for (name, value) in SecurityHeadersMiddleware.fixed {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
