import Crypto
import Foundation
import SQLKit
import WPSCore
import WPSFormats

/// Attachments of progress reports and evaluations in SQLite or PostgreSQL: the bytes in parts
/// of ``partSize``, read back one part at a time. Rights come from the owner (see
/// ``AttachmentOwner``), checked in the same transaction as the change, so a period locked a
/// moment earlier refuses the file.
public struct SQLAttachmentStore: AttachmentStore {
    /// The largest file kept: 25 MiB, more than any report's annex the users showed us.
    public static let sizeLimit = 25 * 1024 * 1024
    static let partSize = Attachment.partSize
    static let columns = "id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by"
    let database: WPSDatabase

    public init(database: WPSDatabase) {
        self.database = database
    }

    static func decode(_ row: any SQLRow) throws -> Attachment? {
        guard let owner = AttachmentOwner(kind: try row.decode(column: "owner_kind", as: String.self), id: try row.decode(column: "owner_id", as: Int.self))
        else { return nil }
        return Attachment(
            id: try row.decode(column: "id", as: Int.self), owner: owner,
            fileName: try row.decode(column: "file_name", as: String.self), kind: try row.decode(column: "kind", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self), createdAt: try row.decode(column: "created_at", as: String.self),
            createdBy: try row.decode(column: "created_by", as: String.self))
    }

    /// Whether the viewer sees the owner.
    static func sees(_ owner: AttachmentOwner, viewer: Viewer, in sql: any SQLDatabase) async throws -> Bool {
        switch owner {
        case .report(let id):
            guard let report = try await ReportSQL.load(id: id, in: sql), let plan = try await PlanSQL.load(id: report.planId, in: sql)
            else { return false }
            return ReportSQL.sees(report, plan: plan, viewer: viewer)
        case .evaluation(let id):
            guard let row = try await sql.raw("SELECT plan_id FROM evaluations WHERE id = \(bind: id)").first() else { return false }
            return try await PlanSQL.live(id: try row.decode(column: "plan_id", as: Int.self), viewer: viewer, in: sql) != nil
        case .activity(let id):
            return try await ActivitySQL.visible(id: id, viewer: viewer, in: sql).map { !$0.deleted } == true
        case .libraryItem(let id):
            return try await LibrarySQL.visible(id: id, viewer: viewer, in: sql).map { !$0.deleted } == true
        }
    }

    /// Refuses a change to the owner's files: 404 unseen, 403 without the right, 409 when its
    /// state forbids it. A report's files change with its content: by the reporting
    /// institution's editors while it is a draft or returned, never in a locked period.
    static func checkChange(_ owner: AttachmentOwner, viewer: Viewer, in sql: any SQLDatabase) async throws {
        guard try await sees(owner, viewer: viewer, in: sql) else { throw StoreError.notFound(entity: owner.kind, id: String(owner.id)) }
        switch owner {
        case .report(let id):
            guard let report = try await ReportSQL.load(id: id, in: sql) else { throw StoreError.notFound(entity: "report", id: String(id)) }
            guard viewer.canEdit(owner: report.institutionId) else { throw StoreError.forbidden }
            if try await ReportSQL.loadPeriod(id: report.periodId, in: sql)?.locked != false {
                throw StoreError.conflict(code: "period_locked", message: ReportSQL.lockedMessage)
            }
            guard report.status.isWithReporter else {
                throw StoreError.conflict(
                    code: "report_not_editable",
                    message: "This report is \(report.status.rawValue): its files change only while it is a draft or returned. Nothing was changed.")
            }
        case .evaluation(let id):
            guard let row = try await sql.raw("SELECT plan_id FROM evaluations WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "evaluation", id: String(id))
            }
            _ = try await PlanSQL.editable(id: try row.decode(column: "plan_id", as: Int.self), viewer: viewer, in: sql)
        case .activity(let id):
            _ = try await ActivitySQL.editable(id: id, viewer: viewer, in: sql)
        case .libraryItem(let id):
            _ = try await LibrarySQL.editable(id: id, viewer: viewer, in: sql)
        }
    }

    /// A line in a report's history for a file added or removed.
    static func recordOnReport(_ owner: AttachmentOwner, action: String, fileName: String, actor: Actor, in sql: any SQLDatabase) async throws {
        guard case .report(let id) = owner, let report = try await ReportSQL.load(id: id, in: sql) else { return }
        try await sql.raw("""
            INSERT INTO report_events (report_id, action, status, comment, actor_user_id, actor_name, at)
            VALUES (\(bind: id), \(bind: action), \(bind: report.status.rawValue), \(bind: fileName), \(bind: actor.userId),
                \(bind: actor.name), \(bind: Timestamp.now()))
            """).run()
    }

    /// The plan an evaluation belongs to (for the page to return to); nil when there is none.
    public func planOfEvaluation(_ id: Int) async throws -> Int? {
        try await database.read { sql in
            try await sql.raw("SELECT plan_id FROM evaluations WHERE id = \(bind: id)").first()?.decode(column: "plan_id", as: Int.self)
        }
    }

    /// Throws what adding a file to `owner` would throw for the viewer's rights and the
    /// owner's state (404, 403, 409), without adding one.
    public func checkChange(_ owner: AttachmentOwner, viewer: Viewer) async throws {
        try await database.read { sql in try await Self.checkChange(owner, viewer: viewer, in: sql) }
    }

    public func attachments(of owner: AttachmentOwner, viewer: Viewer) async throws -> [Attachment]? {
        try await database.read { sql in
            guard try await Self.sees(owner, viewer: viewer, in: sql) else { return nil }
            return try await sql.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM attachments WHERE owner_kind = \(bind: owner.kind) AND owner_id = \(bind: owner.id) ORDER BY id
                """).all().compactMap(Self.decode)
        }
    }

    /// The attachments of many owners of one kind at once, for pages that list them (the
    /// viewer must already see every owner).
    public func attachments(ofReports ids: [Int]) async throws -> [Int: [Attachment]] {
        try await grouped(kind: "report", ids: ids)
    }

    public func attachments(ofEvaluations ids: [Int]) async throws -> [Int: [Attachment]] {
        try await grouped(kind: "evaluation", ids: ids)
    }

    private func grouped(kind: String, ids: [Int]) async throws -> [Int: [Attachment]] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            let list = SQLQueryString(ids.map(String.init).joined(separator: ", "))
            let all = try await sql.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM attachments WHERE owner_kind = \(bind: kind) AND owner_id IN (\(list)) ORDER BY id
                """).all().compactMap(Self.decode)
            return Dictionary(grouping: all, by: \.owner.id)
        }
    }

    private func visible(_ id: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Attachment? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM attachments WHERE id = \(bind: id)").first(),
            let attachment = try Self.decode(row), try await Self.sees(attachment.owner, viewer: viewer, in: sql)
        else { return nil }
        return attachment
    }

    public func attachment(id: Int, viewer: Viewer) async throws -> Attachment? {
        try await database.read { sql in try await visible(id, viewer: viewer, in: sql) }
    }

    public func part(of attachment: Attachment, _ index: Int) async throws -> [UInt8]? {
        try await database.read { sql -> [UInt8]? in
            guard let row = try await sql.raw("""
                SELECT content FROM attachment_parts WHERE attachment_id = \(bind: attachment.id) AND part = \(bind: index)
                """).first()
            else { return nil }
            return Array(try row.decode(column: "content", as: Data.self))
        }
    }

    public func attach(fileName: String, bytes: [UInt8], to owner: AttachmentOwner, viewer: Viewer, by actor: Actor) async throws -> Attachment {
        try await database.transaction { sql in
            try await Self.checkChange(owner, viewer: viewer, in: sql)
            let attachment = try await Self.store(fileName: fileName, bytes: bytes, owner: owner, strictName: false, actor: actor, in: sql)
            if case .libraryItem(let id) = owner { try await LibrarySQL.reindex(id, in: sql) }
            return attachment
        }
    }

    /// Keeps the bytes as an attachment of `owner` (whose rights the caller checked), audited.
    /// - Parameter strictName: refuse (`type_mismatch`) a name whose extension says another kind
    ///   than the bytes (a `.pdf` that is a Word file), rather than correcting the extension.
    static func store(
        fileName: String, bytes: [UInt8], owner: AttachmentOwner, strictName: Bool, actor: Actor, in sql: any SQLDatabase
    ) async throws -> Attachment {
        if bytes.isEmpty { throw StoreError.invalid([FieldError(field: "file", code: "required")]) }
        if bytes.count > Self.sizeLimit {
            throw StoreError.invalid([FieldError(field: "file", code: "too_large", value: String(bytes.count))])
        }
        guard let kind = DocumentKind.detect(bytes) else {
            throw StoreError.invalid([FieldError(field: "file", code: "unsupported_type", value: String(fileName.prefix(120)))])
        }
        if strictName, let dot = fileName.lastIndex(of: ".") {
            let named = fileName[fileName.index(after: dot)...].lowercased()
            let known = DocumentKind.allCases.map(\.fileExtension) + ["jpeg"]
            if known.contains(named), named != kind.fileExtension, !(kind == .jpeg && named == "jpeg") {
                throw StoreError.invalid([FieldError(field: "file", code: "type_mismatch", value: "named .\(named), is \(kind.rawValue)")])
            }
        }
        let name = DocumentKind.safeName(fileName, kind: kind)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let now = Timestamp.now()
        guard let row = try await sql.raw("""
            INSERT INTO attachments (owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by)
            VALUES (\(bind: owner.kind), \(bind: owner.id), \(bind: name), \(bind: kind.rawValue), \(bind: kind.contentType),
                \(bind: bytes.count), \(bind: digest), \(bind: now), \(bind: actor.name))
            RETURNING \(unsafeRaw: Self.columns)
            """).first(), let attachment = try Self.decode(row)
        else { throw StoreError.notFound(entity: "attachment", id: "new") }
        var part = 0
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Self.partSize)
            try await sql.raw("""
                INSERT INTO attachment_parts (attachment_id, part, content) VALUES (\(bind: attachment.id), \(bind: part), \(bind: Data(bytes[start..<end])))
                """).run()
            part += 1
            start = end
        }
        try await Self.recordOnReport(owner, action: "attach", fileName: name, actor: actor, in: sql)
        try await AuditTrail.record(
            in: sql, actor: actor, entity: "attachment", id: String(attachment.id), action: .create,
            before: Optional<AttachmentAudit>.none, after: AttachmentAudit(attachment))
        return attachment
    }

    public func remove(id: Int, viewer: Viewer, by actor: Actor) async throws {
        try await database.transaction { sql in
            guard let attachment = try await visible(id, viewer: viewer, in: sql) else { throw StoreError.notFound(entity: "attachment", id: String(id)) }
            try await Self.checkChange(attachment.owner, viewer: viewer, in: sql)
            try await sql.raw("DELETE FROM attachment_parts WHERE attachment_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM attachment_texts WHERE attachment_id = \(bind: id)").run()
            try await sql.raw("DELETE FROM attachments WHERE id = \(bind: id)").run()
            if case .libraryItem(let item) = attachment.owner { try await LibrarySQL.reindex(item, in: sql) }
            try await Self.recordOnReport(attachment.owner, action: "detach", fileName: attachment.fileName, actor: actor, in: sql)
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "attachment", id: String(id), action: .delete,
                before: AttachmentAudit(attachment), after: Optional<AttachmentAudit>.none)
        }
    }
}

/// What the audit trail keeps of an attachment (never its bytes).
struct AttachmentAudit: Encodable {
    var owner: String
    var fileName: String
    var kind: String
    var size: Int
    var sha256: String

    init(_ attachment: Attachment) {
        owner = "\(attachment.owner.kind) \(attachment.owner.id)"
        fileName = attachment.fileName
        kind = attachment.kind
        size = attachment.size
        sha256 = attachment.sha256
    }
}
