import Foundation
import Hummingbird
import WPSCore

/// Who holds which role in an institution, set by the institution's admins (and platform
/// admins): members read what the institution sees, editors change its records, analysts see
/// its data's exact figures, admins also manage these roles. Accounts are made on the server
/// (`wps user add`); here an admin gives an existing account a role by its e-mail address.
enum RolePages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get(RouterPath(SiteRoute.Template.institutionRoles)) { request, context in
            let institution = try await manageable(context, services)
            return try await page(institution, env: PageEnvironment(context: context.base, request: request), services: services, errors: [], email: "", notice: nil)
        }
        signedIn.post(RouterPath(SiteRoute.Template.institutionRoles)) { request, context in
            let institution = try await manageable(context, services)
            let env = PageEnvironment(context: context.base, request: request)
            let t = env.catalog
            let email = context.form["email"].trimmingCharacters(in: .whitespaces).lowercased()
            let roleText = context.form["role"]
            var errors: [FieldError] = []
            let found = try await services.accounts.credentials(email: email)?.user
            if email.isEmpty { errors.append(FieldError(field: "email", code: "required")) }
            else if found == nil { errors.append(FieldError(field: "email", code: "unknown_account", value: email)) }
            let role = InstitutionRole(rawValue: roleText)
            if role == nil && roleText != "none" { errors.append(FieldError(field: "role", code: "invalid_value", value: roleText)) }
            if let found, found.id == context.user.id { errors.append(FieldError(field: "email", code: "own_role", value: email)) }
            guard errors.isEmpty, let user = found else {
                return try await page(institution, env: env, services: services, errors: errors, email: email, notice: nil)
            }
            if let role {
                try await services.accounts.grant(userId: user.id, institutionId: institution.id, role: role, by: context.actor)
            } else {
                try await services.accounts.revoke(userId: user.id, institutionId: institution.id, by: context.actor)
            }
            let done = role.map { "\(user.name): \(t("institution_role.\($0.rawValue)"))" } ?? "\(user.name): \(t("roles.removed"))"
            return try await page(institution, env: env, services: services, errors: [], email: "", notice: Notice(kind: .info, text: done))
        }
    }

    /// The institution, when the signed-in user may manage its roles; 404 when it is hidden from
    /// them, 403 when they see it but are not its admin.
    static func manageable(_ context: SignedInContext, _ services: AppServices) async throws -> Institution {
        let id = try pathID(context.base)
        guard let institution = try await services.directory.institution(id: id, viewer: context.viewer), !institution.deleted
        else { throw APIProblem.notFound }
        guard context.viewer.canManageRoles(of: id) else { throw StoreError.forbidden }
        return institution
    }

    static func page(
        _ institution: Institution, env: PageEnvironment, services: AppServices, errors: [FieldError], email: String, notice: Notice?
    ) async throws -> HTMLPage {
        let t = env.catalog
        let holders = try await services.accounts.roleHolders(institutionId: institution.id)
        let roleOptions = InstitutionRole.allCases.map { ($0.rawValue, t("institution_role.\($0.rawValue)")) } + [("none", t("roles.none"))]
        let html = Layout.page(
            "\(t("roles.title")): \(institution.fields.name)", env: env, notice: notice,
            .p(.text(t("roles.intro"))),
            holders.isEmpty
                ? .p(.text(t("roles.nobody")))
                : .table(
                    .thead(.tr(.th(.text(t("roles.account"))), .th(.text(t("roles.email"))), .th(.text(t("roles.role"))))),
                    .tbody(.forEach(holders) { holder in
                        .tr(.td(.text(holder.user.name)), .td(.text(holder.user.email)), .td(.text(t("institution_role.\(holder.role.rawValue)"))))
                    })
                ),
            .h2(.text(t("roles.set"))),
            .form(
                .method(.post), .action(SiteRoute.institutionRoles(institution.id).path),
                Forms.csrf(env),
                Forms.text("email", label: t("roles.email"), value: email, errors: errors, env: env, type: .email, required: true),
                Forms.select("role", label: t("roles.role"), options: roleOptions, selected: "analyst", errors: errors, env: env),
                .button(.type(.submit), .text(t("roles.save")))
            ),
            .p(.a(.href(SiteRoute.institution(institution.id).path), .text(t("roles.back"))))
        )
        return HTMLPage(status: errors.isEmpty ? .ok : .unprocessableContent, html: html)
    }
}

extension Viewer {
    /// Whether the viewer may give and take roles in an institution: its admins and platform admins.
    public func canManageRoles(of institutionId: Int) -> Bool {
        isPlatformAdmin || roles[institutionId] == .admin
    }
}
