import Foundation
import Logging
import SQLKit
import Testing
import WPSCore
@testable import WPSStorage

/// Migration 0023 rebuilds the attachments' tables to take activities as owners: the files a
/// database already held keep their ids and bytes, and the next file gets the next id.
@Suite struct AttachmentMigrationTests {
    @Test(arguments: TestDatabase.engines)
    func filesKeptBeforeSurviveAndNewIdsFollowTheLargest(engine: WPSDatabase.Engine) async throws {
        let logger = Logger(label: "wps.test")
        let (location, cleanup) = try await TestDatabase.make(engine)
        let database = try await WPSDatabase.open(location, logger: logger)
        defer { Task { await database.close(); try? await cleanup() } }
        // Given a database of the previous version holding a file of two parts with id 41
        try await Migrator.migrate(database, logger: logger, through: "0022_project_results")
        try await database.transaction { sql in
            try await sql.raw("""
                INSERT INTO attachments (id, owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by)
                VALUES (41, 'report', 7, 'aneks.pdf', 'pdf', 'application/pdf', 10, 'abc', '2026-11-01T00:00:00Z', 'test')
                """).run()
            for (part, text) in [(0, "%PDF-"), (1, "1.7 x")] {
                try await sql.raw("INSERT INTO attachment_parts (attachment_id, part, content) VALUES (41, \(bind: part), \(bind: Data(text.utf8)))").run()
            }
        }
        // When the new version migrates it
        try await Migrator.migrate(database, logger: logger)
        // Then the file is there with its parts, an activity may own a file, and new ids follow 41
        let (kept, parts, next) = try await database.transaction { sql in
            let kept = try await sql.raw("SELECT file_name FROM attachments WHERE id = 41").first()?.decode(column: "file_name", as: String.self)
            let parts = try await sql.raw("SELECT COUNT(*) AS n FROM attachment_parts WHERE attachment_id = 41").first()?.decode(column: "n", as: Int.self)
            let next = try await sql.raw("""
                INSERT INTO attachments (owner_kind, owner_id, file_name, kind, content_type, size, sha256, created_at, created_by)
                VALUES ('activity', 3, 'dnevni-red.pdf', 'pdf', 'application/pdf', 5, 'def', '2026-11-27T00:00:00Z', 'test') RETURNING id
                """).first()?.decode(column: "id", as: Int.self)
            return (kept, parts, next)
        }
        #expect(kept == "aneks.pdf" && parts == 2)
        #expect(next == 42)
        // Removing a file still removes its parts
        try await database.transaction { sql in try await sql.raw("DELETE FROM attachments WHERE id = 41").run() }
        let left = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM attachment_parts WHERE attachment_id = 41").first()?.decode(column: "n", as: Int.self)
        }
        #expect(left == 0, "the parts go with their file")
    }
}
