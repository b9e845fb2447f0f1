import Foundation
import Testing

@testable import RiposteCore

@Suite struct MentionPayloadDecoderTests {
    let decoder = MentionPayloadDecoder()

    func decode(_ json: String) throws -> [Mention] {
        try decoder.decode(Array(json.utf8))
    }

    @Test func decodesAFullMention() throws {
        let mentions = try decode(
            """
            { "id": "1790000000000000001", "source": "X", "url": "https://x.com/a/status/1",
              "text": "Cardiolix made me dizzy", "language": "EN", "created_at": "2026-11-21T10:00:00Z",
              "author": { "handle": "@jdoe", "name": "Jane Doe", "bio": "Health reporter", "followers": 120000, "verified": true },
              "thread_id": "1789", "in_reply_to": null, "brand": "Cardiolix",
              "metrics": { "likes": 12, "shares": 3, "replies": 1 }, "unknown_extra": {"ignored": true} }
            """)
        #expect(mentions.count == 1)
        let mention = try #require(mentions.first)
        #expect(mention.externalID == "1790000000000000001")
        #expect(mention.source == "x")
        #expect(mention.language == "en")
        #expect(mention.author?.handle == "jdoe")
        #expect(mention.author?.followers == 120_000)
        #expect(mention.createdAt == Date(timeIntervalSince1970: 1_795_255_200))
        #expect(mention.threadExternalID == "1789")
        #expect(mention.inReplyTo == nil)
        #expect(mention.metrics == MentionMetrics(likes: 12, shares: 3, replies: 1))
    }

    @Test func acceptsIntegerIdentifiers() throws {
        let mentions = try decode(#"{"id": 42, "source": "reddit", "text": "hi", "in_reply_to": 41}"#)
        #expect(mentions.first?.externalID == "42")
        #expect(mentions.first?.inReplyTo == "41")
    }

    @Test func decodesABatchInOrder() throws {
        let mentions = try decode(
            #"{"mentions": [{"id": "a", "source": "x", "text": "one"}, {"id": "b", "source": "x", "text": "two"}]}"#)
        #expect(mentions.map(\.externalID) == ["a", "b"])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var code: ValidationError.Code
        var field: String?
        var testDescription: String { "\(field ?? "body"): \(code.rawValue)" }
    }

    static let invalid: [Case] = [
        Case(body: #"{"source": "x", "text": "t"}"#, code: .missingField, field: "id"),
        Case(body: #"{"id": "1", "text": "t"}"#, code: .missingField, field: "source"),
        Case(body: #"{"id": "1", "source": "x"}"#, code: .missingField, field: "text"),
        Case(body: #"{"id": null, "source": "x", "text": "t"}"#, code: .missingField, field: "id"),
        Case(body: #"{"id": true, "source": "x", "text": "t"}"#, code: .invalidField, field: "id"),
        Case(body: #"{"id": "", "source": "x", "text": "t"}"#, code: .invalidField, field: "id"),
        Case(body: #"{"id": "a\u0000b", "source": "x", "text": "t"}"#, code: .invalidField, field: "id"),
        Case(body: #"{"id": "1", "source": "x y", "text": "t"}"#, code: .invalidField, field: "source"),
        Case(body: #"{"id": "1", "source": 7, "text": "t"}"#, code: .invalidField, field: "source"),
        Case(body: #"{"id": "1", "source": "x", "text": "   "}"#, code: .invalidField, field: "text"),
        Case(body: #"{"id": "1", "source": "x", "text": ["t"]}"#, code: .invalidField, field: "text"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "url": "ftp://x"}"#, code: .invalidField, field: "url"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "language": "english!"}"#, code: .invalidField, field: "language"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "created_at": "yesterday"}"#, code: .invalidField, field: "created_at"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "created_at": "0000-01-01T00:00:00+00:01"}"#, code: .invalidField, field: "created_at"),
        Case(body: #"{"id": "1", "source": "x", "text": "Love it\u0000 gave me chest pain"}"#, code: .invalidField, field: "text"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "author": {"bio": "a\u0000b"}}"#, code: .invalidField, field: "author.bio"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "author": {"followers": -1}}"#, code: .invalidField, field: "author.followers"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "author": {"followers": "many"}}"#, code: .invalidField, field: "author.followers"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "author": {"verified": "yes"}}"#, code: .invalidField, field: "author.verified"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "author": "jdoe"}"#, code: .invalidField, field: "author"),
        Case(body: #"{"id": "1", "source": "x", "text": "t", "metrics": {"likes": -3}}"#, code: .invalidField, field: "metrics.likes"),
        Case(body: #"{"mentions": [{"id": "1", "source": "x", "text": "t"}, {"id": "2", "source": "x"}]}"#, code: .missingField, field: "mentions[1].text"),
        Case(body: #"{"mentions": [{"id": "1", "source": "x", "text": "t", "author": {"followers": 1.5}}]}"#, code: .invalidField, field: "mentions[0].author.followers"),
        Case(body: #"{"mentions": []}"#, code: .invalidField, field: "mentions"),
        Case(body: #"{"mentions": {"id": "1"}}"#, code: .invalidField, field: "mentions"),
        Case(body: #"{"mentions": null}"#, code: .invalidField, field: "mentions"),
        Case(body: #"[{"id": "1", "source": "x", "text": "t"}]"#, code: .unsupportedShape, field: nil),
        Case(body: #""just a string""#, code: .unsupportedShape, field: nil),
        Case(body: #"{"id": "1", "source": "x", "text": "t""#, code: .malformed, field: nil),
        Case(body: "", code: .malformed, field: nil),
    ]

    @Test(arguments: invalid)
    func refusesNamingTheField(_ example: Case) {
        #expect {
            try decode(example.body)
        } throws: { error in
            let error = error as? ValidationError
            return error?.code == example.code && error?.field == example.field
        }
    }

    @Test func refusesOversizedBatches() {
        let items = (0..<501).map { #"{"id": "\#($0)", "source": "x", "text": "t"}"# }.joined(separator: ",")
        #expect(throws: ValidationError(.tooMany, "holds 501 mentions; at most 500 per request", field: "mentions")) {
            try decode(#"{"mentions": [\#(items)]}"#)
        }
    }

    @Test func refusesInvalidUTF8() {
        var body = Array(#"{"id": "1", "source": "x", "text": ""#.utf8)
        body += [0xC3, 0x28, 0xFF]
        body += Array(#""}"#.utf8)
        #expect(throws: ValidationError.self) { try decoder.decode(body) }
    }

    @Test func readsASCIIAndNonASCIIStringsAlike() throws {
        let mentions = try decoder.decode(Array(#"{"id": "plain", "source": "x", "text": "Effets indésirables 😷 after the dose"}"#.utf8))
        #expect(mentions.first?.externalID == "plain")
        #expect(mentions.first?.text == "Effets indésirables 😷 after the dose")
    }

    @Test func refusesTextOverTheLimit() {
        var limits = MentionPayloadDecoder.Limits()
        limits.maxTextBytes = 10
        let small = MentionPayloadDecoder(limits: limits)
        #expect(throws: ValidationError(.invalidField, "is longer than 10 bytes", field: "text")) {
            try small.decode(Array(#"{"id": "1", "source": "x", "text": "01234567890"}"#.utf8))
        }
    }
}
