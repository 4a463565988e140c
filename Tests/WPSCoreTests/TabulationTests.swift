import Testing
import WPSCore

@Suite struct TabulationTests {
    @Test func countsEqualAnIndependentCountAndKeepUnknownsApart() {
        // Given records made from a seeded generator
        var generator = SeededGenerator(seed: 1325)
        let codes = ["OR-4", "OR-6", "OF-1", "OF-2", "OF-3", "OF-4", "OF-10"]
        let records = (0..<5000).map { _ in
            PersonnelRecord(
                sex: Int.random(in: 0..<10, using: &generator) < 2 ? .female : .male,
                birthYear: Int.random(in: 0..<50, using: &generator) == 0 ? nil : Int.random(in: 1960...2005, using: &generator),
                natoCode: Int.random(in: 0..<40, using: &generator) == 0 ? nil : codes.randomElement(using: &generator))
        }
        // When
        let table = Tabulation.table(records, rows: .natoCode, columns: .sex, referenceYear: 2024)
        // Then every cell equals a plain count of the records
        for (r, row) in table.rows.enumerated() {
            for (c, column) in table.columns.enumerated() {
                let expected = records.filter { ($0.natoCode ?? "unknown") == row && $0.sex.rawValue == column }.count
                #expect(table.cells[r][c] == expected, "\(row) × \(column)")
            }
        }
        #expect(table.total == 5000)
        #expect(table.rows == ["OR-4", "OR-6", "OF-1", "OF-2", "OF-3", "OF-4", "OF-10", "unknown"])
        #expect(table.columns == ["female", "male"])
    }

    @Test func agesFallIntoConfiguredBands() {
        let bands = AgeBands([18, 30, 40])
        #expect(bands.band(of: 17) == nil)
        #expect(bands.band(of: 18) == "18–29")
        #expect(bands.band(of: 39) == "30–39")
        #expect(bands.band(of: 61) == "40+")
        let records = [PersonnelRecord(sex: .female, birthYear: 2000), PersonnelRecord(sex: .male, birthYear: 1980), PersonnelRecord(sex: .female)]
        let table = Tabulation.table(records, rows: .ageBand(bands), columns: .sex, referenceYear: 2024)
        #expect(table.rows == ["18–29", "40+", "unknown"])
        #expect(table.cells == [[1, 0], [0, 1], [1, 0]])
    }
}
