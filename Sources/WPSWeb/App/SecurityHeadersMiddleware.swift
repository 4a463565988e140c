import HTTPTypes
import Hummingbird

/// Puts the security headers on every answer — pages, error pages, redirects, downloads and
/// JSON alike — so no route can forget them. The Content-Security-Policy allows no inline
/// script or style: a value that slipped through escaping still could not run.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WPSRequestContext

    /// Whether the platform is reached over https (then browsers are told to keep to it).
    var https: Bool

    static let contentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    static let fixed: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for (name, value) in Self.fixed {
            if let field = HTTPField.Name(name), response.headers[field] == nil { response.headers[field] = value }
        }
        if https, let field = HTTPField.Name("Strict-Transport-Security") {
            response.headers[field] = "max-age=31536000"
        }
        return response
    }
}
