import Foundation

extension Chart {
    /// One line of a trend chart: a name and a value (percent) at each point; nil where withheld.
    public struct Line: Sendable {
        public var name: String
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// Lines of percentages over snapshots (x: the snapshots' labels, y: 0 to the largest value).
    /// A withheld value breaks its line; every point carries its figure as text, and each line
    /// has its own dash pattern and marker so the chart reads without colour.
    /// `decimalSeparator` writes the figures in the reader's convention.
    public static func trend(labels: [String], lines: [Line], title: String, description: String, decimalSeparator: String = ".") -> SVGMarkup {
        let width = 640, left = 50, right = 40, top = 20, bottom = 40
        let height = 300 + lines.count * 20
        let plotWidth = width - left - right, plotHeight = 300 - top - bottom
        let largest = max(10, (lines.flatMap { $0.values.compactMap { $0 } }.max() ?? 10) * 1.15)
        func x(_ index: Int) -> Double {
            labels.count <= 1 ? Double(left + plotWidth / 2) : Double(left) + Double(plotWidth) * Double(index) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { Double(top) + Double(plotHeight) * (1 - value / largest) }
        var svg = header(width: width, height: height, title: title, description: description, id: "trend")
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#222\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"#222\"/>"
        for step in stride(from: 0.0, through: largest, by: largest > 40 ? 10 : 5) {
            svg += text(x: left - 6, y: Int(y(step)) + 4, anchor: "end", String(format: "%.0f %%", step))
        }
        for (index, label) in labels.enumerated() {
            svg += text(x: Int(x(index)), y: top + plotHeight + 18, anchor: "middle", label)
        }
        let dashes = ["", "6 4", "2 3", "8 3 2 3"]
        let colours = ["#6a3d9a", "#1f78b4", "#33a02c", "#e31a1c"]
        for (number, line) in lines.enumerated() {
            let style = "stroke=\"\(colours[number % colours.count])\" stroke-width=\"2\" fill=\"none\""
                + (dashes[number % dashes.count].isEmpty ? "" : " stroke-dasharray=\"\(dashes[number % dashes.count])\"")
            var segment: [String] = []
            func close() {
                if segment.count > 1 { svg += "<polyline points=\"\(segment.joined(separator: " "))\" \(style)/>" }
                segment = []
            }
            for (index, value) in line.values.enumerated() {
                guard let value else { close(); continue }
                segment.append("\(format(x(index))),\(format(y(value)))")
                svg += "<circle cx=\"\(format(x(index)))\" cy=\"\(format(y(value)))\" r=\"\(3 + number % 2)\" fill=\"\(colours[number % colours.count])\"/>"
                svg += text(x: Int(x(index)) + 6, y: Int(y(value)) - 6, anchor: "start", String(format: "%.1f", value).replacingOccurrences(of: ".", with: decimalSeparator))
            }
            close()
            let legendY = 300 + number * 20
            svg += "<line x1=\"\(left)\" y1=\"\(legendY)\" x2=\"\(left + 30)\" y2=\"\(legendY)\" \(style)/>"
            svg += text(x: left + 36, y: legendY + 4, anchor: "start", line.name)
        }
        return SVGMarkup(svg + "</svg>")
    }
}
