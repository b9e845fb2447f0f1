import Foundation

/// A mention of the brand, normalised from whatever source delivered it.
///
/// `(source, externalID)` identifies a mention across re-sends: storing the same pair twice
/// yields the first stored mention, never a second one.
public struct Mention: Sendable, Equatable, Codable {
    /// The source's own identifier of the post (a tweet id, a Meltwater document id, …).
    public var externalID: String
    /// Where the mention comes from, lower-cased (`x`, `meltwater`, `reddit`, …).
    public var source: String
    /// The post's text, as delivered (HTML entities and all).
    public var text: String
    /// A link to the post, if the source gave one.
    public var url: String?
    /// The language the source declared (BCP 47, e.g. `en`, `fr-CA`), if any.
    public var language: String?
    /// When the post was published, according to the source.
    public var createdAt: Date?
    /// Who wrote the post, if known.
    public var author: MentionAuthor?
    /// The source's identifier of the conversation this post belongs to.
    public var threadExternalID: String?
    /// The source's identifier of the post this one answers.
    public var inReplyTo: String?
    /// The brand or product the listening query matched.
    public var brand: String?
    /// Engagement counters at the time of delivery.
    public var metrics: MentionMetrics?

    /// Creates a mention.
    public init(
        externalID: String,
        source: String,
        text: String,
        url: String? = nil,
        language: String? = nil,
        createdAt: Date? = nil,
        author: MentionAuthor? = nil,
        threadExternalID: String? = nil,
        inReplyTo: String? = nil,
        brand: String? = nil,
        metrics: MentionMetrics? = nil
    ) {
        self.externalID = externalID
        self.source = source
        self.text = text
        self.url = url
        self.language = language
        self.createdAt = createdAt
        self.author = author
        self.threadExternalID = threadExternalID
        self.inReplyTo = inReplyTo
        self.brand = brand
        self.metrics = metrics
    }
}

/// The author of a mention, as the source describes them.
public struct MentionAuthor: Sendable, Equatable, Codable {
    /// The author's handle on the source platform, without a leading `@`.
    public var handle: String?
    /// The author's display name.
    public var name: String?
    /// The author's self-description (used later to recognise journalists, clinicians, …).
    public var bio: String?
    /// How many accounts follow the author.
    public var followers: Int?
    /// Whether the platform marks the account as verified.
    public var verified: Bool?

    /// Creates an author.
    public init(handle: String? = nil, name: String? = nil, bio: String? = nil, followers: Int? = nil, verified: Bool? = nil) {
        self.handle = handle
        self.name = name
        self.bio = bio
        self.followers = followers
        self.verified = verified
    }
}

/// Engagement counters of a mention.
public struct MentionMetrics: Sendable, Equatable, Codable {
    /// Likes, favourites or reactions.
    public var likes: Int?
    /// Shares, reposts or retweets.
    public var shares: Int?
    /// Replies or comments.
    public var replies: Int?

    /// Creates a set of counters.
    public init(likes: Int? = nil, shares: Int? = nil, replies: Int? = nil) {
        self.likes = likes
        self.shares = shares
        self.replies = replies
    }
}
