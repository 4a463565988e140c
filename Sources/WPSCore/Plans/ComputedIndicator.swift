/// The values of an indicator computed from personnel data: for each reporting period, the
/// share of women in the bound series' latest snapshot on or before the period's end, from the
/// tables as that reader may see them (withheld where disclosure control withholds a figure it
/// needs), so the indicator never tells more than the dataset's own page.
public enum ComputedIndicator {
    /// NATO officer codes OF-1 to OF-10.
    static let officerCodes: Set<String> = Set((1...10).map { "OF-\($0)" })

    public static func readings(
        of computed: ComputedFrom, periods: [ReportingPeriod], viewer: Viewer, publication: DataPublication
    ) async throws -> [IndicatorReading] {
        let snapshots = try await publication.datasets.snapshots(institutionId: computed.institutionId, series: computed.series, viewer: viewer)
        var readings: [IndicatorReading] = []
        for period in periods.sorted(by: { ($0.fields.start, $0.id) < ($1.fields.start, $1.id) }) {
            var value = ReportValue(indicatorId: 0)
            var status = "no_data"
            var source = "personnel data: \(computed.series)"
            if let snapshot = snapshots.last(where: { $0.referenceDate <= period.fields.end }) {
                let published = try await DatasetAnalysis.published(of: snapshot, viewer: viewer, publication: publication)
                value.value = share(computed.measure, published).map { ($0 * 10).rounded() / 10 }
                status = value.value == nil ? "withheld" : "computed"
                source += " (dataset \(snapshot.id), \(snapshot.referenceDate))"
            }
            readings.append(IndicatorReading(
                period: period, source: source, institutionId: computed.institutionId, reportId: nil, value: value, status: status))
        }
        return readings
    }

    /// The measure from a snapshot's published tables, in percent (unrounded).
    public static func share(_ measure: PersonnelMeasure, _ published: DatasetAnalysis.Published) -> Double? {
        switch measure {
        case .shareWomen: published.representation.shareOfWomen
        case .shareWomenSeniorOfficers: published.representation.shareInSeniorPosts
        case .shareWomenDecisionMaking: published.representation.shareInDecisionMaking
        case .shareWomenOfficers:
            Set(published.byRank.rows).intersection(officerCodes).isEmpty
                ? nil : Indicators.shareOfWomen(published.byRank, rows: Set(published.byRank.rows).intersection(officerCodes))
        }
    }
}
