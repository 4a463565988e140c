import Foundation
import Logging
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage

/// A plan matrix as an agency keeps it (Windows-1250 CSV with the region's headers, or a sheet of
/// a workbook) builds the plan's tree; a matrix with any bad row names the row and adds nothing.
@Suite struct PlanMatrixImportTests {
    static let admin = Viewer(userId: nil, isPlatformAdmin: true)

    static func draftPlan(_ database: WPSDatabase) async throws -> Int {
        _ = try await Seeder.loadDemo(database, sections: [.directory, .plans], logger: Logger(label: "test"))
        let plans = try await SQLPlanStore(database: database).plans(DirectoryQuery(), viewer: admin).items
        return try #require(plans.first { $0.fields.kind == .regional }).id
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("matrica-\(UUID().uuidString).csv").path
        try #require(text.data(using: .windowsCP1250)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let header = "Šifra;Naziv;Indikator;Jedinica mjere;Polazna vrijednost;Godina polazne vrijednosti;Ciljna vrijednost;Godina ciljne vrijednosti;Nosilac;Partneri;Početak;Kraj;Budžet;Valuta\r\n"

    @Test(arguments: TestDatabase.engines)
    func aGoodMatrixBuildsTheTree(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let plan = try await Self.draftPlan(database)
            let path = try Self.write(Self.header + """
                1.1;Rodna perspektiva u mehanizmima;;;;;;;;;;;;\r
                1.1.1;Obuka kontakt osoba;Broj obučenih kontakt osoba;broj;0;2024;40;2027;ARS BiH;"MO BiH; MORH";1.3.2025.;2026;12.500,50;bam\r
                1.1;;Udio mehanizama s planom;%;;;80;2028;;;;;;\r
                """)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let outcome = try await PlanMatrixImporter(database: database).run(path: path, planId: plan, sheet: nil, viewer: Self.admin, by: .system("test"))
            #expect(outcome == PlanMatrixImporter.Outcome(nodes: 2, indicators: 2))
            let tree = try #require(try await SQLPlanStore(database: database).tree(planId: plan, viewer: Self.admin))
            let byCode = Dictionary(uniqueKeysWithValues: tree.nodes.map { ($0.node.fields.code, $0) })
            let objective = try #require(byCode["1.1"])
            let measure = try #require(byCode["1.1.1"])
            #expect(objective.node.fields.kind == .objective && objective.node.fields.parentId == byCode["1"]?.node.id)
            #expect(measure.node.fields.kind == .measure && measure.node.fields.parentId == objective.node.id)
            let directory = SQLDirectoryStore(database: database)
            let names = try await directory.institutionNames(ids: measure.node.fields.leadIds + measure.node.fields.partnerIds, viewer: Self.admin)
            #expect(measure.node.fields.leadIds.compactMap { names[$0] } == ["Agencija za ravnopravnost spolova Bosne i Hercegovine"])
            #expect(measure.node.fields.partnerIds.count == 2)
            #expect(measure.node.fields.start == Day("2025-03-01") && measure.node.fields.end == Day("2026-12-31"))
            #expect(measure.node.fields.budget == Budget(amount: 12_500.5, currency: "BAM"))
            let indicator = try #require(measure.indicators.first)
            #expect(indicator.fields.unit == .count && indicator.fields.baseline == YearValue(value: 0, year: 2024) && indicator.fields.target == YearValue(value: 40, year: 2027))
            #expect(objective.indicators.first?.fields.unit == .percent && objective.indicators.first?.fields.target?.value == 80)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aMatrixWithABadRowNamesItAndAddsNothing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let plan = try await Self.draftPlan(database)
            let before = try #require(try await SQLPlanStore(database: database).tree(planId: plan, viewer: Self.admin)).nodes.count
            let path = try Self.write(Self.header + """
                1.1;Rodna perspektiva;;;;;;;;;;;;\r
                4.2.1;Bez roditelja;;;;;;;;;;;;\r
                1.1.1;Obuka;Udio;postotci;;;;;Nepoznata agencija;;2025-13-01;;abc;\r
                1.1.2;Kampanja;;;;;;;;;;;;\r
                2;Već postoji;;;;;;;;;;;;\r
                """)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try await PlanMatrixImporter(database: database).run(path: path, name: "matrica.csv", planId: plan, sheet: nil, viewer: Self.admin, by: .system("test"))
                Issue.record("a bad matrix was imported")
            } catch PlanMatrixImporter.Failure.problems(let failure) {
                let found = Set(failure.problems.map { "\($0.row) \($0.column) \($0.value) \($0.rule)" })
                #expect(found == [
                    "3 Šifra 4.2.1 no_parent",
                    "4 Nosilac Nepoznata agencija unknown_institution",
                    "4 Početak 2025-13-01 invalid_date",
                    "4 Budžet abc invalid_number",
                    "4 Jedinica mjere postotci unknown_unit",
                    "6 Šifra 2 code_taken",
                ], "\(found)")
                #expect(failure.problems.allSatisfy { $0.file == "matrica.csv" })
            }
            #expect(try #require(try await SQLPlanStore(database: database).tree(planId: plan, viewer: Self.admin)).nodes.count == before)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aWorkbookSheetIsReadByName(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let plan = try await Self.draftPlan(database)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("matrica-\(UUID().uuidString).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try XLSXWriter.data([
                XLSXSheetContent(name: "Uvod", rows: [["Matrica akcionog plana"]]),
                XLSXSheetContent(name: "Matrica", rows: [
                    ["Code", "Title", "Indicator", "Unit", "Target", "Target year", "Lead"],
                    ["3.1", "Prevention of violence", "", "", "", "", ""],
                    ["3.1.1", "Helpline for survivors", "Calls answered", "count", 1200, 2027, "Ministry of Defence of Serbia"],
                ]),
            ]).write(to: URL(fileURLWithPath: path))
            let outcome = try await PlanMatrixImporter(database: database).run(path: path, planId: plan, sheet: "Matrica", viewer: Self.admin, by: .system("test"))
            #expect(outcome == PlanMatrixImporter.Outcome(nodes: 2, indicators: 1))
            let tree = try #require(try await SQLPlanStore(database: database).tree(planId: plan, viewer: Self.admin))
            #expect(tree.nodes.first { $0.node.fields.code == "3.1.1" }?.indicators.first?.fields.target == YearValue(value: 1200, year: 2027))
        }
    }
}
