/// What a store reports when a change cannot be made. Every case leaves the data unchanged.
public enum StoreError: Error, Sendable, Equatable {
    /// No such record, or the caller may not see it (the two are never told apart).
    case notFound(entity: String, id: String)
    /// The record was changed by someone else since `expected`; `current` is its version now.
    case versionConflict(entity: String, id: Int, expected: Int, current: Int)
    /// The submitted record breaks one or more rules.
    case invalid([FieldError])
    /// The caller may see the record but not change it.
    case forbidden
    /// The change cannot be made in the record's present state (`code`: `node_has_children`,
    /// `period_locked`, …); `message` says what to do instead.
    case conflict(code: String, message: String)
}
