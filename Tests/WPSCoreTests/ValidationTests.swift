import Testing
import WPSCore

@Suite struct ValidationTests {
    @Test func institutionListsEveryProblem() {
        let fields = InstitutionFields(
            name: "  ", acronym: String(repeating: "A", count: 31), kind: .police, country: "", level: "", website: "ftp://x")
        #expect(fields.validate().map(\.field) == ["name", "acronym", "country", "level", "website"])
        #expect(fields.validate().first?.code == "required")
    }

    @Test func personChecksLanguagesEmailAndPeriods() {
        let fields = PersonFields(
            givenName: "Ana", familyName: "Marić", sex: .female, languages: ["bs", "english"], email: "ana at example",
            positions: [Position(institutionId: 1, title: "Adviser", since: Day("2020-01-01"), until: Day("2019-01-01"))])
        let errors = fields.validate()
        #expect(errors.map(\.field) == ["languages", "email", "positions[0].until"])
        #expect(errors.map(\.code) == ["not_iso_639_1", "not_an_email_address", "before_since"])
    }

    @Test func countryCodeMustBeISOAlpha2() {
        #expect(Country.validate(code: "KG", nameEn: "Kyrgyzstan", nameLocal: "Кыргызстан").isEmpty)
        #expect(Country.validate(code: "kgz", nameEn: "Kyrgyzstan", nameLocal: "x").map(\.code) == ["not_iso_3166_alpha2"])
    }

    @Test func auditEventNamesTheChangedFields() {
        let event = AuditEvent(
            id: 1, at: .init(timeIntervalSince1970: 0), actorUserId: 1, actorName: "Ana", entity: "institution", entityId: "1",
            action: .update, before: #"{"acronym":"A","name":"X","parent_id":null}"#, after: #"{"acronym":"B","name":"X","parent_id":3}"#)
        #expect(event.changedFields == ["acronym", "parent_id"])
    }
}
