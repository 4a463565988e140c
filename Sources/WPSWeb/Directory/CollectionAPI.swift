import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The seven handlers every directory collection has (list, create, get, update, delete,
/// restore, history), written once over the record type.
struct CollectionAPI<Record: Sendable, Fields: Sendable, JSON: Encodable & Sendable>: Sendable {
    typealias Handler = APIHandler

    var entity: DirectoryEntity
    var listRecords: @Sendable (DirectoryQuery, Viewer) async throws -> Page<Record>
    var getRecord: @Sendable (Int, Viewer) async throws -> Record?
    var createRecord: @Sendable (Fields, Viewer, Actor) async throws -> Record
    var updateRecord: @Sendable (Int, Int, Fields, Viewer, Actor) async throws -> Record
    var deleteRecord: @Sendable (Int, Int?, Viewer, Actor) async throws -> Void
    var restoreRecord: @Sendable (Int, Viewer, Actor) async throws -> Record
    var historyOf: @Sendable (DirectoryEntity, Int, Viewer) async throws -> [AuditEvent]
    var fieldsOf: @Sendable (Record) -> Fields
    var versionOf: @Sendable (Record) -> Int
    var idOf: @Sendable (Record) -> Int
    var isDeleted: @Sendable (Record) -> Bool
    var json: @Sendable (Record, Viewer) -> JSON
    var read: @Sendable (inout JSONInput, Fields?) -> Fields

    init(
        entity: DirectoryEntity,
        list: @escaping @Sendable (DirectoryQuery, Viewer) async throws -> Page<Record>,
        get: @escaping @Sendable (Int, Viewer) async throws -> Record?,
        create: @escaping @Sendable (Fields, Viewer, Actor) async throws -> Record,
        update: @escaping @Sendable (Int, Int, Fields, Viewer, Actor) async throws -> Record,
        delete: @escaping @Sendable (Int, Int?, Viewer, Actor) async throws -> Void,
        restore: @escaping @Sendable (Int, Viewer, Actor) async throws -> Record,
        history: @escaping @Sendable (DirectoryEntity, Int, Viewer) async throws -> [AuditEvent],
        fields: @escaping @Sendable (Record) -> Fields,
        version: @escaping @Sendable (Record) -> Int,
        id: @escaping @Sendable (Record) -> Int,
        deleted: @escaping @Sendable (Record) -> Bool,
        json: @escaping @Sendable (Record, Viewer) -> JSON,
        read: @escaping @Sendable (inout JSONInput, Fields?) -> Fields
    ) {
        self.entity = entity
        self.listRecords = list
        self.getRecord = get
        self.createRecord = create
        self.updateRecord = update
        self.deleteRecord = delete
        self.restoreRecord = restore
        self.historyOf = history
        self.fieldsOf = fields
        self.versionOf = version
        self.idOf = id
        self.isDeleted = deleted
        self.json = json
        self.read = read
    }

    var list: Handler {
        { request, context in
            let query = try Self.query(from: request, viewer: context.viewer)
            let page = try await listRecords(query, context.viewer)
            let items = page.items.map { json($0, context.viewer) }
            return try JSONResponse(ListJSON(items: items, page: page.page, perPage: page.perPage, total: page.total))
                .response(from: request, context: context)
        }
    }

    var get: Handler {
        { request, context in
            let id = try pathID(context)
            guard let record = try await visibleRecord(id, request, context.viewer) else { throw APIProblem.notFound }
            return try JSONResponse(json(record, context.viewer)).response(from: request, context: context)
        }
    }

    var create: Handler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            var input = try await JSONInput.read(request)
            let fields = read(&input, nil)
            guard input.errors.isEmpty else { throw StoreError.invalid(input.errors) }
            let record = try await createRecord(fields, signedIn.viewer, signedIn.actor)
            var response = try JSONResponse(json(record, signedIn.viewer), status: .created).response(from: request, context: context)
            response.headers[.location] = "/api/v1/\(entity.collection)/\(idOf(record))"
            return response
        }
    }

    var update: Handler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let id = try pathID(context)
            var input = try await JSONInput.read(request)
            input.require("version")
            let version = input.int("version")
            guard let current = try await getRecord(id, signedIn.viewer) else { throw APIProblem.notFound }
            let fields = read(&input, fieldsOf(current))
            guard input.errors.isEmpty, let version else { throw StoreError.invalid(input.errors) }
            let record = try await updateRecord(id, version, fields, signedIn.viewer, signedIn.actor)
            return try JSONResponse(json(record, signedIn.viewer)).response(from: request, context: context)
        }
    }

    var delete: Handler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let id = try pathID(context)
            // The version is optional on delete; when given, a stale one is refused like a PATCH.
            var version: Int?
            if let text = request.query.get("version") {
                guard let value = Int(text) else {
                    throw StoreError.invalid([FieldError(field: "version", code: "invalid_number", value: String(text.prefix(60)))])
                }
                guard JSONInput.idRange.contains(value) else {
                    throw StoreError.invalid([FieldError(field: "version", code: "out_of_range", value: text)])
                }
                version = value
            }
            try await deleteRecord(id, version, signedIn.viewer, signedIn.actor)
            return Response(status: .noContent)
        }
    }

    var restore: Handler {
        { request, context in
            let signedIn = try SignedInContext(context: context)
            let record = try await restoreRecord(try pathID(context), signedIn.viewer, signedIn.actor)
            return try JSONResponse(json(record, signedIn.viewer)).response(from: request, context: context)
        }
    }

    var history: Handler {
        { request, context in
            let id = try pathID(context)
            guard try await visibleRecord(id, request, context.viewer) != nil else { throw APIProblem.notFound }
            let events = try await historyOf(entity, id, context.viewer).map(AuditEventJSON.init)
            return try JSONResponse(ListJSON(items: events, page: 1, perPage: max(1, events.count), total: events.count))
                .response(from: request, context: context)
        }
    }

    /// The record at `id` as a read shows it: a deleted one answers 404 like a missing one, except
    /// to a platform admin who asks for it with `include_deleted=true` (to restore it).
    func visibleRecord(_ id: Int, _ request: Request, _ viewer: Viewer) async throws -> Record? {
        guard let record = try await getRecord(id, viewer) else { return nil }
        return !isDeleted(record) || Self.includesDeleted(request, viewer) ? record : nil
    }

    static func includesDeleted(_ request: Request, _ viewer: Viewer) -> Bool {
        viewer.isPlatformAdmin && request.query.get("include_deleted") == "true"
    }

    /// Reads `q`, `country`, `kind`, `level`, `sex`, `page`, `per_page`, `include_deleted`.
    static func query(from request: Request, viewer: Viewer) throws -> DirectoryQuery {
        let parameters = request.query
        var errors: [FieldError] = []
        func number(_ name: String, default value: Int, maximum: Int) -> Int {
            guard let text = parameters.get(name) else { return value }
            guard let number = Int(text), (1...maximum).contains(number) else {
                errors.append(FieldError(field: name, code: "out_of_range", value: String(text.prefix(40))))
                return value
            }
            return number
        }
        let page = number("page", default: 1, maximum: PageRequest.maximumPage)
        let perPage = number("per_page", default: 50, maximum: PageRequest.maximumPerPage)
        guard errors.isEmpty else { throw StoreError.invalid(errors) }
        return DirectoryQuery(
            text: parameters.get("q"), country: parameters.get("country"), kind: parameters.get("kind"),
            level: parameters.get("level"), sex: parameters.get("sex"),
            includeDeleted: includesDeleted(request, viewer),
            page: PageRequest(page: page, perPage: perPage))
    }
}
