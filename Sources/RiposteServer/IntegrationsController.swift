import Foundation
import Hummingbird
import RiposteCore

/// Source adapters: X Account Activity (`GET|POST /v1/integrations/x`) and Meltwater hooks
/// (`POST /v1/integrations/meltwater`). Both normalise into the same durable ingest as `/v1/mentions`.
struct IntegrationsController<Context: RequestContext> {
    let ingest: IngestEndpoint
    let settings: RiposteConfiguration.Integrations

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/integrations/x", use: xChallenge)
        router.post("/v1/integrations/x", use: xEvents)
        router.post("/v1/integrations/meltwater", use: meltwater)
    }

    private func xSecret() throws -> String {
        guard let secret = settings.x.consumerSecret else {
            throw APIError(.notFound, code: "integration_not_configured", message: "the X integration is not configured (integrations.x.consumer_secret)")
        }
        return secret
    }

    /// Answers X's CRC challenge.
    @Sendable func xChallenge(_ request: Request, context: Context) async throws -> Response {
        let secret = try xSecret()
        guard let token = request.uri.queryParameters["crc_token"].map(String.init), !token.isEmpty else {
            throw APIError(.badRequest, code: ValidationError.Code.missingField.rawValue, message: "is required", field: "crc_token")
        }
        let answer = XWebhookSecurity.crcResponse(token: token, consumerSecret: secret)
        return try JSONResponse.make(["response_token": answer])
    }

    /// Maps `tweet_create_events` to mentions.
    @Sendable func xEvents(_ request: Request, context: Context) async throws -> Response {
        try await ingest.admitted { try await xEventsAdmitted(request, context: context) }
    }

    private func xEventsAdmitted(_ request: Request, context: Context) async throws -> Response {
        let secret = try xSecret()
        let body = try await ingest.readJSONBody(request)
        let authentication: String
        if let signature = request.headers[IngestEndpoint.xSignature] {
            guard XWebhookSecurity.isValidSignature(signature, body: body, consumerSecret: secret) else {
                throw ingest.reject("signature_mismatch", APIError(.unauthorized, code: "bad_signature", message: "x-twitter-webhooks-signature does not match the consumer secret", field: "x-twitter-webhooks-signature"))
            }
            authentication = "x"
        } else if ingest.settings.requireSignature {
            throw ingest.reject("signature_missing", APIError(.unauthorized, code: "bad_signature", message: "the request is not signed (x-twitter-webhooks-signature)", field: "x-twitter-webhooks-signature"))
        } else {
            authentication = "unsigned"
        }
        let mapped: XActivityMapper.Result
        do {
            mapped = try XActivityMapper.map(body)
        } catch let error as ValidationError {
            throw ingest.reject(error.code.rawValue, APIError(error))
        }
        let outcomes = try await ingest.store(mapped.mentions, channel: "x", body: body, request: request, authentication: authentication, context: context)
        let ignored = mapped.ignoredEvents.map { "\"\(JSONText.quote($0))\"" }.joined(separator: ",")
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: IngestEndpoint.acceptedBody(outcomes, extra: #","ignored_events":[\#(ignored)],"skipped_own_posts":\#(mapped.skippedOwnPosts)"#)))
    }

    /// Maps a Meltwater hook delivery's documents to mentions.
    @Sendable func meltwater(_ request: Request, context: Context) async throws -> Response {
        try await ingest.admitted { try await meltwaterAdmitted(request, context: context) }
    }

    private func meltwaterAdmitted(_ request: Request, context: Context) async throws -> Response {
        let body = try await ingest.readJSONBody(request)
        let authentication: String
        if let expected = settings.meltwater.token, let presented = request.uri.queryParameters["token"].map(String.init),
            ConstantTime.equal(Array(expected.utf8), Array(presented.utf8))
        {
            authentication = "token"
        } else if request.uri.queryParameters["token"] != nil {
            throw ingest.reject("signature_mismatch", APIError(.unauthorized, code: "bad_token", message: "the token does not match integrations.meltwater.token", field: "token"))
        } else {
            authentication = try ingest.authenticate(request, body: body)
        }
        let mentions: [Mention]
        do {
            mentions = try MeltwaterMapper.map(body)
        } catch let error as ValidationError {
            throw ingest.reject(error.code.rawValue, APIError(error))
        }
        let outcomes = try await ingest.store(mentions, channel: "meltwater", body: body, request: request, authentication: authentication, context: context)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: IngestEndpoint.acceptedBody(outcomes)))
    }
}
