import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why an .xlsx file could not be read; every case names the file and, where it can, the part.
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a zip archive, a truncated one, or a zip without a workbook in it.
    case notAWorkbook(file: String, reason: String)
    case noSuchSheet(file: String, sheet: String, available: [String])
    /// A part of the workbook is damaged: bad XML, a failed checksum, an unreadable entry.
    case damaged(file: String, part: String, reason: String)

    public var description: String {
        switch self {
        case .notAWorkbook(let file, let reason): "\(file): this is not an Excel .xlsx workbook (\(reason))"
        case .noSuchSheet(let file, let sheet, let available):
            "\(file): there is no sheet '\(sheet)'; the workbook has \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .damaged(let file, let part, let reason): "\(file): the workbook is damaged in \(part) (\(reason))"
        }
    }
}

/// An .xlsx workbook opened for reading: its sheets by name, shared strings, and which cell
/// styles are dates. Cells are read as text the way a person sees them: numbers without a
/// trailing ".0", dates (1900 and 1904 systems) as YYYY-MM-DD, booleans as TRUE/FALSE.
public struct XLSXWorkbook: Sendable {
    /// Parts larger than this are refused rather than unpacked (a zip bomb guard).
    public static let largestPart: UInt64 = 1 << 30

    public let file: String
    public let sheetNames: [String]
    /// Whether dates count from 1904-01-01 (old Mac Excel) instead of 1900.
    public let uses1904: Bool
    private let sheetParts: [String]
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private let archive: ZipParts

    /// - Throws: ``XLSXError`` when the file is not a readable workbook.
    public init(path: String) throws(XLSXError) {
        let file = URL(fileURLWithPath: path).lastPathComponent
        // A zip archive has at least its 22-byte end record. (Foundation's reader also leaks its
        // 4 KiB buffer on an empty file, which the fuzzer noticed: such files are not read.)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size >= 22 else { throw .notAWorkbook(file: file, reason: "too short for a zip archive") }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw .notAWorkbook(file: file, reason: "the file cannot be read")
        }
        let archive: ZipParts
        do {
            archive = try ZipParts(bytes: Array(contents))
        } catch {
            throw .notAWorkbook(file: file, reason: "not a complete zip archive; it may be truncated or another format")
        }
        guard archive.contains("xl/workbook.xml") else {
            throw .notAWorkbook(file: file, reason: "a zip archive without xl/workbook.xml")
        }
        let workbook = try XMLTree.parse(Self.part("xl/workbook.xml", of: archive, file: file), part: "xl/workbook.xml", file: file)
        var relations: XMLTree?
        if archive.contains("xl/_rels/workbook.xml.rels") {
            relations = try XMLTree.parse(
                Self.part("xl/_rels/workbook.xml.rels", of: archive, file: file), part: "xl/_rels/workbook.xml.rels", file: file)
        }
        var targets: [String: String] = [:]
        for relation in relations?.all("Relationship") ?? [] {
            guard let id = relation.attributes["Id"], let target = relation.attributes["Target"] else { continue }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        var names: [String] = []
        var parts: [String] = []
        for (index, sheet) in workbook.all("sheet").enumerated() {
            let id = sheet.attributes["r:id"] ?? sheet.attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
            names.append(sheet.attributes["name"] ?? "Sheet\(index + 1)")
            parts.append(targets[id] ?? "xl/worksheets/sheet\(index + 1).xml")
        }
        guard !names.isEmpty else { throw .notAWorkbook(file: file, reason: "the workbook has no sheets") }
        let properties = workbook.all("workbookPr").first?.attributes["date1904"]
        self.uses1904 = properties == "1" || properties == "true"
        var strings: [String] = []
        if archive.contains("xl/sharedStrings.xml") {
            let tree = try XMLTree.parse(Self.part("xl/sharedStrings.xml", of: archive, file: file), part: "xl/sharedStrings.xml", file: file)
            strings = tree.children.filter { $0.name == "si" }.map(\.visibleText)
        }
        var dates: Set<Int> = []
        if archive.contains("xl/styles.xml") {
            let styles = try XMLTree.parse(Self.part("xl/styles.xml", of: archive, file: file), part: "xl/styles.xml", file: file)
            var custom: [Int: String] = [:]
            for format in styles.all("numFmt") {
                if let id = format.attributes["numFmtId"].flatMap(Int.init), let code = format.attributes["formatCode"] { custom[id] = code }
            }
            let cellFormats = styles.all("cellXfs").first?.children.filter { $0.name == "xf" } ?? []
            for (index, format) in cellFormats.enumerated() {
                let id = format.attributes["numFmtId"].flatMap(Int.init) ?? 0
                if Self.isDateFormat(id: id, code: custom[id]) { dates.insert(index) }
            }
        }
        self.file = file
        self.archive = archive
        self.sheetNames = names
        self.sheetParts = parts
        self.sharedStrings = strings
        self.dateStyles = dates
    }

    /// Reads a sheet (the first when `name` is nil).
    /// - Throws: ``XLSXError`` when there is no such sheet or it is damaged.
    public func sheet(named name: String? = nil) throws(XLSXError) -> XLSXSheet {
        let index: Int
        if let name {
            guard let found = sheetNames.firstIndex(where: { $0 == name }) else {
                throw .noSuchSheet(file: file, sheet: name, available: sheetNames)
            }
            index = found
        } else {
            index = 0
        }
        let part = sheetParts[index]
        let data = try Self.part(part, of: archive, file: file)
        let parser = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, uses1904: uses1904)
        let xml = XMLParser(data: data)
        xml.delegate = parser
        guard xml.parse(), parser.problem == nil else {
            throw .damaged(file: file, part: part, reason: parser.problem ?? xml.parserError.map { "\($0.localizedDescription), line \(xml.lineNumber)" } ?? "bad XML")
        }
        return XLSXSheet(name: sheetNames[index], rows: parser.rows, mergedRanges: parser.merged)
    }

    static func part(_ path: String, of archive: ZipParts, file: String) throws(XLSXError) -> Data {
        guard let size = archive.uncompressedSize(of: path) else { throw .damaged(file: file, part: path, reason: "the part is missing") }
        guard size <= largestPart else { throw .damaged(file: file, part: path, reason: "the part is larger than 1 GB") }
        do {
            return try archive.data(path)
        } catch {
            switch error {
            case .notAZip(let reason), .damaged(let reason): throw .damaged(file: file, part: path, reason: "it cannot be unpacked: \(reason)")
            }
        }
    }

    /// Built-in date formats (ECMA-376 §18.8.30) and custom codes with day, month, year or time
    /// letters outside quoted text and [colour] sections.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code, !code.isEmpty, code.lowercased() != "general" else { return false }
        var inQuote = false, inBracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[": if !inQuote { inBracket = true }
            case "]": if !inQuote { inBracket = false }
            default:
                if !inQuote, !inBracket, "dmyhsDMYHS".contains(character) { return true }
            }
        }
        return false
    }
}

/// A sheet's rows as text, each with its row number in the sheet (rows with no values are absent).
public struct XLSXSheet: Sendable, Equatable {
    public var name: String
    public var rows: [(number: Int, cells: [String])] { zip(rowNumbers, cellRows).map { ($0, $1) } }
    /// Merged ranges as Excel writes them, e.g. `A1:B1`.
    public var mergedRanges: [String]
    private var rowNumbers: [Int]
    private var cellRows: [[String]]

    public init(name: String, rows: [(number: Int, cells: [String])], mergedRanges: [String]) {
        self.name = name
        self.rowNumbers = rows.map(\.number)
        self.cellRows = rows.map(\.cells)
        self.mergedRanges = mergedRanges
    }

    /// The merged ranges that cover part of row `number` (a merged header cell hides columns).
    public func mergedRanges(inRow number: Int) -> [String] {
        mergedRanges.filter { range in
            let ends = range.split(separator: ":").map { XLSXCellReference.row(of: String($0)) ?? 0 }
            return ends.count == 2 && ends[0] <= number && number <= ends[1]
        }
    }
}

/// A1-style references.
public enum XLSXCellReference {
    /// The 0-based column of `B7` (1), nil when it has no letters.
    public static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 || scalar.value >= 97 && scalar.value <= 122 else { break }
            column = column * 26 + Int((scalar.value & 0xDF) - 64)
            letters += 1
        }
        return letters == 0 ? nil : column - 1
    }

    /// The 1-based row of `B7` (7).
    public static func row(of reference: String) -> Int? {
        Int(String(reference.unicodeScalars.drop { $0.properties.isAlphabetic || $0 == "$" }))
    }

    /// `A`, …, `Z`, `AA`, … for a 0-based column.
    public static func letters(ofColumn column: Int) -> String {
        var number = column + 1
        var text = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + remainder))) + text
            number = (number - 1) / 26
        }
        return text
    }
}
