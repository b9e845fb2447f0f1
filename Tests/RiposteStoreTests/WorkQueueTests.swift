import Foundation
import GRDB
import Testing

@testable import RiposteCore
@testable import RiposteStore

@Suite struct WorkQueueTests {
    @Test func claimsOnceUntilTheLeaseLapses() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload([mention("1"), mention("2")]))
        let now = Date()
        let first = try await database.claimMentions(limit: 10, leaseUntil: now.addingTimeInterval(60), now: now)
        #expect(first.map(\.mention.externalID) == ["1", "2"])
        #expect(first.allSatisfy { $0.status == .processing && $0.attempts == 1 })
        #expect(try await database.claimMentions(limit: 10, leaseUntil: now.addingTimeInterval(60), now: now).isEmpty)
        // A crashed worker never completes: after the lease, another worker takes the mentions.
        let later = now.addingTimeInterval(61)
        let retaken = try await database.claimMentions(limit: 10, leaseUntil: later.addingTimeInterval(60), now: later)
        #expect(retaken.count == 2)
        #expect(retaken.allSatisfy { $0.attempts == 2 })
    }

    @Test func completingLinksThreadsAndAuthors() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload([mention("root", handle: "alice")]))
        _ = try await database.ingest(payload([mention("reply", inReplyTo: "root", handle: "bob")]))
        let pipeline = MentionPipeline(stages: [ThreadingStage()])
        // Process the root first, so the reply can join its thread.
        let root = try await database.claimMentions(limit: 1, leaseUntil: Date().addingTimeInterval(60), now: Date())
        try await database.complete(root.map { try pipeline.process($0) }, at: Date())
        let reply = try await database.claimMentions(limit: 1, leaseUntil: Date().addingTimeInterval(60), now: Date())
        #expect(reply.first?.parentThreadKey?.hasPrefix("by:alice|-@") == true, "the root starts alice's thread; the reply joins it")
        try await database.complete(reply.map { try pipeline.process($0) }, at: Date())
        let rootThread = try #require(try await database.thread(ofMention: root[0].id))
        let replyThread = try #require(try await database.thread(ofMention: reply[0].id))
        #expect(rootThread.id == replyThread.id)
        #expect(replyThread.mentionCount == 2)
        #expect(try await database.mention(id: reply[0].id)?.status == .processed)
        #expect(try await database.pendingCount() == 0)
        let authors = try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM author") }
        #expect(authors == 2)
    }

    @Test func anAuthorsPostsAboutOneBrandWithinTheWindowAreOneThread() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let start = Date().addingTimeInterval(-5 * 86_400)
        var posts = [
            mention("a1", handle: "Rant", createdAt: start), mention("a2", handle: "rant", createdAt: start.addingTimeInterval(3_600)),
            mention("a3", handle: "rant", createdAt: start.addingTimeInterval(3 * 86_400)), mention("b1", handle: "rant", createdAt: start.addingTimeInterval(1_800)),
        ]
        posts[3].brand = "Ventolux"
        _ = try await database.ingest(payload(Array(posts.prefix(2)) + [posts[3]]))
        let pipeline = MentionPipeline(stages: [ThreadingStage(authorWindow: 86_400)])
        let first = try await database.claimMentions(limit: 10, leaseUntil: Date().addingTimeInterval(60), now: Date())
        try await database.complete(try first.map { try pipeline.process($0) }, at: Date())
        _ = try await database.ingest(payload([posts[2]]))
        let later = try await database.claimMentions(limit: 10, leaseUntil: Date().addingTimeInterval(60), now: Date())
        try await database.complete(try later.map { try pipeline.process($0) }, at: Date())
        var threads: [String: String] = [:]
        for stored in first + later { threads[stored.mention.externalID] = try await database.thread(ofMention: stored.id)?.threadKey }
        #expect(threads["a1"] != nil && threads["a1"] == threads["a2"], "an hour apart, same brand: one thread")
        #expect(threads["a3"] != threads["a1"], "three days later: a new thread")
        #expect(threads["b1"] != threads["a1"], "another brand: another thread")
        #expect(threads["a1"]?.hasPrefix("by:rant|-@") == true)
    }

    @Test func aBatchFromOneAuthorAndThreadIsCountedPerMention() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload((0..<5).map { mention("m\($0)", threadID: "conversation", handle: "same") } + [mention("other", handle: "solo")]))
        let claimed = try await database.claimMentions(limit: 10, leaseUntil: Date().addingTimeInterval(60), now: Date())
        try await database.complete(try claimed.map { try MentionPipeline(stages: [ThreadingStage()]).process($0) }, at: Date())
        let thread = try #require(try await database.thread(ofMention: claimed[0].id))
        #expect(thread.threadKey == "conversation")
        #expect(thread.mentionCount == 5)
        let counts = try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT handle, mention_count FROM author ORDER BY handle").map { "\($0[0] as String)=\($0[1] as Int)" }
        }
        #expect(counts == ["same=5", "solo=1"])
        let unlinked = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM mention WHERE author_id IS NULL OR thread_id IS NULL")
        }
        #expect(unlinked == 0)
    }

    @Test func completingTwiceCountsOnce() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload([mention("1", handle: "a")]))
        let claimed = try await database.claimMentions(limit: 1, leaseUntil: Date().addingTimeInterval(60), now: Date())
        let result = try MentionPipeline(stages: [ThreadingStage()]).process(claimed[0])
        try await database.complete([result], at: Date())
        try await database.complete([result], at: Date())
        #expect(try await database.thread(ofMention: claimed[0].id)?.mentionCount == 1)
    }

    @Test func failuresBackOffThenGiveUpAndAreAudited() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload([mention("bad")]))
        var now = Date()
        for attempt in 1...3 {
            let claimed = try await database.claimMentions(limit: 1, leaseUntil: now.addingTimeInterval(60), now: now)
            #expect(claimed.first?.attempts == attempt)
            try await database.recordFailure(mentionID: claimed[0].id, error: "stage exploded", maxAttempts: 3, at: now)
            // Backing off: not claimable at once.
            #expect(try await database.claimMentions(limit: 1, leaseUntil: now.addingTimeInterval(60), now: now).isEmpty)
            now = now.addingTimeInterval(400)
        }
        let failed = try await database.mentions(matching: MentionQuery(status: .failed))
        #expect(failed.mentions.count == 1)
        #expect(failed.mentions.first?.lastError == "stage exploded")
        #expect(try await database.auditEntries(limit: 5).first?.action == "mention.failed")
    }

    @Test func releasedClaimsAreTakenAgainAtOnce() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        _ = try await database.ingest(payload([mention("1")]))
        let now = Date()
        let claimed = try await database.claimMentions(limit: 1, leaseUntil: now.addingTimeInterval(60), now: now)
        try await database.release(mentionIDs: claimed.map(\.id))
        let again = try await database.claimMentions(limit: 1, leaseUntil: now.addingTimeInterval(60), now: now)
        #expect(again.map(\.id) == claimed.map(\.id))
        #expect(again.first?.attempts == 1)
    }
}
