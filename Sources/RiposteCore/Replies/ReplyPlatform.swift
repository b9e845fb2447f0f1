import Foundation

/// Where a reply will be posted, and how long it may be there.
public enum ReplyPlatform: String, Sendable, Codable, CaseIterable {
    case x, facebook, instagram, linkedin, reddit, tiktok, youtube, threads, bluesky, mastodon, web

    /// The platform of a mention's `source`, `web` when unknown.
    public init(source: String) {
        switch source.lowercased() {
        case "x", "twitter": self = .x
        default: self = ReplyPlatform(rawValue: source.lowercased()) ?? .web
        }
    }

    /// The platform a reply goes to: the source when it is a platform; for an aggregator
    /// (`meltwater`, …) the post URL's host; when neither tells, X's 280 characters, the
    /// strictest common limit, so a reply never ends up too long.
    public init(source: String, url: String?) {
        let direct = ReplyPlatform(source: source)
        if direct != .web { self = direct; return }
        let host = url.flatMap { URL(string: $0)?.host?.lowercased() } ?? ""
        let hosts: [(String, ReplyPlatform)] = [
            ("x.com", .x), ("twitter.com", .x), ("facebook.com", .facebook), ("instagram.com", .instagram), ("linkedin.com", .linkedin),
            ("reddit.com", .reddit), ("tiktok.com", .tiktok), ("youtube.com", .youtube), ("threads.net", .threads), ("bsky.app", .bluesky),
        ]
        if let match = hosts.first(where: { host == $0.0 || host.hasSuffix("." + $0.0) }) {
            self = match.1
        } else {
            self = source.lowercased() == "web" ? .web : .x
        }
    }

    /// The longest reply the platform accepts, in its own counting.
    public var limit: Int {
        switch self {
        case .x: 280
        case .facebook: 8_000
        case .instagram: 2_200
        case .linkedin: 1_250
        case .reddit: 10_000
        case .tiktok: 150
        case .youtube: 10_000
        case .threads: 500
        case .bluesky: 300
        case .mastodon: 500
        case .web: 2_000
        }
    }

    /// A reply's length as the platform counts it: on X every URL counts as 23 characters
    /// (t.co wrapping); elsewhere, characters.
    public func length(of text: String) -> Int {
        guard self == .x else { return text.count }
        // Every character counts once, except that each URL counts 23 whatever its length.
        var length = text.count
        for word in text.split(separator: " ") where Self.isURL(word) {
            length += 23 - word.count
        }
        return length
    }

    /// Whether a word starts with `http://` or `https://`, in any case (compared on bytes:
    /// this runs for every variant of every suggestion).
    static func isURL(_ word: Substring) -> Bool {
        var bytes = word.utf8.prefix(8).makeIterator()
        for expected in "http".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
        }
        var next = bytes.next()
        if next.map({ $0 | 0x20 }) == UInt8(ascii: "s") { next = bytes.next() }
        guard next == UInt8(ascii: ":"), bytes.next() == UInt8(ascii: "/"), bytes.next() == UInt8(ascii: "/") else { return false }
        return true
    }

    /// Whether `text` fits.
    public func fits(_ text: String) -> Bool {
        length(of: text) <= limit
    }
}
