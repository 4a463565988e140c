import Testing
import WPSCore

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Žene ženama", "zene zenama"),
        ("ŽENE ŽENAMA", "zene zenama"),
        ("жене женама", "zene zenama"),
        ("Đorđe", "dorde"),
        ("Djordje", "dorde"),
        ("Dorde", "dorde"),
        ("Ђорђе", "dorde"),
        ("Шабац", "sabac"),
        ("Čačak  Ćuprija", "cacak cuprija"),
        ("Njegoš", "njegos"),
        ("Њеgош", "njegos"),
        ("Shqipëria Çështje", "shqiperia ceshtje"),
        ("Министерство за одбрана", "ministerstvo za odbrana"),
        ("Ѓорѓи Ќосе Ѕвезда", "gjorgji kjose dzvezda"),
    ])
    func foldsCaseDiacriticsAndScript(input: String, expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test func keepsDigitsAndPunctuation() {
        #expect(TextFolding.fold("UNSCR 1325 – NAP 2017-2020") == "unscr 1325 – nap 2017-2020")
    }
}

@Suite struct DayTests {
    @Test func readsAndWritesCalendarDays() throws {
        let day = try #require(Day("2017-05-11"))
        #expect(day.description == "2017-05-11")
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2023-13-01") == nil)
        #expect(Day("11.05.2017") == nil)
        #expect(try #require(Day("2016-12-31")) < day)
    }
}

@Suite struct AccountRuleTests {
    @Test func refusesWeakPasswordsWithReasons() {
        #expect(PasswordPolicy.problems(with: "short", email: "ana@example.org").contains { $0.contains("at least 12") })
        #expect(!PasswordPolicy.problems(with: "password1234567", email: "x@example.org").isEmpty)
        #expect(!PasswordPolicy.problems(with: "aaaaaaaaaaaaaaaa", email: "x@example.org").isEmpty)
        #expect(!PasswordPolicy.problems(with: "ana.kovac-2024!x", email: "ana.kovac@example.org").isEmpty)
        #expect(PasswordPolicy.problems(with: "correct horse battery staple", email: "ana@example.org").isEmpty)
    }

    @Test func throttlesAfterFiveFailuresInFifteenMinutes() {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_000_000)
        let four = (0..<4).map { start.addingTimeInterval(Double($0) * 60) }
        #expect(throttle.lockedUntil(failures: four, now: start.addingTimeInterval(300)) == nil)
        let five = four + [start.addingTimeInterval(240)]
        let until = throttle.lockedUntil(failures: five, now: start.addingTimeInterval(300))
        #expect(until == start.addingTimeInterval(15 * 60))
        // Once the oldest failure leaves the window, sign-in is possible again.
        #expect(throttle.lockedUntil(failures: five, now: start.addingTimeInterval(15 * 60 + 1)) == nil)
    }

    @Test func hiddenContentFollowsVisibilityAndRoles() {
        let member = Viewer(userId: 1, roles: [10: .member])
        let editor = Viewer(userId: 2, roles: [10: .editor])
        #expect(Viewer.anonymous.canSee(.public, owner: 10))
        #expect(!Viewer.anonymous.canSee(.platform, owner: 10))
        #expect(member.canSee(.platform, owner: 99))
        #expect(member.canSee(.institution, owner: 10))
        #expect(!member.canSee(.institution, owner: 11))
        #expect(!member.canEdit(owner: 10))
        #expect(editor.canEdit(owner: 10))
        #expect(!editor.canEdit(owner: nil))
        #expect(editor.canSeeContacts(owner: 10) && !editor.canSeeContacts(owner: 11))
    }
}

import Foundation
