import Foundation

extension Chart {
    /// Participants reached, one horizontal bar per group: women, men, and others or not
    /// recorded stacked, each part labelled in the legend and filled with its own pattern-free
    /// colour and a number, so the chart reads without colour.
    public static func reach(_ rows: [(label: String, counts: SexCounts)], title: String, description: String, legend: [String]) -> SVGMarkup {
        let rowHeight = 24, labelWidth = 220, barWidth = 420, top = 34
        let width = labelWidth + barWidth + 80
        let height = top + max(1, rows.count) * rowHeight + 10
        let largest = max(1, rows.map(\.counts.total).max() ?? 1)
        let colours = ["#6a3d9a", "#1f78b4", "#b2b2b2"]
        var svg = header(width: width, height: height, title: title, description: description, id: "reach")
        for (index, name) in legend.prefix(3).enumerated() {
            let x = labelWidth + index * 130
            svg += "<rect x=\"\(x)\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colours[index])\"/>"
            svg += text(x: x + 16, y: 17, anchor: "start", name)
        }
        for (r, row) in rows.enumerated() {
            let y = top + r * rowHeight
            svg += text(x: labelWidth - 6, y: y + 16, anchor: "end", row.label)
            var x = Double(labelWidth)
            for (part, value) in [row.counts.female, row.counts.male, row.counts.other + row.counts.unknown].enumerated() where value > 0 {
                let length = Double(barWidth) * Double(value) / Double(largest)
                svg += "<rect x=\"\(format(x))\" y=\"\(y + 3)\" width=\"\(format(length))\" height=\"\(rowHeight - 6)\" fill=\"\(colours[part])\"/>"
                x += length
            }
            svg += text(x: Int(x) + 4, y: y + 16, anchor: "start", "\(row.counts.total)")
        }
        svg += "<line x1=\"\(labelWidth)\" y1=\"\(top)\" x2=\"\(labelWidth)\" y2=\"\(top + rows.count * rowHeight)\" stroke=\"#222\"/>"
        return SVGMarkup(svg + "</svg>")
    }
}
