import Foundation
import WPSFormats

/// Private scratch folders (mode 700) of one request each, removed after it: where a form's
/// files stream to as they arrive, and where the importer, which reads files by path, reads an
/// upload back from the database. The upload itself is kept in the database
/// (``SQLUploadStore``), where every server finds it.
struct UploadFolder: Sendable {
    static let shared = UploadFolder()
    let root: URL

    /// A new folder's address (not yet made).
    func newFolder() -> URL { root.appendingPathComponent(Secrets.random()) }

    init(root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("wps-uploads")) {
        self.root = root
    }

    /// Runs `body` with the path of a new file named like `name` in a folder of its own, which is
    /// gone after.
    func withScratchFile<T>(name: String, _ body: (String) async throws -> T) async throws -> T {
        let folder = newFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder.appendingPathComponent(Self.safeName(name)).path)
    }

    /// The file's own name without anything that could leave its folder.
    static func safeName(_ name: String) -> String {
        let cleaned = String(URL(fileURLWithPath: name).lastPathComponent.filter { $0 != "/" && $0 != "\\" && $0 != "\u{0}" }.prefix(120))
        return cleaned.isEmpty || cleaned == "owner" || cleaned.hasPrefix(".") ? "upload" + (cleaned.hasSuffix(".xlsx") ? ".xlsx" : ".csv") : cleaned
    }
}
