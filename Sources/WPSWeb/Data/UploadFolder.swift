import Foundation
import WPSFormats

/// Files uploaded to the import wizard, kept between its steps (upload → problem report →
/// confirm) for an hour, each readable only by the user who sent it.
struct UploadFolder: Sendable {
    static let lifetime: TimeInterval = 3600
    let root: URL

    init(root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("wps-uploads")) {
        self.root = root
    }

    /// Keeps `file` for `userId`; returns the token that names it.
    func keep(_ file: UploadedFile, userId: Int) throws -> String {
        sweep()
        let token = Secrets.random()
        let folder = root.appendingPathComponent(token)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(String(userId).utf8).write(to: folder.appendingPathComponent("owner"))
        try Data(file.bytes).write(to: folder.appendingPathComponent(Self.safeName(file.filename)))
        return token
    }

    /// The path of the file behind `token`, when it exists and belongs to `userId`.
    func path(token: String, userId: Int) -> String? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let folder = root.appendingPathComponent(token)
        guard let owner = try? String(contentsOf: folder.appendingPathComponent("owner"), encoding: .utf8), owner == String(userId),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path),
            let name = names.first(where: { $0 != "owner" })
        else { return nil }
        return folder.appendingPathComponent(name).path
    }

    func remove(token: String) {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return }
        try? FileManager.default.removeItem(at: root.appendingPathComponent(token))
    }

    /// Removes uploads older than ``lifetime``.
    func sweep(now: Date = Date()) {
        guard let folders = try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.creationDateKey]) else { return }
        for folder in folders {
            let created = (try? folder.resourceValues(forKeys: [.creationDateKey]).creationDate) ?? now
            if now.timeIntervalSince(created) > Self.lifetime { try? FileManager.default.removeItem(at: folder) }
        }
    }

    /// The file's own name without anything that could leave its folder.
    static func safeName(_ name: String) -> String {
        let cleaned = String(URL(fileURLWithPath: name).lastPathComponent.filter { $0 != "/" && $0 != "\\" && $0 != "\u{0}" }.prefix(120))
        return cleaned.isEmpty || cleaned == "owner" || cleaned.hasPrefix(".") ? "upload" + (cleaned.hasSuffix(".xlsx") ? ".xlsx" : ".csv") : cleaned
    }
}
