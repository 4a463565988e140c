import Foundation
import Hummingbird
import Logging
import Metrics
import WPSCore

/// Turns every error into an answer in the reader's terms: JSON under `/api/`, an HTML page in
/// the reader's language elsewhere. Unexpected errors are logged in full under a reference that
/// the answer shows; their text never reaches the user.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WPSRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let language = UILanguage.negotiate(
                cookie: request.cookies[CookieName.language]?.value, acceptLanguage: request.headers[.acceptLanguage])
            let catalog = Catalog.of(language)
            // Hummingbird's NotFoundResponder marks a request no route matched with the path "NotFound".
            let meaning = ErrorMeaning.of(error, catalog: catalog, routeMatched: context.endpointPath != "NotFound")
            if let reference = meaning.reference {
                context.logger.error(
                    "unexpected error", metadata: ["reference": "\(reference)", "error": "\(String(reflecting: error))"])
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/healthz" {
                return Self.json(meaning)
            }
            if meaning.status == .unauthorized, request.method == .get {
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response.redirect(to: SiteRoute.login(next: next).path, type: .found)
            }
            return ErrorPage.response(meaning, catalog: catalog)
        }
    }

    static func json(_ meaning: ErrorMeaning) -> Response {
        let body = ErrorBody(error: .init(code: meaning.code, message: meaning.message, details: meaning.details))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"internal_error","message":"","details":[]}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if meaning.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: meaning.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
