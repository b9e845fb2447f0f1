import Foundation
import RiposteCore

/// How the API shows a stored mention.
struct MentionView: Encodable {
    struct Author: Encodable {
        var handle: String?
        var name: String?
        var bio: String?
        var followers: Int?
        var verified: Bool?
    }

    struct Metrics: Encodable {
        var likes: Int?
        var shares: Int?
        var replies: Int?
    }

    struct Processing: Encodable {
        var status: String
        var attempts: Int
        var processedAt: String?
        var lastError: String?

        enum CodingKeys: String, CodingKey {
            case status, attempts
            case processedAt = "processed_at"
            case lastError = "last_error"
        }
    }

    var id: String
    var externalID: String
    var source: String
    var text: String
    var url: String?
    var language: String?
    var createdAt: String?
    var receivedAt: String
    var author: Author?
    var threadID: String?
    var inReplyTo: String?
    var thread: String?
    var riposteThreadID: Int64?
    var brand: String?
    var metrics: Metrics?
    var processing: Processing
    var classification: MentionClassification?
    /// Shown by `GET /v1/mentions/{id}` (not in lists).
    var suggestions: [ReplySuggestion]?

    enum CodingKeys: String, CodingKey {
        case id, source, text, url, language, author, brand, metrics, processing, thread, classification, suggestions
        case externalID = "external_id"
        case createdAt = "created_at"
        case receivedAt = "received_at"
        case threadID = "thread_id"
        case inReplyTo = "in_reply_to"
        case riposteThreadID = "riposte_thread_id"
    }

    init(_ stored: StoredMention) {
        let mention = stored.mention
        id = stored.id
        externalID = mention.externalID
        source = mention.source
        text = mention.text
        url = mention.url
        language = mention.language
        createdAt = mention.createdAt.map(RFC3339.format)
        receivedAt = RFC3339.format(stored.receivedAt)
        author = mention.author.map {
            Author(handle: $0.handle, name: $0.name, bio: $0.bio, followers: $0.followers, verified: $0.verified)
        }
        threadID = mention.threadExternalID
        inReplyTo = mention.inReplyTo
        thread = stored.threadKey
        riposteThreadID = stored.threadNumber
        brand = mention.brand
        metrics = mention.metrics.map { Metrics(likes: $0.likes, shares: $0.shares, replies: $0.replies) }
        processing = Processing(
            status: stored.status.rawValue, attempts: stored.attempts, processedAt: stored.processedAt.map(RFC3339.format),
            lastError: stored.lastError)
        classification = stored.classification
    }
}

/// A page of mentions.
struct MentionListView: Encodable {
    var mentions: [MentionView]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case mentions
        case nextCursor = "next_cursor"
    }
}
