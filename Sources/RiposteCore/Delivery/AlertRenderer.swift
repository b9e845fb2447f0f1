import Foundation

/// Turns alert content into each platform's request body, within its documented limits. Long
/// texts are cut visibly with a link, never rejected.
public enum AlertRenderer {
    /// Slack (incoming webhook or `chat.postMessage`): Block Kit, each section ≤ 3000 characters,
    /// far fewer than 50 blocks, `text` as the notification fallback, no link unfurling.
    public static func slack(_ alert: AlertContent, channel: String? = nil) -> [String: Any] {
        func section(_ text: String) -> [String: Any] {
            ["type": "section", "text": ["type": "mrkdwn", "text": AlertContent.cut(text, to: 3000, link: alert.url)]]
        }
        var blocks: [[String: Any]] = [
            section("*\(escapeSlack(alert.title))*\n\(escapeSlack(alert.author))\(alert.url.map { " · <\($0)|open>" } ?? "")"),
            section(">" + escapeSlack(alert.text).replacingOccurrences(of: "\n", with: "\n>")),
            ["type": "context", "elements": [["type": "mrkdwn", "text": AlertContent.cut(escapeSlack(alert.label), to: 2000)]]],
        ]
        if !alert.flags.isEmpty { blocks.append(section("*Flags*\n" + alert.flags.map { "• " + escapeSlack($0) }.joined(separator: "\n"))) }
        if let suggestion = alert.suggestion { blocks.append(section("*Suggested reply*\n" + escapeSlack(suggestion))) }
        if let deadline = alert.deadline { blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "⏱ " + escapeSlack(deadline)]]]) }
        if !alert.more.isEmpty { blocks.append(section("*Earlier in this group*\n" + alert.more.map { "• " + escapeSlack($0) }.joined(separator: "\n"))) }
        if let footer = alert.footer { blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": AlertContent.cut(escapeSlack(footer), to: 2000)]]]) }
        if !alert.links.isEmpty {
            blocks.append(["type": "actions", "elements": alert.links.prefix(5).map { link in
                ["type": "button", "text": ["type": "plain_text", "text": String(link.name.prefix(75))], "url": link.url] as [String: Any]
            }])
        }
        var body: [String: Any] = [
            "text": AlertContent.cut(alert.title, to: 3000), "blocks": blocks, "unfurl_links": false, "unfurl_media": false,
        ]
        if let channel { body["channel"] = channel }
        return body
    }

    /// Discord webhook: one embed; content ≤ 2000, title ≤ 256, description ≤ 4096, ≤ 25 fields of
    /// ≤ 1024, all embed text ≤ 6000; mentions in user text cannot ping anyone.
    public static func discord(_ alert: AlertContent) -> [String: Any] {
        var fields: [[String: Any]] = [
            ["name": "Author", "value": AlertContent.cut(alert.author, to: 1024), "inline": true],
            ["name": "Classification", "value": AlertContent.cut(alert.label, to: 1024), "inline": false],
        ]
        if !alert.flags.isEmpty { fields.append(["name": "Flags", "value": AlertContent.cut(alert.flags.joined(separator: "\n"), to: 1024)]) }
        if let suggestion = alert.suggestion { fields.append(["name": "Suggested reply", "value": AlertContent.cut(suggestion, to: 1024, link: alert.url)]) }
        if let deadline = alert.deadline { fields.append(["name": "Deadline", "value": AlertContent.cut(deadline, to: 1024)]) }
        if !alert.more.isEmpty { fields.append(["name": "Earlier in this group", "value": AlertContent.cut(alert.more.joined(separator: "\n"), to: 1024)]) }
        for link in alert.links.prefix(5) { fields.append(["name": String(link.name.prefix(256)), "value": link.url, "inline": true]) }
        let title = AlertContent.cut(alert.title, to: 256)
        let fixed = title.count + min(200, alert.footer?.count ?? 0) + fields.reduce(0) { $0 + (($1["name"] as? String)?.count ?? 0) + (($1["value"] as? String)?.count ?? 0) }
        let description = AlertContent.cut(alert.text, to: max(100, min(4096, 6000 - fixed - 10)), link: alert.url)
        var embed: [String: Any] = ["title": title, "description": description, "fields": fields]
        if let url = alert.url { embed["url"] = url }
        if let footer = alert.footer { embed["footer"] = ["text": AlertContent.cut(footer, to: 200)] }
        return [
            "content": AlertContent.cut(alert.title, to: 2000), "embeds": [embed], "allowed_mentions": ["parse": [String]()],
        ]
    }

    /// Microsoft Teams Workflows: an Adaptive Card 1.4 in the `message` / `attachments` envelope,
    /// `Action.OpenUrl` links only, the whole body ≤ 28 KB (texts shortened until it fits).
    public static func teams(_ alert: AlertContent) -> [String: Any] {
        var textLimit = 6_000
        while true {
            let body = teamsBody(alert, textLimit: textLimit)
            if json(body).count <= 27_000 || textLimit <= 200 { return body }
            textLimit /= 2
        }
    }

    private static func teamsBody(_ alert: AlertContent, textLimit: Int) -> [String: Any] {
        func block(_ text: String, weight: String? = nil) -> [String: Any] {
            var block: [String: Any] = ["type": "TextBlock", "wrap": true, "text": AlertContent.cut(text, to: textLimit, link: alert.url)]
            if let weight { block["weight"] = weight }
            return block
        }
        var facts: [[String: Any]] = [["title": "Author", "value": alert.author], ["title": "Classification", "value": AlertContent.cut(alert.label, to: 1_000)]]
        if let deadline = alert.deadline { facts.append(["title": "Deadline", "value": deadline]) }
        var body: [[String: Any]] = [
            ["type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": true, "text": alert.title],
            block(alert.text), ["type": "FactSet", "facts": facts],
        ]
        if !alert.flags.isEmpty { body.append(block("Flags: " + alert.flags.joined(separator: "; "))) }
        if let suggestion = alert.suggestion { body.append(block("Suggested reply: " + suggestion, weight: "Bolder")) }
        if !alert.more.isEmpty { body.append(block("Earlier in this group:\n\n" + alert.more.map { "- " + $0 }.joined(separator: "\n"))) }
        if let footer = alert.footer { body.append(["type": "TextBlock", "wrap": true, "isSubtle": true, "size": "Small", "text": footer]) }
        let card: [String: Any] = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
            "msteams": ["width": "Full"], "body": body,
            "actions": alert.links.prefix(5).map { ["type": "Action.OpenUrl", "title": $0.name, "url": $0.url] },
        ]
        return ["type": "message", "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": NSNull(), "content": card]]]
    }

    /// Mattermost incoming webhook: `text` plus one Slack-style attachment (`**bold**` Markdown),
    /// texts cut well under a post's 16,383 characters.
    public static func mattermost(_ alert: AlertContent) -> [String: Any] {
        var fields: [[String: Any]] = [
            ["title": "Author", "value": alert.author, "short": true],
            ["title": "Classification", "value": AlertContent.cut(alert.label, to: 1_000), "short": false],
        ]
        if !alert.flags.isEmpty { fields.append(["title": "Flags", "value": alert.flags.joined(separator: "\n"), "short": false]) }
        if let suggestion = alert.suggestion { fields.append(["title": "Suggested reply", "value": suggestion, "short": false]) }
        if let deadline = alert.deadline { fields.append(["title": "Deadline", "value": deadline, "short": false]) }
        if !alert.more.isEmpty { fields.append(["title": "Earlier in this group", "value": AlertContent.cut(alert.more.joined(separator: "\n"), to: 4_000), "short": false]) }
        let links = alert.links.map { "[\($0.name)](\($0.url))" }.joined(separator: " · ")
        var attachment: [String: Any] = [
            "fallback": alert.title, "title": alert.title, "text": AlertContent.cut(alert.text, to: 8_000, link: alert.url) + (links.isEmpty ? "" : "\n\n" + links),
            "fields": fields, "color": alert.title.hasPrefix("P1") ? "#d0021b" : alert.title.hasPrefix("P2") ? "#f5a623" : "#4a90e2",
        ]
        if let url = alert.url { attachment["title_link"] = url }
        if let footer = alert.footer { attachment["footer"] = footer }
        return ["text": "**" + alert.title + "**", "attachments": [attachment]]
    }

    /// Google Chat incoming webhook: `cardsV2` with links as buttons, threaded by `threadKey`
    /// (send with `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`), ≤ 32,000 bytes.
    public static func googleChat(_ alert: AlertContent, threadKey: String? = nil) -> [String: Any] {
        var textLimit = 8_000
        while true {
            var widgets: [[String: Any]] = [
                ["textParagraph": ["text": escapeHTML(AlertContent.cut(alert.text, to: textLimit, link: alert.url))]],
                ["decoratedText": ["topLabel": "Classification", "text": escapeHTML(AlertContent.cut(alert.label, to: 1_000)), "wrapText": true]],
            ]
            if !alert.flags.isEmpty { widgets.append(["decoratedText": ["topLabel": "Flags", "text": escapeHTML(alert.flags.joined(separator: "; ")), "wrapText": true]]) }
            if let suggestion = alert.suggestion { widgets.append(["textParagraph": ["text": "<b>Suggested reply:</b> " + escapeHTML(AlertContent.cut(suggestion, to: textLimit))]]) }
            if let deadline = alert.deadline { widgets.append(["decoratedText": ["topLabel": "Deadline", "text": escapeHTML(deadline), "wrapText": true]]) }
            if !alert.more.isEmpty {
                widgets.append(["decoratedText": ["topLabel": "Earlier in this group", "text": escapeHTML(AlertContent.cut(alert.more.joined(separator: "\n"), to: textLimit)), "wrapText": true]])
            }
            if let footer = alert.footer { widgets.append(["textParagraph": ["text": "<i>" + escapeHTML(footer) + "</i>"]]) }
            if !alert.links.isEmpty {
                widgets.append(["buttonList": ["buttons": alert.links.prefix(5).map { ["text": $0.name, "onClick": ["openLink": ["url": $0.url]]] as [String: Any] }]])
            }
            var body: [String: Any] = [
                "text": alert.title,
                "cardsV2": [["cardId": String(alert.key.prefix(60)), "card": ["header": ["title": String(alert.title.prefix(200)), "subtitle": String(alert.author.prefix(200))], "sections": [["widgets": widgets]]]]],
            ]
            if let threadKey { body["thread"] = ["threadKey": String(threadKey.prefix(4_000))] }
            if json(body).count <= 31_000 || textLimit <= 200 { return body }
            textLimit /= 2
        }
    }

    /// Escapes text for Google Chat's HTML subset.
    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A generic JSON webhook: the content as plain fields (signed with Standard Webhooks by the sender).
    public static func webhook(_ alert: AlertContent) -> [String: Any] {
        var body: [String: Any] = [
            "type": "riposte.alert", "id": alert.key, "title": alert.title, "text": alert.text, "author": alert.author,
            "classification": alert.label, "flags": alert.flags,
            "links": alert.links.map { ["name": $0.name, "url": $0.url] },
        ]
        if let url = alert.url { body["url"] = url }
        if let suggestion = alert.suggestion { body["suggested_reply"] = suggestion }
        if let deadline = alert.deadline { body["deadline"] = deadline }
        if !alert.more.isEmpty { body["earlier"] = alert.more }
        if let footer = alert.footer { body["grouping"] = footer }
        return body
    }

    /// The JSON bytes of a body (sorted keys, so the same alert gives the same bytes).
    public static func json(_ body: [String: Any]) -> [UInt8] {
        (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])).map { [UInt8]($0) } ?? []
    }

    /// Escapes `&`, `<`, `>` as Slack's mrkdwn requires, so user text cannot inject links or mentions.
    static func escapeSlack(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
