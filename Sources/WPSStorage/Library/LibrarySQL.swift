import Foundation
import SQLKit
import WPSCore

/// Row mapping, links and the search index of `library_items`.
enum LibrarySQL: VersionedRecordSQL {
    static let table = "library_items"
    static let entity = "library_item"
    static let columns = """
        id, kind, title, summary, body, language, group_id, country, owner_id, topics, published_on, visibility, version, deleted_at
        """
    static let prefixedColumns = columns.split(separator: ",").map { "i." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
    /// The most of an item's text (with its files' text) the index holds, the same on both
    /// engines (a PostgreSQL `tsvector` holds at most 1 MB).
    static let indexedLength = 300_000

    static var links: [(link: String, path: WritableKeyPath<LibraryItemFields, [Int]>)] {
        [("institution", \.institutionIds), ("plan", \.planIds), ("measure", \.measureIds), ("activity", \.activityIds), ("project", \.projectIds)]
    }

    static func visibleTo(_ viewer: Viewer, includeDeleted: Bool = false) -> SQLQueryString {
        VisibilitySQL.condition(viewer, ownerColumns: ["owner_id"], includeDeleted: includeDeleted)
    }

    static func decode(_ row: any SQLRow) throws -> LibraryItem {
        LibraryItem(
            id: try row.decode(column: "id", as: Int.self),
            fields: LibraryItemFields(
                kind: LibraryKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .report,
                title: try row.decode(column: "title", as: String.self),
                summary: try row.decode(column: "summary", as: String.self),
                body: try row.decode(column: "body", as: String.self),
                language: try row.decode(column: "language", as: String.self),
                country: try row.optional("country", as: String.self),
                ownerId: try row.decode(column: "owner_id", as: Int.self),
                topics: try row.decode(column: "topics", as: String.self).split(separator: ",").map(String.init),
                publishedOn: try row.optional("published_on", as: String.self).flatMap(Day.init),
                visibility: Visibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .institution),
            groupId: try row.decode(column: "group_id", as: Int.self),
            version: try row.decode(column: "version", as: Int.self),
            deleted: try row.optional("deleted_at", as: String.self) != nil)
    }

    static func canEdit(_ record: LibraryItem, viewer: Viewer) -> Bool { viewer.canEdit(owner: record.fields.ownerId) }

    /// Links and attachments; translations are added per viewer by ``withTranslations``.
    static func completed(_ items: [LibraryItem], in sql: any SQLDatabase) async throws -> [LibraryItem] {
        guard !items.isEmpty else { return items }
        let ids = SQLQueryString(items.map { String($0.id) }.joined(separator: ","))
        var links: [Int: [String: [Int]]] = [:]
        for row in try await sql.raw("""
            SELECT item_id, link, target_id FROM library_item_links WHERE item_id IN (\(ids)) ORDER BY item_id, link, position
            """).all() {
            links[try row.decode(column: "item_id", as: Int.self), default: [:]][try row.decode(column: "link", as: String.self), default: []]
                .append(try row.decode(column: "target_id", as: Int.self))
        }
        var files: [Int: [LibraryAttachment]] = [:]
        for row in try await sql.raw("""
            SELECT \(unsafeRaw: SQLAttachmentStore.columns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")),
                CASE WHEN t.attachment_id IS NULL THEN 0 ELSE 1 END AS searchable
            FROM attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id
            WHERE a.owner_kind = 'library_item' AND a.owner_id IN (\(ids)) ORDER BY a.id
            """).all() {
            guard let attachment = try SQLAttachmentStore.decode(row) else { continue }
            files[attachment.owner.id, default: []].append(
                LibraryAttachment(attachment: attachment, searchable: try row.decode(column: "searchable", as: Int.self) == 1))
        }
        return items.map { item in
            var copy = item
            for (link, path) in Self.links { copy.fields[keyPath: path] = links[item.id]?[link] ?? [] }
            copy.attachments = files[item.id] ?? []
            return copy
        }
    }

    /// The other live items of each item's group that the viewer sees.
    static func withTranslations(_ items: [LibraryItem], viewer: Viewer, in sql: any SQLDatabase) async throws -> [LibraryItem] {
        guard !items.isEmpty else { return items }
        let groups = SQLQueryString(Set(items.map(\.groupId)).map(String.init).joined(separator: ","))
        var query: SQLQueryString = "SELECT id, group_id FROM library_items WHERE group_id IN (\(groups)) AND "
        query.appendInterpolation(visibleTo(viewer))
        query.appendLiteral(" ORDER BY id")
        var members: [Int: [Int]] = [:]
        for row in try await sql.raw(query).all() {
            members[try row.decode(column: "group_id", as: Int.self), default: []].append(try row.decode(column: "id", as: Int.self))
        }
        return items.map { item in
            var copy = item
            copy.translationIds = (members[item.groupId] ?? []).filter { $0 != item.id }
            return copy
        }
    }

    static func write(_ fields: LibraryItemFields, item: Int, in sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM library_item_links WHERE item_id = \(bind: item)").run()
        for (link, path) in links {
            for (position, target) in fields[keyPath: path].enumerated() {
                try await sql.raw("""
                    INSERT INTO library_item_links (item_id, link, target_id, position) VALUES (\(bind: item), \(bind: link), \(bind: target), \(bind: position))
                    """).run()
            }
        }
        try await reindex(item, in: sql)
    }

    /// Writes the item's folded words (title, summary, body with its files' text) into the
    /// search index: on SQLite the FTS5 table, on PostgreSQL the columns its `tsvector` is
    /// generated from.
    static func reindex(_ id: Int, in sql: any SQLDatabase) async throws {
        try await reindex([id], in: sql)
    }

    /// ``reindex(_:in:)`` for many items with a few statements: one read of the items, one of
    /// their files' text, one write (a thousand items at a time: 4,000 bound values, below
    /// both engines' limits).
    static func reindex(_ ids: [Int], in sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        let list = SQLQueryString(ids.map(String.init).joined(separator: ","))
        let files = try await fileTexts(of: ids, in: sql)
        var rows: [SQLQueryString] = []
        for row in try await sql.raw("SELECT id, title, summary, body FROM library_items WHERE id IN (\(list)) ORDER BY id").all() {
            let id = try row.decode(column: "id", as: Int.self)
            var body = try row.decode(column: "body", as: String.self)
            for text in files[id] ?? [] { body += "\n" + text }
            let title = LibrarySearch.indexText(try row.decode(column: "title", as: String.self))
            let summary = LibrarySearch.indexText(try row.decode(column: "summary", as: String.self))
            var folded = LibrarySearch.indexText(body)
            if folded.count > indexedLength {
                folded = String(folded.prefix(indexedLength))
                if let space = folded.lastIndex(of: " ") { folded = String(folded[..<space]) }
            }
            rows.append("(\(bind: id), \(bind: title), \(bind: summary), \(bind: folded))")
        }
        guard !rows.isEmpty else { return }
        let values = rows.joined(separator: ", ")
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DELETE FROM library_search WHERE rowid IN (\(list))").run()
            try await sql.raw("INSERT INTO library_search (rowid, title, summary, body) VALUES \(values)").run()
        } else {
            try await sql.raw("""
                UPDATE library_items SET search_title = v.column2, search_summary = v.column3, search_body = v.column4
                FROM (VALUES \(values)) AS v WHERE library_items.id = v.column1
                """).run()
        }
    }

    /// The text read from the files of each item, oldest file first.
    static func fileTexts(of ids: [Int], in sql: any SQLDatabase) async throws -> [Int: [String]] {
        guard !ids.isEmpty else { return [:] }
        var texts: [Int: [String]] = [:]
        for row in try await sql.raw("""
            SELECT a.owner_id, t.content FROM attachment_texts t JOIN attachments a ON a.id = t.attachment_id
            WHERE a.owner_kind = 'library_item' AND a.owner_id IN (\(unsafeRaw: ids.map(String.init).joined(separator: ","))) ORDER BY a.id
            """).all() {
            texts[try row.decode(column: "owner_id", as: Int.self), default: []].append(try row.decode(column: "content", as: String.self))
        }
        return texts
    }

    /// What the fields name must exist and be visible.
    static func checkReferences(_ fields: LibraryItemFields, viewer: Viewer, in sql: any SQLDatabase) async throws -> [FieldError] {
        var errors: [FieldError] = []
        if let country = fields.country, try await sql.raw("SELECT code FROM countries WHERE code = \(bind: country)").first() == nil {
            errors.append(FieldError(field: "country", code: "unknown_country", value: country))
        }
        if try await !PersonSQL.institutionExists(fields.ownerId, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "owner_institution_id", code: "unknown_institution", value: String(fields.ownerId)))
        }
        for (index, id) in fields.institutionIds.enumerated() where try await !PersonSQL.institutionExists(id, viewer: viewer, in: sql) {
            errors.append(FieldError(field: "institution_ids[\(index)]", code: "unknown_institution", value: String(id)))
        }
        for (index, topic) in fields.topics.enumerated()
        where try await sql.raw("SELECT code FROM expertise_areas WHERE code = \(bind: topic)").first() == nil {
            errors.append(FieldError(field: "topics[\(index)]", code: "unknown_topic", value: String(topic.prefix(60))))
        }
        for (index, id) in fields.planIds.enumerated() where try await PlanSQL.live(id: id, viewer: viewer, in: sql) == nil {
            errors.append(FieldError(field: "plan_ids[\(index)]", code: "unknown_plan", value: String(id)))
        }
        for (index, id) in fields.measureIds.enumerated() {
            let node = try await PlanNodeSQL.load(id: id, in: sql)
            let plan = try await node.asyncMap { try await PlanSQL.live(id: $0.planId, viewer: viewer, in: sql) } ?? nil
            if node?.deleted != false || node?.fields.kind != .measure || plan == nil {
                errors.append(FieldError(field: "measure_ids[\(index)]", code: "unknown_measure", value: String(id)))
            }
        }
        for (index, id) in fields.activityIds.enumerated() where try await ActivitySQL.visible(id: id, viewer: viewer, in: sql).map({ !$0.deleted }) != true {
            errors.append(FieldError(field: "activity_ids[\(index)]", code: "unknown_activity", value: String(id)))
        }
        for (index, id) in fields.projectIds.enumerated() where try await ProjectSQL.visible(id: id, viewer: viewer, in: sql).map({ !$0.deleted }) != true {
            errors.append(FieldError(field: "project_ids[\(index)]", code: "unknown_project", value: String(id)))
        }
        return errors
    }

    /// The group an item joins as a translation of `other`, which the viewer must see.
    static func group(of other: Int, viewer: Viewer, in sql: any SQLDatabase) async throws -> Int {
        guard let item = try await visible(id: other, viewer: viewer, in: sql), !item.deleted else {
            throw StoreError.invalid([FieldError(field: "translation_of", code: "unknown_library_item", value: String(other))])
        }
        return item.groupId
    }
}
