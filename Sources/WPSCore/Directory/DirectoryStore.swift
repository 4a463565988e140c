/// Reads and changes the directory. Every read takes the ``Viewer`` and returns only what the
/// viewer may see; every change takes the ``Actor`` and writes its audit event in the same
/// transaction. Changes are refused with ``StoreError`` and then change nothing.
public protocol DirectoryStore: Sendable {
    /// All countries with their levels of government, by code.
    func countries() async throws -> [Country]
    /// Adds a country.
    /// - Throws: ``StoreError/invalid(_:)`` for a bad or existing code.
    func addCountry(_ country: Country, by actor: Actor) async throws -> Country

    /// Institutions matching `query` that `viewer` may see, by name.
    func institutions(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Institution>
    /// One institution, or nil when it does not exist or `viewer` may not see it.
    func institution(id: Int, viewer: Viewer) async throws -> Institution?
    /// Creates an institution.
    /// - Throws: ``StoreError/invalid(_:)`` listing every broken rule; ``StoreError/forbidden``.
    func createInstitution(_ fields: InstitutionFields, viewer: Viewer, by actor: Actor) async throws -> Institution
    /// Replaces the fields of an institution whose version is still `version`.
    /// - Throws: ``StoreError/versionConflict(entity:id:expected:current:)`` when it changed since.
    func updateInstitution(id: Int, version: Int, fields: InstitutionFields, viewer: Viewer, by actor: Actor) async throws -> Institution
    /// Marks an institution deleted (restorable).
    func deleteInstitution(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    /// Undoes a delete.
    func restoreInstitution(id: Int, viewer: Viewer, by actor: Actor) async throws -> Institution

    func people(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Person>
    func person(id: Int, viewer: Viewer) async throws -> Person?
    func createPerson(_ fields: PersonFields, viewer: Viewer, by actor: Actor) async throws -> Person
    func updatePerson(id: Int, version: Int, fields: PersonFields, viewer: Viewer, by actor: Actor) async throws -> Person
    func deletePerson(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    func restorePerson(id: Int, viewer: Viewer, by actor: Actor) async throws -> Person

    func networks(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Network>
    func network(id: Int, viewer: Viewer) async throws -> Network?
    func createNetwork(_ fields: NetworkFields, viewer: Viewer, by actor: Actor) async throws -> Network
    func updateNetwork(id: Int, version: Int, fields: NetworkFields, viewer: Viewer, by actor: Actor) async throws -> Network
    func deleteNetwork(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    func restoreNetwork(id: Int, viewer: Viewer, by actor: Actor) async throws -> Network

    /// Current and past members of a network the viewer may see, chairs first.
    func members(networkId: Int, viewer: Viewer) async throws -> [NetworkMember]
    /// Adds a member; the member must be an institution or person the viewer may see.
    func addMember(networkId: Int, _ membership: NewMembership, viewer: Viewer, by actor: Actor) async throws -> NetworkMember
    /// Ends a membership record (kept in history, no longer listed).
    func removeMember(networkId: Int, memberId: Int, viewer: Viewer, by actor: Actor) async throws

    /// The audit trail of one record, oldest first; empty when the viewer may not see it.
    func history(entity: DirectoryEntity, id: Int, viewer: Viewer) async throws -> [AuditEvent]

    /// Names of institutions by id, for showing references (only those the viewer may see).
    func institutionNames(ids: [Int], viewer: Viewer) async throws -> [Int: String]
}

/// The kinds of directory record, with their names in the audit trail and the API.
public enum DirectoryEntity: String, Sendable, CaseIterable {
    case institution
    case person
    case network

    /// The API collection name, e.g. `institutions`.
    public var collection: String {
        switch self {
        case .institution: "institutions"
        case .person: "people"
        case .network: "networks"
        }
    }
}
