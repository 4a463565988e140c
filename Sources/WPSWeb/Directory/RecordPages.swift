import Hummingbird
import WPSCore

/// What the pages of every kind of versioned record do alike.
enum RecordPages {
    /// The delete and restore buttons of a record's page: each posts to its own route and comes
    /// back to the record's page (a deleted record's page offers restore to platform admins).
    /// The delete sends the version the page showed, so a stale page answers "changed meanwhile".
    static func registerDeleteAndRestore(
        on signedIn: RouterGroup<SignedInContext>, delete: String, restore: String, page: @escaping @Sendable (Int) -> SiteRoute,
        deleteRecord: @escaping @Sendable (_ id: Int, _ version: Int?, Viewer, Actor) async throws -> Void,
        restoreRecord: @escaping @Sendable (_ id: Int, Viewer, Actor) async throws -> Void
    ) {
        signedIn.post(RouterPath(delete)) { _, context in
            let id = try pathID(context)
            try await deleteRecord(id, Int(context.form["version"]), context.viewer, context.actor)
            return Response.seeOther(page(id))
        }
        signedIn.post(RouterPath(restore)) { _, context in
            let id = try pathID(context)
            try await restoreRecord(id, context.viewer, context.actor)
            return Response.seeOther(page(id))
        }
    }

    /// What every directory list page starts from: its environment, the query its address asks
    /// for (422 for an out-of-range page), and the countries its filter offers.
    struct ListRequest {
        let env: PageEnvironment
        let query: DirectoryQuery
        let countries: [Country]

        /// The query's filters for the pager's links: the text, the country, the page's own
        /// (`extra`, in order) and whether deleted records are shown.
        func filters(_ extra: [(String, String?)]) -> [(String, String)] {
            [("q", query.text ?? ""), ("country", query.country ?? "")] + extra.map { ($0.0, $0.1 ?? "") }
                + [("include_deleted", query.includeDeleted ? "true" : "")]
        }
    }

    static func listRequest(_ request: Request, _ context: WPSRequestContext, _ services: AppServices) async throws -> ListRequest {
        ListRequest(
            env: PageEnvironment(context: context, request: request),
            query: try CollectionAPI<Institution, InstitutionFields, InstitutionJSON>.query(from: request, viewer: context.viewer),
            countries: try await services.directory.countries())
    }

    /// The buttons of a record's page: edit and delete (sending the version shown) for those who
    /// may edit it; restore for platform admins once it is deleted; nothing for anyone else.
    static func actions(
        _ record: some VersionedRecord, canEdit: Bool, edit: SiteRoute, delete: SiteRoute, restore: SiteRoute, env: PageEnvironment
    ) -> Node {
        let t = env.catalog
        if record.deleted {
            return env.viewer.isPlatformAdmin
                ? .div(.class("actions"), Forms.button(restore, label: t("action.restore"), env: env)) : .empty
        }
        guard canEdit else { return .empty }
        return .div(
            .class("actions"),
            .a(.class("button"), .href(edit.path), .text(t("action.edit"))),
            Forms.button(delete, label: t("action.delete"), env: env, style: "danger", fields: [("version", String(record.version))])
        )
    }

    /// What every record's page starts from: its environment, the record the address names as
    /// the viewer may see it (404 otherwise, deleted ones included for those who may see them)
    /// and its history.
    struct DetailRequest<Record: VersionedRecord> {
        let env: PageEnvironment
        let record: Record
        let history: [AuditEvent]

        var t: Catalog { env.catalog }
        var viewer: Viewer { env.viewer }
        var fields: Record.Fields { record.fields }
    }

    static func detailRequest<Record: VersionedRecord>(
        _ request: Request, _ context: WPSRequestContext, _ services: AppServices, entity: DirectoryEntity,
        load: (_ id: Int, Viewer) async throws -> Record?
    ) async throws -> DetailRequest<Record> {
        let id = try pathID(context)
        guard let record = try await load(id, context.viewer) else { throw APIProblem.notFound }
        return DetailRequest(
            env: PageEnvironment(context: context, request: request), record: record,
            history: try await services.directory.history(entity: entity, id: id, viewer: context.viewer))
    }
}
