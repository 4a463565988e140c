import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Every route that changes data, tried without a token and with a user who has no right:
/// the first is told to sign in, the second is refused, and nothing changes.
@Suite struct RightsTests {
    @Test(arguments: TestDatabase.engines)
    func everyWriteRouteRefusesAnonymousAndUnentitledCallers(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let nobody = try await WebHarness.token(services, email: "nobody@example.org")
            let admin = Viewer(userId: nil, isPlatformAdmin: true)
            let institution = try await WebHarness.institutionId(services, named: "Women to Women")
            let person = try #require(try await services.directory.people(DirectoryQuery(text: "Amra"), viewer: admin).items.first).id
            let network = try #require(try await services.directory.networks(DirectoryQuery(text: "Women, Peace, Security"), viewer: admin).items.first).id
            let member = try #require(try await services.directory.members(networkId: network, viewer: admin).first).id
            let bodies: [APIRoute: String] = [
                .directory(.createCountry): #"{"code":"GH","name_en":"Ghana","name_local":"Ghana"}"#,
                .directory(.createInstitution): #"{"name":"X","kind":"cso","country":"BA","level":"state"}"#,
                .directory(.updateInstitution): #"{"version":1,"name":"X"}"#,
                .directory(.createPerson): #"{"given_name":"X","family_name":"Y","sex":"female"}"#,
                .directory(.updatePerson): #"{"version":1,"given_name":"X"}"#,
                .directory(.createNetwork): #"{"name":"X"}"#,
                .directory(.updateNetwork): #"{"version":99,"name":"X"}"#,
                .directory(.addMember): #"{"institution_id":\#(institution),"role":"member"}"#,
                .data(.createDataset): #"{"institution_id":\#(institution),"reference_date":"2024-12-31","visibility":"public","counts":[{"sex":"female","n":7}]}"#,
                .plans(.createPlan): #"{"kind":"nap","country":"BA","level":"state","title":"X","period_start":2024,"period_end":2027,"coordinator_id":\#(institution)}"#,
                .plans(.updatePlan): #"{"version":1,"title":"X"}"#,
                .plans(.createNode): #"{"kind":"goal","code":"9","title":"X"}"#,
                .plans(.updateNode): #"{"version":1,"title":"X"}"#,
                .plans(.createIndicator): #"{"definition":"X","unit":"count"}"#,
                .plans(.updateIndicator): #"{"version":1,"definition":"X"}"#,
                .reports(.createPeriod): #"{"name":"2024","start":"2024-01-01","end":"2024-12-31"}"#,
                .reports(.createReport): #"{"institution_id":\#(institution)}"#,
                .reports(.updateReport): #"{"version":1,"narrative":"X"}"#,
                .reports(.returnReport): #"{"comment":"X"}"#,
                .evaluations(.createEvaluation): #"{"kind":"final","evaluator":"X"}"#,
                .evaluations(.createRecommendation): #"{"text":"X"}"#,
                .evaluations(.updateRecommendation): #"{"version":1,"status":"accepted"}"#,
                .consultations(.createConsultation): #"{"title":"X","opens_on":"2024-01-01","closes_on":"2024-02-01"}"#,
                .consultations(.createProposal): #"{"institution_id":\#(institution),"section":"X","text":"X"}"#,
                .consultations(.endorseProposal): #"{"institution_id":\#(institution)}"#,
                .consultations(.updateProposal): #"{"version":1,"status":"accepted"}"#,
                .activities(.createActivity): #"{"kind":"meeting","title":"X","start":"2024-01-01","end":"2024-01-01","country":"BA","owner_id":\#(institution)}"#,
                .activities(.updateActivity): #"{"version":1,"title":"X"}"#,
                .activities(.addParticipant): #"{"female":1}"#,
                .projects(.createProject): #"{"title":"X","start":"2024-01-01","owner_id":\#(institution)}"#,
                .projects(.updateProject): #"{"version":1,"title":"X"}"#,
                .projects(.addResult): #"{"title":"X"}"#,
                .expertise(.saveArea): #"{"code":"x_area","labels":[{"language":"en","label":"X"}]}"#,
                .expertise(.createExpert): #"{"person_id":\#(person)}"#,
                .expertise(.updateExpert): #"{"version":1,"listed":false}"#,
                .expertise(.createRequest): #"{"title":"X","institution_id":\#(institution),"areas":["gender_training"],"languages":["en"],"start":"2025-01-01","end":"2025-01-02"}"#,
                .expertise(.updateRequest): #"{"version":1,"title":"X"}"#,
                .expertise(.proposeAssignment): #"{"expert_id":1}"#,
                .expertise(.reportAssignment): #"{"report":"X"}"#,
                .expertise(.feedbackAssignment): #"{"score":3}"#,
                .expertise(.createCohort): #"{"title":"X","start":"2025-01-01","end":"2025-01-02"}"#,
                .expertise(.createPairing): #"{"coach_expert_id":1,"coachee_person_id":\#(person)}"#,
                .expertise(.addSession): #"{"date":"2025-01-01","minutes":30,"mode":"remote"}"#,
                .library(.createLibraryItem): #"{"kind":"policy","title":"X","language":"bs","owner_institution_id":\#(institution)}"#,
                .library(.updateLibraryItem): #"{"version":1,"title":"X"}"#,
                .reviews(.saveTemplate): #"{"code":"x","title":"X","areas":[{"code":"a","title":"A","question":"Q?"}]}"#,
                .reviews(.createReview): #"{"template_id":1,"institution_id":\#(institution)}"#,
                .reviews(.updateReview): #"{"version":1,"shared":true}"#,
            ]
            func uri(_ route: APIRoute) -> String {
                let id: Int
                switch route {
                case .directory(.updateInstitution), .directory(.deleteInstitution), .directory(.restoreInstitution): id = institution
                case .directory(.updatePerson), .directory(.deletePerson), .directory(.restorePerson): id = person
                case .data(.deleteDataset): id = 1
                default: id = network
                }
                return route.path.replacingOccurrences(of: "{id}", with: String(id)).replacingOccurrences(of: "{member_id}", with: String(member))
            }
            let before = try await Self.snapshot(client)
            let writes = APIRoute.allCases.filter { $0.method != .get }
            #expect(writes.count == 76)
            for route in writes {
                let anonymous = try await api(client, route.method, uri(route), json: bodies[route] ?? "{}")
                #expect(anonymous.status == .unauthorized, "\(route) anonymous")
                let refused = try await api(client, route.method, uri(route), token: nobody, json: bodies[route] ?? "{}")
                #expect([.forbidden, .notFound].contains(refused.status), "\(route) without right: \(refused.status)")
            }
            let after = try await Self.snapshot(client)
            #expect(before == after)
        }
    }

    /// Everything the public can read, to compare before and after.
    static func snapshot(_ client: any TestClientProtocol) async throws -> String {
        var text = ""
        for collection in ["countries", "institutions?per_page=200", "people?per_page=200", "networks?per_page=200", "datasets", "plans?per_page=200", "activities?per_page=200", "projects?per_page=200", "areas", "library?per_page=200", "review-templates"] {
            text += try await api(client, .get, "/api/v1/\(collection)").text
        }
        return text
    }
}

@Suite struct TokenTests {
    @Test(arguments: TestDatabase.engines)
    func revokedTokenIsRefused(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            let token = try await WebHarness.token(services, email: "ana@example.org")
            let me = try await api(client, .get, "/api/v1/me", token: token)
            #expect(me.object["email"] as? String == "ana@example.org")
            let user = try #require(try await services.accounts.credentials(email: "ana@example.org")?.user)
            let tokens = try await services.accounts.tokens(userId: user.id)
            #expect(tokens.count == 1)
            try await services.accounts.revokeToken(id: tokens[0].id, userId: user.id, by: .system("test"))
            #expect(try await api(client, .get, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await services.accounts.tokens(userId: user.id).first?.revokedAt != nil)
        }
    }
}
