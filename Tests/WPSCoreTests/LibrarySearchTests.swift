import Testing
@testable import WPSCore

/// What the library's search looks for when a person types.
@Suite struct LibrarySearchTests {
    @Test(arguments: [
        ("pravilnik uznemiravanje", ["pravilnik", "uznemiravanj"]),
        ("ПРАВИЛНИК", ["pravilnik"]),
        ("Đorđevićeva", ["dordevicev"]),
        ("djordjeviceva", ["dordevicev"]),
        ("ženama, žene!", ["zen", "zene"]),
        ("UNSCR 1325", ["unscr", "1325"]),
        ("\"quoted\" OR NEAR(x*)", ["quoted", "or", "near", "x"]),
    ])
    func foldsAndTakesOffOneEnding(query: String, terms: [String]) {
        #expect(LibrarySearch.terms(of: query) == terms)
    }

    @Test func indexHoldsFoldedWordsOnly() {
        #expect(LibrarySearch.indexText("Правилник о заштити — čl. 5/2021") == "pravilnik o zastiti cl 5 2021")
    }

    @Test func snippetMarksTheWordsFoundAroundTheFirst() {
        let text = (1...40).map { "w\($0)" }.joined(separator: " ") + " Uznemiravanja i uznemiravanje"
        let pieces = LibrarySearch.snippet(["", text], terms: ["uznemiravanj"], words: 12)
        #expect(pieces.filter(\.marked).map(\.text) == ["Uznemiravanja ", "uznemiravanje"])
        #expect(pieces.first?.text.hasPrefix("… w37") == true)
        // Without a match, the start of the first text
        #expect(LibrarySearch.snippet(["Prvi tekst.", "Drugi"], terms: ["zzz"]) == [SnippetPiece(text: "Prvi tekst.", marked: false)])
    }
}
