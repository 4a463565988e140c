import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
import WPSFormats
import WPSStorage
@testable import WPSWeb

/// Files attached to progress reports and evaluations: the ministry attaches its annex to its
/// draft report and the agency reads it back byte for byte; what a file's bytes say decides its
/// kind, not its name; a submitted report or a locked period keeps its files; readers of the
/// report (and only they) download them.
@Suite struct AttachmentTests {
    static func upload(
        _ client: any TestClientProtocol, _ path: String, name: String, bytes: [UInt8], token: String?
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = "application/octet-stream"
        let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return try await client.execute(uri: "\(path)?filename=\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// A PDF of `size` bytes (a header and filler: the kind is read from the first bytes).
    static func pdf(_ size: Int) -> [UInt8] {
        var bytes = Array("%PDF-1.7\n".utf8)
        var seed: UInt64 = 0x1325
        while bytes.count < size {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: seed >> 33))
        }
        return bytes
    }

    @Test(arguments: TestDatabase.engines)
    func aReportsAnnexIsKeptReadBackAndFrozenWithTheReport(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let s = try await ReportWorkflowTests.setUp(client, services)
            let period = try #require(try await api(client, .post, "/api/v1/plans/\(s.plan)/periods", token: s.coordinator,
                                                    json: #"{"name":"2020","start":"2020-01-01","end":"2020-12-31"}"#).object["id"] as? Int)
            let report = try #require(try await api(client, .post, "/api/v1/periods/\(period)/reports", token: s.reporter,
                                                    json: #"{"institution_id":\#(s.ministry)}"#).object["id"] as? Int)
            let path = "/api/v1/reports/\(report)/attachments"

            // The ministry attaches a 2.5 MB annex (three parts in the database)
            let annex = Self.pdf(2_500_000)
            let added = try await Self.upload(client, path, name: "Aneks izvještaja – Ministarstvo.pdf", bytes: annex, token: s.reporter)
            #expect(added.status == .created, "\(added.text.prefix(300))")
            let id = try #require(added.object["id"] as? Int)
            #expect(added.object["kind"] as? String == "pdf")
            #expect(added.object["size"] as? Int == annex.count)
            #expect(added.object["file_name"] as? String == "Aneks izvještaja – Ministarstvo.pdf")
            #expect(added.headers[.location] == "/api/v1/attachments/\(id)")

            // The agency (coordinator) lists it and reads back the same bytes, as a download
            let listed = try await api(client, .get, path, token: s.coordinator)
            #expect(listed.items.map { $0["id"] as? Int } == [id])
            let content = try await api(client, .get, "/api/v1/attachments/\(id)/content", token: s.coordinator)
            #expect(content.status == .ok)
            #expect(Array(content.body.readableBytesView) == annex)
            #expect(content.headers[.contentType] == "application/pdf")
            #expect(content.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"Aneks izvje_taja _ Ministarstvo.pdf\"") == true)

            // Before publication another ministry and an anonymous reader learn nothing
            for token in [s.outsider, nil] {
                #expect(try await api(client, .get, "/api/v1/attachments/\(id)/content", token: token).status == .notFound)
                #expect(try await api(client, .get, path, token: token).status == .notFound)
            }
            #expect(try await Self.upload(client, path, name: "x.pdf", bytes: Self.pdf(100), token: s.outsider).status == .notFound)

            // A web page named .pdf is refused by its bytes, and nothing is kept
            let page = Array("<html><script>alert(1)</script></html>".utf8)
            let refused = try await Self.upload(client, path, name: "report.pdf", bytes: page, token: s.reporter)
            #expect(refused.status == .unprocessableContent && refused.errorCode == "validation_failed", "\(refused.text)")
            #expect(refused.text.contains("unsupported_type"))
            #expect(try await api(client, .get, path, token: s.reporter).items.count == 1)
            // An empty body is refused too
            #expect(try await Self.upload(client, path, name: "empty.pdf", bytes: [], token: s.reporter).status == .unprocessableContent)

            // A workbook sent under a wrong name is kept as what it is
            let workbook = try XLSXWriter.data([XLSXSheetContent(name: "Podaci", rows: [["Žene", 12]])])
            let sheet = try await Self.upload(client, path, name: "tabela.pdf", bytes: Array(workbook), token: s.reporter)
            #expect(sheet.object["kind"] as? String == "xlsx")
            #expect(sheet.object["file_name"] as? String == "tabela.pdf.xlsx")
            let sheetId = try #require(sheet.object["id"] as? Int)
            // The coordinator's member may read but not remove it
            #expect(try await api(client, .delete, "/api/v1/attachments/\(sheetId)", token: s.agencyMember).status == .forbidden)
            #expect(try await api(client, .delete, "/api/v1/attachments/\(sheetId)", token: s.reporter).status == .noContent)
            #expect(try await api(client, .get, "/api/v1/attachments/\(sheetId)", token: s.reporter).status == .notFound)

            // The history names each file added and removed, with who
            let history = try await api(client, .get, "/api/v1/reports/\(report)/history", token: s.coordinator).items
            #expect(history.compactMap { $0["action"] as? String }.filter { $0 == "attach" || $0 == "detach" } == ["attach", "attach", "detach"])
            #expect(history.contains { $0["action"] as? String == "detach" && $0["comment"] as? String == "tabela.pdf.xlsx" })

            // Submitted, the report's files are frozen
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/submit", token: s.reporter, json: "{}").status == .ok)
            let frozen = try await Self.upload(client, path, name: "late.pdf", bytes: Self.pdf(100), token: s.reporter)
            #expect(frozen.status == .conflict && frozen.errorCode == "report_not_editable")
            #expect(try await api(client, .delete, "/api/v1/attachments/\(id)", token: s.reporter).errorCode == "report_not_editable")
            // Returned, they change again; in a locked period, never
            #expect(try await api(client, .post, "/api/v1/reports/\(report)/return", token: s.coordinator, json: #"{"comment":"Add the 2020 annex"}"#).status == .ok)
            #expect(try await api(client, .post, "/api/v1/periods/\(period)/lock", token: s.coordinator, json: "{}").status == .ok)
            let locked = try await Self.upload(client, path, name: "late.pdf", bytes: Self.pdf(100), token: s.reporter)
            #expect(locked.status == .conflict && locked.errorCode == "period_locked")
            #expect(try await api(client, .delete, "/api/v1/attachments/\(id)", token: s.reporter).errorCode == "period_locked")
            #expect(try await api(client, .get, path, token: s.reporter).items.count == 1)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anEvaluationsFilesAreTheCoordinatorsAndItsPlansReadersSeeThem(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let s = try await ReportWorkflowTests.setUp(client, services)
            let evaluation = try #require(try await api(client, .post, "/api/v1/plans/\(s.plan)/evaluations", token: s.coordinator,
                                                        json: #"{"kind":"mid_term","evaluator":"Independent evaluator"}"#).object["id"] as? Int)
            let path = "/api/v1/evaluations/\(evaluation)/attachments"
            #expect(try await Self.upload(client, path, name: "e.pdf", bytes: Self.pdf(500), token: s.reporter).status == .forbidden)
            #expect(try await Self.upload(client, path, name: "e.pdf", bytes: Self.pdf(500), token: nil).status == .unauthorized)
            let added = try await Self.upload(client, path, name: "../../etc/Evaluacija\u{0}.pdf", bytes: Self.pdf(500), token: s.coordinator)
            #expect(added.status == .created, "\(added.text)")
            #expect(added.object["file_name"] as? String == "Evaluacija.pdf")
            let id = try #require(added.object["id"] as? Int)
            // The plan is public: anyone reads the evaluation's files
            let read = try await api(client, .get, "/api/v1/attachments/\(id)/content")
            #expect(read.status == .ok && Array(read.body.readableBytesView) == Self.pdf(500))
            #expect(try await api(client, .get, path).items.count == 1)
            // Larger than the limit: 413, nothing kept
            let large = try await Self.upload(client, path, name: "big.pdf", bytes: Self.pdf(SQLAttachmentStore.sizeLimit + 1), token: s.coordinator)
            #expect(large.status == .contentTooLarge)
            #expect(try await api(client, .get, path).items.count == 1)
        }
    }
}
