import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WPSCore
import WPSStorage

/// A page written once for a reader and kept until the next write (``WPSDatabase/derived(_:rows:_:)``),
/// for the pages that cost the most to build: a plan and its annual report, an activity (a
/// training with its cascade), a person (a trainer's cascade), the roster of experts and an
/// expertise request with its matches.
///
/// What a page shows depends on the database (the generation says when it changed), the address
/// with its query, the language, the day (dashboards count days to deadlines), and who reads it:
/// the key holds everything the request knows of the reader (id, name, platform role, roles by
/// institution; "anonymous" for everyone not signed in), so no reader is ever handed a page
/// written for another. The one thing that differs between two requests of the same reader is the
/// CSRF token of the forms: the page is written with a stand-in, and each answer puts the
/// reader's own token in its place. Downloads (`format=`) are written afresh.
enum KeptPage {
    /// A 64-character stand-in for the CSRF token, random per process (never the text of a page).
    private static let tokenStandIn = Secrets.random()

    /// A file the page answered with (never kept: it was written with the stand-in, if anything).
    private struct NotKept: Error {
        var file: Response
    }

    /// A kept page: its status and its text cut at each stand-in.
    private struct Written: Sendable {
        var status: HTTPResponse.Status
        var parts: [String]
    }

    static func page(
        _ request: Request, _ context: WPSRequestContext, _ services: AppServices,
        _ render: @escaping (Request, WPSRequestContext) async throws -> HTMLPage
    ) async throws -> Response {
        // Only a token the platform could have made is put in without escaping (see IdentityMiddleware)
        guard request.query.get("format") == nil, Secrets.isToken(context.csrfToken) else {
            return try await render(request, context).response(from: request, context: context)
        }
        var standIn = context
        standIn.csrfToken = tokenStandIn
        let key = "page|\(reader(context))|\(context.language.rawValue)|\(ConsultationRoute.today)|\(request.uri.path)?\(request.uri.query ?? "")"
        let written: Written
        do {
            written = try await services.database.derived(key, rows: { $0.parts.reduce(0) { $0 + $1.utf8.count } / 100 }) {
                let page = try await render(request, standIn)
                if let file = page.file { throw NotKept(file: file) }
                return Written(status: page.status, parts: page.html.render().components(separatedBy: tokenStandIn))
            }
        } catch let notKept as NotKept {
            return notKept.file
        }
        var body = ByteBuffer()
        body.reserveCapacity(written.parts.reduce(0) { $0 + $1.utf8.count } + written.parts.count * 64)
        for (index, part) in written.parts.enumerated() {
            if index > 0 { body.writeString(context.csrfToken) }
            body.writeString(part)
        }
        return HTMLPage.response(status: written.status, body: body)
    }

    /// ``page(_:_:_:_:)`` for a page only signed-in readers open.
    static func page(
        _ request: Request, _ context: SignedInContext, _ services: AppServices,
        _ render: @escaping (Request, SignedInContext) async throws -> HTMLPage
    ) async throws -> Response {
        try await page(request, context.base, services) { request, base in try await render(request, try SignedInContext(context: base)) }
    }

    /// Everything the request knows of its reader, as text.
    private static func reader(_ context: WPSRequestContext) -> String {
        guard let user = context.user else { return "anonymous" }
        let roles = user.roles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ",")
        return String(reflecting: [String(user.id), user.email, user.name, String(user.isPlatformAdmin), roles, String(context.authenticatedByToken)])
    }
}
