import Foundation

/// How the library compares what a person types with what items say, the same on SQLite and
/// PostgreSQL: both engines index the words of ``indexText(_:)`` and are asked for the prefixes
/// of ``terms(of:)``.
///
/// Folding is ``TextFolding/fold(_:)`` (case, diacritics, Serbian and Macedonian Cyrillic to
/// Latin, đ = dj = d). Words are runs of letters and digits. Stemming is a small prefix match:
/// a query word of five letters or more loses one ending of the BCS declension (`-ama`, `-ima`,
/// `-om`, `-em`, `-og`, `-ih`, `-a`, `-e`, `-i`, `-o`, `-u`; at least three letters stay) and then matches every word that
/// begins with what is left, so `uznemiravanje` finds `uznemiravanja` and `uznemiravanju`, and
/// `pravilnik` finds `pravilnika`. Every word of a query must be found (AND).
public enum LibrarySearch {
    /// Endings taken off a query word, longest first.
    static let endings = ["ama", "ima", "om", "em", "og", "ih", "a", "e", "i", "o", "u"]

    /// The folded words of `text`, separated by one space: what the index holds.
    public static func indexText(_ text: String) -> String {
        words(TextFolding.fold(text)).joined(separator: " ")
    }

    /// The prefixes a query looks for: folded words with one ending removed, at most 12.
    public static func terms(of query: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for word in words(TextFolding.fold(query)) {
            let term = stem(word)
            if !term.isEmpty, seen.insert(term).inserted { result.append(term) }
            if result.count == 12 { break }
        }
        return result
    }

    static func stem(_ word: String) -> String {
        guard word.count >= 5 else { return word }
        for ending in endings where word.hasSuffix(ending) && word.count - ending.count >= 3 {
            return String(word.dropLast(ending.count))
        }
        return word
    }

    /// Runs of letters and digits of already folded text.
    static func words(_ folded: String) -> [String] {
        folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { String($0.prefix(100)) }
    }

    /// Whether a word of the original text matches one of the terms.
    static func matches(_ word: Substring, terms: [String]) -> Bool {
        let folded = TextFolding.fold(String(word))
        return words(folded).contains { piece in terms.contains { piece.hasPrefix($0) } }
    }

    /// A short passage of `texts` (the first that holds a term) around the first word that
    /// matches, as pieces marked where a word matched; the start of the first text when none does.
    public static func snippet(_ texts: [String], terms: [String], words wanted: Int = 30) -> [SnippetPiece] {
        let candidates = texts.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        for text in candidates where !terms.isEmpty {
            let tokens = text.split(whereSeparator: \.isWhitespace)
            guard let first = tokens.firstIndex(where: { matches($0, terms: terms) }) else { continue }
            let start = max(0, first - wanted / 3)
            let end = min(tokens.count, start + wanted)
            var pieces: [SnippetPiece] = start > 0 ? [SnippetPiece(text: "… ", marked: false)] : []
            for index in start..<end {
                let token = tokens[index]
                let marked = matches(token, terms: terms)
                let text = String(token) + (index < end - 1 ? " " : "")
                if !marked, let last = pieces.last, !last.marked {
                    pieces[pieces.count - 1].text += text
                } else {
                    pieces.append(SnippetPiece(text: text, marked: marked))
                }
            }
            if end < tokens.count { pieces.append(SnippetPiece(text: " …", marked: false)) }
            return pieces
        }
        guard let text = candidates.first else { return [] }
        let tokens = text.split(whereSeparator: \.isWhitespace)
        return [SnippetPiece(text: tokens.prefix(wanted).joined(separator: " ") + (tokens.count > wanted ? " …" : ""), marked: false)]
    }
}

/// A part of a snippet; `marked` where a word matched the query.
public struct SnippetPiece: Sendable, Equatable {
    public var text: String
    public var marked: Bool

    public init(text: String, marked: Bool) {
        self.text = text
        self.marked = marked
    }
}

/// A search of the library: words and filters, and the page wanted.
public struct LibraryQuery: Sendable, Equatable {
    public var text: String
    public var kind: LibraryKind?
    public var country: String?
    public var language: String?
    public var topic: String?
    public var year: Int?
    public var page: PageRequest

    public init(
        text: String = "", kind: LibraryKind? = nil, country: String? = nil, language: String? = nil, topic: String? = nil, year: Int? = nil,
        page: PageRequest = PageRequest()
    ) {
        self.text = text
        self.kind = kind
        self.country = country
        self.language = language
        self.topic = topic
        self.year = year
        self.page = page
    }

    public var terms: [String] { LibrarySearch.terms(of: text) }
}

/// How many of the items found have each value of a facet.
public struct FacetCount: Sendable, Equatable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// One item found, with the passage that shows why.
public struct LibraryHit: Sendable, Equatable {
    public var item: LibraryItem
    public var snippet: [SnippetPiece]

    public init(item: LibraryItem, snippet: [SnippetPiece]) {
        self.item = item
        self.snippet = snippet
    }
}

/// A page of what a search found, most relevant first, and the facets of everything it found.
///
/// Relevance: items with every word in the title first, then those with every word in the title
/// or summary, then the rest; within each, the latest published first, then the highest id.
/// Without words, the latest published first.
public struct LibraryResults: Sendable {
    public var page: Page<LibraryHit>
    /// `kind`, `country`, `language`, `topic`, `year`: values by count, most first.
    public var facets: [String: [FacetCount]]
    public init(page: Page<LibraryHit>, facets: [String: [FacetCount]]) {
        self.page = page
        self.facets = facets
    }

    public static let facetNames = ["kind", "country", "language", "topic", "year"]
}
