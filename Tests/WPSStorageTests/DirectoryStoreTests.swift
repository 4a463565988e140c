import Foundation
import Testing
import WPSCore
import WPSStorage

/// The directory store contract, run on every engine available (SQLite always, PostgreSQL in CI).
@Suite struct DirectoryStoreTests {
    let admin = Viewer(userId: nil, isPlatformAdmin: true)
    let actor = Actor(userId: nil, name: "tester")

    func bosnianCSO(_ name: String = "Žene ženama") -> InstitutionFields {
        InstitutionFields(name: name, nameEn: "Women to Women", kind: .cso, country: "BA", level: "state")
    }

    @Test(arguments: TestDatabase.engines)
    func seedsTheSevenCountriesWithBosnianLevels(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // When
            let countries = try await SQLDirectoryStore(database: database).countries()
            // Then
            #expect(countries.map(\.code) == ["AL", "BA", "HR", "ME", "MK", "RS", "XK"])
            let bih = try #require(countries.first { $0.code == "BA" })
            #expect(bih.levels.map(\.code) == ["state", "brcko", "fbih", "rs", "local"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func findsNamesIgnoringCaseDiacriticsAndScript(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given
            let store = SQLDirectoryStore(database: database)
            _ = try await store.createInstitution(bosnianCSO(), viewer: admin, by: actor)
            _ = try await store.createInstitution(bosnianCSO("Ministarstvo odbrane"), viewer: admin, by: actor)
            // When / Then
            for query in ["zene zenama", "ZENE ZENAMA", "жене женама", "Žene", "ženama žene"] {
                let page = try await store.institutions(DirectoryQuery(text: query), viewer: .anonymous)
                #expect(page.items.map(\.fields.name) == ["Žene ženama"], "query \(query)")
            }
            let none = try await store.institutions(DirectoryQuery(text: "100%"), viewer: .anonymous)
            #expect(none.total == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func findsDjordjeSpelledEitherWay(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLDirectoryStore(database: database)
            _ = try await store.createPerson(PersonFields(givenName: "Đorđe", familyName: "Đurić", sex: .male), viewer: admin, by: actor)
            for query in ["dorde", "djordje", "Ђорђе", "DJURIC"] {
                let page = try await store.people(DirectoryQuery(text: query), viewer: .anonymous)
                #expect(page.items.map(\.fields.givenName) == ["Đorđe"], "query \(query)")
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func staleVersionIsRefusedAndChangesNothing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given an institution edited once
            let store = SQLDirectoryStore(database: database)
            let created = try await store.createInstitution(bosnianCSO(), viewer: admin, by: actor)
            var fields = created.fields
            fields.acronym = "ŽŽ"
            let updated = try await store.updateInstitution(id: created.id, version: 1, fields: fields, viewer: admin, by: actor)
            #expect(updated.version == 2)
            // When someone edits from the first version
            fields.acronym = "lost"
            await #expect(throws: StoreError.versionConflict(entity: "institution", id: created.id, expected: 1, current: 2)) {
                _ = try await store.updateInstitution(id: created.id, version: 1, fields: fields, viewer: admin, by: actor)
            }
            // Then the record is unchanged and history lists both real changes
            let current = try #require(try await store.institution(id: created.id, viewer: admin))
            #expect(current.fields.acronym == "ŽŽ")
            #expect(current.version == 2)
            let history = try await store.history(entity: .institution, id: created.id, viewer: admin)
            #expect(history.map(\.action) == [.create, .update])
            #expect(history.map(\.actorName) == ["tester", "tester"])
            #expect(history[1].changedFields == ["acronym"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func invalidInstitutionListsEveryProblemAndStoresNothing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLDirectoryStore(database: database)
            let bad = InstitutionFields(
                name: " ", kind: .police, country: "BA", level: "canton", parentId: 9999, website: "not a url")
            do {
                _ = try await store.createInstitution(bad, viewer: admin, by: actor)
                Issue.record("expected a validation error")
            } catch let StoreError.invalid(errors) {
                #expect(errors.map(\.field).sorted() == ["level", "name", "parent_id", "website"])
            }
            #expect(try await store.institutions(DirectoryQuery(), viewer: admin).total == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func hiddenRecordsAnswerLikeMissingOnes(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a public ministry and an internal unit visible only to the ministry
            let store = SQLDirectoryStore(database: database)
            let ministry = try await store.createInstitution(
                InstitutionFields(name: "Ministarstvo odbrane", kind: .ministryOfDefence, country: "BA", level: "state"),
                viewer: admin, by: actor)
            var unitFields = InstitutionFields(
                name: "Odjel za ljudske resurse", kind: .armedForces, country: "BA", level: "state", parentId: ministry.id,
                visibility: .institution)
            let unit = try await store.createInstitution(unitFields, viewer: admin, by: actor)
            let outsider = Viewer(userId: 7, roles: [12345: .admin])
            let insider = Viewer(userId: 8, roles: [ministry.id: .editor])
            // Then
            #expect(try await store.institution(id: unit.id, viewer: .anonymous) == nil)
            #expect(try await store.institution(id: unit.id, viewer: outsider) == nil)
            #expect(try await store.institution(id: unit.id, viewer: insider)?.id == unit.id)
            #expect(try await store.institutions(DirectoryQuery(), viewer: outsider).total == 1)
            #expect(try await store.history(entity: .institution, id: unit.id, viewer: outsider).isEmpty)
            unitFields.name = "changed"
            await #expect(throws: StoreError.notFound(entity: "institution", id: String(unit.id))) {
                _ = try await store.updateInstitution(id: unit.id, version: 1, fields: unitFields, viewer: outsider, by: actor)
            }
            // The parent's editor may change it
            let changed = try await store.updateInstitution(id: unit.id, version: 1, fields: unitFields, viewer: insider, by: actor)
            #expect(changed.fields.name == "changed")
        }
    }

    @Test(arguments: TestDatabase.engines)
    func deleteIsRestorable(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLDirectoryStore(database: database)
            let created = try await store.createInstitution(bosnianCSO(), viewer: admin, by: actor)
            try await store.deleteInstitution(id: created.id, version: 1, viewer: admin, by: actor)
            #expect(try await store.institution(id: created.id, viewer: .anonymous) == nil)
            #expect(try await store.institutions(DirectoryQuery(), viewer: admin).total == 0)
            #expect(try await store.institution(id: created.id, viewer: admin)?.deleted == true)
            let restored = try await store.restoreInstitution(id: created.id, viewer: admin, by: actor)
            #expect(restored.deleted == false)
            #expect(restored.version == 3)
            let history = try await store.history(entity: .institution, id: created.id, viewer: admin)
            #expect(history.map(\.action) == [.create, .delete, .restore])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func networksKeepMembersWithRolesAndHistory(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = SQLDirectoryStore(database: database)
            let agency = try await store.createInstitution(
                InstitutionFields(name: "Agencija za ravnopravnost spolova BiH", kind: .genderMechanism, country: "BA", level: "state"),
                viewer: admin, by: actor)
            let person = try await store.createPerson(
                PersonFields(givenName: "Amra", familyName: "Hadžić", sex: .female, ownerInstitutionId: agency.id),
                viewer: admin, by: actor)
            let board = try await store.createNetwork(
                NetworkFields(name: "Koordinacioni odbor", kind: .board, country: "BA", ownerInstitutionId: agency.id),
                viewer: admin, by: actor)
            _ = try await store.addMember(
                networkId: board.id, NewMembership(member: .institution(agency.id), role: .secretariat, since: Day("2016-01-01")),
                viewer: admin, by: actor)
            let chair = try await store.addMember(
                networkId: board.id, NewMembership(member: .person(person.id), role: .chair), viewer: admin, by: actor)
            let members = try await store.members(networkId: board.id, viewer: .anonymous)
            #expect(members.map(\.memberName) == ["Amra Hadžić", "Agencija za ravnopravnost spolova BiH"])
            #expect(members.map(\.role) == [.chair, .secretariat])
            try await store.removeMember(networkId: board.id, memberId: chair.id, viewer: admin, by: actor)
            #expect(try await store.members(networkId: board.id, viewer: .anonymous).count == 1)
            let history = try await store.history(entity: .network, id: board.id, viewer: admin)
            #expect(history.map(\.action) == [.create, .memberAdded, .memberAdded, .memberRemoved])
            // The trail keeps who the member was, under which name and role, with the membership's id
            let removed = try #require(history.last?.before.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            #expect(Set(removed.keys) == ["member_id", "person_id", "name", "role"])
            #expect(removed["member_id"] as? Int == chair.id && removed["person_id"] as? Int == person.id)
            #expect(removed["name"] as? String == "Amra Hadžić" && removed["role"] as? String == "chair")
            #expect(try await store.network(id: board.id, viewer: admin)?.version == 4)
            // Deleting needs the current version; afterwards the board is gone for everyone else
            await #expect(throws: StoreError.versionConflict(entity: "network", id: board.id, expected: 3, current: 4)) {
                try await store.deleteNetwork(id: board.id, version: 3, viewer: admin, by: actor)
            }
            try await store.deleteNetwork(id: board.id, version: 4, viewer: admin, by: actor)
            #expect(try await store.network(id: board.id, viewer: .anonymous) == nil)
            #expect(try await store.history(entity: .network, id: board.id, viewer: admin).last?.action == .delete)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func demoLoadsOnceAndTwiceChangesNothing(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let first = try await Seeder.loadDemo(database, sections: [.directory], logger: .init(label: "test"))
            guard case .loaded(let loaded) = first else {
                Issue.record("expected the demo to load")
                return
            }
            let (institutions, people, networks) = (loaded.institutions, loaded.people, loaded.networks)
            #expect(people >= 30)
            #expect(networks == 5)
            let second = try await Seeder.loadDemo(database, sections: [.directory], logger: .init(label: "test"))
            #expect(second == .skippedNotEmpty)
            let store = SQLDirectoryStore(database: database)
            #expect(try await store.institutions(DirectoryQuery(), viewer: admin).total == institutions)
            let found = try await store.institutions(DirectoryQuery(text: "жене женама"), viewer: .anonymous)
            #expect(found.items.map(\.fields.name) == ["Žene ženama"])
        }
    }

    @Test(arguments: TestDatabase.engines)
    func twoServersStartingAtOnceLoadTheDemoOnce(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            // Given a second process's connections to the same empty database
            let other = try await WPSDatabase.open(database.location, logger: .init(label: "test"))
            // When both load the demo at the same moment
            async let one = Seeder.loadDemo(database, sections: [.directory], logger: .init(label: "test"))
            async let two = Seeder.loadDemo(other, sections: [.directory], logger: .init(label: "test"))
            let outcomes = try await [one, two]
            await other.close()
            // Then one loads it and the other leaves it alone
            let loaded = outcomes.compactMap { outcome -> Int? in
                if case .loaded(let loaded) = outcome { return loaded.institutions }
                return nil
            }
            #expect(loaded.count == 1, "\(outcomes)")
            #expect(try await SQLDirectoryStore(database: database).institutions(DirectoryQuery(), viewer: admin).total == loaded.first)
        }
    }
}

extension DirectoryStoreTests {
    @Test(arguments: TestDatabase.engines)
    func platformAdminsSeeMembersAndDeletedRecords(engine: WPSDatabase.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            _ = try await Seeder.loadDemo(database, sections: [.directory], logger: .init(label: "test"))
            let store = SQLDirectoryStore(database: database)
            let board = try #require(try await store.networks(DirectoryQuery(text: "coordination board balkan"), viewer: admin).items.first)
            let members = try await store.members(networkId: board.id, viewer: admin)
            #expect(members.first?.role == .chair)
            #expect(members.count == 8)
            let institution = try #require(try await store.institutions(DirectoryQuery(text: "Žene ženama"), viewer: admin).items.first)
            try await store.deleteInstitution(id: institution.id, version: nil, viewer: admin, by: actor)
            let withDeleted = try await store.institutions(DirectoryQuery(text: "zene zenama", includeDeleted: true), viewer: admin)
            #expect(withDeleted.items.map(\.deleted) == [true])
            // Others never see deleted records, even when they ask
            let asked = try await store.institutions(DirectoryQuery(text: "zene zenama", includeDeleted: true), viewer: Viewer(userId: 3))
            #expect(asked.total == 0)
        }
    }
}
