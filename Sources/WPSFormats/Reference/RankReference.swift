import Foundation
import WPSCore

/// The national-rank-to-NATO-code table the product ships (shared/reference/nato-ranks.csv),
/// the seed of the editable rank table.
public enum RankReference {
    /// Every mapping in the shipped file.
    /// - Throws: ``CSVError`` if the shipped file cannot be read.
    public static func load() throws -> [RankMapping] {
        guard let url = Bundle.module.url(forResource: "nato-ranks", withExtension: "csv", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "nato-ranks", withExtension: "csv"),
            let data = try? Data(contentsOf: url)
        else { throw CSVError.cannotOpen(file: "nato-ranks.csv", reason: "not shipped with this build") }
        return try parse(Array(data), name: "nato-ranks.csv")
    }

    /// Reads the reference format: `#` comment lines, then `country,national_rank,nato_code,category,confidence`.
    public static func parse(_ bytes: [UInt8], name: String) throws -> [RankMapping] {
        let text = String(decoding: bytes, as: UTF8.self)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let reader = try CSVReader(bytes: Array(body.utf8), name: name, options: CSVOptions(separator: UInt8(ascii: ","), encoding: .utf8))
        guard let header = try reader.next(), header == ["country", "national_rank", "nato_code", "category", "confidence"] else {
            throw CSVError.cannotOpen(file: name, reason: "the header must be country,national_rank,nato_code,category,confidence")
        }
        var mappings: [RankMapping] = []
        while let row = try reader.next() {
            guard row.count == 5, let category = PersonnelCategory(rawValue: row[3]) else {
                throw CSVError.cannotOpen(file: name, reason: "line \(reader.line) is not country,national_rank,nato_code,category,confidence")
            }
            mappings.append(RankMapping(country: row[0], nationalRank: row[1], natoCode: row[2], category: category, confidence: row[4]))
        }
        return mappings
    }
}
