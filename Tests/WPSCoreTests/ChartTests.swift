import Testing
@testable import WPSCore

@Suite struct ChartTests {
    /// The progress bar's figures read as a person writes them: whole numbers as they are, others
    /// to one decimal, the sign kept only where something is left after rounding.
    @Test func progressFiguresAreWholeOrOneDecimal() {
        let cases: [(Double, String)] = [(12, "12"), (6.8, "6.8"), (6.84, "6.8"), (6.86, "6.9"), (-0.5, "-0.5"), (0.04, "0.0"), (-0.04, "0.0"),
                                         (99.96, "100.0"), (1_000_000, "1000000"), (0.05, "0.1")]
        for (value, text) in cases { #expect(Chart.oneDecimal(value) == text, "\(value)") }
        let svg = Chart.progress(baseline: 6.8, latest: 7.25, target: 10, percent: true, title: "Žene", id: "p1").markup
        #expect(svg.contains("6.8 % → 7.3 % → 10 %"))
    }

    static let table = DisclosureControl.suppressSmallCells(
        in: CountTable(rows: ["OR-1", "OF-1", "unknown"], columns: ["female", "male"], cells: [[12, 40], [2, 30], [6, 9]]), threshold: 5)

    @Test func pyramidDrawsNoBarForAWithheldFigureAndDescribesItself() {
        // When
        let svg = Chart.pyramid(Self.table, title: "Ranks & sex", description: "OR-1: women 12", women: "Women", men: "Men").markup
        // Then it is an accessible image with the figures shown, and withheld ones only as labels
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"chart-title\">Ranks &amp; sex</title>"))
        #expect(svg.contains("<desc id=\"chart-desc\">OR-1: women 12</desc>"))
        #expect(svg.contains(">12</text>") && svg.contains(">40</text>"))
        #expect(svg.contains(">&lt;5</text>"))
        #expect(!svg.contains(">2</text>"))
        // One bar per shown figure: OR-1 both, OF-1 none for women (withheld), unknown as far as shown
        let bars = svg.components(separatedBy: "<rect class=").count - 1
        let shown = Self.table.cells.joined().compactMap { $0 }.count
        #expect(bars == shown)
        // "unknown" is drawn at the bottom, below the ranks
        let unknown = svg.range(of: ">unknown</text>")
        let firstRank = svg.range(of: ">OF-1</text>")
        #expect(unknown != nil && firstRank != nil)
        if let unknown, let firstRank { #expect(unknown.lowerBound > firstRank.lowerBound) }
    }

    @Test func shareChartLabelsEachShareOrSaysItIsWithheld() {
        let svg = Chart.shareOfWomen(Self.table, title: "Share", description: "d", withheld: "withheld").markup
        #expect(svg.contains(">23.1 %</text>"))
        #expect(svg.contains(">withheld</text>"))
    }
}
