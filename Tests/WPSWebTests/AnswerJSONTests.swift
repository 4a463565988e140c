import Foundation
import Testing
@testable import WPSWeb

/// The API's JSON writer against Foundation's encoder with the same settings, on the corners an
/// answer can reach: every escape, numbers of every kind, key order, dictionaries, nothing and
/// null. (In debug builds every answer of every test is compared too; these are the corners the
/// product's own answers may not happen to contain.)
@Suite struct AnswerJSONTests {
    struct Corners: Encodable {
        var participantGap = 3
        var isoCode = "BA"
        var a1B2 = true
        var missing: Int?
        var present: String? = "here"
        var doubles: [Double] = [0.1, 40.0, -0.0, 1e-7, 1.5e300, 123_456.789, .ulpOfOne, 2.5, -17]
        var floats: [Float] = [0.1, 3, 1e-3]
        var integers: [Int] = [.min, .max, 0, -1]
        var small: Int8 = -8
        var wide: UInt64 = .max
        var text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7f} \" \\ / é Ђ 😀 \u{2028} </script>"
        var counts: [String: Int] = ["b": 1, "a": 2, "B": 3, "10": 4, "2": 5, "é": 6, "participantGap": 7, "sr-Cyrl": 8]
        var byNumber: [Int: String] = [10: "ten", 2: "two", -1: "minus"]
        var nested: [[String: [Int?]]] = [["x": [1, nil, 3]], [:]]
        var empty: [String] = []
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.org/a b?x=1")
        var decimal = Decimal(string: "12.50")
        var date = Date(timeIntervalSinceReferenceDate: 12.5)
        var kind = Kind.trainingOfTrainers
        var nothing = Nothing()
        var explicitNull = ExplicitNull()

        enum Kind: String, Encodable { case trainingOfTrainers = "training_of_trainers" }
        struct Nothing: Encodable {}
        struct ExplicitNull: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: SnakeCaseKeys.Key.self)
                try container.encodeNil(forKey: SnakeCaseKeys.Key(stringValue: "value"))
                var list = container.nestedUnkeyedContainer(forKey: SnakeCaseKeys.Key(stringValue: "listOfThings"))
                try list.encode(1)
                try list.encodeNil()
                var inner = container.nestedContainer(keyedBy: SnakeCaseKeys.Key.self, forKey: SnakeCaseKeys.Key(stringValue: "innerObject"))
                try inner.encode("z", forKey: SnakeCaseKeys.Key(stringValue: "zLast"))
                try inner.encode("a", forKey: SnakeCaseKeys.Key(stringValue: "aFirst"))
            }
        }
    }

    @Test func writesWhatFoundationWrites() throws {
        let ours = try AnswerJSON.encode(Corners())
        let foundation = try JSONResponse<Corners>.encoder.encode(Corners())
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(ours == Array(foundation))
        // Top-level values of other shapes
        #expect(try AnswerJSON.encode([1, 2, 3]) == Array(try JSONResponse<[Int]>.encoder.encode([1, 2, 3])))
        #expect(try AnswerJSON.encode(["k": [0.5]]) == Array(try JSONResponse<[String: [Double]]>.encoder.encode(["k": [0.5]])))
    }

    @Test func refusesWhatFoundationRefuses() {
        #expect(throws: EncodingError.self) { try AnswerJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try AnswerJSON.encode(["x": Double.infinity]) }
    }
}
