import Foundation

/// Durable storage of mentions, as the server and the pipeline need it.
///
/// Declared here so the core names what it needs in its own words; the SQLite store implements
/// it today and another backend (PostgreSQL, for several instances) can implement it later.
public protocol MentionRepository: Sendable {
    /// Stores a request's mentions in one durable commit and says, for each, whether it was new.
    ///
    /// Idempotent by `(source, externalID)`: a mention stored before (or earlier in the same
    /// payload, or by a concurrent request) is answered with its existing id and `duplicate: true`.
    /// Returns only once the commit is durable.
    func ingest(_ payload: InboundPayload) async throws -> [IngestOutcome]

    /// The mention with this Riposte id, if any.
    func mention(id: String) async throws -> StoredMention?

    /// The stored reply suggestions of a mention, best first (empty until the pipeline ran).
    func suggestions(mentionID: String) async throws -> [ReplySuggestion]

    /// A page of mentions matching `query`, newest first.
    func mentions(matching query: MentionQuery) async throws -> MentionPage

    /// Whether the database answers.
    func ping() async throws
}

/// The pipeline's work queue: stored mentions waiting for processing, claimed under a lease.
public protocol MentionWorkQueue: Sendable {
    /// Claims up to `limit` mentions that are pending, or whose previous claim's lease ran out.
    /// - Parameters:
    ///   - limit: The most mentions to claim.
    ///   - leaseUntil: When the claim lapses if the worker neither completes nor releases it.
    ///   - now: The current time.
    func claimMentions(limit: Int, leaseUntil: Date, now: Date) async throws -> [StoredMention]

    /// Records the pipeline's results and marks those mentions processed, in one commit.
    func complete(_ results: [MentionProcessingResult], at date: Date) async throws

    /// Records a failed attempt; the mention goes back to pending, or to failed after `maxAttempts`.
    func recordFailure(mentionID: String, error: String, maxAttempts: Int, at date: Date) async throws

    /// The top suggestions made since `since` (at most `limit`, the newest), oldest first: what
    /// reply variety is measured against.
    func recentReplies(since: Date, limit: Int) async throws -> [RecentReply]

    /// Hands claimed mentions back (on shutdown), so another worker takes them at once.
    func release(mentionIDs: [String]) async throws

    /// How many mentions wait for processing.
    func pendingCount() async throws -> Int
}

/// An append-only record of who did what.
public protocol AuditLog: Sendable {
    /// Appends an entry.
    func record(_ entry: AuditEntry) async throws

    /// The newest entries first.
    func auditEntries(limit: Int) async throws -> [AuditEntry]
}

/// One audit log entry.
public struct AuditEntry: Sendable, Equatable {
    /// When it happened.
    public var at: Date
    /// Who did it (`system`, `cli`, an approver's name, a remote address).
    public var actor: String
    /// What happened, dot-separated (`server.started`, `mention.failed`).
    public var action: String
    /// What it happened to (`mention`, `escalation`, …), if anything.
    public var subjectType: String?
    /// Its identifier.
    public var subjectID: String?
    /// Details as a JSON object text.
    public var details: String?

    /// Creates an entry.
    public init(at: Date, actor: String, action: String, subjectType: String? = nil, subjectID: String? = nil, details: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.details = details
    }
}
