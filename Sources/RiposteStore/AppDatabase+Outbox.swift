import Foundation
import GRDB
import RiposteCore

extension AppDatabase: DeliveryQueue {
    /// Adds messages to the outbox in the caller's transaction; a key already there is kept as it is
    /// (a re-processed mention does not send twice). A grouped message joins its group instead:
    /// see ``join(_:group:at:in:)``.
    static func enqueue(_ messages: [OutboundMessage], at date: Date, in db: Database) throws {
        guard !messages.isEmpty else { return }
        let now = SQLiteDate.format(date)
        for message in messages {
            if let group = message.group {
                try join(message, group: group, at: date, in: db)
            } else {
                try insert(message, due: now, groupID: nil, at: now, in: db)
            }
        }
    }

    /// Queues messages in their own transaction.
    public func enqueue(_ messages: [OutboundMessage], at date: Date) async throws {
        try await writer.write { db in try Self.enqueue(messages, at: date, in: db) }
    }

    static func insert(_ message: OutboundMessage, due: String, groupID: Int64?, at now: String, in db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (idempotency_key, destination, destination_type, body, mention_id, route_path, next_attempt_at, created_at, group_id, target_url, edits_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                """)
        try insert.execute(arguments: [
            message.idempotencyKey, message.destination, message.destinationType.rawValue, Data(message.body), message.mentionID,
            message.routePath, due, now, groupID, message.targetURL, message.edits,
        ])
    }

    /// A mention joins its group's message. A new group (or one whose message is older than
    /// `repeat_interval`) gets a message due after `group_wait`. Otherwise, while the group's next
    /// message has not been tried yet, its body is rendered again with the mention in it; once it
    /// has (sent, or retrying: a retry must send the same bytes), a further message is queued,
    /// due `group_interval` after the last one sent. So a burst is one message, then at most one
    /// update per interval.
    private static func join(_ message: OutboundMessage, group: GroupedAlert, at date: Date, in db: Database) throws {
        let now = SQLiteDate.format(date)
        let row = try Row.fetchOne(
            db, sql: "SELECT id, generation, messages, digest, first_sent_at, last_sent_at FROM alert_group WHERE group_key = ?", arguments: [group.key])
        func key(_ id: Int64, _ generation: Int, _ sequence: Int) -> String { "group-\(id)-\(generation)-\(sequence)" }
        func queue(_ digest: AlertGroupDigest, key: String, due: Date, groupID: Int64) throws {
            var queued = message
            queued.idempotencyKey = key
            queued.body = group.body(digest, key: key)
            try insert(queued, due: SQLiteDate.format(due), groupID: groupID, at: now, in: db)
        }
        let fresh = AlertGroupDigest(description: group.description, first: group.item, at: date)
        guard let row else {
            try db.execute(
                sql: """
                    INSERT INTO alert_group (group_key, destination, digest, mention_count, started_at, last_mention_at)
                    VALUES (?, ?, ?, 1, ?, ?)
                    """,
                arguments: [group.key, message.destination, try encode(fresh), now, now])
            let id = db.lastInsertedRowID
            try queue(fresh, key: key(id, 1, 1), due: date.addingTimeInterval(group.grouping.wait), groupID: id)
            return
        }
        let id: Int64 = row["id"]
        let generation: Int = row["generation"]
        let firstSent: Date? = row["first_sent_at"]
        if let firstSent, date.timeIntervalSince(firstSent) >= group.grouping.repeatInterval {
            try db.execute(
                sql: """
                    UPDATE alert_group SET generation = generation + 1, messages = 1, digest = ?, mention_count = 1, started_at = ?,
                        last_mention_at = ?, first_sent_at = NULL, last_sent_at = NULL, reference = NULL
                    WHERE id = ?
                    """,
                arguments: [try encode(fresh), now, now, id])
            try queue(fresh, key: key(id, generation + 1, 1), due: date.addingTimeInterval(group.grouping.wait), groupID: id)
            return
        }
        let digestText: String = row["digest"]
        let digest = (try? decode(digestText) as AlertGroupDigest)?.adding(group.item, at: date) ?? fresh
        try db.execute(
            sql: "UPDATE alert_group SET digest = ?, mention_count = mention_count + 1, last_mention_at = ? WHERE id = ?",
            arguments: [try encode(digest), now, id])
        let prefix = "group-\(id)-\(generation)-"
        let waiting = try Row.fetchAll(
            db, sql: "SELECT id, idempotency_key FROM outbox WHERE group_id = ? AND status = 'pending' AND attempts = 0", arguments: [id]
        ).first { ($0[1] as String).hasPrefix(prefix) }
        if let waiting {
            let waitingKey: String = waiting[1]
            try db.execute(sql: "UPDATE outbox SET body = ? WHERE id = ?", arguments: [Data(group.body(digest, key: waitingKey)), waiting[0] as Int64])
            return
        }
        let sequence: Int = row["messages"] + 1
        try db.execute(sql: "UPDATE alert_group SET messages = ? WHERE id = ?", arguments: [sequence, id])
        let lastSent: Date? = row["last_sent_at"]
        let due = lastSent.map { max(date, $0.addingTimeInterval(group.grouping.interval)) } ?? date.addingTimeInterval(group.grouping.interval)
        try queue(digest, key: key(id, generation, sequence), due: due, groupID: id)
    }

    /// A group's digest as it stands (for tests and the API).
    public func alertGroup(key: String) async throws -> (digest: AlertGroupDigest, generation: Int, reference: String?)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT digest, generation, reference FROM alert_group WHERE group_key = ?", arguments: [key]) else { return nil }
            let digest: AlertGroupDigest = try Self.decode(row[0])
            return (digest, row[1], row[2])
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
                    RETURNING id, idempotency_key, destination, destination_type, body, mention_id, route_path, attempts, group_id, target_url,
                        (SELECT earlier.remote_ref FROM outbox AS earlier WHERE earlier.idempotency_key = outbox.edits_key)
                    """,
                arguments: [leaseText, nowText, nowText, limit])
            // Group messages after a group's first one edit it where the platform allows, once
            // the first one's reference is known.
            let groupIDs = Set(rows.compactMap { $0[8] as Int64? })
            var references: [Int64: (generation: Int, reference: String)] = [:]
            if !groupIDs.isEmpty {
                let marks = Array(repeating: "?", count: groupIDs.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, generation, reference FROM alert_group WHERE reference IS NOT NULL AND id IN (\(marks))", arguments: StatementArguments(Array(groupIDs)))
                {
                    references[row[0]] = (row[1], row[2])
                }
            }
            return rows.compactMap { row -> DueDelivery? in
                let typeText: String = row[3]
                guard let type = RiposteConfiguration.DestinationType(rawValue: typeText) else { return nil }
                let body: Data = row[4]
                let key: String = row[1]
                let groupID: Int64? = row[8]
                var updates: String? = row[10]
                if let groupID, let known = references[groupID], key.hasPrefix("group-\(groupID)-\(known.generation)-"), !key.hasSuffix("-1") {
                    updates = known.reference
                }
                return DueDelivery(
                    id: row[0],
                    message: OutboundMessage(
                        idempotencyKey: key, destination: row[2], destinationType: type, body: [UInt8](body), mentionID: row[5], routePath: row[6], targetURL: row[9]),
                    attempts: row[7], groupID: groupID, updates: updates)
            }.sorted { $0.id < $1.id }
        }
    }

    public func recordDelivery(
        _ id: Int64, attempt: Int, outcome: DeliveryAttemptOutcome, latency: Double, verdict: DeliveryVerdict, at date: Date, reference: String?,
        operatorAlert: OutboundMessage?
    ) async throws {
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
                if let operatorAlert { try Self.insert(operatorAlert, due: at, groupID: nil, at: at, in: db) }
            }
            if case .delivered = verdict, let reference {
                try db.execute(sql: "UPDATE outbox SET remote_ref = ? WHERE id = ?", arguments: [reference, id])
            }
            if case .delivered = verdict {
                // A group's message went out: later ones wait group_interval from now, and edit it.
                try db.execute(
                    sql: """
                        UPDATE alert_group SET first_sent_at = coalesce(first_sent_at, ?), last_sent_at = ?, reference = coalesce(reference, ?)
                        WHERE id = (SELECT group_id FROM outbox WHERE id = ?)
                            AND (SELECT idempotency_key FROM outbox WHERE id = ?) LIKE 'group-' || id || '-' || generation || '-%'
                        """,
                    arguments: [at, at, reference, id, id])
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
