import Foundation
import GRDB
import Testing

@testable import RiposteCore
@testable import RiposteStore

@Suite struct IngestStoreTests {
    @Test func storesMentionsAndTheirRawPayload() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let body = #"{"mentions":[...exact bytes...]}"#
        let outcomes = try await database.ingest(payload([mention("1", handle: "jdoe"), mention("2")], body: body))
        #expect(outcomes.map(\.externalID) == ["1", "2"])
        #expect(outcomes.allSatisfy { !$0.duplicate && RiposteID.isValid($0.id) })
        let stored = try #require(try await database.mention(id: outcomes[0].id))
        #expect(stored.mention.author?.handle == "jdoe")
        #expect(stored.status == .pending)
        let raw = try await database.writer.read { db in
            try Data.fetchOne(db, sql: "SELECT p.body FROM payload p JOIN mention m ON m.payload_id = p.id WHERE m.id = ?", arguments: [outcomes[1].id])
        }
        #expect(raw == Data(body.utf8))
    }

    @Test func opensInWALModeWithTheChosenSynchronousSetting() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let full = try await file.open().durabilitySettings()
        #expect(full.journalMode == "wal")
        #expect(full.synchronous == 2)
        let normal = try await AppDatabase(path: file.path, synchronous: .normal).durabilitySettings()
        #expect(normal.synchronous == 1)
    }

    @Test func resendingAnswersTheSameIdWithoutASecondRow() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let first = try await database.ingest(payload([mention("1")]))
        let again = try await database.ingest(payload([mention("1", text: "edited text")]))
        #expect(again == [IngestOutcome(id: first[0].id, externalID: "1", duplicate: true)])
        #expect(try await database.mentionCount() == 1)
        #expect(try await database.mention(id: first[0].id)?.mention.text == "hello")
    }

    @Test func sameIdFromAnotherSourceIsAnotherMention() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let outcomes = try await database.ingest(payload([mention("1", source: "x"), mention("1", source: "reddit")]))
        #expect(outcomes.allSatisfy { !$0.duplicate })
        #expect(try await database.mentionCount() == 2)
    }

    @Test func duplicatesWithinOneBatchGetTheFirstId() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let outcomes = try await database.ingest(payload([mention("1"), mention("2"), mention("1")]))
        #expect(outcomes.map(\.duplicate) == [false, false, true])
        #expect(outcomes[2].id == outcomes[0].id)
        #expect(try await database.mentionCount() == 2)
    }

    @Test func concurrentResendsStoreOneRow() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let outcomes = try await withThrowingTaskGroup(of: [IngestOutcome].self) { group in
            for _ in 0..<64 {
                group.addTask { try await database.ingest(payload([mention("same")])) }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outcomes.count == 64)
        #expect(Set(outcomes.map(\.id)).count == 1)
        #expect(outcomes.filter { !$0.duplicate }.count == 1)
        #expect(try await database.mentionCount() == 1)
    }

    @Test func concurrentIngestsShareCommitsAndAllLand() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<500 {
                group.addTask { try await database.ingest(payload([mention("m\(index)")]))[0].id }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 500)
        #expect(try await database.mentionCount() == 500)
        // Only payloads holding a new mention are kept.
        _ = try await database.ingest(payload([mention("m1")]))
        let payloads = try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM payload") }
        #expect(payloads == 500)
    }

    /// The group committer gathers after big groups and sleeps when idle: whatever the pattern,
    /// every request is committed and answered (a request left behind would hang the test until
    /// its time limit).
    @Test(.timeLimit(.minutes(1)))
    func burstsThenLoneRequestsThenBurstsAllLand() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        for round in 0..<3 {
            let burst = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<100 {
                    group.addTask { try await database.ingest(payload([mention("r\(round)-b\(index)")])).count }
                }
                return try await group.reduce(0, +)
            }
            #expect(burst == 100)
            // Lone requests right after a burst (the committer still expects a big group), then
            // after an idle moment.
            for index in 0..<5 {
                #expect(try await database.ingest(payload([mention("r\(round)-lone\(index)")])).first?.duplicate == false)
            }
            try await Task.sleep(for: .milliseconds(round == 1 ? 1_100 : 10))
        }
        #expect(try await database.mentionCount() == 315)
    }

    @Test func aFailingPayloadDoesNotSinkTheOthersInItsGroup() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        // Bypasses validation on purpose: violates CHECK (author_followers >= 0).
        let bad = Mention(externalID: "bad", source: "x", text: "hello", author: MentionAuthor(handle: "x", followers: -1))
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    let item = index == 20 ? bad : mention("good\(index)")
                    do {
                        _ = try await database.ingest(payload([item]))
                        return (item.externalID, true)
                    } catch {
                        return (item.externalID, false)
                    }
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results["bad"] == false)
        let others = results.filter { $0.key != "bad" }
        #expect(others.count == 39)
        #expect(others.values.allSatisfy { $0 }, "every other request in the group was stored")
        #expect(try await database.mentionCount() == 39)
        // And the writer is healthy afterwards.
        #expect(try await database.ingest(payload([mention("after")])).first?.duplicate == false)
    }

    @Test func acknowledgedMentionsSurviveReopening() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let id: String
        do {
            let database = try file.open()
            id = try await database.ingest(payload([mention("durable")]))[0].id
        }
        let reopened = try file.open()
        #expect(try await reopened.mention(id: id)?.mention.externalID == "durable")
        #expect(try await reopened.appliedMigrations() == AppDatabase.migrator.migrations)
    }

    @Test func listsNewestFirstWithFiltersAndCursorPaging() async throws {
        let file = try TemporaryDatabase()
        defer { file.remove() }
        let database = try file.open()
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        for index in 0..<25 {
            _ = try await database.ingest(payload([mention("x\(index)", source: index % 5 == 0 ? "reddit" : "x", createdAt: base.addingTimeInterval(Double(index) * 60))]))
        }
        var seen: [String] = []
        var query = MentionQuery(limit: 10)
        while true {
            let page = try await database.mentions(matching: query)
            seen += page.mentions.map(\.mention.externalID)
            guard let next = page.nextAfter else { break }
            query.after = next
        }
        #expect(seen == (0..<25).reversed().map { "x\($0)" })
        let reddit = try await database.mentions(matching: MentionQuery(source: "reddit", limit: 50))
        #expect(reddit.mentions.map(\.mention.externalID) == ["x20", "x15", "x10", "x5", "x0"])
        #expect(reddit.nextAfter == nil)
        let window = try await database.mentions(
            matching: MentionQuery(since: base.addingTimeInterval(600), until: base.addingTimeInterval(900), limit: 50))
        #expect(window.mentions.map(\.mention.externalID) == ["x14", "x13", "x12", "x11", "x10"])
    }
}

@Suite struct SQLiteDateTests {
    @Test func everyMillisecondRoundTripsThroughStorage() {
        let base = 1_795_255_200.0
        for millisecond in 0..<1000 {
            let date = Date(timeIntervalSince1970: base + Double(millisecond) / 1000)
            let stored = Date.fromDatabaseValue(SQLiteDate.format(date).databaseValue)
            #expect(stored.map(RFC3339.format) == RFC3339.format(date), "\(millisecond) ms")
        }
    }

    @Test(arguments: [0.0, 1_795_255_200.25, 1_795_255_200.999, 951_782_400.5, -86_400.0, 4_102_444_799.123])
    func matchesGRDBsOwnDateText(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let grdb = try #require(String.fromDatabaseValue(date.databaseValue))
        #expect(SQLiteDate.format(date) == grdb)
        #expect(Date.fromDatabaseValue(SQLiteDate.format(date).databaseValue) == Date.fromDatabaseValue(date.databaseValue))
    }
}
