import Foundation
import SQLKit
import Testing
import WPSCore
@testable import WPSStorage

/// Uploads kept between the import wizard's steps: in parts, byte for byte, for their owner only,
/// for an hour.
@Suite struct UploadStoreTests {
    @Test(arguments: TestDatabase.engines)
    func aLargeFileIsKeptInPartsAndReadBackWhole(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLUploadStore(database: database)
            let folder = NSTemporaryDirectory() + "wps-upload-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // Two and a half parts, every byte value, NULs included
            let bytes = (0..<(SQLUploadStore.partSize * 5 / 2)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/in.csv"))
            let token = String(repeating: "ab", count: 32)
            try await store.keep(token: token, fileName: "osoblje.csv", contentsOf: folder + "/in.csv", userId: 3)

            let parts = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM upload_parts WHERE token = \(bind: token)").first()?.decode(column: "n", as: Int.self)
            }
            #expect(parts == 3)
            #expect(try await store.fileName(token: token, userId: 3) == "osoblje.csv")
            #expect(try await store.copy(token: token, userId: 3, to: folder + "/out.csv"))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/out.csv"))) == bytes)

            // Someone else's token, a malformed one, an hour later: nothing
            #expect(try await store.fileName(token: token, userId: 4) == nil)
            #expect(try await store.copy(token: token, userId: 4, to: folder + "/other.csv") == false)
            #expect(try await store.fileName(token: "ab' OR '1'='1", userId: 3) == nil)
            #expect(try await store.fileName(token: token, userId: 3, now: Date().addingTimeInterval(SQLUploadStore.lifetime + 60)) == nil)

            // A later upload clears expired ones, parts included; remove takes the rest
            let later = String(repeating: "cd", count: 32)
            try await store.keep(token: later, fileName: "b.csv", contentsOf: folder + "/in.csv", userId: 3,
                                 now: Date().addingTimeInterval(SQLUploadStore.lifetime + 60))
            #expect(try await store.fileName(token: token, userId: 3) == nil)
            try await store.remove(token: later)
            let left = try await database.read { sql in
                try await sql.raw("SELECT (SELECT COUNT(*) FROM upload_parts) + (SELECT COUNT(*) FROM uploads) AS n").first()?.decode(column: "n", as: Int.self)
            }
            #expect(left == 0)
        }
    }
}
