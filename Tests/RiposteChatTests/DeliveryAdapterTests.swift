import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RiposteCore
import Synchronization
import Testing

@testable import RiposteChat

/// Rendered alerts sent with libcurl to a real receiver on 127.0.0.1, and the retry policy's
/// verdict on each way a platform answers.
@Suite struct DeliveryAdapterTests {
    let client = CurlHTTPClient()
    let policy = DeliveryPolicy()
    static let alert = AlertContent(
        key: "m1-slack", title: "P1 · adverse event · @jdoe on x", text: "My mother was hospitalized after her dose <@channel> & more",
        url: "https://x.com/jdoe/status/1", author: "@jdoe · regular · 120 followers", label: "unsupportive 0.87",
        flags: ["adverse_event (serious): couldn't breathe"], suggestion: "Thank you for telling us…", deadline: "report by 2026-12-06",
        links: [("Open in Riposte", "https://riposte.example.com/m/1")])

    /// What the receiver got.
    final class Recorder: Sendable {
        let bodies = Mutex<[String]>([])
        let flakyCalls = Mutex(0)
    }

    /// A receiver whose routes answer as the platforms do; `/flaky` fails once then succeeds.
    func withPlatformReceiver(_ test: @escaping @Sendable (Int, Recorder) async throws -> Void) async throws {
        let recorder = Recorder()
        let router = Router()
        router.post("/slack/ok") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            recorder.bodies.withLock { $0.append(String(buffer: body)) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.post("/slack/limited") { _, _ in
            Response(status: .tooManyRequests, headers: [.retryAfter: "30"], body: .init(byteBuffer: ByteBuffer(string: "rate_limited")))
        }
        router.post("/slack/gone") { _, _ in
            Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "channel_not_found")))
        }
        router.post("/discord/limited") { _, _ in
            Response(status: .tooManyRequests, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: #"{"message":"You are being rate limited.","retry_after":64.57,"global":false}"#)))
        }
        router.post("/flaky") { _, _ -> Response in
            let call = recorder.flakyCalls.withLock { calls in
                calls += 1
                return calls
            }
            return call == 1 ? Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "rollup_error"))) : Response(status: .ok)
        }
        router.post("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            try await test(port, recorder)
        }
    }

    func post(_ port: Int, _ path: String, _ body: [String: Any], timeout: Double = 30) async -> DeliveryAttemptOutcome {
        await client.attempt(HTTPClientRequest(
            url: "http://127.0.0.1:\(port)\(path)", headers: [("Content-Type", "application/json"), ("Idempotency-Key", "k-1")],
            body: AlertRenderer.json(body), timeout: timeout, connectTimeout: 10))
    }

    @Test func deliversASlackMessageThatFitsBlockKit() async throws {
        try await withPlatformReceiver { port, seen in
            let outcome = await post(port, "/slack/ok", AlertRenderer.slack(Self.alert))
            #expect(policy.verdict(for: outcome, attempt: 1, random: 0.5, now: Date()) == .delivered)
            let received = try #require(seen.bodies.withLock { $0.first })
            let object = try #require(try JSONSerialization.jsonObject(with: Data(received.utf8)) as? [String: Any])
            let blocks = try #require(object["blocks"] as? [[String: Any]])
            #expect(blocks.count <= 50)
            #expect(object["unfurl_links"] as? Bool == false)
            #expect(received.contains("&lt;@channel&gt; &amp; more"), "user text cannot ping or inject links")
        }
    }

    @Test func honoursRetryAfterOn429() async throws {
        try await withPlatformReceiver { port, _ in
            let slack = await post(port, "/slack/limited", AlertRenderer.slack(Self.alert))
            #expect(policy.verdict(for: slack, attempt: 1, random: 0.5, now: Date()) == .retry(after: 30, reason: "429 rate limited"))
            let discord = await post(port, "/discord/limited", AlertRenderer.discord(Self.alert))
            #expect(policy.verdict(for: discord, attempt: 1, random: 0.5, now: Date()) == .retry(after: 64.57, reason: "429 rate limited"))
        }
    }

    @Test func retriesA500ThenDelivers() async throws {
        try await withPlatformReceiver { port, _ in
            let first = await post(port, "/flaky", AlertRenderer.webhook(Self.alert))
            guard case .retry(let wait, let reason) = policy.verdict(for: first, attempt: 1, random: 0.5, now: Date()) else {
                Issue.record("a 500 must be retried")
                return
            }
            #expect(wait >= 0.5 && wait <= 1)
            #expect(reason.hasPrefix("500"))
            let second = await post(port, "/flaky", AlertRenderer.webhook(Self.alert))
            #expect(policy.verdict(for: second, attempt: 2, random: 0.5, now: Date()) == .delivered)
        }
    }

    @Test func aPermanent404GoesToDeadLetters() async throws {
        try await withPlatformReceiver { port, _ in
            let outcome = await post(port, "/slack/gone", AlertRenderer.slack(Self.alert))
            guard case .dead(let reason) = policy.verdict(for: outcome, attempt: 1, random: 0.5, now: Date()) else {
                Issue.record("a 404 must not be retried")
                return
            }
            #expect(reason.contains("404 channel_not_found"))
        }
    }

    @Test func timeoutsAndRefusedConnectionsAreRetried() async throws {
        try await withPlatformReceiver { port, _ in
            let slow = await post(port, "/slow", AlertRenderer.webhook(Self.alert), timeout: 0.5)
            #expect(slow.status == nil)
            guard case .retry = policy.verdict(for: slow, attempt: 1, random: 0.5, now: Date()) else {
                Issue.record("a timeout must be retried")
                return
            }
        }
        // A port nobody listens on (the receiver above has stopped).
        let refused = await client.attempt(HTTPClientRequest(url: "http://127.0.0.1:9/x", body: [1], timeout: 2, connectTimeout: 1))
        #expect(refused.transportError != nil)
        guard case .retry = policy.verdict(for: refused, attempt: 3, random: 0.5, now: Date()) else {
            Issue.record("a refused connection must be retried")
            return
        }
        #expect(policy.verdict(for: refused, attempt: policy.maxAttempts, random: 0.5, now: Date()) != .delivered)
    }
}
