import Foundation

/// A message for a chat destination: a row in the outbox before anything is sent.
public struct OutboundMessage: Sendable, Equatable {
    /// Stable across retries and restarts; sent as the `Idempotency-Key` header, unique in the outbox.
    public var idempotencyKey: String
    /// The destination's name.
    public var destination: String
    /// Its type (bounded: a metrics label).
    public var destinationType: RiposteConfiguration.DestinationType
    /// The request body (JSON), rendered once so every retry sends the same bytes.
    public var body: [UInt8]
    /// The mention it is about.
    public var mentionID: String?
    /// The route that sent it.
    public var routePath: String?
    /// The group it joins, when its route groups: the store merges it into the group's message.
    public var group: GroupedAlert?
    /// A URL to post to instead of the destination's own (Slack's `response_url` for one click).
    public var targetURL: String?
    /// The key of an earlier message this one edits in place where the platform allows
    /// (`slack_bot`, Discord) once that one was delivered; otherwise it is posted as a new message.
    public var edits: String?

    /// Creates a message.
    public init(
        idempotencyKey: String, destination: String, destinationType: RiposteConfiguration.DestinationType, body: [UInt8], mentionID: String?,
        routePath: String?, group: GroupedAlert? = nil, targetURL: String? = nil, edits: String? = nil
    ) {
        self.idempotencyKey = idempotencyKey
        self.destination = destination
        self.destinationType = destinationType
        self.body = body
        self.mentionID = mentionID
        self.routePath = routePath
        self.group = group
        self.targetURL = targetURL
        self.edits = edits
    }
}

/// A mention joining a group's message.
public struct GroupedAlert: Sendable, Equatable {
    /// The group's key (destination, route and label values).
    public var key: String
    /// What the group shares, for people.
    public var description: String
    /// Its timings.
    public var grouping: AlertGrouping
    /// The mention.
    public var item: AlertItem
    /// Where the group's message goes, and the base of its links: what the store needs to render
    /// the message again as the group grows.
    public var destination: RiposteConfiguration.Destination
    public var publicURL: String?

    /// Creates a grouped alert.
    public init(key: String, description: String, grouping: AlertGrouping, item: AlertItem, destination: RiposteConfiguration.Destination, publicURL: String?) {
        self.key = key
        self.description = description
        self.grouping = grouping
        self.item = item
        self.destination = destination
        self.publicURL = publicURL
    }

    /// The body of the group's message as `digest` stands.
    public func body(_ digest: AlertGroupDigest, key: String) -> [UInt8] {
        AlertComposer.body(digest.content(key: key, publicURL: publicURL), for: destination, threadKey: self.key)
    }
}

/// Builds the alert for a routed mention and renders it for each destination.
public struct AlertComposer: Sendable {
    /// The destinations, by name.
    public let destinations: [String: RiposteConfiguration.Destination]
    /// The base of links back to Riposte (`server.public_url`), if any.
    public let publicURL: String?

    /// Creates a composer.
    public init(destinations: [RiposteConfiguration.Destination], publicURL: String?) {
        self.destinations = Dictionary(destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.publicURL = publicURL
    }

    /// What an alert shows of a mention.
    public static func item(mentionID: String, mention: Mention, receivedAt: Date, classification: MentionClassification, suggestion: ReplySuggestion?) -> AlertItem {
        let risk = classification.risk
        let handle = mention.author?.handle.map { "@" + $0 } ?? "someone"
        let reach = mention.author?.followers.map { " · \($0) followers" } ?? ""
        let evidence = classification.sentiment.evidence.prefix(3).map { "“\($0.text)”" }.joined(separator: ", ")
        var deadline: String?
        if let event = risk.adverseEvent, risk.has(.adverseEvent) {
            let days = event.serious ? 15 : 90
            let due = RFC3339.format(receivedAt.addingTimeInterval(Double(days) * 86_400)).prefix(10)
            deadline = "Adverse-event clock: day 0 \(RFC3339.format(receivedAt).prefix(10)); report within \(days) days (by \(due)) — \(event.presentElements.count)/4 GVP elements"
        }
        return AlertItem(
            mentionID: mentionID, priority: classification.priority, sentiment: classification.sentiment.label,
            headline: risk.flags.first.map { $0.kind.rawValue.replacingOccurrences(of: "_", with: " ") } ?? classification.sentiment.label.rawValue,
            handle: handle, source: mention.source,
            author: "\(handle) · \(risk.author.type.rawValue.replacingOccurrences(of: "_", with: " "))\(reach)",
            text: mention.text, url: mention.url,
            label: "\(classification.sentiment.label.rawValue) \(String(format: "%.2f", classification.sentiment.confidence))" + (evidence.isEmpty ? "" : " — \(evidence)")
                + " · \(classification.priorityRule)",
            flags: risk.flags.map { "\($0.kind.rawValue)\($0.detail.map { " (\($0))" } ?? ""): \($0.evidence.prefix(3).joined(separator: ", "))" },
            flagKinds: risk.flags.map(\.kind.rawValue), suggestion: suggestion?.text, deadline: deadline)
    }

    /// The request body of an alert for a destination. `threadKey` threads Google Chat messages.
    public static func body(_ alert: AlertContent, for destination: RiposteConfiguration.Destination, threadKey: String) -> [UInt8] {
        let body: [String: Any]
        switch destination.type {
        case .slack: body = AlertRenderer.slack(alert)
        case .slackBot: body = AlertRenderer.slack(alert, channel: destination.channel)
        case .discord: body = AlertRenderer.discord(alert)
        case .teams: body = AlertRenderer.teams(alert)
        case .mattermost: body = AlertRenderer.mattermost(alert)
        case .googleChat: body = AlertRenderer.googleChat(alert, threadKey: threadKey)
        case .webhook, .console: body = AlertRenderer.webhook(alert)
        }
        return AlertRenderer.json(body)
    }

    /// The outbox messages for a mention's route decisions: one per destination, once even when
    /// several routes name the same destination. A grouping route's messages carry their group.
    public func messages(
        mentionID: String, stored: StoredMention, classification: MentionClassification, suggestion: ReplySuggestion?, decisions: [RouteDecision],
        facts: RoutingFacts? = nil, threadKey: String? = nil
    ) -> [OutboundMessage] {
        // Most mentions match no route: nothing to compose.
        guard decisions.contains(where: { !$0.destinations.isEmpty }) else { return [] }
        var messages: [OutboundMessage] = []
        var seen = Set<String>()
        let item = Self.item(mentionID: mentionID, mention: stored.mention, receivedAt: stored.receivedAt, classification: classification, suggestion: suggestion)
        let facts = facts ?? RoutingFacts(
            classification: classification, source: stored.mention.source, brand: stored.mention.brand, followers: stored.mention.author?.followers,
            at: stored.receivedAt)
        let author = stored.mention.author?.handle.map { "\(stored.mention.source):\($0.lowercased())" }
        for decision in decisions {
            for name in decision.destinations where seen.insert(name).inserted {
                guard let destination = destinations[name] else { continue }
                let key = "mention-\(mentionID)-\(name)"
                var group: GroupedAlert?
                var chatThread = "mention-\(mentionID)"
                if let grouping = decision.grouping {
                    let (groupKey, description) = grouping.key(route: decision.path, destination: name, facts: facts, threadKey: threadKey, author: author)
                    group = GroupedAlert(key: groupKey, description: description, grouping: grouping, item: item, destination: destination, publicURL: publicURL)
                    chatThread = groupKey
                }
                let content = group.map { AlertGroupDigest(description: $0.description, first: item, at: stored.receivedAt).content(key: key, publicURL: publicURL) }
                    ?? item.content(key: key, publicURL: publicURL)
                messages.append(OutboundMessage(
                    idempotencyKey: key, destination: name, destinationType: destination.type, body: Self.body(content, for: destination, threadKey: chatThread),
                    mentionID: mentionID, routePath: decision.path, group: group))
            }
        }
        return messages
    }
}

/// The pipeline stage that routes classified mentions and puts their alerts in the outbox.
public struct RoutingStage: MentionStage {
    public var name: String { "routing" }
    /// The routing tree.
    public let router: MentionRouter
    /// Builds the messages.
    public let composer: AlertComposer
    /// Starts escalations (`nil` when approvals are not configured).
    public let notifier: EscalationNotifier?

    /// Creates the stage.
    public init(router: MentionRouter, composer: AlertComposer, notifier: EscalationNotifier? = nil) {
        self.router = router
        self.composer = composer
        self.notifier = notifier
    }

    public func process(_ stored: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        guard let classification = result.classification else { return }
        let facts = RoutingFacts(
            classification: classification, source: stored.mention.source, brand: stored.mention.brand,
            followers: stored.mention.author?.followers, at: stored.receivedAt)
        let decisions = router.decide(facts)
        result.routes = decisions
        result.messages = composer.messages(
            mentionID: stored.id, stored: stored, classification: classification, suggestion: result.suggestions.first, decisions: decisions, facts: facts,
            threadKey: result.threadKey)
        guard let notifier else { return }
        // A route with an escalation policy asks its destinations for a decision instead of
        // sending them the plain alert: one escalation per policy, discussed in all their channels.
        var channels: [String: [String]] = [:]
        var order: [String] = []
        for decision in decisions {
            guard let policy = decision.escalation else { continue }
            if channels[policy] == nil { order.append(policy) }
            channels[policy, default: []] += decision.destinations.filter { !(channels[policy] ?? []).contains($0) }
        }
        guard !order.isEmpty else { return }
        let item = AlertComposer.item(
            mentionID: stored.id, mention: stored.mention, receivedAt: stored.receivedAt, classification: classification, suggestion: result.suggestions.first)
        for policy in order {
            let names = channels[policy] ?? []
            guard let start = notifier.start(policy: policy, mentionID: stored.id, item: item, draft: result.suggestions.first?.text ?? "", destinations: names, at: context.now)
            else { continue }
            result.escalations.append(start)
            result.messages.removeAll { names.contains($0.destination) }
        }
    }
}

/// An outbox row due for sending.
public struct DueDelivery: Sendable, Equatable {
    /// The row's id.
    public var id: Int64
    /// The message.
    public var message: OutboundMessage
    /// Attempts made before this one.
    public var attempts: Int
    /// The group whose message this is, if any.
    public var groupID: Int64?
    /// The platform's reference to the message this one edits (Slack `channel ts`, Discord
    /// message id): a group's first message, or the escalation request a decision closes.
    public var updates: String?

    /// Creates a due delivery.
    public init(id: Int64, message: OutboundMessage, attempts: Int, groupID: Int64? = nil, updates: String? = nil) {
        self.id = id
        self.message = message
        self.attempts = attempts
        self.groupID = groupID
        self.updates = updates
    }
}

/// The durable outbox, as the delivery worker needs it.
public protocol DeliveryQueue: Sendable {
    /// Claims up to `limit` messages that are due (pending with `next_attempt_at` passed, or
    /// whose previous claim lapsed).
    func claimDeliveries(limit: Int, leaseUntil: Date, now: Date) async throws -> [DueDelivery]

    /// Records an attempt and its verdict: delivered, due again later, or dead. `reference` is
    /// the platform's id of a posted group message (kept so later updates edit it);
    /// `operatorAlert`, queued in the same transaction, tells an operator about a dead letter.
    func recordDelivery(
        _ id: Int64, attempt: Int, outcome: DeliveryAttemptOutcome, latency: Double, verdict: DeliveryVerdict, at: Date, reference: String?,
        operatorAlert: OutboundMessage?
    ) async throws

    /// Hands a claimed message back without an attempt (rate limited here), due at `until`.
    func postponeDelivery(_ id: Int64, until: Date) async throws

    /// Messages waiting (pending), and the age in seconds of the oldest due one.
    func outboxDepth(now: Date) async throws -> (pending: Int, oldestDueAge: Double)
}
