import Foundation
import Hummingbird

/// `/healthz`, `/metrics` and the stylesheet.
enum OperabilityRoutes {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.health)) { _, _ in
            let healthy = await services.database.isHealthy()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            let body = healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable","reason":"the database does not answer"}"#
            return Response(status: healthy ? .ok : .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get(RouterPath(SiteRoute.Template.metrics)) { _, _ in
            guard let text = services.metricsText else { throw APIProblem.notFound }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text())))
        }
        let stylesheet = Self.stylesheet
        router.get(RouterPath(SiteRoute.Template.stylesheet)) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
        }
    }

    /// The one stylesheet, read once from the module's resources.
    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Resources/static")
            ?? Bundle.module.url(forResource: "style", withExtension: "css"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
