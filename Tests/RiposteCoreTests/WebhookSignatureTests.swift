import Foundation
import Testing

@testable import RiposteCore

@Suite struct WebhookSignatureTests {
    // Test vector from the Standard Webhooks reference libraries.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    let timestamp: Int64 = 1_614_265_330
    let body = Array(#"{"test": 2432232314}"#.utf8)
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    var signedAt: Date { Date(timeIntervalSince1970: Double(timestamp)) }

    func headers(_ signature: String, timestamp: Int64? = nil) -> WebhookSignatureVerifier.Headers {
        .init(webhookID: id, webhookTimestamp: String(timestamp ?? self.timestamp), webhookSignature: signature)
    }

    @Test func signerMatchesTheReferenceVector() {
        #expect(WebhookSigner.standardSignature(id: id, timestamp: timestamp, body: body, secret: secret) == expected)
    }

    @Test func verifiesTheReferenceVector() throws {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        #expect(try verifier.verify(headers(expected), body: body, now: signedAt).get() == .standardWebhooks)
    }

    @Test func acceptsAnySecretDuringRotation() throws {
        let verifier = WebhookSignatureVerifier(secrets: ["whsec_b2xkLXNlY3JldC1yZXRpcmluZw==", secret])
        #expect(try verifier.verify(headers(expected), body: body, now: signedAt).get() == .standardWebhooks)
    }

    @Test func acceptsAnySignatureInTheList() throws {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        let list = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ignored \(expected)"
        #expect(try verifier.verify(headers(list), body: body, now: signedAt).get() == .standardWebhooks)
    }

    @Test(arguments: [-301.0, 301.0])
    func refusesTimestampsOutsideTheWindow(offset: Double) {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        let result = verifier.verify(headers(expected), body: body, now: signedAt.addingTimeInterval(offset))
        #expect(result.failureReason == "stale")
    }

    @Test func acceptsTimestampsInsideTheWindow() {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        #expect(verifier.verify(headers(expected), body: body, now: signedAt.addingTimeInterval(299)).failureReason == nil)
    }

    @Test func refusesATamperedBody() {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        let result = verifier.verify(headers(expected), body: Array(#"{"test": 2432232315}"#.utf8), now: signedAt)
        #expect(result.failureReason == "mismatch")
    }

    @Test func refusesTheWrongSecret() {
        let verifier = WebhookSignatureVerifier(secrets: ["whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA=="])
        #expect(verifier.verify(headers(expected), body: body, now: signedAt).failureReason == "mismatch")
    }

    @Test func refusesMissingAndMalformedHeaders() {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        #expect(verifier.verify(.init(), body: body, now: signedAt).failureReason == "missing")
        #expect(verifier.verify(.init(webhookSignature: expected), body: body, now: signedAt).failureReason == "missing")
        #expect(verifier.verify(.init(webhookID: id, webhookTimestamp: "soon", webhookSignature: expected), body: body, now: signedAt).failureReason == "malformed")
        #expect(verifier.verify(headers("v2,abc"), body: body, now: signedAt).failureReason == "malformed")
        #expect(verifier.verify(.init(hubSignature256: "md5=00"), body: body, now: signedAt).failureReason == "malformed")
        #expect(verifier.verify(.init(hubSignature256: "sha256=zz"), body: body, now: signedAt).failureReason == "malformed")
    }

    @Test func encodesBase64LikeFoundation() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let ours = bytes.withUnsafeBytes { String(decoding: Base64.encode($0), as: UTF8.self) }
            #expect(ours == Data(bytes).base64EncodedString(), "length \(length)")
        }
        #expect(Base64.constantTimeEqual(ArraySlice(Array("abc".utf8)), Array("abc".utf8)))
        #expect(!Base64.constantTimeEqual(ArraySlice(Array("abd".utf8)), Array("abc".utf8)))
        #expect(!Base64.constantTimeEqual(ArraySlice(Array("ab".utf8)), Array("abc".utf8)))
    }

    @Test func refusesEntriesThatAreNotBase64AsMalformed() {
        let verifier = WebhookSignatureVerifier(secrets: [secret])
        #expect(verifier.verify(headers("v1,not*base64!"), body: body, now: signedAt).failureReason == "malformed")
        #expect(verifier.verify(headers("v1,"), body: body, now: signedAt).failureReason == "malformed")
        #expect(verifier.verify(headers("  \(expected)  "), body: body, now: signedAt).failureReason == nil, "extra spaces are tolerated")
    }

    @Test func readsTimestamps() {
        #expect(WebhookSignatureVerifier.unixSeconds("1614265330") == 1_614_265_330)
        #expect(WebhookSignatureVerifier.unixSeconds(" 1614265330 ") == 1_614_265_330)
        for bad in ["", " ", "16142 65330", "-5", "1e9", "１２３", "99999999999999999999"] {
            #expect(WebhookSignatureVerifier.unixSeconds(bad) == nil, "\(bad)")
        }
    }

    @Test func refusesEverythingWithoutSecrets() {
        let verifier = WebhookSignatureVerifier(secrets: [])
        #expect(verifier.verify(headers(expected), body: body, now: signedAt).failureReason == "no_secret")
    }

    // Test vector from GitHub's documentation.
    @Test func verifiesGitHubSignatures() throws {
        let secret = "It's a Secret to Everybody"
        let payload = Array("Hello, World!".utf8)
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(WebhookSigner.githubSignature(body: payload, secret: secret) == header)
        let verifier = WebhookSignatureVerifier(secrets: ["unrelated", secret])
        #expect(try verifier.verify(.init(hubSignature256: header), body: payload, now: Date()).get() == .github)
        #expect(verifier.verify(.init(hubSignature256: header), body: Array("Hello, World?".utf8), now: Date()).failureReason == "mismatch")
    }

    // Vectors computed independently with Python's hmac module.
    @Test func answersXChallengesAndVerifiesXSignatures() {
        #expect(XWebhookSecurity.crcResponse(token: "crc-token-123", consumerSecret: "consumer-secret") == "sha256=pqNVCku98klY+uShlb3Xa/LIgd2B2xq7EveP37yRYOI=")
        let body = Array(#"{"for_user_id":"1"}"#.utf8)
        let header = "sha256=Hlco0COzwYOsSzVcCoqAGpNZdK3BYQku/gWz9SSGVjA="
        #expect(XWebhookSecurity.isValidSignature(header, body: body, consumerSecret: "consumer-secret"))
        #expect(!XWebhookSecurity.isValidSignature(header, body: body, consumerSecret: "other-secret"))
        #expect(!XWebhookSecurity.isValidSignature("sha1=abc", body: body, consumerSecret: "consumer-secret"))
    }
}

extension Result where Failure == WebhookSignatureVerifier.Failure {
    var failureReason: String? {
        if case .failure(let failure) = self { return failure.reason }
        return nil
    }
}
