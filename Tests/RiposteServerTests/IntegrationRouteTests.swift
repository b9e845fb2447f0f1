import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RiposteCore
import Testing

@testable import RiposteServer

@Suite struct IntegrationRouteTests {
    let consumerSecret = "consumer-secret"

    func xHeaders(_ body: String, secret: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("x-twitter-webhooks-signature")!] = XWebhookSecurity.signature(body: Array(body.utf8), consumerSecret: secret ?? consumerSecret)
        return headers
    }

    @Test func answersTheXCRCChallenge() async throws {
        let server = try TestServer { $0.integrations.x.consumerSecret = consumerSecret }
        try await server.test { client in
            let response = try await client.execute(uri: "/v1/integrations/x?crc_token=crc-token-123", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["response_token"] as? String == "sha256=pqNVCku98klY+uShlb3Xa/LIgd2B2xq7EveP37yRYOI=")
            let missing = try await client.execute(uri: "/v1/integrations/x", method: .get)
            #expect(missing.status == .badRequest)
            #expect(missing.error.field == "crc_token")
        }
    }

    @Test func xIsRefusedWhenNotConfigured() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(uri: "/v1/integrations/x?crc_token=a", method: .get)
            #expect(response.status == .notFound)
            #expect(response.error.code == "integration_not_configured")
        }
    }

    @Test func storesTweetCreateEvents() async throws {
        let server = try TestServer { $0.integrations.x.consumerSecret = consumerSecret }
        try await server.test { client in
            let body = #"{"for_user_id":"1","tweet_create_events":[{"id_str":"1842","text":"@brand my order is lost","user":{"id_str":"5","screen_name":"jdoe","followers_count":12}}]}"#
            let response = try await client.execute(uri: "/v1/integrations/x", method: .post, headers: xHeaders(body), body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let id = try #require(response.accepted.first?.id)
            let stored = try #require(try await server.database.mention(id: id))
            #expect(stored.mention.source == "x")
            #expect(stored.mention.url == "https://x.com/jdoe/status/1842")
            // Re-delivery is idempotent.
            let again = try await client.execute(uri: "/v1/integrations/x", method: .post, headers: xHeaders(body), body: ByteBuffer(string: body))
            #expect(again.accepted.first?.duplicate == true)
        }
    }

    @Test func refusesBadXSignaturesAndUnknownShapes() async throws {
        let server = try TestServer { $0.integrations.x.consumerSecret = consumerSecret }
        try await server.test { client in
            let body = #"{"for_user_id":"1","tweet_create_events":[]}"#
            let forged = try await client.execute(uri: "/v1/integrations/x", method: .post, headers: xHeaders(body, secret: "guess"), body: ByteBuffer(string: body))
            #expect(forged.status == .unauthorized)
            let unsigned = try await client.execute(uri: "/v1/integrations/x", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(unsigned.status == .unauthorized)
            let odd = #"{"something":"else"}"#
            let unknown = try await client.execute(uri: "/v1/integrations/x", method: .post, headers: xHeaders(odd), body: ByteBuffer(string: odd))
            #expect(unknown.status == .badRequest)
            #expect(unknown.error.field == "for_user_id")
        }
    }

    @Test func storesMeltwaterDocumentsWithTheHookToken() async throws {
        let server = try TestServer { $0.integrations.meltwater.token = "hook-token" }
        try await server.test { client in
            let body = #"{"request":{"hook_id":"h"},"documents":[{"id":"mw-1","content":{"title":"Cardiolix shortage"},"url":"https://news.example.com/a"}]}"#
            let headers: HTTPFields = [.contentType: "application/json"]
            let ok = try await client.execute(uri: "/v1/integrations/meltwater?token=hook-token", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(ok.status == .ok)
            #expect(ok.accepted.count == 1)
            let wrong = try await client.execute(uri: "/v1/integrations/meltwater?token=nope", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(wrong.status == .unauthorized)
            let none = try await client.execute(uri: "/v1/integrations/meltwater", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(none.status == .unauthorized)
            let signed = try await client.execute(uri: "/v1/integrations/meltwater", method: .post, headers: signed(body), body: ByteBuffer(string: body))
            #expect(signed.status == .ok)
            let shapeless = #"{"documents":[{"content":{"title":"no id"}}]}"#
            let bad = try await client.execute(uri: "/v1/integrations/meltwater?token=hook-token", method: .post, headers: headers, body: ByteBuffer(string: shapeless))
            #expect(bad.status == .badRequest)
            #expect(bad.error.field == "documents[0].id")
        }
    }
}
