import Testing
import WPSCore

@Suite struct PersonnelMappingTests {
    @Test(arguments: [
        ("Pol", PersonnelColumn.sex), ("SPOL", .sex), ("Gjinia", .sex), ("пол", .sex),
        ("Čin", .rank), ("Gradë", .rank), ("чин", .rank),
        ("Godina rođenja", .birthYear), ("godina_rodjenja", .birthYear),
        ("Jedinica", .unit), ("person_id", .personId), ("exit_reason", .exitReason),
    ])
    func matchesLocalColumnNames(header: String, column: PersonnelColumn) {
        #expect(PersonnelColumn.matching(header: header) == column)
    }

    @Test func leavesUnknownColumnsUnmatched() {
        #expect(PersonnelColumn.matching(header: "plata") == nil)
    }

    @Test(arguments: ["Ž", "ž", "žensko", "F", "female", "femër", "Ženski", "ж"])
    func readsFemaleInAnySpelling(value: String) {
        #expect(SexValues.parse(value) == .female)
    }

    @Test(arguments: ["M", "muško", "mashkull", "male", "м"])
    func readsMaleInAnySpelling(value: String) {
        #expect(SexValues.parse(value) == .male)
    }

    @Test func neverGuessesAnUnknownSpelling() {
        #expect(SexValues.parse("x") == nil)
        #expect(SexValues.parse("2") == nil)
    }
}

extension PersonnelMappingTests {
    @Test func punctuationIsNotASex() {
        #expect(SexValues.parse("?") == nil)
        #expect(SexValues.parse("Ž.") == .female)
        #expect(SexValues.parse("") == .notRecorded)
    }
}
