/// A record kept with an id, a version that every change raises (an edit names the version it
/// read, else it is refused as stale), visibility and owners in its fields, and a soft delete:
/// institutions, people and networks, and the records of every capability after them.
public protocol VersionedRecord: Sendable {
    associatedtype Fields: Sendable & Encodable
    var id: Int { get }
    var version: Int { get }
    var deleted: Bool { get }
    var fields: Fields { get }
}

extension Institution: VersionedRecord {}
extension Person: VersionedRecord {}
extension Network: VersionedRecord {}
