import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

/// Drives the real router in process over a fresh database (SQLite, and PostgreSQL in CI).
enum WebHarness {
    /// Request logs would drown the test report; warnings and errors still show.
    static var quietLogger: Logger {
        var logger = Logger(label: "wps.test")
        logger.logLevel = .warning
        return logger
    }

    static func with(
        _ engine: WPSDatabase.Engine, demo: Bool = true,
        _ body: @escaping @Sendable (any TestClientProtocol, AppServices) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { database in
            if demo { _ = try await Seeder.loadDemo(database, sections: [.directory], logger: Logger(label: "test")) }
            let services = AppServices(config: AppConfig(bcryptCost: 4), database: database)
            let app = Application(responder: buildResponder(services: services), logger: WebHarness.quietLogger)
            try await app.test(.router) { client in try await body(client, services) }
        }
    }

    /// Creates an account and returns an API token for it.
    static func token(
        _ services: AppServices, email: String, admin: Bool = false, role: (institution: Int, role: InstitutionRole)? = nil
    ) async throws -> String {
        let service = AccountService(services: services)
        _ = try await service.addUser(
            email: email, name: "User \(email)", password: "correct horse battery staple", platformAdmin: admin,
            institution: role.map { (id: $0.institution, role: $0.role) }, by: .system("test"))
        return try await service.createToken(email: email, label: "test", by: .system("test"))
    }

    /// Another API token for an account that exists.
    static func tokenFor(_ services: AppServices, email: String) async throws -> String {
        try await AccountService(services: services).createToken(email: email, label: "test", by: .system("test"))
    }

    /// Imports 1,500 generated people of the BiH Ministry of Defence (a Windows-1250, ;-separated
    /// file) as a dataset; returns its id and the ministry's.
    static func bosnianDataset(_ services: AppServices, seed: UInt64, visibility: Visibility) async throws -> (id: Int, ministry: Int) {
        let ministry = try await institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
        var generator = PersonnelGenerator(country: "BA", seed: seed, year: 2024, ranks: try RankReference.load())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ds-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
        try writer.write(PersonnelGenerator.header)
        for _ in 0..<1500 { try writer.write(generator.nextRow()) }
        writer.close()
        let id = try await PersonnelImporter(database: services.database).run(
            .init(path: path, institutionId: ministry, referenceDate: Day("2024-12-31") ?? .epoch, series: "AF BiH", visibility: visibility),
            ranks: try RankReference.load(), by: .system("test"))
        return (id, ministry)
    }

    /// The id of the demo institution with this English name.
    static func institutionId(_ services: AppServices, named name: String) async throws -> Int {
        let page = try await services.directory.institutions(DirectoryQuery(text: name), viewer: Viewer(userId: nil, isPlatformAdmin: true))
        return try #require(page.items.first { $0.fields.nameEn == name }).id
    }
}

/// A client that keeps cookies between requests, like a browser.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var language: String?

    init(_ client: any TestClientProtocol, language: String? = nil) {
        self.client = client
        self.language = language
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, method: .get, body: nil)
    }

    /// Posts a form; `csrf: true` adds the token from the CSRF cookie, as pages do.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf, let token = cookies["wps_csrf"] { all.append(("_csrf", token)) }
        let body = all.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body, contentType: "application/x-www-form-urlencoded")
    }

    /// Posts a `multipart/form-data` form with one file, as a browser does for `<input type=file>`.
    @discardableResult
    func upload(_ uri: String, _ fields: [(String, String)], file: (field: String, name: String, bytes: [UInt8])) async throws -> TestResponse {
        let boundary = "----wpsTestBoundary\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        var all = fields
        if let token = cookies["wps_csrf"] { all.append(("_csrf", token)) }
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try await send(uri, method: .post, bytes: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: String?, contentType: String? = nil) async throws -> TestResponse {
        try await send(uri, method: method, bytes: body.map { Array($0.utf8) }, contentType: contentType)
    }

    func send(_ uri: String, method: HTTPRequest.Method, bytes body: [UInt8]?, contentType: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        if let language { headers[.acceptLanguage] = language }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        for cookie in response.headers[values: .setCookie] {
            let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || cookie.contains("Max-Age=0") { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        return response
    }

    private func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// Sends an API request with an optional bearer token and JSON body.
@discardableResult
func api(
    _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil
) async throws -> TestResponse {
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    if json != nil { headers[.contentType] = "application/json" }
    return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorFields: [String] {
        ((object["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

/// Sends a `multipart/form-data` API request with one file and some fields.
func apiUpload(
    _ client: any TestClientProtocol, _ uri: String, token: String?, fields: [(String, String)] = [], file: (field: String, name: String, bytes: [UInt8])
) async throws -> TestResponse {
    let boundary = "----wpsApiBoundary\(UUID().uuidString.prefix(8))"
    var body: [UInt8] = []
    for (name, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
    body += file.bytes
    body += Array("\r\n--\(boundary)--\r\n".utf8)
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
    return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
}
