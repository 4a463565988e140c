/// The columns of person-level personnel data (DESIGN §2.4).
public enum PersonnelColumn: String, Sendable, CaseIterable, Codable {
    case personId = "person_id"
    case sex
    case birthYear = "birth_year"
    case age
    case rank
    case category
    case service
    case unit
    case positionLevel = "position_level"
    case entryDate = "entry_date"
    case exitDate = "exit_date"
    case exitReason = "exit_reason"
    case deployedAbroad = "deployed_abroad"

    /// Header names met in the region's files, compared after ``TextFolding/fold(_:)``
    /// (so "Čin", "ČIN" and "чин" are one name).
    static let names: [PersonnelColumn: [String]] = [
        .personId: ["person_id", "id", "redni broj", "rb", "r.b.", "evidencijski broj", "maticni broj", "jmbg", "personal number", "nr"],
        .sex: ["sex", "gender", "pol", "spol", "gjinia", "gjini", "пол", "rod"],
        .birthYear: ["birth_year", "year of birth", "godina rodenja", "godiste", "viti i lindjes", "година на раѓање", "година рођења"],
        .age: ["age", "starost", "godine", "mosha", "возраст", "старост"],
        .rank: ["rank", "cin", "zvanje", "grada", "grade", "чин", "звање"],
        .category: ["category", "kategorija", "kategoria", "категорија"],
        .service: ["service", "vid", "rod vojske", "sluzba", "sherbimi", "вид"],
        .unit: ["unit", "jedinica", "postrojba", "njesia", "единица", "јединица"],
        .positionLevel: ["position_level", "position level", "nivo pozicije", "razina polozaja", "rukovodeca pozicija", "decision making"],
        .entryDate: ["entry_date", "entry date", "datum prijema", "datum stupanja", "data e pranimit"],
        .exitDate: ["exit_date", "exit date", "datum odlaska", "datum prestanka", "data e largimit"],
        .exitReason: ["exit_reason", "exit reason", "razlog odlaska", "razlog prestanka", "arsyeja e largimit"],
        .deployedAbroad: ["deployed_abroad", "deployed", "misija", "mirovna misija", "deployment", "upucen u inostranstvo"],
    ]

    /// The column a file's header names, or nil when it is not one we know.
    public static func matching(header: String) -> PersonnelColumn? {
        let folded = TextFolding.fold(header).replacingOccurrences(of: "_", with: " ")
        for column in allCases {
            for name in names[column] ?? [] where TextFolding.fold(name).replacingOccurrences(of: "_", with: " ") == folded {
                return column
            }
        }
        return nil
    }
}

/// Maps the values people write for sex onto ``Sex``; unknown spellings are reported, never guessed.
public enum SexValues {
    static let spellings: [Sex: [String]] = [
        .female: ["f", "female", "woman", "women", "z", "zensko", "zenski", "zena", "femer", "femre", "grua", "ж", "женски", "жена", "w"],
        .male: ["m", "male", "man", "men", "musko", "muski", "muskarac", "mashkull", "meshkuj", "м", "машки", "мушки", "маж"],
        .notRecorded: ["", "-", "n/a", "na", "nepoznato", "unknown", "i panjohur"],
    ]

    /// Every spelling, folded, with the sex it means.
    static let byFoldedSpelling: [String: Sex] = {
        var map: [String: Sex] = [:]
        for (sex, names) in spellings {
            for name in names { map[TextFolding.fold(name)] = sex }
        }
        return map
    }()

    /// The sex a value means, or nil when the spelling is unknown.
    public static func parse(_ value: String) -> Sex? {
        // "Ž." and "M." are common abbreviations; other punctuation ("?") is not a sex.
        let folded = TextFolding.fold(value).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return byFoldedSpelling[folded]
    }
}

import Foundation
