import Foundation
import GRDB
import RiposteCore

/// A thread's ownership, as the collision guard reports it.
public struct ThreadState: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var state: String
    public var owner: String?
    public var claimedAt: Date?
    public var mentionCount: Int
    public var lastMentionAt: Date
}

/// What claiming a thread did.
public enum ClaimOutcome: Sendable, Equatable {
    /// Claimed now (or already this responder's).
    case claimed(ThreadState)
    /// Someone else has it: who, since when.
    case heldBy(String, since: Date?)
    case notFound
}

extension AppDatabase {
    /// Opens pages for urgent mentions in the caller's transaction, unless their thread already
    /// has an open page (one page per thread until acknowledged).
    static func openPages(_ pages: [Page], at date: Date, in db: Database) throws {
        let now = SQLiteDate.format(date)
        for page in pages {
            try db.execute(
                sql: """
                    INSERT INTO page (id, thread_key, state, next_page_at, data, created_at, updated_at)
                    SELECT ?, ?, 'open', ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM page WHERE thread_key = ? AND state = 'open')
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [page.id, page.threadKey, page.nextPageAt.map(SQLiteDate.format), try encode(page), now, now, page.threadKey])
            if db.changesCount == 1 {
                try AuditRows.insert(
                    AuditEntry(at: date, actor: "system", action: "page.opened", subjectType: "page", subjectID: page.id, details: AuditRows.json(["thread": page.threadKey, "reason": page.reason.rawValue])),
                    in: db)
            }
        }
    }

    /// Opens a page outside the pipeline (a spike).
    public func openPage(_ page: Page, at date: Date) async throws {
        try await writer.write { db in try Self.openPages([page], at: date, in: db) }
    }

    /// Ids of open pages whose next round is due.
    public func duePages(now: Date, limit: Int = 100) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM page WHERE state = 'open' AND next_page_at <= ? ORDER BY next_page_at LIMIT ?", arguments: [SQLiteDate.format(now), limit])
        }
    }

    /// One page.
    public func page(id: String) async throws -> Page? {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT data FROM page WHERE id = ?", arguments: [id]).map { try Self.decode($0) } }
    }

    /// Pages, newest first.
    public func pages(openOnly: Bool, limit: Int) async throws -> [Page] {
        try await writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT data FROM page WHERE ? = 0 OR state = 'open' ORDER BY created_at DESC LIMIT ?", arguments: [openOnly, limit]
            ).map { try Self.decode($0) }
        }
    }

    /// Changes a page in one transaction (`change` is pure), with the messages and audit it causes.
    /// - Returns: `change`'s result, or `nil` when there is no such page.
    public func updatePage<Result: Sendable>(id: String, at date: Date, _ change: @escaping @Sendable (inout Page) -> (Result, EscalationEffects)) async throws -> Result? {
        try await writer.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT data FROM page WHERE id = ?", arguments: [id]) else { return nil }
            var page: Page = try Self.decode(text)
            let before = page
            let (result, effects) = change(&page)
            if page != before {
                try db.execute(
                    sql: "UPDATE page SET state = ?, next_page_at = ?, data = ?, updated_at = ? WHERE id = ?",
                    arguments: [page.isAcknowledged ? "acknowledged" : "open", page.nextPageAt.map(SQLiteDate.format), try Self.encode(page), SQLiteDate.format(date), id])
                if page.isAcknowledged, !before.isAcknowledged {
                    // Acknowledging the page acknowledges its thread.
                    try db.execute(
                        sql: """
                            UPDATE thread SET state = CASE WHEN state = 'resolved' THEN state ELSE 'acknowledged' END,
                                acknowledged_at = coalesce(acknowledged_at, ?), owner = coalesce(owner, ?), claimed_at = coalesce(claimed_at, ?)
                            WHERE source = ? AND thread_key = ?
                            """,
                        arguments: [
                            SQLiteDate.format(date), page.acknowledgedBy, SQLiteDate.format(date),
                            String(page.threadKey.prefix { $0 != ":" }), String(page.threadKey.drop { $0 != ":" }.dropFirst()),
                        ])
                }
            }
            try Self.enqueue(effects.messages, at: date, in: db)
            for entry in effects.audit { try AuditRows.insert(entry, in: db) }
            return result
        }
    }

    /// The open page of a thread, if any.
    public func openPageID(thread key: String) async throws -> String? {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT id FROM page WHERE thread_key = ? AND state = 'open'", arguments: [key]) }
    }

    // MARK: Threads

    /// Threads, most recently active first, optionally in one state.
    public func threads(state: String?, limit: Int) async throws -> [ThreadState] {
        // Two statements, so that a state filter walks thread_state (state, last_mention_at) in order.
        let filter = state == nil ? "" : "WHERE state = ?"
        let arguments: StatementArguments = state.map { [$0, limit] } ?? [limit]
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, source || ':' || thread_key AS key, state, owner, claimed_at, mention_count, last_mention_at FROM thread \(filter) ORDER BY last_mention_at DESC LIMIT ?",
                arguments: arguments
            ).map(Self.threadState)
        }
    }

    /// One thread.
    public func thread(id: Int64) async throws -> ThreadState? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, source || ':' || thread_key AS key, state, owner, claimed_at, mention_count, last_mention_at FROM thread WHERE id = ?", arguments: [id]
            ).map(Self.threadState)
        }
    }

    /// Claims a thread for a responder. The collision guard: a thread someone else owns is not
    /// taken over; the answer says who has it.
    public func claimThread(id: Int64, by responder: String, at date: Date) async throws -> ClaimOutcome {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT owner, claimed_at, state FROM thread WHERE id = ?", arguments: [id]) else { return .notFound }
            let owner: String? = row["owner"]
            if let owner, owner != responder, (row["state"] as String) != "resolved" { return .heldBy(owner, since: row["claimed_at"]) }
            let now = SQLiteDate.format(date)
            try db.execute(
                sql: "UPDATE thread SET owner = ?, claimed_at = coalesce(CASE WHEN owner = ? THEN claimed_at END, ?), state = CASE WHEN state IN ('open', 'resolved') THEN 'claimed' ELSE state END WHERE id = ?",
                arguments: [responder, responder, now, id])
            try AuditRows.insert(AuditEntry(at: date, actor: responder, action: "thread.claimed", subjectType: "thread", subjectID: String(id)), in: db)
            guard let state = try Row.fetchOne(
                db, sql: "SELECT id, source || ':' || thread_key AS key, state, owner, claimed_at, mention_count, last_mention_at FROM thread WHERE id = ?", arguments: [id]
            ).map(Self.threadState) else { return .notFound }
            return .claimed(state)
        }
    }

    /// Moves a thread to `acknowledged` or `resolved` (by its owner, or anyone when unowned).
    public func setThreadState(id: Int64, to state: String, by responder: String, note: String?, at date: Date) async throws -> ClaimOutcome {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT owner, claimed_at FROM thread WHERE id = ?", arguments: [id]) else { return .notFound }
            let owner: String? = row["owner"]
            if let owner, owner != responder { return .heldBy(owner, since: row["claimed_at"]) }
            let now = SQLiteDate.format(date)
            let column = state == "resolved" ? "resolved_at" : "acknowledged_at"
            try db.execute(
                sql: "UPDATE thread SET state = ?, owner = ?, claimed_at = coalesce(claimed_at, ?), \(column) = ? WHERE id = ?",
                arguments: [state, responder, now, now, id])
            if let note, !note.isEmpty {
                try db.execute(sql: "INSERT INTO thread_note (thread_id, at, author, text) VALUES (?, ?, ?, ?)", arguments: [id, now, responder, note])
            }
            try AuditRows.insert(
                AuditEntry(at: date, actor: responder, action: "thread.\(state)", subjectType: "thread", subjectID: String(id), details: note.flatMap { AuditRows.json(["note": $0]) }),
                in: db)
            guard let updated = try Row.fetchOne(
                db, sql: "SELECT id, source || ':' || thread_key AS key, state, owner, claimed_at, mention_count, last_mention_at FROM thread WHERE id = ?", arguments: [id]
            ).map(Self.threadState) else { return .notFound }
            return .claimed(updated)
        }
    }

    private static func threadState(_ row: Row) -> ThreadState {
        ThreadState(
            id: row["id"], key: row["key"], state: row["state"], owner: row["owner"], claimedAt: row["claimed_at"], mentionCount: row["mention_count"],
            lastMentionAt: row["last_mention_at"])
    }
}
