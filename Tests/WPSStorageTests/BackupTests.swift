import Foundation
import Logging
import Testing
import WPSCore
import WPSStorage

@Suite struct BackupTests {
    @Test func backupWhileOpenAndRestoreRoundTrip() async throws {
        let logger = Logger(label: "test")
        let (location, cleanup) = try await TestDatabase.make(.sqlite)
        guard case .sqlite(let path) = location else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // Given a database with a record, open in this process (as a running server has it)
        let database = try await WPSDatabase.open(location, logger: logger)
        try await Migrator.migrate(database, logger: logger)
        try await Seeder.seedReferenceData(database)
        let store = SQLDirectoryStore(database: database)
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        _ = try await store.createInstitution(
            InstitutionFields(name: "Žene ženama", kind: .cso, country: "BA", level: "state"), viewer: admin, by: .system("test"))
        // When it is backed up, changed, and restored
        let backup = folder + "/backup.sqlite"
        _ = try await DatabaseBackup.backup(location, to: backup, logger: logger)
        await #expect(throws: BackupError.self) { _ = try await DatabaseBackup.backup(location, to: backup, logger: logger) }
        _ = try await store.createInstitution(
            InstitutionFields(name: "Added after the backup", kind: .cso, country: "BA", level: "state"), viewer: admin, by: .system("test"))
        await database.close()
        _ = try await DatabaseBackup.restore(location, from: backup, logger: logger)
        // Then the restored database has what the backup had, and the previous one is kept
        let restored = try await WPSDatabase.open(location, logger: logger)
        let names = try await SQLDirectoryStore(database: restored).institutions(DirectoryQuery(), viewer: admin).items.map(\.fields.name)
        await restored.close()
        #expect(names == ["Žene ženama"])
        #expect(FileManager.default.fileExists(atPath: path + ".before-restore"))
        // A file that is not a backup changes nothing
        let junk = folder + "/junk.txt"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        await #expect(throws: BackupError.self) { _ = try await DatabaseBackup.restore(location, from: junk, logger: logger) }
        try await cleanup()
    }
}
