import Foundation
import Testing
@testable import WPSCore

@Suite struct TimestampTests {
    @Test func writesAndReadsWhatFoundationsISO8601FormatterDoes() throws {
        // Given Foundation's own formatter as the reference
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SeededRandom(seed: 5)
        for _ in 0..<5000 {
            // A millisecond instant between 1900 and 2200
            let milliseconds = Int64(random.next() % 9_467_280_000_000) - 2_208_988_800_000
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            // When written and read back
            let text = Timestamp.string(date)
            // Then the text is the formatter's and reads back to the same millisecond
            #expect(text == reference.string(from: date))
            let read = try #require(Timestamp.date(text))
            #expect(Int64((read.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
        }
    }

    @Test func readsWholeSecondsAndRefusesAnythingElse() {
        #expect(Timestamp.date("2026-11-23T19:31:34Z") == Date(timeIntervalSince1970: 1_795_462_294))
        #expect(Timestamp.date("2024-02-29T00:00:00.5Z") == Date(timeIntervalSince1970: 1_709_164_800.5))
        for bad in ["", "2026-11-23", "2026-11-23T19:31:34", "2026-02-30T00:00:00Z", "2026-11-23T25:00:00Z", "2026-11-23T19:31:34.12aZ",
                    "x026-11-23T19:31:34Z", "2026-11-23 19:31:34Z"] {
            #expect(Timestamp.date(bad) == nil, "\(bad)")
        }
    }

    @Test func daysAreReadAndWrittenAsYYYYMMDDOnly() {
        // Every day of two years, a leap one among them, round-trips through its text
        var day = Day("2023-01-01")
        var seen = 0
        while let current = day, current.year < 2025 {
            #expect(Day(current.description) == current)
            seen += 1
            let next = Day(uncheckedYearForTests: current)
            day = next
        }
        #expect(seen == 365 + 366)
        #expect(Day("2024-02-29")?.description == "2024-02-29" && Day("0099-12-31")?.description == "0099-12-31")
        // Anything else is not a day
        for text in ["2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-01-00", "2023-1-01", "+202-01-01", "2023-01-0x",
                     "2023/01/01", "２０２３-01-01", "2023-01-01 ", " 2023-01-01", "", "2023-01-011"] {
            #expect(Day(text) == nil, "\(text)")
        }
    }
}

extension Day {
    /// The next day, by trying the day, month and year after it.
    init?(uncheckedYearForTests day: Day) {
        func text(_ y: Int, _ m: Int, _ d: Int) -> String {
            "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
        }
        guard let next = Day(text(day.year, day.month, day.day + 1)) ?? Day(text(day.year, day.month + 1, 1)) ?? Day(text(day.year + 1, 1, 1))
        else { return nil }
        self = next
    }
}
