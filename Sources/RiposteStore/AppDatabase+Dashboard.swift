import Foundation
import GRDB
import RiposteCore

/// The dashboard inbox's filters.
public struct InboxQuery: Sendable, Equatable {
    public var classification: Sentiment?
    public var priority: Priority?
    public var flag: RiskFlagKind?
    /// Thread state (`open`, `claimed`, `acknowledged`, `resolved`) and owner.
    public var state: String?
    public var owner: String?
    public var limit = 50
    /// Mentions older than this id (paging).
    public var before: String?

    public init() {}
}

/// One inbox row: a mention with its classification and its thread's state.
public struct InboxRow: Sendable, Equatable {
    public var mentionID: String
    public var receivedAt: Date
    public var source: String
    public var handle: String?
    public var text: String
    public var sentiment: String?
    public var priority: String?
    public var flags: [String]
    public var threadID: Int64?
    public var threadState: String?
    public var owner: String?
}

extension AppDatabase {
    /// The inbox: newest mentions first, filtered on classification, flags and thread ownership.
    /// With a thread-state or owner filter it lists threads instead (most recently active first,
    /// each by its latest mention), driven by the thread indexes: walking mentions for a rare
    /// owner would read the whole table.
    public func inbox(_ query: InboxQuery) async throws -> [InboxRow] {
        if query.state != nil || query.owner != nil { return try await threadInbox(query) }
        var conditions: [String] = []
        var values: [DatabaseValue] = []
        var flagJoin = ""
        if let flag = query.flag {
            // Drive from the flag's index, with the priority or label kept on the flag row.
            flagJoin = "JOIN mention_flag fl ON fl.mention_id = m.id AND fl.flag = ?"
            values.append(flag.rawValue.databaseValue)
            if let priority = query.priority { flagJoin += " AND fl.priority = ?"; values.append(priority.rawValue.databaseValue) }
            if let sentiment = query.classification { flagJoin += " AND fl.sentiment = ?"; values.append(sentiment.rawValue.databaseValue) }
        }
        if query.flag == nil {
            if let sentiment = query.classification { conditions.append("c.sentiment = ?"); values.append(sentiment.rawValue.databaseValue) }
            if let priority = query.priority { conditions.append("c.priority = ?"); values.append(priority.rawValue.databaseValue) }
        }
        let order = query.flag != nil ? "fl.mention_id" : query.classification != nil || query.priority != nil ? "c.mention_id" : "m.id"
        if let before = query.before { conditions.append("\(order) < ?"); values.append(before.databaseValue) }
        values.append(max(1, min(500, query.limit)).databaseValue)
        let sql = """
            SELECT m.id, m.received_at, m.source, m.author_handle, m.text, c.sentiment, c.priority,
                (SELECT group_concat(flag) FROM mention_flag f WHERE f.mention_id = m.id) AS flags, t.id, t.state, t.owner
            FROM mention m \(flagJoin) LEFT JOIN classification c ON c.mention_id = m.id LEFT JOIN thread t ON t.id = m.thread_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY \(order) DESC LIMIT ?
            """
        let arguments = StatementArguments(values)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let flags: String? = row[7]
                return InboxRow(
                    mentionID: row[0], receivedAt: row[1], source: row[2], handle: row[3], text: row[4], sentiment: row[5], priority: row[6],
                    flags: (flags ?? "").split(separator: ",").map(String.init), threadID: row[8], threadState: row[9], owner: row[10])
            }
        }
    }

    private func threadInbox(_ query: InboxQuery) async throws -> [InboxRow] {
        var conditions: [String] = []
        var values: [DatabaseValue] = []
        if let state = query.state { conditions.append("t.state = ?"); values.append(state.databaseValue) }
        if let owner = query.owner { conditions.append("t.owner = ?"); values.append(owner.databaseValue) }
        var latest: [String] = []
        if let sentiment = query.classification { latest.append("c.sentiment = ?"); values.append(sentiment.rawValue.databaseValue) }
        if let priority = query.priority { latest.append("c.priority = ?"); values.append(priority.rawValue.databaseValue) }
        if let flag = query.flag {
            latest.append("EXISTS (SELECT 1 FROM mention_flag f WHERE f.mention_id = m.id AND f.flag = ?)")
            values.append(flag.rawValue.databaseValue)
        }
        values.append(max(1, min(500, query.limit)).databaseValue)
        let sql = """
            SELECT m.id, m.received_at, m.source, m.author_handle, m.text, c.sentiment, c.priority,
                (SELECT group_concat(flag) FROM mention_flag f WHERE f.mention_id = m.id) AS flags, t.id, t.state, t.owner
            FROM thread t
            JOIN mention m ON m.id = (SELECT max(latest.id) FROM mention latest WHERE latest.thread_id = t.id)
            LEFT JOIN classification c ON c.mention_id = m.id
            WHERE \((conditions + latest).joined(separator: " AND "))
            ORDER BY t.last_mention_at DESC LIMIT ?
            """
        let arguments = StatementArguments(values)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let flags: String? = row[7]
                return InboxRow(
                    mentionID: row[0], receivedAt: row[1], source: row[2], handle: row[3], text: row[4], sentiment: row[5], priority: row[6],
                    flags: (flags ?? "").split(separator: ",").map(String.init), threadID: row[8], threadState: row[9], owner: row[10])
            }
        }
    }

    /// Unsupportive mentions per hour since a date (for the spike chart), oldest first; hours
    /// are `YYYY-MM-DDTHH` in UTC.
    public func unsupportiveByHour(since date: Date) async throws -> [(hour: String, count: Int)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT replace(substr(classified_at, 1, 13), ' ', 'T') AS hour, count(*) FROM classification WHERE sentiment = 'unsupportive' AND classified_at >= ? GROUP BY hour ORDER BY hour",
                arguments: [SQLiteDate.format(date)]
            ).map { (hour: $0[0], count: $0[1]) }
        }
    }

    /// The thread a mention is in.
    public func threadOfMention(_ id: String) async throws -> Int64? {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT thread_id FROM mention WHERE id = ?", arguments: [id]) }
    }

    /// The escalations of a mention.
    public func escalations(mentionID: String) async throws -> [StoredEscalation] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT data, channels FROM escalation WHERE mention_id = ? ORDER BY created_at", arguments: [mentionID])
                .map { StoredEscalation(escalation: try Self.decode($0[0]), channels: try Self.decode($0[1])) }
        }
    }
}
