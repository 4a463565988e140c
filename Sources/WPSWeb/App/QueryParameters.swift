import Hummingbird
import HummingbirdCore

extension Request {
    /// The query's parameters as a browser's form sends them: `+` is a space (a search box's
    /// "women police" arrives as `q=women+police`); `%2B` stays a plus. Every handler reads the
    /// query through this, never through `uri.queryParameters`, which keeps the `+`.
    var query: FlatDictionary<Substring, Substring> {
        guard let raw = uri.query, raw.contains("+") else { return uri.queryParameters }
        return URI("?" + raw.replacingOccurrences(of: "+", with: "%20")).queryParameters
    }
}
