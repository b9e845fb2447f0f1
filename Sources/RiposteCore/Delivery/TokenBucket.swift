import Foundation

/// A token bucket: `rate` tokens a second, holding at most `burst`. Pure: the caller passes the time.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens added per second.
    public let rate: Double
    /// The most tokens held.
    public let burst: Double
    private var tokens: Double
    private var updated: Date

    /// A full bucket.
    public init(rate: Double, burst: Double, now: Date) {
        self.rate = rate
        self.burst = max(1, burst)
        tokens = max(1, burst)
        updated = now
    }

    /// Takes a token when one is there; otherwise says how long until one is.
    /// - Returns: `nil` when a token was taken, else the seconds to wait.
    public mutating func take(now: Date) -> TimeInterval? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / rate
    }

    private mutating func refill(_ now: Date) {
        let elapsed = now.timeIntervalSince(updated)
        if elapsed > 0 {
            tokens = min(burst, tokens + elapsed * rate)
            updated = now
        }
    }

    /// The documented rate of each platform (messages per second), the default of `rate_limit`.
    public static func defaultRate(for type: RiposteConfiguration.DestinationType) -> Double {
        switch type {
        case .slack, .slackBot: 1
        case .teams: 4
        case .googleChat: 1
        case .discord: 0.5
        case .mattermost: 10
        case .webhook: 10
        case .console: 1_000
        }
    }
}
