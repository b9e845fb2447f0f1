import Foundation

/// Why a thread pages the on-call.
public enum PageReason: String, Sendable, Equatable, Codable {
    case p1 = "priority_p1"
    case urgent
    case seriousAdverseEvent = "serious_adverse_event"
    case spike

    /// Whether a classified mention must page, and why.
    public static func of(_ classification: MentionClassification) -> PageReason? {
        if classification.risk.has(.urgent) { return .urgent }
        if let event = classification.risk.adverseEvent, classification.risk.has(.adverseEvent), event.serious { return .seriousAdverseEvent }
        if classification.priority == .p1 { return .p1 }
        return nil
    }
}

/// A page: an urgent thread paging the on-call until someone acknowledges. Pure; the store keeps
/// it as a row (its `nextPageAt` is the timer) and the paging service acts on what it decides.
public struct Page: Sendable, Equatable, Codable {
    public var id: String
    /// The thread (`source:thread_key`) and the mention that opened it.
    public var threadKey: String
    public var mentionID: String?
    public var reason: PageReason
    public var summary: String
    public var openedAt: Date
    /// Pages sent so far, and when the next one is due (nil once acknowledged).
    public var sent: Int
    public var nextPageAt: Date?
    /// Who was paged, in order.
    public var paged: [String]
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var acknowledgedVia: String?

    public init(id: String, threadKey: String, mentionID: String?, reason: PageReason, summary: String, at date: Date) {
        self.id = id
        self.threadKey = threadKey
        self.mentionID = mentionID
        self.reason = reason
        self.summary = summary
        self.openedAt = date
        self.sent = 0
        self.nextPageAt = date
        self.paged = []
    }

    public var isAcknowledged: Bool { acknowledgedAt != nil }

    /// Whether a round is due now.
    public func isDue(at date: Date) -> Bool {
        !isAcknowledged && (nextPageAt.map { $0 <= date } ?? false)
    }

    /// One round of paging when due: the primary, and the secondary too once `escalateAfter`
    /// pages went unanswered. Schedules the next round.
    /// - Returns: Who to page now (empty when nothing is due or nobody is on call).
    public mutating func due(at date: Date, schedule: OnCallSchedule, repageEvery: Double, escalateAfter: Int) -> [(name: String, layer: OnCallLayer)] {
        guard !isAcknowledged, let next = nextPageAt, next <= date else { return [] }
        var targets: [(String, OnCallLayer)] = []
        let primary = schedule.who(.primary, at: date)
        if let primary { targets.append((primary.name, .primary)) }
        // Without a primary on call, the secondary is paged at once.
        if sent >= escalateAfter || primary == nil, let secondary = schedule.who(.secondary, at: date), !targets.contains(where: { $0.0 == secondary.name }) {
            targets.append((secondary.name, .secondary))
        }
        sent += 1
        nextPageAt = date.addingTimeInterval(repageEvery)
        paged += targets.map(\.0).filter { !paged.contains($0) }
        return targets
    }

    /// Stops the paging.
    /// - Returns: `false` when it was already acknowledged (by whom is kept).
    public mutating func acknowledge(by who: String, via: String, at date: Date) -> Bool {
        guard !isAcknowledged else { return false }
        acknowledgedBy = who
        acknowledgedAt = date
        acknowledgedVia = via
        nextPageAt = nil
        return true
    }
}
