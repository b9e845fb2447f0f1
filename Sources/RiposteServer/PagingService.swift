import Foundation
import Logging
import RiposteCore
import RiposteStore
import ServiceLifecycle

/// Pages the on-call for urgent threads and re-pages on schedule until someone acknowledges;
/// after `oncall.escalate_after` unanswered rounds the secondary is paged too. Pages are rows
/// (`page.next_page_at`), so paging survives restarts; acknowledging stops it at once.
public struct PagingService: Service {
    let database: AppDatabase
    let notifier: PageNotifier
    let interval: Double
    let wakeup: Wakeup
    let logger: Logger

    public init(database: AppDatabase, notifier: PageNotifier, interval: Double, wakeup: Wakeup, logger: Logger) {
        self.database = database
        self.notifier = notifier
        self.interval = interval
        self.wakeup = wakeup
        self.logger = logger
    }

    public func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "paging failed") { try await tick(now: Date()) }
    }

    /// Sends every due round.
    /// - Returns: Who was paged, per page.
    @discardableResult
    public func tick(now: Date) async throws -> [String: [String]] {
        var paged: [String: [String]] = [:]
        let notifier = self.notifier
        for id in try await database.duePages(now: now) {
            let targets = try await database.updatePage(id: id, at: now) { page -> ([String]?, EscalationEffects) in
                // Acknowledged since it was listed: nothing to send or record.
                guard page.isDue(at: now) else { return (nil, EscalationEffects()) }
                let targets = page.due(at: now, schedule: notifier.schedule, repageEvery: notifier.repageEvery, escalateAfter: notifier.escalateAfter)
                var effects = EscalationEffects(messages: notifier.messages(page, targets: targets, at: now))
                effects.audit.append(AuditEntry(
                    at: now, actor: "oncall", action: targets.isEmpty ? "page.nobody_on_call" : "page.sent", subjectType: "page", subjectID: page.id,
                    details: ApprovalDesk.json(["round": "\(page.sent)", "paged": targets.map { "\($0.name) (\($0.layer.rawValue))" }.joined(separator: ", ")])))
                return (targets.map(\.name), effects)
            }
            if let targets = targets ?? nil {
                paged[id] = targets
                logger.notice("page sent", metadata: ["page.id": "\(id)", "page.targets": "\(targets.joined(separator: ","))"])
            }
        }
        if !paged.isEmpty { wakeup.signal() }
        return paged
    }

    /// Acknowledges a page (stops the paging; the thread is acknowledged too).
    /// - Returns: `true` when this acknowledged it, `false` when it already was, `nil` when unknown.
    public static func acknowledge(
        _ id: String, by who: String, via: String, at date: Date, database: AppDatabase, notifier: PageNotifier, metrics: RiposteMetrics? = nil
    ) async throws -> Bool? {
        let outcome = try await database.updatePage(id: id, at: date) { page -> (Double?, EscalationEffects) in
            guard page.acknowledge(by: who, via: via, at: date) else { return (nil, EscalationEffects()) }
            return (date.timeIntervalSince(page.openedAt), EscalationEffects(
                messages: notifier.acknowledged(page),
                audit: [AuditEntry(at: date, actor: who, action: "page.acknowledged", subjectType: "page", subjectID: page.id, details: ApprovalDesk.json(["via": via, "rounds": "\(page.sent)"]))]))
        }
        guard let outcome else { return nil }
        if let waited = outcome { metrics?.timeToAcknowledge.record(.nanoseconds(Int64(max(0, waited) * 1e9))) }
        return outcome != nil
    }
}
