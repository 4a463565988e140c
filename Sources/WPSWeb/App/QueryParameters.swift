import Hummingbird
import HummingbirdCore
import WPSCore

extension Request {
    /// The query's parameters as a browser's form sends them: `+` is a space (a search box's
    /// "women police" arrives as `q=women+police`); `%2B` stays a plus. Every handler reads the
    /// query through this, never through `uri.queryParameters`, which keeps the `+`.
    var query: FlatDictionary<Substring, Substring> {
        guard let raw = uri.query, raw.contains("+") else { return uri.queryParameters }
        return URI("?" + raw.replacingOccurrences(of: "+", with: "%20")).queryParameters
    }

    /// An optional whole number from the query in `range`: nil when absent or empty; otherwise
    /// the number, or an `out_of_range` error for `name` appended to `errors` (a word, a
    /// number too large for `Int`, one outside the range) so that a form names every problem.
    func integer(_ name: String, in range: ClosedRange<Int>, errors: inout [FieldError]) -> Int? {
        guard let text = query.get(name), !text.isEmpty else { return nil }
        guard let number = Int(text), range.contains(number) else {
            errors.append(FieldError(field: name, code: "out_of_range", value: String(text.prefix(20))))
            return nil
        }
        return number
    }
}
