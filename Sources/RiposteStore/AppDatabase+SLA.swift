import Foundation
import GRDB
import RiposteCore

/// A thread waiting for its first response.
public struct WaitingThread: Sendable, Equatable {
    public var id: Int64
    public var key: String
    /// When its first mention arrived, and its highest priority.
    public var since: Date
    public var priority: Priority
    /// The SLA alerts already sent for it.
    public var alerted: Set<String>
    /// A mention of it, for links.
    public var mentionID: String
    public var text: String
}

extension AppDatabase {
    /// Open threads (not claimed, acknowledged or resolved) with mentions received since
    /// `since`: their highest priority, when its first mention arrived (the clock restarts
    /// when a thread's priority rises), and the SLA alerts already sent at that priority.
    public func threadsWaitingForResponse(since: Date, limit: Int = 5_000) async throws -> [WaitingThread] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH waiting AS (
                        SELECT t.id, t.source || ':' || t.thread_key AS key, min(c.priority) AS priority
                        FROM thread t JOIN mention m ON m.thread_id = t.id JOIN classification c ON c.mention_id = m.id
                        WHERE t.state = 'open' AND t.last_mention_at >= ?
                        GROUP BY t.id LIMIT ?)
                    SELECT w.id, w.key, w.priority,
                        (SELECT min(m.received_at) FROM mention m JOIN classification c ON c.mention_id = m.id WHERE m.thread_id = w.id AND c.priority = w.priority) AS since,
                        (SELECT max(m.id) FROM mention m WHERE m.thread_id = w.id) AS mention_id,
                        (SELECT group_concat(kind) FROM sla_alert_priority a WHERE a.thread_id = w.id AND a.priority = w.priority) AS alerted
                    FROM waiting w
                    """,
                arguments: [SQLiteDate.format(since), limit]
            ).compactMap { row -> WaitingThread? in
                let priorityText: String = row["priority"]
                guard let priority = Priority(rawValue: priorityText) else { return nil }
                let mentionID: String = row["mention_id"]
                let text = try String.fetchOne(db, sql: "SELECT text FROM mention WHERE id = ?", arguments: [mentionID]) ?? ""
                let alerted: String? = row["alerted"]
                return WaitingThread(
                    id: row["id"], key: row["key"], since: row["since"], priority: priority,
                    alerted: Set((alerted ?? "").split(separator: ",").map(String.init)), mentionID: mentionID, text: text)
            }
        }
    }

    /// Records an SLA alert and queues its message, once per thread, priority and kind.
    /// - Returns: `false` when it was already sent.
    public func recordSLAAlert(thread id: Int64, priority: Priority, kind: String, at date: Date, messages: [OutboundMessage], audit: AuditEntry) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO sla_alert_priority (thread_id, priority, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [id, priority.rawValue, kind, SQLiteDate.format(date)])
            guard db.changesCount == 1 else { return false }
            try Self.enqueue(messages, at: date, in: db)
            try AuditRows.insert(audit, in: db)
            return true
        }
    }

    /// Open threads per priority (for the gauge).
    public func openThreadsByPriority(since: Date) async throws -> [Priority: Int] {
        try await writer.read { db in
            var counts: [Priority: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT priority, count(*) FROM (
                        SELECT min(c.priority) AS priority FROM thread t JOIN mention m ON m.thread_id = t.id JOIN classification c ON c.mention_id = m.id
                        WHERE t.state IN ('open', 'claimed') AND t.last_mention_at >= ? GROUP BY t.id)
                    GROUP BY priority
                    """,
                arguments: [SQLiteDate.format(since)])
            {
                if let priority = Priority(rawValue: row[0]) { counts[priority] = row[1] }
            }
            return counts
        }
    }
}
