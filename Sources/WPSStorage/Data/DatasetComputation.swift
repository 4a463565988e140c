import WPSCore

/// What the dataset store computes once per dataset (or pair of snapshots) and keeps.
enum DatasetComputation: Hashable, Sendable {
    case table(dataset: Int, rows: AnalysisDimension, columns: AnalysisDimension)
    case movements(dataset: Int, year: Int)
    case deployedAbroad(dataset: Int)
    case transitions(from: Int, to: Int)
}
