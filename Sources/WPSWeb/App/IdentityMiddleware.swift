import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// Names of the cookies the platform sets.
enum CookieName {
    static let session = "wps_session"
    static let csrf = "wps_csrf"
    static let language = "wps_lang"
}

/// Works out who is asking (API token or session cookie), the reader's language and the CSRF
/// token; for HTML form posts, reads the form and refuses it unless it carries the token.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = WPSRequestContext
    let services: AppServices
    /// The largest form upload accepted (a personnel file of a large force is some tens of MB).
    static let uploadLimit = 256 * 1024 * 1024

    /// Streams a `multipart/form-data` body into `folder` (files) and memory (fields), refusing
    /// more than `limit` bytes (413) and a malformed body (400).
    static func receive(_ request: Request, boundary: String, into folder: URL, limit: Int) async throws -> MultipartForm {
        let form = MultipartForm(boundary: boundary) { _, filename in
            folder.appendingPathComponent(Secrets.random() + "-" + UploadFolder.safeName(filename)).path
        }
        var received = 0
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for try await buffer in request.body {
                received += buffer.readableBytes
                guard received <= limit else { throw HTTPError(.contentTooLarge) }
                try form.feed(buffer.readableBytesView)
            }
            try form.finish()
        } catch let failure as MultipartForm.Failure {
            form.discard()
            switch failure {
            case .malformed: throw APIProblem.badRequest("The form upload is not well-formed multipart/form-data.")
            case .fieldsTooLarge: throw HTTPError(.contentTooLarge)
            case .cannotWrite: throw HTTPError(.serviceUnavailable, message: "The upload could not be stored on the server.")
            }
        } catch {
            form.discard()
            throw error
        }
        return form
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.language = UILanguage.negotiate(
            cookie: request.cookies[CookieName.language]?.value,
            acceptLanguage: request.headers[.acceptLanguage])

        if let authorization = request.headers[.authorization] {
            // A token that does not work is refused outright rather than treated as anonymous,
            // so a client learns at once that its token is wrong or revoked.
            guard authorization.lowercased().hasPrefix("bearer "),
                let user = try await services.accounts.tokenUser(hash: Secrets.hash(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)))
            else { throw APIProblem.unauthorized }
            context.user = user
            context.authenticatedByToken = true
        } else if let cookie = request.cookies[CookieName.session]?.value, !cookie.isEmpty {
            context.user = try await services.accounts.session(idHash: Secrets.hash(cookie), now: Date())?.user
        }

        var newCSRF: String?
        if let token = request.cookies[CookieName.csrf]?.value, Secrets.isToken(token) {
            context.csrfToken = token
        } else {
            let token = Secrets.random()
            context.csrfToken = token
            newCSRF = token
        }

        let isAPI = request.uri.path.hasPrefix("/api/")
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        if request.method == .post, !isAPI {
            if let boundary = MultipartForm.boundary(of: request.headers[.contentType] ?? "") {
                // A file upload (the import wizard): the limit is that of the files people send, for
                // signed-in users only; nobody else may make the server take a large body. Files
                // stream to a scratch folder of this request, removed when the response is made.
                let folder = UploadFolder.shared.newFolder()
                scratch = folder
                let form = try await Self.receive(request, boundary: boundary, into: folder, limit: context.user == nil ? 1024 * 1024 : Self.uploadLimit)
                context.form = FormData(pairs: form.fields)
                context.uploads = form.files
            } else {
                let body = try await request.collectBody(upTo: 1024 * 1024)
                context.form = FormData(urlEncoded: String(buffer: body))
            }
            // Double-submit check: the form must carry the token from the cookie that only
            // pages of this site could read; a new cookie (newCSRF) can never match.
            guard newCSRF == nil, Secrets.equal(context.form["_csrf"], context.csrfToken) else {
                throw PageProblem.csrf
            }
        }
        if isAPI, !context.authenticatedByToken, request.method != .get, request.method != .head {
            // A browser session may read the API, but writes need a token: cookies ride along
            // on cross-site requests, tokens do not.
            context.user = nil
        }

        var response = try await next(request, context)
        if let newCSRF {
            response.setCookie(
                Cookie(name: CookieName.csrf, value: newCSRF, path: "/", secure: services.config.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
