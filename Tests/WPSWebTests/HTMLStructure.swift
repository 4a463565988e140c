import Foundation

/// The shape of an HTML document as a browser's tokenizer sees it: each start tag with the names
/// of its attributes, in order. Text, attribute values and comments are left out, so two pages
/// that differ only in what a user typed have the same shape, and a value that broke out of its
/// text or attribute shows as a tag or attribute the page did not write.
struct HTMLStructure: Equatable, CustomStringConvertible {
    struct Tag: Equatable, CustomStringConvertible {
        var name: String
        var attributes: [String]
        var description: String { attributes.isEmpty ? name : "\(name)[\(attributes.joined(separator: ","))]" }
    }

    var tags: [Tag]

    var description: String { tags.map(\.description).joined(separator: " ") }

    /// Elements whose content is text up to their own end tag (HTML's raw-text and RCDATA).
    static let textElements: Set<String> = ["script", "style", "textarea", "title"]

    init(parsing html: String) {
        let s = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var i = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}" }
        func skip(past marker: String) {
            let m = Array(marker.unicodeScalars)
            while i < s.count {
                if i + m.count <= s.count, Array(s[i..<i + m.count]) == m { i += m.count; return }
                i += 1
            }
        }
        while i < s.count {
            guard s[i] == "<", i + 1 < s.count else { i += 1; continue }
            let next = s[i + 1]
            if next == "!" {
                if i + 3 < s.count, s[i + 2] == "-", s[i + 3] == "-" { i += 4; skip(past: "-->") } else { skip(past: ">") }
                continue
            }
            if next == "/" || next == "?" { skip(past: ">"); continue }
            guard isLetter(next) else { i += 1; continue }
            // A start tag: its name, then attributes until > (HTML's tokenizer states, simplified
            // to what decides where a tag and an attribute begin and end).
            i += 1
            var name = ""
            while i < s.count, !isSpace(s[i]), s[i] != "/", s[i] != ">" { name.unicodeScalars.append(s[i]); i += 1 }
            name = name.lowercased()
            var attributes: [String] = []
            while i < s.count, s[i] != ">" {
                if isSpace(s[i]) || s[i] == "/" { i += 1; continue }
                var attribute = ""
                repeat { attribute.unicodeScalars.append(s[i]); i += 1 }
                while i < s.count && !isSpace(s[i]) && s[i] != "/" && s[i] != ">" && s[i] != "="
                while i < s.count, isSpace(s[i]) { i += 1 }
                if i < s.count, s[i] == "=" {
                    i += 1
                    while i < s.count, isSpace(s[i]) { i += 1 }
                    if i < s.count, s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        i += 1
                        while i < s.count, s[i] != quote { i += 1 }
                        i += 1
                    } else {
                        while i < s.count, !isSpace(s[i]), s[i] != ">" { i += 1 }
                    }
                }
                attributes.append(attribute.lowercased())
            }
            i += 1
            tags.append(Tag(name: name, attributes: attributes))
            if Self.textElements.contains(name) { skip(past: "</\(name)") }
        }
        self.tags = tags
    }

    /// What `self` (a page showing hostile values) has that `baseline` (the same page showing
    /// harmless ones) does not: a tag out of place, or an attribute the page did not write. A
    /// hostile URL may lose its attribute (it is left out, not written), so fewer is fine; and
    /// `selected` may move between the options of a list sorted by the value.
    func intrusions(comparedWith baseline: HTMLStructure) -> [String] {
        guard tags.map(\.name) == baseline.tags.map(\.name) else {
            let firstDifference = tags.indices.first { $0 >= baseline.tags.count || tags[$0].name != baseline.tags[$0].name } ?? baseline.tags.count
            let here = tags[min(tags.count, firstDifference)..<min(tags.count, firstDifference + 4)].map(\.description)
            let there = baseline.tags[firstDifference..<min(baseline.tags.count, firstDifference + 4)].map(\.description)
            return ["tags differ at \(firstDifference): \(here) where the page writes \(there)"]
        }
        return zip(tags, baseline.tags).compactMap { tag, expected in
            let extra = tag.attributes.filter { !expected.attributes.contains($0) && !(tag.name == "option" && $0 == "selected") }
            let repeated = Set(tag.attributes).count != tag.attributes.count
            return extra.isEmpty && !repeated ? nil : "<\(tag.name)> has \(tag.attributes) where the page writes \(expected.attributes)"
        }
    }
}
