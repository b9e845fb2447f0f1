import Foundation
import Hummingbird
import Logging
import RiposteChat
import RiposteCore
import RiposteModels
import RiposteStore
import ServiceLifecycle

/// Riposte's wired-up parts: configuration, database, metrics, and the signal that wakes the pipeline.
public struct RiposteRuntime: Sendable {
    /// The configuration in force.
    public let configuration: RiposteConfiguration
    /// The database.
    public let database: AppDatabase
    /// Metrics, rendered at `/metrics`.
    public let metrics: RiposteMetrics
    /// Woken by ingest so the pipeline starts at once.
    public let wakeup: Wakeup
    /// Woken by the pipeline when it put alerts in the outbox.
    public let deliveryWakeup = Wakeup()
    /// The root logger.
    public let logger: Logger
    /// The sentiment model and risk detectors the pipeline runs.
    public let classifier: MentionClassifier
    /// The reply template library.
    public let templates: TemplateLibrary
    /// Ingest requests in flight: sheds load past `ingest.max_in_flight`, and tells the
    /// pipeline when ingest is busy.
    let ingestLoad: InFlightLimiter

    /// Loads the model and opens the database named by the configuration.
    /// - Throws: `ModelLoadError` when the model cannot be read; `StoreError` when the database
    ///   cannot be opened or migrated.
    public init(configuration: RiposteConfiguration, logger: Logger) throws {
        let classifier = try Self.classifier(for: configuration)
        let templates = try TemplateFiles.library(folder: configuration.replies.templates)
        let database = try AppDatabase(
            path: configuration.database.path, synchronous: configuration.database.synchronous,
            busyTimeout: configuration.database.busyTimeout)
        self.init(configuration: configuration, database: database, classifier: classifier, templates: templates, logger: logger)
    }

    /// The classifier the configuration asks for: its model file, else the shipped model.
    /// - Throws: `ModelLoadError` naming the file.
    public static func classifier(for configuration: RiposteConfiguration) throws -> MentionClassifier {
        let model = try SentimentModelFile.load(path: configuration.classifier.model)
        return MentionClassifier(model: model, configuration: configuration)
    }

    /// Builds a runtime over an open database.
    public init(configuration: RiposteConfiguration, database: AppDatabase, classifier: MentionClassifier, templates: TemplateLibrary, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.classifier = classifier
        self.templates = templates
        self.metrics = RiposteMetrics()
        self.wakeup = Wakeup()
        self.logger = logger
        self.ingestLoad = InFlightLimiter(limit: configuration.ingest.maxInFlight)
    }

    /// The standard pipeline: threading, classification, reply suggestions.
    public var pipeline: MentionPipeline {
        .configured(configuration, classifier: classifier, templates: templates)
    }

    static func usesEscalation(_ routes: [RouteNode]) -> Bool {
        routes.contains { $0.escalation != nil || usesEscalation($0.children) }
    }

    /// Warnings about a configuration that works but is probably not what the operator wants.
    public var configurationWarnings: [String] {
        var warnings: [String] = []
        if configuration.ingest.requireSignature, configuration.ingest.secrets.isEmpty {
            warnings.append("ingest.require_signature is true but no secret is set (ingest.secrets or RIPOSTE_INGEST_SECRET): every ingest request will be refused with 401")
        }
        if !configuration.ingest.requireSignature {
            warnings.append("ingest.require_signature is false: anyone who can reach the server can post mentions")
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(configuration.server.host)
        for issue in templates.issues {
            warnings.append("template library: \(issue) (run `riposte templates lint`)")
        }
        if configuration.approvals.secret == nil, Self.usesEscalation(configuration.routes) {
            warnings.append("routes name escalation policies but approvals.secret is not set: no escalation will start (plain alerts are sent instead)")
        }
        if configuration.approvals.secret != nil, configuration.server.publicURL == nil {
            warnings.append("approvals are on but server.public_url is not set: approval links and Mattermost buttons point at http://\(configuration.server.host):\(configuration.server.port)")
        }
        if !loopback, configuration.api.tokens.isEmpty {
            warnings.append("the server listens on \(configuration.server.host) and api.tokens is empty: mention data is readable by anyone who can reach it")
        }
        return warnings
    }
}

/// Builds the router with every route and middleware.
public func buildRouter(_ runtime: RiposteRuntime) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.middlewares.add(RequestMetricsMiddleware(metrics: runtime.metrics))
    router.middlewares.add(JSONErrorMiddleware())
    router.middlewares.add(RequestLogMiddleware())
    let configuration = runtime.configuration
    let decoder = MentionPayloadDecoder(limits: {
        var limits = MentionPayloadDecoder.Limits()
        limits.maxBatchSize = configuration.ingest.maxBatchSize
        return limits
    }())
    let ingest = IngestEndpoint(
        repository: runtime.database, settings: configuration.ingest, metrics: runtime.metrics, wakeup: runtime.wakeup, limiter: runtime.ingestLoad)
    MentionsController(
        ingest: ingest, repository: runtime.database, readAccess: ReadAccess(tokens: configuration.api.tokens), decoder: decoder
    ).addRoutes(to: router)
    IntegrationsController(ingest: ingest, settings: configuration.integrations).addRoutes(to: router)
    OperationsController(repository: runtime.database, metrics: runtime.metrics, openAPI: OpenAPIDocument.json()).addRoutes(to: router)
    AuditController(database: runtime.database, readAccess: ReadAccess(tokens: configuration.api.tokens)).addRoutes(to: router)
    DashboardController(
        database: runtime.database,
        auth: DashboardAuth(settings: configuration.dashboard, secure: configuration.server.publicURL?.hasPrefix("https:") ?? false),
        configuration: configuration, pages: PageNotifier(configuration: configuration), wakeup: runtime.deliveryWakeup, metrics: runtime.metrics
    ).addRoutes(to: router)
    ThreadsController(
        database: runtime.database, access: ReadAccess(tokens: configuration.api.tokens), pages: PageNotifier(configuration: configuration), wakeup: runtime.deliveryWakeup,
        metrics: runtime.metrics
    ).addRoutes(to: router)
    EscalationsController(
        database: runtime.database, readAccess: ReadAccess(tokens: configuration.api.tokens), notifier: EscalationNotifier(configuration: configuration),
        wakeup: runtime.deliveryWakeup
    ).addRoutes(to: router)
    if let notifier = EscalationNotifier(configuration: configuration) {
        ApprovalsController(
            desk: ApprovalDesk(database: runtime.database, notifier: notifier, directory: configuration.approvers), notifier: notifier,
            database: runtime.database, slackSigningSecret: configuration.integrations.slack.signingSecret, wakeup: runtime.deliveryWakeup,
            pages: PageNotifier(configuration: configuration), metrics: runtime.metrics
        ).addRoutes(to: router)
    }
    return router
}

/// Builds the application: the HTTP server plus the background services, stopped together on
/// SIGTERM / SIGINT (graceful shutdown lets in-flight requests and the pipeline's batch finish).
/// - Parameters:
///   - runtime: The wired-up parts.
///   - onServerRunning: Called with the bound port once the server listens (port 0 picks a free one).
public func buildApplication(
    _ runtime: RiposteRuntime, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = runtime.configuration
    var logger = runtime.logger
    logger.logLevel = Logger.Level(rawValue: configuration.log.level) ?? .info
    let pipeline = MentionProcessingService(
        queue: runtime.database, pipeline: runtime.pipeline, settings: configuration.pipeline, wakeup: runtime.wakeup,
        metrics: runtime.metrics, logger: logger, replyHistory: configuration.replies.varietyWindow, outboxWakeup: runtime.deliveryWakeup,
        ingestBusy: { [load = runtime.ingestLoad] in load.inFlight >= InFlightLimiter.busy })
    let delivery = DeliveryService(
        queue: runtime.database, destinations: configuration.destinations, client: CurlHTTPClient(), settings: configuration.delivery,
        wakeup: runtime.deliveryWakeup, metrics: runtime.metrics, logger: logger)
    var services: [any Service] = []
    if configuration.pipeline.enabled { services.append(pipeline) }
    if configuration.delivery.enabled { services.append(delivery) }
    if let notifier = EscalationNotifier(configuration: configuration) {
        services.append(EscalationService(
            database: runtime.database, notifier: notifier, interval: configuration.approvals.checkInterval, wakeup: runtime.deliveryWakeup, logger: logger))
    }
    if let pages = PageNotifier(configuration: configuration) {
        services.append(PagingService(database: runtime.database, notifier: pages, interval: configuration.oncall.checkInterval, wakeup: runtime.deliveryWakeup, logger: logger))
    }
    if configuration.sla.enabled {
        services.append(SLAService(database: runtime.database, configuration: configuration, metrics: runtime.metrics, wakeup: runtime.deliveryWakeup, logger: logger))
    }
    if configuration.spikes.enabled {
        services.append(SpikeService(database: runtime.database, configuration: configuration, metrics: runtime.metrics, wakeup: runtime.deliveryWakeup, logger: logger))
    }
    return Application(
        router: buildRouter(runtime),
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "riposte"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.server.port) },
        logger: logger)
}
