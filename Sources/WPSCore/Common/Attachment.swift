/// What a file is attached to. Who may see an attachment, add one or remove it follows from its
/// owner: a report's attachments are seen by the report's readers and changed by the reporting
/// institution while the report is with it (never in a locked period); an evaluation's are seen
/// by its plan's readers and changed by the plan's coordinator; an activity's (agenda, report,
/// conclusions) are seen by its readers and changed by the editors of its owning institution.
public enum AttachmentOwner: Sendable, Equatable, Hashable {
    case report(Int)
    case evaluation(Int)
    case activity(Int)
    /// A library item's files are seen by the item's readers and changed by its editors; their
    /// text is searched with the item.
    case libraryItem(Int)

    /// The owner's kind as stored (`report`, `evaluation`).
    public var kind: String {
        switch self {
        case .report: "report"
        case .evaluation: "evaluation"
        case .activity: "activity"
        case .libraryItem: "library_item"
        }
    }

    public var id: Int {
        switch self {
        case .report(let id), .evaluation(let id), .activity(let id), .libraryItem(let id): id
        }
    }

    public init?(kind: String, id: Int) {
        switch kind {
        case "report": self = .report(id)
        case "evaluation": self = .evaluation(id)
        case "activity": self = .activity(id)
        case "library_item": self = .libraryItem(id)
        default: return nil
        }
    }
}

/// A file attached to a record: its bytes are kept in the database (so every server and `wps
/// backup` have them), its kind was recognised from its bytes.
public struct Attachment: Sendable, Equatable {
    /// Attachments are kept and sent in parts of at most a mebibyte.
    public static let partSize = 1024 * 1024
    /// How many parts the bytes take.
    public var partCount: Int { (size + Self.partSize - 1) / Self.partSize }
    public var id: Int
    public var owner: AttachmentOwner
    /// The name it is offered under (cleaned; ends in the kind's extension).
    public var fileName: String
    /// `pdf`, `docx`, `xlsx`, `pptx`, `odt`, `ods`, `png` or `jpeg`.
    public var kind: String
    public var contentType: String
    public var size: Int
    /// SHA-256 of the bytes, hex.
    public var sha256: String
    public var createdAt: String
    public var createdBy: String

    public init(
        id: Int, owner: AttachmentOwner, fileName: String, kind: String, contentType: String, size: Int, sha256: String,
        createdAt: String, createdBy: String
    ) {
        self.id = id
        self.owner = owner
        self.fileName = fileName
        self.kind = kind
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// Attachments of reports and evaluations.
public protocol AttachmentStore: Sendable {
    /// The owner's attachments, oldest first; nil when the viewer does not see the owner.
    func attachments(of owner: AttachmentOwner, viewer: Viewer) async throws -> [Attachment]?
    /// The attachment when the viewer sees its owner.
    func attachment(id: Int, viewer: Viewer) async throws -> Attachment?
    /// Part `index` (from 0) of the bytes of an attachment the caller has already let the
    /// viewer see; parts are at most ``Attachment/partSize`` bytes. Nil past the last part (or
    /// when the attachment went meanwhile).
    func part(of attachment: Attachment, _ index: Int) async throws -> [UInt8]?
    /// Keeps `bytes` as a new attachment of `owner`: 404 when unseen, 403 without the right, 409
    /// when the owner's state forbids it, 422 (`unsupported_type`, `too_large`, `empty`) otherwise.
    func attach(fileName: String, bytes: [UInt8], to owner: AttachmentOwner, viewer: Viewer, by actor: Actor) async throws -> Attachment
    /// Removes the attachment (the same rights as adding one).
    func remove(id: Int, viewer: Viewer, by actor: Actor) async throws
}
