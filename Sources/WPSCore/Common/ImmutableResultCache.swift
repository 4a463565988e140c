import Foundation

/// Results computed from data that never changes once written — an imported dataset's counts,
/// the match between two snapshots — kept in memory by what they were computed from. Each
/// process has its own; losing it only costs a recomputation. Concurrent requests for a value
/// not yet known wait for one computation instead of each starting their own.
public final class ImmutableResultCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Task<Value, any Error>] = [:]
    private let capacity: Int

    /// - Parameter capacity: how many values to keep; past it, the cache starts again empty
    ///   (values are small, and recomputing a few is cheap compared with tracking use).
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether a value for `key` is kept or being computed (for warm-up checks).
    public func holds(_ key: Key) -> Bool { lock.withLock { entries[key] != nil } }

    /// The value for `key`, computed by `compute` the first time it is asked for.
    /// - Throws: what `compute` throws; a failed computation is forgotten, so it is tried again.
    public func value(for key: Key, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task: Task<Value, any Error> = lock.withLock {
            if let running = entries[key] { return running }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            let task = Task { try await compute() }
            entries[key] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            lock.withLock { entries[key] = nil }
            throw error
        }
    }
}
