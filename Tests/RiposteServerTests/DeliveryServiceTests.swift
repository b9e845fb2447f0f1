import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RiposteCore
import RiposteStore
import Synchronization
import Testing

@testable import RiposteServer

/// End to end on loopback: a mention is routed, its alert goes through the outbox, and libcurl
/// posts it to a real receiver that answers like a chat platform.
@Suite struct DeliveryServiceTests {
    final class Receiver: Sendable {
        let bodies = Mutex<[(key: String, body: String)]>([])
        let calls = Mutex(0)
    }

    /// A receiver on 127.0.0.1: `/ok` answers 200, `/flaky` 500 on the first call then 200, `/gone` 404.
    func withReceiver(_ test: @escaping @Sendable (Int, Receiver) async throws -> Void) async throws {
        let receiver = Receiver()
        let router = Router()
        for path in ["/ok", "/flaky", "/gone"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let call = receiver.calls.withLock { count in
                    count += 1
                    return count
                }
                if path == "/gone" { return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "channel_not_found"))) }
                if path == "/flaky", call == 1 { return Response(status: .internalServerError) }
                let key = request.headers[HTTPField.Name("Idempotency-Key") ?? .accept] ?? ""
                receiver.bodies.withLock { $0.append((key, String(buffer: body))) }
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await test(try #require(client.port), receiver)
        }
    }

    func server(port: Int, path: String, type: RiposteConfiguration.DestinationType = .webhook) throws -> TestServer {
        try TestServer { configuration in
            configuration.destinations = [
                RiposteConfiguration.Destination(name: "console", type: .console),
                RiposteConfiguration.Destination(name: "team", type: type, url: "http://127.0.0.1:\(port)\(path)"),
            ]
            var match = RouteMatch()
            match.classifications = [.unsupportive]
            configuration.routes = [RouteNode(path: "routes[0]", match: match, destinations: ["team"])]
            configuration.delivery.baseDelay = 0.05
            configuration.delivery.maxDelay = 0.1
            configuration.delivery.pollInterval = 0.05
            configuration.delivery.rates = [type.rawValue: 1_000]
        }
    }

    static let angry = #"{"id":"d1","source":"x","text":"Worst customer service ever, lost my order twice and nobody answers. Useless.","author":{"handle":"jdoe","followers":120}}"#

    @Test func aRoutedMentionReachesTheReceiverWithItsIdempotencyKey() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port, path: "/ok", type: .slack)
            try await server.test { client in
                let id = try #require(try await client.ingest(Self.angry).accepted.first?.id)
                let arrived = try await eventually { receiver.bodies.withLock { !$0.isEmpty } }
                #expect(arrived)
                let (key, body) = try #require(receiver.bodies.withLock { $0.first })
                #expect(key == "mention-\(id)-team")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect((object["blocks"] as? [Any])?.isEmpty == false)
                #expect(body.contains("Suggested reply"))
                let delivered = try await eventually { try await server.database.outboxEntries(limit: 10).first?.status == "delivered" }
                #expect(delivered)
            }
        }
    }

    @Test func aServerErrorIsRetriedUntilDelivered() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port, path: "/flaky")
            try await server.test { client in
                _ = try await client.ingest(Self.angry)
                let delivered = try await eventually { try await server.database.outboxEntries(limit: 10).first?.status == "delivered" }
                #expect(delivered)
                let entry = try #require(try await server.database.outboxEntries(limit: 10).first)
                #expect(entry.attempts == 2)
                #expect(receiver.bodies.withLock { $0.count } == 1)
            }
        }
    }

    @Test func aPermanentFailureGoesToDeadLettersAndIsAudited() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port, path: "/gone")
            try await server.test { client in
                _ = try await client.ingest(Self.angry)
                let dead = try await eventually { () async throws -> Bool in
                    try await server.database.outboxEntries(limit: 10).contains(where: { entry in entry.destination == "team" && entry.status == "dead" })
                }
                #expect(dead)
                let entry = try #require(try await server.database.outboxEntries(limit: 10).first { $0.destination == "team" })
                #expect(entry.attempts == 1)
                #expect(entry.lastStatus == 404)
                #expect(receiver.calls.withLock { $0 } == 1, "a 404 is not retried")
                let audit = try await server.database.auditEntries(limit: 20)
                #expect(audit.contains { $0.action == "delivery.dead" })
                // `riposte outbox retry` sends it again (the receiver still answers 404: dead again).
                #expect(try await server.database.retryDeadLetters(ids: [], at: Date()) == 1)
                let again = try await eventually { receiver.calls.withLock { $0 } == 2 }
                #expect(again)
                let deadAgain = try await eventually { try await server.database.outboxEntries(limit: 10, status: "dead").count == 1 }
                #expect(deadAgain)
                // The console destination (the default dead_letter_destination) was told, once per dead letter.
                _ = try await eventually { () async throws -> Bool in try await server.database.outboxEntries(limit: 10).filter { $0.destination == "console" }.count == 2 }
                let reports = try await server.database.outboxEntries(limit: 10).filter { $0.destination == "console" }
                #expect(reports.count == 2 && reports.allSatisfy { $0.idempotencyKey.hasPrefix("dead-letter-") })
                // `riposte outbox purge` removes finished messages older than the cut-off.
                _ = try await eventually { try await server.database.outboxEntries(limit: 10).allSatisfy { $0.status == "delivered" || $0.status == "dead" } }
                #expect(try await server.database.purgeOutbox(before: Date().addingTimeInterval(60)) == 3)
                #expect(try await server.database.outboxEntries(limit: 10).isEmpty)
            }
        }
    }

    @Test func theEmbeddedDefaultSendsUrgentMentionsToTheConsole() throws {
        let configuration = RiposteConfiguration()
        #expect(configuration.routes.first?.destinations == ["console"])
        #expect(configuration.routes.first?.match.priorities == [.p1, .p2])
        let noConsole = try ConfigurationLoader(environment: ["U": "https://hooks.slack.com/x"]).load(
            yaml: "destinations:\n  - { name: team, type: slack, url: \"${U}\" }\n")
        #expect(noConsole.routes.isEmpty)
    }
}
