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
    public let plans: any PlanStore
    public let reports: any ProgressReportStore
    public let evaluations: any EvaluationStore
    public let consultations: any ConsultationStore
    public let activities: any ActivityStore
    public let projects: any ProjectStore
    /// The roster, requests and the Gender Coach Programme (coaching notes sealed with `sealer`).
    public let expertise: SQLExpertiseStore
    public let sealer: NoteSealer
    /// Policies, practices and lessons learnt, searched across languages and scripts.
    public let library: any LibraryStore
    /// Policy gap reviews against questionnaire templates.
    public let reviews: any PolicyReviewStore
    /// Files attached to reports and evaluations (streamed part by part, so the concrete store).
    public let attachments: SQLAttachmentStore
    /// Files sent to the import wizard, between its steps (in the database: any server may confirm).
    public let uploads: SQLUploadStore
    public let passwords: PasswordHasher
    public let throttle: LoginThrottle
    /// Prometheus text for `/metrics`; nil when metrics are not collected in this process.
    public let metricsText: (@Sendable () -> String)?
    /// The datasets' figures as each reader may see them, with the tables after disclosure
    /// control kept by what they were computed from and their threshold.
    public let publication: DataPublication

    public init(config: AppConfig, database: WPSDatabase, metricsText: (@Sendable () -> String)? = nil) {
        self.config = config
        self.database = database
        self.directory = SQLDirectoryStore(database: database)
        self.accounts = SQLAccountStore(database: database)
        self.datasets = SQLDatasetStore(database: database)
        self.publication = DataPublication(
            datasets: datasets, suppressionThreshold: config.suppressionThreshold, protectionWidth: config.protectionWidth, work: CPUWork.pool)
        self.ranks = SQLRankStore(database: database)
        self.plans = SQLPlanStore(database: database)
        self.reports = SQLProgressReportStore(database: database)
        self.evaluations = SQLEvaluationStore(database: database)
        self.consultations = SQLConsultationStore(database: database)
        self.activities = SQLActivityStore(database: database)
        self.projects = SQLProjectStore(database: database)
        self.sealer = NoteSealer(file: config.resolvedSecretKeyFile)
        self.expertise = SQLExpertiseStore(database: database, sealer: sealer)
        self.attachments = SQLAttachmentStore(database: database)
        self.library = SQLLibraryStore(database: database)
        self.reviews = SQLPolicyReviewStore(database: database)
        self.uploads = SQLUploadStore(database: database)
        self.passwords = PasswordHasher(cost: config.bcryptCost)
        self.throttle = LoginThrottle()
        self.metricsText = metricsText
    }
}

extension AppServices {
    /// Prepares, in the background at start, what the first readers would otherwise wait for
    /// (``DataPublication/warmUp()``).
    public func warmUp() async throws {
        try await publication.warmUp()
    }
}
