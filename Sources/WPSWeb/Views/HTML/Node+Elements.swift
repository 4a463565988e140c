/// The HTML elements our pages use, by their own names.
extension Node {
    static func head(_ nodes: Node...) -> Node { .element(named: "head", nodes: nodes) }
    static func body(_ nodes: Node...) -> Node { .element(named: "body", nodes: nodes) }
    static func header(_ nodes: Node...) -> Node { .element(named: "header", nodes: nodes) }
    static func footer(_ nodes: Node...) -> Node { .element(named: "footer", nodes: nodes) }
    static func main(_ nodes: Node...) -> Node { .element(named: "main", nodes: nodes) }
    static func nav(_ nodes: Node...) -> Node { .element(named: "nav", nodes: nodes) }
    static func section(_ nodes: Node...) -> Node { .element(named: "section", nodes: nodes) }
    static func div(_ nodes: Node...) -> Node { .element(named: "div", nodes: nodes) }
    static func span(_ nodes: Node...) -> Node { .element(named: "span", nodes: nodes) }
    static func p(_ nodes: Node...) -> Node { .element(named: "p", nodes: nodes) }
    static func h1(_ nodes: Node...) -> Node { .element(named: "h1", nodes: nodes) }
    static func h2(_ nodes: Node...) -> Node { .element(named: "h2", nodes: nodes) }
    static func h3(_ nodes: Node...) -> Node { .element(named: "h3", nodes: nodes) }
    static func h4(_ nodes: Node...) -> Node { .element(named: "h4", nodes: nodes) }
    static func a(_ nodes: Node...) -> Node { .element(named: "a", nodes: nodes) }
    static func strong(_ nodes: Node...) -> Node { .element(named: "strong", nodes: nodes) }
    static func em(_ nodes: Node...) -> Node { .element(named: "em", nodes: nodes) }
    static func code(_ nodes: Node...) -> Node { .element(named: "code", nodes: nodes) }
    static func small(_ nodes: Node...) -> Node { .element(named: "small", nodes: nodes) }
    static func time(_ nodes: Node...) -> Node { .element(named: "time", nodes: nodes) }
    static func ul(_ nodes: Node...) -> Node { .element(named: "ul", nodes: nodes) }
    static func ol(_ nodes: Node...) -> Node { .element(named: "ol", nodes: nodes) }
    static func li(_ nodes: Node...) -> Node { .element(named: "li", nodes: nodes) }
    static func dl(_ nodes: Node...) -> Node { .element(named: "dl", nodes: nodes) }
    static func dt(_ nodes: Node...) -> Node { .element(named: "dt", nodes: nodes) }
    static func dd(_ nodes: Node...) -> Node { .element(named: "dd", nodes: nodes) }
    static func table(_ nodes: Node...) -> Node { .element(named: "table", nodes: nodes) }
    static func caption(_ nodes: Node...) -> Node { .element(named: "caption", nodes: nodes) }
    static func thead(_ nodes: Node...) -> Node { .element(named: "thead", nodes: nodes) }
    static func tbody(_ nodes: Node...) -> Node { .element(named: "tbody", nodes: nodes) }
    static func tr(_ nodes: Node...) -> Node { .element(named: "tr", nodes: nodes) }
    static func th(_ nodes: Node...) -> Node { .element(named: "th", nodes: nodes) }
    static func td(_ nodes: Node...) -> Node { .element(named: "td", nodes: nodes) }
    static func form(_ nodes: Node...) -> Node { .element(named: "form", nodes: nodes) }
    static func fieldset(_ nodes: Node...) -> Node { .element(named: "fieldset", nodes: nodes) }
    static func legend(_ nodes: Node...) -> Node { .element(named: "legend", nodes: nodes) }
    static func label(_ nodes: Node...) -> Node { .element(named: "label", nodes: nodes) }
    static func input(_ nodes: Node...) -> Node { .element(named: "input", nodes: nodes) }
    static func select(_ nodes: Node...) -> Node { .element(named: "select", nodes: nodes) }
    static func optgroup(label: String, _ nodes: Node...) -> Node {
        .element(named: "optgroup", nodes: [.attribute(named: "label", value: label)] + nodes)
    }
    static func textarea(_ nodes: Node...) -> Node { .element(named: "textarea", nodes: nodes) }
    static func button(_ nodes: Node...) -> Node { .element(named: "button", nodes: nodes) }

    /// The page's `<title>`.
    static func title(_ title: String) -> Node { .element(named: "title", text: title) }

    /// `<meta charset="utf-8">`.
    static var utf8: Node { .element(named: "meta", nodes: [.attribute(named: "charset", value: "utf-8")]) }

    /// `<meta name="viewport">` that fits the page to the device's width.
    static var deviceViewport: Node {
        .element(named: "meta", nodes: [
            .attribute(named: "name", value: "viewport"),
            .attribute(named: "content", value: "width=device-width, initial-scale=1"),
        ])
    }

    static func stylesheet(_ path: String) -> Node {
        .element(named: "link", nodes: [.attribute(named: "rel", value: "stylesheet"), .attribute(named: "href", value: path)])
    }
}
