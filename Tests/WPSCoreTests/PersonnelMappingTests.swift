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

extension PersonnelMappingTests {
    @Test func readsDatesAsTheRegionAndExcelWriteThem() throws {
        var reader = try PersonnelImport(file: "f", header: ["spol", "čin", "datum prijema"], country: "BA", referenceYear: 2024, ranks: [])
        for (text, expected) in [("31.12.2020.", "2020-12-31"), ("1/2/2019", "2019-02-01"), ("2020-01-15 08:30:00", "2020-01-15"), ("2020-01-15", "2020-01-15")] {
            let row = try reader.read(["Ž", "OR-4", text], line: 2).get()
            #expect(row.entryDate?.description == expected, "\(text)")
        }
        guard case .failure(let failure) = reader.read(["Ž", "OR-4", "2020-13-01 08:00"], line: 3) else {
            Issue.record("a month 13 must be refused")
            return
        }
        #expect(failure.problems.map(\.rule) == ["bad_date"])
    }
}

extension PersonnelMappingTests {
    @Test func mappingsAreReadAsPeopleTypeThemAndWrongOnesNamed() throws {
        var mapping = ImportMapping()
        try mapping.add("rank:General Armije=of-9")
        try mapping.add("column:Zvanje osobe=rank")
        try mapping.add("position_level:Komandir=decision_making")
        #expect(mapping.values["rank"] == ["general armije": "OF-9"])
        #expect(mapping.columns == ["zvanje osobe": "rank"])
        for (text, code) in [("rank:x=OF-11", "unknown_nato_code"), ("sex:x=woman", "unknown_sex"), ("salary:x=1", "unknown_kind"),
                             ("column:x=salary", "unknown_column"), ("rank general=OF-1", "expected_kind_value_meaning"), ("rank:=OF-1", "empty_value")] {
            #expect(throws: FieldError.self) { try mapping.add(text) }
            do { try mapping.add(text) } catch { #expect(error.code == code, "\(text)") }
        }
    }
}

extension PersonnelMappingTests {
    /// What a spelling means is kept per column: the same bytes are a year in one column, text in
    /// another and a problem in a third, however often and in whatever order they come.
    @Test func theSameSpellingMeansWhatItsColumnSays() throws {
        var reader = try PersonnelImport(
            file: "f", header: ["sex", "birth_year", "unit", "service", "rank"], country: "BA", referenceYear: 2024, ranks: [])
        for _ in 0..<2 {
            let first = try reader.read(["Ž", "1990", "1990", "Ž", "OF-2"], line: 2).get()
            #expect(first.record.sex == .female && first.record.birthYear == 1990)
            #expect(first.record.unit == "1990" && first.record.service == "Ž" && first.record.natoCode == "OF-2")
            let second = try reader.read(["M", "1975", "Ž", "1990", "OF-2"], line: 3).get()
            #expect(second.record.sex == .male && second.record.birthYear == 1975)
            #expect(second.record.unit == "Ž" && second.record.service == "1990" && second.record.natoCode == "OF-2")
            guard case .failure(let failure) = reader.read(["1990", "Ž", "OF-2", "M", "1990"], line: 4) else {
                Issue.record("\"Ž\" is no year and \"1990\" no sex")
                return
            }
            #expect(Set(failure.problems.map { "\($0.column) \($0.value): \($0.rule)" })
                == ["sex 1990: unknown_sex", "birth_year Ž: bad_year", "rank 1990: unknown_rank"], "\(failure.problems)")
        }
    }
}
