import Foundation

/// Composes the chat messages of an escalation: the request for a decision at each level (Slack
/// and Mattermost buttons, signed links for every other platform), the notice once it is decided,
/// and the hand-off of an approved reply. Pure; the store queues what it returns.
public struct EscalationNotifier: Sendable {
    /// The destinations, by name.
    public let destinations: [String: RiposteConfiguration.Destination]
    /// The approver directory.
    public let directory: [Approver]
    /// The policies, by name.
    public let policies: [String: EscalationPolicy]
    /// Signs buttons and links.
    public let tokens: ApprovalTokens
    /// The base of links and action URLs.
    public let publicURL: String
    /// How long a link stays valid.
    public let linkLifetime: Double
    /// Where approved replies are handed on.
    public let publishDestination: String?

    /// The notifier a configuration asks for, or `nil` when approvals are not configured (no secret).
    public init?(configuration: RiposteConfiguration) {
        guard let secret = configuration.approvals.secret else { return nil }
        destinations = Dictionary(configuration.destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        directory = configuration.approvers
        policies = Dictionary(configuration.escalationPolicies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        tokens = ApprovalTokens(secret: secret)
        publicURL = (configuration.server.publicURL ?? "http://\(configuration.server.host):\(configuration.server.port)").trimmingCharacters(in: ["/"])
        linkLifetime = configuration.approvals.linkLifetime
        publishDestination = configuration.approvals.publishDestination
    }

    /// The signed link with which `approver` decides at the escalation's current level.
    public func link(_ escalation: Escalation, approver: String, now: Date) -> String {
        publicURL + "/approvals/" + tokens.token(ApprovalClaims(purpose: .link, escalationID: escalation.id, level: escalation.level, approver: approver, expires: expiry(escalation, now: now)))
    }

    /// Buttons and links stay valid for `link_ttl`, and at least until the level's deadline.
    func expiry(_ escalation: Escalation, now: Date) -> Date {
        max(now, escalation.deadline ?? now).addingTimeInterval(linkLifetime)
    }

    /// Starts the escalation a route asks for, with its first notifications.
    public func start(policy name: String, mentionID: String, item: AlertItem, draft: String, destinations names: [String], at date: Date) -> EscalationStart? {
        guard let policy = policies[name],
            let escalation = Escalation.start(id: "\(mentionID).\(name)", item: item, policy: policy, directory: directory, draft: draft, at: date)
        else { return nil }
        return EscalationStart(escalation: escalation, channels: names, messages: requests(escalation, channels: names, at: date))
    }

    /// The request for a decision at the escalation's current level, to each channel.
    public func requests(_ escalation: Escalation, channels: [String], at date: Date) -> [OutboundMessage] {
        let item = escalation.item
        return channels.compactMap { name -> OutboundMessage? in
            guard let destination = destinations[name] else { return nil }
            let key = Self.requestKey(escalation, level: escalation.level, channel: name)
            var content = item.content(key: key, publicURL: publicURL)
            let level = escalation.policy.levels[escalation.level]
            content.title = "Approval needed · " + content.title
            content.suggestion = escalation.draft.isEmpty ? "(no reply drafted: edit to write one)" : escalation.draft
            let clock = escalation.deadline.map { " · next level at \(RFC3339.format($0).prefix(16)) UTC" } ?? ""
            content.footer = "Escalation \(escalation.id): level \(escalation.level + 1) of \(escalation.policy.levels.count), quorum \(level.quorum), approvers \(escalation.currentMembers.joined(separator: ", "))\(clock)"
            func channelToken(_ purpose: ApprovalPurpose) -> String {
                tokens.token(ApprovalClaims(purpose: purpose, escalationID: escalation.id, level: escalation.level, approver: "", expires: expiry(escalation, now: date)))
            }
            var body: [String: Any]
            switch destination.type {
            case .slack, .slackBot:
                body = AlertRenderer.slack(content, channel: destination.type == .slackBot ? destination.channel : nil)
                var blocks = body["blocks"] as? [[String: Any]] ?? []
                blocks.append([
                    "type": "actions", "block_id": "riposte.decision",
                    "elements": [
                        Self.slackButton("Approve", action: "riposte.approve", value: channelToken(.slack), style: "primary"),
                        Self.slackButton("Edit", action: "riposte.edit", value: channelToken(.slack), style: nil),
                        Self.slackButton("Reject", action: "riposte.reject", value: channelToken(.slack), style: "danger"),
                    ],
                ])
                body["blocks"] = blocks
            case .mattermost:
                body = AlertRenderer.mattermost(content)
                var attachments = body["attachments"] as? [[String: Any]] ?? [[:]]
                let url = publicURL + "/v1/integrations/mattermost/actions"
                attachments[0]["actions"] = ["approve", "reject"].map { action -> [String: Any] in
                    ["id": action, "name": action.capitalized, "type": "button", "style": action == "approve" ? "good" : "danger",
                     "integration": ["url": url, "context": ["token": channelToken(.mattermost), "action": action]]]
                }
                body["attachments"] = attachments
            default:
                content.links = escalation.currentMembers.map { ("Decide as \($0)", link(escalation, approver: $0, now: date)) } + content.links
                body = Self.object(AlertComposer.body(content, for: destination, threadKey: "escalation-\(escalation.id)"))
            }
            return OutboundMessage(
                idempotencyKey: key, destination: name, destinationType: destination.type, body: AlertRenderer.json(body),
                mentionID: escalation.mentionID, routePath: nil)
        }
    }

    /// The notice that an escalation is over, to each channel that was asked, plus the approved
    /// reply's hand-off to the publish destination (once per mention, whatever policies ran).
    public func outcome(_ escalation: Escalation, channels: [String], at date: Date) -> [OutboundMessage] {
        var messages = channels.compactMap { name -> OutboundMessage? in
            guard let destination = destinations[name] else { return nil }
            let key = "esc-\(escalation.id)-\(escalation.state.rawValue)-\(name)"
            let icon = escalation.state.isApproved ? "✅" : escalation.state == .rejected ? "⛔" : "⌛"
            let content = AlertContent(
                key: key, title: "\(icon) Escalation \(escalation.id): \(escalation.summary)", text: escalation.finalText ?? escalation.draft,
                author: "Riposte approvals", label: escalation.state.isApproved ? "Final reply (ready to post)" : "Reply not approved")
            // Where the platform can edit, the request's buttons are replaced by the outcome.
            return OutboundMessage(
                idempotencyKey: key, destination: name, destinationType: destination.type,
                body: AlertComposer.body(content, for: destination, threadKey: "escalation-\(escalation.id)"), mentionID: escalation.mentionID, routePath: nil,
                edits: Self.requestKey(escalation, level: escalation.level, channel: name))
        }
        if escalation.state.isApproved, let name = publishDestination, let destination = destinations[name] {
            let body: [String: Any] = [
                "type": "riposte.reply.approved", "escalation_id": escalation.id, "mention_id": escalation.mentionID,
                "text": escalation.finalText ?? escalation.draft, "edited": escalation.state == .editedApproved,
                "approved_by": escalation.decidedBy ?? "", "approved_at": escalation.decidedAt.map(RFC3339.format) ?? "",
            ]
            messages.append(OutboundMessage(
                idempotencyKey: "publish-\(escalation.mentionID)", destination: name, destinationType: destination.type, body: AlertRenderer.json(body),
                mentionID: escalation.mentionID, routePath: nil))
        }
        return messages
    }

    /// Slack's answer to a click, sent to its `response_url`: the original message replaced by
    /// who decided what (or an ephemeral note to the clicker).
    public static func slackResponse(text: String, replaceOriginal: Bool) -> [UInt8] {
        var body: [String: Any] = ["text": text]
        if replaceOriginal {
            body["replace_original"] = true
            body["blocks"] = [["type": "section", "text": ["type": "mrkdwn", "text": AlertRenderer.escapeSlack(text)]]]
        } else {
            body["response_type"] = "ephemeral"
            body["replace_original"] = false
        }
        return AlertRenderer.json(body)
    }

    /// The outbox key of the decision request for a level in a channel.
    public static func requestKey(_ escalation: Escalation, level: Int, channel: String) -> String {
        "esc-\(escalation.id)-L\(level)-\(channel)"
    }

    static func slackButton(_ text: String, action: String, value: String, style: String?) -> [String: Any] {
        var button: [String: Any] = ["type": "button", "action_id": action, "value": value, "text": ["type": "plain_text", "text": text]]
        if let style { button["style"] = style }
        return button
    }

    static func object(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}

/// A new escalation with its first notifications (persisted with the mention's result).
public struct EscalationStart: Sendable, Equatable {
    public var escalation: Escalation
    /// The destinations it is discussed in.
    public var channels: [String]
    public var messages: [OutboundMessage]
}
