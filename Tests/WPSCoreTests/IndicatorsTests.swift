import Testing
import WPSCore

@Suite struct IndicatorsTests {
    static let byRank = CountTable(
        rows: ["OR-4", "OF-1", "OF-5", "OF-6"], columns: ["female", "male"], cells: [[30, 170], [20, 80], [10, 40], [5, 45]])
    static let byPost = CountTable(rows: ["decision_making", "other"], columns: ["female", "male"], cells: [[6, 54], [59, 281]])

    @Test func exactIndicatorsFollowTheirDefinitions() throws {
        // Given exact tables (an analyst's: a threshold of 1 withholds nothing)
        let rank = DisclosureControl.suppressSmallCells(in: Self.byRank, threshold: 1)
        let post = DisclosureControl.suppressSmallCells(in: Self.byPost, threshold: 1)
        // When
        let r = Indicators.representation(byRank: rank, byPost: post)
        // Then: 65 women of 400; 15 of 100 senior officers; 6 of 60 decision-making posts
        #expect(r.women == 65 && r.total == 400)
        #expect(r.shareOfWomen == 16.25)
        #expect(r.shareInSeniorPosts == 15)
        #expect(r.shareInDecisionMaking == 10)
        let index = try #require(r.glassCeilingIndex)
        #expect(abs(index - 16.25 / 15) < 1e-9)
    }

    @Test func anIndicatorRestingOnAWithheldFigureIsWithheld() {
        // Given published tables where 4 women at OF-6 are withheld
        let rank = DisclosureControl.suppressSmallCells(
            in: CountTable(rows: ["OR-4", "OF-5", "OF-6"], columns: ["female", "male"], cells: [[30, 170], [10, 40], [4, 46]]), threshold: 5)
        let post = DisclosureControl.suppressSmallCells(in: Self.byPost, threshold: 5)
        // When
        let r = Indicators.representation(byRank: rank, byPost: post)
        // Then the senior share and the index are withheld, the others are not
        #expect(rank.cells[2][0] == nil)
        #expect(r.shareInSeniorPosts == nil)
        #expect(r.glassCeilingIndex == nil)
        #expect(r.shareInDecisionMaking == 10)
    }

    @Test func noWomenAtTheTopGivesNoIndexRatherThanInfinity() {
        #expect(Indicators.glassCeilingIndex(overall: 12, senior: 0) == nil)
        #expect(Indicators.glassCeilingIndex(overall: 12, senior: 6) == 2)
    }

    @Test func ratesAreSharesOfTheHeadcountOfEachSex() {
        let rank = DisclosureControl.suppressSmallCells(in: Self.byRank, threshold: 1)
        let movements = DisclosureControl.suppressSmallCells(
            in: CountTable(rows: ["entered", "left"], columns: ["female", "male"], cells: [[13, 67], [8, 33]]), threshold: 5)
        let rates = Indicators.rates(movements, byRank: rank)
        #expect(rates.map(\.sex) == ["female", "male"])
        #expect(rates[0].recruitment == 20)
        #expect(rates[0].attrition == 8 * 100 / 65.0)
        #expect(rates[1].recruitment == 20)
        // Two women leaving is a small count: withheld, and so is every rate it could be worked out from
        let small = DisclosureControl.suppressSmallCells(
            in: CountTable(rows: ["entered", "left"], columns: ["female", "male"], cells: [[13, 67], [2, 33]]), threshold: 5)
        let withheld = Indicators.rates(small, byRank: rank)
        #expect(withheld[0].attrition == nil)
        #expect(withheld.allSatisfy { $0.recruitment == nil || small.cells[0].allSatisfy { $0 != nil } })
    }

    @Test func trendChartBreaksALineAtAWithheldValue() {
        let svg = Chart.trend(
            labels: ["2022", "2023", "2024"], lines: [Chart.Line(name: "Women", values: [13.1, nil, 12.8])], title: "T", description: "D").markup
        #expect(svg.contains("<title id=\"trend-title\">T</title>"))
        #expect(!svg.contains("<polyline"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
        #expect(svg.contains(">13.1</text>") && svg.contains(">12.8</text>"))
    }
}
