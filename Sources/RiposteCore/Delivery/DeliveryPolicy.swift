import Foundation

/// What to do after one delivery attempt.
public enum DeliveryVerdict: Sendable, Equatable {
    /// The receiver has it.
    case delivered
    /// Try again no sooner than this many seconds from now.
    case retry(after: TimeInterval, reason: String)
    /// Retrying cannot help: dead letter, and tell an operator.
    case dead(reason: String)
}

/// How one attempt ended, as the HTTP client saw it.
public struct DeliveryAttemptOutcome: Sendable, Equatable {
    /// The HTTP status, when a response came back.
    public var status: Int?
    /// The `Retry-After` header, if any.
    public var retryAfterHeader: String?
    /// The response body (the first few kilobytes).
    public var body: String
    /// The transport error (timeout, connection refused…), when there was no response.
    public var transportError: String?

    /// Creates an outcome.
    public init(status: Int?, retryAfterHeader: String? = nil, body: String = "", transportError: String? = nil) {
        self.status = status
        self.retryAfterHeader = retryAfterHeader
        self.body = body
        self.transportError = transportError
    }
}

/// Retry rules for chat deliveries: transient failures (5xx, 429, timeouts, connection errors) are
/// retried with exponential backoff and full jitter, honouring `Retry-After` and Discord's
/// `retry_after`; other 4xx are permanent (Slack 400/403/404/410, Discord 404, …) and go to dead
/// letters instead of being retried forever; after `maxAttempts` a message is dead too.
public struct DeliveryPolicy: Sendable, Equatable {
    /// The first backoff, in seconds.
    public var baseDelay: TimeInterval = 1
    /// The longest backoff, in seconds.
    public var maxDelay: TimeInterval = 300
    /// Attempts before giving up.
    public var maxAttempts = 12
    /// The longest `Retry-After` honoured as such (longer waits are capped here).
    public var maxRetryAfter: TimeInterval = 3_600

    /// The defaults.
    public init() {}

    /// The verdict on an attempt.
    /// - Parameters:
    ///   - outcome: What happened.
    ///   - attempt: Which attempt it was (1 for the first).
    ///   - random: A number in `0..<1` for the jitter (injected, so tests are exact).
    ///   - now: The current time, for `Retry-After` given as an HTTP date.
    public func verdict(for outcome: DeliveryAttemptOutcome, attempt: Int, random: Double, now: Date) -> DeliveryVerdict {
        let backoff = self.backoff(attempt: attempt, random: random)
        guard let status = outcome.status else {
            let reason = outcome.transportError ?? "no response"
            return attempt >= maxAttempts ? .dead(reason: "gave up after \(attempt) attempts: \(reason)") : .retry(after: backoff, reason: reason)
        }
        switch status {
        case 200..<300:
            return .delivered
        case 429:
            let wait = Self.retryAfter(header: outcome.retryAfterHeader, body: outcome.body, now: now).map { min($0, maxRetryAfter) } ?? backoff
            return attempt >= maxAttempts ? .dead(reason: "gave up after \(attempt) attempts: rate limited") : .retry(after: wait, reason: "429 rate limited")
        case 408, 425, 500..<600:
            let wait = Self.retryAfter(header: outcome.retryAfterHeader, body: outcome.body, now: now).map { min($0, maxRetryAfter) } ?? backoff
            let reason = "\(status)\(Self.snippet(outcome.body))"
            return attempt >= maxAttempts ? .dead(reason: "gave up after \(attempt) attempts: \(reason)") : .retry(after: wait, reason: reason)
        default:
            return .dead(reason: "\(status)\(Self.snippet(outcome.body)): permanent, not retried")
        }
    }

    /// Exponential backoff with full jitter: a random wait up to `base × 2^(attempt-1)`, capped,
    /// and never under half a second.
    public func backoff(attempt: Int, random: Double) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return max(0.5, ceiling * min(max(random, 0), 1))
    }

    /// Seconds to wait from `Retry-After` (seconds or an HTTP date) or a JSON body's
    /// `retry_after` (Discord: float seconds).
    public static func retryAfter(header: String?, body: String, now: Date) -> TimeInterval? {
        if let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty {
            if let seconds = Double(header), seconds >= 0 { return seconds }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            if let date = formatter.date(from: header) { return max(0, date.timeIntervalSince(now)) }
        }
        if body.contains("retry_after"), let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
           let seconds = (object["retry_after"] as? NSNumber)?.doubleValue, seconds >= 0 {
            return seconds
        }
        return nil
    }

    private static func snippet(_ body: String) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : " \(trimmed.prefix(120))"
    }
}
