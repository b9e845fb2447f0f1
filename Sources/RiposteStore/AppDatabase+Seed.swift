import Foundation
import GRDB
import RiposteCore

/// A sample for `riposte seed`: a text and its classification, stamped out many times.
public struct SeedSample: Sendable {
    public var text: String
    public var source: String
    public var brand: String?
    public var classification: MentionClassification

    public init(text: String, source: String, brand: String?, classification: MentionClassification) {
        self.text = text
        self.source = source
        self.brand = brand
        self.classification = classification
    }
}

extension AppDatabase {
    /// Seeds `count` processed mentions spread over the `days` before `now`, cycling through the
    /// samples, four mentions to a thread, in transactions of 20,000 (for benchmarks and demos).
    /// - Parameter progress: Called after each transaction with the number written so far.
    public func seed(_ samples: [SeedSample], count: Int, days: Double, now: Date, progress: @escaping @Sendable (Int) -> Void) async throws {
        guard !samples.isEmpty, count > 0 else { return }
        let details = try samples.map { try ClassificationJSON.encode($0.classification) }
        let span = days * 86_400
        let batch = 20_000
        var written = 0
        let runTag = String(Int(now.timeIntervalSince1970))
        while written < count {
            let start = written
            let end = min(count, start + batch)
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO payload (channel, received_at, content_type, authentication, body) VALUES ('seed', ?, 'application/json', 'seed', X'7B7D')",
                    arguments: [SQLiteDate.format(now)])
                let payloadID = db.lastInsertedRowID
                let insertThread = try db.cachedStatement(
                    sql: "INSERT INTO thread (source, thread_key, started_at, last_mention_at, mention_count) VALUES (?, ?, ?, ?, 4) ON CONFLICT (source, thread_key) DO UPDATE SET last_mention_at = excluded.last_mention_at RETURNING id")
                let insertMention = try db.cachedStatement(
                    sql: """
                        INSERT INTO mention (id, source, external_id, text, language, received_at, occurred_at, author_handle, author_followers, brand,
                            thread_key, thread_id, payload_id, payload_index, status, processed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'processed', ?)
                        """)
                let insertClassification = try db.cachedStatement(
                    sql: "INSERT INTO classification (mention_id, sentiment, confidence, language, priority, author_type, model_version, classified_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                let insertFlag = try db.cachedStatement(sql: "INSERT INTO mention_flag (mention_id, flag, detail, source, priority, sentiment) VALUES (?, ?, ?, ?, ?, ?)")
                var threadID: Int64 = 0
                for index in start..<end {
                    // Oldest first, so ids (time-ordered) and times agree.
                    let at = now.addingTimeInterval(-span + span * Double(index) / Double(count))
                    let stamp = SQLiteDate.format(at)
                    let sample = samples[(index &* 7919) % samples.count]
                    let classification = sample.classification
                    let threadKey = "seed-\(runTag)-\(index / 4)"
                    if index % 4 == 0 || index == start {
                        threadID = try Row.fetchOne(insertThread, arguments: [sample.source, threadKey, stamp, stamp])?[0] ?? 0
                    }
                    let id = RiposteID.make(at: at)
                    try insertMention.execute(arguments: [
                        id, sample.source, "seed-\(runTag)-\(index)", sample.text + " #\(index % 997)", classification.sentiment.language, stamp, stamp,
                        "user\(index % 50_000)", index % 20_011, sample.brand, threadKey, threadID, payloadID, index - start, stamp,
                    ])
                    try insertClassification.execute(arguments: [
                        id, classification.sentiment.label.rawValue, classification.sentiment.confidence, classification.sentiment.language,
                        classification.priority.rawValue, classification.risk.author.type.rawValue, classification.modelVersion, stamp,
                        details[(index &* 7919) % samples.count],
                    ])
                    for flag in classification.risk.flags {
                        try insertFlag.execute(arguments: [
                            id, flag.kind.rawValue, flag.detail, sample.source, classification.priority.rawValue, classification.sentiment.label.rawValue,
                        ])
                    }
                }
            }
            written = end
            progress(written)
        }
    }
}
