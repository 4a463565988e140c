import Crypto
import Foundation
import SQLKit

/// Seals coaching notes with AES-GCM under the key in `WPS_SECRET_KEY_FILE`, so that a copy of
/// the database does not give the notes away.
///
/// The key file holds 32 random bytes, base64; it is made with mode 0600 on first use when
/// absent. A key that cannot be read leaves notes unsealable (writing one fails) and
/// ``check(in:)`` refuses it, so `wps serve` does not start with the wrong key.
public struct NoteSealer: Sendable {
    let key: SymmetricKey?
    /// Why there is no key, for the message at start.
    public let problem: String?
    public let file: String

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noKey(String)
        case wrongKey(String)
        case damaged

        public var description: String {
            switch self {
            case .noKey(let why): "The secret key is not usable: \(why)"
            case .wrongKey(let file):
                "The secret key in \(file) does not open the coaching notes stored in this database; start with the key they were sealed with (WPS_SECRET_KEY_FILE)."
            case .damaged: "A sealed note could not be opened."
            }
        }
    }

    public init(key: SymmetricKey, file: String = "") {
        self.key = key
        self.problem = nil
        self.file = file
    }

    /// Reads the key file, making it (and its folder) when absent.
    public init(file: String) {
        self.file = file
        let manager = FileManager.default
        if !manager.fileExists(atPath: file) {
            // Written aside, then linked into place: two servers starting at once on an empty
            // folder end up with the same key (link fails for the second, which reads the first's)
            let folder = (file as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString() + "\n"
            let aside = file + ".\(UUID().uuidString).new"
            if manager.createFile(atPath: aside, contents: Data(fresh.utf8), attributes: [.posixPermissions: 0o600]) {
                try? manager.linkItem(atPath: aside, toPath: file)
                try? manager.removeItem(atPath: aside)
            }
            if !manager.fileExists(atPath: file) {
                key = nil
                problem = "\(file) does not exist and could not be created"
                return
            }
        }
        guard let data = manager.contents(atPath: file) else {
            key = nil
            problem = "\(file) cannot be read"
            return
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            key = nil
            problem = "\(file) does not hold a 256-bit key in base64"
            return
        }
        key = SymmetricKey(data: bytes)
        problem = nil
    }

    /// The sealed text, base64 of nonce, ciphertext and tag.
    public func seal(_ text: String) throws -> String {
        guard let key else { throw Failure.noKey(problem ?? "none") }
        guard let combined = try AES.GCM.seal(Data(text.utf8), using: key).combined else { throw Failure.damaged }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let key else { throw Failure.noKey(problem ?? "none") }
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else { throw Failure.damaged }
        return String(decoding: plain, as: UTF8.self)
    }

    static let probe = "wps-platform sealing key check"

    /// Refuses a key that cannot open what this database holds: on first use it stores a sealed
    /// probe; afterwards the probe must open with this key.
    public func check(in database: WPSDatabase) async throws {
        guard key != nil else { throw Failure.noKey(problem ?? "none") }
        let sealer = self
        // The first server to start stores the probe; every server (and later start) must open it
        let probe = try sealer.seal(Self.probe)
        try await database.transaction { sql in
            try await sql.raw("INSERT INTO sealing_key_checks (id, sealed) VALUES (1, \(bind: probe)) ON CONFLICT (id) DO NOTHING").run()
        }
        let stored = try await database.read { sql in
            try await sql.raw("SELECT sealed FROM sealing_key_checks WHERE id = 1").first()?.decode(column: "sealed", as: String.self)
        }
        guard let stored, (try? sealer.open(stored)) == Self.probe else { throw Failure.wrongKey(sealer.file) }
    }
}
