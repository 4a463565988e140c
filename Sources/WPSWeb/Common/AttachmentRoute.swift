import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// Files attached to progress reports and evaluations, in the JSON API. A file is sent as the
/// request body itself (any content type; its kind is read from its bytes) with its name in
/// `?filename=`, and read back from `/api/v1/attachments/{id}/content` with its own media type.
enum AttachmentRoute: APISlice {
    case listReportAttachments, addReportAttachment, listEvaluationAttachments, addEvaluationAttachment, listActivityAttachments, addActivityAttachment
    case getAttachment, attachmentContent, deleteAttachment

    var method: HTTPRequest.Method {
        switch self {
        case .listReportAttachments, .listEvaluationAttachments, .listActivityAttachments, .getAttachment, .attachmentContent: .get
        case .addReportAttachment, .addEvaluationAttachment, .addActivityAttachment: .post
        case .deleteAttachment: .delete
        }
    }

    var path: String {
        switch self {
        case .listReportAttachments, .addReportAttachment: "/api/v1/reports/{id}/attachments"
        case .listEvaluationAttachments, .addEvaluationAttachment: "/api/v1/evaluations/{id}/attachments"
        case .listActivityAttachments, .addActivityAttachment: "/api/v1/activities/{id}/attachments"
        case .getAttachment, .deleteAttachment: "/api/v1/attachments/{id}"
        case .attachmentContent: "/api/v1/attachments/{id}/content"
        }
    }

    /// The owner named by the path's id.
    func owner(_ id: Int) -> AttachmentOwner? {
        switch self {
        case .listReportAttachments, .addReportAttachment: .report(id)
        case .listEvaluationAttachments, .addEvaluationAttachment: .evaluation(id)
        case .listActivityAttachments, .addActivityAttachment: .activity(id)
        default: nil
        }
    }

    var operation: APIOperation {
        let tag = "attachments"
        let filename: [[String: any Sendable]] = [[
            "name": "filename", "in": "query", "required": false,
            "description": "the file's name; its extension is set from the kind read from the bytes",
            "schema": ["type": "string", "maxLength": 255] as [String: any Sendable],
        ]]
        let kinds = "PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG or JPEG, recognised by the bytes, at most \(SQLAttachmentStore.sizeLimit / 1024 / 1024) MiB"
        switch self {
        case .listReportAttachments:
            return APIOperation(summary: "A progress report's attached files (its readers)", tag: tag, success: ("200", "AttachmentItems"))
        case .listEvaluationAttachments:
            return APIOperation(summary: "An evaluation's attached files (its plan's readers)", tag: tag, success: ("200", "AttachmentItems"))
        case .addReportAttachment:
            return APIOperation(
                summary: "Attach a file to a report (\(kinds)): the reporting institution's editors, while a draft or returned; 409 period_locked in a locked period",
                tag: tag, query: filename, success: ("201", "Attachment"), validates: true, conflicts: true, binaryBody: true)
        case .addEvaluationAttachment:
            return APIOperation(
                summary: "Attach a file to an evaluation (\(kinds)): the plan coordinator's editors and admins",
                tag: tag, query: filename, success: ("201", "Attachment"), validates: true, binaryBody: true)
        case .listActivityAttachments:
            return APIOperation(summary: "An activity's attached files: agenda, report, conclusions (its readers)", tag: tag, success: ("200", "AttachmentItems"))
        case .addActivityAttachment:
            return APIOperation(
                summary: "Attach a file to an activity (\(kinds)): the editors and admins of its owning institution",
                tag: tag, query: filename, success: ("201", "Attachment"), validates: true, binaryBody: true)
        case .getAttachment:
            return APIOperation(summary: "An attached file's description", tag: tag, success: ("200", "Attachment"))
        case .attachmentContent:
            return APIOperation(
                summary: "An attached file's bytes, with its media type, offered as a download", tag: tag, success: ("200", nil),
                binaryResponse: DocumentKind.allCases.map(\.contentType))
        case .deleteAttachment:
            return APIOperation(summary: "Remove an attached file (the same rights as attaching one)", tag: tag, success: ("204", nil))
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let attachment: [String: [String: any Sendable]] = [
            "id": S.integer, "owner_kind": S.choice(["report", "evaluation", "activity", "library_item"]), "owner_id": S.integer, "file_name": S.string,
            "kind": S.choice(DocumentKind.allCases.map(\.rawValue)), "content_type": S.choice(DocumentKind.allCases.map(\.contentType)),
            "size": S.integer, "sha256": S.string, "created_at": S.string, "created_by": S.string, "content_url": S.string,
        ]
        return [
            "Attachment": S.object(attachment, required: attachment.keys.sorted()),
            "AttachmentItems": S.object(["items": ["type": "array", "items": S.ref("Attachment")]], required: ["items"]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (AttachmentRoute) -> APIHandler {
        let store = services.attachments
        return { route in
            switch route {
            case .listReportAttachments, .listEvaluationAttachments, .listActivityAttachments:
                return { request, context in
                    guard let owner = route.owner(try pathID(context)), let items = try await store.attachments(of: owner, viewer: context.viewer)
                    else { throw APIProblem.notFound }
                    return try JSONResponse(ItemsJSON(items: items.map(AttachmentJSON.init))).response(from: request, context: context)
                }
            case .addReportAttachment, .addEvaluationAttachment, .addActivityAttachment:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    guard let owner = route.owner(try pathID(context)) else { throw APIProblem.notFound }
                    let name = request.uri.queryParameters.get("filename") ?? ""
                    guard name.unicodeScalars.count <= 255 else {
                        throw StoreError.invalid([FieldError(field: "filename", code: "too_long", value: String(name.prefix(60)))])
                    }
                    var request = request
                    let body = try await request.collectBody(upTo: SQLAttachmentStore.sizeLimit)
                    let attachment = try await store.attach(
                        fileName: name, bytes: Array(body.readableBytesView), to: owner, viewer: signedIn.viewer, by: signedIn.actor)
                    var response = try JSONResponse(AttachmentJSON(attachment), status: .created).response(from: request, context: context)
                    response.headers[.location] = "/api/v1/attachments/\(attachment.id)"
                    return response
                }
            case .getAttachment:
                return { request, context in
                    guard let attachment = try await store.attachment(id: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return try JSONResponse(AttachmentJSON(attachment)).response(from: request, context: context)
                }
            case .attachmentContent:
                return { _, context in
                    guard let attachment = try await store.attachment(id: try pathID(context), viewer: context.viewer) else { throw APIProblem.notFound }
                    return AttachmentDownload.response(attachment, store: store)
                }
            case .deleteAttachment:
                return { _, context in
                    let signedIn = try SignedInContext(context: context)
                    try await store.remove(id: try pathID(context), viewer: signedIn.viewer, by: signedIn.actor)
                    return Response(status: .noContent)
                }
            }
        }
    }
}

/// An attachment as the API shows it.
struct AttachmentJSON: Encodable, Sendable {
    var id: Int
    var ownerKind: String
    var ownerId: Int
    var fileName: String
    var kind: String
    var contentType: String
    var size: Int
    var sha256: String
    var createdAt: String
    var createdBy: String
    var contentURL: String

    init(_ attachment: Attachment) {
        id = attachment.id
        ownerKind = attachment.owner.kind
        ownerId = attachment.owner.id
        fileName = attachment.fileName
        kind = attachment.kind
        contentType = attachment.contentType
        size = attachment.size
        sha256 = attachment.sha256
        createdAt = attachment.createdAt
        createdBy = attachment.createdBy
        contentURL = AttachmentDownload.path(attachment.id)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, size, sha256
        case ownerKind = "owner_kind", ownerId = "owner_id", fileName = "file_name", contentType = "content_type"
        case createdAt = "created_at", createdBy = "created_by", contentURL = "content_url"
    }
}

/// An attachment's bytes as a download, streamed part by part.
enum AttachmentDownload {
    static func path(_ id: Int) -> String { "/api/v1/attachments/\(id)/content" }

    static func response(_ attachment: Attachment, store: SQLAttachmentStore) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = attachment.contentType
        headers[.contentDisposition] = disposition(attachment.fileName)
        headers[.contentLength] = String(attachment.size)
        headers[.cacheControl] = "private, no-store"
        // Never shown inline under the site's origin, whatever a browser would guess.
        headers[.contentSecurityPolicy] = "sandbox; default-src 'none'"
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: attachment.size) { writer in
            for index in 0..<attachment.partCount {
                guard let bytes = try await store.part(of: attachment, index) else { break }
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        })
    }

    /// `attachment` with an ASCII name and the UTF-8 one (RFC 6266, RFC 8187).
    static func disposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
