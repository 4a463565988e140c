import Foundation

extension Chart {
    /// A small bar for an indicator: from its baseline towards its target on one scale (0–100
    /// for percentages, else 0 to the largest figure), with the latest value as a filled bar when
    /// there is one. Each figure is also written as text, so the bar reads without colour.
    /// `words` name the three figures in the reader's language; `decimalSeparator` writes them
    /// in the reader's convention (`6,8`).
    public static func progress(
        baseline: Double?, latest: Double?, target: Double?, percent: Bool, title: String, id: String,
        words: (baseline: String, latest: String, target: String) = ("baseline", "latest", "target"), decimalSeparator: String = "."
    ) -> SVGMarkup {
        let width = 260, height = 44, left = 4, barWidth = 252
        let figures = [baseline, latest, target].compactMap { $0 }
        let largest = percent ? 100 : max(1, (figures.max() ?? 1) * 1.1)
        func x(_ value: Double) -> Int { left + Int((Double(barWidth) * min(max(value, 0), largest) / largest).rounded()) }
        func figure(_ value: Double?) -> String {
            guard let value else { return "—" }
            let number = Self.oneDecimal(value).replacingOccurrences(of: ".", with: decimalSeparator)
            return percent ? number + " %" : number
        }
        let description = "\(words.baseline) \(figure(baseline)), \(words.latest) \(figure(latest)), \(words.target) \(figure(target))"
        var svg = header(width: width, height: height, title: title, description: description, id: id)
        svg += "<rect x=\"\(left)\" y=\"6\" width=\"\(barWidth)\" height=\"12\" fill=\"#eee\" stroke=\"#999\"/>"
        if let latest { svg += "<rect x=\"\(left)\" y=\"6\" width=\"\(x(latest) - left)\" height=\"12\" fill=\"#6a3d9a\"/>" }
        if let baseline { svg += "<line x1=\"\(x(baseline))\" y1=\"2\" x2=\"\(x(baseline))\" y2=\"22\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>" }
        if let target { svg += "<line x1=\"\(x(target))\" y1=\"2\" x2=\"\(x(target))\" y2=\"22\" stroke=\"#e31a1c\" stroke-width=\"3\"/>" }
        svg += text(x: left, y: 38, anchor: "start", "▏\(figure(baseline)) → \(figure(latest)) → \(figure(target))")
        svg += "</svg>"
        return SVGMarkup(svg)
    }

    /// A whole number as it is, else rounded to one decimal ("12", "6.8", "-0.5"), as
    /// `%.0f`/`%.1f` would write it, without `String(format:)` (slow on Linux, and called for
    /// every indicator of a plan's page).
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        if value == value.rounded() { return String(Int(value)) }
        let tenths = Int((abs(value) * 10).rounded())
        let text = "\(tenths / 10).\(tenths % 10)"
        return value < 0 && tenths != 0 ? "-" + text : text
    }
}
