import Foundation
import WPSCore

/// A published table as a file: CSV (UTF-8 with BOM, so Excel shows the letters) or .xlsx.
/// Figures withheld by disclosure control are written as readers see them ("<5", "x"), never as
/// numbers.
public enum TableExport {
    /// The table as rows of cells: a header, one row per label with its total and share of
    /// women, and a totals row.
    /// - Parameter label: how a row or column label reads in the reader's language.
    public static func cells(
        _ table: ProtectedTable, rowTitle: String, totalTitle: String, shareTitle: String?, label: (String) -> String = { $0 }
    ) -> [[XLSXCell]] {
        let female = table.columns.firstIndex(of: Sex.female.rawValue)
        var header: [XLSXCell] = [.text(rowTitle)] + table.columns.map { .text(label($0)) } + [.text(totalTitle)]
        if let shareTitle, female != nil { header.append(.text(shareTitle)) }
        var rows = [header]
        for (r, name) in table.rows.enumerated() {
            var row: [XLSXCell] = [.text(label(name))]
            for c in table.columns.indices {
                row.append(table.cells[r][c].map { .number(Double($0)) } ?? .text(table.label(r, c)))
            }
            row.append(table.rowTotals[r].map { .number(Double($0)) } ?? .text("x"))
            if shareTitle != nil, let female {
                row.append(table.percentOfRow(r, female).map { .number(($0 * 10).rounded() / 10) } ?? .text("x"))
            }
            rows.append(row)
        }
        var totals: [XLSXCell] = [.text(totalTitle)] + table.columnTotals.map { $0.map { .number(Double($0)) } ?? .text("x") }
        totals.append(table.total.map { .number(Double($0)) } ?? .text("x"))
        // The page leaves the total row's share empty; the file keeps every row as wide
        if shareTitle != nil, female != nil { totals.append(.empty) }
        rows.append(totals)
        return rows
    }

    /// The cells as CSV bytes: UTF-8 with a byte-order mark (unless `byteOrderMark` is false, for
    /// machine readers), `,`-separated, CRLF.
    public static func csv(_ cells: [[XLSXCell]], byteOrderMark: Bool = true) -> Data {
        var text = byteOrderMark ? "\u{FEFF}" : ""
        for row in cells {
            text += row.map { cell -> String in
                let value: String
                switch cell {
                case .text(let string): value = neutralised(string)
                case .number(let number): value = ExcelNumber.text(number)
                case .empty: value = ""
                }
                guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",")
            text += "\r\n"
        }
        return Data(text.utf8)
    }

    /// Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
    /// return before one) gets a leading apostrophe, so a unit named `=HYPERLINK(…)` in an
    /// imported file opens as text. Numbers are written as numbers and never changed.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
