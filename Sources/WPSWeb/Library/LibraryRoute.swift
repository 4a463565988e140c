import Foundation
import Hummingbird
import WPSCore
import WPSFormats
import WPSStorage

/// The library in the JSON API: search with facets and snippets, items with their translations,
/// links and files.
enum LibraryRoute: APISlice {
    case searchLibrary, createLibraryItem, getLibraryItem, updateLibraryItem, deleteLibraryItem, addLibraryAttachment

    var method: HTTPRequest.Method {
        switch self {
        case .searchLibrary, .getLibraryItem: .get
        case .createLibraryItem, .addLibraryAttachment: .post
        case .updateLibraryItem: .patch
        case .deleteLibraryItem: .delete
        }
    }

    var path: String {
        switch self {
        case .searchLibrary, .createLibraryItem: "/api/v1/library"
        case .getLibraryItem, .updateLibraryItem, .deleteLibraryItem: "/api/v1/library/{id}"
        case .addLibraryAttachment: "/api/v1/library/{id}/attachments"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        let tag = "library"
        switch self {
        case .searchLibrary:
            let text: [String: any Sendable] = ["type": "string", "maxLength": 500]
            let parameters: [[String: any Sendable]] = [
                ["name": "q", "in": "query", "required": false, "schema": text,
                 "description": "words, in any case, with or without diacritics, in Latin or Cyrillic; every word must be found (a prefix after one BCS ending is taken off)"],
                ["name": "kind", "in": "query", "required": false, "schema": S.choice(LibraryKind.allCases.map(\.rawValue))],
                ["name": "country", "in": "query", "required": false, "schema": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable]],
                ["name": "language", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 20] as [String: any Sendable]],
                ["name": "topic", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 60] as [String: any Sendable]],
                ["name": "year", "in": "query", "required": false,
                 "schema": ["type": "integer", "minimum": LibraryRoute.years.lowerBound, "maximum": LibraryRoute.years.upperBound] as [String: any Sendable]],
            ] + S.pageParameters
            return APIOperation(
                summary: "Search the library: items the caller sees, most relevant first (every word in the title, then in title or summary, then anywhere including the files' text; then latest published), with a snippet and facets by kind, country, language, topic and year",
                tag: tag, query: parameters, success: ("200", "LibraryResults"), validates: true)
        case .createLibraryItem:
            return APIOperation(
                summary: "Add an item (editors and admins of its owning institution); 'translation_of' joins that item's group of translations",
                tag: tag, body: "LibraryItemInput", success: ("201", "LibraryItem"), validates: true)
        case .getLibraryItem: return APIOperation(summary: "Read one item, with its translations, links and files", tag: tag, success: ("200", "LibraryItem"))
        case .updateLibraryItem:
            return APIOperation(
                summary: "Change an item; 'version' must be the version read, else 409; 'translation_of' an id joins that group, null leaves the group",
                tag: tag, body: "LibraryItemChange", success: ("200", "LibraryItem"), validates: true)
        case .deleteLibraryItem:
            let version: [[String: any Sendable]] = [["name": "version", "in": "query", "required": false, "schema": S.identifier]]
            return APIOperation(summary: "Mark an item deleted", tag: tag, query: version, success: ("204", nil), validates: true)
        case .addLibraryAttachment:
            return APIOperation(
                summary: "Attach a file to an item (multipart/form-data, the file in the field 'file'): PDF, DOCX, XLSX, ODT and the other kinds of attachments, recognised by the bytes (a name that says another kind is refused: type_mismatch); the text of PDFs (when the server has pdftotext), Word, OpenDocument and Excel files is searched",
                tag: tag, success: ("201", "Attachment"), validates: true, multipartBody: "LibraryUpload")
        }
    }

    static let years = 1900...2100

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let ids: [String: any Sendable] = ["type": "array", "items": S.integer]
        var attachment = (AttachmentRoute.schemas["Attachment"] as? [String: any Sendable]) ?? [:]
        if var properties = attachment["properties"] as? [String: [String: any Sendable]] {
            properties["searchable"] = S.boolean
            attachment["properties"] = properties
            attachment["required"] = properties.keys.sorted()
        }
        let item: [String: [String: any Sendable]] = [
            "id": S.integer, "kind": S.choice(LibraryKind.allCases.map(\.rawValue)), "title": S.string, "summary": S.string, "body": S.string,
            "language": S.string, "translation_ids": ids, "country": S.nullableString, "institution_ids": ids, "owner_institution_id": S.integer,
            "topics": ["type": "array", "items": S.string], "published_on": S.date, "plan_ids": ids, "measure_ids": ids, "activity_ids": ids,
            "project_ids": ids, "attachments": ["type": "array", "items": attachment], "visibility": S.choice(Visibility.allCases.map(\.rawValue)),
            "version": S.integer, "deleted": S.boolean,
        ]
        var hit = item
        hit["snippet"] = S.string
        hit["snippet_parts"] = ["type": "array", "items": S.object(["text": S.string, "marked": S.boolean], required: ["marked", "text"])]
        let facet: [String: any Sendable] = ["type": "array", "items": S.object(["value": S.string, "count": S.integer], required: ["count", "value"])]
        let facets = S.object(Dictionary(uniqueKeysWithValues: LibraryResults.facetNames.map { ($0, facet) }), required: LibraryResults.facetNames)
        let idsInput: [String: any Sendable] = ["type": "array", "items": S.identifier, "maxItems": 200, "uniqueItems": true]
        var input: [String: [String: any Sendable]] = [
            "kind": S.choice(LibraryKind.allCases.map(\.rawValue)),
            "title": ["type": "string", "pattern": S.visibleText, "maxLength": 500], "summary": ["type": "string", "maxLength": 5000],
            "body": ["type": "string", "maxLength": LibraryItemFields.largestBody, "description": "plain text; paragraphs separated by blank lines"],
            "language": ["type": "string", "pattern": "^[a-z]{2,3}(-([A-Z][a-z]{3}|[A-Z]{2}))?$", "description": "bs, hr, sr, sr-Cyrl, mk, sq, en, …"],
            "country": ["type": ["string", "null"], "pattern": "^([A-Za-z]{2})?$", "description": "a country of the directory; null or \"\" for a regional item"],
            "owner_institution_id": S.identifier.merging(["description": "the institution that keeps the item; the caller is its editor or admin"]) { $1 },
            "institution_ids": idsInput,
            "topics": ["type": "array", "maxItems": 50, "uniqueItems": true, "items": ["type": "string", "maxLength": 60] as [String: any Sendable],
                       "description": "codes of the areas of expertise (GET /api/v1/areas)"],
            "published_on": S.dateInput, "plan_ids": idsInput, "measure_ids": idsInput, "activity_ids": idsInput, "project_ids": idsInput,
            "visibility": S.choice(Visibility.allCases.map(\.rawValue)),
            "translation_of": S.nullableIdentifier.merging(["description": "an item (not this one) that this one translates: it joins that item's group"]) { $1 },
        ]
        let create = ExpertiseRoute.closed(S.object(input, required: ["kind", "title", "language", "owner_institution_id"]))
        input["version"] = S.identifier.merging(["description": "the version that was read; a stale one answers 409"]) { $1 }
        return [
            "LibraryItem": S.object(item, required: item.keys.sorted()),
            "LibraryHit": S.object(hit, required: hit.keys.sorted()),
            "LibraryResults": S.object([
                "items": ["type": "array", "items": S.ref("LibraryHit")], "page": S.integer, "per_page": S.integer, "total": S.integer, "facets": facets,
            ], required: ["facets", "items", "page", "per_page", "total"]),
            "LibraryItemInput": create,
            "LibraryItemChange": ExpertiseRoute.closed(S.object(input, required: ["version"])),
            "LibraryUpload": S.object(["file": ["type": "string", "format": "binary"]], required: ["file"]),
        ]
    }

    static let inputFields: Set<String> = [
        "kind", "title", "summary", "body", "language", "country", "owner_institution_id", "institution_ids", "topics", "published_on", "plan_ids",
        "measure_ids", "activity_ids", "project_ids", "visibility", "translation_of",
    ]

    /// Reads `q`, `kind`, `country`, `language`, `topic`, `year`, `page`, `per_page`; 422 naming each bad one.
    static func query(_ request: Request) throws -> LibraryQuery {
        let parameters = request.query
        var errors: [FieldError] = []
        var query = LibraryQuery(page: PageRequest(page: 1, perPage: 20))
        if let text = parameters.get("q") {
            if text.unicodeScalars.count <= 500 { query.text = text } else { errors.append(FieldError(field: "q", code: "too_long", value: String(text.prefix(40)))) }
        }
        if let text = parameters.get("kind") {
            if let kind = LibraryKind(rawValue: text) { query.kind = kind } else {
                errors.append(FieldError(field: "kind", code: "invalid_value", value: String(text.prefix(40))))
            }
        }
        if let text = parameters.get("country") {
            if text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) { query.country = text.uppercased() } else {
                errors.append(FieldError(field: "country", code: "not_iso_3166", value: String(text.prefix(40))))
            }
        }
        if let text = parameters.get("language"), !text.isEmpty {
            if text.count <= 20 { query.language = text } else { errors.append(FieldError(field: "language", code: "too_long", value: String(text.prefix(40)))) }
        }
        if let text = parameters.get("topic"), !text.isEmpty {
            if text.count <= 60 { query.topic = text } else { errors.append(FieldError(field: "topic", code: "too_long", value: String(text.prefix(40)))) }
        }
        func number(_ name: String, in range: ClosedRange<Int>) -> Int? {
            guard let text = parameters.get(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                errors.append(FieldError(field: name, code: "out_of_range", value: String(text.prefix(40))))
                return nil
            }
            return value
        }
        query.year = number("year", in: years)
        let page = number("page", in: 1...PageRequest.maximumPage) ?? 1
        let perPage = number("per_page", in: 1...PageRequest.maximumPerPage) ?? 20
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        query.page = PageRequest(page: page, perPage: perPage)
        return query
    }

    static func handlers(services: AppServices) -> @Sendable (LibraryRoute) -> APIHandler {
        let store = services.library
        return { route in
            switch route {
            case .searchLibrary:
                return { request, context in
                    let results = try await store.search(try query(request), viewer: context.viewer)
                    return try JSONResponse(LibraryResultsJSON(results: results)).response(from: request, context: context)
                }
            case .createLibraryItem:
                return PlanRoute.create(
                    read: { input, _ in LibraryInput.read(&input, onto: nil) },
                    save: { _, input, who in
                        try await store.createItem(input.fields, translationOf: input.translationOf ?? nil, viewer: who.viewer, by: who.actor)
                    },
                    json: { LibraryItemJSON(item: $0) }, location: { "/api/v1/library/\($0.id)" })
            case .getLibraryItem:
                return PlanRoute.get(store.item) { $0.deleted ? nil : LibraryItemJSON(item: $0) }
            case .updateLibraryItem:
                return PlanRoute.change(
                    load: { id, viewer in try await store.item(id: id, viewer: viewer).flatMap { $0.deleted ? nil : $0 } },
                    part: { LibraryInput(fields: $0.fields, translationOf: nil) },
                    read: { input, part in part = LibraryInput.read(&input, onto: part.fields) },
                    save: { id, version, input, who in
                        try await store.updateItem(
                            id: id, version: version, fields: input.fields, translationOf: input.translationOf, viewer: who.viewer, by: who.actor)
                    },
                    json: { item, _ in LibraryItemJSON(item: item) })
            case .deleteLibraryItem:
                return PlanRoute.delete { id, version, who in try await store.deleteItem(id: id, version: version, viewer: who.viewer, by: who.actor) }
            case .addLibraryAttachment:
                return { request, context in
                    let signedIn = try SignedInContext(context: context)
                    let id = try pathID(context)
                    guard let item = try await store.item(id: id, viewer: signedIn.viewer), !item.deleted else { throw APIProblem.notFound }
                    guard signedIn.viewer.canEdit(owner: item.fields.ownerId) else { throw StoreError.forbidden }
                    guard let boundary = MultipartForm.boundary(of: request.headers[.contentType] ?? "") else {
                        throw StoreError.invalid([FieldError(field: "file", code: "required")])
                    }
                    let folder = UploadFolder.shared.newFolder()
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let form = try await IdentityMiddleware.receive(request, boundary: boundary, into: folder, limit: SQLAttachmentStore.sizeLimit + 64 * 1024)
                    guard let file = form.files["file"], file.size > 0 else { throw StoreError.invalid([FieldError(field: "file", code: "required")]) }
                    let attachment = try await LibraryFiles.attach(file, toItem: id, viewer: signedIn.viewer, by: signedIn.actor, services: services)
                    var response = try JSONResponse(LibraryAttachmentJSON(attachment: attachment, searchable: nil), status: .created)
                        .response(from: request, context: context)
                    response.headers[.location] = "/api/v1/attachments/\(attachment.id)"
                    return response
                }
            }
        }
    }
}

/// Keeping an uploaded file of a library item with the text read from it.
enum LibraryFiles {
    static func attach(_ file: UploadedFile, toItem id: Int, viewer: Viewer, by actor: Actor, services: AppServices) async throws -> Attachment {
        guard file.size <= SQLAttachmentStore.sizeLimit else {
            throw StoreError.invalid([FieldError(field: "file", code: "too_large", value: String(file.size))])
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw HTTPError(.internalServerError) }
        let bytes = Array(data)
        let text = await DocumentKind.detect(bytes).asyncMap { await DocumentText.extract(bytes, kind: $0) } ?? nil
        return try await services.library.attach(fileName: file.filename, bytes: bytes, text: text, toItem: id, viewer: viewer, by: actor)
    }
}

/// What a create or change of an item reads: the fields and the group to join.
struct LibraryInput: PlanRoute.CheckedFields {
    var fields: LibraryItemFields
    /// nil: not said; `.some(nil)`: leave the group; `.some(id)`: join that item's group.
    var translationOf: Int??

    func trimmed() -> LibraryInput { LibraryInput(fields: fields.trimmed(), translationOf: translationOf) }
    func validate() -> [FieldError] { fields.validate() }

    static func read(_ input: inout JSONInput, onto base: LibraryItemFields?) -> LibraryInput {
        if base == nil { input.require("kind", "title", "language", "owner_institution_id") }
        input.rejectUnknown(LibraryRoute.inputFields.union(base == nil ? [] : ["version"]))
        var fields = base ?? LibraryItemFields(kind: .report, title: "", language: "", ownerId: 0)
        if let value = input.choice("kind", LibraryKind.self) { fields.kind = value }
        if let value = input.string("title") { fields.title = value }
        if let value = input.string("summary") { fields.summary = value }
        if let value = input.string("body") { fields.body = value }
        if let value = input.string("language") { fields.language = value }
        if input.has("country") { fields.country = input.string("country", nullable: true).flatMap { $0.isEmpty ? nil : $0 } }
        if let value = input.int("owner_institution_id") { fields.ownerId = value }
        if let value = input.ids("institution_ids") { fields.institutionIds = value }
        if let value = input.strings("topics") { fields.topics = value }
        if case .some(let day) = input.day("published_on") { fields.publishedOn = day }
        if let value = input.ids("plan_ids") { fields.planIds = value }
        if let value = input.ids("measure_ids") { fields.measureIds = value }
        if let value = input.ids("activity_ids") { fields.activityIds = value }
        if let value = input.ids("project_ids") { fields.projectIds = value }
        if let value = input.choice("visibility", Visibility.self) { fields.visibility = value }
        return LibraryInput(fields: fields, translationOf: input.optionalInt("translation_of"))
    }
}

struct LibraryAttachmentJSON: Encodable, Sendable {
    var attachment: Attachment
    var searchable: Bool?

    enum Keys: String, CodingKey { case searchable }

    func encode(to encoder: any Encoder) throws {
        try AttachmentJSON(attachment).encode(to: encoder)
        if let searchable {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(searchable, forKey: .searchable)
        }
    }
}

struct LibraryItemJSON: Encodable, Sendable {
    var item: LibraryItem
    var snippet: [SnippetPiece]?

    enum Keys: String, CodingKey {
        case id, kind, title, summary, body, language, translationIds, country, institutionIds, ownerInstitutionId, topics, publishedOn
        case planIds, measureIds, activityIds, projectIds, attachments, visibility, version, deleted, snippet, snippetParts
    }

    struct PieceJSON: Encodable, Sendable {
        var text: String
        var marked: Bool
    }

    func encode(to encoder: any Encoder) throws {
        let f = item.fields
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(item.id, forKey: .id)
        try c.encode(f.kind.rawValue, forKey: .kind)
        try c.encode(f.title, forKey: .title)
        try c.encode(f.summary, forKey: .summary)
        try c.encode(f.body, forKey: .body)
        try c.encode(f.language, forKey: .language)
        try c.encode(item.translationIds, forKey: .translationIds)
        try c.encode(f.country, forKey: .country)
        try c.encode(f.institutionIds, forKey: .institutionIds)
        try c.encode(f.ownerId, forKey: .ownerInstitutionId)
        try c.encode(f.topics, forKey: .topics)
        try c.encode(f.publishedOn?.description, forKey: .publishedOn)
        try c.encode(f.planIds, forKey: .planIds)
        try c.encode(f.measureIds, forKey: .measureIds)
        try c.encode(f.activityIds, forKey: .activityIds)
        try c.encode(f.projectIds, forKey: .projectIds)
        try c.encode(item.attachments.map { LibraryAttachmentJSON(attachment: $0.attachment, searchable: $0.searchable) }, forKey: .attachments)
        try c.encode(f.visibility.rawValue, forKey: .visibility)
        try c.encode(item.version, forKey: .version)
        try c.encode(item.deleted, forKey: .deleted)
        if let snippet {
            try c.encode(snippet.map(\.text).joined(), forKey: .snippet)
            try c.encode(snippet.map { PieceJSON(text: $0.text, marked: $0.marked) }, forKey: .snippetParts)
        }
    }
}

struct LibraryResultsJSON: Encodable, Sendable {
    var results: LibraryResults

    enum Keys: String, CodingKey { case items, page, perPage, total, facets }

    struct FacetJSON: Encodable, Sendable {
        var value: String
        var count: Int
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(results.page.items.map { LibraryItemJSON(item: $0.item, snippet: $0.snippet) }, forKey: .items)
        try c.encode(results.page.page, forKey: .page)
        try c.encode(results.page.perPage, forKey: .perPage)
        try c.encode(results.page.total, forKey: .total)
        var facets: [String: [FacetJSON]] = [:]
        for name in LibraryResults.facetNames { facets[name] = (results.facets[name] ?? []).map { FacetJSON(value: $0.value, count: $0.count) } }
        try c.encode(facets, forKey: .facets)
    }
}
