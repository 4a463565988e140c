import Foundation
import Hummingbird
import WPSCore

/// The home page and the list of countries with their levels of government.
enum HomePages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.home)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let t = env.catalog
            let viewer = context.viewer
            let one = DirectoryQuery(page: PageRequest(perPage: 1))
            let institutions = try await services.directory.institutions(one, viewer: viewer).total
            let people = try await services.directory.people(one, viewer: viewer).total
            let networks = try await services.directory.networks(one, viewer: viewer).total
            let countries = try await services.directory.countries().count
            let noAdmin = try await services.accounts.adminCount() == 0
            let html = Layout.page(
                t("home.title"), env: env,
                notice: noAdmin ? Notice(kind: .warn, text: t("home.no_admin")) : nil,
                .p(.text(t("home.intro"))),
                .p(.text(t("home.counts") + ":")),
                .ul(
                    .li(.a(.href(SiteRoute.countries.path), .text("\(t.number(countries)) \(t("count.countries"))"))),
                    .li(.a(.href(SiteRoute.institutions.path), .text("\(t.number(institutions)) \(t("count.institutions"))"))),
                    .li(.a(.href(SiteRoute.people.path), .text("\(t.number(people)) \(t("count.people"))"))),
                    .li(.a(.href(SiteRoute.networks.path), .text("\(t.number(networks)) \(t("count.networks"))")))
                ),
                DirectoryViews.filters(action: .institutions, env: env, query: DirectoryQuery(), selects: [])
            )
            return HTMLPage(html: html)
        }
        router.get(RouterPath(SiteRoute.Template.countries)) { request, context in
            let env = PageEnvironment(context: context, request: request)
            let t = env.catalog
            let countries = try await services.directory.countries()
            let html = Layout.page(
                t("nav.countries"), env: env,
                .table(
                    .thead(.tr(.th(.text(t("field.code"))), .th(.text(t("field.country"))), .th(.text(t("field.name"))), .th(.text(t("field.levels"))))),
                    .tbody(.forEach(countries) { country in
                        .tr(
                            .td(.text(country.code)),
                            .td(.a(.href(SiteRoute.institutions.with(query: [("country", country.code)])), .text(t.name(country)))),
                            .td(.text(country.nameLocal)),
                            .td(.text(country.levels.map { t.name($0) }.joined(separator: ", ")))
                        )
                    })
                )
            )
            return HTMLPage(html: html)
        }
    }
}
