import Foundation

/// Timestamps are stored as ISO 8601 text in UTC with milliseconds, which sorts correctly as text
/// and reads the same on SQLite and PostgreSQL.
public enum Timestamp {
    /// `date` as `2026-11-23T19:31:34.123Z`.
    ///
    /// Written and read by hand rather than with `ISO8601DateFormatter`: a formatter costs more to
    /// make than the whole conversion, and an audit trail or a session check converts many.
    public static func string(_ date: Date) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, millisecondOfDay) = floorDivision(totalMilliseconds, 86_400_000)
        let (year, month, day) = Day.civil(fromDays: Int(days))
        let seconds = Int(millisecondOfDay / 1000)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let milliseconds = Int(millisecondOfDay % 1000)
        let fraction = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : String(milliseconds)
        return "\(String(year).leftPadded(to: 4))-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(fraction)Z"
    }

    /// Parses text written by ``string(_:)`` (fractional seconds optional); nil for anything else.
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), day >= 1,
            day <= Day.daysIn(month: month, year: year), hour < 24, minute < 60, second < 61
        else { return nil }
        var milliseconds = 0.0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count <= 30, let fraction = number(20..<(bytes.count - 1)) else { return nil }
            milliseconds = Double(fraction) / pow(10, Double(bytes.count - 21)) * 1000
        } else if bytes[19] != UInt8(ascii: "Z") {
            return nil
        }
        let days = Int64(Day.daysFromCivil(year: year, month: month, day: day))
        let seconds = Double(days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
        return Date(timeIntervalSince1970: seconds + milliseconds / 1000)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

}

/// A calendar day (no time, no zone), written `YYYY-MM-DD`: positions, memberships and reference
/// dates are days, not instants.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible dates like 2023-02-30.
    /// Read from the bytes: an import parses a date or two per person.
    public init?(_ text: String) {
        let utf8 = text.utf8
        guard utf8.count == 10 else { return nil }
        let parsed: (Int, Int, Int)?
        if let contiguous = utf8.withContiguousStorageIfAvailable({ Self.parse($0) }) {
            parsed = contiguous
        } else {
            parsed = Self.parse(Array(utf8))
        }
        guard let parsed else { return nil }
        (year, month, day) = parsed
    }

    private static func parse<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> (Int, Int, Int)? where Bytes.Element == UInt8, Bytes.Index == Int {
        let start = bytes.startIndex
        guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start + from..<start + from + length {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year)
        else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 1970-01-01, for values that must be a day but were stored unreadably.
    public static let epoch = Day(uncheckedYear: 1970, month: 1, day: 1)

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
        }
        // Written byte by byte: an import writes a date or two per person.
        let (year, month, day) = (year, month, day)
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func digit(_ value: Int) -> UInt8 { UInt8(48 + value % 10) }
            buffer[0] = digit(year / 1000)
            buffer[1] = digit(year / 100)
            buffer[2] = digit(year / 10)
            buffer[3] = digit(year)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = digit(month / 10)
            buffer[6] = digit(month)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = digit(day / 10)
            buffer[9] = digit(day)
            return 10
        }
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}

extension Timestamp {
    /// The current time as stored text.
    public static func now() -> String { string(Date()) }
}

/// Calendar arithmetic in the proleptic Gregorian calendar, shared by timestamps and Excel dates.
extension Day {
    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> Day {
        let (year, month, day) = Day.civil(fromDays: Day.daysFromCivil(year: year, month: month, day: self.day) + days)
        return Day(uncheckedYear: year, month: month, day: day)
    }

    /// The date of a number of days since 1970-01-01 (the inverse of ``daysFromCivil``).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
