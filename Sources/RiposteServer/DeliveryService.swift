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
    /// Where dead letters are reported.
    let deadLetterDestination: RiposteConfiguration.Destination?

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
        let byName = self.destinations
        let operatorName: String = settings.deadLetterDestination ?? "console"
        self.deadLetterDestination = byName[operatorName]
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
            // A one-off answer (Slack's response_url) is not a configured destination.
            let oneOff = message.targetURL.map { _ in RiposteConfiguration.Destination(name: message.destination, type: message.destinationType) }
            guard let destination = destinations[message.destination] ?? oneOff else {
                let reason = "no destination is named '\(message.destination)' any more"
                try await queue.recordDelivery(
                    item.id, attempt: item.attempts + 1, outcome: DeliveryAttemptOutcome(status: nil, transportError: "unknown destination"),
                    latency: 0, verdict: .dead(reason: reason), at: Date(), reference: nil, operatorAlert: operatorAlert(for: item, reason: reason))
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
            let outcome = await send(item, to: destination)
            let elapsed = ContinuousClock.now - start
            let latency = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let attempt = item.attempts + 1
            let verdict = policy.verdict(for: outcome, attempt: attempt, random: Double.random(in: 0..<1), now: Date())
            var reference: String?
            var operatorAlert: OutboundMessage?
            switch verdict {
            case .delivered: reference = Self.keepsReference(item) ? Self.reference(in: outcome, for: destination.type) : nil
            case .dead(let reason): operatorAlert = self.operatorAlert(for: item, reason: reason)
            case .retry: break
            }
            try await queue.recordDelivery(
                item.id, attempt: attempt, outcome: outcome, latency: latency, verdict: verdict, at: Date(), reference: reference, operatorAlert: operatorAlert)
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
    private func send(_ item: DueDelivery, to destination: RiposteConfiguration.Destination) async -> DeliveryAttemptOutcome {
        let message = item.message
        var headers = [("Content-Type", "application/json; charset=utf-8"), ("Idempotency-Key", message.idempotencyKey)]
        var method = "POST"
        var body = message.body
        let url: String
        switch destination.type {
        case _ where message.targetURL != nil:
            // One answer to one interaction (Slack's response_url): its own URL, no token.
            url = message.targetURL ?? ""
        case .console:
            // Approval links are bearer tokens: the log shows that there is one, not the token.
            let text = String(decoding: message.body, as: UTF8.self).replacingOccurrences(
                of: #"/approvals/[A-Za-z0-9_\-.]+"#, with: "/approvals/[redacted]", options: .regularExpression)
            logger.info("alert", metadata: ["destination": "\(destination.name)", "alert": "\(text)"])
            return DeliveryAttemptOutcome(status: 200)
        case .slackBot:
            headers.append(("Authorization", "Bearer \(destination.token ?? "")"))
            // A group's later messages edit its first one (chat.update needs the channel id and ts it returned).
            // `url`, when set, is the Web API's base (a Slack-compatible server, or a test receiver).
            let base = (destination.url ?? "https://slack.com/api").trimmingCharacters(in: ["/"])
            let parts = item.updates?.split(separator: " ").map(String.init) ?? []
            if parts.count == 2, var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
                object["channel"] = parts[0]
                object["ts"] = parts[1]
                body = AlertRenderer.json(object)
                url = base + "/chat.update"
            } else {
                url = base + "/chat.postMessage"
            }
        default:
            guard let target = destination.url else { return DeliveryAttemptOutcome(status: 400, body: "no url configured") }
            switch destination.type {
            case .googleChat:
                // Google Chat threads by the body's threadKey only with this option.
                url = target.contains("messageReplyOption=") ? target : Self.appending("messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD", to: target)
            case .discord where item.updates != nil:
                // Edit the group's message: PATCH {webhook}/messages/{id}.
                let (path, query) = Self.split(target)
                url = path + "/messages/" + (item.updates ?? "") + query
                method = "PATCH"
            case .discord where Self.keepsReference(item):
                // wait=true makes Discord answer with the message, whose id later updates edit.
                url = Self.appending("wait=true", to: target)
            default:
                url = target
            }
            if destination.type == .webhook, let secret = destination.secret {
                // Standard Webhooks: webhook-id is stable across retries, the timestamp is this attempt's.
                let timestamp = Int64(Date().timeIntervalSince1970)
                headers.append(("webhook-id", message.idempotencyKey))
                headers.append(("webhook-timestamp", String(timestamp)))
                headers.append(("webhook-signature", WebhookSigner.standardSignature(id: message.idempotencyKey, timestamp: timestamp, body: body, secret: secret)))
            }
        }
        var outcome = await client.attempt(
            HTTPClientRequest(method: method, url: url, headers: headers, body: body, timeout: settings.timeout, connectTimeout: min(5, settings.timeout)))
        // Slack's Web API answers 200 with {"ok":false,"error":…}: a permanent failure unless rate limited.
        if destination.type == .slackBot, outcome.status == 200, outcome.body.contains("\"ok\":false") {
            outcome.status = outcome.body.contains("ratelimited") ? 429 : 400
        }
        return outcome
    }

    /// Whether a later message may edit this one: a group's messages and escalation requests.
    static func keepsReference(_ item: DueDelivery) -> Bool {
        item.groupID != nil || item.message.idempotencyKey.hasPrefix("esc-")
    }

    /// The platform's id of a message just posted: Slack's `channel ts`, Discord's message id.
    static func reference(in outcome: DeliveryAttemptOutcome, for type: RiposteConfiguration.DestinationType) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(outcome.body.utf8))) as? [String: Any] else { return nil }
        switch type {
        case .slackBot:
            guard let channel = object["channel"] as? String, let ts = object["ts"] as? String else { return nil }
            return "\(channel) \(ts)"
        case .discord:
            return object["id"] as? String
        default:
            return nil
        }
    }

    /// Tells an operator that a message will never be delivered (not for a report that itself failed).
    private func operatorAlert(for item: DueDelivery, reason: String) -> OutboundMessage? {
        guard let target = deadLetterDestination, !item.message.idempotencyKey.hasPrefix("dead-letter-") else { return nil }
        let key = "dead-letter-\(item.id)-\(Int64(Date().timeIntervalSince1970 * 1000))"
        let alert = AlertContent(
            key: key, title: "Dead letter · a message to \(item.message.destination) will not be delivered",
            text: "Outbox message \(item.id) (\(item.message.idempotencyKey)) to \(item.message.destination) (\(item.message.destinationType.rawValue)) failed permanently: \(reason).",
            author: item.message.mentionID.map { "about mention \($0)" } ?? "Riposte delivery",
            label: "Fix the destination, then `riposte outbox retry \(item.id)`.")
        return OutboundMessage(
            idempotencyKey: key, destination: target.name, destinationType: target.type, body: AlertComposer.body(alert, for: target, threadKey: key),
            mentionID: item.message.mentionID, routePath: nil)
    }

    private static func appending(_ parameter: String, to url: String) -> String {
        url + (url.contains("?") ? "&" : "?") + parameter
    }

    private static func split(_ url: String) -> (path: String, query: String) {
        guard let mark = url.firstIndex(of: "?") else { return (url, "") }
        return (String(url[..<mark]), String(url[mark...]))
    }
}
