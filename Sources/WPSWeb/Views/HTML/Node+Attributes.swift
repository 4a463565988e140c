/// The attributes our pages use. Values are escaped, and URLs checked, when the page renders.
extension Node {
    static func `class`(_ names: String) -> Node { .attribute(named: "class", value: names) }
    static func id(_ id: String) -> Node { .attribute(named: "id", value: id) }
    static func name(_ name: String) -> Node { .attribute(named: "name", value: name) }
    static func value(_ value: String) -> Node { .attribute(named: "value", value: value) }
    static func `for`(_ id: String) -> Node { .attribute(named: "for", value: id) }
    static func href(_ url: String) -> Node { .attribute(named: "href", value: url) }
    static func action(_ url: String) -> Node { .attribute(named: "action", value: url) }
    static func placeholder(_ text: String) -> Node { .attribute(named: "placeholder", value: text) }
    static func datetime(_ text: String) -> Node { .attribute(named: "datetime", value: text) }
    static func type(_ type: HTMLInputType) -> Node { .attribute(named: "type", value: type.rawValue) }
    static func method(_ method: HTMLFormMethod) -> Node { .attribute(named: "method", value: method.rawValue) }
    static func enctype(_ type: HTMLFormContentType) -> Node { .attribute(named: "enctype", value: type.rawValue) }
}

/// The `type` of an `<input>` or `<button>`.
enum HTMLInputType: String, Sendable {
    case text, search, email, password, number, date, hidden, checkbox, radio, file, url, tel
    case submit, button, reset
}

enum HTMLFormMethod: String, Sendable { case get, post }

enum HTMLFormContentType: String, Sendable {
    case urlEncoded = "application/x-www-form-urlencoded"
    case multipartData = "multipart/form-data"
}
