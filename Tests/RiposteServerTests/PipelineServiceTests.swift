import Foundation
import HummingbirdTesting
import Logging
import RiposteCore
import RiposteStore
import ServiceLifecycle
import Testing

@testable import RiposteServer

@Suite struct PipelineServiceTests {
    @Test func processesWhatWasIngested() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try #require(try await client.ingest(mentionJSON("1")).accepted.first?.id)
            let done = try await eventually { try await server.database.mention(id: id)?.status == .processed }
            #expect(done)
            let shown = try await client.execute(uri: "/v1/mentions/\(id)", method: .get)
            #expect((shown.json["processing"] as? [String: Any])?["status"] as? String == "processed")
            let key = try #require(shown.json["thread"] as? String)
            #expect(key.hasPrefix("by:jdoe|-@"), "a standalone post starts its author's thread")
            // The thread's own id leads to /v1/threads/{id} (claim, acknowledge, resolve).
            let threadID = try #require(shown.json["riposte_thread_id"] as? Int)
            let threads = try await client.execute(uri: "/v1/threads", method: .get).json["threads"] as? [[String: Any]] ?? []
            let thread = try #require(threads.first { $0["id"] as? Int == threadID })
            #expect((thread["key"] as? String)?.hasSuffix(key) == true)
        }
    }

    @Test func aRestartResumesUnprocessedAndAbandonedMentions() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-restart-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("riposte.sqlite").path
        // First life: mentions acknowledged, one of them claimed by a worker that then died.
        do {
            let database = try AppDatabase(path: path)
            for index in 0..<20 {
                _ = try await database.ingest(
                    InboundPayload(
                        channel: "api", body: [], contentType: "application/json", authentication: "test", receivedAt: Date(),
                        mentions: [Mention(externalID: "m\(index)", source: "x", text: "hello")]))
            }
            let abandoned = try await database.claimMentions(limit: 5, leaseUntil: Date().addingTimeInterval(0.5), now: Date())
            #expect(abandoned.count == 5)
        }
        // Second life, same file.
        let server = try TestServer(folder: folder) { $0.pipeline.lease = 5 }
        try await server.test { _ in
            let done = try await eventually { try await server.database.pendingCount() == 0 }
            #expect(done)
            let processed = try await server.database.mentions(matching: MentionQuery(status: .processed, limit: 100))
            #expect(processed.mentions.count == 20)
        }
    }

    struct FailingStage: MentionStage {
        var name: String { "always-fails" }
        struct Failure: Error, CustomStringConvertible { var description: String { "boom" } }
        func process(_ mention: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) throws { throw Failure() }
    }

    @Test func failingStagesRetryThenMarkFailed() async throws {
        let server = try TestServer()
        let database = server.database
        _ = try await database.ingest(
            InboundPayload(channel: "api", body: [], contentType: "application/json", authentication: "test", receivedAt: Date(), mentions: [Mention(externalID: "1", source: "x", text: "t")]))
        var settings = RiposteConfiguration.Pipeline()
        settings.maxAttempts = 1
        let service = MentionProcessingService(
            queue: database, pipeline: MentionPipeline(stages: [FailingStage()]), settings: settings, wakeup: Wakeup(),
            metrics: server.runtime.metrics, logger: Logger(label: "test"))
        #expect(try await service.processBatch() == 1)
        let failed = try await database.mentions(matching: MentionQuery(status: .failed))
        #expect(failed.mentions.first?.lastError == "always-fails: boom")
    }

    @Test func gracefulShutdownLeavesNothingClaimed() async throws {
        let server = try TestServer()
        let database = server.database
        for batch in 0..<10 {
            let mentions = (0..<50).map { Mention(externalID: "b\(batch)-\($0)", source: "x", text: "t") }
            _ = try await database.ingest(
                InboundPayload(channel: "api", body: [], contentType: "application/json", authentication: "test", receivedAt: Date(), mentions: mentions))
        }
        var settings = RiposteConfiguration.Pipeline()
        settings.batchSize = 7
        let service = MentionProcessingService(
            queue: database, pipeline: .standard(classifier: server.runtime.classifier), settings: settings, wakeup: Wakeup(), metrics: server.runtime.metrics,
            logger: Logger(label: "test"))
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(30))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let stuck = try await database.mentions(matching: MentionQuery(status: .processing, limit: 500))
        #expect(stuck.mentions.isEmpty, "every claimed mention was finished or released")
        let processed = try await database.mentions(matching: MentionQuery(status: .processed, limit: 500)).mentions.count
        let pending = try await database.mentions(matching: MentionQuery(status: .pending, limit: 500)).mentions.count
        #expect(processed + pending == 500)
    }

    /// Stores `count` mentions, runs a worker that sees ingest as `busy` until they are all
    /// processed, and returns how many times it rested.
    private func yieldsWhileWorkingOff(_ count: Int, busy: Bool, busyShare: Double) async throws -> Double {
        let server = try TestServer()
        let database = server.database
        let mentions = (0..<count).map { Mention(externalID: "m-\($0)", source: "x", text: "great service, thanks") }
        _ = try await database.ingest(
            InboundPayload(channel: "api", body: [], contentType: "application/json", authentication: "test", receivedAt: Date(), mentions: mentions))
        var settings = RiposteConfiguration.Pipeline()
        settings.busyShare = busyShare
        let metrics = RiposteMetrics()
        let service = MentionProcessingService(
            queue: database, pipeline: .standard(classifier: server.runtime.classifier), settings: settings, wakeup: Wakeup(), metrics: metrics,
            logger: Logger(label: "test"), ingestBusy: { busy })
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let done = try await eventually { try await database.pendingCount() == 0 }
            #expect(done, "the backlog is worked off")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let exposition = String(decoding: metrics.render(), as: UTF8.self)
        let line = exposition.split(separator: "\n").first { $0.hasPrefix("riposte_pipeline_yields_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test func whileIngestIsBusyTheWorkerTakesSmallBatchesRestsAndStillFinishes() async throws {
        // 40 mentions in batches of at most 16 while busy: at least three batches, each followed by a rest.
        #expect(try await yieldsWhileWorkingOff(40, busy: true, busyShare: 0.5) >= 3)
    }

    @Test func anIdleIngestLeavesTheWorkerAtFullSpeed() async throws {
        #expect(try await yieldsWhileWorkingOff(40, busy: false, busyShare: 0.25) == 0, "no rest when ingest is idle")
    }

    @Test func theReplyHistoryIsKeptBetweenBatchesUntilItIsStaleOrABatchFailed() {
        let cache = ReplyHistoryCache()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(cache.fresh(at: start, refresh: 30) == nil, "nothing kept yet")
        cache.keep(ReplyHistory(), reloadedAt: start)
        #expect(cache.fresh(at: start.addingTimeInterval(10), refresh: 30) != nil)
        cache.keep(ReplyHistory(), reloadedAt: nil)
        #expect(cache.fresh(at: start.addingTimeInterval(29), refresh: 30) != nil, "a batch that did not reload keeps the reload time")
        #expect(cache.fresh(at: start.addingTimeInterval(31), refresh: 30) == nil, "stale after the refresh interval")
        cache.clear()
        cache.keep(ReplyHistory(), reloadedAt: nil)
        #expect(cache.fresh(at: start.addingTimeInterval(1), refresh: 30) == nil, "after a failure, only a reload counts")
    }
}
