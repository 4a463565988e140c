import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import WPSCore
@testable import WPSStorage
@testable import WPSWeb

/// An aggregate table entered as a source publishes it: the shares come out as published, to one
/// decimal, and a source whose parts do not add up to the women it reports shows the gap.
@Suite struct PublishedFiguresTests {
    @Test(arguments: TestDatabase.engines)
    func aSourceOf601WomenWithParts98And121And328ShowsTheGapOf54(engine: WPSDatabase.Engine) async throws {
        try await WebHarness.with(engine) { client, services in
            let ministry = try await WebHarness.institutionId(services, named: "Ministry of Defence of Bosnia and Herzegovina")
            let token = try await WebHarness.token(services, email: "analyst@example.org", role: (ministry, .analyst))
            // Given a published source: 601 women of 8,100, and women and men by category (98, 121 and 328 women)
            let created = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2023-12-31","visibility":"public","total":8100,"women":601,
                 "source":"Annual report 2023","definition":"Armed forces; civilians not counted","counts":[
                  {"sex":"female","category":"officer","n":98},{"sex":"male","category":"officer","n":1102},
                  {"sex":"female","category":"nco","n":121},{"sex":"male","category":"nco","n":2179},
                  {"sex":"female","category":"soldier","n":328},{"sex":"male","category":"soldier","n":3672}]}
                """)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? Int)
            // When the public reads it / Then the gaps are there, not forced equal
            let dataset = try await api(client, .get, "/api/v1/datasets/\(id)").object
            #expect(dataset["reported_women"] as? Int == 601)
            #expect(dataset["women_gap"] as? Int == 54)
            #expect(dataset["reported_total"] as? Int == 8100 && dataset["gap"] as? Int == 600)
            // And the shares of women by category are the published ones, to one decimal
            let table = try await api(client, .get, "/api/v1/datasets/\(id)/table?rows=category&columns=sex").object
            let shares = (table["cells"] as? [[String: Any]] ?? []).filter { $0["column"] as? String == "female" }
                .reduce(into: [String: Double]()) { $0[$1["row"] as? String ?? ""] = $1["percent_of_row"] as? Double }
            #expect(shares == ["officer": 8.2, "nco": 5.3, "soldier": 8.2])
            // The same source entered as it is published, women and total by group, gives the same table
            let byGroup = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2023-12-30","visibility":"public","total":8100,"women":601,"counts":[
                  {"category":"officer","women":98,"total":1200},{"category":"nco","women":121,"total":2300},
                  {"category":"soldier","women":328,"total":4000}]}
                """)
            #expect(byGroup.status == .created, "\(byGroup.text)")
            let groupId = try #require(byGroup.object["id"] as? Int)
            #expect(byGroup.object["women_gap"] as? Int == 54 && byGroup.object["gap"] as? Int == 600)
            let groupTable = try await api(client, .get, "/api/v1/datasets/\(groupId)/table?rows=category&columns=sex").object
            #expect(groupTable["cells"] as? NSArray == table["cells"] as? NSArray, "the same cells as the counts by sex")
            // A problem in an entry after a group is named at that entry, as sent
            let misplaced = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2023-12-28","counts":[
                  {"category":"officer","women":9,"total":90},{"category":"officer","nato_code":"XX-1","sex":"male","n":3}]}
                """)
            #expect(misplaced.status == .unprocessableContent && misplaced.errorFields == ["counts[1].nato_code"], "\(misplaced.text)")
            // A group with more women than people, or both shapes at once, is refused naming the field
            for bad in [#"{"category":"officer","women":98,"total":90}"#, #"{"category":"officer","women":98,"total":100,"n":3}"#,
                        #"{"category":"officer","women":98}"#] {
                let refused = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                    {"institution_id":\(ministry),"reference_date":"2023-12-29","counts":[\(bad)]}
                    """)
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(refused.errorFields.contains { $0.contains("women") || $0.contains("total") || $0.contains("n") }, "\(bad): \(refused.text)")
            }
            // And the page shows the gap with what it means
            let page = try await client.execute(uri: "/datasets/\(id)", method: .get).text
            #expect(page.contains("<strong class=\"gap\">54</strong>"))
            #expect(page.contains("Women as reported") && page.contains("601"))
            // A source whose women add up shows no gap; a negative number of women is refused, naming the field
            let agreeing = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2022-12-31","women":98,"counts":[{"sex":"female","category":"officer","n":98}]}
                """)
            #expect(agreeing.status == .created && agreeing.object.keys.contains("women_gap") && agreeing.object["women_gap"] is NSNull)
            // A gap that would give away a small number of women counted is the owner's only
            let few = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2021-12-31","visibility":"public","women":40,"counts":[
                  {"sex":"female","category":"officer","n":3},{"sex":"male","category":"officer","n":400}]}
                """)
            let fewId = try #require(few.object["id"] as? Int)
            #expect(few.object["women_gap"] as? Int == 37, "the owner's analyst sees it")
            let byPublic = try await api(client, .get, "/api/v1/datasets/\(fewId)").object
            #expect(byPublic["women_gap"] is NSNull && byPublic["reported_women"] as? Int == 40)
            #expect(!(try await client.execute(uri: "/datasets/\(fewId)", method: .get).text.contains("class=\"gap\">37<")))
            // So does one that would give away a women's total of k or more which disclosure control
            // withholds to protect a small cell: 2 people of other sex, 30 women and 400 men; with the
            // total public, one more sex margin is withheld, and 35 reported minus a gap of 5 would say
            // 30 women, hence 2 of other sex
            let hidden = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2020-12-31","visibility":"public","women":35,"counts":[
                  {"sex":"female","category":"officer","n":30},{"sex":"male","category":"officer","n":400},
                  {"sex":"other","category":"officer","n":2}]}
                """)
            let hiddenId = try #require(hidden.object["id"] as? Int)
            #expect(hidden.object["women_gap"] as? Int == 5, "the owner's analyst sees it")
            let sexTable = try await api(client, .get, "/api/v1/datasets/\(hiddenId)/table?rows=category&columns=sex").object
            let columns = sexTable["columns"] as? [String] ?? []
            let totals = sexTable["column_totals"] as? [Any] ?? []
            let womenShown = columns.firstIndex(of: "female").map { totals.indices.contains($0) && totals[$0] is Int } ?? false
            let publicGap = try await api(client, .get, "/api/v1/datasets/\(hiddenId)").object["women_gap"]
            #expect(!womenShown, "the women's total is withheld to protect the 2 (\(sexTable))")
            #expect(publicGap is NSNull, "the gap would give the withheld women's total away")
            let listed = try await api(client, .get, "/api/v1/datasets?per_page=100").object["items"] as? [[String: Any]] ?? []
            #expect(listed.first { $0["id"] as? Int == hiddenId }?["women_gap"] is NSNull)
            #expect(!(try await client.execute(uri: "/datasets/\(hiddenId)", method: .get).text.contains("class=\"gap\">5<")))
            // The 601 source, whose women the tables show, keeps its gap in the list too
            #expect(listed.first { $0["id"] as? Int == id }?["women_gap"] as? Int == 54)
            let refused = try await api(client, .post, "/api/v1/datasets", token: token, json: """
                {"institution_id":\(ministry),"reference_date":"2022-12-31","women":-1,"counts":[{"sex":"female","n":1}]}
                """)
            #expect(refused.status == .unprocessableContent && refused.errorFields == ["women"])
        }
    }
}
