import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import RiposteChat

/// A real HTTP receiver on 127.0.0.1, started per test with a free port.
func withReceiver(_ test: @escaping @Sendable (Int) async throws -> Void) async throws {
    let router = Router()
    router.post("/echo") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: HTTPFields = [.contentType: "application/octet-stream"]
        headers[HTTPField.Name("x-seen-idempotency-key") ?? .accept] = request.headers[HTTPField.Name("idempotency-key") ?? .accept] ?? "none"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
    router.post("/fail") { _, _ in
        Response(status: .internalServerError, headers: [.retryAfter: "7"], body: .init(byteBuffer: ByteBuffer(string: "rollup_error")))
    }
    router.get("/slow") { _, _ -> String in
        try await Task.sleep(for: .seconds(3))
        return "late"
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        let port = try #require(client.port)
        try await test(port)
    }
}

@Suite struct CurlHTTPClientTests {
    let client = CurlHTTPClient()

    @Test func postsTheBodyAndHeadersAndReadsTheResponse() async throws {
        try await withReceiver { port in
            let body = Array(#"{"text":"héllo"}"#.utf8)
            let response = try await client.send(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/echo", headers: [("Idempotency-Key", "abc-123")], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.header("X-Seen-Idempotency-Key") == "abc-123")
            #expect(response.header("content-type") == "application/octet-stream")
            #expect(response.totalTime > 0)
        }
    }

    @Test func reusesTheConnectionForTheNextRequest() async throws {
        try await withReceiver { port in
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/echo", body: Array("x".utf8))
            let first = try await client.send(request)
            let second = try await client.send(request)
            #expect(first.newConnections == 1)
            #expect(second.newConnections == 0)
        }
    }

    @Test func serverErrorsAreResponsesNotThrows() async throws {
        try await withReceiver { port in
            let response = try await client.send(HTTPClientRequest(url: "http://127.0.0.1:\(port)/fail", body: []))
            #expect(response.status == 500)
            #expect(response.header("Retry-After") == "7")
            #expect(response.text == "rollup_error")
        }
    }

    @Test func timesOut() async throws {
        try await withReceiver { port in
            await #expect {
                try await client.send(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(port)/slow", timeout: 0.3))
            } throws: { error in
                (error as? HTTPClientError)?.kind == .timeout
            }
        }
    }

    @Test func connectionRefusedIsATransientFailure() async throws {
        // Port 9 (discard) is not served on loopback here; nothing listens.
        await #expect {
            try await client.send(HTTPClientRequest(url: "http://127.0.0.1:9/", body: [], connectTimeout: 1))
        } throws: { error in
            guard let error = error as? HTTPClientError else { return false }
            return error.kind == .connectionFailed && error.isTransient
        }
    }

    @Test func refusesOtherProtocolsWithoutLeakingTheURL() async throws {
        await #expect {
            try await client.send(HTTPClientRequest(url: "file:///etc/secret-token-path", body: []))
        } throws: { error in
            guard let error = error as? HTTPClientError else { return false }
            return error.kind == .invalidRequest && !error.description.contains("secret-token-path")
        }
    }
}
