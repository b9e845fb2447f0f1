import Foundation

/// Composes page messages: who is paged, why, and how to acknowledge (a Slack or Mattermost
/// button, or a signed link per responder elsewhere). Pure.
public struct PageNotifier: Sendable {
    public let destination: RiposteConfiguration.Destination
    public let responders: [Responder]
    public let schedule: OnCallSchedule
    public let repageEvery: Double
    public let escalateAfter: Int
    /// Signs acknowledgement buttons and links (`approvals.secret`); without it, pages carry none.
    public let tokens: ApprovalTokens?
    public let publicURL: String

    /// The notifier the configuration asks for, or `nil` when no on-call schedule is configured.
    public init?(configuration: RiposteConfiguration) {
        let oncall = configuration.oncall
        guard oncall.isConfigured else { return nil }
        let name = oncall.destination ?? "console"
        destination = configuration.destinations.first { $0.name == name } ?? RiposteConfiguration.Destination(name: "console", type: .console)
        responders = oncall.responders
        schedule = oncall.schedule
        repageEvery = oncall.repageEvery
        escalateAfter = oncall.escalateAfter
        tokens = configuration.approvals.secret.map(ApprovalTokens.init(secret:))
        publicURL = (configuration.server.publicURL ?? "http://\(configuration.server.host):\(configuration.server.port)").trimmingCharacters(in: ["/"])
    }

    /// The link with which `responder` acknowledges a page.
    public func link(_ page: Page, responder: String, now: Date) -> String? {
        tokens.map { publicURL + "/pages/" + $0.token(ApprovalClaims(purpose: .pageLink, escalationID: page.id, level: 0, approver: responder, expires: now.addingTimeInterval(7 * 86_400))) }
    }

    /// One round of a page to the people paged now.
    public func messages(_ page: Page, targets: [(name: String, layer: OnCallLayer)], at date: Date) -> [OutboundMessage] {
        guard !targets.isEmpty else { return [] }
        let key = "\(page.id)-round\(page.sent)"
        let who = targets.map { target -> String in
            let mention = destination.type == .slack || destination.type == .slackBot ? responders.first { $0.name == target.name }?.slackID.map { "<@\($0)> " } ?? "" : ""
            return "\(mention)\(target.name) (\(target.layer.rawValue))"
        }
        var content = AlertContent(
            key: key, title: "🚨 Page · \(page.reason.rawValue.replacingOccurrences(of: "_", with: " ")) · round \(page.sent)\(page.sent > 1 ? " (not yet acknowledged)" : "")",
            text: page.summary, author: "On call: " + who.joined(separator: ", "),
            label: "Opened \(RFC3339.format(page.openedAt).prefix(16)) UTC · re-paged every \(Int(repageEvery / 60)) min until acknowledged; the secondary joins after \(escalateAfter) rounds")
        if let mentionID = page.mentionID { content.links.append(("Open in Riposte", publicURL + "/dashboard/mentions/" + mentionID)) }
        var body: [String: Any]
        switch destination.type {
        case .slack, .slackBot:
            body = AlertRenderer.slack(content, channel: destination.type == .slackBot ? destination.channel : nil)
            if let tokens {
                var blocks = body["blocks"] as? [[String: Any]] ?? []
                let token = tokens.token(ApprovalClaims(purpose: .pageSlack, escalationID: page.id, level: 0, approver: "", expires: date.addingTimeInterval(7 * 86_400)))
                blocks.append(["type": "actions", "block_id": "riposte.page", "elements": [EscalationNotifier.slackButton("Acknowledge", action: "riposte.ack", value: token, style: "primary")]])
                body["blocks"] = blocks
            }
            // Mentions must ping here: the escaping of user text does not apply to our own <@id>.
            if let text = body["text"] as? String { body["text"] = text + " " + who.joined(separator: ", ") }
        case .mattermost:
            body = AlertRenderer.mattermost(content)
            if let tokens {
                var attachments = body["attachments"] as? [[String: Any]] ?? [[:]]
                let token = tokens.token(ApprovalClaims(purpose: .pageMattermost, escalationID: page.id, level: 0, approver: "", expires: date.addingTimeInterval(7 * 86_400)))
                attachments[0]["actions"] = [["id": "ack", "name": "Acknowledge", "type": "button", "style": "good",
                                              "integration": ["url": publicURL + "/v1/integrations/mattermost/actions", "context": ["token": token, "action": "ack"]]] as [String: Any]]
                body["attachments"] = attachments
            }
        default:
            content.links = targets.compactMap { target in link(page, responder: target.name, now: date).map { ("Acknowledge as \(target.name)", $0) } } + content.links
            body = EscalationNotifier.object(AlertComposer.body(content, for: destination, threadKey: page.id))
        }
        return [OutboundMessage(
            idempotencyKey: key, destination: destination.name, destinationType: destination.type, body: AlertRenderer.json(body), mentionID: page.mentionID, routePath: nil)]
    }

    /// The notice that paging stopped.
    public func acknowledged(_ page: Page) -> [OutboundMessage] {
        let key = "\(page.id)-ack"
        let content = AlertContent(
            key: key, title: "✅ Page acknowledged by \(page.acknowledgedBy ?? "?") via \(page.acknowledgedVia ?? "?"): paging stopped", text: page.summary,
            author: "Riposte on-call", label: "After \(page.sent) round(s)")
        return [OutboundMessage(
            idempotencyKey: key, destination: destination.name, destinationType: destination.type,
            body: AlertComposer.body(content, for: destination, threadKey: page.id), mentionID: page.mentionID, routePath: nil)]
    }

    /// The responder a platform identity belongs to.
    public func responder(slackID: String) -> Responder? { responders.first { $0.slackID == slackID } }
    public func responder(mattermostID: String) -> Responder? { responders.first { $0.mattermostID == mattermostID } }
}
