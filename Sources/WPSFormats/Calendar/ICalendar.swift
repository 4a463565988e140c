import WPSCore

/// An iCalendar (RFC 5545) feed of whole-day events: what calendar programs subscribe to.
/// Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character; text is
/// escaped as §3.3.11 says; every event has its UID and DTSTAMP.
///
/// Written here rather than with a library: none of the packages we may use writes iCalendar,
/// and the part we need (all-day VEVENTs) is small and fully specified.
public struct ICalendar: Sendable {
    public struct Event: Sendable, Equatable {
        /// Globally unique and stable: the same activity keeps it across feeds.
        public var uid: String
        public var start: Day
        /// The last day (inclusive); written as the exclusive DTEND the RFC asks for.
        public var end: Day
        public var summary: String
        public var location: String
        public var description: String
        public var url: String

        public init(uid: String, start: Day, end: Day, summary: String, location: String = "", description: String = "", url: String = "") {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.url = url
        }
    }

    public var name: String
    public var events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The feed, stamped with `now` (UTC, `yyyyMMdd'T'HHmmss'Z'`).
    public func text(stamp now: String) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//WPS Platform//Activities//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escape(name),
        ]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + now,
                      "DTSTART;VALUE=DATE:" + Self.date(event.start), "DTEND;VALUE=DATE:" + Self.date(event.end.adding(days: 1)),
                      "SUMMARY:" + Self.escape(event.summary)]
            if !event.location.isEmpty { lines.append("LOCATION:" + Self.escape(event.location)) }
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(event.description)) }
            if !event.url.isEmpty { lines.append("URL:" + event.url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    static func date(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// TEXT values: backslash, semicolon and comma escaped, line breaks as `\n`, other control
    /// characters dropped (they may not appear in a content line).
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Folds a content line into lines of at most 75 octets, each continuation starting with a
    /// space, never inside a character.
    static func fold(_ line: String) -> String {
        var lines: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = lines.isEmpty ? 75 : 74  // a continuation's leading space counts
            if octets + size > limit {
                lines.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        lines.append(current)
        return lines.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}
