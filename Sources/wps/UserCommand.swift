import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSStorage
import WPSWeb

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.", subcommands: [Add.self, Grant.self, Link.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The password is read from standard input, never from the command line.",
            discussion: """
                --role admin alone makes a platform administrator; with --institution ID, --role member|editor|analyst|admin \
                gives that role in the institution. Example:
                  printf '%s\\n' 'a long passphrase' | wps user add --email ana@example.org --name "Ana" --role admin --password-stdin
                """)
        @OptionGroup var options: DatabaseOptions
        @Option(help: "E-mail address; signs in with it.") var email: String
        @Option(help: "The person's name, as shown in the audit trail.") var name: String
        @Option(help: "admin for a platform admin; with --institution: member, editor, analyst or admin.") var role: String?
        @Option(help: "Institution id for the role.") var institution: Int?
        @Option(help: "The person of the directory this account belongs to (an expert keeps her own profile).") var person: Int?
        @Flag(help: "Read the password from standard input (required).") var passwordStdin = false

        func validate() throws {
            guard passwordStdin else {
                throw ValidationError("Pass --password-stdin and give the password on standard input; it is never taken from the command line.")
            }
            if institution != nil {
                guard let role, InstitutionRole(rawValue: role) != nil else {
                    throw ValidationError("With --institution, --role must be one of: member, editor, analyst, admin.")
                }
            } else if let role, role != "admin" {
                throw ValidationError("Without --institution the only role is 'admin' (platform admin); for '\(role)' add --institution ID.")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty.") }
        }

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let password = readPassword()
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            let grant = institution.flatMap { id in role.flatMap(InstitutionRole.init(rawValue:)).map { (id: id, role: $0) } }
            do {
                let user = try await AccountService(services: services).addUser(
                    email: email, name: name, password: password, platformAdmin: institution == nil && role == "admin",
                    institution: grant, by: .system("wps user add"))
                if let person {
                    try await services.expertise.link(userId: user.id, personId: person, by: .system("wps user add"))
                }
                await database.close()
                let what = user.isPlatformAdmin ? "platform admin" : grant.map { "\($0.role.rawValue) of institution \($0.id)" } ?? "member"
                print("Created \(user.email) (id \(user.id)), \(what).")
            } catch let error as AccountError {
                await database.close()
                throw Failure(Self.explain(error))
            } catch let error as StoreError {
                await database.close()
                throw Failure(Link.explain(error))
            } catch {
                await database.close()
                throw error
            }
        }

        static func explain(_ error: AccountError) -> String {
            switch error {
            case .emailTaken(let email): "An account for \(email) exists already; use 'wps user grant' to give it a role."
            case .noSuchUser(let email): "There is no account for \(email)."
            case .noSuchInstitution(let id): "There is no institution with id \(id); see /institutions or GET /api/v1/institutions."
            case .weakPassword(let reasons): "The password is refused: " + reasons.joined(separator: "; ") + "."
            case .invalidEmail(let email): "'\(email)' is not an e-mail address."
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an existing account a role in an institution.")
        @OptionGroup var options: DatabaseOptions
        @Option var email: String
        @Option var institution: Int
        @Option(help: "member, editor, analyst or admin") var role: String

        func validate() throws {
            guard InstitutionRole(rawValue: role) != nil else { throw ValidationError("--role must be one of: member, editor, analyst, admin.") }
        }

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            do {
                guard let user = try await services.accounts.credentials(email: email)?.user else { throw AccountError.noSuchUser(email) }
                try await services.accounts.grant(
                    userId: user.id, institutionId: institution, role: InstitutionRole(rawValue: role) ?? .member, by: .system("wps user grant"))
                await database.close()
                print("\(user.email) is now \(role) of institution \(institution).")
            } catch let error as AccountError {
                await database.close()
                throw Failure(Add.explain(error))
            }
        }
    }
}

extension UserCommand {
    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link an account to its person of the directory (or, with --unlink, undo it).",
            discussion: "An expert whose account is linked to her person keeps her own profile, answers her assignments and writes her coaching notes.")
        @OptionGroup var options: DatabaseOptions
        @Option var email: String
        @Option(help: "The person's id (see /people).") var person: Int?
        @Flag(help: "Remove the link.") var unlink = false

        func validate() throws {
            guard (person != nil) != unlink else { throw ValidationError("Give --person ID, or --unlink.") }
        }

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            do {
                guard let user = try await services.accounts.credentials(email: email)?.user else { throw AccountError.noSuchUser(email) }
                try await services.expertise.link(userId: user.id, personId: unlink ? nil : person, by: .system("wps user link"))
                await database.close()
                print(unlink ? "\(user.email) is no longer linked to a person." : "\(user.email) is now person \(person ?? 0) of the directory.")
            } catch let error as AccountError {
                await database.close()
                throw Failure(Add.explain(error))
            } catch let error as StoreError {
                await database.close()
                throw Failure(Self.explain(error))
            }
        }

        static func explain(_ error: StoreError) -> String {
            switch error {
            case .invalid(let problems): problems.map { "\($0.field): \($0.code)\($0.value.map { " (\($0))" } ?? "")" }.joined(separator: "; ")
            case .conflict(_, let message): message
            default: "\(error)"
            }
        }
    }
}

/// Reads a password from standard input: the first line, without its line end.
func readPassword() -> String {
    let line = readLine(strippingNewline: true) ?? ""
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an account's tokens (never the secrets).")
        @OptionGroup var options: DatabaseOptions
        @Option var email: String

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            guard let user = try await services.accounts.credentials(email: email)?.user else {
                await database.close()
                throw Failure(UserCommand.Add.explain(.noSuchUser(email)))
            }
            let tokens = try await services.accounts.tokens(userId: user.id)
            await database.close()
            for token in tokens {
                let state = token.revokedAt.map { "revoked \(Timestamp.string($0))" } ?? "active"
                print("\(token.id)\t\(token.label)\tcreated \(Timestamp.string(token.createdAt))\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: requests that carry it are refused from now on.")
        @OptionGroup var options: DatabaseOptions
        @Option var email: String
        @Option(help: "The token's id, from 'wps token list'.") var id: Int

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            do {
                guard let user = try await services.accounts.credentials(email: email)?.user else { throw AccountError.noSuchUser(email) }
                try await services.accounts.revokeToken(id: id, userId: user.id, by: .system("wps token revoke"))
                await database.close()
                print("Revoked token \(id) of \(user.email).")
            } catch let error as AccountError {
                await database.close()
                throw Failure(UserCommand.Add.explain(error))
            } catch StoreError.notFound {
                await database.close()
                throw Failure("\(email) has no active token with id \(id); see 'wps token list --email \(email)'.")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for an account and print it, alone, on standard output. It is shown only once.")
        @OptionGroup var options: DatabaseOptions
        @Option var email: String
        @Option(help: "What the token is for, e.g. 'reporting script'.") var label: String = "api"

        func run() async throws {
            let config = try options.config()
            CommandLogging.bootstrap(level: .warning)
            let database = try await options.openDatabase(config, logger: Logger(label: "wps"))
            let services = AppServices(config: config, database: database)
            do {
                let token = try await AccountService(services: services).createToken(email: email, label: label, by: .system("wps token create"))
                await database.close()
                print(token)
            } catch let error as AccountError {
                await database.close()
                throw Failure(UserCommand.Add.explain(error))
            }
        }
    }
}
