import Foundation
import Testing

@testable import RiposteCore

@Suite struct DeliveryPolicyTests {
    let policy = DeliveryPolicy()
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func backoffGrowsExponentiallyWithJitterAndACap() {
        #expect(policy.backoff(attempt: 1, random: 1) == 1)
        #expect(policy.backoff(attempt: 4, random: 1) == 8)
        #expect(policy.backoff(attempt: 4, random: 0.25) == 2)
        #expect(policy.backoff(attempt: 30, random: 1) == policy.maxDelay)
        #expect(policy.backoff(attempt: 3, random: 0) == 0.5, "never a zero wait")
    }

    @Test(arguments: [
        (400, "invalid_payload"), (403, "action_prohibited"), (404, "channel_not_found"), (410, "channel_is_archived"), (401, ""),
    ])
    func permanentFailuresAreNotRetried(_ status: Int, _ body: String) {
        guard case .dead(let reason) = policy.verdict(for: DeliveryAttemptOutcome(status: status, body: body), attempt: 1, random: 0.5, now: now) else {
            Issue.record("\(status) must be permanent")
            return
        }
        #expect(reason.hasPrefix("\(status)"))
    }

    @Test func transientFailuresAreRetriedUntilTheLastAttempt() {
        let failure = DeliveryAttemptOutcome(status: 503, body: "busy")
        #expect(policy.verdict(for: failure, attempt: 2, random: 1, now: now) == .retry(after: 2, reason: "503 busy"))
        guard case .dead = policy.verdict(for: failure, attempt: policy.maxAttempts, random: 1, now: now) else {
            Issue.record("the last attempt must dead-letter")
            return
        }
    }

    @Test func readsRetryAfterAsSecondsAnHTTPDateOrDiscordsBody() {
        #expect(DeliveryPolicy.retryAfter(header: "12", body: "", now: now) == 12)
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.timeZone = TimeZone(identifier: "GMT")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        #expect(DeliveryPolicy.retryAfter(header: date.string(from: now.addingTimeInterval(90)), body: "", now: now) == 90)
        #expect(DeliveryPolicy.retryAfter(header: nil, body: #"{"retry_after": 1.5, "global": false}"#, now: now) == 1.5)
        #expect(DeliveryPolicy.retryAfter(header: "soon", body: "nope", now: now) == nil)
        let huge = DeliveryAttemptOutcome(status: 429, retryAfterHeader: "999999")
        #expect(policy.verdict(for: huge, attempt: 1, random: 0.5, now: now) == .retry(after: policy.maxRetryAfter, reason: "429 rate limited"))
    }

    @Test func tokenBucketRefillsAtItsRate() {
        var bucket = TokenBucket(rate: 1, burst: 2, now: now)
        #expect(bucket.take(now: now) == nil)
        #expect(bucket.take(now: now) == nil)
        #expect(bucket.take(now: now) == 1)
        #expect(bucket.take(now: now.addingTimeInterval(0.5)) == 0.5)
        #expect(bucket.take(now: now.addingTimeInterval(1)) == nil)
        #expect(TokenBucket.defaultRate(for: .teams) == 4)
    }
}

@Suite struct AlertRendererTests {
    static func alert(text: String, suggestion: String? = nil) -> AlertContent {
        AlertContent(
            key: "k", title: "P2 · criticism", text: text, url: "https://x.com/a/status/1", author: "@a", label: "unsupportive 0.9",
            flags: ["legal_threat: lawyer"], suggestion: suggestion, links: [("Open", "https://r.example/m/1")])
    }

    @Test func longTextsAreCutVisiblyWithinSlacksLimits() throws {
        let body = AlertRenderer.slack(Self.alert(text: String(repeating: "very long complaint ", count: 400)))
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.count <= 50)
        for block in blocks {
            if let text = (block["text"] as? [String: Any])?["text"] as? String { #expect(text.count <= 3000) }
        }
        let quoted = try #require((blocks[1]["text"] as? [String: Any])?["text"] as? String)
        #expect(quoted.contains("(cut: see https://x.com/a/status/1)"))
    }

    @Test func discordStaysWithinEmbedLimits() throws {
        let body = AlertRenderer.discord(Self.alert(text: String(repeating: "x", count: 9_000), suggestion: String(repeating: "y", count: 3_000)))
        #expect((body["content"] as? String)?.count ?? 0 <= 2000)
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.count <= 25)
        var total = (embed["title"] as? String)?.count ?? 0
        total += (embed["description"] as? String)?.count ?? 0
        for field in fields {
            let value = (field["value"] as? String) ?? ""
            #expect(value.count <= 1024)
            total += value.count + ((field["name"] as? String)?.count ?? 0)
        }
        #expect(total <= 6000)
        #expect((embed["description"] as? String)?.contains("(cut") == true)
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test func teamsCardsStayUnder28KBWithOpenURLActionsOnly() throws {
        let body = AlertRenderer.teams(Self.alert(text: String(repeating: "a long story about my order ", count: 3_000), suggestion: "Sorry about this."))
        #expect(AlertRenderer.json(body).count <= 28_000)
        #expect(body["type"] as? String == "message")
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["version"] as? String == "1.4")
        #expect((card["actions"] as? [[String: Any]])?.allSatisfy { $0["type"] as? String == "Action.OpenUrl" } == true)
    }

    @Test func googleChatCardsStayUnder32KBAndAreThreaded() throws {
        let body = AlertRenderer.googleChat(Self.alert(text: String(repeating: "x", count: 60_000)), threadKey: "mention-1")
        #expect(AlertRenderer.json(body).count <= 32_000)
        #expect((body["thread"] as? [String: Any])?["threadKey"] as? String == "mention-1")
        #expect((body["cardsV2"] as? [[String: Any]])?.count == 1)
    }

    @Test func mattermostUsesAnAttachmentWithLinks() throws {
        let body = AlertRenderer.mattermost(Self.alert(text: String(repeating: "y", count: 20_000)))
        let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
        let text = try #require(attachment["text"] as? String)
        #expect(text.count < 16_383)
        #expect(text.contains("[Open](https://r.example/m/1)"))
    }

    @Test func sameAlertSameBytes() {
        let alert = Self.alert(text: "hello")
        #expect(AlertRenderer.json(AlertRenderer.webhook(alert)) == AlertRenderer.json(AlertRenderer.webhook(alert)))
    }
}
