import Foundation
import Hummingbird
import WPSCore
import WPSStorage

/// Errors a handler raises to end a request with a specific answer.
enum APIProblem: Error {
    case unauthorized
    case badRequest(String, [FieldError] = [])
    case notFound
}

/// Errors of HTML form handling.
enum PageProblem: Error {
    case csrf
}

/// One line of an API error's `details`.
struct ErrorDetail: Codable, Sendable {
    var field: String?
    var code: String
    var value: String?
    var message: String
}

/// The JSON error body: `{"error":{"code":"…","message":"…","details":[…]}}`.
struct ErrorBody: Codable, Sendable {
    struct Inner: Codable, Sendable {
        var code: String
        var message: String
        var details: [ErrorDetail]
    }
    var error: Inner
}

/// What an error means to the person who caused it: status, code, message and details.
struct ErrorMeaning {
    var status: HTTPResponse.Status
    var code: String
    var titleKey: String
    var message: String
    var details: [ErrorDetail] = []
    /// Set for unexpected errors: the reference under which the full error was logged.
    var reference: String?

    static func of(_ error: any Error, catalog: Catalog, routeMatched: Bool) -> ErrorMeaning {
        switch error {
        case let problem as APIProblem:
            switch problem {
            case .unauthorized:
                return ErrorMeaning(
                    status: .unauthorized, code: "unauthorized", titleKey: "login.title",
                    message: "Sign in, or send a valid API token as 'Authorization: Bearer TOKEN'.")
            case .badRequest(let message, let fields):
                return ErrorMeaning(
                    status: .badRequest, code: "bad_request", titleKey: "error.page_title", message: message,
                    details: fields.map { detail($0, catalog: catalog) })
            case .notFound:
                return notFound(catalog, route: routeMatched)
            }
        case PageProblem.csrf:
            return ErrorMeaning(status: .forbidden, code: "csrf", titleKey: "error.csrf_title", message: catalog("error.csrf"))
        case let error as StoreError:
            switch error {
            case .notFound:
                return notFound(catalog, route: true)
            case .forbidden:
                return ErrorMeaning(status: .forbidden, code: "forbidden", titleKey: "error.forbidden_title", message: catalog("error.forbidden"))
            case .invalid(let errors):
                return ErrorMeaning(
                    status: .unprocessableContent, code: "validation_failed", titleKey: "error.page_title",
                    message: catalog("form.has_errors"), details: errors.map { detail($0, catalog: catalog) })
            case .conflict(let code, let message):
                return ErrorMeaning(status: .conflict, code: code, titleKey: "error.page_title", message: message)
            case .versionConflict(_, _, let expected, let current):
                return ErrorMeaning(
                    status: .conflict, code: "version_conflict", titleKey: "error.page_title",
                    message: "The record was changed by someone else: you sent version \(expected), the current version is \(current). Nothing was saved; read the record again and re-apply your change.",
                    details: [ErrorDetail(field: "version", code: "stale", value: String(expected), message: "current version is \(current)")])
            }
        case let error as HTTPError:
            if error.status == .notFound { return notFound(catalog, route: routeMatched) }
            if error.status == .unauthorized { return of(APIProblem.unauthorized, catalog: catalog, routeMatched: routeMatched) }
            return ErrorMeaning(
                status: error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                titleKey: "error.page_title", message: error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            // Other errors that carry their status, such as a body over the size limit (413).
            let message = error.status == .contentTooLarge
                ? "The request is larger than this server accepts." : error.status.reasonPhrase
            return ErrorMeaning(
                status: error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                titleKey: "error.page_title", message: message)
        case is QueryTimeout:
            return ErrorMeaning(
                status: .serviceUnavailable, code: "query_timeout", titleKey: "error.page_title", message: catalog("error.query_timeout"))
        case let error as DecodingError:
            return ErrorMeaning(
                status: .badRequest, code: "bad_request", titleKey: "error.page_title",
                message: "The JSON body could not be read: \(describe(error))")
        default:
            let reference = String(Secrets.random().prefix(12))
            return ErrorMeaning(
                status: .internalServerError, code: "internal_error", titleKey: "error.page_title",
                message: "\(catalog("error.internal")) \(reference)", reference: reference)
        }
    }

    static func notFound(_ catalog: Catalog, route: Bool) -> ErrorMeaning {
        ErrorMeaning(
            status: .notFound, code: route ? "not_found" : "route_not_found", titleKey: "error.not_found_title",
            message: catalog("error.not_found"))
    }

    static func detail(_ error: FieldError, catalog: Catalog) -> ErrorDetail {
        ErrorDetail(field: error.field, code: error.code, value: error.value, message: catalog("error.\(error.code)"))
    }

    /// A decoding error as "field: what is wrong", without echoing the body.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "body" : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is required".replacingOccurrences(of: "body.", with: "")
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type"
        case .valueNotFound(_, let context): return "\(path(context)) must not be null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}
