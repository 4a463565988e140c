import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The context of every request: who is asking, in which language, and the CSRF token that
/// the request's forms carry.
public struct WPSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, from a session cookie or an API token.
    public var user: User?
    /// True when the user came with `Authorization: Bearer`.
    public var authenticatedByToken = false
    public var language: UILanguage = .en
    /// The double-submit token that every HTML form posts back as `_csrf`.
    public var csrfToken = ""
    /// The fields of a submitted HTML form (after the CSRF check).
    public var form = FormData()
    /// Files of a submitted `multipart/form-data` form, by field name.
    public var uploads: [String: UploadedFile] = [:]

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var viewer: Viewer { user.map(Viewer.init(user:)) ?? .anonymous }
    public var catalog: Catalog { Catalog.of(language) }
}

/// The context of routes that need a signed-in user. Its initialiser refuses the request when
/// there is none, so a handler receives a non-optional ``user`` and cannot forget the check.
public struct SignedInContext: ChildRequestContext {
    public var base: WPSRequestContext
    public let user: User

    public init(context: WPSRequestContext) throws {
        guard let user = context.user else { throw HTTPError(.unauthorized) }
        self.base = context
        self.user = user
    }

    public var coreContext: CoreRequestContextStorage {
        get { base.coreContext }
        set { base.coreContext = newValue }
    }

    public var viewer: Viewer { Viewer(user: user) }
    public var actor: Actor { Actor(userId: user.id, name: user.name) }
    public var form: FormData { base.form }
    public var uploads: [String: UploadedFile] { base.uploads }
}

/// The fields of an `application/x-www-form-urlencoded` body. A repeated name keeps every value.
public struct FormData: Sendable, Equatable {
    public private(set) var pairs: [(String, String)] = []

    public init() {}

    public init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    public init(urlEncoded text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            pairs.append((name, value))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `name`, trimmed; "" when absent.
    public subscript(_ name: String) -> String {
        pairs.first { $0.0 == name }?.1.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    public func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

    /// Every value of `name`, in order, trimmed.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
