import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RiposteCore
import Testing

@testable import RiposteServer

@Suite struct IngestRouteTests {
    @Test func acceptsASignedMentionAfterCommit() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.ingest(mentionJSON("1790000000000000001"))
            #expect(response.status == .accepted)
            let accepted = try #require(response.accepted.first)
            #expect(!accepted.duplicate)
            // Committed before the answer: readable at once.
            #expect(try await server.database.mention(id: accepted.id)?.mention.externalID == "1790000000000000001")
            let shown = try await client.execute(uri: "/v1/mentions/\(accepted.id)", method: .get)
            #expect(shown.status == .ok)
            #expect(shown.json["external_id"] as? String == "1790000000000000001")
            #expect((shown.json["author"] as? [String: Any])?["handle"] as? String == "jdoe")
        }
    }

    @Test func acceptsABatch() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = #"{"mentions":[\#(mentionJSON("a")),\#(mentionJSON("b")),\#(mentionJSON("c", source: "reddit"))]}"#
            let response = try await client.ingest(body)
            #expect(response.status == .accepted)
            #expect(response.accepted.count == 3)
            #expect(try await server.database.mentionCount() == 3)
        }
    }

    @Test(arguments: [
        (#"{"source":"x","text":"t"}"#, "id"),
        (#"{"id":"1","text":"t"}"#, "source"),
        (#"{"id":"1","source":"x"}"#, "text"),
        (#"{"id":"1","source":"x","text":"t","created_at":"soon"}"#, "created_at"),
        (#"{"id":"1","source":"x","text":"t","author":{"followers":-5}}"#, "author.followers"),
        (#"{"mentions":[{"id":"1","source":"x","text":"t"},{"id":"2","source":"x","text":""}]}"#, "mentions[1].text"),
    ])
    func refusesInvalidMentionsNamingTheField(_ body: String, _ field: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.ingest(body)
            #expect(response.status == .badRequest)
            #expect(response.error.field == field)
            #expect(try await server.database.mentionCount() == 0, "nothing of a refused batch is stored")
        }
    }

    @Test func refusesMalformedJSON() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.ingest(#"{"id": "1", "source": "#)
            #expect(response.status == .badRequest)
            #expect(response.error.code == "malformed_json")
        }
    }

    @Test func refusesMoreThan500Mentions() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = #"{"mentions":[\#((0..<501).map { mentionJSON("m\($0)") }.joined(separator: ","))]}"#
            let response = try await client.ingest(body)
            #expect(response.status == .badRequest)
            #expect(response.error.code == "too_many_items")
        }
    }

    @Test func refusesBodiesOverTheLimitWith413() async throws {
        let server = try TestServer { $0.ingest.maxBodyBytes = 2048 }
        try await server.test { client in
            let body = mentionJSON("big", text: String(repeating: "a", count: 4000))
            let response = try await client.ingest(body)
            #expect(response.status == .contentTooLarge)
            #expect(response.error.code == "body_too_large")
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", ""])
    func refusesOtherContentTypesWith415(_ contentType: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = mentionJSON("1")
            var headers = signed(body, contentType: contentType)
            if contentType.isEmpty { headers[.contentType] = nil }
            let response = try await client.ingest(body, headers: headers)
            #expect(response.status == .unsupportedMediaType)
            #expect(response.error.code == "unsupported_media_type")
        }
    }

    @Test func signaturesAreRequiredAndChecked() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = mentionJSON("1")
            let unsigned = try await client.ingest(body, headers: [.contentType: "application/json"])
            #expect(unsigned.status == .unauthorized)
            let wrongSecret = try await client.ingest(body, headers: signed(body, secret: "whsec_b3RoZXItc2VjcmV0"))
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.error.field == "webhook-signature")
            let stale = try await client.ingest(body, headers: signed(body, at: Date().addingTimeInterval(-900)))
            #expect(stale.status == .unauthorized)
            #expect(stale.error.field == "webhook-timestamp")
            let future = try await client.ingest(body, headers: signed(body, at: Date().addingTimeInterval(900)))
            #expect(future.status == .unauthorized)
            // Signed for another body.
            let tampered = try await client.ingest(mentionJSON("2"), headers: signed(body))
            #expect(tampered.status == .unauthorized)
            #expect(try await server.database.mentionCount() == 0)
        }
    }

    @Test func rotatedSecretsAndGitHubSignaturesAreAccepted() async throws {
        let retiring = "whsec_cmV0aXJpbmctc2VjcmV0LWtleQ=="
        let server = try TestServer { $0.ingest.secrets = [TestServer.secret, retiring] }
        try await server.test { client in
            let old = try await client.ingest(mentionJSON("1"), headers: signed(mentionJSON("1"), secret: retiring))
            #expect(old.status == .accepted)
            let current = try await client.ingest(mentionJSON("2"))
            #expect(current.status == .accepted)
            let body = mentionJSON("3")
            var github: HTTPFields = [.contentType: "application/json"]
            github[HTTPField.Name("X-Hub-Signature-256")!] = WebhookSigner.githubSignature(body: Array(body.utf8), secret: retiring)
            let hub = try await client.ingest(body, headers: github)
            #expect(hub.status == .accepted)
            github[HTTPField.Name("X-Hub-Signature-256")!] = WebhookSigner.githubSignature(body: Array(body.utf8), secret: "nope")
            let forged = try await client.ingest(body, headers: github)
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func unsignedRequestsPassOnlyWhenConfiguredOff() async throws {
        let server = try TestServer { $0.ingest.requireSignature = false }
        try await server.test { client in
            let response = try await client.ingest(mentionJSON("1"), headers: [.contentType: "application/json"])
            #expect(response.status == .accepted)
            // A request that is signed is still checked.
            let bad = try await client.ingest(mentionJSON("2"), headers: signed(mentionJSON("2"), secret: "whsec_d3Jvbmc="))
            #expect(bad.status == .unauthorized)
        }
    }

    @Test func duplicatesAnswerTheExistingId() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await client.ingest(mentionJSON("dup"))
            let again = try await client.ingest(mentionJSON("dup"))
            #expect(again.status == .accepted)
            #expect(again.accepted.first?.id == first.accepted.first?.id)
            #expect(again.accepted.first?.duplicate == true)
            let batch = try await client.ingest(#"{"mentions":[\#(mentionJSON("new")),\#(mentionJSON("new")),\#(mentionJSON("dup"))]}"#)
            #expect(batch.accepted.map(\.duplicate) == [false, true, true])
            #expect(batch.accepted[0].id == batch.accepted[1].id)
            #expect(try await server.database.mentionCount() == 2)
        }
    }

    @Test func concurrentResendsStoreOneMention() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<32 { group.addTask { try await client.ingest(mentionJSON("race")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.allSatisfy { $0.status == .accepted })
            #expect(Set(responses.compactMap { $0.accepted.first?.id }).count == 1)
            #expect(responses.filter { $0.accepted.first?.duplicate == false }.count == 1)
            #expect(try await server.database.mentionCount() == 1)
        }
    }
}
