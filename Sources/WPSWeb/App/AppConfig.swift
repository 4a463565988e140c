import Foundation
import WPSCore
import WPSStorage

/// Everything the server needs to start, read once from flags, the environment and defaults,
/// in that order of precedence, and checked at once.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// The address users reach the platform at; `https://…` makes session cookies Secure.
    public var publicURL: String?
    /// The IATI organisation identifier of the platform's publisher: the reporting-org of its
    /// IATI exports and the prefix of each activity's iati-identifier.
    public var iatiOrganisation = "XI-WPS"
    /// Counts below this are never published (DESIGN §3).
    public var suppressionThreshold: Int
    /// How many values apart the bounds a reader can work out for a withheld figure must stay
    /// (`WPS_PROTECTION_WIDTH`; 2: never pinned, nor narrowed to two neighbouring values).
    public var protectionWidth: Int = DisclosureControl.defaultWidth
    /// How long a sign-in lasts.
    public var sessionLifetime: TimeInterval
    /// bcrypt cost; tests lower it to stay fast.
    public var bcryptCost: UInt8
    /// SQLite connections that read side by side (nil: two per core).
    public var sqliteReaders: Int?
    /// The longest a database statement may run (PostgreSQL cancels it then).
    public var queryTimeout: Duration = .seconds(10)
    /// The file with the key that seals coaching notes (`WPS_SECRET_KEY_FILE`); nil: beside the
    /// SQLite file, or `wps-data/wps-secret.key` with PostgreSQL. Made with mode 0600 when absent.
    public var secretKeyFile: String?

    /// Where the sealing key is read from.
    public var resolvedSecretKeyFile: String {
        if let secretKeyFile { return secretKeyFile }
        switch database {
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            return folder.isEmpty ? "wps-secret.key" : folder + "/wps-secret.key"
        case .postgres: return "wps-data/wps-secret.key"
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultLocation,
        publicURL: String? = nil, suppressionThreshold: Int = 5, sessionLifetime: TimeInterval = 12 * 3600,
        bcryptCost: UInt8 = 12
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.publicURL = publicURL
        self.suppressionThreshold = suppressionThreshold
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
    }

    /// Whether cookies must carry the Secure attribute.
    public var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// Resolves the configuration; every problem is collected before any is reported.
    /// - Throws: ``ConfigurationError`` listing each problem with the setting it concerns.
    public static func resolve(
        database: String? = nil, host: String? = nil, port: Int? = nil, environment: [String: String]
    ) throws(ConfigurationError) -> AppConfig {
        var problems: [String] = []
        var config = AppConfig()

        if let text = database ?? environment["WPS_DATABASE_URL"] {
            do {
                config.database = try DatabaseLocation(parsing: text)
            } catch {
                problems.append("\(database != nil ? "--database" : "WPS_DATABASE_URL"): \(error.description)")
            }
        }
        if let value = host ?? environment["WPS_HOST"] {
            if value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "/" }) {
                problems.append("\(host != nil ? "--host" : "WPS_HOST"): '\(value)' is not a host name or address")
            } else {
                config.host = value
            }
        }
        if let value = port {
            if (1...65535).contains(value) { config.port = value } else { problems.append("--port: \(value) is not between 1 and 65535") }
        } else if let text = environment["WPS_PORT"] {
            if let value = Int(text), (1...65535).contains(value) {
                config.port = value
            } else {
                problems.append("WPS_PORT: '\(text)' is not a port number between 1 and 65535")
            }
        }
        if let text = environment["WPS_PUBLIC_URL"], !text.isEmpty {
            if let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil {
                config.publicURL = text
            } else {
                problems.append("WPS_PUBLIC_URL: '\(text)' is not an http:// or https:// address")
            }
        }
        if let text = environment["WPS_SECRET_KEY_FILE"], !text.isEmpty { config.secretKeyFile = text }
        if let text = environment["WPS_IATI_ORGANISATION"], !text.isEmpty {
            // An IATI organisation identifier: registration agency prefix, a hyphen, the number
            if text.count <= 60, text.contains("-"), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
                config.iatiOrganisation = text
            } else {
                problems.append("WPS_IATI_ORGANISATION: '\(text)' is not an IATI organisation identifier such as XM-DAC-30-10 or BA-COA-1234")
            }
        }
        if let text = environment["WPS_SUPPRESSION_THRESHOLD"] {
            if let value = Int(text), (2...100).contains(value) {
                config.suppressionThreshold = value
            } else {
                problems.append("WPS_SUPPRESSION_THRESHOLD: '\(text)' must be a whole number from 2 to 100")
            }
        }
        if let text = environment["WPS_PROTECTION_WIDTH"] {
            if let value = Int(text), (1...10).contains(value) {
                config.protectionWidth = value
            } else {
                problems.append("WPS_PROTECTION_WIDTH: '\(text)' must be a whole number from 1 to 10")
            }
        }
        if let text = environment["WPS_SQLITE_READERS"] {
            if let value = Int(text), (1...64).contains(value) {
                config.sqliteReaders = value
            } else {
                problems.append("WPS_SQLITE_READERS: '\(text)' must be a whole number from 1 to 64")
            }
        }
        if let text = environment["WPS_QUERY_TIMEOUT"] {
            if let value = Double(text), value >= 0.1, value <= 3600 {
                config.queryTimeout = .milliseconds(Int(value * 1000))
            } else {
                problems.append("WPS_QUERY_TIMEOUT: '\(text)' must be a number of seconds from 0.1 to 3600")
            }
        }
        if let text = environment["WPS_SESSION_HOURS"] {
            if let value = Double(text), value > 0, value <= 24 * 30 {
                config.sessionLifetime = value * 3600
            } else {
                problems.append("WPS_SESSION_HOURS: '\(text)' must be a number of hours above 0 and at most 720")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return config
    }
}

/// The problems found in the configuration, one line each.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]

    public var description: String {
        "The configuration has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
