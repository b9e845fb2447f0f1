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

/// On-call paging on loopback: an urgent mention pages the on-call through their chat
/// destination, re-pages on schedule, escalates to the secondary, stops when acknowledged, and
/// keeps paging across a restart. Threads have owners, and a second claim is told who has it.
@Suite struct PagingTests {
    final class Receiver: Sendable {
        let bodies = Mutex<[(key: String, body: String)]>([])
        func pages() -> [(key: String, body: String)] { bodies.withLock { list in list.filter { item in item.key.contains("-round") } } }
    }

    func withReceiver(_ test: @escaping @Sendable (Int, Receiver) async throws -> Void) async throws {
        let receiver = Receiver()
        let router = Router()
        router.post("/oncall") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let key = request.headers[HTTPField.Name("Idempotency-Key") ?? .accept] ?? ""
            receiver.bodies.withLock { $0.append((key, String(buffer: body))) }
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await test(try #require(client.port), receiver) }
    }

    func server(port: Int, folder: URL? = nil, repage: Double = 0.4) throws -> TestServer {
        try TestServer(folder: folder) { configuration in
            configuration.destinations = [
                RiposteConfiguration.Destination(name: "console", type: .console),
                RiposteConfiguration.Destination(name: "oncall", type: .slack, url: "http://127.0.0.1:\(port)/oncall"),
            ]
            configuration.routes = []
            configuration.oncall.destination = "oncall"
            configuration.oncall.repageEvery = repage
            configuration.oncall.escalateAfter = 2
            configuration.oncall.checkInterval = 0.05
            configuration.oncall.responders = [Responder(name: "Ana", slackID: "UANA"), Responder(name: "Ben", slackID: "UBEN")]
            configuration.oncall.schedule = OnCallSchedule(rotations: [
                Rotation(name: "primary", layer: .primary, period: .weekly, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 1, day: 5), participants: ["Ana"]),
                Rotation(name: "secondary", layer: .secondary, period: .weekly, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 1, day: 5), participants: ["Ben"]),
            ])
            configuration.approvals.secret = "page-secret"
            configuration.integrations.slack.signingSecret = ApprovalFlowTests.signingSecret
            configuration.api.tokens = ["ops"]
            configuration.delivery.pollInterval = 0.05
            configuration.delivery.rates = ["slack": 1_000]
            configuration.spikes.enabled = false
        }
    }

    static let emergency = #"{"id":"u1","source":"x","text":"My son took Cardiolix and now he can't breathe, we are calling an ambulance","author":{"handle":"mum"}}"#

    static func ackToken(_ body: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        let actions = try #require(blocks.first { $0["block_id"] as? String == "riposte.page" })
        return try #require((actions["elements"] as? [[String: Any]])?.first?["value"] as? String)
    }

    @Test func anUrgentMentionPagesRepagesEscalatesAndStopsOnAcknowledgement() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.emergency)
                #expect(try await eventually { () async throws -> Bool in receiver.pages().count >= 1 })
                let first = try #require(receiver.pages().first)
                #expect(first.body.contains("<@UANA>") && first.body.contains("Page"), "the primary is mentioned")
                let escalated = try await eventually { () async throws -> Bool in receiver.pages().contains(where: { page in page.body.contains("<@UBEN>") }) }
                #expect(escalated, "after two unanswered rounds the secondary is paged too")
                #expect(receiver.pages().count >= 3, "\(receiver.bodies.withLock { $0.map(\.key) })")
                // Ben acknowledges from Slack: the paging stops.
                let token = try Self.ackToken(try #require(receiver.pages().last).body)
                let (headers, body) = ApprovalFlowTests.callback(user: "UBEN", action: "riposte.ack", token: token, responseURL: "http://127.0.0.1:\(port)/oncall")
                #expect(try await client.execute(uri: "/v1/integrations/slack/interactions", method: .post, headers: headers, body: ByteBuffer(string: body)).status == .ok)
                let page = try #require(try await server.database.pages(openOnly: false, limit: 5).first)
                #expect(page.acknowledgedBy == "Ben")
                let rounds = receiver.pages().count
                try await Task.sleep(for: .seconds(1.2))
                #expect(receiver.pages().count == rounds, "no page after the acknowledgement")
                let thread = try #require(try await server.database.threads(state: nil, limit: 5).first)
                #expect(thread.state == "acknowledged" && thread.owner == "Ben", "the thread is acknowledged too")
                #expect(try await server.database.auditEntries(limit: 100).contains { $0.action == "page.acknowledged" && $0.actor == "Ben" })
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(metrics.contains("riposte_pages_time_to_acknowledge_seconds_count 1"))
            }
        }
    }

    @Test func pagingSurvivesARestart() async throws {
        try await withReceiver { port, receiver in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-paging-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await server(port: port, folder: folder, repage: 1.5).test(keepingFiles: true) { client in
                try await client.ingest(Self.emergency)
                #expect(try await eventually { () async throws -> Bool in receiver.pages().count == 1 })
            }
            try await Task.sleep(for: .seconds(1.6))
            #expect(receiver.pages().count == 1, "nobody paged while the server is down")
            try await server(port: port, folder: folder, repage: 1.5).test(keepingFiles: true) { _ in
                let again = try await eventually { () async throws -> Bool in receiver.pages().count >= 2 }
                #expect(again, "the restarted server re-pages the unacknowledged page")
            }
        }
    }

    @Test func aSecondClaimIsToldWhoHasTheThread() async throws {
        try await withReceiver { port, _ in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.emergency)
                #expect(try await eventually { () async throws -> Bool in !(try await server.database.threads(state: nil, limit: 5).isEmpty) })
                let thread = try #require(try await server.database.threads(state: nil, limit: 5).first)
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[.authorization] = "Bearer ops"
                let claim = try await client.execute(uri: "/v1/threads/\(thread.id)/claim", method: .post, headers: headers, body: ByteBuffer(string: #"{"responder":"Ana"}"#))
                #expect(claim.status == .ok)
                #expect(claim.json["owner"] as? String == "Ana")
                let second = try await client.execute(uri: "/v1/threads/\(thread.id)/claim", method: .post, headers: headers, body: ByteBuffer(string: #"{"responder":"Ben"}"#))
                #expect(second.status == .conflict)
                let message = (second.json["error"] as? [String: Any])?["message"] as? String
                #expect(message?.hasPrefix("Ana has this thread") == true, "the collision guard names the owner")
                let ack = try await client.execute(
                    uri: "/v1/threads/\(thread.id)/acknowledge", method: .post, headers: headers, body: ByteBuffer(string: #"{"responder":"Ana","note":"Called the family back"}"#))
                #expect(ack.json["state"] as? String == "acknowledged")
                let page = try #require(try await server.database.pages(openOnly: false, limit: 5).first)
                #expect(page.acknowledgedBy == "Ana", "acknowledging the thread stops its page")
                #expect(try await client.execute(uri: "/v1/threads/\(thread.id)/claim", method: .post, body: ByteBuffer(string: #"{"responder":"Ana"}"#)).status == .unauthorized)
            }
        }
    }
}
