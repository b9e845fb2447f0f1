import Foundation
import Logging
import RiposteCore
import ServiceLifecycle

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

    /// Creates the worker.
    public init(
        queue: any MentionWorkQueue, pipeline: MentionPipeline, settings: RiposteConfiguration.Pipeline, wakeup: Wakeup,
        metrics: RiposteMetrics, logger: Logger, replyHistory: TimeInterval = 30 * 86_400, outboxWakeup: Wakeup? = nil
    ) {
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
            do {
                handled = try await processBatch()
            } catch {
                logger.error("pipeline batch failed; retrying after the poll interval", metadata: ["error": "\(error)"])
                handled = 0
            }
            if handled < settings.batchSize {
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
    public func processBatch() async throws -> Int {
        let now = Date()
        let claimed = try await queue.claimMentions(
            limit: settings.batchSize, leaseUntil: now.addingTimeInterval(settings.lease), now: now)
        guard !claimed.isEmpty else {
            metrics.pipelinePending.set(to: 0)
            return 0
        }
        // Only look at the backlog when this batch was full; otherwise it is empty now.
        let backlogKnown = claimed.count < settings.batchSize
        var results: [MentionProcessingResult] = []
        var unfinished = claimed.map(\.id).sorted()
        var context = PipelineContext(now: now)
        do {
            // Variety: what was suggested recently, grown by each mention of this batch. Read
            // inside the do, so a failure here releases the claims like any other.
            context.replyHistory = ReplyHistory(try await queue.recentReplies(since: now.addingTimeInterval(-replyHistory), limit: 20_000))
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
            if results.contains(where: { !$0.messages.isEmpty }) { outboxWakeup?.signal() }
        } catch {
            // Cancelled (hard shutdown) or the database failed: hand back what is not done. The
            // release runs in a task of its own because this one may be cancelled, and GRDB's
            // async writes refuse to start in a cancelled task; it is awaited, not left running.
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
        } else if let pending = try? await queue.pendingCount() {
            metrics.pipelinePending.set(to: Double(pending))
        }
        return claimed.count
    }
}
