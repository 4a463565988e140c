import ArgumentParser
import Foundation
import Logging
import WPSCore
import WPSFormats
import WPSStorage
#if canImport(Glibc)
import Glibc
#endif

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the platform (not a test: figures depend on the machine).", subcommands: [Personnel.self])

    struct Personnel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the import of a personnel file and the table sex × NATO code × category, and the import's peak memory.",
            discussion: """
                Without --file, writes a deterministic Windows-1250, ';'-separated file of N people first (not timed). Imports \
                it end to end (read, decode, check, map ranks, store in one transaction) into a new SQLite database in a \
                temporary folder (or --database), then counts sex × NATO code × category once to warm up and --repeat times \
                more, reporting the median. scripts/bench/personnel.py runs this next to DuckDB and pandas on the same file.
                """)

        @Option(help: "Number of people in the generated file.") var rows: Int = 1_000_000
        @Option(help: "Import this file instead of generating one.") var file: String?
        @Option(help: "Seed of the generated file.") var seed: UInt64 = 1325
        @Option(help: "Database to import into (default: a new SQLite file in a temporary folder, removed afterwards).") var database: String?
        @Option(help: "How many warm runs of the table to time.") var `repeat`: Int = 5
        @Flag(help: "Print the figures as one JSON object.") var json = false

        func validate() throws {
            guard rows > 0, rows <= 50_000_000 else { throw ValidationError("--rows must be between 1 and 50,000,000.") }
            guard `repeat` > 0 else { throw ValidationError("--repeat must be at least 1.") }
            if let file, !FileManager.default.fileExists(atPath: file) { throw ValidationError("--file \(file) does not exist.") }
        }

        func run() async throws {
            CommandLogging.bootstrap(level: .warning)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wps-bench-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let ranks = try RankReference.load()

            let path = try file ?? Self.generate(rows: rows, seed: seed, ranks: ranks, into: folder)
            let location = try database.map { try DatabaseLocation(parsing: $0) } ?? .sqlite(path: folder + "/bench.sqlite")
            let logger = Logger(label: "wps-bench")
            let db = try await WPSDatabase.open(location, logger: logger)
            _ = try await Migrator.migrate(db, logger: logger)
            try await Seeder.seedReferenceData(db)
            let institution = try await SQLDirectoryStore(database: db).createInstitution(
                InstitutionFields(name: "Benchmark ministry", kind: .ministryOfDefence, country: "BA", level: "state", visibility: .institution),
                viewer: Viewer(userId: nil, isPlatformAdmin: true), by: .system("wps bench")
            ).id
            let tableRanks = try await SQLRankStore(database: db).ranks(country: nil)
            let memoryBefore = Self.peakResidentMegabytes()

            let clock = ContinuousClock()
            let started = clock.now
            let dataset: Int
            do {
                dataset = try await PersonnelImporter(database: db).run(
                    .init(path: path, institutionId: institution, referenceDate: Day("2024-12-31") ?? .epoch),
                    ranks: tableRanks, by: .system("wps bench"))
            } catch let failure as PersonnelImporter.Failure {
                await db.close()
                throw Failure(Import.Personnel.explain(failure))
            }
            let importTime = clock.now - started
            let memoryPeak = Self.peakResidentMegabytes()

            let store = SQLDatasetStore(database: db)
            let dimensions: [AnalysisDimension] = [.sex, .natoCode, .category]
            let groups = try await store.counts(datasetId: dataset, dimensions: dimensions).count
            var times: [Duration] = []
            for _ in 0..<`repeat` {
                let start = clock.now
                _ = try await store.counts(datasetId: dataset, dimensions: dimensions)
                times.append(clock.now - start)
            }
            let imported = try await store.dataset(id: dataset, viewer: Viewer(userId: nil, isPlatformAdmin: true))?.rowCount ?? 0
            await db.close()

            let figures = Figures(
                rows: imported, importSeconds: importTime.seconds, rowsPerSecond: Double(imported) / max(importTime.seconds, 1e-9),
                tableSeconds: times.sorted()[times.count / 2].seconds, tableGroups: groups,
                peakMemoryMB: memoryPeak, memoryBeforeImportMB: memoryBefore, engine: location.engineName)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(figures), as: UTF8.self))
            } else {
                print(figures.text)
            }
        }

        static func generate(rows: Int, seed: UInt64, ranks: [RankMapping], into folder: String) throws -> String {
            let path = folder + "/personnel-\(rows).csv"
            var generator = PersonnelGenerator(country: "BA", seed: seed, year: 2024, ranks: ranks)
            let writer = try CSVWriter(path: path, encoding: .windows1250, separator: UInt8(ascii: ";"))
            defer { writer.close() }
            try writer.write(PersonnelGenerator.header)
            for _ in 0..<rows { try writer.write(generator.nextRow()) }
            return path
        }

        /// The process's peak resident memory so far, in MB: Linux's `VmHWM`, which counts from this
        /// program's start. (getrusage's ru_maxrss outlives `exec`: started by a large process —
        /// the benchmark script holding a shuffled million rows — it reported that process's 741 MB.)
        static func peakResidentMegabytes() -> Double {
            if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kilobytes = Double(line.dropFirst("VmHWM:".count).split(whereSeparator: \.isWhitespace).first ?? "")
            {
                return kilobytes / 1024
            }
            var usage = rusage()
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1024
        }
    }

    struct Figures: Codable {
        var rows: Int
        var importSeconds: Double
        var rowsPerSecond: Double
        var tableSeconds: Double
        var tableGroups: Int
        var peakMemoryMB: Double
        var memoryBeforeImportMB: Double
        var engine: String

        var text: String {
            """
            rows imported                      \(rows)  (\(engine))
            import, end to end                 \(String(format: "%.2f s  (%.0f rows/s)", importSeconds, rowsPerSecond))
            table sex × NATO code × category   \(String(format: "%.4f s warm, median", tableSeconds))  (\(tableGroups) groups)
            peak resident memory               \(String(format: "%.0f MB  (%.0f MB before the import)", peakMemoryMB, memoryBeforeImportMB))
            """
        }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

extension DatabaseLocation {
    var engineName: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}
