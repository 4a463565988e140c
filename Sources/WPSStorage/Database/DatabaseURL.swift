import Foundation

/// Where the data lives: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default for a new user: `./wps-data/wps.sqlite`.
    public static let defaultLocation = DatabaseLocation.sqlite(path: "wps-data/wps.sqlite")

    /// Reads a `postgres://` or `postgresql://` URL, a `sqlite:` URL or a plain file path.
    /// - Throws: ``DatabaseLocationError`` for an empty value or an unknown scheme.
    public init(parsing text: String) throws(DatabaseLocationError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { throw .empty }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            guard let url = URL(string: value), url.host != nil, url.path.count > 1 else {
                throw .badPostgresURL(value)
            }
            self = .postgres(url: value)
        } else if value.hasPrefix("sqlite://") {
            self = .sqlite(path: String(value.dropFirst("sqlite://".count)))
        } else if value.hasPrefix("sqlite:") {
            self = .sqlite(path: String(value.dropFirst("sqlite:".count)))
        } else if let colon = value.firstIndex(of: ":"), value[..<colon].count > 1,
            value[..<colon].allSatisfy({ $0.isLetter }), value.contains("://")
        {
            throw .unknownScheme(String(value[..<colon]))
        } else {
            self = .sqlite(path: value)
        }
    }

    /// The location with any password hidden, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

/// Why a database location was refused.
public enum DatabaseLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case badPostgresURL(String)
    case unknownScheme(String)

    public var description: String {
        switch self {
        case .empty: "the database location is empty"
        case .badPostgresURL: "a PostgreSQL URL must look like postgres://user:password@host:5432/database"
        case .unknownScheme(let scheme): "'\(scheme)://' is not a database this platform speaks; use a file path, sqlite:PATH or postgres://…"
        }
    }
}
