import Foundation
import GRDB
import RiposteCore

extension AppDatabase: DeliveryQueue {
    /// Adds messages to the outbox in the caller's transaction; a key already there is kept as it is
    /// (a re-processed mention does not send twice).
    static func enqueue(_ messages: [OutboundMessage], at date: String, in db: Database) throws {
        guard !messages.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (idempotency_key, destination, destination_type, body, mention_id, route_path, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                """)
        for message in messages {
            try insert.execute(arguments: [
                message.idempotencyKey, message.destination, message.destinationType.rawValue, Data(message.body), message.mentionID,
                message.routePath, date, date,
            ])
        }
    }

    public func claimDeliveries(limit: Int, leaseUntil: Date, now: Date) async throws -> [DueDelivery] {
        let (nowText, leaseText) = (SQLiteDate.format(now), SQLiteDate.format(leaseUntil))
        return try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    UPDATE outbox SET status = 'sending', claimed_until = ?
                    WHERE id IN (
                        SELECT id FROM outbox
                        WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until <= ?)
                        ORDER BY next_attempt_at LIMIT ?)
                    RETURNING id, idempotency_key, destination, destination_type, body, mention_id, route_path, attempts
                    """,
                arguments: [leaseText, nowText, nowText, limit])
            return rows.compactMap { row -> DueDelivery? in
                let typeText: String = row[3]
                guard let type = RiposteConfiguration.DestinationType(rawValue: typeText) else { return nil }
                let body: Data = row[4]
                return DueDelivery(
                    id: row[0],
                    message: OutboundMessage(idempotencyKey: row[1], destination: row[2], destinationType: type, body: [UInt8](body), mentionID: row[5], routePath: row[6]),
                    attempts: row[7])
            }.sorted { $0.id < $1.id }
        }
    }

    public func recordDelivery(_ id: Int64, attempt: Int, outcome: DeliveryAttemptOutcome, latency: Double, verdict: DeliveryVerdict, at date: Date) async throws {
        let at = SQLiteDate.format(date)
        let error = outcome.transportError ?? (outcome.status.map { (200..<300).contains($0) } == true ? nil : String(outcome.body.prefix(500)))
        let (status, next, verdictText, reason): (String, String?, String, String?)
        switch verdict {
        case .delivered: (status, next, verdictText, reason) = ("delivered", nil, "delivered", nil)
        case .retry(let after, let why): (status, next, verdictText, reason) = ("pending", SQLiteDate.format(date.addingTimeInterval(after)), "retry", why)
        case .dead(let why): (status, next, verdictText, reason) = ("dead", nil, "dead", why)
        }
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO delivery_attempt (outbox_id, attempt, at, status, latency_ms, error, verdict) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, attempt, at, outcome.status, latency * 1000, reason ?? error, verdictText])
            try db.execute(
                sql: """
                    UPDATE outbox SET status = ?, attempts = ?, claimed_until = NULL, last_status = ?, last_error = ?,
                        next_attempt_at = coalesce(?, next_attempt_at), delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
                    WHERE id = ?
                    """,
                arguments: [status, attempt, outcome.status, reason ?? error, next, status, at, id])
            if case .dead(let why) = verdict {
                try db.execute(
                    sql: "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details) VALUES (?, 'system', 'delivery.dead', 'outbox', ?, ?)",
                    arguments: [at, String(id), #"{"reason":"# + Self.jsonString(why) + "}"])
            }
        }
    }

    public func postponeDelivery(_ id: Int64, until: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'pending', claimed_until = NULL, next_attempt_at = ? WHERE id = ? AND status = 'sending'",
                arguments: [SQLiteDate.format(until), id])
        }
    }

    public func outboxDepth(now: Date) async throws -> (pending: Int, oldestDueAge: Double) {
        let nowText = SQLiteDate.format(now)
        let (pending, oldest) = try await writer.read { db -> (Int, Date?) in
            let pending = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") ?? 0
            let oldest = try Date.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?", arguments: [nowText])
            return (pending, oldest)
        }
        return (pending, oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    /// Sends dead letters again: back to pending, due now, attempts reset (the idempotency key is
    /// kept, so a receiver that did get one can drop it). `ids` empty means every dead letter.
    /// - Returns: How many were requeued.
    public func retryDeadLetters(ids: [Int64], at date: Date) async throws -> Int {
        let now = SQLiteDate.format(date)
        return try await writer.write { db in
            if ids.isEmpty {
                try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'dead'", arguments: [now])
            } else {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                try db.execute(
                    sql: "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'dead' AND id IN (\(marks))",
                    arguments: StatementArguments([now]) + StatementArguments(ids))
            }
            let count = db.changesCount
            try db.execute(
                sql: "INSERT INTO audit_log (at, actor, action, subject_type, details) VALUES (?, 'cli', 'delivery.retried', 'outbox', ?)",
                arguments: [now, #"{"count":\#(count)}"#])
            return count
        }
    }

    /// Deletes delivered and dead messages (and their attempts) older than `date`.
    /// - Returns: How many were deleted.
    public func purgeOutbox(before date: Date) async throws -> Int {
        let cutoff = SQLiteDate.format(date)
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM delivery_attempt WHERE outbox_id IN (SELECT id FROM outbox WHERE status IN ('delivered', 'dead') AND created_at < ?)", arguments: [cutoff])
            try db.execute(sql: "DELETE FROM outbox WHERE status IN ('delivered', 'dead') AND created_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// Outbox rows with their state, newest first (for `riposte outbox list` and tests).
    public func outboxEntries(limit: Int, status: String? = nil) async throws -> [OutboxEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, idempotency_key, destination, status, attempts, last_status, last_error FROM outbox WHERE ? IS NULL OR status = ? ORDER BY id DESC LIMIT ?",
                arguments: [status, status, limit]
            ).map { OutboxEntry(id: $0[0], idempotencyKey: $0[1], destination: $0[2], status: $0[3], attempts: $0[4], lastStatus: $0[5], lastError: $0[6]) }
        }
    }

    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

/// One outbox row as listed.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    public var idempotencyKey: String
    public var destination: String
    public var status: String
    public var attempts: Int
    public var lastStatus: Int?
    public var lastError: String?
}
