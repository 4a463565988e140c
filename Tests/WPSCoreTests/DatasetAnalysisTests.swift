import Testing
@testable import WPSCore

/// The composition of a dataset's analysis and of the country comparison — which snapshots,
/// which threshold for whom, what is withheld, what is kept — over a store held in memory, so
/// the rules are tested apart from any database.
@Suite struct DatasetAnalysisTests {
    /// A person of a snapshot, matched across snapshots by `id`.
    struct Person {
        var id: String
        var record: PersonnelRecord
        var entry: Day?
        var exit: Day?
    }

    /// A ``DatasetStore`` over datasets and people held in memory, with the visibility rules of
    /// the platform (public: everyone; platform: signed-in users; institution: its members).
    final class MemoryDatasetStore: DatasetStore, @unchecked Sendable {
        var datasets: [Dataset] = []
        var people: [Int: [Person]] = [:]

        func add(_ id: Int, country: String, date: String, series: String = "", visibility: Visibility = .public, institution: Int = 1, _ rows: [Person]) {
            datasets.append(Dataset(
                id: id, institutionId: institution, country: country, referenceDate: Day(date) ?? Day(uncheckedYear: 2000, month: 1, day: 1),
                series: series, kind: "records", fileName: "\(id).csv", rowCount: rows.count, visibility: visibility, version: 1))
            people[id] = rows
        }

        func visible(_ dataset: Dataset, _ viewer: Viewer) -> Bool {
            if viewer.isPlatformAdmin || viewer.roles[dataset.institutionId] != nil { return true }
            switch dataset.visibility {
            case .public: return true
            case .platform: return viewer.userId != nil
            case .institution: return false
            }
        }

        func datasets(viewer: Viewer, page: PageRequest) async throws -> Page<Dataset> {
            let items = datasets.filter { visible($0, viewer) }.sorted { $0.referenceDate > $1.referenceDate }
            return Page(items: items, page: 1, perPage: items.count, total: items.count)
        }

        func latestPerCountry(viewer: Viewer) async throws -> [Dataset] {
            Dictionary(grouping: datasets.filter { visible($0, viewer) }, by: \.country).values
                .compactMap { $0.max { ($0.referenceDate, $0.id) < ($1.referenceDate, $1.id) } }
                .sorted { $0.country < $1.country }
        }

        func dataset(id: Int, viewer: Viewer) async throws -> Dataset? {
            datasets.first { $0.id == id && visible($0, viewer) }
        }

        func table(of dataset: Dataset, rows: AnalysisDimension, columns: AnalysisDimension) async throws -> CountTable {
            Tabulation.table(people[dataset.id, default: []].map(\.record), rows: rows, columns: columns, referenceYear: dataset.referenceDate.year)
        }

        func counts(of dataset: Dataset, dimensions: [AnalysisDimension]) async throws -> [(labels: [String], count: Int)] {
            var counts: [[String]: Int] = [:]
            for person in people[dataset.id, default: []] {
                counts[dimensions.map { $0.value(of: person.record, referenceYear: dataset.referenceDate.year) }, default: 0] += 1
            }
            return counts.map { (labels: $0.key, count: $0.value) }
        }

        func deployedAbroad(of dataset: Dataset) async throws -> CountTable? { nil }

        func movements(of dataset: Dataset, year: Int) async throws -> CountTable? {
            let rows = people[dataset.id, default: []]
            let sexes = Tabulation.order(Set(rows.map(\.record.sex.rawValue)), .sex)
            func count(_ day: (Person) -> Day?, _ sex: String) -> Int { rows.filter { day($0)?.year == year && $0.record.sex.rawValue == sex }.count }
            return CountTable(rows: ["entered", "left"], columns: sexes, cells: [sexes.map { count(\.entry, $0) }, sexes.map { count(\.exit, $0) }])
        }

        func transitions(from earlier: Dataset, to later: Dataset) async throws -> CountTable? {
            let before = Dictionary(uniqueKeysWithValues: people[earlier.id, default: []].map { ($0.id, $0.record) })
            let after = Dictionary(uniqueKeysWithValues: people[later.id, default: []].map { ($0.id, $0.record) })
            var counts: [String: [String: Int]] = [:]
            for (id, record) in before {
                guard let next = after[id] else {
                    counts["left", default: [:]][record.sex.rawValue, default: 0] += 1
                    continue
                }
                counts["stayed", default: [:]][record.sex.rawValue, default: 0] += 1
                if let from = record.natoCode.flatMap(RankMapping.seniority(ofCode:)), let to = next.natoCode.flatMap(RankMapping.seniority(ofCode:)), to > from {
                    counts["promoted", default: [:]][record.sex.rawValue, default: 0] += 1
                }
            }
            for (id, record) in after where before[id] == nil { counts["joined", default: [:]][record.sex.rawValue, default: 0] += 1 }
            let sexes = Tabulation.order(Set(counts.values.flatMap(\.keys)), .sex)
            let rows = ["joined", "left", "stayed", "promoted"]
            return CountTable(rows: rows, columns: sexes, cells: rows.map { row in sexes.map { counts[row]?[$0] ?? 0 } })
        }

        func series(of dataset: Dataset, viewer: Viewer) async throws -> [Dataset] {
            guard !dataset.series.isEmpty else { return [dataset] }
            return try await snapshots(institutionId: dataset.institutionId, series: dataset.series, viewer: viewer)
        }

        func snapshots(institutionId: Int, series: String, viewer: Viewer) async throws -> [Dataset] {
            datasets.filter { $0.institutionId == institutionId && $0.series == series && visible($0, viewer) }
                .sorted { ($0.referenceDate, $0.id) < ($1.referenceDate, $1.id) }
        }

        func createAggregate(_ table: AggregateTable, viewer: Viewer, by actor: Actor) async throws -> Dataset { throw StoreError.forbidden }

        func deleteDataset(id: Int, viewer: Viewer, by actor: Actor) async throws {
            guard try await dataset(id: id, viewer: viewer) != nil else { throw StoreError.notFound(entity: "dataset", id: String(id)) }
            datasets.removeAll { $0.id == id }
        }

        func warmUp() async throws {}
    }

    /// `n` people of one sex at one NATO code, ids `prefix-1…n`, entered in `entered`.
    static func people(_ prefix: String, _ n: Int, _ sex: Sex, _ code: String, entered: Int = 2010, decisionMaking: Bool = false) -> [Person] {
        (1...n).map {
            Person(
                id: "\(prefix)-\($0)", record: PersonnelRecord(sex: sex, birthYear: 1985, natoCode: code, category: "officer", decisionMaking: decisionMaking),
                entry: Day(uncheckedYear: entered, month: 3, day: 1))
        }
    }

    static let analyst = Viewer(userId: 7, roles: [1: .analyst])

    /// Three snapshots of one series: 2022 and 2023 public, 2024 for the institution only. In 2023
    /// two women were promoted from OF-2 to OF-3 and three women joined (a cell under 5).
    static func series() -> MemoryDatasetStore {
        let store = MemoryDatasetStore()
        let men = people("m", 40, .male, "OF-2") + people("s", 12, .male, "OF-5", decisionMaking: true)
        let women2022 = people("w", 20, .female, "OF-2")
        store.add(1, country: "BA", date: "2022-12-31", series: "af", men + women2022)
        let promoted = women2022.prefix(2).map { var p = $0; p.record.natoCode = "OF-3"; return p }
        let women2023 = promoted + women2022.dropFirst(2) + people("n", 3, .female, "OF-1", entered: 2023)
        store.add(2, country: "BA", date: "2023-12-31", series: "af", men + women2023)
        store.add(3, country: "BA", date: "2024-12-31", series: "af", visibility: .institution, men + women2023.dropLast())
        return store
    }

    @Test func anAnalystSeesExactFiguresAndEverySnapshot() async throws {
        let store = Self.series()
        let publication = DataPublication(datasets: store, suppressionThreshold: 5)
        let analysis = try #require(try await DatasetAnalysis.load(datasetId: 2, viewer: Self.analyst, publication: publication))
        #expect(analysis.exact)
        #expect(analysis.representation.women == 23 && analysis.representation.total == 75)
        #expect(analysis.series.map(\.dataset.id) == [1, 2, 3])
        #expect(analysis.steps.map { [$0.from.id, $0.to.id] } == [[1, 2], [2, 3]])
        let first = try #require(analysis.steps.first)
        #expect(first.matched == 72)
        let female = try #require(first.table.columns.firstIndex(of: "female"))
        #expect(first.table.cells[first.table.rows.firstIndex(of: "promoted") ?? -1][female] == 2)
        #expect(first.table.cells[first.table.rows.firstIndex(of: "joined") ?? -1][female] == 3)
        // The three women who entered in the reference year are the recruitment of 2023
        let movements = try #require(analysis.movements)
        #expect(movements.cells[0][movements.columns.firstIndex(of: "female") ?? -1] == 3)
    }

    @Test func aReaderSeesPublishedFiguresOfTheSnapshotsTheyMaySee() async throws {
        let store = Self.series()
        let publication = DataPublication(datasets: store, suppressionThreshold: 5)
        let analysis = try #require(try await DatasetAnalysis.load(datasetId: 2, viewer: .anonymous, publication: publication))
        #expect(!analysis.exact)
        // The 2024 snapshot is the institution's own: not in the anonymous reader's series
        #expect(analysis.series.map(\.dataset.id) == [1, 2])
        #expect(analysis.steps.map { [$0.from.id, $0.to.id] } == [[1, 2]])
        // Nothing published is a count from 1 to 4, in any table the analysis shows
        let step = try #require(analysis.steps.first)
        for table in [step.table, try #require(analysis.movements)] {
            #expect(table.cells.joined().allSatisfy { $0.map { $0 == 0 || $0 >= 5 } ?? true })
            #expect(table.rowTotals.allSatisfy { $0.map { $0 == 0 || $0 >= 5 } ?? true })
        }
        // The three women who joined are withheld; the promotions of two women too
        let female = try #require(step.table.columns.firstIndex(of: "female"))
        #expect(step.table.cells[try #require(step.table.rows.firstIndex(of: "joined"))][female] == nil)
        #expect(step.table.cells[try #require(step.table.rows.firstIndex(of: "promoted"))][female] == nil)
        // A dataset the reader may not see has no analysis at all
        #expect(try await DatasetAnalysis.load(datasetId: 3, viewer: .anonymous, publication: publication) == nil)
    }

    @Test func removingTheMiddleSnapshotJoinsTheOnesAroundIt() async throws {
        let store = Self.series()
        let publication = DataPublication(datasets: store, suppressionThreshold: 5)
        try await store.deleteDataset(id: 2, viewer: Self.analyst, by: Actor(userId: 7, name: "analyst"))
        let analysis = try #require(try await DatasetAnalysis.load(datasetId: 3, viewer: Self.analyst, publication: publication))
        #expect(analysis.series.map(\.dataset.id) == [1, 3])
        let step = try #require(analysis.steps.first)
        #expect([step.from.id, step.to.id] == [1, 3])
        // From 2022 to 2024: the two promoted women still count, and the two newcomers who stayed joined
        let female = try #require(step.table.columns.firstIndex(of: "female"))
        #expect(step.table.cells[try #require(step.table.rows.firstIndex(of: "joined"))][female] == 2)
        #expect(step.table.cells[try #require(step.table.rows.firstIndex(of: "promoted"))][female] == 2)
    }

    @Test func theComparisonTakesEachCountrysLatestVisibleDatasetAndKeepsColumnsByThreshold() async throws {
        let store = Self.series()
        let serbianPeople = Self.people("r", 30, .male, "OF-2") + Self.people("f", 10, .female, "OF-2") + Self.people("o", 20, .male, "OF-1")
            + Self.people("e", 8, .female, "OF-1") + Self.people("g", 2, .female, "OF-6") + Self.people("h", 6, .male, "OF-6")
        store.add(4, country: "RS", date: "2023-06-30", institution: 2, serbianPeople)
        let publication = DataPublication(datasets: store, suppressionThreshold: 5)

        let published = try await CountryComparison.load(viewer: .anonymous, publication: publication)
        #expect(published.countries.map(\.dataset.id) == [2, 4])
        let serbia = try #require(published.countries.last)
        // Two women at OF-6: the share there would give them away; every share shown is the true one
        #expect(serbia.shareByCode["OF-6"] == .some(nil))
        for (code, share) in serbia.shareByCode {
            guard let share else { continue }
            let atCode = serbianPeople.filter { $0.record.natoCode == code }
            #expect(abs(share - 100 * Double(atCode.filter { $0.record.sex == .female }.count) / Double(atCode.count)) < 1e-9, "\(code)")
        }
        #expect(serbia.shareByCode.values.contains { $0 != nil })
        #expect(published.codes == ["OF-1", "OF-2", "OF-3", "OF-5", "OF-6"])
        #expect(publication.comparisonColumns.holds(ProtectedDataset(dataset: 4, threshold: 5)))

        // The analyst of BiH's institution sees its 2024 snapshot exactly; Serbia stays published
        let own = try await CountryComparison.load(viewer: Self.analyst, publication: publication)
        #expect(own.countries.map(\.dataset.id) == [3, 4])
        #expect(publication.comparisonColumns.holds(ProtectedDataset(dataset: 3, threshold: 1)))
        #expect(!publication.comparisonColumns.holds(ProtectedDataset(dataset: 4, threshold: 1)))
        #expect(own.countries.last?.shareByCode["OF-6"] == .some(nil))
    }
}
