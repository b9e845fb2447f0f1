import Foundation

/// What an alert about a mention says, before any platform's format.
public struct AlertContent: Sendable, Equatable {
    /// A stable key for the message (the outbox's idempotency key).
    public var key: String
    /// A one-line title (`P1 · adverse event · @jdoe on x`).
    public var title: String
    /// The mention's text.
    public var text: String
    /// Where the mention is on its platform.
    public var url: String?
    /// Author and reach (`@jdoe · journalist · 120,000 followers`).
    public var author: String
    /// Label, confidence and evidence (`unsupportive 0.87 — "lost my bag", "terrible"`).
    public var label: String
    /// Raised flags with their evidence.
    public var flags: [String]
    /// The top suggested reply, if any.
    public var suggestion: String?
    /// A deadline shown on the message (the adverse-event reporting clock, an SLA).
    public var deadline: String?
    /// Links for the decision (approve, open in Riposte…), name → URL.
    public var links: [(name: String, url: String)]
    /// Earlier mentions of a group, one line each.
    public var more: [String] = []
    /// A closing line (how the message is grouped).
    public var footer: String?

    public static func == (lhs: AlertContent, rhs: AlertContent) -> Bool {
        lhs.key == rhs.key && lhs.title == rhs.title && lhs.text == rhs.text && lhs.url == rhs.url && lhs.author == rhs.author
            && lhs.label == rhs.label && lhs.flags == rhs.flags && lhs.suggestion == rhs.suggestion && lhs.deadline == rhs.deadline
            && lhs.links.map(\.name) == rhs.links.map(\.name) && lhs.links.map(\.url) == rhs.links.map(\.url) && lhs.more == rhs.more
            && lhs.footer == rhs.footer
    }

    /// Creates content.
    public init(
        key: String, title: String, text: String, url: String? = nil, author: String, label: String, flags: [String] = [],
        suggestion: String? = nil, deadline: String? = nil, links: [(name: String, url: String)] = [], more: [String] = [], footer: String? = nil
    ) {
        self.key = key
        self.title = title
        self.text = text
        self.url = url
        self.author = author
        self.label = label
        self.flags = flags
        self.suggestion = suggestion
        self.deadline = deadline
        self.links = links
        self.more = more
        self.footer = footer
    }

    /// `text` cut to at most `limit` characters, visibly (` … (cut: open the link for the rest)`),
    /// at a word boundary when one is near.
    public static func cut(_ text: String, to limit: Int, link: String? = nil) -> String {
        guard text.count > limit else { return text }
        let marker = link == nil ? " … (cut)" : " … (cut: see \(link ?? ""))"
        let room = max(0, limit - marker.count)
        var head = String(text.prefix(room))
        if let space = head.lastIndex(of: " "), head.distance(from: space, to: head.endIndex) < 20 { head = String(head[..<space]) }
        return head + marker
    }
}
