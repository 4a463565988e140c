import Foundation
import HTTPTypes
import Hummingbird
import WPSCore

/// What every page needs to know about its reader.
struct PageEnvironment: Sendable {
    var catalog: Catalog
    var user: User?
    var csrfToken: String
    /// The path (and query) of the page, for "come back here" links.
    var currentPath: String

    init(context: WPSRequestContext, request: Request) {
        catalog = context.catalog
        user = context.user
        csrfToken = context.csrfToken
        currentPath = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
    }

    init(context: SignedInContext, request: Request) {
        self.init(context: context.base, request: request)
    }

    var viewer: Viewer { user.map(Viewer.init(user:)) ?? .anonymous }

    /// The page's query parameters, the first value of each name.
    var query: [String: String] {
        guard let query = currentPath.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if result[parts[0]] == nil { result[parts[0]] = parts.count > 1 ? parts[1] : "" }
        }
        return result
    }
}

/// A rendered HTML page with its status, or the page's table as a file to save
/// (``PageExport``).
struct HTMLPage: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var html: HTML
    var file: Response?

    init(status: HTTPResponse.Status = .ok, html: HTML) {
        self.status = status
        self.html = html
    }

    init(file: Response) {
        self.html = HTML()
        self.file = file
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if let file { return file }
        return Self.response(status: status, body: ByteBuffer(string: html.render()))
    }

    /// The answer of a page written before.
    static func response(status: HTTPResponse.Status, body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

extension Response {
    /// A redirect after a successful form post (303: the browser follows with GET).
    static func seeOther(_ route: SiteRoute) -> Response {
        .redirect(to: route.path, type: .normal)
    }
}
