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
