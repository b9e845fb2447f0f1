import Foundation
import GRDB
import RiposteCore

extension AppDatabase {
    /// Unsupportive mentions per brand (`""` for none) classified since `baselineStart`, split at
    /// `recentStart` into the baseline window and the recent one.
    public func unsupportiveVolume(baselineStart: Date, recentStart: Date) async throws -> [(brand: String, recent: Int, baseline: Int)] {
        let (from, split) = (SQLiteDate.format(baselineStart), SQLiteDate.format(recentStart))
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(m.brand, ''), sum(c.classified_at >= ?), sum(c.classified_at < ?)
                    FROM classification c JOIN mention m ON m.id = c.mention_id
                    WHERE c.sentiment = 'unsupportive' AND c.classified_at >= ?
                    GROUP BY 1
                    """,
                arguments: [split, split, from]
            ).map { (brand: $0[0], recent: $0[1], baseline: $0[2]) }
        }
    }

    /// A brand's unsupportive mentions classified in `[from, to)`, newest first, at most `limit`.
    public func unsupportiveMentions(brand: String, from: Date, to: Date, limit: Int) async throws -> [SpikeMention] {
        let (start, end) = (SQLiteDate.format(from), SQLiteDate.format(to))
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.author_handle, m.text
                    FROM classification c JOIN mention m ON m.id = c.mention_id
                    WHERE c.sentiment = 'unsupportive' AND c.classified_at >= ? AND c.classified_at < ? AND coalesce(m.brand, '') = ?
                    ORDER BY c.classified_at DESC LIMIT ?
                    """,
                arguments: [start, end, brand, limit]
            ).map { SpikeMention(mentionID: $0[0], handle: $0[1], text: $0[2]) }
        }
    }

    /// When the last spike alert for a brand (and topic, `""` for the brand as a whole) was raised.
    public func lastSpike(brand: String, topic: String) async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db, sql: "SELECT max(detected_at) FROM spike WHERE brand = ? AND topic = ?", arguments: [brand, topic])
        }
    }

    /// Records a spike and queues its alerts, in one transaction.
    public func recordSpike(_ spike: Spike, at date: Date, messages: [OutboundMessage]) async throws {
        let details = String(decoding: try JSONEncoder().encode(spike), as: UTF8.self)
        try await writer.write { db in
            let at = SQLiteDate.format(date)
            try db.execute(
                sql: "INSERT INTO spike (brand, topic, detected_at, recent_count, baseline_count, ratio, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [spike.brand, spike.topic ?? "", at, spike.recentCount, spike.baselineCount, spike.ratio, details])
            try db.execute(
                sql: "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details) VALUES (?, 'system', 'spike.detected', 'spike', ?, ?)",
                arguments: [at, String(db.lastInsertedRowID), details])
            try Self.enqueue(messages, at: date, in: db)
        }
    }

    /// Spikes detected since a date, newest first.
    public func spikes(since date: Date) async throws -> [Spike] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT details FROM spike WHERE detected_at >= ? ORDER BY detected_at DESC", arguments: [SQLiteDate.format(date)])
                .compactMap { try? JSONDecoder().decode(Spike.self, from: Data($0.utf8)) }
        }
    }
}
