import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The JSON API of the directory under `/api/v1`.
enum DirectoryAPI {
    typealias Handler = @Sendable (Request, WPSRequestContext) async throws -> Response

    /// Registers every ``APIRoute``.
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        for route in APIRoute.allCases {
            let handler = handler(for: route, services: services)
            router.on(RouterPath(route.path), method: route.method) { request, context in
                // Whether a route needs a user is said once, by the route: the document's
                // `security` and this check both read it.
                if route.needsUser, context.user == nil { throw APIProblem.unauthorized }
                return try await handler(request, context)
            }
        }
    }

    static func handler(for route: APIRoute, services: AppServices) -> Handler {
        let store = services.directory
        let institutions = CollectionAPI<Institution, InstitutionFields, InstitutionJSON>(
            entity: .institution,
            list: store.institutions, get: store.institution, create: store.createInstitution,
            update: store.updateInstitution, delete: store.deleteInstitution, restore: store.restoreInstitution,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, _ in InstitutionJSON(record) }, read: DirectoryInput.institution)
        let people = CollectionAPI<Person, PersonFields, PersonJSON>(
            entity: .person,
            list: store.people, get: store.person, create: store.createPerson,
            update: store.updatePerson, delete: store.deletePerson, restore: store.restorePerson,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, viewer in PersonJSON(record, viewer: viewer) }, read: DirectoryInput.person)
        let networks = CollectionAPI<Network, NetworkFields, NetworkJSON>(
            entity: .network,
            list: store.networks, get: store.network, create: store.createNetwork,
            update: store.updateNetwork, delete: store.deleteNetwork, restore: store.restoreNetwork,
            history: store.history, fields: \.fields, version: \.version, id: \.id, deleted: \.deleted,
            json: { record, _ in NetworkJSON(record) }, read: DirectoryInput.network)

        switch route {
        case .openAPI:
            // The document follows from the code alone: made and encoded once, not per request.
            let document = (try? JSONSerialization.data(withJSONObject: OpenAPIDocument.make(), options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("{}".utf8)
            return { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "application/json; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
            }
        case .me:
            return { request, context in
                let signedIn = try SignedInContext(context: context)
                let user = signedIn.user
                let roles = user.roles.sorted { $0.key < $1.key }.map { ["institution_id": $0.key.description, "role": $0.value.rawValue] }
                return try JSONResponse(MeJSON(id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, roles: roles))
                    .response(from: request, context: context)
            }
        case .listCountries:
            return { request, context in
                let countries = try await store.countries().map(CountryJSON.init)
                return try JSONResponse(ListJSON(items: countries, page: 1, perPage: countries.count, total: countries.count))
                    .response(from: request, context: context)
            }
        case .createCountry:
            return { request, context in
                let signedIn = try SignedInContext(context: context)
                guard signedIn.user.isPlatformAdmin else { throw StoreError.forbidden }
                var input = try await JSONInput.read(request)
                input.require("code", "name_en", "name_local")
                let country = Country(
                    code: (input.string("code") ?? "").uppercased(), nameEn: input.string("name_en") ?? "",
                    nameLocal: input.string("name_local") ?? "")
                guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
                let created = try await store.addCountry(country, by: signedIn.actor)
                return try JSONResponse(CountryJSON(created), status: .created).response(from: request, context: context)
            }
        case .listInstitutions: return institutions.list
        case .createInstitution: return institutions.create
        case .getInstitution: return institutions.get
        case .updateInstitution: return institutions.update
        case .deleteInstitution: return institutions.delete
        case .restoreInstitution: return institutions.restore
        case .institutionHistory: return institutions.history
        case .listPeople: return people.list
        case .createPerson: return people.create
        case .getPerson: return people.get
        case .updatePerson: return people.update
        case .deletePerson: return people.delete
        case .restorePerson: return people.restore
        case .personHistory: return people.history
        case .listNetworks: return networks.list
        case .createNetwork: return networks.create
        case .getNetwork: return networks.get
        case .updateNetwork: return networks.update
        case .deleteNetwork: return networks.delete
        case .restoreNetwork: return networks.restore
        case .networkHistory: return networks.history
        case .listDatasets, .createDataset, .getDataset, .deleteDataset, .datasetTable, .datasetIndicators, .comparison, .listRanks:
            return DataAPI.handler(for: route, services: services)
        case .listMembers:
            return { request, context in
                let id = try context.parameters.require("id", as: Int.self)
                guard try await networks.visibleRecord(id, request, context.viewer) != nil else { throw APIProblem.notFound }
                let members = try await store.members(networkId: id, viewer: context.viewer).map(MemberJSON.init)
                return try JSONResponse(ListJSON(items: members, page: 1, perPage: max(1, members.count), total: members.count))
                    .response(from: request, context: context)
            }
        case .addMember:
            return { request, context in
                let signedIn = try SignedInContext(context: context)
                let id = try context.parameters.require("id", as: Int.self)
                var input = try await JSONInput.read(request)
                let membership = DirectoryInput.membership(&input)
                guard input.errors.isEmpty, let membership else { throw StoreError.invalid(input.errors) }
                let member = try await store.addMember(networkId: id, membership, viewer: signedIn.viewer, by: signedIn.actor)
                return try JSONResponse(MemberJSON(member), status: .created).response(from: request, context: context)
            }
        case .removeMember:
            return { _, context in
                let signedIn = try SignedInContext(context: context)
                let id = try context.parameters.require("id", as: Int.self)
                let member = try context.parameters.require("member_id", as: Int.self)
                try await store.removeMember(networkId: id, memberId: member, viewer: signedIn.viewer, by: signedIn.actor)
                return Response(status: .noContent)
            }
        }
    }
}

struct MeJSON: Codable, Sendable {
    var id: Int
    var email: String
    var name: String
    var isPlatformAdmin: Bool
    var roles: [[String: String]]
}
