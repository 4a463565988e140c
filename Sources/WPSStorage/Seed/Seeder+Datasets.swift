import Foundation
import Logging
import WPSCore
import WPSFormats

extension Seeder {
    /// The demo's personnel data: one public dataset per country whose ministry of defence (or,
    /// failing that, armed forces) is in the directory, plus two earlier yearly snapshots of Bosnia and
    /// Herzegovina's (or the first country's), so that trends have a series. Files are generated (deterministic, see
    /// ``PersonnelGenerator``) and imported through the same importer as a user's file. Does
    /// nothing when the database already holds a dataset.
    /// - Returns: the number of datasets loaded.
    public static func loadDemoDatasets(_ database: WPSDatabase, people: Int = 2_000, logger: Logger) async throws -> Int {
        let existing = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM datasets").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard existing == 0 else { return 0 }
        let owners = try await database.read { sql in
            try await sql.raw("""
                SELECT id, country_code, kind FROM institutions
                WHERE kind IN ('ministry_of_defence', 'armed_forces') AND deleted_at IS NULL
                ORDER BY CASE WHEN country_code = 'BA' THEN 0 ELSE 1 END, country_code, kind DESC, id
                """).all().map { row in
                (id: try row.decode(column: "id", as: Int.self), country: try row.decode(column: "country_code", as: String.self))
            }
        }
        var ownerByCountry: [(country: String, id: Int)] = []
        for owner in owners where !ownerByCountry.contains(where: { $0.country == owner.country }) {
            ownerByCountry.append((owner.country, owner.id))
        }
        let ranks = try RankReference.load()
        let tableRanks = try await SQLRankStore(database: database).ranks(country: nil)
        let importer = PersonnelImporter(database: database)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wps-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var loaded = 0
        for (index, owner) in ownerByCountry.enumerated() {
            let years = index == 0 ? [2022, 2023, 2024] : [2024]
            for year in years {
                let path = folder.appendingPathComponent("\(owner.country)-\(year).csv").path
                var generator = PersonnelGenerator(country: owner.country, seed: UInt64(1325 + year), year: year, ranks: ranks)
                let writer = try CSVWriter(path: path, encoding: .utf8, separator: UInt8(ascii: ";"))
                try writer.write(PersonnelGenerator.header)
                // A force that grows a little each year.
                // Each year's people are generated anew, so their ids must not match across years (a
                // match would count as the same person, promoted or not).
                for _ in 0..<(people + (year - 2022) * people / 20) {
                    var row = generator.nextRow()
                    row[0] = "\(owner.country)\(year)-\(row[0])"
                    try writer.write(row)
                }
                writer.close()
                _ = try await importer.run(
                    .init(path: path, institutionId: owner.id, referenceDate: Day("\(year)-12-31") ?? .epoch,
                          series: "\(owner.country) armed forces (demo)", visibility: .public),
                    ranks: tableRanks, by: .system("demo data"))
                loaded += 1
            }
        }
        logger.info("demo datasets loaded", metadata: ["datasets": "\(loaded)"])
        return loaded
    }
}
