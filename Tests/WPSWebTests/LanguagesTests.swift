import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSStorage
@testable import WPSWeb

/// The interface in English, BCS Latin, Serbian Cyrillic, Macedonian and Albanian: complete
/// catalogues, the reader's plural forms and number conventions, and pages without a stray key
/// or an English (or Latin) fallback.
@Suite struct LanguagesTests {
    static func placeholders(_ text: String) -> [String] {
        let pattern = /\{[a-z_]+\}|%[0-9$]*[a-z@]/
        return text.matches(of: pattern).map { String($0.output) }.sorted()
    }

    /// The keys a language's catalogue must have: English's, and a `_few` form beside every
    /// plural the language has three forms for.
    static func expectedKeys(_ language: UILanguage) -> Set<String> {
        let english = Catalog.of(.en).keys
        var keys = english
        for key in english where key.hasSuffix("_other") {
            let base = String(key.dropLast("_other".count))
            for category in language.pluralCategories where category != .other {
                keys.insert("\(base)_\(category.rawValue)")
            }
        }
        return keys
    }

    @Test(arguments: UILanguage.allCases)
    func everyCatalogueHasEveryKeyWithTheSamePlaceholders(language: UILanguage) {
        let catalog = Catalog.of(language)
        let english = Catalog.of(.en)
        #expect(catalog.keys.count > 1000)
        let expected = Self.expectedKeys(language)
        #expect(catalog.keys.subtracting(expected).sorted() == [], "keys no page asks for")
        #expect(expected.subtracting(catalog.keys).sorted() == [], "keys missing from \(language.rawValue)")
        for key in catalog.keys.sorted() {
            let text = catalog(key)
            let reference = key.hasSuffix("_few") ? english(String(key.dropLast("_few".count)) + "_other") : english(key)
            #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(language.rawValue) \(key) is empty")
            #expect(Self.placeholders(text) == Self.placeholders(reference), "\(language.rawValue) \(key): \(text)")
        }
        // Each catalogue names its own language, in that language
        #expect(Set(UILanguage.allCases.map { Catalog.of($0)("language.name") }).count == UILanguage.allCases.count)
    }

    /// Latin that may stay in the Cyrillic catalogue: placeholders, commands, addresses, file
    /// types, acronyms and codes, and the words imports and the API take literally.
    static let technicalLatin = [
        #"\b[a-z_]+:[A-Za-z]+"#, #"\S*_\S*"#, #"/[a-z/0-9]+"#, #"Windows-[0-9]+"#, #"\bsr-Cyrl\b"#, #"\{[a-z_]+\}"#, #"%d"#, #"\bwps [a-z].*$"#, #"'[a-z -]*'"#, #"https?://\S*"#, #"\S+@\S+"#, #"\.[a-z]{2,4}\b"#,
        #"\b[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z0-9()-]*"#, #"\b[A-Z]+[-0-9(][A-Za-z0-9()-]*"#, #"\b[A-Z][0-9]\b"#,
        #"\b(Excel|Word|PowerPoint|OpenDocument|Office|pdftotext|column|rank|sex|category|position_level|decision_making|other|native|general|institution_id|person_id)\b"#,
        #"\b(en|bs|hr|sr|mk|sq|ru|x)\b"#, #"pravilnik|Pravilnik"#,
    ]

    @Test func serbianCyrillicIsCyrillicThroughout() throws {
        let catalog = Catalog.of(.srCyrl)
        let technical = try Regex(Self.technicalLatin.joined(separator: "|"))
        var latin: [String] = []
        for key in catalog.keys.sorted() {
            let text = catalog(key).replacing(technical, with: "")
            if text.contains(where: { $0.isLetter && $0.isASCII }) { latin.append("\(key): \(catalog(key))") }
        }
        #expect(latin == [], "Latin text in the Cyrillic catalogue")
        #expect(catalog("nav.institutions") == "Институције")
        #expect(catalog("library.intro").contains("pravilnik, ПРАВИЛНИК и Pravilnik"), "the example of scripts stays as it is")
    }

    @Test func pluralFormsFollowEachLanguage() {
        let bcs = [1: PluralCategory.one, 2: .few, 4: .few, 5: .other, 11: .other, 12: .other, 14: .other, 21: .one, 22: .few, 25: .other, 111: .other, 112: .other, 0: .other]
        for (n, category) in bcs {
            #expect(UILanguage.bs.pluralCategory(n) == category, "bs \(n)")
            #expect(UILanguage.srCyrl.pluralCategory(n) == category, "sr-Cyrl \(n)")
        }
        #expect([1, 2, 11, 21, 31, 111].map(UILanguage.mk.pluralCategory) == [.one, .other, .other, .one, .one, .other])
        #expect([0, 1, 2, 21].map(UILanguage.sq.pluralCategory) == [.other, .one, .other, .other])
        #expect([0, 1, 2, 21].map(UILanguage.en.pluralCategory) == [.other, .one, .other, .other])
        let key = "expertise.reason.missions_completed"
        #expect(Catalog.of(.bs).plural(key, 1) == "1 završena misija")
        #expect(Catalog.of(.bs).plural(key, 3) == "3 završene misije")
        #expect(Catalog.of(.bs).plural(key, 12) == "12 završenih misija")
        #expect(Catalog.of(.bs).plural(key, 21) == "21 završena misija")
        #expect(Catalog.of(.srCyrl).plural(key, 22) == "22 завршене мисије")
        #expect(Catalog.of(.mk).plural(key, 21) == "21 завршена мисија")
        #expect(Catalog.of(.mk).plural(key, 5) == "5 завршени мисии")
        #expect(Catalog.of(.en).plural(key, 1) == "1 mission completed")
        #expect(Catalog.of(.en).plural(key, 21) == "21 missions completed")
        #expect(Catalog.of(.sq).plural(key, 1234) == "1\u{00A0}234 misione të përfunduara")
    }

    @Test func numbersAndDatesInTheReadersConvention() {
        #expect(Catalog.of(.en).decimal(1234.56, digits: 1) == "1,234.6")
        #expect(Catalog.of(.bs).decimal(1234.56, digits: 1) == "1.234,6")
        #expect(Catalog.of(.srCyrl).decimal(8.25, digits: 2) == "8,25")
        #expect(Catalog.of(.mk).decimal(-0.04, digits: 1) == "0,0")
        #expect(Catalog.of(.mk).decimal(-2.5, digits: 0) == "-3")
        #expect(Catalog.of(.sq).decimal(12345.5, digits: 1) == "12\u{00A0}345,5")
        #expect(Catalog.of(.en).percent(8.2) == "8.2%")
        #expect(Catalog.of(.mk).percent(8.2) == "8,2\u{00A0}%")
        #expect(Catalog.of(.sq).percent(8.25) == "8,3%")
        #expect(Catalog.of(.en).decimal(.nan) == "—")
        let date = Date(timeIntervalSince1970: 1_795_462_260)  // 2026-11-23 19:31 UTC
        #expect(Catalog.of(.en).dateTime(date) == "23 Nov 2026, 19:31 UTC")
        #expect(Catalog.of(.srCyrl).dateTime(date) == "23. 11. 2026. 19:31 UTC")
        #expect(Catalog.of(.mk).dateTime(date) == "23.11.2026 19:31 UTC")
        #expect(Catalog.of(.sq).dateTime(date) == "23.11.2026, 19:31 UTC")
    }

    @Test func theLanguageComesFromTheChoiceElseTheBrowser() {
        let cases: [(String?, UILanguage)] = [
            ("mk-MK,mk;q=0.9,en;q=0.5", .mk), ("sq-AL", .sq), ("sq-XK,sq", .sq), ("sr", .srCyrl), ("sr-RS", .srCyrl),
            ("sr-Cyrl-BA", .srCyrl), ("sr-Latn-RS,sr;q=0.8", .bs), ("hr-HR", .bs), ("bs", .bs), ("cnr", .bs),
            ("de-DE,mk;q=0.7", .mk), ("de-DE", .en), (nil, .en),
        ]
        for (header, language) in cases {
            #expect(UILanguage.negotiate(cookie: nil, acceptLanguage: header) == language, "\(header ?? "none")")
        }
        #expect(UILanguage.negotiate(cookie: "sr-Cyrl", acceptLanguage: "en") == .srCyrl)
        #expect(UILanguage.negotiate(cookie: "xx", acceptLanguage: "sq") == .sq)
    }

    /// The visible text of a page: tags dropped, entities read.
    static func visibleText(_ html: String) -> String {
        let withoutScripts = html.replacing(/<(script|style)[^>]*>[\s\S]*?<\/(script|style)>/, with: " ")
        let text = withoutScripts.replacing(/<[^>]+>/, with: "\n")
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    }

    /// Texts of `other` (of `words` words or more, so that names in the data do not count) that
    /// differ in `language` and appear on the page; each language's own name is in the switcher.
    static func fallbacks(in text: String, language: UILanguage, other: UILanguage, words: Int = 2) -> [String] {
        let mine = Catalog.of(language)
        let theirs = Catalog.of(other)
        var found: [String] = []
        // Place names are also part of names in the data ("Ministry of Defence of Bosnia and
        // Herzegovina"); the countries page checks them.
        for key in theirs.keys.sorted() where key != "language.name" && !key.hasPrefix("country.") && !key.hasPrefix("government_level.") {
            let foreign = theirs(key)
            guard foreign.split(separator: " ").count >= words, foreign != mine(key), !foreign.contains("{"), !foreign.contains("%") else { continue }
            // As words: "in person" is not in "personelit"
            var rest = text[...]
            while let range = rest.range(of: foreign) {
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
                if !(before?.isLetter ?? false), !(after?.isLetter ?? false) {
                    found.append("\(key): \(foreign)")
                    break
                }
                rest = text[range.upperBound...]
            }
        }
        return found
    }

    /// Catalogue keys that appear as text (a key a page asked for and no catalogue has).
    static func keys(in text: String) -> [String] {
        let known = Catalog.of(.en).keys.union(Self.expectedKeys(.bs))
        return text.matches(of: /[a-z_]+(\.[a-z0-9_-]+)+/).map { String($0.output.0) }.filter { known.contains($0) || $0.hasPrefix("nato.table.") || $0.hasPrefix("dimension.") }
    }

    @Test(arguments: TestDatabase.engines)
    func pagesInMacedonianAlbanianAndSerbianCyrillic(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine, demo: false) { client, services in
            _ = try await Seeder.loadDemo(services.database, peoplePerDataset: 400, logger: WebHarness.quietLogger)
            let datasets = try await api(client, .get, "/api/v1/datasets?per_page=100").object["items"] as? [[String: Any]] ?? []
            let dataset = try #require(datasets.first { $0["country"] as? String == "BA" }?["id"] as? Int)
            let pages = ["/", "/datasets/\(dataset)", "/datasets/\(dataset)?rows=category&columns=sex", "/institutions", "/plans", "/library",
                         "/no/such/page"]
            for (header, language) in [("mk", UILanguage.mk), ("sq-AL,sq;q=0.9", .sq), ("sr-Cyrl", .srCyrl)] {
                let browser = Browser(client, language: header)
                for page in pages {
                    let response = try await browser.get(page)
                    #expect(response.status == (page == "/no/such/page" ? .notFound : .ok), "\(header) \(page)")
                    #expect(response.text.contains("<html lang=\"\(language.rawValue)\""), "\(header) \(page)")
                    let text = Self.visibleText(response.text)
                    #expect(Self.keys(in: text) == [], "catalogue keys on \(page) in \(header)")
                    // The library's items are content in their own languages (English and BCS among them)
                    guard page != "/library" else { continue }
                    #expect(Self.fallbacks(in: text, language: language, other: .en) == [], "English on \(page) in \(header)")
                    if language == .srCyrl {
                        // Names of institutions are data in their own script: BCS texts of three words or more
                        #expect(Self.fallbacks(in: text, language: language, other: .bs, words: 3) == [], "Latin on \(page) in \(header)")
                    }
                }
                let t = Catalog.of(language)
                let home = Self.visibleText(try await browser.get("/").text)
                for key in ["nav.institutions", "nav.plans", "nav.library", "home.title"] { #expect(home.contains(t(key)), "\(header) \(key)") }
                let page = Self.visibleText(try await browser.get("/datasets/\(dataset)").text)
                for key in ["dataset.title", "dimension.nato_code", "table.total", "sex.female", "download.csv"] {
                    #expect(page.contains(t(key)), "\(header) \(key)")
                }
                #expect(Self.visibleText(try await browser.get("/no/such/page").text).contains(t("error.not_found_title")))
                // Countries and levels of government in the reader's language, in the lists and the filters
                let countries = Self.visibleText(try await browser.get("/countries").text)
                for key in ["country.BA", "country.MK", "country.AL", "government_level.fbih", "government_level.local"] {
                    #expect(countries.contains(t(key)), "\(header) \(key)")
                }
                #expect(!countries.contains("North Macedonia") && !countries.contains("Federation of BiH"), "\(header)")
                #expect(Self.visibleText(try await browser.get("/institutions").text).contains(t("country.XK")), "\(header)")
                let library = Self.visibleText(try await browser.get("/library").text)
                for key in ["library.search_label", "library.facet.kind", "library.facet.language", "library_kind.policy"] {
                    #expect(library.contains(t(key)), "\(header) \(key)")
                }
            }
            // The areas of expertise the platform seeds are named in each language
            let request = Self.visibleText(try await Browser(client, language: "mk").get("/request-expertise").text)
            #expect(request.contains("род во војската") && !request.contains("gender in the military"))
            let albanian = Self.visibleText(try await Browser(client, language: "sq").get("/request-expertise").text)
            #expect(albanian.contains("gjinia në ushtri"))
            // The switcher offers every other language in its own name
            let home = try await Browser(client, language: "mk").get("/").text
            for language in UILanguage.allCases where language != .mk {
                #expect(home.contains("href=\"/language/\(language.rawValue)?next=/\""), "\(language)")
                #expect(home.contains(Catalog.of(language)("language.name")))
            }
            // Shares on the page are written with a decimal comma in Macedonian
            let shares = try await Browser(client, language: "mk").get("/datasets/\(dataset)?rows=category&columns=sex").text
            #expect(shares.contains(/[0-9],[0-9]\x{00A0}%/), "a share such as 8,2 %")
        }
    }
}
