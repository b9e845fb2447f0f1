import Foundation
import GRDB
import RiposteCore

extension AppDatabase: MentionRepository {
    public func ingest(_ payload: InboundPayload) async throws -> [IngestOutcome] {
        guard !payload.mentions.isEmpty else { return [] }
        return try await committer.ingest(payload)
    }

    public func mention(id: String) async throws -> StoredMention? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(MentionRows.selection) \(MentionRows.fromClause) WHERE m.id = ?", arguments: [id]
            ).map(MentionRows.storedMention)
        }
    }

    public func mentions(matching query: MentionQuery) async throws -> MentionPage {
        var conditions: [String] = []
        // GRDB's async (non-blocking) read needs a Sendable closure and result: values are
        // collected as DatabaseValue and rows are mapped inside the closure. Otherwise Swift
        // silently picks the synchronous read, which blocks a cooperative thread.
        var values: [DatabaseValue] = []
        // With a flag, source, label and priority are matched on the flag row (below).
        let onFlag = query.flag != nil
        if let source = query.source, !onFlag {
            conditions.append("m.source = ?")
            values.append(source.databaseValue)
        }
        if let since = query.since {
            conditions.append("m.occurred_at >= ?")
            values.append(since.databaseValue)
        }
        if let until = query.until {
            conditions.append("m.occurred_at < ?")
            values.append(until.databaseValue)
        }
        if let status = query.status {
            conditions.append("m.status = ?")
            values.append(status.rawValue.databaseValue)
        }
        if let sentiment = query.classification, !onFlag {
            conditions.append("c.sentiment = ?")
            values.append(sentiment.rawValue.databaseValue)
        }
        if let priority = query.priority, !onFlag {
            conditions.append("c.priority = ?")
            values.append(priority.rawValue.databaseValue)
        }
        var from = MentionRows.fromClause
        if let flag = query.flag {
            // Walk the flag's index in id order, with the priority, label or source kept on the
            // flag row (one index range per combination: mention_flag_priority, _sentiment, _source).
            var join = " JOIN mention_flag f ON f.mention_id = m.id AND f.flag = ?"
            var joinValues = [flag.rawValue.databaseValue]
            if let priority = query.priority { join += " AND f.priority = ?"; joinValues.append(priority.rawValue.databaseValue) }
            if let sentiment = query.classification { join += " AND f.sentiment = ?"; joinValues.append(sentiment.rawValue.databaseValue) }
            if let source = query.source { join += " AND f.source = ?"; joinValues.append(source.databaseValue) }
            from += join
            values.insert(contentsOf: joinValues, at: 0)
        }
        // Otherwise, with a classification or priority filter, walk that index (sentiment or
        // priority, then mention id) in id order: ordering by m.id makes SQLite sort every match.
        let order = query.flag != nil ? "f.mention_id" : query.classification != nil || query.priority != nil ? "c.mention_id" : "m.id"
        if let after = query.after {
            conditions.append("\(order) < ?")
            values.append(after.databaseValue)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = max(1, query.limit)
        values.append((limit + 1).databaseValue)
        let sql = "SELECT \(MentionRows.selection) \(from) \(whereClause) ORDER BY \(order) DESC LIMIT ?"
        let finalValues = values
        let rows = try await writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(finalValues)).map(MentionRows.storedMention)
        }
        let mentions = Array(rows.prefix(limit))
        return MentionPage(mentions: mentions, nextAfter: rows.count > limit ? mentions.last?.id : nil)
    }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// How many mentions are stored, in all.
    public func mentionCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM mention") ?? 0 }
    }
}

extension AppDatabase: MentionWorkQueue {
    public func claimMentions(limit: Int, leaseUntil: Date, now: Date) async throws -> [StoredMention] {
        // Claim in one statement (the partial index mention_unprocessed serves the subquery: its
        // condition is a conjunct there), then read the rows outside the write lock.
        let ids = try await writer.write { db in
            try String.fetchAll(
                db,
                sql: """
                    UPDATE mention SET status = 'processing', claimed_until = ?, attempts = attempts + 1
                    WHERE id IN (
                        SELECT id FROM mention
                        WHERE status IN ('pending', 'processing') AND (status = 'pending' OR claimed_until < ?)
                        ORDER BY id LIMIT ?)
                    RETURNING id
                    """,
                arguments: [leaseUntil, now, limit])
        }
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(MentionRows.selection) \(MentionRows.fromClause) WHERE m.id IN (\(placeholders)) ORDER BY m.id",
                arguments: StatementArguments(ids)
            ).map(MentionRows.storedMention)
        }
    }

    public func complete(_ results: [MentionProcessingResult], at date: Date) async throws {
        // Each mention's completion stands alone, so a large batch is committed in short
        // transactions: ingest's group commits get the writer in between (lower ingest p99).
        var start = 0
        while start < results.count {
            let end = min(start + 32, results.count)
            try await complete(results[start..<end], at: date)
            start = end
        }
    }

    private func complete(_ incoming: ArraySlice<MentionProcessingResult>, at date: Date) async throws {
        let processedAt = SQLiteDate.format(date)
        // JSON is encoded before the transaction: ingest's group commits wait for the writer,
        // and encoding was half of the time a chunk held it.
        let details = try StoredDetails(incoming)
        try await writer.write { db in
            let results = try Self.resolveAuthorThreads(Array(incoming), in: db)
            let finish = try db.cachedStatement(
                sql: """
                    UPDATE mention SET status = 'processed', processed_at = ?, thread_key = ?, claimed_until = NULL, last_error = NULL
                    WHERE id = ? AND status = 'processing'
                    """)
            // Only mentions this call moved to processed count towards authors and threads: one
            // whose lease lapsed and that another worker finished is not counted twice.
            var finished: [String] = []
            for result in results {
                let finishing = try RawStatement(finish, in: db)
                finishing.bind(1, processedAt)
                finishing.bind(2, result.threadKey)
                finishing.bind(3, result.mentionID)
                try finishing.step()
                if db.changesCount == 1 { finished.append(result.mentionID) }
            }
            guard !finished.isEmpty else { return }
            let finishedResults = results.filter { finished.contains($0.mentionID) }
            try Self.storeClassifications(finishedResults, details: details, at: processedAt, in: db)
            try Self.storeSuggestions(finishedResults, details: details, at: processedAt, in: db)
            try Self.enqueue(finishedResults.flatMap(\.messages), at: date, in: db)
            try Self.startEscalations(finishedResults.flatMap(\.escalations), at: date, in: db)
            try Self.openPages(finishedResults.compactMap(\.page), at: date, in: db)
            // Then authors, threads and links for the whole chunk, one statement each.
            let ids = "(" + Array(repeating: "?", count: finished.count).joined(separator: ",") + ")"
            let idArguments = StatementArguments(finished)
            try db.execute(
                sql: """
                    INSERT INTO author (source, handle, name, bio, followers, verified, first_seen_at, last_seen_at, mention_count)
                    SELECT source, author_handle, max(author_name), max(author_bio), max(author_followers), max(author_verified), ?, ?, count(*)
                    FROM mention WHERE id IN \(ids) AND author_handle IS NOT NULL
                    GROUP BY source, author_handle
                    ON CONFLICT (source, handle) DO UPDATE SET
                        name = coalesce(excluded.name, name), bio = coalesce(excluded.bio, bio),
                        followers = coalesce(excluded.followers, followers), verified = coalesce(excluded.verified, verified),
                        last_seen_at = excluded.last_seen_at, mention_count = mention_count + excluded.mention_count
                    """,
                arguments: [processedAt, processedAt] + idArguments)
            try db.execute(
                sql: """
                    INSERT INTO thread (source, thread_key, started_at, last_mention_at, mention_count)
                    SELECT source, thread_key, min(occurred_at), max(occurred_at), count(*)
                    FROM mention WHERE id IN \(ids) AND thread_key IS NOT NULL
                    GROUP BY source, thread_key
                    ON CONFLICT (source, thread_key) DO UPDATE SET
                        started_at = min(started_at, excluded.started_at),
                        last_mention_at = max(last_mention_at, excluded.last_mention_at),
                        mention_count = mention_count + excluded.mention_count,
                        state = CASE WHEN state = 'resolved' THEN 'open' ELSE state END,
                        owner = CASE WHEN state = 'resolved' THEN NULL ELSE owner END,
                        claimed_at = CASE WHEN state = 'resolved' THEN NULL ELSE claimed_at END
                    """,
                arguments: idArguments)
            try db.execute(
                sql: """
                    UPDATE mention SET
                        author_id = (SELECT a.id FROM author a WHERE a.source = mention.source AND a.handle = mention.author_handle),
                        thread_id = (SELECT t.id FROM thread t WHERE t.source = mention.source AND t.thread_key = mention.thread_key)
                    WHERE id IN \(ids)
                    """,
                arguments: idArguments)
        }
    }

    /// Turns author-and-brand thread keys (`by:handle|brand`) into a thread: the author's latest
    /// such thread when it was active within the window, else a new one (`by:handle|brand@time`).
    /// Pages opened for those mentions follow.
    static func resolveAuthorThreads(_ results: [MentionProcessingResult], in db: Database) throws -> [MentionProcessingResult] {
        guard results.contains(where: { $0.threadWindow != nil }) else { return results }
        let lookup = try db.cachedStatement(
            sql: """
                SELECT t.thread_key, t.last_mention_at FROM thread t
                WHERE t.source = ? AND t.thread_key > ? AND t.thread_key < ?
                ORDER BY t.last_mention_at DESC LIMIT 1
                """)
        var chosen: [String: (key: String, last: Date)] = [:]
        var resolved = results
        for index in resolved.indices {
            guard let base = resolved[index].threadKey, let window = resolved[index].threadWindow else { continue }
            let at = resolved[index].threadAt ?? Date()
            let source = try String.fetchOne(db, sql: "SELECT source FROM mention WHERE id = ?", arguments: [resolved[index].mentionID]) ?? ""
            let cacheKey = source + "\u{0}" + base
            var current = chosen[cacheKey]
            if current == nil, let row = try Row.fetchOne(lookup, arguments: [source, base + "@", base + "@\u{7F}"]) {
                current = (row[0], row[1])
            }
            let key: String
            if let current, abs(at.timeIntervalSince(current.last)) <= window {
                key = current.key
                chosen[cacheKey] = (key, max(current.last, at))
            } else {
                key = base + "@" + RFC3339.format(at)
                chosen[cacheKey] = (key, at)
            }
            resolved[index].threadKey = key
            if var page = resolved[index].page, page.threadKey == "\(source):\(base)" {
                page.threadKey = "\(source):\(key)"
                resolved[index].page = page
            }
        }
        return resolved
    }

    /// Stores each result's classification and flags (replacing any earlier ones: a re-run wins).
    static func storeClassifications(_ results: [MentionProcessingResult], details: StoredDetails, at date: String, in db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO classification
                    (mention_id, sentiment, confidence, language, priority, author_type, model_version, classified_at, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let clearFlags = try db.cachedStatement(sql: "DELETE FROM mention_flag WHERE mention_id = ?")
        let insertFlag = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO mention_flag (mention_id, flag, detail, source, priority, sentiment) VALUES (?, ?, ?, (SELECT source FROM mention WHERE id = ?), ?, ?)")
        for result in results {
            guard let classification = result.classification else { continue }
            try insert.execute(arguments: [
                result.mentionID, classification.sentiment.label.rawValue, classification.sentiment.confidence,
                classification.sentiment.language, classification.priority.rawValue, classification.risk.author.type.rawValue,
                classification.modelVersion, date, try details.classification(of: result),
            ])
            try clearFlags.execute(arguments: [result.mentionID])
            for flag in classification.risk.flags {
                try insertFlag.execute(arguments: [
                    result.mentionID, flag.kind.rawValue, flag.detail, result.mentionID, classification.priority.rawValue, classification.sentiment.label.rawValue,
                ])
            }
        }
    }

    /// Stores each result's suggestions (replacing earlier ones), keyed by rank.
    static func storeSuggestions(_ results: [MentionProcessingResult], details: StoredDetails, at date: String, in db: Database) throws {
        let clear = try db.cachedStatement(sql: "DELETE FROM suggestion WHERE mention_id = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO suggestion (mention_id, rank, template_id, locale, variant, variant_key, text, score, requires_approval,
                                        review_reference, author_key, thread_key, created_at, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for result in results where result.classification != nil {
            try clear.execute(arguments: [result.mentionID])
            let suggestionDetails = try details.suggestions(of: result)
            for (rank, suggestion) in result.suggestions.enumerated() {
                try insert.execute(arguments: [
                    result.mentionID, rank + 1, suggestion.templateID, suggestion.locale, suggestion.variant, suggestion.variantKey,
                    suggestion.text, suggestion.score, suggestion.requiresApproval, suggestion.reviewReference, result.replyAuthor,
                    result.replyThread, date, suggestionDetails[rank],
                ])
            }
        }
    }

    public func recentReplies(since: Date, limit: Int) async throws -> [RecentReply] {
        let rows = try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT variant_key, author_key, thread_key, created_at FROM suggestion
                    WHERE rank = 1 AND created_at >= ? ORDER BY created_at DESC LIMIT ?
                    """,
                arguments: [SQLiteDate.format(since), limit]
            ).map { row in RecentReply(variantKey: row[0], author: row[1], thread: row[2], at: row[3]) }
        }
        return rows.reversed()
    }

    public func suggestions(mentionID: String) async throws -> [ReplySuggestion] {
        let texts = try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT details FROM suggestion WHERE mention_id = ? ORDER BY rank", arguments: [mentionID])
        }
        let decoder = JSONDecoder()
        return texts.compactMap { try? decoder.decode(ReplySuggestion.self, from: Data($0.utf8)) }
    }

    public func recordFailure(mentionID: String, error: String, maxAttempts: Int, at date: Date) async throws {
        try await writer.write { db in
            let attempts = try Int.fetchOne(db, sql: "SELECT attempts FROM mention WHERE id = ?", arguments: [mentionID]) ?? 0
            if attempts >= maxAttempts {
                try db.execute(
                    sql: "UPDATE mention SET status = 'failed', claimed_until = NULL, last_error = ? WHERE id = ?",
                    arguments: [error, mentionID])
                try AuditRows.insert(
                    AuditEntry(
                        at: date, actor: "pipeline", action: "mention.failed", subjectType: "mention", subjectID: mentionID,
                        details: AuditRows.json(["error": error, "attempts": String(attempts)])),
                    in: db)
            } else {
                // Stay claimed until the back-off ends: the claim's lapse is the retry time.
                let backoff = min(300, pow(2, Double(attempts)))
                try db.execute(
                    sql: "UPDATE mention SET claimed_until = ?, last_error = ? WHERE id = ?",
                    arguments: [date.addingTimeInterval(backoff), error, mentionID])
            }
        }
    }

    public func release(mentionIDs: [String]) async throws {
        guard !mentionIDs.isEmpty else { return }
        try await writer.write { db in
            let release = try db.cachedStatement(
                sql: """
                    UPDATE mention SET status = 'pending', claimed_until = NULL, attempts = max(attempts - 1, 0)
                    WHERE id = ? AND status = 'processing'
                    """)
            for id in mentionIDs { try release.execute(arguments: [id]) }
        }
    }

    public func pendingCount() async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM mention WHERE status IN ('pending', 'processing')") ?? 0
        }
    }
}

/// A thread as stored.
public struct StoredThread: Sendable, Equatable {
    /// Riposte's thread id.
    public var id: Int64
    /// The source.
    public var source: String
    /// The source-scoped conversation key.
    public var threadKey: String
    /// How many processed mentions it holds.
    public var mentionCount: Int
}

extension AppDatabase {
    /// The thread a processed mention belongs to.
    public func thread(ofMention mentionID: String) async throws -> StoredThread? {
        try await writer.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT t.* FROM thread t JOIN mention m ON m.thread_id = t.id WHERE m.id = ?",
                arguments: [mentionID]
            ).map { StoredThread(id: $0["id"], source: $0["source"], threadKey: $0["thread_key"], mentionCount: $0["mention_count"]) }
        }
    }
}
