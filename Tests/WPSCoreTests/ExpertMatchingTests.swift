import Testing
@testable import WPSCore

@Suite struct ExpertMatchingTests {
    func day(_ text: String) throws -> Day { try #require(Day(text)) }

    func expert(_ id: Int, areas: [String] = ["gender_training"], level: LanguageLevel = .c1, availability: [AvailabilityPeriod] = [], institutions: [Int] = [])
        -> Expert
    {
        Expert(
            id: id, fields: ExpertFields(personId: id, areas: areas, languages: [ExpertLanguage(code: "en", level: level)], availability: availability),
            name: "Expert \(id)", institutionIds: institutions)
    }

    @Test func availabilityCoversEveryDayOfTheRequest() throws {
        let within = ExpertFields(personId: 1, availability: [AvailabilityPeriod(from: try day("2026-11-01"), to: try day("2026-11-05"))])
        #expect(within.isAvailable(from: try day("2026-11-04"), to: try day("2026-11-05")))
        // Named periods when available: a day outside them is not
        #expect(within.firstUnavailableDay(from: try day("2026-11-05"), to: try day("2026-11-06")) == (try day("2026-11-06")))
        let away = ExpertFields(personId: 1, availability: [AvailabilityPeriod(from: try day("2026-11-06"), to: try day("2026-11-06"), available: false)])
        #expect(away.isAvailable(from: try day("2026-11-01"), to: try day("2026-11-05")))
        #expect(!away.isAvailable(from: try day("2026-11-05"), to: try day("2026-11-06")))
        // Any length of period, without walking it day by day
        let later = ExpertFields(personId: 1, availability: [
            AvailabilityPeriod(from: try day("2030-01-01"), to: try day("2039-12-31")), AvailabilityPeriod(from: try day("2040-01-01"), to: try day("2060-12-31")),
            AvailabilityPeriod(from: try day("2045-03-01"), to: try day("2045-03-02"), available: false),
        ])
        #expect(later.firstUnavailableDay(from: try day("2031-01-01"), to: try day("2055-01-01")) == (try day("2045-03-01")))
        #expect(later.firstUnavailableDay(from: try day("2029-12-30"), to: try day("2031-01-01")) == (try day("2029-12-30")))
        #expect(later.isAvailable(from: try day("2031-01-01"), to: try day("2044-12-31")), "two periods that meet cover the days between")
    }

    @Test func amongEqualsFewerRecentMissionsRankFirstAndConflictsAreFlagged() throws {
        let today = try day("2026-11-27")
        let request = ExpertiseRequestFields(
            title: "x", institutionId: 9, areas: ["gender_training"], languages: ["en"], start: try day("2027-01-10"), end: try day("2027-01-11"))
        // Both went on one mission; the first went on it this year, the second two years ago
        let recent = DeliveredActivity(activityId: 1, end: try day("2026-06-01"), areas: [], country: nil)
        let old = DeliveredActivity(activityId: 2, end: try day("2024-06-01"), areas: [], country: nil)
        let ranked = ExpertMatching.rank(request, experts: [
            (expert(1), ExpertRecord(missions: [recent])), (expert(2, institutions: [9]), ExpertRecord(missions: [old])),
        ], today: today)
        #expect(ranked.matches.map(\.expertId) == [2, 1])
        #expect(ranked.matches.map(\.score) == [ranked.matches[0].score, ranked.matches[0].score])
        #expect(ranked.matches.first?.conflict == true && ranked.matches.first?.reasons.contains(.conflict) == true)
        #expect(ranked.matches.last?.reasons.contains(.recentMissions(1)) == true)
    }

    @Test func relevantTrainingsAndRegionAddUpInTheParts() throws {
        let request = ExpertiseRequestFields(
            title: "x", areas: ["gender_training", "police_and_gbv"], languages: ["en"], country: "GH", start: try day("2027-01-10"), end: try day("2027-01-10"))
        let trainings = (1...12).map { DeliveredActivity(activityId: $0, end: Day(uncheckedYear: 2025, month: 1, day: $0), areas: ["gender_training"], country: "GH") }
        let ranked = ExpertMatching.rank(request, experts: [(expert(1), ExpertRecord(trainings: trainings))], today: try day("2026-11-27"))
        let match = try #require(ranked.matches.first)
        #expect(match.parts["areas"] == 20)
        #expect(match.parts["trainings"] == 20, "capped")
        #expect(match.parts["region"] == 6)
        #expect(match.parts["language"] == 4)
        #expect(match.score == 50)
        #expect(match.reasons.contains(.delivered(count: 12, area: "gender_training")))
    }
}
