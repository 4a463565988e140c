import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// A table a page shows, described once by its columns, so that the page and its downloads
/// (`?format=csv` and `?format=xlsx` on the page's own address) have the same columns, headed
/// in the reader's language. Text that a spreadsheet would take for a formula is neutralised in
/// the CSV by ``TableExport``; the workbook writes text as inline strings, never as formulas.
struct PageTable<Item> {
    struct Column {
        var title: String
        var numeric = false
        /// What the page shows in the cell.
        var node: (Item) -> Node
        /// What the downloads hold in the cell.
        var value: (Item) -> XLSXCell
        /// Whether the page shows the column (a figure a spreadsheet wants apart may be in the
        /// files only) and whether the files hold it (a button is for the page only).
        var onPage = true
        var inFile = true

        /// Text, the same on the page and in the file.
        static func text(_ title: String, _ text: @escaping (Item) -> String) -> Column {
            Column(title: title, node: { .text(text($0)) }, value: { .text(text($0)) })
        }

        /// A link on the page (with a muted second line when `note` gives one), its text in the file.
        static func link(
            _ title: String, href: @escaping (Item) -> String, _ text: @escaping (Item) -> String, note: ((Item) -> String)? = nil
        ) -> Column {
            Column(
                title: title,
                node: { item in
                    let second = note?(item) ?? ""
                    return .group(.a(.href(href(item)), .text(text(item))), .if(!second.isEmpty, .div(.class("muted"), .text(second))))
                },
                value: { item in
                    let second = note?(item) ?? ""
                    return .text(second.isEmpty ? text(item) : "\(text(item)) (\(second))")
                })
        }

        /// A whole number in the reader's convention on the page, a number in the file; "—" and
        /// an empty cell when there is none.
        static func number(_ title: String, _ t: Catalog, _ number: @escaping (Item) -> Int?) -> Column {
            Column(
                title: title, numeric: true, node: { .text(number($0).map { t.number($0) } ?? "—") },
                value: { number($0).map { .number(Double($0)) } ?? .empty })
        }
    }

    var columns: [Column]
    /// Whether the first column names its row (a header cell for assistive technology).
    var rowHeaders = false
    /// The row's `id` on the page, where other pages link to a row.
    var rowID: ((Item) -> String)? = nil
    /// The table's caption on the page.
    var caption: String? = nil

    /// The table as the page shows it.
    func html(_ items: [Item]) -> Node {
        let columns = columns.filter(\.onPage)
        return .div(.class("scroll"), .table(
            .unwrap(caption) { .caption(.text($0)) },
            .thead(.tr(.forEach(columns) { column in column.numeric ? .th(.class("number"), .text(column.title)) : .th(.text(column.title)) })),
            .tbody(.forEach(items) { item in
                .tr(.unwrap(rowID) { .id($0(item)) }, .forEach(Array(columns.enumerated())) { index, column in
                    if index == 0 && rowHeaders { return .th(.attribute(named: "scope", value: "row"), column.node(item)) }
                    return column.numeric ? .td(.class("number"), column.node(item)) : .td(column.node(item))
                })
            })))
    }

    /// The header and one row per item, as the downloads hold them.
    func cells(_ items: [Item]) -> [[XLSXCell]] {
        let columns = columns.filter(\.inFile)
        return [columns.map { .text($0.title) }] + items.map { item in columns.map { $0.value(item) } }
    }
}

/// The downloads of a page's table: `?format=csv` or `?format=xlsx` on the page's address.
enum PageExport {
    enum Format: String, CaseIterable {
        case csv, xlsx
    }

    /// The most rows a download holds (a list's every page up to this many).
    static let maximumRows = 10_000

    /// The format asked for (the `format` parameter of the page's address); nil for the page itself.
    /// - Throws: ``StoreError/invalid(_:)`` naming `format` when it is neither csv nor xlsx.
    static func format(_ request: Request) throws -> Format? { try format(request.query.get("format")) }

    static func format(_ env: PageEnvironment) throws -> Format? { try format(env.query["format"]) }

    static func format(_ text: String?) throws -> Format? {
        guard let text, !text.isEmpty else { return nil }
        guard let format = Format(rawValue: text) else {
            throw StoreError.invalid([FieldError(field: "format", code: "invalid_value", value: String(text.prefix(20)))])
        }
        return format
    }

    /// The file: UTF-8 CSV with a byte-order mark, or an .xlsx workbook of one sheet.
    static func file(_ cells: [[XLSXCell]], name: String, sheet: String, format: Format) async throws -> HTMLPage {
        switch format {
        case .csv:
            return HTMLPage(file: AnalysisExports.attachment(TableExport.csv(cells), name: "\(name).csv", contentType: "text/csv; charset=utf-8"))
        case .xlsx:
            return HTMLPage(file: try await AnalysisExports.workbook([XLSXSheetContent(name: String(sheet.prefix(31)), rows: cells)], name: name))
        }
    }

    /// A page's several tables: the workbook holds them all, one sheet each; a CSV holds the
    /// one `table` names (the first when it names none).
    /// - Throws: ``StoreError/invalid(_:)`` naming `table` when the page has no such table.
    static func file(_ sheets: [ExportSheet], table: String?, name: String, format: Format) async throws -> HTMLPage {
        switch format {
        case .xlsx:
            return HTMLPage(file: try await AnalysisExports.workbook(sheets.map(\.content), name: name))
        case .csv:
            guard let chosen = table.map({ key in sheets.first { $0.key == key } }) ?? sheets.first else {
                throw StoreError.invalid([FieldError(field: "table", code: "invalid_value", value: String((table ?? "").prefix(40)))])
            }
            return HTMLPage(file: AnalysisExports.attachment(TableExport.csv(chosen.content.rows), name: "\(name)-\(chosen.key).csv", contentType: "text/csv; charset=utf-8"))
        }
    }

    /// The CSV of one of a page's several tables (the workbook button holds them all).
    static func csvLink(_ route: SiteRoute, query: [(String, String)], table: String, t: Catalog) -> Node {
        let kept = query.filter { !$0.1.isEmpty && $0.0 != "format" && $0.0 != "table" }
        return .p(.class("downloads no-print"), .a(.class("button secondary"), .href(route.with(query: kept + [("format", "csv"), ("table", table)])), .text(t("download.csv"))))
    }

    /// Every item of a paged list, page by page, up to ``maximumRows``.
    static func all<Item: Sendable>(_ fetch: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var items: [Item] = []
        var number = 1
        while items.count < maximumRows {
            let page = try await fetch(PageRequest(page: number, perPage: PageRequest.maximumPerPage))
            items += page.items
            guard !page.items.isEmpty, number * PageRequest.maximumPerPage < page.total else { break }
            number += 1
        }
        return Array(items.prefix(maximumRows))
    }

    /// Every item a list's filters find: `query` read page by page, up to ``maximumRows``.
    static func all<Query: PagedQuery, Item: Sendable>(_ query: Query, _ fetch: (Query) async throws -> Page<Item>) async throws -> [Item] {
        try await all { page in
            var every = query
            every.page = page
            return try await fetch(every)
        }
    }

    /// The two download buttons for the page at `route` with the filters in `query`.
    static func links(_ route: SiteRoute, query: [(String, String)], t: Catalog) -> Node {
        let kept = query.filter { !$0.1.isEmpty && $0.0 != "page" && $0.0 != "per_page" && $0.0 != "format" }
        return .p(
            .class("downloads"),
            .a(.class("button secondary"), .href(route.with(query: kept + [("format", "csv")])), .text(t("download.csv"))), .text(" "),
            .a(.class("button secondary"), .href(route.with(query: kept + [("format", "xlsx")])), .text(t("download.xlsx"))))
    }
}

/// One table of a page with several, as a download holds it: `key` names it in `?table=`.
struct ExportSheet {
    var key: String
    var content: XLSXSheetContent
}

/// A list's filters with the page to read; a download reads every page of them.
protocol PagedQuery {
    var page: PageRequest { get set }
}

extension DirectoryQuery: PagedQuery {}
extension ActivityQuery: PagedQuery {}
