import HTTPTypes
import Hummingbird

/// Answers `HEAD` on every `GET` route with the status and headers a `GET` would have and no
/// body, so uptime monitors and link checkers that ask with `HEAD` see the site as it is. It
/// wraps the whole router: Hummingbird matches a route before its middleware runs, so a
/// middleware would never see a `HEAD` turned into a `GET` matched.
struct HeadAsGetResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == WPSRequestContext {
    typealias Context = WPSRequestContext
    let inner: Inner

    func respond(to request: Request, context: Context) async throws -> Response {
        if let allowed = APIMethods.allowed(onPath: request.uri.path), !allowed.contains(request.method == .head ? .get : request.method) {
            return APIMethods.notAllowed(allowed)
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

/// The methods each API path takes, from ``APIRoute``: a request with another method on a path
/// that exists answers 405 with `Allow`, not 404.
enum APIMethods {
    static let routes: [(segments: [Substring], method: HTTPRequest.Method)] = APIRoute.allCases.map {
        ($0.path.split(separator: "/"), $0.method)
    }

    /// The methods of the API path that `path` names; nil when no API route has that path.
    static func allowed(onPath path: String) -> [HTTPRequest.Method]? {
        guard path.hasPrefix("/api/") else { return nil }
        let segments = path.split(separator: "/")
        let methods = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, part in template.hasPrefix("{") || template == part }
        }.map(\.method)
        return methods.isEmpty ? nil : methods
    }

    static func notAllowed(_ allowed: [HTTPRequest.Method]) -> Response {
        var names = allowed.map(\.rawValue)
        if allowed.contains(.get) { names.append("HEAD") }
        var response = ErrorMiddleware.json(ErrorMeaning(
            status: .methodNotAllowed, code: "method_not_allowed", titleKey: "error.page_title",
            message: "This address takes \(names.joined(separator: ", ")) only."))
        response.headers[.allow] = names.joined(separator: ", ")
        for (name, value) in SecurityHeadersMiddleware.fixed {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
