import Testing
@testable import WPSCore

/// The dashboard's rules: an indicator is on track when it has come as far towards its target as
/// a steady pace would have; a report is on time, late, not submitted or missing against its due date.
@Suite struct PlanDashboardTests {
    static func indicator(baseline: Double, _ baselineYear: Int, target: Double, _ targetYear: Int) -> IndicatorFields {
        IndicatorFields(code: "1.a", definition: "x", unit: .percent,
                        baseline: YearValue(value: baseline, year: baselineYear), target: YearValue(value: target, year: targetYear))
    }

    @Test func anIndicatorIsOnTrackWhenItKeepsASteadyPaceTowardsItsTarget() {
        // 6.8 % in 2017 towards 10 % in 2022: 8.08 % expected by 2019
        let rising = Self.indicator(baseline: 6.8, 2017, target: 10, 2022)
        #expect(PlanDashboard.track(rising, latest: (8.1, 2019)) == .onTrack)
        #expect(PlanDashboard.track(rising, latest: (8.0, 2019)) == .offTrack)
        #expect(PlanDashboard.track(rising, latest: (10, 2025)) == .onTrack, "past the target year, the target itself")
        // A falling target (cases of violence from 400 to 200): lower is better
        let falling = Self.indicator(baseline: 400, 2018, target: 200, 2022)
        #expect(PlanDashboard.track(falling, latest: (290, 2020)) == .onTrack)
        #expect(PlanDashboard.track(falling, latest: (310, 2020)) == .offTrack)
        #expect(PlanDashboard.track(rising, latest: nil) == .noData)
        #expect(PlanDashboard.track(IndicatorFields(code: "", definition: "x", unit: .count), latest: (3, 2020)) == .noData)
    }

    @Test func reportsAreOnTimeLateNotSubmittedOrMissing() throws {
        let period = ReportingPeriod(id: 1, planId: 1, fields: PeriodFields(
            name: "2019", start: try #require(Day("2019-01-01")), end: try #require(Day("2019-12-31")), due: Day("2020-03-31")))
        let before = try #require(Day("2020-03-01"))
        let after = try #require(Day("2020-04-01"))
        func report(_ submitted: String?) -> ProgressReport {
            ProgressReport(id: 1, planId: 1, periodId: 1, institutionId: 9, status: .submitted, submittedOn: submitted.flatMap(Day.init))
        }
        #expect(PlanDashboard.timeliness(report("2020-03-31"), period: period, today: after) == .onTime)
        #expect(PlanDashboard.timeliness(report("2020-04-01"), period: period, today: after) == .late)
        #expect(PlanDashboard.timeliness(report(nil), period: period, today: after) == .notSubmitted)
        #expect(PlanDashboard.timeliness(report(nil), period: period, today: before) == .notDue)
        #expect(PlanDashboard.timeliness(nil, period: period, today: after) == .missing)
        #expect(PlanDashboard.timeliness(nil, period: period, today: before) == .notDue)
    }
}
