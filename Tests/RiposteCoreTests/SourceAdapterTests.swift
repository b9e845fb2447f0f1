import Foundation
import Testing

@testable import RiposteCore

@Suite struct SourceAdapterTests {
    @Test func mapsXTweetCreateEvents() throws {
        let body = """
            { "for_user_id": "2244994945", "user_has_blocked": "false",
              "tweet_create_events": [
                { "created_at": "Wed Oct 01 12:00:00 +0000 2026", "id_str": "1842000000000000001",
                  "text": "@Cardiolix your pills gave me hives", "lang": "en",
                  "in_reply_to_status_id_str": "1841999999999999999", "favorite_count": 4,
                  "user": { "id_str": "12345", "screen_name": "jdoe", "name": "Jane Doe", "followers_count": 120000,
                            "description": "Health reporter", "verified": true } },
                { "id_str": "1842000000000000002", "text": "truncated…", "truncated": true,
                  "extended_tweet": { "full_text": "The whole long text about Cardiolix" },
                  "user": { "id_str": "777", "screen_name": "fan" } },
                { "id_str": "1842000000000000003", "text": "Our own post",
                  "user": { "id_str": "2244994945", "screen_name": "Cardiolix" } }
              ] }
            """
        let result = try XActivityMapper.map(Array(body.utf8))
        #expect(result.mentions.count == 2)
        #expect(result.skippedOwnPosts == 1)
        let first = try #require(result.mentions.first)
        #expect(first.externalID == "1842000000000000001")
        #expect(first.source == "x")
        #expect(first.url == "https://x.com/jdoe/status/1842000000000000001")
        #expect(first.author == MentionAuthor(handle: "jdoe", name: "Jane Doe", bio: "Health reporter", followers: 120_000, verified: true))
        #expect(first.inReplyTo == "1841999999999999999")
        #expect(first.createdAt == RFC3339.parse("2026-10-01T12:00:00Z"))
        #expect(first.language == "en")
        #expect(first.metrics?.likes == 4)
        #expect(result.mentions[1].text == "The whole long text about Cardiolix")
    }

    @Test func ignoresOtherXEventsButRefusesUnknownShapes() throws {
        let favourites = try XActivityMapper.map(Array(#"{"for_user_id": "1", "favorite_events": []}"#.utf8))
        #expect(favourites.mentions.isEmpty)
        #expect(favourites.ignoredEvents == ["favorite_events"])
        #expect(throws: ValidationError(.unsupportedShape, "not an Account Activity delivery: for_user_id is missing", field: "for_user_id")) {
            try XActivityMapper.map(Array(#"{"hello": "world"}"#.utf8))
        }
        #expect(throws: ValidationError(.missingField, "is required", field: "tweet_create_events[0].id_str")) {
            try XActivityMapper.map(Array(#"{"for_user_id": "1", "tweet_create_events": [{"text": "hi"}]}"#.utf8))
        }
    }

    @Test func parsesTwitterDates() {
        #expect(XActivityMapper.parseTwitterDate("Wed Oct 01 12:00:00 +0000 2026") == RFC3339.parse("2026-10-01T12:00:00Z"))
        #expect(XActivityMapper.parseTwitterDate("Wed Oct 01 14:00:00 +0200 2026") == RFC3339.parse("2026-10-01T12:00:00Z"))
        #expect(XActivityMapper.parseTwitterDate("not a date") == nil)
    }

    @Test func mapsMeltwaterDocuments() throws {
        let body = """
            { "request": { "company_id": "c1", "hook_id": "h1", "inputs": [] },
              "documents": [
                { "id": "mw-1", "url": "https://news.example.com/a", "published_date": "2026-11-20T08:00:00Z",
                  "language": "fr", "content": { "title": "Cardiolix en pénurie", "opening_text": "Les patients s'inquiètent" },
                  "author": { "name": "Marie Curie", "handle": "mcurie" }, "metrics": { "reach": 50000, "likes": 3 } }
              ] }
            """
        let mentions = try MeltwaterMapper.map(Array(body.utf8))
        let mention = try #require(mentions.first)
        #expect(mention.source == "meltwater")
        #expect(mention.externalID == "mw-1")
        #expect(mention.text == "Cardiolix en pénurie\n\nLes patients s'inquiètent")
        #expect(mention.language == "fr")
        #expect(mention.author?.followers == 50_000)
        #expect(mention.metrics?.likes == 3)
    }

    @Test func adapterOutputIsCheckedLikeTheAPI() throws {
        // Impossible counts from a source are dropped; invalid identifiers or text are refused.
        let noisy = try MeltwaterMapper.map(Array(#"{"documents":[{"id":"a","content":{"body":"x"},"author":{"name":"n","followers":-1},"metrics":{"likes":-3}}]}"#.utf8))
        #expect(noisy.first?.author?.followers == nil)
        #expect(noisy.first?.metrics?.likes == nil)
        #expect(throws: ValidationError(.invalidField, "must not contain NUL characters (\\u0000)", field: "documents[0].text")) {
            try MeltwaterMapper.map(Array(#"{"documents":[{"id":"a","content":{"body":"x\u0000y"}}]}"#.utf8))
        }
        #expect(throws: ValidationError.self) {
            try XActivityMapper.map(Array(#"{"for_user_id":"1","tweet_create_events":[{"id_str":"\u0007","text":"hi","user":{"id_str":"2"}}]}"#.utf8))
        }
    }

    @Test func refusesMeltwaterDocumentsWithoutIdOrText() {
        #expect(throws: ValidationError.self) { try MeltwaterMapper.map(Array(#"{"documents": [{"content": {"body": "x"}}]}"#.utf8)) }
        #expect(throws: ValidationError.self) { try MeltwaterMapper.map(Array(#"{"documents": [{"id": "1"}]}"#.utf8)) }
        #expect(throws: ValidationError.self) { try MeltwaterMapper.map(Array(#"{"hook": {}}"#.utf8)) }
    }
}
