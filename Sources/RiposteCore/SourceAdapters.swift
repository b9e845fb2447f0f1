import Foundation

/// Maps X (Twitter) Account Activity API deliveries to mentions.
///
/// Only `tweet_create_events` carry mentions; other event arrays (favourites, follows, deletes,
/// direct messages) are acknowledged and ignored. Posts written by the subscribed account itself
/// (`user.id_str == for_user_id`) are the brand's own posts and are skipped.
public enum XActivityMapper {
    /// The mentions in a delivery, and the names of event arrays that were ignored.
    public struct Result: Sendable, Equatable {
        /// Mentions, in delivery order.
        public var mentions: [Mention]
        /// Event arrays present but not mapped (`favorite_events`, …).
        public var ignoredEvents: [String]
        /// How many of the account's own posts were skipped.
        public var skippedOwnPosts: Int
    }

    /// Maps a delivery body.
    /// - Throws: ``ValidationError`` naming the missing or malformed field.
    public static func map(_ body: [UInt8]) throws -> Result {
        let root = try JSONObject.parse(body)
        guard let forUser = root.string("for_user_id") else {
            throw ValidationError(.unsupportedShape, "not an Account Activity delivery: for_user_id is missing", field: "for_user_id")
        }
        let ignored = root.keys.filter { $0.hasSuffix("_events") && $0 != "tweet_create_events" }.sorted()
        guard let events = root.value["tweet_create_events"] else {
            guard !ignored.isEmpty else {
                throw ValidationError(.unsupportedShape, "no event array found (expected tweet_create_events)", field: "tweet_create_events")
            }
            return Result(mentions: [], ignoredEvents: ignored, skippedOwnPosts: 0)
        }
        guard let list = events as? [Any] else {
            throw ValidationError(.invalidField, "must be an array", field: "tweet_create_events")
        }
        var mentions: [Mention] = []
        var skipped = 0
        let checker = MentionPayloadDecoder()
        for (index, element) in list.enumerated() {
            let path = "tweet_create_events[\(index)]"
            guard let tweet = JSONObject(element) else {
                throw ValidationError(.invalidField, "must be an object", field: path)
            }
            guard let id = tweet.string("id_str") ?? tweet.string("id") else {
                throw ValidationError(.missingField, "is required", field: "\(path).id_str")
            }
            let user = tweet.object("user")
            if let userID = user?.string("id_str"), userID == forUser {
                skipped += 1
                continue
            }
            let text =
                tweet.object("extended_tweet")?.string("full_text") ?? tweet.string("full_text") ?? tweet.string("text")
            guard let text, !text.isEmpty else {
                throw ValidationError(.missingField, "is required", field: "\(path).text")
            }
            let handle = user?.string("screen_name")
            let language = tweet.string("lang").flatMap { $0 == "und" ? nil : $0 }
            let mention = Mention(
                    externalID: id,
                    source: "x",
                    text: text,
                    url: handle.map { "https://x.com/\($0)/status/\(id)" },
                    language: (try? MentionPayloadDecoder.validLanguage(language)) ?? nil,
                    createdAt: tweet.string("created_at").flatMap(parseTwitterDate),
                    author: user.map {
                        MentionAuthor(
                            handle: handle, name: $0.string("name"), bio: $0.string("description"),
                            followers: $0.int("followers_count"), verified: $0.bool("verified"))
                    },
                    threadExternalID: nil,
                    inReplyTo: tweet.string("in_reply_to_status_id_str"),
                    metrics: MentionMetrics(
                        likes: tweet.int("favorite_count"), shares: tweet.int("retweet_count"),
                        replies: tweet.int("reply_count"))
                )
            mentions.append(try checker.checkedMention(mention, field: path))
        }
        return Result(mentions: mentions, ignoredEvents: ignored, skippedOwnPosts: skipped)
    }

    /// Parses X's v1.1 date format, `Wed Oct 01 12:00:00 +0000 2026`.
    public static func parseTwitterDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, let month = months.firstIndex(of: String(parts[1])), parts[2].count <= 2,
            parts[4].count == 5
        else { return nil }
        let day = parts[2].count == 1 ? "0\(parts[2])" : String(parts[2])
        let offset = parts[4]
        let zone = "\(offset.prefix(3)):\(offset.suffix(2))"
        let monthText = month + 1 < 10 ? "0\(month + 1)" : "\(month + 1)"
        return RFC3339.parse("\(parts[5])-\(monthText)-\(day)T\(parts[3])\(zone)")
    }
}

/// Maps Meltwater Listening "hooks" deliveries (`{"request": {...}, "documents": [...]}`) to mentions.
///
/// Document fields vary with the hook's output template, so each field is looked up under the
/// names the templates use; a document without an id or any text is refused, naming the field.
public enum MeltwaterMapper {
    /// Maps a delivery body.
    /// - Throws: ``ValidationError`` naming the missing field.
    public static func map(_ body: [UInt8]) throws -> [Mention] {
        let root = try JSONObject.parse(body)
        guard let documents = root.value["documents"] else {
            throw ValidationError(.unsupportedShape, "not a Meltwater delivery: documents is missing", field: "documents")
        }
        guard let list = documents as? [Any] else {
            throw ValidationError(.invalidField, "must be an array", field: "documents")
        }
        let checker = MentionPayloadDecoder()
        return try list.enumerated().map { (index, element) throws(ValidationError) -> Mention in
            let path = "documents[\(index)]"
            guard let document = JSONObject(element) else {
                throw ValidationError(.invalidField, "must be an object", field: path)
            }
            guard let id = document.first(string: ["id", "document_id", "external_id"]) else {
                throw ValidationError(.missingField, "is required (looked for id, document_id)", field: "\(path).id")
            }
            let content = document.object("content")
            let title = content?.string("title") ?? document.string("title")
            let body =
                content?.string("body") ?? content?.string("opening_text") ?? document.first(string: ["body", "opening_text", "text", "content"])
            let text = [title, body].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "\n\n")
            guard !text.isEmpty else {
                throw ValidationError(.missingField, "is required (looked for content.body, content.opening_text, content.title)", field: "\(path).content")
            }
            let author = document.object("author")
            let metrics = document.object("metrics")
            let source = document.object("source")
            let rawLanguage = document.first(string: ["language", "lang", "language_code"]) ?? content?.string("language")
            let published = document.first(string: ["published_date", "published_at", "date", "published"])
            let mention = Mention(
                externalID: id,
                source: "meltwater",
                text: text,
                url: (try? MentionPayloadDecoder.validURL(document.first(string: ["url", "document_url"]), field: "url")) ?? nil,
                language: (try? MentionPayloadDecoder.validLanguage(rawLanguage)) ?? nil,
                createdAt: published.flatMap(RFC3339.parse),
                author: author.map {
                    MentionAuthor(
                        handle: $0.first(string: ["handle", "username", "screen_name", "external_id"]),
                        name: $0.string("name"), bio: $0.first(string: ["bio", "description"]),
                        followers: $0.int("followers") ?? $0.int("follower_count") ?? metrics?.int("reach") ?? source?.int("reach"),
                        verified: $0.bool("verified"))
                },
                threadExternalID: document.first(string: ["thread_id", "conversation_id"]),
                inReplyTo: document.first(string: ["in_reply_to", "parent_id"]),
                brand: document.first(string: ["input_name", "search_name"]),
                metrics: metrics.map {
                    MentionMetrics(likes: $0.int("likes"), shares: $0.int("shares"), replies: $0.int("replies") ?? $0.int("comments"))
                }
            )
            return try checker.checkedMention(mention, field: path)
        }
    }
}

/// A loosely-typed JSON object for the source adapters, whose payloads vary.
struct JSONObject {
    var value: [String: Any]

    init?(_ any: Any) {
        guard let dictionary = any as? [String: Any] else { return nil }
        value = dictionary
    }

    static func parse(_ body: [UInt8]) throws(ValidationError) -> JSONObject {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw ValidationError(.malformed, "the body is not valid JSON (or not UTF-8)")
        }
        guard let object = JSONObject(any) else {
            throw ValidationError(.unsupportedShape, "the body must be a JSON object")
        }
        return object
    }

    var keys: [String] { Array(value.keys) }

    func object(_ key: String) -> JSONObject? { value[key].flatMap(JSONObject.init) }

    func string(_ key: String) -> String? {
        switch value[key] {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber where !Self.isBool(number): return number.stringValue
        default: return nil
        }
    }

    func first(string keys: [String]) -> String? {
        for key in keys { if let found = string(key) { return found } }
        return nil
    }

    func int(_ key: String) -> Int? {
        switch value[key] {
        case let number as NSNumber where !Self.isBool(number): return number.intValue
        case let text as String: return Int(text)
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch value[key] {
        case let flag as Bool: return flag
        case let text as String: return text == "true" ? true : (text == "false" ? false : nil)
        default: return nil
        }
    }

    private static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c" && (number == true as NSNumber || number == false as NSNumber)
    }
}
