import WPSCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small XML tree for the workbook's small parts (workbook, relations, styles, shared strings).
/// Element names are kept without their namespace prefix.
final class XMLTree {
    let name: String
    let attributes: [String: String]
    var children: [XMLTree] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every element named `name` below this one, in document order.
    func all(_ name: String) -> [XMLTree] {
        var found: [XMLTree] = []
        var stack = Array(children.reversed())
        while let node = stack.popLast() {
            if node.name == name { found.append(node) }
            stack.append(contentsOf: node.children.reversed())
        }
        return found
    }

    /// The text a reader sees: `<t>` elements, skipping phonetic runs (`<rPh>`).
    var visibleText: String {
        if name == "t" { return text }
        if name == "rPh" { return "" }
        return children.map(\.visibleText).joined()
    }

    static func parse(_ data: Data, part: String, file: String) throws(XLSXError) -> XMLTree {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw .damaged(file: file, part: part, reason: parser.parserError.map { "\($0.localizedDescription), line \(parser.lineNumber)" } ?? "bad XML")
        }
        return root
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLTree?
    private var stack: [XMLTree] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = XMLTree(name: XMLTree.localName(elementName), attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }
}

/// Reads a worksheet's cells as it streams past: `<row r>`, `<c r t s>`, `<v>`, `<is><t>`, and
/// `<mergeCell ref>`.
final class SheetParser: NSObject, XMLParserDelegate {
    private(set) var rows: [(number: Int, cells: [String])] = []
    private(set) var merged: [String] = []
    private(set) var problem: String?

    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private let uses1904: Bool

    private var rowNumber = 0
    private var cells: [String] = []
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var value = ""
    private var inlineText = ""
    private var collecting: Collecting = .nothing

    private enum Collecting { case nothing, value, inlineText, phonetic }

    init(sharedStrings: [String], dateStyles: Set<Int>, uses1904: Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.uses1904 = uses1904
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch XMLTree.localName(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].flatMap(XLSXCellReference.column(of:)) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            inlineText = ""
        case "v": collecting = .value
        case "t": if collecting != .phonetic { collecting = .inlineText }
        case "rPh": collecting = .phonetic
        case "mergeCell": if let ref = attributes["ref"] { merged.append(ref) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch collecting {
        case .value: value += string
        case .inlineText: inlineText += string
        case .nothing, .phonetic: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch XMLTree.localName(elementName) {
        case "v", "t": if collecting != .phonetic { collecting = .nothing }
        case "rPh": collecting = .nothing
        case "c":
            guard cellColumn >= 0, cellColumn < 16_384 else {
                problem = "row \(rowNumber): a cell lies beyond column XFD"
                parser.abortParsing()
                return
            }
            let text = cellText(parser)
            if cellColumn >= cells.count { cells.append(contentsOf: repeatElement("", count: cellColumn - cells.count + 1)) }
            cells[cellColumn] = text
        case "row":
            if cells.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, cells)) }
        default: break
        }
    }

    private func cellText(_ parser: XMLParser) -> String {
        switch cellType {
        case "s":
            guard let index = Int(value), sharedStrings.indices.contains(index) else {
                problem = "row \(rowNumber), column \(XLSXCellReference.letters(ofColumn: cellColumn)): a shared string that does not exist"
                parser.abortParsing()
                return ""
            }
            return sharedStrings[index]
        case "inlineStr": return inlineText
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "str", "e", "d": return value
        default:
            guard !value.isEmpty, let number = Double(value) else { return value }
            if dateStyles.contains(cellStyle) { return ExcelDate.text(serial: number, uses1904: uses1904) ?? value }
            return ExcelNumber.text(number)
        }
    }
}

/// Excel's serial day numbers.
public enum ExcelDate {
    /// `2024-12-31` (or `2024-12-31 08:30:00` with a time) for a serial day number. The 1900
    /// system counts a 29 February 1900 that never was (serial 60), as Lotus 1-2-3 did.
    public static func text(serial: Double, uses1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        let seconds = Int(((serial - Double(days)) * 86_400).rounded())
        let epoch: Int
        if uses1904 {
            epoch = Day.daysFromCivil(year: 1904, month: 1, day: 1)
        } else {
            if days == 60 { return "1900-02-29" }
            if days < 60 { days += 1 }
            epoch = Day.daysFromCivil(year: 1899, month: 12, day: 30)
        }
        let (year, month, day) = Day.civil(fromDays: epoch + days + seconds / 86_400)
        let date = "\(year)-\(pad(month))-\(pad(day))"
        let time = seconds % 86_400
        return time == 0 ? date : "\(date) \(pad(time / 3600)):\(pad(time / 60 % 60)):\(pad(time % 60))"
    }

    /// The serial day number of a calendar day (1900 system).
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        let days = Day.daysFromCivil(year: year, month: month, day: day) - Day.daysFromCivil(year: 1899, month: 12, day: 30)
        return days <= 60 ? days - 1 : days
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

}

/// Numbers as a person reads them in a cell: 1990, 34.5 (not 1990.0).
public enum ExcelNumber {
    public static func text(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}
