import Crypto
import Foundation

/// Signing and verification of inbound webhooks: Standard Webhooks and GitHub's `X-Hub-Signature-256`.
///
/// Secrets are configured as strings. For Standard Webhooks a `whsec_<base64>` secret's HMAC key is
/// the base64-decoded part (as the reference libraries do); any other string is used as UTF-8 bytes.
/// GitHub-style signatures are keyed with the configured string's UTF-8 bytes, as GitHub does.
public struct WebhookSignatureVerifier: Sendable {
    /// Which scheme a request was verified with.
    public enum Scheme: String, Sendable {
        /// `webhook-id`, `webhook-timestamp`, `webhook-signature`.
        case standardWebhooks = "standard_webhooks"
        /// `X-Hub-Signature-256: sha256=<hex>`.
        case github
    }

    /// Why a request's signature was refused; `reason` is a bounded label for metrics.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A short machine-readable reason (`missing`, `stale`, `mismatch`, `malformed`, `no_secret`).
        public var reason: String
        /// A sentence for the sender.
        public var message: String

        public var description: String { message }
    }

    /// The headers that may carry a signature (header names are matched case-insensitively by the caller).
    public struct Headers: Sendable {
        /// `webhook-id`.
        public var webhookID: String?
        /// `webhook-timestamp`, Unix seconds.
        public var webhookTimestamp: String?
        /// `webhook-signature`, a space-separated list of `v1,<base64>`.
        public var webhookSignature: String?
        /// `X-Hub-Signature-256`, `sha256=<hex>`.
        public var hubSignature256: String?

        /// Creates a header set.
        public init(webhookID: String? = nil, webhookTimestamp: String? = nil, webhookSignature: String? = nil, hubSignature256: String? = nil) {
            self.webhookID = webhookID
            self.webhookTimestamp = webhookTimestamp
            self.webhookSignature = webhookSignature
            self.hubSignature256 = hubSignature256
        }
    }

    /// HMAC states already keyed (the key schedule is done once; each request copies a state).
    private let standardKeys: [HMAC<SHA256>]
    private let githubKeys: [SymmetricKey]
    /// How far a `webhook-timestamp` may be from now, either way.
    public let tolerance: TimeInterval

    /// Creates a verifier.
    /// - Parameters:
    ///   - secrets: Every secret currently accepted (several during a rotation).
    ///   - tolerance: The accepted clock difference, in seconds (Standard Webhooks uses 5 minutes).
    public init(secrets: [String], tolerance: TimeInterval = 300) {
        standardKeys = secrets.map { HMAC<SHA256>(key: Self.standardKey(for: $0)) }
        githubKeys = secrets.map { SymmetricKey(data: Array($0.utf8)) }
        self.tolerance = tolerance
    }

    /// Whether any secret is configured.
    public var hasSecrets: Bool { !standardKeys.isEmpty }

    /// Verifies a request.
    /// - Parameters:
    ///   - headers: The signature headers as received.
    ///   - body: The raw body bytes, exactly as received.
    ///   - now: The current time.
    /// - Returns: The scheme that verified, or why it failed.
    public func verify(_ headers: Headers, body: [UInt8], now: Date) -> Result<Scheme, Failure> {
        guard hasSecrets else {
            return .failure(Failure(reason: "no_secret", message: "signatures are required but no ingest secret is configured (ingest.secrets)"))
        }
        if let signatures = headers.webhookSignature {
            return verifyStandard(headers, signatures: signatures, body: body, now: now)
        }
        if let hub = headers.hubSignature256 {
            return verifyGitHub(hub, body: body)
        }
        return .failure(Failure(reason: "missing", message: "the request is not signed: send webhook-id, webhook-timestamp and webhook-signature, or X-Hub-Signature-256"))
    }

    private func verifyStandard(_ headers: Headers, signatures: String, body: [UInt8], now: Date) -> Result<Scheme, Failure> {
        guard let id = headers.webhookID, !id.isEmpty, let timestampText = headers.webhookTimestamp else {
            return .failure(Failure(reason: "missing", message: "webhook-signature needs webhook-id and webhook-timestamp"))
        }
        guard let timestamp = Self.unixSeconds(timestampText) else {
            return .failure(Failure(reason: "malformed", message: "webhook-timestamp must be Unix seconds"))
        }
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= tolerance else {
            return .failure(Failure(reason: "stale", message: "webhook-timestamp is more than \(Int(tolerance)) seconds from the server's clock"))
        }
        // The v1 entries of the space-separated list, as base64 text (compared as text, like the
        // reference libraries; this runs on every request, so bytes rather than Strings).
        let list = Array(signatures.utf8)
        var candidates: [ArraySlice<UInt8>] = []
        var entryStart = 0
        for end in 0...list.count where end == list.count || list[end] == 0x20 {
            let entry = list[entryStart..<end]
            entryStart = end + 1
            guard entry.count > 3, entry.starts(with: [0x76, 0x31, 0x2C]) else { continue }  // "v1,"
            let text = entry.dropFirst(3)
            if text.allSatisfy(Base64.isAlphabet) { candidates.append(text) }
        }
        guard !candidates.isEmpty else {
            return .failure(Failure(reason: "malformed", message: "webhook-signature holds no v1,<base64> entry"))
        }
        // One MAC per key over "{id}.{timestamp}." then the body, without copying the body;
        // each candidate is compared in constant time.
        var prefix = Array(id.utf8)
        prefix.append(0x2E)
        prefix.append(contentsOf: String(timestamp).utf8)
        prefix.append(0x2E)
        for keyed in standardKeys {
            var hmac = keyed
            prefix.withUnsafeBytes { hmac.update(data: $0) }
            body.withUnsafeBytes { hmac.update(data: $0) }
            let expected = hmac.finalize().withUnsafeBytes { Base64.encode($0) }
            for candidate in candidates where Base64.constantTimeEqual(candidate, expected) {
                return .success(.standardWebhooks)
            }
        }
        return .failure(Failure(reason: "mismatch", message: "webhook-signature does not match any configured secret"))
    }

    private func verifyGitHub(_ header: String, body: [UInt8]) -> Result<Scheme, Failure> {
        guard header.hasPrefix("sha256="), let mac = Hex.decode(header.dropFirst(7)) else {
            return .failure(Failure(reason: "malformed", message: "X-Hub-Signature-256 must be sha256=<hex>"))
        }
        for key in githubKeys where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key) {
            return .success(.github)
        }
        return .failure(Failure(reason: "mismatch", message: "X-Hub-Signature-256 does not match any configured secret"))
    }

    /// Unix seconds from ASCII digits with optional surrounding spaces (no Foundation on the hot path).
    static func unixSeconds(_ text: String) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        var seenEnd = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 {
                if digits > 0 { seenEnd = true }
                continue
            }
            guard !seenEnd, byte >= 0x30, byte <= 0x39, digits < 18 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func standardKey(for secret: String) -> SymmetricKey {
        if secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))) {
            return SymmetricKey(data: bytes)
        }
        return SymmetricKey(data: Array(secret.utf8))
    }
}

/// Produces Standard Webhooks and GitHub signatures (for our own outbound webhooks, tests and tools).
public enum WebhookSigner {
    /// The `webhook-signature` value `v1,<base64>` for a message.
    public static func standardSignature(id: String, timestamp: Int64, body: [UInt8], secret: String) -> String {
        var signed = Array("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: WebhookSignatureVerifier.standardKey(for: secret))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `X-Hub-Signature-256` value `sha256=<hex>` for a body.
    public static func githubSignature(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + Hex.encode(Array(mac))
    }
}

/// X (Twitter) Account Activity webhook security: the CRC challenge and the payload signature.
public enum XWebhookSecurity {
    /// The `response_token` that answers a CRC challenge: `sha256=` + base64 HMAC-SHA256 of the token.
    public static func crcResponse(token: String, consumerSecret: String) -> String {
        "sha256=" + mac(Array(token.utf8), consumerSecret: consumerSecret).base64EncodedString()
    }

    /// Whether `x-twitter-webhooks-signature` (`sha256=<base64>`) matches the body.
    public static func isValidSignature(_ header: String, body: [UInt8], consumerSecret: String) -> Bool {
        guard header.hasPrefix("sha256="), let provided = Data(base64Encoded: String(header.dropFirst(7))) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(
            provided, authenticating: body, using: SymmetricKey(data: Array(consumerSecret.utf8)))
    }

    /// The header value X would send for a body (for tests and tools).
    public static func signature(body: [UInt8], consumerSecret: String) -> String {
        "sha256=" + mac(body, consumerSecret: consumerSecret).base64EncodedString()
    }

    private static func mac(_ message: [UInt8], consumerSecret: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(consumerSecret.utf8))))
    }
}

/// Base64 for signatures: encoding a MAC and comparing texts in constant time.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Whether a byte may appear in standard, padded base64.
    static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F, 0x3D: true
        default: false
        }
    }

    /// Standard base64 with padding.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(value >> 18 & 63)])
            out.append(alphabet[Int(value >> 12 & 63)])
            out.append(alphabet[Int(value >> 6 & 63)])
            out.append(alphabet[Int(value & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(alphabet[Int(value >> 18 & 63)])
            out.append(alphabet[Int(value >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(value >> 6 & 63)] : 0x3D)
            out.append(0x3D)
        }
        return out
    }

    /// Equal length and bytes, in time that depends only on the length.
    static func constantTimeEqual(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

/// Hexadecimal encoding.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
