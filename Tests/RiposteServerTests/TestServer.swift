import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RiposteCore
import RiposteStore
import Testing

@testable import RiposteServer

/// A Riposte server over a database file in a fresh temporary folder.
struct TestServer {
    static let secret = "whsec_dGVzdC1zZWNyZXQtZm9yLXJpcG9zdGUtdGVzdHM="
    let folder: URL
    let runtime: RiposteRuntime

    var database: AppDatabase { runtime.database }

    init(folder: URL? = nil, _ adjust: (inout RiposteConfiguration) -> Void = { _ in }) throws {
        self.folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("riposte-server-\(UUID().uuidString)")
        var configuration = RiposteConfiguration()
        configuration.database.path = self.folder.appendingPathComponent("riposte.sqlite").path
        configuration.ingest.secrets = [Self.secret]
        configuration.server.port = 0
        configuration.pipeline.pollInterval = 0.05
        adjust(&configuration)
        var logger = Logger(label: "riposte-test")
        logger.logLevel = .critical
        runtime = try RiposteRuntime(configuration: configuration, logger: logger)
    }

    /// Runs `test` against the application (in-process router, or a real socket with `.live`).
    func test(_ setup: TestingSetup = .router, keepingFiles: Bool = false, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { if !keepingFiles { try? FileManager.default.removeItem(at: folder) } }
        try await buildApplication(runtime).test(setup, test)
    }
}

/// Standard Webhooks headers for a body, signed now (or at `at`).
func signed(_ body: String, secret: String = TestServer.secret, at date: Date = Date(), contentType: String = "application/json") -> HTTPFields {
    let id = "msg_\(UUID().uuidString)"
    let timestamp = Int64(date.timeIntervalSince1970)
    var headers: HTTPFields = [.contentType: contentType]
    headers[HTTPField.Name("webhook-id")!] = id
    headers[HTTPField.Name("webhook-timestamp")!] = String(timestamp)
    headers[HTTPField.Name("webhook-signature")!] = WebhookSigner.standardSignature(id: id, timestamp: timestamp, body: Array(body.utf8), secret: secret)
    return headers
}

func mentionJSON(_ id: String, source: String = "x", text: String = "Cardiolix is great") -> String {
    #"{"id":"\#(id)","source":"\#(source)","text":"\#(text)","author":{"handle":"jdoe","followers":10}}"#
}

extension TestClientProtocol {
    /// Posts a signed mention body to `/v1/mentions`.
    @discardableResult
    func ingest(_ body: String, headers: HTTPFields? = nil) async throws -> TestResponse {
        try await execute(uri: "/v1/mentions", method: .post, headers: headers ?? signed(body), body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    /// The body parsed as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// `error.code` and `error.field` of a JSON error body.
    var error: (code: String?, field: String?) {
        let error = json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["field"] as? String)
    }

    /// The `accepted` array of an ingest answer.
    var accepted: [(id: String, duplicate: Bool)] {
        ((json["accepted"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["duplicate"] as? Bool ?? false) }
    }
}

/// Polls until `condition` holds, for at most `seconds` (generous: the suite runs in parallel on
/// shared 2-core machines; a passing condition returns at once).
func eventually(_ seconds: Double = 45, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}
