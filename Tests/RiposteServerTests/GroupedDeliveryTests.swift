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

/// Grouping, message updates, signed webhooks and operator alerts, end to end on loopback: the
/// server ingests, routes and sends with libcurl to a real receiver that answers like Slack's Web
/// API, a Discord webhook, a Standard Webhooks consumer, or a broken endpoint.
@Suite struct GroupedDeliveryTests {
    struct Call: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: String
    }

    final class Receiver: Sendable {
        let calls = Mutex<[Call]>([])

        func calls(_ path: String, method: String? = nil) -> [Call] {
            self.calls.withLock { $0.filter { $0.path == path && (method == nil || $0.method == method) } }
        }
    }

    func withReceiver(_ test: @escaping @Sendable (Int, Receiver) async throws -> Void) async throws {
        let receiver = Receiver()
        let router = Router()
        @Sendable func record(_ request: Request) async throws -> Call {
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let call = Call(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers, body: String(buffer: body))
            receiver.calls.withLock { $0.append(call) }
            return call
        }
        @Sendable func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
            Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.post("/api/chat.postMessage") { request, _ in
            _ = try await record(request)
            return json(#"{"ok":true,"channel":"C42","ts":"1700000000.000100","message":{}}"#)
        }
        router.post("/api/chat.update") { request, _ in
            _ = try await record(request)
            return json(#"{"ok":true,"channel":"C42","ts":"1700000000.000100"}"#)
        }
        router.post("/discord") { request, _ in
            _ = try await record(request)
            return json(#"{"id":"m-1","channel_id":"c-9","content":"…"}"#)
        }
        router.patch("/discord/messages/:id") { request, _ in
            _ = try await record(request)
            return json(#"{"id":"m-1"}"#)
        }
        router.post("/hook") { request, _ in
            _ = try await record(request)
            return Response(status: .noContent)
        }
        router.post("/gone") { request, _ in
            _ = try await record(request)
            return Response(status: .notFound)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await test(try #require(client.port), receiver)
        }
    }

    func server(destination: RiposteConfiguration.Destination, grouping: GroupingRule = GroupingRule(), adjust: (inout RiposteConfiguration) -> Void = { _ in }) throws -> TestServer {
        try TestServer { configuration in
            configuration.destinations = [RiposteConfiguration.Destination(name: "console", type: .console), destination]
            var match = RouteMatch()
            match.classifications = [.unsupportive]
            configuration.routes = [RouteNode(path: "routes[0]", match: match, destinations: [destination.name], grouping: grouping)]
            configuration.delivery.baseDelay = 0.05
            configuration.delivery.maxDelay = 0.1
            configuration.delivery.pollInterval = 0.05
            configuration.delivery.rates = [destination.type.rawValue: 1_000]
            configuration.spikes.enabled = false
            adjust(&configuration)
        }
    }

    static func batch(_ items: String...) -> String {
        #"{"mentions":["# + items.joined(separator: ",") + "]}"
    }

    static func angry(_ id: String, handle: String = "jdoe") -> String {
        #"{"id":"\#(id)","source":"x","brand":"Cardiolix","text":"Worst customer service ever, lost my order \#(id) and nobody answers. Useless.","author":{"handle":"\#(handle)","followers":120}}"#
    }

    @Test func aBurstAboutOneBrandIsOneSlackMessageThenUpdatedWithChatUpdate() async throws {
        try await withReceiver { port, receiver in
            let bot = RiposteConfiguration.Destination(name: "execs", type: .slackBot, url: "http://127.0.0.1:\(port)/api", token: "xoxb-test-token", channel: "C42")
            let server = try server(destination: bot, grouping: GroupingRule(labels: [.brand], wait: 0, interval: 0.5))
            try await server.test { client in
                try await client.ingest(Self.angry("g1", handle: "ann"))
                #expect(try await eventually { receiver.calls("/api/chat.postMessage").count == 1 })
                let ingested = try await client.ingest(Self.batch(Self.angry("g2", handle: "bob"), Self.angry("g3", handle: "cat")))
                #expect(ingested.status == .accepted)
                let updated = try await eventually { () async throws -> Bool in
                    receiver.calls("/api/chat.update").contains(where: { call in call.body.contains("3 mentions") })
                }
                #expect(updated, "the group's message is edited to show all three")
                let update = try #require(receiver.calls("/api/chat.update").last)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(update.body.utf8)) as? [String: Any])
                #expect(object["ts"] as? String == "1700000000.000100", "chat.update names the message chat.postMessage returned")
                #expect(object["channel"] as? String == "C42")
                #expect(update.headers["authorization"] == "Bearer xoxb-test-token")
                #expect(update.body.contains("@ann") && update.body.contains("@bob"), "earlier mentions are listed")
                #expect(receiver.calls("/api/chat.postMessage").count == 1, "one message for the burst, not three")
                let group = try #require(try await server.database.alertGroup(key: "execs|routes[0]|brand=cardiolix"))
                #expect(group.digest.count == 3)
                #expect(group.reference == "C42 1700000000.000100")
            }
        }
    }

    @Test func groupWaitGathersABurstAndDiscordMessagesAreEditedInPlace() async throws {
        try await withReceiver { port, receiver in
            let discord = RiposteConfiguration.Destination(name: "ops", type: .discord, url: "http://127.0.0.1:\(port)/discord")
            let server = try server(destination: discord, grouping: GroupingRule(labels: [.brand, .classification], wait: 0.6, interval: 0.3))
            try await server.test { client in
                let ingested = try await client.ingest(Self.batch(Self.angry("d1"), Self.angry("d2")))
                #expect(ingested.status == .accepted)
                #expect(try await eventually { receiver.calls("/discord").count == 1 })
                let first = try #require(receiver.calls("/discord").first)
                #expect(first.query.contains("wait=true"), "Discord answers with the message id only with wait=true")
                #expect(first.body.contains("2 mentions"), "both mentions of the burst are in the first message")
                try await client.ingest(Self.angry("d3"))
                let edited = try await eventually { () async throws -> Bool in
                    receiver.calls("/discord/messages/m-1", method: "PATCH").contains(where: { call in call.body.contains("3 mentions") })
                }
                #expect(edited)
                #expect(receiver.calls("/discord").count == 1)
            }
        }
    }

    @Test func withoutGroupingEachMentionIsItsOwnMessage() async throws {
        try await withReceiver { port, receiver in
            let hook = RiposteConfiguration.Destination(name: "hook", type: .webhook, url: "http://127.0.0.1:\(port)/hook")
            let server = try server(destination: hook)
            try await server.test { client in
                let ingested = try await client.ingest(Self.batch(Self.angry("u1"), Self.angry("u2")))
                #expect(ingested.status == .accepted)
                #expect(try await eventually { receiver.calls("/hook").count == 2 })
            }
        }
    }

    @Test func genericWebhooksAreSignedWithStandardWebhooks() async throws {
        try await withReceiver { port, receiver in
            let secret = "whsec_" + Data("a-destination-secret-of-32-bytes".utf8).base64EncodedString()
            let hook = RiposteConfiguration.Destination(name: "hook", type: .webhook, url: "http://127.0.0.1:\(port)/hook", secret: secret)
            let server = try server(destination: hook)
            try await server.test { client in
                try await client.ingest(Self.angry("s1"))
                #expect(try await eventually { receiver.calls("/hook").count == 1 })
                let call = try #require(receiver.calls("/hook").first)
                let headers = WebhookSignatureVerifier.Headers(
                    webhookID: call.headers["webhook-id"], webhookTimestamp: call.headers["webhook-timestamp"], webhookSignature: call.headers["webhook-signature"])
                #expect(call.headers["webhook-id"] == call.headers["idempotency-key"], "webhook-id is the stable message id")
                let verdict = WebhookSignatureVerifier(secrets: [secret]).verify(headers, body: Array(call.body.utf8), now: Date())
                #expect((try? verdict.get()) == .standardWebhooks)
                let wrong = WebhookSignatureVerifier(secrets: ["whsec_" + Data("another-secret-another-secret-xx".utf8).base64EncodedString()])
                #expect((try? wrong.verify(headers, body: Array(call.body.utf8), now: Date()).get()) == nil)
            }
        }
    }

    @Test func aDeadLetterRaisesAnOperatorAlertOnce() async throws {
        try await withReceiver { port, receiver in
            let broken = RiposteConfiguration.Destination(name: "broken", type: .slack, url: "http://127.0.0.1:\(port)/gone")
            let server = try server(destination: broken) { configuration in
                configuration.destinations.append(RiposteConfiguration.Destination(name: "operators", type: .webhook, url: "http://127.0.0.1:\(port)/hook"))
                configuration.delivery.deadLetterDestination = "operators"
            }
            try await server.test { client in
                try await client.ingest(Self.angry("x1"))
                #expect(try await eventually { receiver.calls("/hook").count == 1 })
                let alert = try #require(receiver.calls("/hook").first)
                #expect(alert.body.contains("Dead letter"))
                #expect(alert.body.contains("broken"))
                #expect(!alert.body.contains("/gone"), "the dead destination's URL is a secret")
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.calls("/gone").count == 1, "a 404 is not retried")
                #expect(receiver.calls("/hook").count == 1)
            }
        }
    }
}
