import Foundation
import SQLKit
import WPSCore

extension SQLDatasetStore {
    public func createAggregate(_ table: AggregateTable, viewer: Viewer, by actor: Actor) async throws -> Dataset {
        // Rights first: someone without a role in the institution learns nothing about it, not
        // even whether it exists (403 either way).
        guard viewer.canAddData(for: table.institutionId) else { throw StoreError.forbidden }
        var errors = table.validate()
        let institutionId = table.institutionId
        let country = try await database.read { sql in
            try await sql.raw("SELECT country_code FROM institutions WHERE id = \(bind: institutionId) AND deleted_at IS NULL").first()?
                .decode(column: "country_code", as: String.self)
        }
        if country == nil { errors.append(FieldError(field: "institution_id", code: "unknown_institution", value: String(institutionId))) }
        guard errors.isEmpty, let country else { throw StoreError.invalid(errors) }
        let sum = table.sumOfParts
        let id = try await database.transaction { sql in
            let created = try await sql.raw("""
                INSERT INTO datasets (institution_id, country_code, reference_date, series, kind, source, definition, file_name, row_count,
                    reported_total, reported_women, counted_women, visibility, created_at)
                VALUES (\(bind: institutionId), \(bind: country), \(bind: table.referenceDate.description), \(bind: table.series), 'aggregate',
                    \(bind: table.source), \(bind: table.definition), '', \(bind: sum), \(bind: table.reportedTotal),
                    \(bind: table.reportedWomen), \(bind: table.reportedWomen == nil ? nil : table.womenInParts),
                    \(bind: table.visibility.rawValue), \(bind: Timestamp.now()))
                RETURNING id
                """).first()
            guard let datasetId = try created?.decode(column: "id", as: Int.self) else { throw StoreError.invalid([]) }
            // Equal combinations sent twice are added up; zero counts are not stored.
            var merged: [AggregateCount] = []
            var index: [String: Int] = [:]
            for count in table.counts where count.count > 0 {
                let key = [count.sex.rawValue, count.ageBand ?? "\u{0}", count.natoCode ?? "\u{0}", count.category ?? "\u{0}",
                           count.service ?? "\u{0}", count.unit ?? "\u{0}", count.decisionMaking.map { $0 ? "1" : "0" } ?? "\u{0}"]
                    .joined(separator: "\u{1}")
                if let position = index[key] { merged[position].count += count.count } else {
                    index[key] = merged.count
                    merged.append(count)
                }
            }
            for start in stride(from: 0, to: merged.count, by: 500) {
                var query: SQLQueryString = """
                    INSERT INTO personnel_counts (dataset_id, sex, age_band, nato_code, category, service, unit, decision_making, n) VALUES
                    """
                for (offset, count) in merged[start..<min(start + 500, merged.count)].enumerated() {
                    query.appendLiteral(offset == 0 ? " (" : ", (")
                    query.appendInterpolation(bind: datasetId)
                    let values: [any Encodable & Sendable] = [
                        count.sex.rawValue, count.ageBand, count.natoCode, count.category, count.service, count.unit,
                        count.decisionMaking.map { $0 ? 1 : 0 }, count.count,
                    ]
                    for value in values {
                        query.appendLiteral(", ")
                        query.appendInterpolation(bind: value)
                    }
                    query.appendLiteral(")")
                }
                try await sql.raw(query).run()
            }
            try await AuditTrail.record(
                in: sql, actor: actor, entity: "dataset", id: String(datasetId), action: .create,
                before: Optional<[String: String]>.none,
                after: ["kind": "aggregate", "sum_of_parts": String(sum), "reported_total": table.reportedTotal.map(String.init) ?? "",
                        "reported_women": table.reportedWomen.map(String.init) ?? "",
                        "institution_id": String(institutionId), "reference_date": table.referenceDate.description])
            return datasetId
        }
        guard let dataset = try await dataset(id: id, viewer: Viewer(userId: nil, isPlatformAdmin: true)) else {
            throw StoreError.notFound(entity: "dataset", id: String(id))
        }
        return dataset
    }
}
