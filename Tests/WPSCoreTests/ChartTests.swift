import Testing
import WPSCore

@Suite struct ChartTests {
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
