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
        for link in alert.links.prefix(5) { fields.append(["name": String(link.name.prefix(256)), "value": link.url, "inline": true]) }
        let title = AlertContent.cut(alert.title, to: 256)
        let fixed = title.count + fields.reduce(0) { $0 + (($1["name"] as? String)?.count ?? 0) + (($1["value"] as? String)?.count ?? 0) }
        let description = AlertContent.cut(alert.text, to: max(100, min(4096, 6000 - fixed - 10)), link: alert.url)
        var embed: [String: Any] = ["title": title, "description": description, "fields": fields]
        if let url = alert.url { embed["url"] = url }
        return [
            "content": AlertContent.cut(alert.title, to: 2000), "embeds": [embed], "allowed_mentions": ["parse": [String]()],
        ]
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
