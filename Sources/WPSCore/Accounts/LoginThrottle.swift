import Foundation

/// After too many failed sign-ins for one account in a window, refuse further tries for a while.
public struct LoginThrottle: Sendable {
    public var maximumFailures: Int
    public var window: TimeInterval

    public init(maximumFailures: Int = 5, window: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// When sign-in is possible again, or nil when it is possible now.
    /// - Parameter failures: the account's failures within the window, oldest first.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }
        guard recent.count >= maximumFailures else { return nil }
        // Unlocks when enough of the recent failures have left the window.
        let unlocking = recent[recent.count - maximumFailures]
        let until = unlocking.addingTimeInterval(window)
        return until > now ? until : nil
    }
}
