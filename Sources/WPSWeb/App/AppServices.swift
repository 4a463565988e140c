import Foundation
import Logging
import WPSCore
import WPSStorage

/// What the handlers work with: the stores and the configuration.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let database: WPSDatabase
    public let directory: any DirectoryStore
    public let accounts: any AccountStore
    public let datasets: any DatasetStore
    public let ranks: any RankStore
    public let passwords: PasswordHasher
    public let throttle: LoginThrottle
    /// Prometheus text for `/metrics`; nil when metrics are not collected in this process.
    public let metricsText: (@Sendable () -> String)?

    public init(config: AppConfig, database: WPSDatabase, metricsText: (@Sendable () -> String)? = nil) {
        self.config = config
        self.database = database
        self.directory = SQLDirectoryStore(database: database)
        self.accounts = SQLAccountStore(database: database)
        self.datasets = SQLDatasetStore(database: database)
        self.ranks = SQLRankStore(database: database)
        self.passwords = PasswordHasher(cost: config.bcryptCost)
        self.throttle = LoginThrottle()
        self.metricsText = metricsText
    }
}
