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
    /// `since`, with their highest priority and the SLA alerts already sent.
    public func threadsWaitingForResponse(since: Date, limit: Int = 5_000) async throws -> [WaitingThread] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.source || ':' || t.thread_key AS key, min(m.received_at) AS since, min(c.priority) AS priority,
                        max(m.id) AS mention_id, (SELECT group_concat(kind) FROM sla_alert WHERE thread_id = t.id) AS alerted
                    FROM thread t
                    JOIN mention m ON m.thread_id = t.id
                    JOIN classification c ON c.mention_id = m.id
                    WHERE t.state = 'open' AND t.last_mention_at >= ?
                    GROUP BY t.id
                    LIMIT ?
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

    /// Records an SLA alert and queues its message, once per thread and kind.
    /// - Returns: `false` when it was already sent.
    public func recordSLAAlert(thread id: Int64, kind: String, at date: Date, messages: [OutboundMessage], audit: AuditEntry) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO sla_alert (thread_id, kind, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", arguments: [id, kind, SQLiteDate.format(date)])
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
