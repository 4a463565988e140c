import WPSCore

/// A piece of an HTML page: an element, an attribute of the element it stands in, text, or a
/// group of pieces. Pages are trees of nodes, and `render()` is the only way to turn them into
/// markup: it escapes every attribute value and every text through `Markup.escape`, and lets a
/// URL into `href`/`action` only through `Markup.safeURL`. There is no node for raw markup; the
/// one exception is an SVG chart, whose markup WPSCore/Charts escapes with the same function.
///
/// We keep this small tree instead of Plot: Plot 0.14 writes attribute values verbatim (a `"`
/// in a name ends the attribute) and passes `&…;` sequences of text through unescaped, and it
/// offers no single place where our code could escape instead.
struct Node: Sendable {
    fileprivate enum Content: Sendable {
        case element(name: String, children: [Node])
        case attribute(name: String, value: String?, keepIfEmpty: Bool)
        case text(String)
        case chart(SVGMarkup)
        case group([Node])
    }

    fileprivate let content: Content

    static var empty: Node { Node(content: .group([])) }

    /// Text, escaped when rendered.
    static func text(_ text: String) -> Node { Node(content: .text(text)) }

    /// An SVG chart drawn by WPSCore/Charts.
    static func chart(_ svg: SVGMarkup) -> Node { Node(content: .chart(svg)) }

    /// An element; attribute nodes among `nodes` go into its start tag.
    static func element(named name: String, nodes: [Node]) -> Node {
        Node(content: .element(name: name, children: nodes))
    }

    static func element(named name: String, text: String) -> Node {
        .element(named: name, nodes: [.text(text)])
    }

    /// An attribute; a nil value leaves it out, and so does an empty one unless
    /// `ignoreIfValueIsEmpty` is false. A later attribute of the same name replaces an earlier one.
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        Node(content: .attribute(name: name, value: value, keepIfEmpty: !ignoreIfValueIsEmpty))
    }

    static func group(_ nodes: Node...) -> Node { Node(content: .group(nodes)) }
    static func group(_ nodes: [Node]) -> Node { Node(content: .group(nodes)) }

    static func `if`(_ condition: Bool, _ node: Node, else otherwise: Node = .empty) -> Node {
        condition ? node : otherwise
    }

    static func unwrap<T>(_ value: T?, _ transform: (T) -> Node, else otherwise: Node = .empty) -> Node {
        value.map(transform) ?? otherwise
    }

    static func forEach<S: Sequence>(_ items: S, _ transform: (S.Element) -> Node) -> Node {
        Node(content: .group(items.map(transform)))
    }
}

/// A whole page: `<!DOCTYPE html>` and the `<html>` element with the given nodes.
struct HTML: Sendable {
    var nodes: [Node]

    init(_ nodes: Node...) { self.nodes = nodes }

    func render() -> String {
        var output = "<!DOCTYPE html>"
        output.reserveCapacity(16_384)
        Node.element(named: "html", nodes: nodes).render(into: &output)
        return output
    }
}

extension Node {
    /// Elements that have no end tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    /// The markup of this node alone (for tests and fragments).
    func render() -> String {
        var output = ""
        render(into: &output)
        return output
    }

    fileprivate func render(into output: inout String) {
        switch content {
        case .text(let text): output += Markup.escape(text)
        case .chart(let svg): output += svg.markup
        case .group(let nodes): for node in nodes { node.render(into: &output) }
        case .attribute: break  // written by the element that holds it
        case .element(let name, let children):
            guard Self.isName(name) else { return }
            var attributes: [(name: String, value: String)] = []
            var body: [Node] = []
            collect(children, attributes: &attributes, body: &body)
            output += "<" + name
            for attribute in attributes {
                output += " " + attribute.name + "=\"" + Markup.escape(attribute.value) + "\""
            }
            output += ">"
            guard !Self.voidElements.contains(name) else { return }
            for node in body { node.render(into: &output) }
            output += "</" + name + ">"
        }
    }

    /// Splits an element's children into its attributes (each in the place it was last set, with
    /// the value it was last given) and its content, looking through groups.
    private func collect(_ nodes: [Node], attributes: inout [(name: String, value: String)], body: inout [Node]) {
        for node in nodes {
            switch node.content {
            case .group(let inner):
                collect(inner, attributes: &attributes, body: &body)
            case .attribute(let name, let value, let keepIfEmpty):
                guard Self.isName(name) else { continue }
                attributes.removeAll { $0.name == name }
                guard var value else { continue }
                if Self.isURLAttribute(name) {
                    // A URL that is not allowed leaves the attribute out rather than writing it.
                    guard let safe = Markup.safeURL(value) else { continue }
                    value = safe
                }
                if value.isEmpty && !keepIfEmpty { continue }
                attributes.append((name, value))
            default:
                body.append(node)
            }
        }
    }

    static func isURLAttribute(_ name: String) -> Bool {
        ["href", "src", "action", "formaction", "xlink:href", "poster", "cite"].contains(name.lowercased())
    }

    /// Element and attribute names are written by our code, never taken from input; this keeps
    /// it so.
    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == ":" || $0 == "_"
        }
    }
}
