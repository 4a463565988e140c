import Foundation
import SQLKit
import WPSCore
import WPSFormats

/// Adds an attendance sheet (a CSV file in any regional encoding, or a sheet of an .xlsx
/// workbook) to an activity: every row or none, every problem named with row, column, value
/// and rule (``AttendanceSheet``).
public struct AttendanceImporter: Sendable {
    let database: WPSDatabase

    /// A sign-in sheet has a few hundred rows; beyond this it is another kind of file.
    public static let maximumRows = 10_000

    public enum Failure: Error, Sendable, Equatable {
        case file(TableFileError)
        case problems(ImportFailure)
    }

    public init(database: WPSDatabase) {
        self.database = database
    }

    /// - Throws: ``StoreError/notFound(entity:id:)`` when the viewer cannot see the activity,
    ///   ``StoreError/forbidden`` when the viewer may not change it, ``Failure`` otherwise.
    public func run(path: String, name: String? = nil, activityId: Int, sheet: String?, viewer: Viewer, by actor: Actor) async throws -> AttendanceSheet.Result {
        // Rights first: someone who may not change the activity learns nothing from the file
        _ = try await database.read { sql in try await ActivitySQL.editable(id: activityId, viewer: viewer, in: sql) }
        let table: (file: String, rows: [[String]], lines: [Int])
        do throws(TableFile.ReadFailure) {
            table = try TableFile.rows(path: path, sheet: sheet, name: name, maximumRows: Self.maximumRows)
        } catch {
            switch error {
            case .file(let problem): throw Failure.file(problem)
            case .problems(let found): throw Failure.problems(found)
            }
        }
        let (fileName, rows, lines) = table
        let (people, institutions, listed) = try await database.read { sql in
            var peopleQuery: SQLQueryString = "SELECT id, given_name, family_name FROM people WHERE "
            peopleQuery.appendInterpolation(PersonSQL.visibleTo(viewer))
            let people = try await sql.raw(peopleQuery).all().map {
                AttendanceSheet.Person(
                    id: try $0.decode(column: "id", as: Int.self), given: try $0.decode(column: "given_name", as: String.self),
                    family: try $0.decode(column: "family_name", as: String.self))
            }
            var institutionQuery: SQLQueryString = "SELECT id, name, name_en, acronym, kind FROM institutions WHERE "
            institutionQuery.appendInterpolation(InstitutionSQL.visibleTo(viewer))
            let institutions = try await sql.raw(institutionQuery).all().map {
                AttendanceSheet.Institution(
                    id: try $0.decode(column: "id", as: Int.self),
                    names: [try $0.decode(column: "name", as: String.self), try $0.decode(column: "name_en", as: String.self),
                            try $0.decode(column: "acronym", as: String.self)],
                    kind: try $0.decode(column: "kind", as: String.self))
            }
            let listed = Set(try await sql.raw("SELECT person_id FROM activity_participants WHERE activity_id = \(bind: activityId) AND person_id IS NOT NULL")
                .all().map { try $0.decode(column: "person_id", as: Int.self) })
            return (people, institutions, listed)
        }
        switch AttendanceSheet.read(file: fileName, rows: rows, lines: lines, people: people, institutions: institutions, alreadyListed: listed) {
        case .failure(let failure):
            throw Failure.problems(failure)
        case .success(let result):
            if !result.lines.isEmpty {
                _ = try await SQLActivityStore(database: database).addParticipants(activityId: activityId, result.lines, viewer: viewer, by: actor)
            }
            return result
        }
    }
}
