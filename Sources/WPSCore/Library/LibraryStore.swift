/// The library: items seen by their visibility, kept by the editors and admins of the owning
/// institution, searched with ``LibrarySearch``.
public protocol LibraryStore: Sendable {
    /// A page of the items the viewer sees that match, by relevance, with facets over all of them
    /// (counted among what the viewer sees only).
    func search(_ query: LibraryQuery, viewer: Viewer) async throws -> LibraryResults
    /// The item when the viewer sees it (a deleted one only for platform admins).
    func item(id: Int, viewer: Viewer) async throws -> LibraryItem?
    /// - Parameter translationOf: an item the viewer sees whose group of translations the new one joins.
    /// - Throws: `StoreError.invalid` naming each field; `.forbidden` without rights in the owner.
    func createItem(_ fields: LibraryItemFields, translationOf: Int?, viewer: Viewer, by actor: Actor) async throws -> LibraryItem
    /// - Parameter translationOf: `.some(id)` joins that item's group, `.some(nil)` leaves the
    ///   group, nil keeps it.
    /// - Throws: `.versionConflict` when `version` is not the stored one.
    func updateItem(id: Int, version: Int, fields: LibraryItemFields, translationOf: Int??, viewer: Viewer, by actor: Actor) async throws -> LibraryItem
    func deleteItem(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    /// Attaches a file to an item (its editors) with the text read from it, if any, which search
    /// then finds. 422 `unsupported_type` when the bytes are not a document, `type_mismatch`
    /// when the name says another kind than the bytes.
    func attach(fileName: String, bytes: [UInt8], text: String?, toItem id: Int, viewer: Viewer, by actor: Actor) async throws -> Attachment
}
