import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RiposteCore

/// What every ingest route shares: content-type and size checks, signature verification, the
/// durable store, load shedding, metrics and waking the pipeline.
final class IngestEndpoint: Sendable {
    let repository: any MentionRepository
    let verifier: WebhookSignatureVerifier
    let settings: RiposteConfiguration.Ingest
    let metrics: RiposteMetrics
    let wakeup: Wakeup
    /// Requests being stored right now; past `ingest.max_in_flight` new ones are shed with 429.
    let limiter: InFlightLimiter

    init(repository: any MentionRepository, settings: RiposteConfiguration.Ingest, metrics: RiposteMetrics, wakeup: Wakeup, limiter: InFlightLimiter? = nil) {
        self.repository = repository
        self.verifier = WebhookSignatureVerifier(secrets: settings.secrets, tolerance: settings.signatureTolerance)
        self.settings = settings
        self.metrics = metrics
        self.wakeup = wakeup
        self.limiter = limiter ?? InFlightLimiter(limit: settings.maxInFlight)
    }

    /// Refuses with the given reason, counting it.
    func reject(_ reason: String, _ error: APIError) -> APIError {
        metrics.ingestRejected(reason: reason).increment()
        return error
    }

    /// Runs an ingest handler if a place is free, before anything is read: past
    /// `ingest.max_in_flight`, requests are shed with 429 without buffering their bodies.
    func admitted(_ handler: () async throws -> Response) async throws -> Response {
        guard limiter.tryEnter() else {
            throw reject(
                "overloaded",
                APIError(.tooManyRequests, code: "overloaded", message: "too many requests in flight; retry shortly (ingest.max_in_flight)", headers: [.retryAfter: "1"]))
        }
        defer { limiter.leave() }
        return try await handler()
    }

    /// Checks the content type and reads the body within the size limit.
    /// - Throws: 415 for a non-JSON content type, 413 for a body over `ingest.max_body_bytes`.
    func readJSONBody(_ request: Request) async throws -> [UInt8] {
        let contentType = request.headers.value(of: .contentType) ?? ""
        guard Self.isJSON(contentType) else {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            throw reject(
                "unsupported_media_type",
                APIError(
                    .unsupportedMediaType, code: "unsupported_media_type",
                    message: contentType.isEmpty ? "send Content-Type: application/json" : "expected Content-Type application/json, got \(mediaType)",
                    field: "Content-Type"))
        }
        // Built only when needed: reject() counts the rejection.
        func tooLarge() -> APIError {
            reject(
                "body_too_large",
                APIError(.contentTooLarge, code: "body_too_large", message: "the body is over the \(settings.maxBodyBytes)-byte limit (ingest.max_body_bytes)"))
        }
        if let length = request.headers.value(of: .contentLength).flatMap(Int.init), length > settings.maxBodyBytes {
            throw tooLarge()
        }
        do {
            let buffer = try await request.body.collect(upTo: settings.maxBodyBytes)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge()
        }
    }

    /// Whether a Content-Type is `application/json` or `application/…+json`, parameters allowed
    /// (compared on bytes, case-insensitively: this runs on every request).
    static func isJSON(_ contentType: String) -> Bool {
        var mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }.map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }
        while mediaType.last == 0x20 || mediaType.last == 0x09 { mediaType.removeLast() }
        while mediaType.first == 0x20 || mediaType.first == 0x09 { mediaType.removeFirst() }
        let json = Array("application/json".utf8)
        if mediaType == json { return true }
        let prefix = Array("application/".utf8)
        return mediaType.count > prefix.count + 5 && mediaType.starts(with: prefix) && mediaType.suffix(5).elementsEqual("+json".utf8)
    }

    /// Verifies a Standard Webhooks or GitHub-style signature.
    /// - Returns: How the request was authenticated (`standard_webhooks`, `github`, or `unsigned`).
    /// - Throws: 401 when a signature is missing (and required), stale or wrong.
    func authenticate(_ request: Request, body: [UInt8]) throws -> String {
        let headers = WebhookSignatureVerifier.Headers(
            webhookID: request.headers.value(of: Self.webhookID),
            webhookTimestamp: request.headers.value(of: Self.webhookTimestamp),
            webhookSignature: request.headers.value(of: Self.webhookSignature),
            hubSignature256: request.headers.value(of: Self.hubSignature))
        let isSigned = headers.webhookSignature != nil || headers.hubSignature256 != nil
        if !settings.requireSignature, !isSigned || !verifier.hasSecrets { return "unsigned" }
        switch verifier.verify(headers, body: body, now: Date()) {
        case .success(let scheme):
            return scheme.rawValue
        case .failure(let failure):
            throw reject(
                "signature_\(failure.reason)",
                APIError(.unauthorized, code: "bad_signature", message: failure.message, field: Self.field(for: failure, headers)))
        }
    }

    private static func field(for failure: WebhookSignatureVerifier.Failure, _ headers: WebhookSignatureVerifier.Headers) -> String? {
        switch failure.reason {
        case "stale": return "webhook-timestamp"
        case "missing", "no_secret": return nil
        default: return headers.webhookSignature != nil ? "webhook-signature" : "X-Hub-Signature-256"
        }
    }

    /// Stores mentions durably and answers only after the commit.
    func store(
        _ mentions: [Mention], channel: String, body: [UInt8], request: Request, authentication: String, context: some RequestContext
    ) async throws -> [IngestOutcome] {
        guard mentions.count <= settings.maxBatchSize else {
            throw reject(
                "too_many_items",
                APIError(.badRequest, code: ValidationError.Code.tooMany.rawValue, message: "holds \(mentions.count) mentions; at most \(settings.maxBatchSize) per request (ingest.max_batch_size)"))
        }
        let payload = InboundPayload(
            channel: channel, body: body, contentType: request.headers.value(of: .contentType) ?? "application/json",
            authentication: authentication, receivedAt: Date(), mentions: mentions)
        let outcomes = try await repository.ingest(payload)
        var fresh = 0
        for (mention, outcome) in zip(mentions, outcomes) {
            if outcome.duplicate {
                metrics.mentionsDuplicate(source: mention.source).increment()
            } else {
                metrics.mentionsIngested(source: mention.source).increment()
                fresh += 1
            }
        }
        if fresh > 0 { wakeup.signal() }
        context.logger.debug(
            "mentions stored",
            metadata: ["ingest.channel": "\(channel)", "ingest.count": "\(mentions.count)", "ingest.new": "\(fresh)", "ingest.auth": "\(authentication)"])
        return outcomes
    }

    /// The JSON answer `{"accepted": [...]}` (written straight into the response buffer: this
    /// is the hot path).
    static func acceptedBody(_ outcomes: [IngestOutcome], extra: String = "") -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(24 + outcomes.count * 96 + extra.utf8.count)
        buffer.writeStaticString(#"{"accepted":["#)
        for (index, outcome) in outcomes.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeStaticString(#"{"id":""#)
            buffer.writeString(outcome.id)
            buffer.writeStaticString(#"","external_id":""#)
            buffer.writeString(JSONText.quote(outcome.externalID))
            buffer.writeStaticString(outcome.duplicate ? #"","duplicate":true}"# : #"","duplicate":false}"#)
        }
        buffer.writeStaticString("]")
        buffer.writeString(extra)
        buffer.writeStaticString("}")
        return buffer
    }

    static let webhookID = HTTPField.Name.known("webhook-id")
    static let webhookTimestamp = HTTPField.Name.known("webhook-timestamp")
    static let webhookSignature = HTTPField.Name.known("webhook-signature")
    static let hubSignature = HTTPField.Name.known("X-Hub-Signature-256")
    static let xSignature = HTTPField.Name.known("x-twitter-webhooks-signature")
}

extension HTTPFields {
    /// A header's value, like the subscript, without building the fields' name index on every
    /// request: one pass over the few headers a webhook has. Repeated fields are joined as the
    /// subscript joins them.
    func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}

extension HTTPField.Name {
    /// A header name from a literal that is a valid token. (The fallback is unreachable for the
    /// literals used here; it exists only so no server path force-unwraps.)
    static func known(_ literal: String) -> HTTPField.Name {
        HTTPField.Name(literal) ?? .accept
    }
}
