import Foundation
import Logging
import RiposteCore
import RiposteStore
import ServiceLifecycle

/// Response-time clocks: every `sla.check_interval`, threads still waiting for a first response
/// (not claimed, acknowledged or resolved) get a warning when `warn_at` of their target is used
/// and a breach alert when it is over, once each, routed to `sla.destination`. Targets are per
/// priority, counted in business hours where configured.
public struct SLAService: Service {
    let database: AppDatabase
    let clock: ResponseClock
    let destination: RiposteConfiguration.Destination
    let publicURL: String?
    let interval: Double
    let metrics: RiposteMetrics
    let wakeup: Wakeup
    let logger: Logger

    public init(database: AppDatabase, configuration: RiposteConfiguration, metrics: RiposteMetrics, wakeup: Wakeup, logger: Logger) {
        self.database = database
        self.clock = configuration.sla.clock
        let name = configuration.sla.destination ?? "console"
        self.destination = configuration.destinations.first { $0.name == name } ?? RiposteConfiguration.Destination(name: "console", type: .console)
        self.publicURL = configuration.server.publicURL
        self.interval = configuration.sla.checkInterval
        self.metrics = metrics
        self.wakeup = wakeup
        self.logger = logger
    }

    public func run() async throws {
        await Periodic.run(every: interval, logger: logger, failure: "SLA check failed") { try await tick(now: Date()) }
    }

    /// Sends the warnings and breaches now due.
    /// - Returns: `thread id: kind` of each alert sent.
    @discardableResult
    public func tick(now: Date) async throws -> [Int64: String] {
        var sent: [Int64: String] = [:]
        let horizon = now.addingTimeInterval(-7 * 86_400)
        for thread in try await database.threadsWaitingForResponse(since: horizon) {
            guard let deadlines = clock.deadlines(start: thread.since, priority: thread.priority) else { continue }
            let kind: String
            if now >= deadlines.due, !thread.alerted.contains("breach") {
                kind = "breach"
            } else if now >= deadlines.warn, now < deadlines.due, !thread.alerted.contains("warning"), !thread.alerted.contains("breach") {
                kind = "warning"
            } else {
                continue
            }
            let key = "sla-\(thread.id)-\(thread.priority.rawValue)-\(kind)"
            let minutes = Int(now.timeIntervalSince(thread.since) / 60)
            var content = AlertContent(
                key: key,
                title: kind == "breach"
                    ? "⛔ SLA breached · \(thread.priority.rawValue) thread waiting \(minutes) min for a first response"
                    : "⚠️ SLA warning · \(thread.priority.rawValue) thread due by \(RFC3339.format(deadlines.due).prefix(16)) UTC",
                text: thread.text, author: "Thread \(thread.key)",
                label: "First response due \(RFC3339.format(deadlines.due)) (\(thread.priority.rawValue) target); claim or acknowledge the thread to stop the clock")
            if let publicURL { content.links = [("Open in Riposte", publicURL.trimmingCharacters(in: ["/"]) + "/dashboard/mentions/" + thread.mentionID)] }
            let message = OutboundMessage(
                idempotencyKey: key, destination: destination.name, destinationType: destination.type,
                body: AlertComposer.body(content, for: destination, threadKey: "sla-\(thread.id)"), mentionID: thread.mentionID, routePath: nil)
            let audit = AuditEntry(
                at: now, actor: "sla", action: "sla.\(kind)", subjectType: "thread", subjectID: String(thread.id),
                details: ApprovalDesk.json(["priority": thread.priority.rawValue, "due": RFC3339.format(deadlines.due)]))
            if try await database.recordSLAAlert(thread: thread.id, priority: thread.priority, kind: kind, at: now, messages: [message], audit: audit) {
                sent[thread.id] = kind
                if kind == "breach" { metrics.slaBreaches(priority: thread.priority).increment() }
            }
        }
        let open = try await database.openThreadsByPriority(since: horizon)
        for priority in Priority.allCases { metrics.openThreads(priority: priority).set(to: Double(open[priority] ?? 0)) }
        if !sent.isEmpty { wakeup.signal() }
        return sent
    }
}
