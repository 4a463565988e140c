import Hummingbird

/// Every JSON API route. The router registers exactly these (``DirectoryAPI/register(on:services:)``
/// walks `allCases`), and the OpenAPI document describes exactly these, so the two cannot drift.
enum APIRoute: CaseIterable {
    case openAPI, me
    case listCountries, createCountry
    case listInstitutions, createInstitution, getInstitution, updateInstitution, deleteInstitution, restoreInstitution,
        institutionHistory
    case listPeople, createPerson, getPerson, updatePerson, deletePerson, restorePerson, personHistory
    case listNetworks, createNetwork, getNetwork, updateNetwork, deleteNetwork, restoreNetwork, networkHistory
    case listMembers, addMember, removeMember
    case listDatasets, createDataset, getDataset, deleteDataset, datasetTable, datasetIndicators, comparison, listRanks

    var method: HTTPRequest.Method {
        switch self {
        case .createCountry, .createInstitution, .createPerson, .createNetwork, .addMember, .createDataset,
            .restoreInstitution, .restorePerson, .restoreNetwork:
            .post
        case .updateInstitution, .updatePerson, .updateNetwork: .patch
        case .deleteInstitution, .deletePerson, .deleteNetwork, .removeMember, .deleteDataset: .delete
        default: .get
        }
    }

    /// The path with `{name}` parameters, as OpenAPI and the router both write it.
    var path: String {
        switch self {
        case .openAPI: "/api/v1/openapi.json"
        case .me: "/api/v1/me"
        case .listCountries, .createCountry: "/api/v1/countries"
        case .listInstitutions, .createInstitution: "/api/v1/institutions"
        case .getInstitution, .updateInstitution, .deleteInstitution: "/api/v1/institutions/{id}"
        case .restoreInstitution: "/api/v1/institutions/{id}/restore"
        case .institutionHistory: "/api/v1/institutions/{id}/history"
        case .listPeople, .createPerson: "/api/v1/people"
        case .getPerson, .updatePerson, .deletePerson: "/api/v1/people/{id}"
        case .restorePerson: "/api/v1/people/{id}/restore"
        case .personHistory: "/api/v1/people/{id}/history"
        case .listNetworks, .createNetwork: "/api/v1/networks"
        case .getNetwork, .updateNetwork, .deleteNetwork: "/api/v1/networks/{id}"
        case .restoreNetwork: "/api/v1/networks/{id}/restore"
        case .networkHistory: "/api/v1/networks/{id}/history"
        case .listMembers, .addMember: "/api/v1/networks/{id}/members"
        case .removeMember: "/api/v1/networks/{id}/members/{member_id}"
        case .listDatasets, .createDataset: "/api/v1/datasets"
        case .getDataset, .deleteDataset: "/api/v1/datasets/{id}"
        case .datasetTable: "/api/v1/datasets/{id}/table"
        case .datasetIndicators: "/api/v1/datasets/{id}/indicators"
        case .comparison: "/api/v1/comparison"
        case .listRanks: "/api/v1/ranks"
        }
    }

    /// Whether the route needs a signed-in user (an API token).
    var needsUser: Bool { method != .get || self == .me }
}
