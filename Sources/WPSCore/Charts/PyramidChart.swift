import Foundation

/// SVG charts made on the server from a table that has already passed disclosure control, so a
/// chart can never show more than its table. Each chart has a title and a description for screen
/// readers (`role="img"`, `<title>`, `<desc>`), uses text and patterns besides colour, and keeps
/// to plain shapes that print well in black and white.
public enum Chart {
    /// A population pyramid: one row per label (age band or NATO code), women to the left and men
    /// to the right, the first row at the bottom. A withheld figure draws no bar and is labelled
    /// as the table labels it.
    /// "unknown" is drawn below the first row, apart from the order of ranks or ages.
    public static func pyramid(
        _ table: ProtectedTable, title: String, description: String, women: String, men: String, label: (String) -> String = { $0 }
    ) -> SVGMarkup {
        let female = table.columns.firstIndex(of: Sex.female.rawValue)
        let male = table.columns.firstIndex(of: Sex.male.rawValue)
        var order = Array(table.rows.indices)
        if let unknown = table.rows.firstIndex(of: AnalysisDimension.unknown) {
            order.removeAll { $0 == unknown }
            order.insert(unknown, at: 0)
        }
        let values = order.map { r in
            (label: label(table.rows[r]), women: female.map { table.cells[r][$0] } ?? 0, men: male.map { table.cells[r][$0] } ?? 0,
             womenHidden: female.map { table.label(r, $0) } ?? "", menHidden: male.map { table.label(r, $0) } ?? "")
        }
        let largest = max(1, values.map { max($0.women ?? 0, $0.men ?? 0) }.max() ?? 1)
        let rowHeight = 22, labelWidth = 90, half = 260, top = 44
        let width = labelWidth + 2 * half + 20
        let height = top + values.count * rowHeight + 30
        let centre = labelWidth + half
        var svg = header(width: width, height: height, title: title, description: description)
        svg += text(x: centre - 8, y: 34, anchor: "end", women, weight: "bold")
        svg += text(x: centre + 8, y: 34, anchor: "start", men, weight: "bold")
        for (index, value) in values.reversed().enumerated() {
            let y = top + index * rowHeight
            svg += text(x: labelWidth - 6, y: y + 15, anchor: "end", value.label)
            if let count = value.women {
                let length = Double(half - 40) * Double(count) / Double(largest)
                svg += "<rect class=\"women\" fill=\"#6a3d9a\" x=\"\(format(Double(centre) - length))\" y=\"\(y + 3)\" width=\"\(format(length))\" height=\"\(rowHeight - 6)\"/>"
                svg += text(x: Int(Double(centre) - length) - 4, y: y + 15, anchor: "end", String(count))
            } else {
                svg += text(x: centre - 4, y: y + 15, anchor: "end", value.womenHidden)
            }
            if let count = value.men {
                let length = Double(half - 40) * Double(count) / Double(largest)
                svg += "<rect class=\"men\" fill=\"url(#chart-hatch)\" x=\"\(centre)\" y=\"\(y + 3)\" width=\"\(format(length))\" height=\"\(rowHeight - 6)\"/>"
                svg += text(x: centre + Int(length) + 4, y: y + 15, anchor: "start", String(count))
            } else {
                svg += text(x: centre + 4, y: y + 15, anchor: "start", value.menHidden)
            }
        }
        svg += "<line x1=\"\(centre)\" y1=\"\(top)\" x2=\"\(centre)\" y2=\"\(top + values.count * rowHeight)\" stroke=\"#222\"/>"
        return SVGMarkup(svg + "</svg>")
    }

    /// Horizontal bars of the share of women in each row (0–100 %), labelled with the figure; a
    /// share resting on a withheld count is not drawn and says so.
    public static func shareOfWomen(
        _ table: ProtectedTable, title: String, description: String, withheld: String, label: (String) -> String = { $0 },
        percent: (Double) -> String = { String(format: "%.1f %%", $0) }
    ) -> SVGMarkup {
        guard let female = table.columns.firstIndex(of: Sex.female.rawValue) else {
            return SVGMarkup(header(width: 400, height: 60, title: title, description: description) + text(x: 10, y: 40, anchor: "start", withheld) + "</svg>")
        }
        let rowHeight = 22, labelWidth = 160, barWidth = 360, top = 20
        let width = labelWidth + barWidth + 70
        let height = top + table.rows.count * rowHeight + 30
        var svg = header(width: width, height: height, title: title, description: description)
        for (r, name) in table.rows.enumerated() {
            let y = top + r * rowHeight
            svg += text(x: labelWidth - 6, y: y + 15, anchor: "end", label(name))
            if let share = table.percentOfRow(r, female) {
                let length = Double(barWidth) * share / 100
                svg += "<rect class=\"women\" fill=\"#6a3d9a\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(format(length))\" height=\"\(rowHeight - 6)\"/>"
                svg += text(x: labelWidth + Int(length) + 4, y: y + 15, anchor: "start", percent(share))
            } else {
                svg += text(x: labelWidth + 4, y: y + 15, anchor: "start", withheld)
            }
        }
        svg += "<line x1=\"\(labelWidth)\" y1=\"\(top)\" x2=\"\(labelWidth)\" y2=\"\(top + table.rows.count * rowHeight)\" stroke=\"#222\"/>"
        return SVGMarkup(svg + "</svg>")
    }

    /// The `<svg>` start tag with its title and description for screen readers. Ids are unique
    /// per chart kind (`id`), so two charts on one page do not share them; colours are
    /// presentation attributes, as the page's policy allows no inline style.
    static func header(width: Int, height: Int, title: String, description: String, id: String = "chart") -> String {
        let id = Markup.escape(id)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" font-family="sans-serif" font-size="12">\
        <title id="\(id)-title">\(Markup.escape(title))</title><desc id="\(id)-desc">\(Markup.escape(description))</desc>\
        <defs><pattern id="\(id)-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#9ecae1"/><line x1="0" y1="0" x2="0" y2="6" stroke="#3182bd" stroke-width="2"/></pattern></defs>
        """
    }

    static func text(x: Int, y: Int, anchor: String, _ content: String, weight: String = "normal") -> String {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(Markup.escape(anchor))\" font-weight=\"\(Markup.escape(weight))\" fill=\"#111\">\(Markup.escape(content))</text>"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", max(0, value)) }
}

/// The markup of a chart, written by `Chart` with every value escaped through `Markup.escape`.
/// Only this module can make one, so pages can embed a chart without a way to embed raw text.
public struct SVGMarkup: Sendable, Equatable {
    public let markup: String

    init(_ markup: String) { self.markup = markup }
}
