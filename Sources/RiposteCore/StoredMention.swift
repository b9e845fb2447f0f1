import Foundation

/// Where a stored mention stands in the processing pipeline.
public enum ProcessingStatus: String, Sendable, Codable, CaseIterable {
    /// Stored, waiting for the pipeline.
    case pending
    /// Claimed by a pipeline worker whose lease has not run out.
    case processing
    /// Every stage ran.
    case processed
    /// Stages kept failing; given up after the configured number of attempts.
    case failed
}

/// A mention as Riposte holds it: the normalised mention plus what Riposte knows about it.
public struct StoredMention: Sendable, Equatable {
    /// Riposte's identifier (a ULID).
    public var id: String
    /// The mention as normalised at ingest.
    public var mention: Mention
    /// When Riposte committed it.
    public var receivedAt: Date
    /// Pipeline status.
    public var status: ProcessingStatus
    /// How many times the pipeline claimed it.
    public var attempts: Int
    /// When the pipeline finished with it.
    public var processedAt: Date?
    /// The last pipeline error, if any.
    public var lastError: String?
    /// The conversation it belongs to (the source's thread key), once processed.
    public var threadKey: String?
    /// The thread key of the post it answers, if that post is stored and processed.
    public var parentThreadKey: String?
    /// Sentiment, flags and priority, once classified.
    public var classification: MentionClassification?
    /// Riposte's id of its thread (what `/v1/threads/{id}` takes), once processed.
    public var threadNumber: Int64?

    /// Creates a stored mention.
    public init(
        id: String, mention: Mention, receivedAt: Date, status: ProcessingStatus = .pending, attempts: Int = 0,
        processedAt: Date? = nil, lastError: String? = nil, threadKey: String? = nil, parentThreadKey: String? = nil,
        classification: MentionClassification? = nil, threadNumber: Int64? = nil
    ) {
        self.id = id
        self.mention = mention
        self.receivedAt = receivedAt
        self.status = status
        self.attempts = attempts
        self.processedAt = processedAt
        self.lastError = lastError
        self.threadKey = threadKey
        self.parentThreadKey = parentThreadKey
        self.classification = classification
        self.threadNumber = threadNumber
    }
}

/// One request's worth of mentions to store, with the exact bytes they arrived in.
public struct InboundPayload: Sendable {
    /// Which endpoint received it (`api`, `x`, `meltwater`): a bounded label.
    public var channel: String
    /// The raw request body, kept for audit and reprocessing.
    public var body: [UInt8]
    /// The request's content type.
    public var contentType: String
    /// How the request was authenticated (`standard_webhooks`, `github`, `x`, `token`, `unsigned`).
    public var authentication: String
    /// When the request arrived.
    public var receivedAt: Date
    /// The mentions it carries, in body order.
    public var mentions: [Mention]

    /// Creates a payload.
    public init(channel: String, body: [UInt8], contentType: String, authentication: String, receivedAt: Date, mentions: [Mention]) {
        self.channel = channel
        self.body = body
        self.contentType = contentType
        self.authentication = authentication
        self.receivedAt = receivedAt
        self.mentions = mentions
    }
}

/// What storing one mention did.
public struct IngestOutcome: Sendable, Equatable, Codable {
    /// Riposte's identifier of the mention (the existing one for a duplicate).
    public var id: String
    /// The source's identifier, as sent.
    public var externalID: String
    /// Whether the mention was already stored (by an earlier request or earlier in the same one).
    public var duplicate: Bool

    /// Creates an outcome.
    public init(id: String, externalID: String, duplicate: Bool) {
        self.id = id
        self.externalID = externalID
        self.duplicate = duplicate
    }

    enum CodingKeys: String, CodingKey {
        case id
        case externalID = "external_id"
        case duplicate
    }
}

/// Filters and paging for listing mentions, newest first.
public struct MentionQuery: Sendable, Equatable {
    /// Only mentions from this source.
    public var source: String?
    /// Only mentions published (or, lacking that, received) at or after this time.
    public var since: Date?
    /// Only mentions published (or received) before this time.
    public var until: Date?
    /// Only mentions in this pipeline status.
    public var status: ProcessingStatus?
    /// Only mentions classified with this sentiment.
    public var classification: Sentiment?
    /// Only mentions carrying this risk flag.
    public var flag: RiskFlagKind?
    /// Only mentions of this priority.
    public var priority: Priority?
    /// Continue after this Riposte id (from the previous page's cursor).
    public var after: String?
    /// Page size.
    public var limit: Int

    /// Creates a query.
    public init(
        source: String? = nil, since: Date? = nil, until: Date? = nil, status: ProcessingStatus? = nil, classification: Sentiment? = nil,
        flag: RiskFlagKind? = nil, priority: Priority? = nil, after: String? = nil, limit: Int = 50
    ) {
        self.source = source
        self.classification = classification
        self.flag = flag
        self.priority = priority
        self.since = since
        self.until = until
        self.status = status
        self.after = after
        self.limit = limit
    }
}

/// One page of a mention listing.
public struct MentionPage: Sendable, Equatable {
    /// The mentions, newest first.
    public var mentions: [StoredMention]
    /// The id to continue after, when more may follow.
    public var nextAfter: String?

    /// Creates a page.
    public init(mentions: [StoredMention], nextAfter: String?) {
        self.mentions = mentions
        self.nextAfter = nextAfter
    }
}
