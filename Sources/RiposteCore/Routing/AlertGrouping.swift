import Foundation

/// What mentions are grouped by: a burst that shares these values becomes one message, updated as
/// it grows, instead of one message per mention.
public enum GroupLabel: String, Sendable, Equatable, CaseIterable, Codable {
    /// The conversation (the source's thread, else the answered post).
    case thread
    /// The author (`source:handle`).
    case author
    /// The brand the mention is filed under.
    case brand
    /// The source (`x`, `meltwater`…).
    case source
    /// The sentiment label.
    case classification
    /// The priority.
    case priority
    /// The first risk flag raised (or `none`).
    case flag
    /// The language.
    case language
}

/// A route's grouping, Alertmanager-style, inherited by child routes that set none.
///
/// - `group_wait`: how long the first message of a new group waits for more mentions.
/// - `group_interval`: at most one update of a group's message per interval.
/// - `repeat_interval`: a mention arriving this long after the group's first message starts a
///   fresh message (a new post) rather than updating one that has scrolled away.
public struct AlertGrouping: Sendable, Equatable, Codable {
    /// The labels; empty puts every mention of the route into one group per destination.
    public var labels: [GroupLabel]
    /// Seconds the first message waits.
    public var wait: Double
    /// Seconds between updates.
    public var interval: Double
    /// Seconds after which a new message is started.
    public var repeatInterval: Double

    /// Alertmanager's defaults: 30 s, 5 min, 4 h.
    public init(labels: [GroupLabel], wait: Double = 30, interval: Double = 300, repeatInterval: Double = 4 * 3600) {
        self.labels = labels
        self.wait = wait
        self.interval = interval
        self.repeatInterval = repeatInterval
    }

    /// The group a mention falls in for one destination of one route: a stable key, and its
    /// description (`thread=x:123, brand=cardiolix`).
    public func key(route: String, destination: String, facts: RoutingFacts, threadKey: String?, author: String?) -> (key: String, description: String) {
        let values = labels.map { label -> String in
            let value: String
            switch label {
            case .thread: value = threadKey.map { "\(facts.source):\($0)" } ?? "none"
            case .author: value = author ?? "unknown"
            case .brand: value = facts.brand?.lowercased() ?? "none"
            case .source: value = facts.source
            case .classification: value = facts.classification.sentiment.label.rawValue
            case .priority: value = facts.classification.priority.rawValue
            case .flag: value = facts.classification.risk.flags.first?.kind.rawValue ?? "none"
            case .language: value = facts.classification.sentiment.language
            }
            return "\(label.rawValue)=\(value)"
        }
        let description = values.isEmpty ? "everything on \(route)" : values.joined(separator: ", ")
        return ("\(destination)|\(route)|" + values.joined(separator: "|"), description)
    }
}

/// What one route says about grouping; unset parts come from the parent route.
public struct GroupingRule: Sendable, Equatable {
    /// `group_by`; `nil` inherits.
    public var labels: [GroupLabel]?
    /// `group_by: ["..."]`: one message per mention, whatever the parent groups by.
    public var perMention: Bool
    /// `group_wait`, `group_interval`, `repeat_interval`; `nil` inherits (else the defaults).
    public var wait: Double?
    public var interval: Double?
    public var repeatInterval: Double?

    /// Creates a rule.
    public init(labels: [GroupLabel]? = nil, perMention: Bool = false, wait: Double? = nil, interval: Double? = nil, repeatInterval: Double? = nil) {
        self.labels = labels
        self.perMention = perMention
        self.wait = wait
        self.interval = interval
        self.repeatInterval = repeatInterval
    }

    /// The grouping in force under a parent's.
    public func resolved(under parent: AlertGrouping?) -> AlertGrouping? {
        if perMention { return nil }
        guard let labels = labels ?? parent?.labels else { return nil }
        let defaults = AlertGrouping(labels: labels)
        return AlertGrouping(
            labels: labels, wait: wait ?? parent?.wait ?? defaults.wait, interval: interval ?? parent?.interval ?? defaults.interval,
            repeatInterval: repeatInterval ?? parent?.repeatInterval ?? defaults.repeatInterval)
    }
}
