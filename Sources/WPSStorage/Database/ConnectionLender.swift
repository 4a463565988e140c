import Synchronization

/// Lends a fixed set of connections one at a time, first come first served: SQLite readers under
/// WAL each run their own query, so a slow analysis holds one reader and the others go on.
///
/// A lock, not an actor: a read that finds a free connection takes it without suspending (an
/// actor cost two hops per read, and a page makes dozens of reads); only a read that must wait
/// suspends, and the connection given back goes straight to the first waiting.
final class ConnectionLender<Connection: Sendable>: Sendable {
    private struct State {
        var free: [Connection]
        var waiters: [CheckedContinuation<Connection, Never>] = []
    }

    private let state: Mutex<State>
    /// Every connection it was given, whether lent or not (to close them).
    let all: [Connection]

    init(_ connections: [Connection]) {
        state = Mutex(State(free: connections))
        all = connections
    }

    private func borrow() async -> Connection {
        if let connection = state.withLock({ $0.free.popLast() }) { return connection }
        return await withCheckedContinuation { waiter in
            let connection: Connection? = state.withLock { state in
                if let connection = state.free.popLast() { return connection }
                state.waiters.append(waiter)
                return nil
            }
            if let connection { waiter.resume(returning: connection) }
        }
    }

    private func giveBack(_ connection: Connection) {
        let waiter: CheckedContinuation<Connection, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.free.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }

    /// Runs `body` with a connection of its own, giving it back whether `body` returns or throws.
    func with<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let connection = await borrow()
        do {
            let result = try await body(connection)
            giveBack(connection)
            return result
        } catch {
            giveBack(connection)
            throw error
        }
    }
}
