import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// Every route of every capability's slice, and the three places that must agree on it: the
/// router registers it (and nothing else under /api/v1), the OpenAPI document describes it
/// (and nothing else) with the slice's own operation, and the rule on signing in is the same in
/// the router, the document and the slice. The per-viewer rules are in AuthorizationMatrixTests.
@Suite struct APISliceTests {
    /// Every slice's routes, from the slices themselves (not from APIRoute's list).
    static var everySlicesRoutes: [(slice: String, route: any APIRouteDeclaration)] {
        PlatformRoute.allCases.map { ("platform", $0) } + DirectoryRoute.allCases.map { ("directory", $0) }
            + DataRoute.allCases.map { ("data", $0) } + PlanRoute.allCases.map { ("plans", $0) } + ReportRoute.allCases.map { ("reports", $0) }
            + EvaluationRoute.allCases.map { ("evaluations", $0) }
            + ConsultationRoute.allCases.map { ("consultations", $0) } + AttachmentRoute.allCases.map { ("attachments", $0) }
            + ActivityRoute.allCases.map { ("activities", $0) } + ProjectRoute.allCases.map { ("projects", $0) }
            + ExpertiseRoute.allCases.map { ("expertise", $0) } + LibraryRoute.allCases.map { ("library", $0) }
            + ReviewRoute.allCases.map { ("reviews", $0) }
    }

    /// The remembered snake_case keys are Foundation's, for every kind of name, cold and warm.
    @Test func answersWriteTheKeysFoundationsSnakeCaseWrites() throws {
        struct Sample: Encodable {
            var id = 1, perPage = 2, contentURL = "u", leadIds = [3], myHTTPSServer2Name = "x", already_snake = true, _lead = 0
            var nested = ["innerKeyName": 4]
            var items = [["aBCdEf": 5]]
        }
        let foundation = JSONEncoder()
        foundation.keyEncodingStrategy = .convertToSnakeCase
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try foundation.encode(Sample()), as: UTF8.self)
        for _ in 0..<2 {
            #expect(String(decoding: try JSONResponse<Sample>.encoder.encode(Sample()), as: UTF8.self) == expected)
        }
        #expect(expected.contains("\"per_page\"") && expected.contains("\"content_url\""))
    }

    @Test func theRouterTheDocumentAndTheRulesAgreeOnEveryRouteOfEverySlice() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let services = AppServices(config: AppConfig(bcryptCost: 4), database: database)
            // Given every route each slice declares
            let declared = Self.everySlicesRoutes
            #expect(declared.count == APIRoute.allCases.count)
            let keys = declared.map { "\($0.route.method.rawValue) \($0.route.path)" }
            #expect(Set(keys).count == keys.count, "two routes share a method and path")
            #expect(Set(declared.map(\.route.name)).count == declared.count, "two routes share an operationId")

            // The router registers exactly these under /api/v1
            let router = buildRouter(services: services)
            let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }.filter { $0.contains(" /api/v1") })
            #expect(registered == Set(keys))

            // The document describes exactly these, each with its slice's operation
            let document = OpenAPIDocument.make()
            let paths = try #require(document["paths"] as? [String: [String: any Sendable]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == Set(keys))
            let schemas = try #require((document["components"] as? [String: any Sendable])?["schemas"] as? [String: any Sendable])
            for (slice, route) in declared {
                let operation = try #require(paths[route.path]?[route.method.rawValue.lowercased()] as? [String: any Sendable], "\(slice) \(route.name)")
                #expect(operation["operationId"] as? String == route.name)
                #expect(operation["summary"] as? String == route.operation.summary)
                #expect(operation["tags"] as? [String] == [route.operation.tag])
                let responses = try #require(operation["responses"] as? [String: any Sendable])
                #expect(responses[route.operation.success.status] != nil, "\(route.name) answers \(route.operation.success.status)")
                // Every schema an operation names is in the document
                for name in [route.operation.body, route.operation.success.schema].compactMap({ $0 }) {
                    #expect(schemas[name] != nil, "\(route.name) refers to \(name), which no slice declares")
                }
                // Signing in: the slice, the document's security and its 401 say the same
                let security = try #require(operation["security"] as? [[String: [String]]])
                #expect(security.contains { $0.isEmpty } == !route.needsUser, "\(route.name) security")
                #expect((responses["401"] != nil) == route.needsUser, "\(route.name) 401")
            }

            // And the router enforces it: without a token, a route that needs a user answers 401
            // before its handler runs; one that does not never answers 401
            let app = Application(responder: buildResponder(services: services), logger: WebHarness.quietLogger)
            try await app.test(.router) { client in
                for (_, route) in declared {
                    let uri = route.path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{member_id}", with: "1")
                    let response = try await api(client, route.method, uri, json: route.method == .get ? nil : "{}")
                    #expect((response.status == .unauthorized) == route.needsUser, "\(route.name): \(response.status)")
                }
            }
        }
    }

    @Test func everyPageLinkLeadsToItsOwnRegisteredTemplate() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let services = AppServices(config: AppConfig(bcryptCost: 4), database: database)
            let registered = Set(buildRouter(services: services).routes.map { $0.path.description })
            for route in HostileTextTests.everyRoute {
                // The router registers the template the route's parts make
                #expect(registered.contains(route.template), "\(route.template) is not registered")
                // and the link, with values of 1, 7 and a code, fills exactly that template
                let path = String(route.path.prefix { $0 != "?" })
                let templateParts = route.template.split(separator: "/", omittingEmptySubsequences: false)
                let linkParts = path.split(separator: "/", omittingEmptySubsequences: false)
                #expect(templateParts.count == linkParts.count, "\(path) ~ \(route.template)")
                for (template, part) in zip(templateParts, linkParts) where !template.hasPrefix("{") {
                    #expect(template == part, "\(path) ~ \(route.template)")
                }
            }
            // Parameters take the link's values
            #expect(SiteRoute.removeMember(network: 12, member: 7).path == "/networks/12/members/7/remove")
            #expect(SiteRoute.removeMember(network: 12, member: 7).template == "/networks/{id}/members/{member}/remove")
            #expect(SiteRoute.language(.bs, next: "/people?q=a b").path == "/language/bs?next=/people%3Fq%3Da%20b")
            #expect(SiteRoute.login(next: nil).path == "/login" && SiteRoute.home.path == "/" && SiteRoute.home.template == "/")
        }
    }
}
