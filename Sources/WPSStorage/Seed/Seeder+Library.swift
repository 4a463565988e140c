import Foundation
import Logging
import SQLKit
import WPSCore

extension Seeder {
    /// The library part of the demo (``LibraryDemo``), after the directory: each item kept by
    /// its institution, translations joined to their originals. Items whose institution is
    /// missing are left out with a warning.
    static func loadDemoLibrary(_ database: WPSDatabase, logger: Logger) async throws -> Int {
        let actor = Actor.system("demo data")
        let admin = Viewer(userId: nil, isPlatformAdmin: true)
        let store = SQLLibraryStore(database: database)
        let institutionKeys = Dictionary(DirectoryDemo.institutions.map { ($0.key, $0.fields.name) }) { first, _ in first }
        let byName = try await database.read { sql in
            var names: [String: Int] = [:]
            for row in try await sql.raw("SELECT id, name FROM institutions WHERE deleted_at IS NULL").all() {
                names[try row.decode(column: "name", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            return names
        }
        let countries = try await database.read { sql in
            Set(try await sql.raw("SELECT code FROM countries").all().map { try $0.decode(column: "code", as: String.self) })
        }
        var ids: [String: Int] = [:]
        for entry in LibraryDemo.entries {
            guard let owner = institutionKeys[entry.owner].flatMap({ byName[$0] }) else {
                logger.warning("demo library item skipped", metadata: ["item": "\(entry.key)"])
                continue
            }
            let fields = LibraryItemFields(
                kind: entry.kind, title: entry.title, summary: entry.summary, body: entry.body, language: entry.language,
                country: entry.country.flatMap { countries.contains($0) ? $0 : nil }, ownerId: owner, topics: entry.topics,
                publishedOn: Day(entry.published), visibility: entry.visibility)
            ids[entry.key] = try await store.createItem(fields, translationOf: entry.translationOf.flatMap { ids[$0] }, viewer: admin, by: actor).id
        }
        let reviews = SQLPolicyReviewStore(database: database)
        if let template = try await reviews.templates().first(where: { $0.code == "harassment_armed_forces_police" }) {
            for review in LibraryDemo.reviews {
                guard let institution = institutionKeys[review.institution].flatMap({ byName[$0] }) else { continue }
                let evidence = review.evidence.flatMap { ids[$0] }.map { [$0] } ?? []
                let answers = review.answers.enumerated().map { index, answer in
                    ReviewAnswer(area: answer.area, answer: answer.answer, comment: answer.comment, evidenceItemIds: index == 0 ? evidence : [],
                                 action: answer.action)
                }
                _ = try await reviews.createReview(
                    PolicyReviewFields(templateId: template.id, institutionId: institution, status: .submitted, answers: answers, shared: review.shared),
                    viewer: admin, by: actor)
            }
        }
        return ids.count
    }
}
