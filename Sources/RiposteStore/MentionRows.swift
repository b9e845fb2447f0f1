import Foundation
import GRDB
import RiposteCore

/// The SQL of the `mention` table: writing payloads, reading rows back into ``StoredMention``.
enum MentionRows {
    /// Columns selected whenever a ``StoredMention`` is read (`m` is the mention, `p` its parent).
    static let selection = """
        m.id, m.source, m.external_id, m.text, m.url, m.language, m.created_at, m.received_at,
        m.author_handle, m.author_name, m.author_bio, m.author_followers, m.author_verified,
        m.thread_external_id, m.in_reply_to, m.thread_key, m.brand, m.likes, m.shares, m.replies,
        m.status, m.attempts, m.processed_at, m.last_error, coalesce(p.thread_key, r.thread_key) AS parent_thread_key, c.details,
        m.thread_id
        """

    static let fromClause = """
        FROM mention m LEFT JOIN mention p ON p.source = m.source AND p.external_id = m.in_reply_to
        LEFT JOIN mention r ON r.source = m.source AND r.external_id = m.thread_external_id
        LEFT JOIN classification c ON c.mention_id = m.id
        """

    /// The statements of the ingest path, looked up once per transaction (GRDB's statement
    /// cache is keyed by the SQL text, which it hashes on every lookup).
    struct WriteStatements {
        let lookup: Statement
        let insertPayload: Statement
        let insertMention: Statement

        init(_ db: Database) throws {
            lookup = try db.cachedStatement(sql: "SELECT id FROM mention WHERE source = ? AND external_id = ?")
            insertPayload = try db.cachedStatement(
                sql: "INSERT INTO payload (channel, received_at, content_type, authentication, body) VALUES (?, ?, ?, ?, ?)")
            insertMention = try db.cachedStatement(
                sql: """
                    INSERT INTO mention (
                        id, source, external_id, text, url, language, created_at, received_at, occurred_at,
                        author_handle, author_name, author_bio, author_followers, author_verified,
                        thread_external_id, in_reply_to, brand, likes, shares, replies, payload_id, payload_index)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
        }
    }

    /// Stores one payload inside the caller's transaction.
    static func store(_ payload: InboundPayload, in db: Database, using statements: WriteStatements) throws -> [IngestOutcome] {
        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(payload.mentions.count)
        let receivedAt = SQLiteDate.format(payload.receivedAt)
        var payloadID: Int64?
        for (index, mention) in payload.mentions.enumerated() {
            let existing = try RawStatement(statements.lookup, in: db)
            existing.bind(1, mention.source)
            existing.bind(2, mention.externalID)
            if let id = try existing.step() {
                outcomes.append(IngestOutcome(id: id, externalID: mention.externalID, duplicate: true))
                continue
            }
            if payloadID == nil {
                // Only payloads that bring something new are kept.
                let statement = try RawStatement(statements.insertPayload, in: db)
                statement.bind(1, payload.channel)
                statement.bind(2, receivedAt)
                statement.bind(3, payload.contentType)
                statement.bind(4, payload.authentication)
                statement.bind(5, blob: payload.body)
                try statement.step()
                payloadID = db.lastInsertedRowID
            }
            let id = RiposteID.make()
            let author = mention.author
            let createdAt = mention.createdAt.map(SQLiteDate.format)
            let row = try RawStatement(statements.insertMention, in: db)
            row.bind(1, id)
            row.bind(2, mention.source)
            row.bind(3, mention.externalID)
            row.bind(4, mention.text)
            row.bind(5, mention.url)
            row.bind(6, mention.language)
            row.bind(7, createdAt)
            row.bind(8, receivedAt)
            row.bind(9, createdAt ?? receivedAt)
            row.bind(10, author?.handle)
            row.bind(11, author?.name)
            row.bind(12, author?.bio)
            row.bind(13, author?.followers)
            row.bind(14, author?.verified)
            row.bind(15, mention.threadExternalID)
            row.bind(16, mention.inReplyTo)
            row.bind(17, mention.brand)
            row.bind(18, mention.metrics?.likes)
            row.bind(19, mention.metrics?.shares)
            row.bind(20, mention.metrics?.replies)
            row.bind(21, payloadID)
            row.bind(22, index)
            try row.step()
            outcomes.append(IngestOutcome(id: id, externalID: mention.externalID, duplicate: false))
        }
        return outcomes
    }

    /// Reads a row selected with ``selection``, by position (GRDB's lookup by column name
    /// lower-cases names on every access, which dominated the pipeline's profile).
    static func storedMention(_ row: Row) -> StoredMention {
        let handle: String? = row[8]
        let name: String? = row[9]
        let bio: String? = row[10]
        let followers: Int? = row[11]
        let verified: Bool? = row[12]
        let hasAuthor = handle != nil || name != nil || bio != nil || followers != nil || verified != nil
        let likes: Int? = row[17]
        let shares: Int? = row[18]
        let replies: Int? = row[19]
        let hasMetrics = likes != nil || shares != nil || replies != nil
        let mention = Mention(
            externalID: row[2],
            source: row[1],
            text: row[3],
            url: row[4],
            language: row[5],
            createdAt: row[6],
            author: hasAuthor ? MentionAuthor(handle: handle, name: name, bio: bio, followers: followers, verified: verified) : nil,
            threadExternalID: row[13],
            inReplyTo: row[14],
            brand: row[16],
            metrics: hasMetrics ? MentionMetrics(likes: likes, shares: shares, replies: replies) : nil
        )
        let statusText: String = row[20]
        return StoredMention(
            id: row[0],
            mention: mention,
            receivedAt: row[7],
            status: ProcessingStatus(rawValue: statusText) ?? .pending,
            attempts: row[21],
            processedAt: row[22],
            lastError: row[23],
            threadKey: row[15],
            parentThreadKey: row[24],
            classification: (row[25] as String?).flatMap(ClassificationJSON.decode),
            threadNumber: row[26]
        )
    }
}
