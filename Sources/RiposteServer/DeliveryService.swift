import Foundation
import Logging
import RiposteChat
import RiposteCore
import ServiceLifecycle

/// Sends the outbox: claims due messages under a lease, rate-limits per destination with a token
/// bucket, posts with libcurl (off the cooperative pool), records every attempt, and retries,
/// postpones or dead-letters by ``DeliveryPolicy``. Resumes from the database after a crash: an
/// unfinished claim lapses and the message is sent again with the same `Idempotency-Key`.
public struct DeliveryService: Service {
    let queue: any DeliveryQueue
    let destinations: [String: RiposteConfiguration.Destination]
    let client: CurlHTTPClient
    let policy: DeliveryPolicy
    let settings: RiposteConfiguration.Delivery
    let wakeup: Wakeup
    let metrics: RiposteMetrics
    let logger: Logger

    /// Creates the worker.
    public init(
        queue: any DeliveryQueue, destinations: [RiposteConfiguration.Destination], client: CurlHTTPClient, settings: RiposteConfiguration.Delivery,
        wakeup: Wakeup, metrics: RiposteMetrics, logger: Logger
    ) {
        self.queue = queue
        self.destinations = Dictionary(destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.client = client
        var policy = DeliveryPolicy()
        policy.baseDelay = settings.baseDelay
        policy.maxDelay = settings.maxDelay
        policy.maxAttempts = settings.maxAttempts
        self.policy = policy
        self.settings = settings
        self.wakeup = wakeup
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var buckets: [String: TokenBucket] = [:]
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let handled: Int
            do {
                handled = try await deliverBatch(buckets: &buckets)
            } catch {
                logger.error("delivery batch failed; retrying after the poll interval", metadata: ["error": "\(error)"])
                handled = 0
            }
            if handled < settings.batchSize {
                await cancelWhenGracefulShutdown { await wakeup.wait(timeout: .seconds(settings.pollInterval)) }
            }
        }
    }

    /// Sends one batch of due messages.
    /// - Returns: How many were claimed.
    public func deliverBatch(buckets: inout [String: TokenBucket]) async throws -> Int {
        let now = Date()
        let due = try await queue.claimDeliveries(limit: settings.batchSize, leaseUntil: now.addingTimeInterval(settings.lease), now: now)
        for item in due {
            let message = item.message
            guard let destination = destinations[message.destination] else {
                try await queue.recordDelivery(
                    item.id, attempt: item.attempts + 1, outcome: DeliveryAttemptOutcome(status: nil, transportError: "unknown destination"),
                    latency: 0, verdict: .dead(reason: "no destination is named '\(message.destination)' any more"), at: Date())
                continue
            }
            let rate = settings.rates[destination.type.rawValue] ?? TokenBucket.defaultRate(for: destination.type)
            var bucket = buckets[destination.name] ?? TokenBucket(rate: rate, burst: max(1, rate * 2), now: now)
            if let wait = bucket.take(now: Date()) {
                buckets[destination.name] = bucket
                try await queue.postponeDelivery(item.id, until: Date().addingTimeInterval(wait))
                metrics.deliveries(type: destination.type.rawValue, result: "rate_limited").increment()
                continue
            }
            buckets[destination.name] = bucket
            let start = ContinuousClock.now
            let outcome = await send(message, to: destination)
            let elapsed = ContinuousClock.now - start
            let latency = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let attempt = item.attempts + 1
            let verdict = policy.verdict(for: outcome, attempt: attempt, random: Double.random(in: 0..<1), now: Date())
            try await queue.recordDelivery(item.id, attempt: attempt, outcome: outcome, latency: latency, verdict: verdict, at: Date())
            let result: String
            switch verdict {
            case .delivered:
                result = "delivered"
                metrics.deliveryLatency(type: destination.type.rawValue).record(.nanoseconds(Int64(latency * 1e9)))
            case .retry(let after, let reason):
                result = "retry"
                logger.notice("delivery will be retried", metadata: ["outbox.id": "\(item.id)", "destination": "\(destination.name)", "attempt": "\(attempt)", "retry.after": "\(after)", "error": "\(reason)"])
            case .dead(let reason):
                result = "dead"
                logger.error("delivery failed permanently: dead letter", metadata: ["outbox.id": "\(item.id)", "destination": "\(destination.name)", "attempt": "\(attempt)", "error": "\(reason)"])
            }
            metrics.deliveries(type: destination.type.rawValue, result: result).increment()
        }
        if let depth = try? await queue.outboxDepth(now: Date()) {
            metrics.outboxPending.set(to: Double(depth.pending))
            metrics.outboxOldestDueAge.set(to: depth.oldestDueAge)
        }
        return due.count
    }

    /// One attempt. The URL and token are secrets: neither is ever logged.
    private func send(_ message: OutboundMessage, to destination: RiposteConfiguration.Destination) async -> DeliveryAttemptOutcome {
        var headers = [("Content-Type", "application/json; charset=utf-8"), ("Idempotency-Key", message.idempotencyKey)]
        let url: String
        switch destination.type {
        case .console:
            logger.info("alert", metadata: ["destination": "\(destination.name)", "alert": "\(String(decoding: message.body, as: UTF8.self))"])
            return DeliveryAttemptOutcome(status: 200)
        case .slackBot:
            url = "https://slack.com/api/chat.postMessage"
            headers.append(("Authorization", "Bearer \(destination.token ?? "")"))
        default:
            guard let target = destination.url else { return DeliveryAttemptOutcome(status: 400, body: "no url configured") }
            // Google Chat threads by the body's threadKey only with this option.
            url = destination.type == .googleChat && !target.contains("messageReplyOption=")
                ? target + (target.contains("?") ? "&" : "?") + "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" : target
        }
        var outcome = await client.attempt(HTTPClientRequest(url: url, headers: headers, body: message.body, timeout: settings.timeout, connectTimeout: min(5, settings.timeout)))
        // Slack's Web API answers 200 with {"ok":false,"error":…}: a permanent failure unless rate limited.
        if destination.type == .slackBot, outcome.status == 200, outcome.body.contains("\"ok\":false") {
            outcome.status = outcome.body.contains("ratelimited") ? 429 : 400
        }
        return outcome
    }
}
