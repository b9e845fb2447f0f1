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
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch let error as ValidationError {
            throw error
        } catch let error as DecodingError {
            throw ValidationError(decoding: error)
        } catch {
            throw ValidationError(.malformed, "the body is not valid JSON")
        }
        if envelope.isBatch {
            guard !envelope.items.isEmpty else {
                throw ValidationError(.invalidField, "must hold at least one mention", field: "mentions")
            }
            guard envelope.items.count <= limits.maxBatchSize else {
                throw ValidationError(
                    .tooMany, "holds \(envelope.items.count) mentions; at most \(limits.maxBatchSize) per request",
                    field: "mentions")
            }
        }
        var mentions: [Mention] = []
        mentions.reserveCapacity(envelope.items.count)
        for (index, wire) in envelope.items.enumerated() {
            do {
                mentions.append(try validate(wire))
            } catch {
                throw envelope.isBatch ? error.nested(under: "mentions[\(index)]") : error
            }
        }
        return mentions
    }

    /// Validates one decoded mention object.
    func validate(_ wire: MentionWire) throws(ValidationError) -> Mention {
        guard let id = wire.id?.value else { throw ValidationError(.missingField, "is required", field: "id") }
        try checkIdentifier(id, field: "id")
        guard let rawSource = wire.source else { throw ValidationError(.missingField, "is required", field: "source") }
        let source = try Self.checkedSource(rawSource)
        guard let text = wire.text else { throw ValidationError(.missingField, "is required", field: "text") }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw ValidationError(.invalidField, "must not be empty", field: "text")
        }
        guard text.utf8.count <= limits.maxTextBytes else {
            throw ValidationError(.invalidField, "is longer than \(limits.maxTextBytes) bytes", field: "text")
        }
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
        let threadID = wire.threadID?.value.nonEmpty
        if let threadID { try checkIdentifier(threadID, field: "thread_id") }
        let inReplyTo = wire.inReplyTo?.value.nonEmpty
        if let inReplyTo { try checkIdentifier(inReplyTo, field: "in_reply_to") }
        let brand = wire.brand?.trimmed.nonEmpty
        if let brand, brand.count > 256 {
            throw ValidationError(.invalidField, "is longer than 256 characters", field: "brand")
        }
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

    private func validate(_ author: AuthorWire) throws(ValidationError) -> MentionAuthor? {
        var handle = author.handle?.trimmed
        if handle?.hasPrefix("@") == true { handle?.removeFirst() }
        if let handle, handle.count > 256 {
            throw ValidationError(.invalidField, "is longer than 256 characters", field: "author.handle")
        }
        if let followers = author.followers, followers < 0 {
            throw ValidationError(.invalidField, "must not be negative", field: "author.followers")
        }
        let result = MentionAuthor(
            handle: handle?.nonEmpty, name: author.name?.trimmed.nonEmpty, bio: author.bio?.nonEmpty,
            followers: author.followers, verified: author.verified)
        return result == MentionAuthor() ? nil : result
    }

    private func validate(_ metrics: MetricsWire) throws(ValidationError) -> MentionMetrics? {
        for (name, value) in [("likes", metrics.likes), ("shares", metrics.shares), ("replies", metrics.replies)] {
            if let value, value < 0 {
                throw ValidationError(.invalidField, "must not be negative", field: "metrics.\(name)")
            }
        }
        let result = MentionMetrics(likes: metrics.likes, shares: metrics.shares, replies: metrics.replies)
        return result == MentionMetrics() ? nil : result
    }

    private func checkIdentifier(_ value: String, field: String) throws(ValidationError) {
        guard !value.isEmpty else { throw ValidationError(.invalidField, "must not be empty", field: field) }
        guard value.count <= limits.maxIdentifierLength else {
            throw ValidationError(
                .invalidField, "is longer than \(limits.maxIdentifierLength) characters", field: field)
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(.invalidField, "must not contain control characters", field: field)
        }
    }

    /// Lower-cases a source name and checks it is a short token (`x`, `meltwater`, `news.rss`).
    /// - Throws: ``ValidationError`` naming `field`.
    public static func normaliseSource(_ raw: String, field: String = "source") throws -> String {
        try checkedSource(raw, field: field)
    }

    static func checkedSource(_ raw: String, field: String = "source") throws(ValidationError) -> String {
        let source = raw.trimmed.lowercased()
        guard !source.isEmpty else { throw ValidationError(.invalidField, "must not be empty", field: field) }
        guard source.count <= 64,
            source.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else {
            throw ValidationError(
                .invalidField, "must be at most 64 characters of a-z, 0-9, '.', '_' or '-'", field: field)
        }
        return source
    }

    static func validURL(_ raw: String?, field: String) throws(ValidationError) -> String? {
        guard let raw = raw?.trimmed.nonEmpty else { return nil }
        let lowered = raw.lowercased()
        guard raw.count <= 2048, lowered.hasPrefix("https://") || lowered.hasPrefix("http://"),
            let url = URL(string: raw), url.host?.isEmpty == false
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

extension MentionPayloadDecoder {
    /// The top level of the body: one mention, or `{"mentions": [...]}`.
    struct Envelope: Decodable {
        var items: [MentionWire]
        var isBatch: Bool

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            if container.contains(AnyCodingKey("mentions")) {
                guard !(try container.decodeNil(forKey: AnyCodingKey("mentions"))) else {
                    throw ValidationError(.invalidField, "must be an array of mentions", field: "mentions")
                }
                items = try container.decode([MentionWire].self, forKey: AnyCodingKey("mentions"))
                isBatch = true
            } else {
                items = [try MentionWire(from: decoder)]
                isBatch = false
            }
        }
    }

    struct MentionWire: Decodable {
        var id: FlexibleIdentifier?
        var source: String?
        var text: String?
        var url: String?
        var language: String?
        var createdAt: String?
        var author: AuthorWire?
        var threadID: FlexibleIdentifier?
        var inReplyTo: FlexibleIdentifier?
        var brand: String?
        var metrics: MetricsWire?

        enum CodingKeys: String, CodingKey {
            case id, source, text, url, language, author, brand, metrics
            case createdAt = "created_at"
            case threadID = "thread_id"
            case inReplyTo = "in_reply_to"
        }
    }

    struct AuthorWire: Decodable {
        var handle: String?
        var name: String?
        var bio: String?
        @WholeNumber var followers: Int?
        var verified: Bool?
    }

    struct MetricsWire: Decodable {
        @WholeNumber var likes: Int?
        @WholeNumber var shares: Int?
        @WholeNumber var replies: Int?
    }
}

/// An identifier sources send as a JSON string or a JSON integer.
struct FlexibleIdentifier: Decodable {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: decoder.codingPath, debugDescription: "must be a string or an integer"))
        }
    }
}

/// An optional integer that also accepts integral JSON numbers such as `1e5`, and reports a
/// fractional one (`1.5`) as a type mismatch at its own field instead of as unreadable JSON.
@propertyWrapper
struct WholeNumber: Decodable {
    var wrappedValue: Int?

    init(wrappedValue: Int?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            wrappedValue = nil
        } else if let value = try? container.decode(Int.self) {
            wrappedValue = value
        } else if let value = try? container.decode(Double.self), value.rounded() == value, abs(value) < 1e15 {
            wrappedValue = Int(value)
        } else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: decoder.codingPath, debugDescription: "must be a whole number"))
        }
    }
}

extension KeyedDecodingContainer {
    /// Absent keys leave a ``WholeNumber`` nil, as a plain optional would.
    func decode(_ type: WholeNumber.Type, forKey key: Key) throws -> WholeNumber {
        try decodeIfPresent(type, forKey: key) ?? WholeNumber(wrappedValue: nil)
    }
}

/// A coding key for any string or index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension ValidationError {
    /// Translates a `DecodingError` into an error naming the field.
    init(decoding error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            let expected: String
            switch type {
            case is String.Type: expected = "a string"
            case is Int.Type, is Int64.Type: expected = "an integer"
            case is Bool.Type: expected = "true or false"
            case is [Any].Type: expected = "an array"
            default: expected = context.codingPath.isEmpty ? "a JSON object" : "an object"
            }
            let field = Self.path(context.codingPath)
            if context.debugDescription == "must be a string or an integer" {
                self.init(.invalidField, "must be a string or an integer", field: field)
            } else if field == nil {
                self.init(.unsupportedShape, "the body must be a JSON object")
            } else {
                self.init(.invalidField, "must be \(expected)", field: field)
            }
        case .valueNotFound(_, let context):
            self.init(.invalidField, "must not be null", field: Self.path(context.codingPath))
        case .keyNotFound(let key, let context):
            self.init(.missingField, "is required", field: Self.path(context.codingPath + [key]))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self.init(.malformed, "the body is not valid JSON (or not UTF-8)")
            } else {
                self.init(.invalidField, "has an unreadable value", field: Self.path(context.codingPath))
            }
        @unknown default:
            self.init(.malformed, "the body could not be read")
        }
    }

    /// `mentions[3].author.followers` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String? {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? nil : result
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var nonEmpty: String? { isEmpty ? nil : self }
}
