import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RiposteCore
import RiposteStore
import Testing

@testable import RiposteServer

/// Response clocks over a real database: an unanswered thread gets a warning and then a breach
/// alert (once each); a claimed one gets neither.
@Suite struct SLAServiceTests {
    @Test func anUnansweredThreadIsWarnedThenBreachedAndAClaimedOneIsNot() async throws {
        let server = try TestServer { configuration in
            configuration.routes = []
            configuration.sla.enabled = false  // ticked by hand below
            configuration.sla.clock = ResponseClock(targets: [.p1: 60, .p2: 60, .p3: 60, .p4: 60], warnAt: 0.5)
            configuration.api.tokens = ["ops"]
            configuration.delivery.enabled = false
            configuration.spikes.enabled = false
        }
        try await server.test { client in
            try await client.ingest(#"{"mentions":[{"id":"s1","source":"x","text":"Still waiting for my refund, terrible service","author":{"handle":"a"}},{"id":"s2","source":"x","text":"Your app crashed again, useless","author":{"handle":"b"}}]}"#)
            #expect(try await eventually { () async throws -> Bool in try await server.database.threads(state: "open", limit: 5).count == 2 })
            let threads = try await server.database.threads(state: "open", limit: 5)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.authorization] = "Bearer ops"
            let claimed = try #require(threads.first)
            #expect(try await client.execute(uri: "/v1/threads/\(claimed.id)/claim", method: .post, headers: headers, body: ByteBuffer(string: #"{"responder":"Ana"}"#)).status == .ok)
            let waiting = try #require(threads.last)
            var logger = server.runtime.logger
            logger.logLevel = .critical
            let service = SLAService(database: server.database, configuration: server.runtime.configuration, metrics: server.runtime.metrics, wakeup: Wakeup(), logger: logger)
            // Clocks run from receipt: tick at times relative to it (a loaded machine may take a while to process).
            let received = try #require(try await server.database.mentions(matching: MentionQuery()).mentions.map(\.receivedAt).min())
            #expect(try await service.tick(now: received.addingTimeInterval(1)).isEmpty, "nothing due yet")
            #expect(try await service.tick(now: received.addingTimeInterval(40)) == [waiting.id: "warning"])
            #expect(try await service.tick(now: received.addingTimeInterval(45)).isEmpty, "warned once")
            #expect(try await service.tick(now: received.addingTimeInterval(70)) == [waiting.id: "breach"], "the claimed thread is not breached")
            #expect(try await service.tick(now: received.addingTimeInterval(600)).isEmpty, "breached once")
            let keys = try await server.database.outboxEntries(limit: 20).map(\.idempotencyKey)
            #expect(keys.contains { $0.hasPrefix("sla-\(waiting.id)-") && $0.hasSuffix("-warning") } && keys.contains { $0.hasPrefix("sla-\(waiting.id)-") && $0.hasSuffix("-breach") })
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(String(buffer: metrics.body).contains("riposte_sla_breaches_total"))
        }
    }
}
