import Foundation
import Hummingbird
import WPSCore

/// The API's own routes: its description and who is asking.
enum PlatformRoute: APISlice {
    case openAPI, me

    var method: HTTPRequest.Method { .get }

    var path: String {
        switch self {
        case .openAPI: "/api/v1/openapi.json"
        case .me: "/api/v1/me"
        }
    }

    var needsUser: Bool { self == .me }

    var operation: APIOperation {
        switch self {
        case .openAPI: APIOperation(summary: "This document", tag: "platform", success: ("200", nil))
        case .me: APIOperation(summary: "The signed-in user and their roles", tag: "platform", success: ("200", "Me"))
        }
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        return [
            "Me": S.object([
                "id": S.integer, "email": S.string, "name": S.string, "is_platform_admin": S.boolean,
                "roles": ["type": "array", "items": S.object(["institution_id": S.string, "role": S.string])],
            ]),
            "Error": S.object([
                "error": S.object([
                    "code": S.string, "message": S.string,
                    "details": ["type": "array", "items": S.object([
                        "field": S.string, "code": S.string, "value": S.string, "message": S.string,
                    ])],
                ], required: ["code", "message", "details"]),
            ], required: ["error"]),
        ]
    }

    static func handlers(services: AppServices) -> @Sendable (PlatformRoute) -> APIHandler {
        // The document follows from the code alone: made and encoded once, not per request.
        let document = (try? JSONSerialization.data(withJSONObject: OpenAPIDocument.make(), options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return { route in
            switch route {
            case .openAPI:
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
