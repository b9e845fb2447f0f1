import Foundation
import GRDB
import RiposteCore

/// An escalation as stored: the state machine's value and the channels it is discussed in.
public struct StoredEscalation: Sendable, Equatable {
    public var escalation: Escalation
    public var channels: [String]
}

/// What a change to an escalation sends and records, committed with it.
public struct EscalationEffects: Sendable {
    public var messages: [OutboundMessage]
    public var audit: [AuditEntry]
    /// A single-use key (an approval link) spent with the change.
    public var spend: String?

    public init(messages: [OutboundMessage] = [], audit: [AuditEntry] = [], spend: String? = nil) {
        self.messages = messages
        self.audit = audit
        self.spend = spend
    }
}

/// The version check of an escalation update failed: someone else changed it first.
public struct EscalationConflict: Error, Sendable {}

extension AppDatabase {
    /// Stores escalations started by the pipeline and queues their first notifications, in the
    /// caller's transaction; an escalation already there (a re-processed mention) is kept.
    static func startEscalations(_ starts: [EscalationStart], at date: Date, in db: Database) throws {
        let now = SQLiteDate.format(date)
        for start in starts {
            let escalation = start.escalation
            try db.execute(
                sql: """
                    INSERT INTO escalation (id, mention_id, policy, state, level, deadline, channels, data, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    escalation.id, escalation.mentionID, escalation.policy.name, escalation.state.rawValue, escalation.level,
                    escalation.deadline.map(SQLiteDate.format), try encode(start.channels), try encode(escalation), now, now,
                ])
            guard db.changesCount == 1 else { continue }
            try enqueue(start.messages, at: date, in: db)
            try AuditRows.insert(
                AuditEntry(
                    at: date, actor: "system", action: "escalation.started", subjectType: "escalation", subjectID: escalation.id,
                    details: AuditRows.json(["policy": escalation.policy.name, "level": "\(escalation.level + 1)", "approvers": escalation.currentMembers.joined(separator: ", "),
                                             "channels": start.channels.joined(separator: ", ")])),
                in: db)
        }
    }

    /// One escalation.
    public func escalation(id: String) async throws -> StoredEscalation? {
        try await writer.read { db in try Self.load(id, in: db)?.stored }
    }

    /// Escalations in a state (newest first).
    public func escalations(state: EscalationState?, limit: Int) async throws -> [StoredEscalation] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT data, channels FROM escalation WHERE ? IS NULL OR state = ? ORDER BY created_at DESC LIMIT ?",
                arguments: [state?.rawValue, state?.rawValue, limit]
            ).map { StoredEscalation(escalation: try Self.decode($0[0]), channels: try Self.decode($0[1])) }
        }
    }

    /// Ids of pending escalations whose deadline has passed.
    public func dueEscalations(now: Date, limit: Int = 100) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM escalation WHERE state = 'pending' AND deadline IS NOT NULL AND deadline <= ? ORDER BY deadline LIMIT ?",
                arguments: [SQLiteDate.format(now), limit])
        }
    }

    /// Changes an escalation in one transaction: `change` (pure) gets the stored value and its
    /// channels, mutates the value and returns a result with the messages to queue and the audit
    /// entries to write. Concurrent clicks and timers are serialised by the single writer.
    /// - Returns: `change`'s result, or `nil` when there is no such escalation.
    /// `used` tells `change` whether `singleUse` (a link's key) was already spent.
    public func updateEscalation<Result: Sendable>(
        id: String, at date: Date, singleUse: String? = nil, _ change: @escaping @Sendable (inout Escalation, [String], Bool) -> (Result, EscalationEffects)
    ) async throws -> Result? {
        try await writer.write { db in
            guard let loaded = try Self.load(id, in: db) else { return nil }
            var escalation = loaded.stored.escalation
            let used = try singleUse.map { try Bool.fetchOne(db, sql: "SELECT 1 FROM approval_use WHERE key = ?", arguments: [$0]) ?? false } ?? false
            let (result, effects) = change(&escalation, loaded.stored.channels, used)
            if escalation != loaded.stored.escalation {
                try db.execute(
                    sql: "UPDATE escalation SET state = ?, level = ?, deadline = ?, data = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                    arguments: [
                        escalation.state.rawValue, escalation.level, escalation.deadline.map(SQLiteDate.format), try Self.encode(escalation),
                        SQLiteDate.format(date), id, loaded.version,
                    ])
                guard db.changesCount == 1 else { throw EscalationConflict() }
            }
            if let key = effects.spend {
                try db.execute(sql: "INSERT INTO approval_use (key, used_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", arguments: [key, SQLiteDate.format(date)])
            }
            try Self.enqueue(effects.messages, at: date, in: db)
            for entry in effects.audit { try AuditRows.insert(entry, in: db) }
            return result
        }
    }

    /// Marks a single-use key (an approval link, a Slack callback) as used.
    /// - Returns: `false` when it was used before.
    public func useOnce(_ key: String, at date: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO approval_use (key, used_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", arguments: [key, SQLiteDate.format(date)])
            return db.changesCount == 1
        }
    }

    /// Whether a single-use key has been used.
    public func isUsed(_ key: String) async throws -> Bool {
        try await writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM approval_use WHERE key = ?", arguments: [key]) ?? false }
    }

    private static func load(_ id: String, in db: Database) throws -> (stored: StoredEscalation, version: Int)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT data, channels, version FROM escalation WHERE id = ?", arguments: [id]) else { return nil }
        return (StoredEscalation(escalation: try decode(row[0]), channels: try decode(row[1])), row[2])
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
