import Foundation
import Logging
import RiposteCore
import ServiceLifecycle
import Synchronization

/// The pipeline worker: claims stored, unprocessed mentions from the database, runs the
/// pipeline's stages over them and records the results.
///
/// All state lives in the database, so a restart picks up where the last run stopped: mentions
/// never claimed are pending, and claims of a crashed run lapse after `pipeline.lease`. On graceful
/// shutdown the worker finishes the batch in hand, releases anything it could not finish, and stops.
public struct MentionProcessingService: Service {
    let queue: any MentionWorkQueue
    let pipeline: MentionPipeline
    let settings: RiposteConfiguration.Pipeline
    let wakeup: Wakeup
    let metrics: RiposteMetrics
    let logger: Logger
    /// How far back reply variety looks (`replies.variety_window`).
    let replyHistory: TimeInterval
    /// Signalled when a batch put alerts in the outbox.
    let outboxWakeup: Wakeup?
    /// Whether ingest is busy right now (see `pipeline.busy_share`).
    let ingestBusy: @Sendable () -> Bool
    /// The reply history, kept between batches and re-read every ``historyRefresh`` seconds
    /// (reading 20,000 recent suggestions per batch cost more than the batch when batches are small).
    private let history = ReplyHistoryCache()
    private let historyRefresh: TimeInterval = 30
    /// A batch's size while ingest is busy: its completing transaction then holds the database
    /// writer for a few milliseconds, not the tens a full batch takes.
    static let busyBatchSize = 16
    /// The longest rest between busy batches, whatever the share and however slow a batch was.
    static let longestRest = Duration.milliseconds(250)

    /// Creates the worker.
    public init(
        queue: any MentionWorkQueue, pipeline: MentionPipeline, settings: RiposteConfiguration.Pipeline, wakeup: Wakeup,
        metrics: RiposteMetrics, logger: Logger, replyHistory: TimeInterval = 30 * 86_400, outboxWakeup: Wakeup? = nil,
        ingestBusy: @escaping @Sendable () -> Bool = { false }
    ) {
        self.ingestBusy = ingestBusy
        self.replyHistory = replyHistory
        self.outboxWakeup = outboxWakeup
        self.queue = queue
        self.pipeline = pipeline
        self.settings = settings
        self.wakeup = wakeup
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        logger.debug("pipeline worker started", metadata: ["pipeline.stages": "\(pipeline.stages.map(\.name))"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let handled: Int
            let started = ContinuousClock.now
            let busy = settings.busyShare < 1 && ingestBusy()
            let limit = busy ? min(settings.batchSize, Self.busyBatchSize) : settings.batchSize
            do {
                handled = try await processBatch(limit: limit)
            } catch {
                logger.error("pipeline batch failed; retrying after the poll interval", metadata: ["error": "\(error)"])
                handled = 0
            }
            if handled > 0, settings.busyShare < 1, ingestBusy() {
                // Ingest is busy: rest so this worker uses at most busy_share of its time, and
                // webhooks are acknowledged without queueing behind classification. The backlog
                // is worked off at full speed as soon as the burst passes.
                let worked = ContinuousClock.now - started
                metrics.pipelineYields.increment()
                let rest = min(worked * ((1 - settings.busyShare) / settings.busyShare), Self.longestRest)
                await cancelWhenGracefulShutdown { try? await Task.sleep(for: rest) }
                continue
            }
            if handled < limit {
                // Caught up: wait for ingest to signal, the poll interval, or shutdown; then let
                // a burst gather for a moment so it is claimed in one batch, not one by one.
                await cancelWhenGracefulShutdown {
                    await wakeup.wait(timeout: .seconds(settings.pollInterval))
                    if settings.gather > 0 { try? await Task.sleep(for: .seconds(settings.gather)) }
                }
            }
        }
        logger.debug("pipeline worker stopped")
    }

    /// Claims one batch and processes it.
    /// - Returns: How many mentions were claimed.
    @discardableResult
    public func processBatch(limit: Int? = nil) async throws -> Int {
        let limit = limit ?? settings.batchSize
        let now = Date()
        let claimed = try await queue.claimMentions(
            limit: limit, leaseUntil: now.addingTimeInterval(settings.lease), now: now)
        guard !claimed.isEmpty else {
            metrics.pipelinePending.set(to: 0)
            return 0
        }
        // Only look at the backlog when this batch was full; otherwise it is empty now.
        let backlogKnown = claimed.count < limit
        var results: [MentionProcessingResult] = []
        var unfinished = claimed.map(\.id).sorted()
        var context = PipelineContext(now: now)
        do {
            // Variety: what was suggested recently, grown by each mention of this batch. Read
            // inside the do, so a failure here releases the claims like any other.
            var reloadedAt: Date?
            if let kept = history.fresh(at: now, refresh: historyRefresh) {
                context.replyHistory = kept
            } else {
                context.replyHistory = ReplyHistory(try await queue.recentReplies(since: now.addingTimeInterval(-replyHistory), limit: 20_000))
                reloadedAt = now
            }
            // In arrival order (ids are time-ordered), so a reply comes after the post it answers.
            for stored in claimed.sorted(by: { $0.id < $1.id }) {
                try Task.checkCancellation()
                unfinished.removeFirst()
                do {
                    results.append(try pipeline.process(stored, context: &context))
                    // Classification and rendering are CPU work: let other tasks (requests) run between mentions.
                    await Task.yield()
                } catch {
                    let error = error as? StageError ?? StageError(stage: "pipeline", message: "\(error)")
                    let failedNow = stored.attempts >= settings.maxAttempts
                    metrics.pipelineProcessed(result: failedNow ? "failed" : "retry").increment()
                    logger.warning(
                        "pipeline stage failed", metadata: ["mention.id": "\(stored.id)", "stage": "\(error.stage)", "error": "\(error.message)", "attempt": "\(stored.attempts)"])
                    try await queue.recordFailure(mentionID: stored.id, error: error.description, maxAttempts: settings.maxAttempts, at: Date())
                }
            }
            try await queue.complete(results, at: Date())
            history.keep(context.replyHistory, reloadedAt: reloadedAt)
            if results.contains(where: { !$0.messages.isEmpty }) { outboxWakeup?.signal() }
        } catch {
            // Cancelled (hard shutdown) or the database failed: hand back what is not done. The
            // release runs in a task of its own because this one may be cancelled, and GRDB's
            // async writes refuse to start in a cancelled task; it is awaited, not left running.
            // Part of the batch may be stored and part not: read the history afresh next time.
            history.clear()
            let queue = self.queue
            let ids = unfinished + results.map(\.mentionID)
            await Task { try? await queue.release(mentionIDs: ids) }.value
            throw error
        }
        metrics.pipelineProcessed(result: "processed").increment(by: Int64(results.count))
        for classification in results.compactMap(\.classification) {
            metrics.mentionsClassified(sentiment: classification.sentiment.label, priority: classification.priority).increment()
            for flag in classification.risk.flags { metrics.riskFlagsRaised(flag.kind).increment() }
        }
        logger.debug("pipeline batch done", metadata: ["pipeline.claimed": "\(claimed.count)", "pipeline.processed": "\(results.count)"])
        if backlogKnown {
            metrics.pipelinePending.set(to: 0)
        } else if limit == settings.batchSize, let pending = try? await queue.pendingCount() {
            // Not counted after the small batches of a busy ingest: a count(*) of the backlog
            // every 16 mentions would cost more than the batch.
            metrics.pipelinePending.set(to: Double(pending))
        }
        return claimed.count
    }
}

/// The reply history the worker carries from one batch to the next.
final class ReplyHistoryCache: Sendable {
    private struct State {
        var history: ReplyHistory?
        var loadedAt: Date?
    }
    private let state = Mutex(State())

    /// The kept history, unless it is older than `refresh` (or none was kept).
    func fresh(at now: Date, refresh: TimeInterval) -> ReplyHistory? {
        state.withLock { state in
            guard let loadedAt = state.loadedAt, now.timeIntervalSince(loadedAt) < refresh, now >= loadedAt else { return nil }
            return state.history
        }
    }

    /// Keeps the history as a completed batch left it (its suggestions included); `reloadedAt`
    /// when the batch read it from the database.
    func keep(_ history: ReplyHistory, reloadedAt: Date?) {
        state.withLock { state in
            state.history = history
            if let reloadedAt { state.loadedAt = reloadedAt }
        }
    }

    /// Forgets the history (after a failed batch).
    func clear() {
        state.withLock { $0 = State() }
    }
}
