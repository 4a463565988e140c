import Foundation
import Hummingbird
import WPSCore
import WPSFormats

extension JSONInput {
    /// Reads the request body as one JSON object.
    /// - Throws: ``APIProblem/badRequest(_:_:)`` when the body is not a JSON object.
    static func read(_ request: Request) async throws -> JSONInput {
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        let data = Data(buffer: buffer)
        guard let input = JSONInput(json: data) else {
            throw APIProblem.badRequest("The body must be a JSON object, sent with Content-Type: application/json.")
        }
        return input
    }
}
