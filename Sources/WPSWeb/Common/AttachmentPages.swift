import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Attaching files from the pages: the upload forms on a report's page and under each
/// evaluation of a plan, and the button that removes a file. Downloads are the API's
/// (`/api/v1/attachments/{id}/content`), which a signed-in browser may read.
enum AttachmentPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.post(RouterPath(SiteRoute.Template.reportAttachments)) { request, context in
            let id = try pathID(context)
            return try await attach(.report(id), back: SiteRoute.report(id).path + "#attachments", request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.evaluationAttachments)) { request, context in
            let id = try pathID(context)
            guard let plan = try await services.attachments.planOfEvaluation(id) else { throw APIProblem.notFound }
            return try await attach(.evaluation(id), back: SiteRoute.plan(plan).path + "#evaluation-\(id)", request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.activityAttachments)) { request, context in
            let id = try pathID(context)
            return try await attach(.activity(id), back: SiteRoute.activity(id).path + "#files", request, context, services)
        }
        signedIn.post(RouterPath(SiteRoute.Template.deleteAttachment)) { request, context in
            let id = try pathID(context)
            guard let attachment = try await services.attachments.attachment(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
            try await services.attachments.remove(id: id, viewer: context.viewer, by: context.actor)
            return try await Response.redirect(to: back(attachment.owner, services), type: .normal)
        }
    }

    static func back(_ owner: AttachmentOwner, _ services: AppServices) async throws -> String {
        switch owner {
        case .report(let id): return SiteRoute.report(id).path + "#attachments"
        case .evaluation(let id):
            let plan = try await services.attachments.planOfEvaluation(id) ?? 0
            return SiteRoute.plan(plan).path + "#evaluation-\(id)"
        case .activity(let id): return SiteRoute.activity(id).path + "#files"
        case .libraryItem(let id): return SiteRoute.libraryItem(id).path + "#files"
        }
    }

    /// Keeps the uploaded file; a refused one (its kind, its size, none sent) comes back to
    /// the page it was sent from with the reason in the address, which the page shows.
    static func attach(
        _ owner: AttachmentOwner, back: String, _ request: Request, _ context: SignedInContext, _ services: AppServices
    ) async throws -> Response {
        // The reason goes in the query, before the fragment that brings the reader back to the form
        let hash = back.firstIndex(of: "#") ?? back.endIndex
        func refused(_ code: String) -> Response {
            Response.redirect(to: "\(back[..<hash])?file_error=\(code)\(back[hash...])", type: .normal)
        }
        guard let file = context.uploads["file"], file.size > 0 else {
            // Rights first: a reader who may not attach learns that, not that the file is missing.
            try await services.attachments.checkChange(owner, viewer: context.viewer)
            return refused("required")
        }
        guard file.size <= SQLAttachmentStore.sizeLimit else {
            try await services.attachments.checkChange(owner, viewer: context.viewer)
            return refused("too_large")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw HTTPError(.internalServerError) }
        do {
            _ = try await services.attachments.attach(
                fileName: file.filename, bytes: Array(data), to: owner, viewer: context.viewer, by: context.actor)
        } catch StoreError.invalid(let errors) {
            return refused(errors.first?.code ?? "invalid_value")
        }
        return Response.redirect(to: back, type: .normal)
    }

    /// The files, each a download link with its kind and size, and a remove button where the
    /// viewer may remove it.
    static func list(_ files: [Attachment], canChange: Bool, env: PageEnvironment) -> Node {
        let t = env.catalog
        guard !files.isEmpty else { return .p(.class("muted"), .text(t("attachment.none"))) }
        return .ul(.class("attachments"), .forEach(files) { file in
            .li(
                .a(.href(AttachmentDownload.path(file.id)), .attribute(named: "download", value: file.fileName), .text(file.fileName)),
                .text(" (\(file.kind.uppercased()), \(size(file.size)); \(file.createdBy), \(file.createdAt.prefix(10)))"),
                .if(canChange, .form(
                    .class("inline"), .method(.post), .action(SiteRoute.deleteAttachment(file.id).path),
                    Forms.csrf(env),
                    .button(.type(.submit), .class("link"), .text(t("attachment.remove")))))
            )
        })
    }

    /// The upload form, with the reason the last file was refused.
    static func form(action: String, env: PageEnvironment, id: String) -> Node {
        let t = env.catalog
        let error = env.query["file_error"].flatMap { ["required", "too_large", "unsupported_type", "type_mismatch"].contains($0) ? $0 : nil }
        let input = "file-\(id)"
        return .form(
            .class("attach"), .method(.post), .action(action), .enctype(.multipartData),
            Forms.csrf(env),
            .div(
                .class(error == nil ? "field" : "field invalid"),
                .label(.for(input), .text(t("attachment.add_label"))),
                .p(.class("muted"), .id("\(input)-hint"), .text(t("attachment.hint"))),
                .input(.type(.file), .name("file"), .id(input), .attribute(named: "aria-describedby", value: "\(input)-hint"),
                       .attribute(named: "accept", value: ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.png,.jpg,.jpeg")),
                .unwrap(error) { .p(.class("field-error"), .attribute(named: "role", value: "alert"), .text(t("attachment.error.\($0)"))) }),
            .button(.type(.submit), .class("secondary"), .text(t("attachment.add"))))
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
