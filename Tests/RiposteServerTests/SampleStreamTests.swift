import Foundation
import HummingbirdTesting
import NIOCore
import RiposteCore
import Testing

@testable import RiposteServer

/// The sample stream shipped in conversations/samples/ (used by the README demo) stays ingestible.
@Suite struct SampleStreamTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theSampleStreamIngestsAndThreads() async throws {
        let lines = try String(contentsOf: Self.repository.appendingPathComponent("conversations/samples/mentions.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count >= 10)
        let server = try TestServer()
        try await server.test { client in
            let body = #"{"mentions":[\#(lines.joined(separator: ","))]}"#
            let response = try await client.ingest(body)
            #expect(response.status == .accepted)
            #expect(response.accepted.count == lines.count)
            let deadline = ContinuousClock.now + .seconds(45)
            while try await server.database.pendingCount() > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let page = try await server.database.mentions(matching: MentionQuery(limit: 100))
            #expect(page.mentions.allSatisfy { $0.status == .processed })
            let languages = Set(page.mentions.compactMap(\.mention.language))
            #expect(languages == ["en", "fr"])
            // The reply joins the thread of the complaint it answers.
            let reply = try #require(page.mentions.first { $0.mention.externalID == "1861000000000000012" })
            let complaint = try #require(page.mentions.first { $0.mention.externalID == "1861000000000000002" })
            #expect(complaint.threadKey?.hasPrefix("by:") == true, "a standalone complaint starts its author's thread")
            #expect(reply.threadKey == complaint.threadKey, "the reply, processed in the same batch, joins it")
        }
    }

    @Test func theExampleConfigurationIsValid() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("riposte.example.yml"), encoding: .utf8)
        let environment = [
            "RIPOSTE_INGEST_SECRET": "whsec_c2VjcmV0", "X_CONSUMER_SECRET": "x", "MELTWATER_HOOK_TOKEN": "m",
            "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/x", "RIPOSTE_APPROVAL_SECRET": "s",
        ]
        let configuration = try ConfigurationLoader(environment: environment).load(yaml: text, file: "riposte.example.yml")
        #expect(configuration.server.port == 8080)
        #expect(configuration.destinations.map(\.name) == ["console", "comms"])
        #expect(configuration.ingest.signatureTolerance == 300)
        #expect(configuration.escalationPolicies.first?.levels.map { $0.members(in: configuration.approvers) } == [["Claire Martin"], ["Sam Okafor", "Ines Duval"]])
    }
}
