import Foundation

/// One mention as an alert shows it: what ``AlertContent`` is built from, kept (as JSON) in a
/// group's digest so the group's message can be rendered again as it grows.
public struct AlertItem: Sendable, Equatable, Codable {
    /// The mention's Riposte id.
    public var mentionID: String
    /// Its priority and label.
    public var priority: Priority
    public var sentiment: Sentiment
    /// What the alert is about (the first flag, else the label): `adverse event`.
    public var headline: String
    /// `@handle` or `someone`.
    public var handle: String
    /// The mention's source.
    public var source: String
    /// Author and reach (`@jdoe · journalist · 120000 followers`).
    public var author: String
    /// The mention's text and link.
    public var text: String
    public var url: String?
    /// Label, confidence, evidence and the priority rule.
    public var label: String
    /// Raised flags with their evidence, and their kinds.
    public var flags: [String]
    public var flagKinds: [String]
    /// The top suggested reply.
    public var suggestion: String?
    /// The adverse-event clock, when one runs.
    public var deadline: String?

    /// The alert for this mention alone.
    public func content(key: String, publicURL: String?) -> AlertContent {
        AlertContent(
            key: key, title: "\(priority.rawValue) · \(headline) · \(handle) on \(source)", text: text, url: url, author: author, label: label,
            flags: flags, suggestion: suggestion, deadline: deadline, links: links(publicURL: publicURL))
    }

    /// Open in Riposte, open the post.
    func links(publicURL: String?) -> [(name: String, url: String)] {
        var links: [(name: String, url: String)] = []
        if let publicURL { links.append(("Open in Riposte", publicURL.trimmingCharacters(in: ["/"]) + "/dashboard/mentions/" + mentionID)) }
        if let url { links.append(("Open the post", url)) }
        return links
    }
}

/// A group of mentions that share one chat message: counts, the latest mention in full, and a
/// few earlier ones. Grows with ``adding(_:at:)``; rendered with ``content(key:publicURL:)``.
public struct AlertGroupDigest: Sendable, Equatable, Codable {
    /// What the group shares (`thread=x:123, brand=cardiolix`).
    public var description: String
    /// Mentions in the group.
    public var count: Int
    /// When the first and the latest arrived.
    public var firstAt: Date
    public var lastAt: Date
    /// Mentions per sentiment label and per flag.
    public var labels: [String: Int]
    public var flags: [String: Int]
    /// The highest priority seen.
    public var topPriority: Priority
    /// The earliest deadline seen (the adverse-event clock of the first AE mention).
    public var deadline: String?
    /// The latest mention, in full.
    public var latest: AlertItem
    /// Up to ``recentLimit`` earlier mentions, newest first.
    public var earlier: [AlertItem]

    /// How many earlier mentions a message lists.
    public static let recentLimit = 5

    /// A group of one.
    public init(description: String, first: AlertItem, at date: Date) {
        self.description = description
        self.count = 1
        self.firstAt = date
        self.lastAt = date
        self.labels = [first.sentiment.rawValue: 1]
        self.flags = Dictionary(first.flagKinds.map { ($0, 1) }, uniquingKeysWith: +)
        self.topPriority = first.priority
        self.deadline = first.deadline
        self.latest = first
        self.earlier = []
    }

    /// The group with one more mention.
    public func adding(_ item: AlertItem, at date: Date) -> AlertGroupDigest {
        var next = self
        next.count += 1
        next.lastAt = max(lastAt, date)
        next.labels[item.sentiment.rawValue, default: 0] += 1
        for kind in item.flagKinds { next.flags[kind, default: 0] += 1 }
        next.topPriority = min(topPriority, item.priority)
        next.deadline = deadline ?? item.deadline
        next.earlier = Array(([latest] + earlier).prefix(Self.recentLimit))
        next.latest = item
        return next
    }

    /// The message: for a group of one, the mention's own alert; for more, a summary with the
    /// latest mention in full and the earlier ones listed.
    public func content(key: String, publicURL: String?) -> AlertContent {
        var content = latest.content(key: key, publicURL: publicURL)
        content.footer = "Grouped by \(description): this message is updated as mentions arrive."
        guard count > 1 else { return content }
        let flagText = flags.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) ×\($0.value)" }
        let headline = flagText.isEmpty ? labels.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first.map { $0.key } ?? latest.headline : flagText.joined(separator: ", ")
        content.title = "\(topPriority.rawValue) · \(count) mentions · \(headline) · \(description)"
        let counts = Sentiment.allCases.reversed().compactMap { label in labels[label.rawValue].map { "\(label.rawValue) \($0)" } }
        content.label = "Latest: \(latest.label)\nAll \(count): \(counts.joined(separator: ", ")) · \(RFC3339.format(firstAt).prefix(16)) to \(RFC3339.format(lastAt).prefix(16)) UTC"
        content.deadline = deadline
        content.more = earlier.map { item in
            "\(item.handle) (\(item.priority.rawValue), \(item.sentiment.rawValue)): \(AlertContent.cut(item.text, to: 200))"
        }
        if count > earlier.count + 1 { content.more.append("… and \(count - earlier.count - 1) more") }
        return content
    }
}
