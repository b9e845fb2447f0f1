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
        m.status, m.attempts, m.processed_at, m.last_error, p.thread_key AS parent_thread_key
        """

    static let fromClause = "FROM mention m LEFT JOIN mention p ON p.source = m.source AND p.external_id = m.in_reply_to"

    /// Stores one payload inside the caller's transaction, in a savepoint of its own.
    static func store(_ payload: InboundPayload, in db: Database) throws -> [IngestOutcome] {
        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(payload.mentions.count)
        try db.inSavepoint {
            let lookup = try db.cachedStatement(sql: "SELECT id FROM mention WHERE source = ? AND external_id = ?")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO mention (
                        id, source, external_id, text, url, language, created_at, received_at, occurred_at,
                        author_handle, author_name, author_bio, author_followers, author_verified,
                        thread_external_id, in_reply_to, brand, likes, shares, replies, payload_id, payload_index)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var payloadID: Int64?
            for (index, mention) in payload.mentions.enumerated() {
                if let existing = try String.fetchOne(lookup, arguments: [mention.source, mention.externalID]) {
                    outcomes.append(IngestOutcome(id: existing, externalID: mention.externalID, duplicate: true))
                    continue
                }
                if payloadID == nil {
                    let statement = try db.cachedStatement(
                        sql: "INSERT INTO payload (channel, received_at, content_type, authentication, body) VALUES (?, ?, ?, ?, ?)")
                    try statement.execute(arguments: [
                        payload.channel, payload.receivedAt, payload.contentType, payload.authentication, Data(payload.body),
                    ])
                    payloadID = db.lastInsertedRowID
                }
                let id = RiposteID.make()
                let author = mention.author
                var arguments: StatementArguments = [
                    id, mention.source, mention.externalID, mention.text, mention.url, mention.language,
                    mention.createdAt, payload.receivedAt, mention.createdAt ?? payload.receivedAt,
                ]
                arguments += [author?.handle, author?.name, author?.bio, author?.followers, author?.verified]
                arguments += [
                    mention.threadExternalID, mention.inReplyTo, mention.brand, mention.metrics?.likes,
                    mention.metrics?.shares, mention.metrics?.replies, payloadID, index,
                ]
                try insert.execute(arguments: arguments)
                outcomes.append(IngestOutcome(id: id, externalID: mention.externalID, duplicate: false))
            }
            return .commit
        }
        return outcomes
    }

    /// Reads a row selected with ``selection``.
    static func storedMention(_ row: Row) -> StoredMention {
        let handle: String? = row["author_handle"]
        let name: String? = row["author_name"]
        let bio: String? = row["author_bio"]
        let followers: Int? = row["author_followers"]
        let verified: Bool? = row["author_verified"]
        let hasAuthor = handle != nil || name != nil || bio != nil || followers != nil || verified != nil
        let likes: Int? = row["likes"]
        let shares: Int? = row["shares"]
        let replies: Int? = row["replies"]
        let hasMetrics = likes != nil || shares != nil || replies != nil
        let mention = Mention(
            externalID: row["external_id"],
            source: row["source"],
            text: row["text"],
            url: row["url"],
            language: row["language"],
            createdAt: row["created_at"],
            author: hasAuthor ? MentionAuthor(handle: handle, name: name, bio: bio, followers: followers, verified: verified) : nil,
            threadExternalID: row["thread_external_id"],
            inReplyTo: row["in_reply_to"],
            brand: row["brand"],
            metrics: hasMetrics ? MentionMetrics(likes: likes, shares: shares, replies: replies) : nil
        )
        let statusText: String = row["status"]
        return StoredMention(
            id: row["id"],
            mention: mention,
            receivedAt: row["received_at"],
            status: ProcessingStatus(rawValue: statusText) ?? .pending,
            attempts: row["attempts"],
            processedAt: row["processed_at"],
            lastError: row["last_error"],
            threadKey: row["thread_key"],
            parentThreadKey: row["parent_thread_key"]
        )
    }
}
