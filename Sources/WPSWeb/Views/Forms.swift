import WPSCore

/// Form fields that show their label, the value the user typed and any error next to the field,
/// wired for screen readers (`aria-invalid`, `aria-describedby`).
enum Forms {
    static func csrf(_ env: PageEnvironment) -> Node {
        .input(.type(.hidden), .name("_csrf"), .value(env.csrfToken))
    }

    static func hidden(_ name: String, _ value: String) -> Node {
        .input(.type(.hidden), .name(name), .value(value))
    }

    /// The errors that belong to the field `name` (including `name[0].sub` for list fields).
    static func errors(for name: String, in errors: [FieldError]) -> [FieldError] {
        errors.filter { $0.field == name || $0.field.hasPrefix(name + "[") || $0.field.hasPrefix(name + ".") }
    }

    static func text(
        _ name: String, label: String, value: String, errors all: [FieldError], env: PageEnvironment,
        type: HTMLInputType = .text, required: Bool = false, hint: String? = nil
    ) -> Node {
        let errors = errors(for: name, in: all)
        let describedBy = [hint.map { _ in "\(name)-hint" }, errors.isEmpty ? nil : "\(name)-error"].compactMap { $0 }
        return .div(
            .class(errors.isEmpty ? "field" : "field invalid"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.class("muted"), .id("\(name)-hint"), .text($0)) },
            .input(
                .type(type), .name(name), .id(name), .value(value),
                .attribute(named: "aria-invalid", value: errors.isEmpty ? nil : "true"),
                .attribute(named: "aria-describedby", value: describedBy.isEmpty ? nil : describedBy.joined(separator: " ")),
                .attribute(named: "required", value: required ? "required" : nil)
            ),
            errorNode(name, errors, env)
        )
    }

    static func textarea(
        _ name: String, label: String, value: String, errors all: [FieldError], env: PageEnvironment, hint: String? = nil
    ) -> Node {
        let errors = errors(for: name, in: all)
        return .div(
            .class(errors.isEmpty ? "field" : "field invalid"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.class("muted"), .id("\(name)-hint"), .text($0)) },
            .textarea(
                .name(name), .id(name),
                .attribute(named: "aria-invalid", value: errors.isEmpty ? nil : "true"),
                .attribute(named: "aria-describedby", value: hint == nil ? nil : "\(name)-hint"),
                .text(value)),
            errorNode(name, errors, env)
        )
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String,
        errors all: [FieldError], env: PageEnvironment
    ) -> Node {
        let errors = errors(for: name, in: all)
        return .div(
            .class(errors.isEmpty ? "field" : "field invalid"),
            .label(.for(name), .text(label)),
            .select(
                .attribute(named: "name", value: name), .id(name),
                .attribute(named: "aria-invalid", value: errors.isEmpty ? nil : "true"),
                .forEach(options) { option($0.value, $0.label, selected: $0.value == selected) }
            ),
            errorNode(name, errors, env)
        )
    }

    /// An `<option>` with its label as text.
    static func option(_ value: String, _ label: String, selected: Bool) -> Node {
        .element(named: "option", nodes: [
            .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
            .attribute(named: "selected", value: selected ? "selected" : nil),
            .text(label),
        ])
    }

    static func errorNode(_ name: String, _ errors: [FieldError], _ env: PageEnvironment) -> Node {
        guard !errors.isEmpty else { return .empty }
        let text = errors.map { error in
            let message = env.catalog("error.\(error.code)")
            return error.field == name ? message : "\(error.field): \(message)"
        }.joined(separator: " ")
        return .p(.class("field-error"), .id("\(name)-error"), .text(text))
    }

    /// A form with one button that posts to `route` (delete, restore, remove).
    static func button(_ route: SiteRoute, label: String, env: PageEnvironment, style: String = "secondary", fields: [(String, String)] = []) -> Node {
        .form(
            .action(route.path), .method(.post),
            csrf(env),
            .forEach(fields) { hidden($0.0, $0.1) },
            .button(.type(.submit), .class(style), .text(label))
        )
    }
}
