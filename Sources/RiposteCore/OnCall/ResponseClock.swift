import Foundation

/// Time-to-first-response targets per priority (`sla:`), counted in business hours where configured.
public struct ResponseClock: Sendable, Equatable {
    /// Seconds allowed per priority.
    public var targets: [Priority: Double]
    /// Business hours, and the priorities counted in them (the others count every hour).
    public var businessHours: TimeWindow?
    public var businessPriorities: Set<Priority>
    /// The warning comes when this fraction of the time is used.
    public var warnAt: Double

    public init(targets: [Priority: Double] = [.p1: 900, .p2: 3600, .p3: 4 * 3600, .p4: 24 * 3600], businessHours: TimeWindow? = nil, businessPriorities: Set<Priority> = [.p3, .p4], warnAt: Double = 0.75) {
        self.targets = targets
        self.businessHours = businessHours
        self.businessPriorities = businessPriorities
        self.warnAt = warnAt
    }

    /// When a first response is due for a thread that started at `start`, and when to warn.
    public func deadlines(start: Date, priority: Priority) -> (warn: Date, due: Date)? {
        guard let target = targets[priority] else { return nil }
        if let window = businessHours, businessPriorities.contains(priority) {
            return (Self.adding(target * warnAt, to: start, within: window), Self.adding(target, to: start, within: window))
        }
        return (start.addingTimeInterval(target * warnAt), start.addingTimeInterval(target))
    }

    /// `start` plus `seconds` of time inside the window (business hours), in the window's zone.
    public static func adding(_ seconds: Double, to start: Date, within window: TimeWindow) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = window.timeZone
        var remaining = seconds
        var day = calendar.startOfDay(for: start)
        for _ in 0..<800 {
            let weekday = ((calendar.component(.weekday, from: day)) + 5) % 7 + 1
            // Wall-clock times of that day (not minutes after midnight: DST days are 23 or 25 hours).
            if window.days.contains(weekday),
                let open = calendar.date(bySettingHour: window.start / 60, minute: window.start % 60, second: 0, of: day),
                let close = window.end >= 24 * 60
                    ? calendar.date(byAdding: .day, value: 1, to: day)
                    : calendar.date(bySettingHour: window.end / 60, minute: window.end % 60, second: 0, of: day)
            {
                let from = max(open, start)
                if from < close {
                    let available = close.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return start.addingTimeInterval(seconds)
    }
}
