import Foundation

/// A responder: someone who can be paged and acknowledge, with their chat identities.
public struct Responder: Sendable, Equatable, Codable {
    public var name: String
    public var slackID: String?
    public var mattermostID: String?
    public var email: String?

    public init(name: String, slackID: String? = nil, mattermostID: String? = nil, email: String? = nil) {
        self.name = name
        self.slackID = slackID
        self.mattermostID = mattermostID
        self.email = email
    }
}

/// Which layer of the schedule a rotation fills.
public enum OnCallLayer: String, Sendable, Equatable, Codable, CaseIterable {
    case primary
    case secondary
}

/// A rotation: participants take turns, handing over every day or week at a local time.
public struct Rotation: Sendable, Equatable {
    public enum Period: String, Sendable, Equatable, CaseIterable {
        case daily, weekly
    }

    public var name: String
    public var layer: OnCallLayer
    public var period: Period
    /// Minutes after local midnight when a shift hands over.
    public var handoff: Int
    public var timeZone: TimeZone
    /// The day (in the rotation's zone) on whose hand-off the first participant starts.
    public var start: DateComponents
    public var participants: [String]

    public init(name: String, layer: OnCallLayer, period: Period, handoff: Int, timeZone: TimeZone, start: DateComponents, participants: [String]) {
        self.name = name
        self.layer = layer
        self.period = period
        self.handoff = handoff
        self.timeZone = timeZone
        self.start = start
        self.participants = participants
    }

    /// Who is on shift at `date` (before the first hand-off, the first participant).
    public func onShift(at date: Date) -> String? {
        guard !participants.isEmpty else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var first = start
        first.hour = handoff / 60
        first.minute = handoff % 60
        guard let origin = calendar.date(from: first) else { return participants.first }
        guard date >= origin else { return participants.first }
        // Count hand-offs in local time (days, not 86,400 s, so DST changes keep the hand-off hour).
        let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard var today = calendar.date(from: DateComponents(year: local.year, month: local.month, day: local.day, hour: handoff / 60, minute: handoff % 60)) else {
            return participants.first
        }
        if today > date { today = calendar.date(byAdding: .day, value: -1, to: today) ?? today }
        // Whole calendar days between the two shift days, counted at local noon (a hand-off in a
        // skipped DST hour would otherwise shift every count by one).
        var startNoon = start
        startNoon.hour = 12
        let todayParts = calendar.dateComponents([.year, .month, .day], from: today)
        guard let fromNoon = calendar.date(from: startNoon),
            let toNoon = calendar.date(from: DateComponents(year: todayParts.year, month: todayParts.month, day: todayParts.day, hour: 12))
        else { return participants.first }
        let days = calendar.dateComponents([.day], from: fromNoon, to: toNoon).day ?? 0
        let shifts = period == .daily ? days : days / 7
        return participants[((shifts % participants.count) + participants.count) % participants.count]
    }
}

/// Someone covering a layer for a while instead of the rotation.
public struct OnCallOverride: Sendable, Equatable {
    public var layer: OnCallLayer
    public var who: String
    public var from: Date
    public var until: Date

    public init(layer: OnCallLayer, who: String, from: Date, until: Date) {
        self.layer = layer
        self.who = who
        self.from = from
        self.until = until
    }
}

/// The on-call schedule (`oncall:`): rotations by layer, overrides on top.
public struct OnCallSchedule: Sendable, Equatable {
    public var rotations: [Rotation]
    public var overrides: [OnCallOverride]

    public init(rotations: [Rotation] = [], overrides: [OnCallOverride] = []) {
        self.rotations = rotations
        self.overrides = overrides
    }

    /// Who is on call for a layer at `date`, and why (`override` or the rotation's name).
    public func who(_ layer: OnCallLayer, at date: Date) -> (name: String, because: String)? {
        if let override = overrides.last(where: { $0.layer == layer && $0.from <= date && date < $0.until }) {
            return (override.who, "override until \(RFC3339.format(override.until))")
        }
        for rotation in rotations where rotation.layer == layer {
            if let name = rotation.onShift(at: date) { return (name, "rotation \(rotation.name)") }
        }
        return nil
    }
}
