import Testing
import WPSCore

@Suite struct TextTableTests {
    @Test func findsEveryKeyAfterGrowingAndKeepsTheLastValueSet() {
        // Given many keys of every script, some empty or long, set twice
        var table = TextTable<Int>()
        let keys = (0..<5_000).map { "\($0 % 7 == 0 ? "Štab " : $0 % 5 == 0 ? "Штаб " : "unit ")\($0)" } + ["", String(repeating: "ž", count: 500)]
        for (index, key) in keys.enumerated() { table.set(-index, for: key) }
        for (index, key) in keys.enumerated() { table.set(index, for: key) }
        // Then each is found with its last value, and nothing else is
        #expect(table.count == keys.count)
        for (index, key) in keys.enumerated() { #expect(table[key] == index, "\(key)") }
        #expect(table["unit 5000"] == nil)
        #expect(table["Štab"] == nil)
    }

    @Test func keysAreTheirBytesAsTheDatabaseComparesThem() {
        // Given "č" written as one character and as c + combining caron (equal as Swift strings)
        let composed = "\u{10D}eta"
        let decomposed = "c\u{30C}eta"
        #expect(composed == decomposed)
        var table = TextTable<String>()
        table.set("composed", for: composed)
        // Then they are two keys, as they are two values in a GROUP BY
        #expect(table[composed] == "composed")
        #expect(table[decomposed] == nil)
        table.set("decomposed", for: decomposed)
        #expect(table.count == 2 && table[decomposed] == "decomposed" && table[composed] == "composed")
    }
}
