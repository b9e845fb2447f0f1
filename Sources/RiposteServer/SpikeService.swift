import Foundation
import Logging
import RiposteCore
import RiposteStore
import ServiceLifecycle

/// Looks for spikes of unsupportive volume every `spikes.check_interval` and raises a `spike`
/// alert, routed like any other (it matches `flag: spike`, `classification: unsupportive`, its
/// priority and brand). One alert per brand (or topic) per cooldown; every spike is stored and audited.
public struct SpikeService: Service {
    let database: AppDatabase
    let detector: SpikeDetector
    let router: MentionRouter
    let composer: AlertComposer
    let metrics: RiposteMetrics
    let wakeup: Wakeup
    let logger: Logger
    /// Whether spikes page the on-call (an on-call schedule is configured).
    let pages: Bool

    /// How many recent and baseline mentions are read per brand (term statistics are scaled from them).
    static let sampleSize = 2_000

    /// Creates the service.
    public init(database: AppDatabase, configuration: RiposteConfiguration, metrics: RiposteMetrics, wakeup: Wakeup, logger: Logger) {
        self.database = database
        self.detector = SpikeDetector(settings: configuration.spikes)
        self.router = MentionRouter(routes: configuration.routes)
        self.composer = AlertComposer(destinations: configuration.destinations, publicURL: configuration.server.publicURL)
        self.metrics = metrics
        self.wakeup = wakeup
        self.logger = logger
        self.pages = configuration.oncall.isConfigured
    }

    public func run() async throws {
        await Periodic.run(every: detector.settings.checkInterval, logger: logger, failure: "spike check failed") { try await check(now: Date()) }
    }

    /// One look at the windows ending `now`.
    /// - Returns: The spikes raised (those in cooldown are not).
    @discardableResult
    public func check(now: Date) async throws -> [Spike] {
        let settings = detector.settings
        let recentStart = now.addingTimeInterval(-settings.window)
        let baselineStart = recentStart.addingTimeInterval(-settings.baseline)
        var raised: [Spike] = []
        var queued = false
        for volume in try await database.unsupportiveVolume(baselineStart: baselineStart, recentStart: recentStart) where volume.recent >= settings.minCount {
            let recent = try await database.unsupportiveMentions(brand: volume.brand, from: recentStart, to: now.addingTimeInterval(1), limit: Self.sampleSize)
            let baseline = try await database.unsupportiveMentions(brand: volume.brand, from: baselineStart, to: recentStart, limit: Self.sampleSize)
            for spike in detector.spikes(brand: volume.brand, recent: recent, recentCount: volume.recent, baseline: baseline, baselineCount: volume.baseline) {
                if let last = try await database.lastSpike(brand: spike.brand, topic: spike.topic ?? ""),
                    now.timeIntervalSince(last) < settings.cooldown ?? settings.window
                {
                    continue
                }
                let messages = self.messages(for: spike, at: now)
                queued = queued || !messages.isEmpty
                try await database.recordSpike(spike, at: now, messages: messages)
                if pages {
                    // A spike is urgent: it pages the on-call like an urgent thread.
                    let bucket = Int(now.timeIntervalSince1970 / max(1, settings.window))
                    try await database.openPage(
                        Page(
                            id: "page-spike-\(spike.subject)-\(bucket)", threadKey: "spike:\(spike.subject)", mentionID: spike.examples.first?.mentionID, reason: .spike,
                            summary: spike.content(key: "").title, at: now),
                        at: now)
                }
                metrics.spikes.increment()
                logger.notice(
                    "spike detected",
                    metadata: [
                        "spike.brand": "\(spike.brand)", "spike.topic": "\(spike.topic ?? "")", "spike.recent": "\(spike.recentCount)",
                        "spike.ratio": "\(String(format: "%.1f", spike.ratio))", "spike.destinations": "\(messages.map(\.destination).joined(separator: ","))",
                    ])
                raised.append(spike)
            }
        }
        if queued { wakeup.signal() }
        return raised
    }

    /// The alert, once per destination its routes name (spikes are never grouped: each is one message).
    func messages(for spike: Spike, at date: Date) -> [OutboundMessage] {
        let bucket = Int(date.timeIntervalSince1970 / max(1, detector.settings.window))
        var seen = Set<String>()
        var messages: [OutboundMessage] = []
        for decision in router.decide(spike.routingFacts(at: date)) {
            for name in decision.destinations where seen.insert(name).inserted {
                guard let destination = composer.destinations[name] else { continue }
                let subject = "\(spike.brand)|\(spike.topic ?? "")".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "spike"
                let key = "spike-\(subject)-\(bucket)-\(name)"
                messages.append(OutboundMessage(
                    idempotencyKey: key, destination: name, destinationType: destination.type,
                    body: AlertComposer.body(spike.content(key: key), for: destination, threadKey: "spike-\(subject)"), mentionID: nil, routePath: decision.path))
            }
        }
        return messages
    }
}
