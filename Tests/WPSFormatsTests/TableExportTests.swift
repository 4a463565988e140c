import Foundation
import Testing
import WPSCore
@testable import WPSFormats

@Suite struct TableExportTests {
    @Test func csvKeepsMarkupAsTextAndDefusesFormulas() {
        // Given cells as an imported file could name them
        let cells: [[XLSXCell]] = [
            [.text("Unit"), .text("Total")],
            [.text("=HYPERLINK(\"http://x\",\"y\")"), .number(12)],
            [.text("+1+cmd|' /C calc'!A0"), .number(-3)],
            [.text("<b>\"Štab\"</b>, 1"), .text("@SUM(A1)")],
        ]
        // When they are written as CSV
        let csv = String(decoding: TableExport.csv(cells), as: UTF8.self)
        // Then formulas open as text, numbers stay numbers, and markup is plain quoted text
        #expect(csv == "\u{FEFF}Unit,Total\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",12\r\n'+1+cmd|' /C calc'!A0,-3\r\n\"<b>\"\"Štab\"\"</b>, 1\",'@SUM(A1)\r\n")
    }
}
