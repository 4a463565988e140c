import Foundation
import WPSCore

/// Why a table file (CSV or .xlsx) could not be read.
public enum TableFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case csv(CSVError)
    case xlsx(XLSXError)

    public var description: String {
        switch self {
        case .csv(let error): error.description
        case .xlsx(let error): error.description
        }
    }
}

/// Rows of a CSV file or of one sheet of an .xlsx workbook, one at a time, each with the line
/// (CSV) or row number (sheet) a person finds it at.
public final class TableFile {
    public let file: String
    /// The line or row number of the last row returned.
    public private(set) var line = 0
    /// What a person should know about how the file was read (encoding, sheet, merged cells).
    public let notes: [String]
    private var source: Source

    private enum Source {
        case csv(CSVReader)
        case sheet(rows: [(number: Int, cells: [String])], next: Int)
    }

    /// Opens `path` as .xlsx when it is a zip archive (or named .xlsx), as CSV otherwise.
    /// - Parameters:
    ///   - encoding: forces a CSV file's encoding (detected when nil).
    ///   - sheet: the sheet of a workbook to read (the first when nil).
    /// - Throws: ``TableFileError`` when the file cannot be read.
    public init(path: String, encoding: TextEncoding? = nil, sheet: String? = nil) throws(TableFileError) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        file = name
        if Self.isZip(path) || path.lowercased().hasSuffix(".xlsx") {
            do {
                let workbook = try XLSXWorkbook(path: path)
                let content = try workbook.sheet(named: sheet)
                var notes = ["sheet '\(content.name)' of \(workbook.sheetNames.count)"]
                if let header = content.rows.first {
                    let merged = content.mergedRanges(inRow: header.number)
                    if !merged.isEmpty {
                        notes.append("merged header cells \(merged.joined(separator: ", ")): only the first column of each has a name")
                    }
                }
                self.notes = notes
                source = .sheet(rows: content.rows, next: 0)
            } catch {
                throw .xlsx(error)
            }
        } else {
            do {
                let reader = try CSVReader(path: path, options: CSVOptions(encoding: encoding))
                notes = ["\(reader.encoding), separator '\(reader.separator == 9 ? "tab" : String(UnicodeScalar(reader.separator)))'"]
                source = .csv(reader)
            } catch {
                throw .csv(error)
            }
        }
    }

    /// The next row's cells, or nil at the end.
    /// - Throws: ``TableFileError`` with the row and column of the problem.
    public func next() throws(TableFileError) -> [String]? {
        // A sheet's row is already text: handed over as it is, not through bytes and back
        if case .sheet = source { return try nextSheetRow() }
        var cells: [String]?
        guard try nextRecord({ cells = $0.texts }) else { return nil }
        return cells
    }

    /// Calls `body` with the next row's cells as bytes; false at the end. ``line`` is the row's
    /// line while `body` runs.
    /// - Throws: ``TableFileError`` with the row and column of the problem.
    public func nextRecord(_ body: (RawRecord) -> Void) throws(TableFileError) -> Bool {
        switch source {
        case .csv(let reader):
            do {
                return try reader.nextRecord { record in
                    line = reader.line
                    body(record)
                }
            } catch {
                throw .csv(error)
            }
        case .sheet:
            guard let cells = try nextSheetRow() else { return false }
            RawRecord.withTexts(cells, body)
            return true
        }
    }

    /// The next row of a sheet that has a non-empty cell, within a CSV file's bounds; nil at the end.
    private func nextSheetRow() throws(TableFileError) -> [String]? {
        guard case .sheet(let rows, let next) = source else { return nil }
        // Rows with only empty cells are skipped, as blank CSV lines are.
        var index = next
        while index < rows.count, rows[index].cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { index += 1 }
        guard index < rows.count else { return nil }
        source = .sheet(rows: rows, next: index + 1)
        line = rows[index].number
        // The same bounds as a CSV file's (a crafted workbook can hold far more than Excel writes).
        let cells = rows[index].cells
        if cells.count > CSVReader.maximumColumns {
            throw .csv(.tooManyColumns(file: file, row: line, limit: CSVReader.maximumColumns))
        }
        if let column = cells.firstIndex(where: { $0.utf8.count > CSVReader.maximumFieldBytes }) {
            throw .csv(.valueTooLong(file: file, row: line, column: column + 1, limit: CSVReader.maximumFieldBytes))
        }
        return cells
    }

    static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 4)) ?? Data()
        return start == Data([0x50, 0x4B, 0x03, 0x04])
    }
}

extension TableFile {
    /// Why a whole table could not be read: the file itself, or more rows than a form takes.
    public enum ReadFailure: Error, Sendable {
        case file(TableFileError)
        case problems(ImportFailure)
    }

    /// Every row of a CSV or workbook sheet with the line it was on, at most `maximumRows`
    /// (past that, one `too_many_rows` problem names the line): what the importers of small
    /// tables (sign-in sheets, plan matrices) read before they check anything.
    /// - Parameter name: the file's name as the user knows it, for the problems.
    public static func rows(path: String, sheet: String?, name: String?, maximumRows: Int) throws(ReadFailure)
        -> (file: String, rows: [[String]], lines: [Int])
    {
        let file: TableFile
        do {
            file = try TableFile(path: path, sheet: sheet)
        } catch {
            throw .file(error)
        }
        let fileName = name ?? file.file
        var rows: [[String]] = []
        var lines: [Int] = []
        while true {
            let row: [String]?
            do {
                row = try file.next()
            } catch {
                throw .file(error)
            }
            guard let row else { break }
            rows.append(row)
            lines.append(file.line)
            if rows.count > maximumRows {
                throw .problems(ImportFailure(
                    problems: [ImportProblem(file: fileName, row: file.line, column: "", value: "", rule: "too_many_rows")],
                    counts: ["too_many_rows": 1]))
            }
        }
        return (fileName, rows, lines)
    }
}
