import Foundation
import WPSFormats

/// A private scratch copy of an upload for the importer, which reads files by path: written to a
/// folder of its own (mode 700) for one request and removed after it. The upload itself is kept
/// in the database (``SQLUploadStore``), where every server finds it.
struct UploadFolder: Sendable {
    let root: URL

    init(root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("wps-uploads")) {
        self.root = root
    }

    /// Runs `body` with the path of a copy of `bytes` named like `name`; the copy is gone after.
    func withScratchCopy<T>(name: String, bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
        let folder = root.appendingPathComponent(Secrets.random())
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(Self.safeName(name))
        try Data(bytes).write(to: file)
        return try await body(file.path)
    }

    /// The file's own name without anything that could leave its folder.
    static func safeName(_ name: String) -> String {
        let cleaned = String(URL(fileURLWithPath: name).lastPathComponent.filter { $0 != "/" && $0 != "\\" && $0 != "\u{0}" }.prefix(120))
        return cleaned.isEmpty || cleaned == "owner" || cleaned.hasPrefix(".") ? "upload" + (cleaned.hasSuffix(".xlsx") ? ".xlsx" : ".csv") : cleaned
    }
}
