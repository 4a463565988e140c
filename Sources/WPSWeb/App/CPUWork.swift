import NIOCore
import NIOPosix
import WPSCore

/// CPU-heavy work — disclosure control of a dataset's tables, writing a workbook — runs on a
/// thread pool of its own instead of the cooperative threads that serve requests: on two cores,
/// one long protection would otherwise hold back every other request, `/healthz` included.
enum CPUWork {
    /// One thread fewer than the machine has cores (at least one), so requests keep a core.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount - 1))
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}

extension NIOThreadPool: CPUWorkPool {
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await runIfActive(body)
    }
}
