import Foundation
import Hummingbird
import WPSCore

/// Sign-in, sign-out and the language switch.
enum AccountPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.login)) { request, context in
            let next = SiteRoute.localPath(request.query.get("next"))
            let notice = request.query.get("signed_out") != nil
                ? Notice(kind: .info, text: context.catalog("login.signed_out")) : nil
            return page(env: PageEnvironment(context: context, request: request), email: "", next: next, notice: notice)
        }
        router.post(RouterPath(SiteRoute.Template.login)) { request, context in
            try await signIn(request, context, services)
        }
        router.post(RouterPath(SiteRoute.Template.logout)) { request, context in
            if let cookie = request.cookies[CookieName.session]?.value {
                try await AccountService(services: services).signOut(sessionCookie: cookie)
            }
            var response = Response.redirect(to: SiteRoute.Template.login + "?signed_out=1", type: .normal)
            response.setCookie(sessionCookie("", services: services, maxAge: 0))
            return response
        }
        router.get(RouterPath(SiteRoute.Template.language)) { request, context in
            guard let language = UILanguage(rawValue: context.parameters.get("code") ?? "") else { throw APIProblem.notFound }
            var response = Response.redirect(to: SiteRoute.localPath(request.query.get("next")), type: .normal)
            response.setCookie(Cookie(
                name: CookieName.language, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                secure: services.config.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    static func signIn(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> Response {
        let env = PageEnvironment(context: context, request: request)
        let t = env.catalog
        let email = context.form["email"]
        let next = SiteRoute.localPath(context.form["next"])
        let outcome = try await AccountService(services: services).signIn(email: email, password: context.form.pairs.first { $0.0 == "password" }?.1 ?? "")
        switch outcome {
        case .signedIn(let cookie, let user):
            context.logger.info("signed in", metadata: ["user_id": "\(user.id)"])
            var response = Response.redirect(to: next, type: .normal)
            response.setCookie(sessionCookie(cookie, services: services, maxAge: Int(services.config.sessionLifetime)))
            return response
        case .wrongCredentials:
            return try page(env: env, email: email, next: next, notice: Notice(kind: .error, text: t("login.failed")), status: .unauthorized)
                .response(from: request, context: context)
        case .throttled(let until):
            return try page(env: env, email: email, next: next, notice: Notice(kind: .error, text: "\(t("login.throttled")) \(t.dateTime(until))."),
                            status: .tooManyRequests)
                .response(from: request, context: context)
        }
    }

    static func sessionCookie(_ value: String, services: AppServices, maxAge: Int) -> Cookie {
        Cookie(
            name: CookieName.session, value: value, maxAge: maxAge, path: "/", secure: services.config.secureCookies,
            httpOnly: true, sameSite: .lax)
    }

    static func page(env: PageEnvironment, email: String, next: String, notice: Notice?, status: HTTPResponse.Status = .ok) -> HTMLPage {
        let t = env.catalog
        let html = Layout.page(
            t("login.title"), env: env, notice: notice,
            .form(
                .action(SiteRoute.Template.login), .method(.post),
                Forms.csrf(env),
                Forms.hidden("next", next),
                .div(.class("field"),
                     .label(.for("email"), .text(t("field.email"))),
                     // A text field that asks for an e-mail keyboard: "username" autofill (password managers) is not allowed on type=email.
                     .input(.type(.text), .attribute(named: "inputmode", value: "email"), .attribute(named: "autocapitalize", value: "none"),
                            .name("email"), .id("email"), .value(email), .attribute(named: "autocomplete", value: "username"),
                            .attribute(named: "required", value: "required"))),
                .div(.class("field"),
                     .label(.for("password"), .text(t("field.password"))),
                     .input(.type(.password), .name("password"), .id("password"), .attribute(named: "autocomplete", value: "current-password"),
                            .attribute(named: "required", value: "required"))),
                .button(.type(.submit), .text(t("action.signin")))
            )
        )
        return HTMLPage(status: status, html: html)
    }
}
