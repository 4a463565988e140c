import Foundation
import Testing
import WPSCore
import WPSFormats
@testable import WPSStorage

/// The library contract on every engine: search across case, diacritics and script, the same
/// order on SQLite and PostgreSQL, translations both ways, files searched, visibility kept in
/// results, facets and counts.
@Suite struct LibraryStoreTests {
    let admin = Viewer(userId: nil, isPlatformAdmin: true)
    let actor = Actor(userId: nil, name: "tester")

    struct Corpus {
        var store: SQLLibraryStore
        var ministry: Int
        var agency: Int
        var ids: [String: Int]
    }

    /// A small corpus: a Cyrillic regulation, a Latin guideline about a name with đ, its
    /// English translation, an item only the agency sees, and others around them.
    func corpus(_ database: WPSDatabase) async throws -> Corpus {
        let directory = SQLDirectoryStore(database: database)
        let ministry = try await directory.createInstitution(
            InstitutionFields(name: "Ministarstvo odbrane", kind: .ministry, country: "RS", level: "national"), viewer: admin, by: actor).id
        let agency = try await directory.createInstitution(
            InstitutionFields(name: "Agencija za ravnopravnost spolova", kind: .genderMechanism, country: "BA", level: "state"), viewer: admin, by: actor).id
        let store = SQLLibraryStore(database: database)
        var ids: [String: Int] = [:]
        func add(_ key: String, _ fields: LibraryItemFields, translationOf: String? = nil) async throws {
            ids[key] = try await store.createItem(fields, translationOf: translationOf.flatMap { ids[$0] }, viewer: admin, by: actor).id
        }
        try await add("pravilnik", LibraryItemFields(
            kind: .regulation, title: "Правилник о заштити од сексуалног узнемиравања",
            summary: "Правилник уређује пријаву и заштиту.", body: "Члан 1. Овим правилником уређује се поступак заштите од узнемиравања на раду.",
            language: "sr-Cyrl", country: "RS", ownerId: ministry, topics: ["sexual_harassment"], publishedOn: Day("2021-03-01")))
        try await add("smjernica", LibraryItemFields(
            kind: .guideline, title: "Đorđevićeva smjernica", summary: "Smjernica o prijavljivanju uznemiravanja.", body: "Tekst smjernice.",
            language: "bs", country: "BA", ownerId: agency, topics: ["sexual_harassment", "gender_training"], publishedOn: Day("2022-05-10")))
        try await add("guideline", LibraryItemFields(
            kind: .guideline, title: "Đorđević's guideline", summary: "A guideline on reporting harassment (pravilnik in English).",
            language: "en", country: "BA", ownerId: agency, publishedOn: Day("2022-05-10")), translationOf: "smjernica")
        try await add("internal", LibraryItemFields(
            kind: .lessonLearnt, title: "Pravilnik: naučene lekcije", summary: "Samo za agenciju.", language: "bs", country: "BA", ownerId: agency,
            topics: ["sexual_harassment"], publishedOn: Day("2023-01-01"), visibility: .institution))
        try await add("toolkit", LibraryItemFields(
            kind: .toolkit, title: "Priručnik za obuku", summary: "Obuka o pravilniku i uznemiravanju na poslu.", language: "hr", country: "HR",
            ownerId: agency, publishedOn: Day("2020-01-01")))
        return Corpus(store: store, ministry: ministry, agency: agency, ids: ids)
    }

    @Test(arguments: TestDatabase.engines)
    func findsCyrillicAndLatinWhateverIsTyped(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            // When the acceptance queries are typed / Then the regulation is found by each
            for text in ["pravilnik uznemiravanje", "PRAVILNIK", "правилник", "uznemiravanja"] {
                let found = try await corpus.store.search(LibraryQuery(text: text), viewer: .anonymous)
                #expect(found.page.items.map(\.item.id).contains(try #require(corpus.ids["pravilnik"])), "query \(text)")
            }
            for text in ["djordjeviceva", "dordeviceva", "Ђорђевићева"] {
                let found = try await corpus.store.search(LibraryQuery(text: text), viewer: .anonymous)
                #expect(found.page.items.map(\.item.id) == [corpus.ids["smjernica"]], "query \(text)")
            }
            // Every word must be found
            let none = try await corpus.store.search(LibraryQuery(text: "pravilnik zzzz"), viewer: .anonymous)
            #expect(none.page.total == 0 && none.page.items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func ordersByWhereTheWordsAreThenByDateAlikeOnBothEngines(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            let ids = corpus.ids
            // When the public searches "pravilnik"
            let found = try await corpus.store.search(LibraryQuery(text: "pravilnik"), viewer: .anonymous)
            // Then the title match first, then the summaries' by date (the institution's own item is not there)
            #expect(found.page.items.map(\.item.id) == [ids["pravilnik"], ids["guideline"], ids["toolkit"]].compactMap { $0 })
            #expect(found.page.total == 3)
            // And the snippet marks the matching word in the text it was found in
            let snippet = try #require(found.page.items.last?.snippet)
            #expect(snippet.filter(\.marked).map(\.text) == ["pravilniku "])
            #expect(snippet.map(\.text).joined() == "Obuka o pravilniku i uznemiravanju na poslu.")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anInstitutionsItemStaysOutOfOthersResultsFacetsAndCounts(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            let agencyEditor = Viewer(userId: 7, roles: [corpus.agency: .editor])
            let ministryEditor = Viewer(userId: 8, roles: [corpus.ministry: .editor])
            // When each searches the same words
            let theirs = try await corpus.store.search(LibraryQuery(text: "pravilnik"), viewer: agencyEditor)
            let others = try await corpus.store.search(LibraryQuery(text: "pravilnik"), viewer: ministryEditor)
            // Then only the agency's editor finds, counts and facets its lesson
            #expect(theirs.page.total == 4 && theirs.page.items.contains { $0.item.id == corpus.ids["internal"] })
            #expect(theirs.facets["kind"]?.first { $0.value == "lesson_learnt" }?.count == 1)
            #expect(others.page.total == 3 && !others.page.items.contains { $0.item.id == corpus.ids["internal"] })
            #expect(others.facets["kind"]?.contains { $0.value == "lesson_learnt" } == false)
            #expect(others.facets["topic"] == [FacetCount(value: "sexual_harassment", count: 1)])
            #expect(others.facets["year"]?.map(\.value).sorted() == ["2020", "2021", "2022"])
            let item = try await corpus.store.item(id: try #require(corpus.ids["internal"]), viewer: ministryEditor)
            #expect(item == nil)
            // And filters narrow the facets with the results
            let bosnian = try await corpus.store.search(LibraryQuery(language: "bs"), viewer: ministryEditor)
            #expect(bosnian.page.items.map(\.item.id) == [corpus.ids["smjernica"]])
            #expect(bosnian.facets["language"] == [FacetCount(value: "bs", count: 1)])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func translationsLinkBothWaysAndLeaveTogether(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            let bosnian = try #require(corpus.ids["smjernica"])
            let english = try #require(corpus.ids["guideline"])
            // Then each names the other
            #expect(try await corpus.store.item(id: bosnian, viewer: .anonymous)?.translationIds == [english])
            #expect(try await corpus.store.item(id: english, viewer: .anonymous)?.translationIds == [bosnian])
            // When a third language joins through the English one, all three name the other two
            let macedonian = try await corpus.store.createItem(
                LibraryItemFields(kind: .guideline, title: "Смерница", language: "mk", ownerId: corpus.agency), translationOf: english, viewer: admin, by: actor)
            #expect(macedonian.translationIds == [bosnian, english])
            #expect(try await corpus.store.item(id: bosnian, viewer: .anonymous)?.translationIds == [english, macedonian.id])
            // When the first of the group leaves it, the others stay together
            let current = try #require(try await corpus.store.item(id: bosnian, viewer: admin))
            _ = try await corpus.store.updateItem(
                id: bosnian, version: current.version, fields: current.fields, translationOf: .some(nil), viewer: admin, by: actor)
            #expect(try await corpus.store.item(id: bosnian, viewer: .anonymous)?.translationIds == [])
            #expect(try await corpus.store.item(id: english, viewer: .anonymous)?.translationIds == [macedonian.id])
            // And an item cannot join a group it does not see
            let hidden = try #require(corpus.ids["internal"])
            await #expect(throws: StoreError.self) {
                _ = try await corpus.store.createItem(
                    LibraryItemFields(kind: .guideline, title: "X", language: "en", ownerId: corpus.ministry), translationOf: hidden,
                    viewer: Viewer(userId: 8, roles: [corpus.ministry: .editor]), by: actor)
            }
        }
    }

    /// Reading a PDF needs Poppler's `pdftotext`: on a machine without it these tests are skipped
    /// (the server then keeps PDFs unsearched, as it says); CI installs it and requires them.
    static let readsPDFs = DocumentText.pdftotext != nil || ProcessInfo.processInfo.environment["WPS_TESTS_NEED_PDFTOTEXT"] != nil

    @Test(.enabled(if: readsPDFs, "pdftotext (poppler-utils) is installed"), arguments: TestDatabase.engines)
    func aPDFsTextIsFoundAndAFileThatIsNotOneIsRefused(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            let item = try #require(corpus.ids["toolkit"])
            // Given a PDF whose text says words no item says
            let pdf = TinyPDF.make("Modul za kadete: prijavljivanje izvan lanca komandovanja")
            let text = await DocumentText.extract(pdf, kind: .pdf)
            try #require(DocumentText.pdftotext != nil, "pdftotext (poppler-utils) is installed where the tests run")
            // When it is attached
            let attachment = try await corpus.store.attach(fileName: "modul.pdf", bytes: pdf, text: text, toItem: item, viewer: admin, by: actor)
            // Then its words find the item, with a snippet from the file
            let found = try await corpus.store.search(LibraryQuery(text: "komandovanje kadeti"), viewer: .anonymous)
            #expect(found.page.items.map(\.item.id) == [item])
            #expect(found.page.items.first?.snippet.contains { $0.marked && $0.text.hasPrefix("komandovanja") } == true)
            #expect(try await corpus.store.item(id: item, viewer: .anonymous)?.attachments.map(\.searchable) == [true])
            #expect(attachment.fileName == "modul.pdf" && attachment.kind == "pdf")
            // A text file named .pdf is refused, and so is a Word file named .pdf; nothing is kept
            for (bytes, code) in [(Array("<html>not a pdf</html>".utf8), "unsupported_type"), (TinyDOCX.make("Riječ"), "type_mismatch")] {
                do {
                    _ = try await corpus.store.attach(fileName: "pravilnik.pdf", bytes: bytes, text: nil, toItem: item, viewer: admin, by: actor)
                    Issue.record("a file that is not a PDF was kept")
                } catch StoreError.invalid(let errors) {
                    #expect(errors.map(\.code) == [code])
                }
            }
            #expect(try await corpus.store.item(id: item, viewer: .anonymous)?.attachments.count == 1)
            // Removing the file takes its words out of the index
            try await SQLAttachmentStore(database: database).remove(id: attachment.id, viewer: admin, by: actor)
            #expect(try await corpus.store.search(LibraryQuery(text: "komandovanje"), viewer: .anonymous).page.total == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func itemsWrittenStraightIntoTheDatabaseAreFoundAfterReindexing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            // Given 1,205 items written into the table without the index (as an import or the
            // benchmark does), more than one batch of the reindex
            try await database.transaction { sql in
                for n in 0..<1_205 {
                    let title = n == 1_204 ? "Posljednji pravilnik o čuvanju" : "Izvještaj broj \(n)"
                    try await sql.raw("""
                        INSERT INTO library_items (kind, title, summary, body, language, group_id, country, owner_id, topics, visibility,
                            created_at, updated_at)
                        VALUES ('report', \(bind: title), 'Sažetak.', \(bind: "Čuvanje dokumenata, stavka \(n)."), 'bs', 0, 'BA',
                            \(bind: corpus.agency), '', 'public', '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z')
                        """).run()
                }
                try await sql.raw("UPDATE library_items SET group_id = id WHERE group_id = 0").run()
            }
            #expect(try await corpus.store.search(LibraryQuery(text: "cuvanje"), viewer: .anonymous).page.total == 0)
            // When the index is built again / Then every item is found, by title and body, once
            #expect(try await corpus.store.reindexAll() == 1_210)
            let found = try await corpus.store.search(LibraryQuery(text: "čuvanje"), viewer: .anonymous)
            #expect(found.page.total == 1_205 && found.facets["kind"] == [FacetCount(value: "report", count: 1_205)])
            #expect(found.page.items.first?.item.fields.title == "Posljednji pravilnik o čuvanju")
            #expect(try await corpus.store.search(LibraryQuery(text: "PRAVILNIK"), viewer: .anonymous).page.total == 4)
            // And the items written through the store before are still found as before
            #expect(try await corpus.store.search(LibraryQuery(text: "djordjeviceva"), viewer: .anonymous).page.items.map(\.item.id) == [corpus.ids["smjernica"]])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aWordDocumentsTextIsFound(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let corpus = try await corpus(database)
            let item = try #require(corpus.ids["toolkit"])
            let docx = TinyDOCX.make("Kurikulum za kadete &amp; instruktore")
            let text = await DocumentText.extract(docx, kind: .docx)
            #expect(text == "Kurikulum za kadete & instruktore")
            _ = try await corpus.store.attach(fileName: "kurikulum.docx", bytes: docx, text: text, toItem: item, viewer: admin, by: actor)
            #expect(try await corpus.store.search(LibraryQuery(text: "kurikulum instruktori"), viewer: .anonymous).page.items.map(\.item.id) == [item])
        }
    }
}

/// A one-page PDF with a line of (ASCII) text in Helvetica, with a correct cross-reference table.
enum TinyPDF {
    static func make(_ text: String) -> [UInt8] {
        let content = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}

/// A Word document of one paragraph (the XML text is written as given, entities and all).
enum TinyDOCX {
    static func make(_ xmlText: String) -> [UInt8] {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:body><w:p><w:r><w:t>\(xmlText)</w:t></w:r></w:p></w:body></w:document>
            """
        let types = #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>"#
        return StoredZip.make([("[Content_Types].xml", Array(types.utf8)), ("word/document.xml", Array(document.utf8))])
    }
}

/// A zip archive whose parts are stored (not compressed), with their CRC-32: enough to make
/// small Office documents in tests.
enum StoredZip {
    static func make(_ parts: [(String, [UInt8])]) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, bytes) in parts {
            let crc = crc32(bytes)
            let offset = UInt32(out.count)
            let header = u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(crc) + u32(UInt32(bytes.count)) + u32(UInt32(bytes.count))
                + u16(name.utf8.count) + u16(0)
            out += u32(0x0403_4B50) + header + Array(name.utf8) + bytes
            central += u32(0x0201_4B50) + u16(20) + header + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + Array(name.utf8)
        }
        let start = UInt32(out.count)
        out += central
        out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(parts.count) + u16(parts.count) + u32(UInt32(central.count)) + u32(start) + u16(0)
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
