import WPSCore

/// The page shell: skip link, header with navigation, language switch and account, main
/// landmark, footer.
enum Layout {
    static func page(
        _ title: String, env: PageEnvironment, notice: Notice? = nil, _ content: Node...
    ) -> HTML {
        let t = env.catalog
        return HTML(
            .attribute(named: "lang", value: env.catalog.language.rawValue),
            .head(
                .utf8,
                .deviceViewport,
                .title("\(title) · \(t("site.name"))"),
                .stylesheet(SiteRoute.stylesheet.path)
            ),
            .body(
                .a(.class("skip"), .href("#content"), .text(t("nav.skip"))),
                .header(
                    .class("site"),
                    .a(.class("brand"), .href(SiteRoute.home.path), .text(t("site.name"))),
                    .nav(
                        .attribute(named: "aria-label", value: t("nav.main")),
                        .ul(
                            .li(.a(.href(SiteRoute.countries.path), .text(t("nav.countries")))),
                            .li(.a(.href(SiteRoute.institutions.path), .text(t("nav.institutions")))),
                            .li(.a(.href(SiteRoute.people.path), .text(t("nav.people")))),
                            .li(.a(.href(SiteRoute.networks.path), .text(t("nav.networks")))),
                            .li(.a(.href(SiteRoute.plans.path), .text(t("nav.plans")))),
                            .li(.a(.href(SiteRoute.activities.path), .text(t("nav.activities")))),
                            .li(.a(.href(env.user == nil ? SiteRoute.requestExpertise.path : SiteRoute.experts.path), .text(t("nav.expertise")))),
                            .li(.a(.href(SiteRoute.library.path), .text(t("nav.library")))),
                            .li(.a(.href(SiteRoute.datasets.path), .text(t("nav.datasets")))),
                            .if(env.user != nil, .li(.a(.href(SiteRoute.reviewQueue.path), .text(t("nav.review"))))),
                            .li(.a(.href("/api/v1/openapi.json"), .text(t("nav.api"))))
                        )
                    ),
                    .div(
                        .class("account"),
                        languageSwitch(env),
                        account(env)
                    )
                ),
                .main(
                    .id("content"),
                    .attribute(named: "tabindex", value: "-1"),
                    .h1(.text(title)),
                    .unwrap(notice) { $0.node },
                    .group(content)
                ),
                .footer(.class("site"), .p(.text(t("site.tagline"))))
            )
        )
    }

    private static func languageSwitch(_ env: PageEnvironment) -> Node {
        .element(named: "span", nodes: [
            .attribute(named: "aria-label", value: env.catalog("nav.language")),
            .forEach(UILanguage.allCases.filter { $0 != env.catalog.language }) { language in
                .a(
                    .href(SiteRoute.language(language, next: env.currentPath).path),
                    .attribute(named: "lang", value: language.rawValue),
                    .attribute(named: "hreflang", value: language.rawValue),
                    .text(Catalog.of(language)("language.name")))
            },
        ])
    }

    private static func account(_ env: PageEnvironment) -> Node {
        guard let user = env.user else {
            return .a(.href(SiteRoute.login(next: env.currentPath).path), .text(env.catalog("nav.signin")))
        }
        return .group(
            .span(.text("\(env.catalog("nav.signed_in_as")) \(user.name)")),
            .form(
                .action(SiteRoute.logout.path), .method(.post),
                Forms.csrf(env),
                .button(.class("link"), .type(.submit), .text(env.catalog("nav.signout")))
            )
        )
    }
}

/// A message at the top of a page.
struct Notice: Sendable {
    enum Kind: String, Sendable { case info, error, warn }
    var kind: Kind
    var text: String

    var node: Node {
        .div(
            .class("notice \(kind.rawValue)"),
            .attribute(named: "role", value: kind == .error ? "alert" : "status"),
            .p(.text(text)))
    }
}
