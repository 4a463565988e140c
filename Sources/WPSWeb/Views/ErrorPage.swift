import Foundation
import Hummingbird
import WPSCore

/// The HTML page for an error, in the reader's language, saying what to do next.
enum ErrorPage {
    static func response(_ meaning: ErrorMeaning, catalog: Catalog) -> Response {
        let t = catalog
        let html = HTML(
            .attribute(named: "lang", value: catalog.language.rawValue),
            .head(.utf8, .deviceViewport, .title(t(meaning.titleKey)), .stylesheet(SiteRoute.stylesheet.path)),
            .body(
                .header(.class("site"), .a(.class("brand"), .href(SiteRoute.home.path), .text(t("site.name")))),
                .main(
                    .id("content"),
                    .h1(.text(t(meaning.titleKey))),
                    .div(.class("notice error"), .attribute(named: "role", value: "alert"), .p(.text(meaning.message))),
                    .if(!meaning.details.isEmpty, .ul(.forEach(meaning.details) { .li(.text("\($0.field ?? ""): \($0.message)")) })),
                    .p(.a(.href(SiteRoute.home.path), .text(t("error.go_home"))))
                )
            )
        )
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: meaning.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.render())))
    }
}
