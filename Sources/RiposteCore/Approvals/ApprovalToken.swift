import Crypto
import Foundation

/// What a token is for: each endpoint accepts only its own kind, so a button value copied from a
/// Slack message cannot be replayed on the Mattermost endpoint or as a link.
public enum ApprovalPurpose: String, Sendable, Equatable {
    /// A Slack button (the clicker is identified by Slack's signed user id).
    case slack
    /// A Mattermost button (the clicker is identified by `user_id`).
    case mattermost
    /// A signed link for one named approver.
    case link
    /// Acknowledging a page: a Slack button, a Mattermost button, a link for one responder.
    case pageSlack = "page_slack"
    case pageMattermost = "page_mattermost"
    case pageLink = "page_link"

    /// Whether the token names its person (links) rather than leaving it to the platform (buttons).
    public var isPersonal: Bool { self == .link || self == .pageLink }
}

/// What a signed approval token says: what it is for, which escalation, at which level, for whom
/// (empty for a channel button, whose clicker is identified by the platform), until when.
public struct ApprovalClaims: Sendable, Equatable {
    public var purpose: ApprovalPurpose
    public var escalationID: String
    public var level: Int
    public var approver: String
    public var expires: Date

    /// Creates claims.
    public init(purpose: ApprovalPurpose = .link, escalationID: String, level: Int, approver: String, expires: Date) {
        self.purpose = purpose
        self.escalationID = escalationID
        self.level = level
        self.approver = approver
        self.expires = expires
    }
}

/// HMAC-SHA256-signed tokens for decision buttons and approval links:
/// `base64url(escalation|level|approver|expiry).base64url(mac)`. A token for an old level, a
/// tampered one or an expired one verifies to nothing.
public struct ApprovalTokens: Sendable {
    private let key: SymmetricKey
    private let digestKey: SymmetricKey

    /// Tokens keyed by `secret` (`approvals.secret`).
    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Array("riposte-approvals:\(secret)".utf8)))
        digestKey = SymmetricKey(data: SHA256.hash(data: Array("riposte-approval-digests:\(secret)".utf8)))
    }

    /// A token for the claims.
    public func token(_ claims: ApprovalClaims) -> String {
        let payload = Array("\(claims.purpose.rawValue)|\(claims.escalationID)|\(claims.level)|\(claims.approver)|\(Int64(claims.expires.timeIntervalSince1970))".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64URL(payload) + "." + Self.base64URL(Array(mac))
    }

    /// The claims of a genuine, unexpired token made for `purpose`.
    public func verify(_ token: String, for purpose: ApprovalPurpose, now: Date) -> Result<ApprovalClaims, ApprovalRefusal> {
        switch verify(token, now: now) {
        case .success(let claims) where claims.purpose != purpose: .failure(.tampered)
        case .success(let claims) where purpose.isPersonal == claims.approver.isEmpty: .failure(.tampered)
        case let other: other
        }
    }

    /// The claims of a genuine, unexpired token, whatever it is for.
    public func verify(_ token: String, now: Date) -> Result<ApprovalClaims, ApprovalRefusal> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.decode(parts[0]), let mac = Self.decode(parts[1]) else { return .failure(.tampered) }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else { return .failure(.tampered) }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, let purpose = ApprovalPurpose(rawValue: fields[0]), let level = Int(fields[2]), let expiry = Int64(fields[4]) else {
            return .failure(.tampered)
        }
        let expires = Date(timeIntervalSince1970: Double(expiry))
        guard expires > now else { return .failure(.expired) }
        return .success(ApprovalClaims(purpose: purpose, escalationID: fields[1], level: level, approver: fields[3], expires: expires))
    }

    /// A keyed hash of a string (CSRF values, replay keys), hex.
    public func digest(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: digestKey).map { String(format: "%02x", $0) }.joined()
    }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}

/// Why a decision was refused: each is answered to the person and audited.
public enum ApprovalRefusal: String, Error, Sendable, Equatable {
    case tampered = "token_invalid"
    case expired = "token_expired"
    case used = "link_used"
    case badSignature = "signature_invalid"
    case staleTimestamp = "timestamp_stale"
    case replayed = "replayed"
    case notAnApprover = "not_an_approver"
    case notAtThisLevel = "not_at_this_level"
    case staleLevel = "stale_level"
    case alreadyDecided = "already_decided"
    case alreadyVoted = "already_voted"
    case csrf = "csrf_invalid"
    case unknownEscalation = "unknown_escalation"

    /// A sentence for the person refused.
    public var message: String {
        switch self {
        case .tampered: "This approval link or button is not valid."
        case .expired: "This approval link has expired."
        case .used: "This approval link has already been used."
        case .badSignature: "The request was not signed by the chat platform."
        case .staleTimestamp: "The request is too old (more than 5 minutes)."
        case .replayed: "This request was already received."
        case .notAnApprover: "You are not in Riposte's approver directory, so you cannot decide on this reply."
        case .notAtThisLevel: "You are not an approver at this escalation's current level."
        case .staleLevel: "This escalation has moved on to another level since this message was sent."
        case .alreadyDecided: "This escalation has already been decided."
        case .alreadyVoted: "You have already decided on this escalation."
        case .csrf: "The form could not be verified (CSRF). Open the link again."
        case .unknownEscalation: "No such escalation."
        }
    }
}
