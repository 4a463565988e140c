/// One problem with one field of a submitted record, as a person needs it to correct the input.
public struct FieldError: Error, Sendable, Equatable, Codable {
    /// The field's JSON name, e.g. `name` or `parent_id`.
    public var field: String
    /// A stable machine-readable rule name, e.g. `required`, `too_long`, `unknown_value`.
    public var code: String
    /// The value that broke the rule, if any (never a secret).
    public var value: String?

    public init(field: String, code: String, value: String? = nil) {
        self.field = field
        self.code = code
        self.value = value
    }
}

/// Collects field errors while a record is checked, so that every problem is reported at once.
/// Characters a reader dropped from a field's text before it was checked (a NUL, which no
/// engine keeps), by field: a `maxLength` still counts the text as it was sent.
public enum SentText {
    @TaskLocal public static var droppedCharacters: [String: Int] = [:]
}

public struct FieldErrors: Sendable {
    public private(set) var all: [FieldError] = []
    public init() {}

    public mutating func add(_ field: String, _ code: String, _ value: String? = nil) {
        all.append(FieldError(field: field, code: code, value: value))
    }

    /// Reports a required text with nothing to read, or a text longer than `maxLength` code
    /// points as sent (as JSON Schema's `maxLength` counts: white space that trimming would
    /// remove still counts, and a letter with a combining accent is two).
    public mutating func checkText(
        _ field: String, _ text: String?, required: Bool, maxLength: Int = 300
    ) {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // Something to read: a character that is neither white space nor a control character.
        let visible = trimmed.unicodeScalars.contains { !$0.properties.isWhitespace && $0.properties.generalCategory != .control && $0 != "\u{FEFF}" }
        if (text ?? "").unicodeScalars.count + (SentText.droppedCharacters[field] ?? 0) > maxLength {
            add(field, "too_long", String(trimmed.prefix(40)))
        } else if !visible, required {
            add(field, "required")
        }
    }

    public var isEmpty: Bool { all.isEmpty }
}
