import Foundation

/// Turns the body of `POST /v1/mentions` into validated mentions.
///
/// The body is one mention object or `{"mentions": [ … ]}`. Every mistake is reported as a
/// ``ValidationError`` naming the field (`mentions[2].author.followers`), never as a crash.
public struct MentionPayloadDecoder: Sendable {
    /// Limits a payload must respect.
    public struct Limits: Sendable, Equatable {
        /// The most mentions one request may carry.
        public var maxBatchSize: Int = 500
        /// The longest `text`, in UTF-8 bytes.
        public var maxTextBytes: Int = 100_000
        /// The longest identifier (`id`, `thread_id`, `in_reply_to`).
        public var maxIdentifierLength: Int = 256

        /// The default limits.
        public init() {}
    }

    /// The limits this decoder enforces.
    public var limits: Limits

    /// Creates a decoder.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Decodes and validates a request body.
    /// - Parameter body: The raw bytes as received.
    /// - Returns: The mentions, in the order they appear in the body.
    /// - Throws: ``ValidationError`` naming the first offending field.
    public func decode(_ body: some Collection<UInt8>) throws -> [Mention] {
        let (items, isBatch) = try read(Array(body))
        if isBatch {
            guard !items.isEmpty else {
                throw ValidationError(.invalidField, "must hold at least one mention", field: "mentions")
            }
            guard items.count <= limits.maxBatchSize else {
                throw ValidationError(
                    .tooMany, "holds \(items.count) mentions; at most \(limits.maxBatchSize) per request",
                    field: "mentions")
            }
        }
        var mentions: [Mention] = []
        mentions.reserveCapacity(items.count)
        for (index, wire) in items.enumerated() {
            do {
                mentions.append(try validate(wire))
            } catch {
                throw isBatch ? error.nested(under: "mentions[\(index)]") : error
            }
        }
        return mentions
    }

    /// Reads the body's structure: one mention object, or `{"mentions": [...]}`.
    func read(_ bytes: [UInt8]) throws(ValidationError) -> (items: [MentionWire], isBatch: Bool) {
        var reader = JSONReader(bytes)
        var single = MentionWire()
        var items: [MentionWire] = []
        var isBatch = false
        do throws(JSONReader.Failure) {
            try reader.readObject(depth: 0, expected: "a JSON object") { (reader, key) throws(JSONReader.Failure) in
                guard key == "mentions" else {
                    try single.read(key, from: &reader, depth: 1, path: "")
                    return
                }
                isBatch = true
                if try reader.consumeNull() {
                    throw .invalid(ValidationError(.invalidField, "must be an array of mentions", field: "mentions"))
                }
                do throws(JSONReader.Failure) {
                    try reader.readArray(depth: 1) { (reader, position) throws(JSONReader.Failure) in
                        guard items.count < limits.maxBatchSize * 2 else {
                            throw .invalid(ValidationError(.tooMany, "holds too many mentions; at most \(limits.maxBatchSize) per request", field: "mentions"))
                        }
                        var wire = MentionWire()
                        try reader.readObject(depth: 2) { (reader, key) throws(JSONReader.Failure) in
                            try wire.read(key, from: &reader, depth: 3, path: "mentions[\(position)].")
                        }
                        items.append(wire)
                    }
                } catch .typeMismatch(let expected, nil) {
                    throw .typeMismatch(expected: expected == "an array" ? "an array of mentions" : expected, field: "mentions")
                }
            }
            try reader.expectEnd()
        } catch {
            switch error {
            case .malformed:
                throw ValidationError(.malformed, "the body is not valid JSON (or not UTF-8)")
            case .typeMismatch(_, nil):
                throw ValidationError(.unsupportedShape, "the body must be a JSON object")
            case .typeMismatch(let expected, let field?):
                throw ValidationError(.invalidField, "must be \(expected)", field: field)
            case .invalid(let error):
                throw error
            }
        }
        return (isBatch ? items : [single], isBatch)
    }

    /// Validates one decoded mention object.
    func validate(_ wire: MentionWire) throws(ValidationError) -> Mention {
        guard let id = wire.id else { throw ValidationError(.missingField, "is required", field: "id") }
        try checkIdentifier(id, field: "id")
        guard let rawSource = wire.source else { throw ValidationError(.missingField, "is required", field: "source") }
        let source = try Self.checkedSource(rawSource)
        guard let text = wire.text else { throw ValidationError(.missingField, "is required", field: "text") }
        guard !text.isBlank else {
            throw ValidationError(.invalidField, "must not be empty", field: "text")
        }
        guard text.utf8.count <= limits.maxTextBytes else {
            throw ValidationError(.invalidField, "is longer than \(limits.maxTextBytes) bytes", field: "text")
        }
        try Self.checkNoNUL(text, field: "text")
        let url = try Self.validURL(wire.url, field: "url")
        let language = try Self.validLanguage(wire.language)
        var createdAt: Date?
        if let created = wire.createdAt, !created.isEmpty {
            guard let date = RFC3339.parse(created) else {
                throw ValidationError(
                    .invalidField, "must be an RFC 3339 timestamp such as 2026-11-21T10:00:00Z", field: "created_at")
            }
            createdAt = date
        }
        let threadID = wire.threadID?.nonEmpty
        if let threadID { try checkIdentifier(threadID, field: "thread_id") }
        let inReplyTo = wire.inReplyTo?.nonEmpty
        if let inReplyTo { try checkIdentifier(inReplyTo, field: "in_reply_to") }
        let brand = wire.brand?.trimmed.nonEmpty
        if let brand, brand.count > 256 {
            throw ValidationError(.invalidField, "is longer than 256 characters", field: "brand")
        }
        if let brand { try Self.checkNoNUL(brand, field: "brand") }
        var author: MentionAuthor?
        if let wireAuthor = wire.author { author = try validate(wireAuthor) }
        var metrics: MentionMetrics?
        if let wireMetrics = wire.metrics { metrics = try validate(wireMetrics) }
        return Mention(
            externalID: id,
            source: source,
            text: text,
            url: url,
            language: language,
            createdAt: createdAt,
            author: author,
            threadExternalID: threadID,
            inReplyTo: inReplyTo,
            brand: brand,
            metrics: metrics
        )
    }

    private func validate(_ author: MentionWire.AuthorWire) throws(ValidationError) -> MentionAuthor? {
        var handle = author.handle?.trimmed
        if handle?.hasPrefix("@") == true { handle?.removeFirst() }
        if let handle, handle.count > 256 {
            throw ValidationError(.invalidField, "is longer than 256 characters", field: "author.handle")
        }
        if let followers = author.followers, followers < 0 {
            throw ValidationError(.invalidField, "must not be negative", field: "author.followers")
        }
        for (name, value) in [("handle", handle), ("name", author.name), ("bio", author.bio)] {
            if let value { try Self.checkNoNUL(value, field: "author.\(name)") }
        }
        let result = MentionAuthor(
            handle: handle?.nonEmpty, name: author.name?.trimmed.nonEmpty, bio: author.bio?.nonEmpty,
            followers: author.followers, verified: author.verified)
        return result == MentionAuthor() ? nil : result
    }

    private func validate(_ metrics: MentionWire.MetricsWire) throws(ValidationError) -> MentionMetrics? {
        for (name, value) in [("likes", metrics.likes), ("shares", metrics.shares), ("replies", metrics.replies)] {
            if let value, value < 0 {
                throw ValidationError(.invalidField, "must not be negative", field: "metrics.\(name)")
            }
        }
        let result = MentionMetrics(likes: metrics.likes, shares: metrics.shares, replies: metrics.replies)
        return result == MentionMetrics() ? nil : result
    }

    /// Text stored in SQLite is read back up to its first NUL: refuse NULs rather than lose what follows.
    static func checkNoNUL(_ value: String, field: String) throws(ValidationError) {
        guard !value.utf8.contains(0) else {
            throw ValidationError(.invalidField, "must not contain NUL characters (\\u0000)", field: field)
        }
    }

    /// Checks a mention built by a source adapter with the rules ingest applies to
    /// `POST /v1/mentions`: identifiers and text are refused when invalid (naming `prefix.field`);
    /// counts a source reports as negative are dropped, as noise.
    public func checked(_ mention: Mention, field prefix: String) throws -> Mention {
        try checkedMention(mention, field: prefix)
    }

    func checkedMention(_ mention: Mention, field prefix: String) throws(ValidationError) -> Mention {
        do throws(ValidationError) {
            var result = mention
            try checkIdentifier(mention.externalID, field: "id")
            guard !mention.text.isBlank else { throw ValidationError(.invalidField, "must not be empty", field: "text") }
            guard mention.text.utf8.count <= limits.maxTextBytes else {
                throw ValidationError(.invalidField, "is longer than \(limits.maxTextBytes) bytes", field: "text")
            }
            try Self.checkNoNUL(mention.text, field: "text")
            if let thread = mention.threadExternalID { try checkIdentifier(thread, field: "thread_id") }
            if let parent = mention.inReplyTo { try checkIdentifier(parent, field: "in_reply_to") }
            result.brand = mention.brand.map { String($0.replacingOccurrences(of: "\0", with: "").prefix(256)) }
            if var author = mention.author {
                if let followers = author.followers, followers < 0 { author.followers = nil }
                author.handle = author.handle.map { String($0.replacingOccurrences(of: "\0", with: "").prefix(256)) }
                author.name = author.name?.replacingOccurrences(of: "\0", with: "")
                author.bio = author.bio?.replacingOccurrences(of: "\0", with: "")
                result.author = author
            }
            if var metrics = mention.metrics {
                if let likes = metrics.likes, likes < 0 { metrics.likes = nil }
                if let shares = metrics.shares, shares < 0 { metrics.shares = nil }
                if let replies = metrics.replies, replies < 0 { metrics.replies = nil }
                result.metrics = metrics
            }
            return result
        } catch {
            throw error.nested(under: prefix)
        }
    }

    private func checkIdentifier(_ value: String, field: String) throws(ValidationError) {
        guard !value.isEmpty else { throw ValidationError(.invalidField, "must not be empty", field: field) }
        guard value.count <= limits.maxIdentifierLength else {
            throw ValidationError(
                .invalidField, "is longer than \(limits.maxIdentifierLength) characters", field: field)
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw ValidationError(.invalidField, "must not contain control characters", field: field)
        }
    }

    /// Lower-cases a source name and checks it is a short token (`x`, `meltwater`, `news.rss`).
    /// - Throws: ``ValidationError`` naming `field`.
    public static func normaliseSource(_ raw: String, field: String = "source") throws -> String {
        try checkedSource(raw, field: field)
    }

    static func checkedSource(_ raw: String, field: String = "source") throws(ValidationError) -> String {
        let trimmed = raw.trimmed
        let source = trimmed.utf8.contains(where: { (0x41...0x5A).contains($0) || $0 >= 0x80 }) ? trimmed.lowercased() : trimmed
        guard !source.isEmpty else { throw ValidationError(.invalidField, "must not be empty", field: field) }
        guard source.utf8.count <= 64,
            source.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D })
        else {
            throw ValidationError(
                .invalidField, "must be at most 64 characters of a-z, 0-9, '.', '_' or '-'", field: field)
        }
        return source
    }

    static func validURL(_ raw: String?, field: String) throws(ValidationError) -> String? {
        guard let raw = raw?.trimmed.nonEmpty else { return nil }
        // An absolute http(s) URL: scheme, a non-empty host, and no white space or control characters.
        let bytes = Array(raw.utf8)
        let schemeLength: Int
        if bytes.count > 8, bytes[0..<8].map({ $0 | 0x20 }) == Array("https://".utf8) {
            schemeLength = 8
        } else if bytes.count > 7, bytes[0..<7].map({ $0 | 0x20 }) == Array("http://".utf8) {
            schemeLength = 7
        } else {
            throw ValidationError(.invalidField, "must be an absolute http(s) URL", field: field)
        }
        let hostEnd = bytes[schemeLength...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? bytes.count
        guard bytes.count <= 2048, hostEnd > schemeLength, bytes[schemeLength] != 0x3A, bytes[schemeLength] != 0x40,
            !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x3C || $0 == 0x3E || $0 == 0x5C })
        else {
            throw ValidationError(.invalidField, "must be an absolute http(s) URL", field: field)
        }
        return raw
    }

    static func validLanguage(_ raw: String?) throws(ValidationError) -> String? {
        guard let raw = raw?.trimmed.nonEmpty else { return nil }
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let isLetters: (String) -> Bool = { $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } }
        guard let primary = parts.first, (2...3).contains(primary.count), isLetters(primary),
            parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) } })
        else {
            throw ValidationError(.invalidField, "must be a language tag such as en, fr or fr-CA", field: "language")
        }
        return ([primary.lowercased()] + parts.dropFirst()).joined(separator: "-")
    }
}

// MARK: - Wire format

/// One mention object as read from JSON, before validation.
struct MentionWire {
    var id: String?
    var source: String?
    var text: String?
    var url: String?
    var language: String?
    var createdAt: String?
    var author: AuthorWire?
    var threadID: String?
    var inReplyTo: String?
    var brand: String?
    var metrics: MetricsWire?

    struct AuthorWire {
        var handle: String?
        var name: String?
        var bio: String?
        var followers: Int?
        var verified: Bool?
    }

    struct MetricsWire {
        var likes: Int?
        var shares: Int?
        var replies: Int?
    }

    /// Reads the value of `key`; unknown keys are validated and skipped.
    mutating func read(_ key: String, from reader: inout JSONReader, depth: Int, path: String) throws(JSONReader.Failure) {
        func field<T>(_ name: String, _ read: (inout JSONReader) throws(JSONReader.Failure) -> T) throws(JSONReader.Failure) -> T {
            do throws(JSONReader.Failure) {
                return try read(&reader)
            } catch .typeMismatch(let expected, nil) {
                throw .typeMismatch(expected: expected, field: path + name)
            }
        }
        /// Reads a nested object (`null` reads as absent); `readKey` returns false for keys it
        /// does not know, which are then validated and skipped.
        func nestedObject(_ name: String, _ readKey: (inout JSONReader, String) throws(JSONReader.Failure) -> Bool) throws(JSONReader.Failure) -> Bool {
            if try reader.consumeNull() { return false }
            try field(name) { (r) throws(JSONReader.Failure) in
                try r.readObject(depth: depth) { (r, key) throws(JSONReader.Failure) in
                    do throws(JSONReader.Failure) {
                        if try !readKey(&r, key) { try r.skipValue(depth: depth + 1) }
                    } catch .typeMismatch(let expected, nil) {
                        throw .typeMismatch(expected: expected, field: "\(path)\(name).\(key)")
                    }
                }
            }
            return true
        }
        switch key {
        case "id": id = try field("id") { (r) throws(JSONReader.Failure) in try r.identifier() }
        case "source": source = try field("source") { (r) throws(JSONReader.Failure) in try r.string() }
        case "text": text = try field("text") { (r) throws(JSONReader.Failure) in try r.string() }
        case "url": url = try field("url") { (r) throws(JSONReader.Failure) in try r.string() }
        case "language": language = try field("language") { (r) throws(JSONReader.Failure) in try r.string() }
        case "created_at": createdAt = try field("created_at") { (r) throws(JSONReader.Failure) in try r.string() }
        case "thread_id": threadID = try field("thread_id") { (r) throws(JSONReader.Failure) in try r.identifier() }
        case "in_reply_to": inReplyTo = try field("in_reply_to") { (r) throws(JSONReader.Failure) in try r.identifier() }
        case "brand": brand = try field("brand") { (r) throws(JSONReader.Failure) in try r.string() }
        case "author":
            var author = AuthorWire()
            let present = try nestedObject("author") { (r, key) throws(JSONReader.Failure) in
                switch key {
                case "handle": author.handle = try r.string()
                case "name": author.name = try r.string()
                case "bio": author.bio = try r.string()
                case "followers": author.followers = try r.wholeNumber()
                case "verified": author.verified = try r.bool()
                default: return false
                }
                return true
            }
            if present { self.author = author }
        case "metrics":
            var metrics = MetricsWire()
            let present = try nestedObject("metrics") { (r, key) throws(JSONReader.Failure) in
                switch key {
                case "likes": metrics.likes = try r.wholeNumber()
                case "shares": metrics.shares = try r.wholeNumber()
                case "replies": metrics.replies = try r.wholeNumber()
                default: return false
                }
                return true
            }
            if present { self.metrics = metrics }
        default:
            try reader.skipValue(depth: depth)
        }
    }
}

extension String {
    /// Without leading and trailing white space. Most values have none; checking the first and
    /// last bytes first skips Foundation's (slow) trimming for them.
    var trimmed: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if isPlain(first), isPlain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var nonEmpty: String? { isEmpty ? nil : self }

    /// Whether every character is white space (an empty string counts).
    var isBlank: Bool {
        for byte in utf8 where byte > 0x20 && byte < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }
}
