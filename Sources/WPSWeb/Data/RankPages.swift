import Foundation
import Hummingbird
import WPSCore

/// The rank table: everyone reads it; platform admins add and correct ranks (audited).
enum RankPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.ranks)) { request, context in
            try await page(
                PageEnvironment(context: context, request: request), country: request.query.get("country").map { String($0) },
                services: services, errors: [], values: [:], notice: nil)
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.post(RouterPath(SiteRoute.Template.ranks)) { request, context in
            guard context.viewer.isPlatformAdmin else { throw StoreError.forbidden }
            let env = PageEnvironment(context: context.base, request: request)
            let form = context.form
            let values = ["country": form["country"], "national_rank": form["national_rank"], "nato_code": form["nato_code"].uppercased()]
            let code = values["nato_code"] ?? ""
            guard let category = PersonnelCategory(rawValue: form["category"]) ?? RankMapping.category(ofCode: code) else {
                return try await page(env, services: services, errors: [FieldError(field: "nato_code", code: "invalid_value", value: code)],
                                      values: values, notice: nil)
            }
            do {
                let saved = try await services.ranks.setRank(
                    RankMapping(country: form["country"], nationalRank: form["national_rank"], natoCode: code, category: category,
                                confidence: form["confidence"].isEmpty ? "official" : form["confidence"]),
                    viewer: context.viewer, by: context.actor)
                return try await page(env, services: services, errors: [], values: [:],
                                      notice: Notice(kind: .info, text: "\(saved.country) \(saved.nationalRank) → \(saved.natoCode)"))
            } catch StoreError.invalid(let errors) {
                return try await page(env, services: services, errors: errors, values: values, notice: nil)
            }
        }
    }

    static func page(
        _ env: PageEnvironment, country: String? = nil, services: AppServices, errors: [FieldError], values: [String: String], notice: Notice?
    ) async throws -> HTMLPage {
        let t = env.catalog
        let ranks = try await services.ranks.ranks(country: country?.isEmpty == false ? country : nil)
        let html = Layout.page(
            t("ranks.title"), env: env, notice: notice,
            .p(.text(t("ranks.intro"))),
            .table(
                .class("figures"),
                .thead(.tr(
                    .th(.text(t("field.country"))), .th(.text(t("ranks.national_rank"))), .th(.text(t("dimension.nato_code"))),
                    .th(.text(t("dimension.category"))), .th(.text(t("ranks.confidence"))))),
                .tbody(.forEach(ranks) { rank in
                    .tr(.td(.text(rank.country)), .td(.text(rank.nationalRank)), .td(.text(rank.natoCode)),
                        .td(.text(t("category.\(rank.category.rawValue)"))), .td(.text(rank.confidence)))
                })
            ),
            .if(env.viewer.isPlatformAdmin, .group(
                .h2(.text(t("ranks.set"))),
                .form(
                    .method(.post), .action(SiteRoute.ranks.path),
                    Forms.csrf(env),
                    Forms.text("country", label: t("field.country"), value: values["country"] ?? "", errors: errors, env: env, required: true),
                    Forms.text("national_rank", label: t("ranks.national_rank"), value: values["national_rank"] ?? "", errors: errors, env: env, required: true),
                    Forms.select("nato_code", label: t("dimension.nato_code"), options: RankMapping.natoCodes.map { ($0, $0) },
                                 selected: values["nato_code"] ?? "OR-1", errors: errors, env: env),
                    Forms.select("confidence", label: t("ranks.confidence"), options: ["official", "medium", "probable"].map { ($0, $0) },
                                 selected: "official", errors: errors, env: env),
                    .button(.type(.submit), .text(t("roles.save")))
                )
            ))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}
