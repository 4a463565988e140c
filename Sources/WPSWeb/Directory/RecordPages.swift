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
}
