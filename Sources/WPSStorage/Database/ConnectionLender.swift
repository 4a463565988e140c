/// Lends a fixed set of connections one at a time, first come first served: SQLite readers under
/// WAL each run their own query, so a slow analysis holds one reader and the others go on.
actor ConnectionLender<Connection: Sendable> {
    private var free: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) {
        free = connections
        everyConnection = connections
    }

    private func borrow() async -> Connection {
        if let connection = free.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func giveBack(_ connection: Connection) {
        if waiters.isEmpty {
            free.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Every connection, whether lent or not (to close them).
    private(set) var everyConnection: [Connection] = []

    /// Every connection it was given.
    func all() -> [Connection] { everyConnection }

    /// Runs `body` with a connection of its own, giving it back whether `body` returns or throws.
    nonisolated func with<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let connection = await borrow()
        do {
            let result = try await body(connection)
            await giveBack(connection)
            return result
        } catch {
            await giveBack(connection)
            throw error
        }
    }
}
