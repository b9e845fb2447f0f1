import Foundation

/// What the pipeline concluded about one mention; the store persists it in one commit.
///
/// Later stages (classification, suggestions, routing) add their own fields here.
public struct MentionProcessingResult: Sendable, Equatable {
    /// Riposte's id of the mention.
    public var mentionID: String
    /// The conversation the mention belongs to, as `source`-scoped thread key.
    public var threadKey: String?
    /// Set when `threadKey` is an author-and-brand key (`by:handle|brand`) rather than a
    /// platform thread: the store joins the author's thread active within this many seconds of
    /// `threadAt`, or starts a new one.
    public var threadWindow: Double?
    public var threadAt: Date?
    /// The names of the stages that ran, in order.
    public var stages: [String]
    /// Sentiment, flags and priority, once the classification stage ran.
    public var classification: MentionClassification?
    /// Suggested replies, best first, once the suggestion stage ran.
    public var suggestions: [ReplySuggestion] = []
    /// Who and which thread the suggestions are for (`source:handle`, `source:thread`): what
    /// reply variety is keyed by, built in one place so stored and fresh keys always agree.
    public var replyAuthor: String?
    /// The thread key for variety.
    public var replyThread: String?
    /// The routes the mention took.
    public var routes: [RouteDecision] = []
    /// Alerts for the outbox, committed with the result.
    public var messages: [OutboundMessage] = []
    /// Escalations the routes started, with their first notifications.
    public var escalations: [EscalationStart] = []
    /// A page for the on-call, when the mention is urgent (the store opens it unless the thread
    /// already has an open one).
    public var page: Page?

    /// Creates an empty result for a mention.
    public init(mentionID: String, threadKey: String? = nil, stages: [String] = []) {
        self.mentionID = mentionID
        self.threadKey = threadKey
        self.stages = stages
    }
}

/// What a batch of mentions shares while the pipeline runs over it: the time, and the replies
/// suggested recently (loaded from the store, then grown by each mention of the batch), so that
/// variety holds within a burst as well as across batches.
public struct PipelineContext: Sendable {
    /// The time the batch started.
    public var now: Date
    /// Replies suggested recently, indexed.
    public var replyHistory: ReplyHistory
    /// Threads given to posts of this batch (`source:external id`), so a reply processed in the
    /// same batch as the post it answers joins that post's thread.
    public var threadsByPost: [String: (key: String, window: Double?, at: Date?)] = [:]

    /// Creates a context.
    public init(now: Date = Date(), recentReplies: [RecentReply] = []) {
        self.now = now
        self.replyHistory = ReplyHistory(recentReplies)
    }
}

/// One step of processing a stored mention. Stages are pure: they read the mention (and the
/// batch's context) and write into the result; the pipeline service does the I/O around them.
public protocol MentionStage: Sendable {
    /// A short name, used in results, logs and metrics.
    var name: String { get }

    /// Adds this stage's conclusions to `result`.
    /// - Throws: When the mention cannot be processed now; the pipeline retries it later.
    func process(_ mention: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) throws
}

/// The ordered stages every mention goes through.
public struct MentionPipeline: Sendable {
    /// The stages, in order.
    public var stages: [any MentionStage]

    /// Creates a pipeline.
    public init(stages: [any MentionStage]) {
        self.stages = stages
    }

    /// The standard stages: threading, classification, then reply suggestions.
    public static func standard(
        threading: ThreadingStage = ThreadingStage(), classifier: MentionClassifier, suggestions: SuggestionStage? = nil, routing: RoutingStage? = nil
    ) -> MentionPipeline {
        var stages: [any MentionStage] = [threading, ClassificationStage(classifier: classifier)]
        if let suggestions { stages.append(suggestions) }
        if let routing { stages.append(routing) }
        return MentionPipeline(stages: stages)
    }

    /// The pipeline a configuration asks for: threading, classification, reply suggestions from
    /// `templates`, and routing to the configured destinations. The server and `riposte replay`
    /// both run this one.
    public static func configured(_ configuration: RiposteConfiguration, classifier: MentionClassifier, templates: TemplateLibrary) -> MentionPipeline {
        let suggester = ReplySuggester(library: templates, varietyWindow: configuration.replies.varietyWindow)
        let routing = RoutingStage(
            router: MentionRouter(routes: configuration.routes),
            composer: AlertComposer(destinations: configuration.destinations, publicURL: configuration.server.publicURL),
            notifier: EscalationNotifier(configuration: configuration))
        var pipeline = MentionPipeline.standard(
            threading: ThreadingStage(authorWindow: configuration.pipeline.threadWindow),
            classifier: classifier,
            suggestions: SuggestionStage(suggester: suggester, values: configuration.replies.values, products: configuration.classifier.risk.products),
            routing: routing)
        if configuration.oncall.isConfigured { pipeline.stages.append(PagingStage()) }
        return pipeline
    }

    /// Runs every stage over a mention, with a fresh context.
    /// - Throws: The first stage error, wrapped with the stage's name.
    public func process(_ mention: StoredMention) throws -> MentionProcessingResult {
        var context = PipelineContext()
        return try process(mention, context: &context)
    }

    /// Runs every stage over a mention of a batch.
    /// - Throws: The first stage error, wrapped with the stage's name.
    public func process(_ mention: StoredMention, context: inout PipelineContext) throws -> MentionProcessingResult {
        var result = MentionProcessingResult(mentionID: mention.id)
        for stage in stages {
            do {
                try stage.process(mention, context: &context, into: &result)
            } catch {
                throw StageError(stage: stage.name, message: String(describing: error))
            }
            result.stages.append(stage.name)
        }
        return result
    }
}

/// Opens a page for urgent mentions: P1, `urgent`, serious adverse events.
public struct PagingStage: MentionStage {
    public var name: String { "paging" }

    public init() {}

    public func process(_ stored: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        guard let classification = result.classification, let reason = PageReason.of(classification) else { return }
        let thread = "\(stored.mention.source):\(result.threadKey ?? stored.mention.externalID)"
        let who = stored.mention.author?.handle.map { "@" + $0 } ?? "someone"
        result.page = Page(
            id: "page-\(stored.id)", threadKey: thread, mentionID: stored.id, reason: reason,
            summary: "\(classification.priority.rawValue) · \(reason.rawValue.replacingOccurrences(of: "_", with: " ")) · \(who) on \(stored.mention.source): \(AlertContent.cut(stored.mention.text, to: 280))",
            at: context.now)
    }
}

/// A stage failed on a mention.
public struct StageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stage's name.
    public var stage: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(stage: String, message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "\(stage): \(message)" }
}

/// Places a mention in its conversation.
///
/// The thread is, in order of preference: the thread of the post it answers or of its
/// conversation's root, when that post is known (stored, or earlier in the batch); the source's
/// conversation id (`thread_id`); the answered post's id; else the author's posts about the same
/// brand within `authorWindow` (a rant in five tweets is one thread); else the mention itself.
public struct ThreadingStage: MentionStage {
    public var name: String { "threading" }
    /// How long an author's posts about one brand stay one thread.
    public let authorWindow: Double

    /// Creates the stage.
    public init(authorWindow: Double = 24 * 3600) {
        self.authorWindow = authorWindow
    }

    public func process(_ stored: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        let mention = stored.mention
        defer { context.threadsByPost["\(mention.source):\(mention.externalID)"] = result.threadKey.map { ($0, result.threadWindow, result.threadAt) } }
        // The thread of the post it answers or of its conversation's root, when that post is
        // known: stored (parentThreadKey) or earlier in this batch.
        let posts = context.threadsByPost
        let referenced = [mention.inReplyTo, mention.threadExternalID].compactMap { $0 }.compactMap { posts["\(mention.source):\($0)"] }.first
        if let known = stored.parentThreadKey {
            result.threadKey = known
        } else if let referenced {
            (result.threadKey, result.threadWindow, result.threadAt) = (referenced.key, referenced.window, referenced.at)
        } else if let key = mention.threadExternalID ?? mention.inReplyTo {
            result.threadKey = key
        } else if let handle = mention.author?.handle, !handle.isEmpty, authorWindow > 0 {
            result.threadKey = "by:\(handle.lowercased())|\(mention.brand?.lowercased() ?? "-")"
            result.threadWindow = authorWindow
            result.threadAt = mention.createdAt ?? stored.receivedAt
        } else {
            result.threadKey = mention.externalID
        }
    }
}
