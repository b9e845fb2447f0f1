import Foundation
import Logging
import RiposteCore
import RiposteStore
import ServiceLifecycle

/// Escalation timers: every `approvals.check_interval`, pending escalations whose level has
/// timed out move on (the next level is notified), are held, or expire, by their policy's
/// snapshot. Timers are rows (`escalation.deadline`), so they survive restarts.
public struct EscalationService: Service {
    let database: AppDatabase
    let notifier: EscalationNotifier
    let interval: Double
    let wakeup: Wakeup
    let logger: Logger

    public init(database: AppDatabase, notifier: EscalationNotifier, interval: Double, wakeup: Wakeup, logger: Logger) {
        self.database = database
        self.notifier = notifier
        self.interval = interval
        self.wakeup = wakeup
        self.logger = logger
    }

    public func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "escalation timers failed") { try await tick(now: Date()) }
    }

    /// Handles every due timeout.
    /// - Returns: What happened to each escalation that was due.
    @discardableResult
    public func tick(now: Date) async throws -> [String: Escalation.TimeoutOutcome] {
        var outcomes: [String: Escalation.TimeoutOutcome] = [:]
        let notifier = self.notifier
        for id in try await database.dueEscalations(now: now) {
            let outcome = try await database.updateEscalation(id: id, at: now) { escalation, channels, _ -> (Escalation.TimeoutOutcome, EscalationEffects) in
                let outcome = escalation.timeOut(at: now)
                var effects = EscalationEffects()
                func audit(_ action: String, _ details: [String: String]) {
                    effects.audit.append(AuditEntry(at: now, actor: "timer", action: action, subjectType: "escalation", subjectID: escalation.id, details: ApprovalDesk.json(details)))
                }
                switch outcome {
                case .none:
                    break
                case .escalated(let level):
                    effects.messages = notifier.requests(escalation, channels: channels, at: now)
                    audit("escalation.escalated", ["level": "\(level + 1)", "approvers": escalation.currentMembers.joined(separator: ", ")])
                case .held:
                    // Held without a deadline: a fresh request, so buttons and links stay usable.
                    effects.messages = notifier.requests(escalation, channels: channels, at: now).map { message in
                        var reminder = message
                        reminder.idempotencyKey += "-held"
                        return reminder
                    }
                    audit("escalation.held", ["level": "\(escalation.level + 1)"])
                case .expired(let page):
                    effects.messages = notifier.outcome(escalation, channels: channels, at: now)
                    audit("escalation.expired", ["page_oncall": "\(page)"])
                }
                return (outcome, effects)
            }
            if let outcome {
                outcomes[id] = outcome
                if outcome != .none {
                    logger.notice("escalation timed out", metadata: ["escalation.id": "\(id)", "escalation.outcome": "\(outcome)"])
                }
            }
        }
        if outcomes.values.contains(where: { $0 != .none }) { wakeup.signal() }
        return outcomes
    }
}
