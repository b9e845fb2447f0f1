import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RiposteCore
import RiposteStore
import Synchronization
import Testing

@testable import RiposteServer

/// Approvals end to end on loopback: an escalation goes out as a Slack-shaped message to a real
/// receiver, a signed `block_actions` callback decides it, the decision is stored and audited, and
/// the `response_url` update arrives; every forged, stale, replayed or unauthorised attempt is
/// refused and audited; a silent level times out to the next one, across a restart.
@Suite struct ApprovalFlowTests {
    static let signingSecret = "slack-signing-secret"
    static let approvalSecret = "approval-secret"

    struct Call: Sendable {
        var path: String
        var key: String
        var body: String
    }

    final class Receiver: Sendable {
        let calls = Mutex<[Call]>([])
        func calls(_ path: String) -> [Call] { calls.withLock { list in list.filter { call in call.path == path } } }
    }

    func withReceiver(_ test: @escaping @Sendable (Int, Receiver) async throws -> Void) async throws {
        let receiver = Receiver()
        let router = Router()
        for path in ["/slack", "/teams", "/response", "/api/chat.postMessage", "/api/chat.update"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let key = request.headers[HTTPField.Name("Idempotency-Key") ?? .accept] ?? ""
                receiver.calls.withLock { $0.append(Call(path: path, key: key, body: String(buffer: body))) }
                guard path.hasPrefix("/api/") else { return Response(status: .ok) }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true,"channel":"C0EXEC","ts":"1800000000.000200"}"#)))
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await test(try #require(client.port), receiver) }
    }

    func server(port: Int, folder: URL? = nil, firstTimeout: Double = 600, bot: Bool = false, tokens: [String] = []) throws -> TestServer {
        try TestServer(folder: folder) { configuration in
            configuration.api.tokens = tokens
            configuration.destinations = [
                RiposteConfiguration.Destination(name: "console", type: .console),
                bot
                    ? RiposteConfiguration.Destination(name: "execs", type: .slackBot, url: "http://127.0.0.1:\(port)/api", token: "xoxb-t", channel: "C0EXEC")
                    : RiposteConfiguration.Destination(name: "execs", type: .slack, url: "http://127.0.0.1:\(port)/slack"),
                RiposteConfiguration.Destination(name: "leaders", type: .teams, url: "http://127.0.0.1:\(port)/teams"),
            ]
            configuration.approvers = [
                Approver(name: "Claire Martin", role: "cco", slackID: "U0CCO", mattermostID: "mm-cco"),
                Approver(name: "Sam Okafor", role: "ceo", slackID: "U0CEO"),
            ]
            configuration.escalationPolicies = [
                EscalationPolicy(name: "exec", levels: [
                    EscalationLevel(approvers: ["Claire Martin"], quorum: .any, timeout: firstTimeout),
                    EscalationLevel(roles: ["ceo"], quorum: .any, timeout: 600),
                ])
            ]
            var match = RouteMatch()
            match.classifications = [.unsupportive]
            configuration.routes = [RouteNode(path: "routes[0]", match: match, destinations: ["execs", "leaders"], escalation: "exec")]
            configuration.approvals.secret = Self.approvalSecret
            configuration.approvals.checkInterval = 0.1
            configuration.integrations.slack.signingSecret = Self.signingSecret
            configuration.server.publicURL = "https://riposte.example"
            configuration.delivery.pollInterval = 0.05
            configuration.delivery.baseDelay = 0.05
            configuration.delivery.rates = ["slack": 1_000, "teams": 1_000, "slack_bot": 1_000]
            configuration.spikes.enabled = false
        }
    }

    static func angry(_ id: String) -> String {
        #"{"id":"\#(id)","source":"x","text":"Your company lied to me, worst service ever. Useless and dishonest.","author":{"handle":"critic","followers":500}}"#
    }

    /// The decision token on the Slack message's Approve button.
    static func buttonToken(_ call: Call) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        let actions = try #require(blocks.first { $0["block_id"] as? String == "riposte.decision" })
        let buttons = try #require(actions["elements"] as? [[String: Any]])
        #expect(buttons.map { $0["action_id"] as? String } == ["riposte.approve", "riposte.edit", "riposte.reject"])
        return try #require(buttons.first?["value"] as? String)
    }

    /// A Slack `block_actions` callback, signed like Slack does (or not).
    static func callback(user: String, action: String, token: String, responseURL: String, at date: Date = Date(), secret: String = signingSecret) -> (HTTPFields, String) {
        let payload: [String: Any] = [
            "type": "block_actions", "user": ["id": user], "response_url": responseURL,
            "actions": [["action_id": action, "value": token, "block_id": "riposte.decision"]],
        ]
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: payload)) ?? Data(), as: UTF8.self)
        let body = "payload=" + (json.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let timestamp = String(Int(date.timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(for: Array("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[HTTPField.Name("X-Slack-Request-Timestamp")!] = timestamp
        headers[HTTPField.Name("X-Slack-Signature")!] = "v0=" + mac.map { String(format: "%02x", $0) }.joined()
        return (headers, body)
    }

    func refusals(_ database: AppDatabase) async throws -> [String] {
        try await database.auditEntries(limit: 200).filter { $0.action == "approval.refused" }.compactMap { entry in
            (try? JSONSerialization.jsonObject(with: Data((entry.details ?? "{}").utf8)) as? [String: String])?["reason"]
        }
    }

    @Test func aSlackApprovalIsStoredAuditedAndTheMessageUpdated() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.angry("a1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/slack").isEmpty && !receiver.calls("/teams").isEmpty })
                let request = try #require(receiver.calls("/slack").first)
                #expect(request.key.hasPrefix("esc-") && request.key.hasSuffix("-L0-execs"))
                #expect(request.body.contains("Approval needed"))
                let teams = try #require(receiver.calls("/teams").first)
                #expect(teams.body.contains("Decide as Claire Martin") && teams.body.contains("https://riposte.example/approvals/"), "Teams gets signed links")
                let token = try Self.buttonToken(request)
                let (headers, body) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token, responseURL: "http://127.0.0.1:\(port)/response")
                let answer = try await client.execute(uri: "/v1/integrations/slack/interactions", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(answer.status == .ok)
                let stored = try #require(try await server.database.escalations(state: nil, limit: 5).first)
                #expect(stored.escalation.state == .approved)
                #expect(stored.escalation.decidedBy == "Claire Martin")
                #expect(stored.escalation.decidedVia == "slack")
                #expect(stored.escalation.finalText == stored.escalation.draft)
                let updated = try await eventually { () async throws -> Bool in
                    receiver.calls("/response").contains(where: { call in call.body.contains("replace_original") && call.body.contains("approved by Claire Martin") })
                }
                #expect(updated, "the clicked message is replaced through response_url")
                let notified = try await eventually { () async throws -> Bool in receiver.calls("/teams").contains(where: { call in call.body.contains("approved by Claire Martin") }) }
                #expect(notified, "every channel hears the outcome")
                let api = try await client.execute(uri: "/v1/escalations?state=approved", method: .get)
                let listed = try #require((api.json["escalations"] as? [[String: Any]])?.first)
                #expect(listed["ready_to_post"] as? Bool == true)
                #expect(listed["decided_by"] as? String == "Claire Martin")
                #expect((listed["votes"] as? [[String: Any]])?.first?["via"] as? String == "slack")
                let actions = try await server.database.auditEntries(limit: 50).map(\.action)
                #expect(actions.contains("escalation.started") && actions.contains("approval.approve") && actions.contains("escalation.approved"))
            }
        }
    }

    @Test func aBotPostedRequestIsEditedInPlaceWhenDecided() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port, bot: true)
            try await server.test { client in
                try await client.ingest(Self.angry("bot1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/api/chat.postMessage").isEmpty })
                let token = try Self.buttonToken(try #require(receiver.calls("/api/chat.postMessage").first))
                let (headers, body) = Self.callback(user: "U0CEO", action: "riposte.approve", token: token, responseURL: "http://127.0.0.1:\(port)/response")
                _ = try await client.execute(uri: "/v1/integrations/slack/interactions", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(try await server.database.escalations(state: .pending, limit: 5).count == 1, "Sam is not at level 1: refused")
                let (claire, claireBody) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token, responseURL: "http://127.0.0.1:\(port)/response")
                _ = try await client.execute(uri: "/v1/integrations/slack/interactions", method: .post, headers: claire, body: ByteBuffer(string: claireBody))
                let edited = try await eventually { () async throws -> Bool in
                    receiver.calls("/api/chat.update").contains(where: { call in call.body.contains("approved by Claire Martin") && call.body.contains("1800000000.000200") })
                }
                #expect(edited, "the bot's request is replaced by the outcome (chat.update), buttons gone")
                #expect(receiver.calls("/api/chat.postMessage").count == 1)
                #expect(try await refusals(server.database).contains("not_at_this_level"))
            }
        }
    }

    @Test func aPendingEscalationCanBeWithdrawnWithAToken() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port, tokens: ["ops-token"])
            try await server.test { client in
                var read: HTTPFields = [:]
                read[.authorization] = "Bearer ops-token"
                try await client.ingest(Self.angry("w1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/slack").isEmpty })
                let stored = try #require(try await server.database.escalations(state: .pending, limit: 5).first)
                let uri = "/v1/escalations/\(stored.escalation.id)/withdraw"
                #expect(try await client.execute(uri: uri, method: .post).status == .unauthorized)
                let done = try await client.execute(uri: uri, method: .post, headers: read, body: ByteBuffer(string: #"{"by":"Ops desk","reason":"answered by phone"}"#))
                #expect(done.status == .ok)
                #expect(done.json["state"] as? String == "withdrawn")
                #expect(try await client.execute(uri: uri, method: .post, headers: read).status == .conflict)
                let told = try await eventually { () async throws -> Bool in receiver.calls("/teams").contains(where: { call in call.body.contains("withdrawn by Ops desk") }) }
                #expect(told)
                #expect(try await server.database.auditEntries(limit: 50).contains { $0.action == "escalation.withdrawn" && $0.actor == "Ops desk" })
            }
        }
    }

    @Test func editFromSlackSendsTheClickerTheirOwnLink() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.angry("e1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/slack").isEmpty })
                let token = try Self.buttonToken(try #require(receiver.calls("/slack").first))
                let uri = "/v1/integrations/slack/interactions"
                let (sam, samBody) = Self.callback(user: "U0CEO", action: "riposte.edit", token: token, responseURL: "http://127.0.0.1:\(port)/response")
                #expect(try await client.execute(uri: uri, method: .post, headers: sam, body: ByteBuffer(string: samBody)).status == .ok)
                let (claire, claireBody) = Self.callback(user: "U0CCO", action: "riposte.edit", token: token, responseURL: "http://127.0.0.1:\(port)/response")
                #expect(try await client.execute(uri: uri, method: .post, headers: claire, body: ByteBuffer(string: claireBody)).status == .ok)
                let answered = try await eventually { () async throws -> Bool in receiver.calls("/response").count == 2 }
                #expect(answered)
                let bodies = receiver.calls("/response").map(\.body)
                #expect(bodies.contains { $0.contains("not an approver at this escalation") && $0.contains("ephemeral") }, "Sam is not at level 1")
                #expect(bodies.contains { $0.contains("https://riposte.example/approvals/") && $0.contains("ephemeral") }, "Claire gets her own link, privately")
                #expect(try await refusals(server.database).contains("not_at_this_level"))
                #expect(try await server.database.escalations(state: .pending, limit: 5).count == 1, "opening the editor decides nothing")
            }
        }
    }

    @Test func forgedStaleReplayedAndUnauthorisedCallbacksAreRefusedAndAudited() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.angry("b1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/slack").isEmpty })
                let token = try Self.buttonToken(try #require(receiver.calls("/slack").first))
                let responseURL = "http://127.0.0.1:\(port)/response"
                let uri = "/v1/integrations/slack/interactions"
                // Wrong secret, missing signature, and a timestamp older than 5 minutes: 401.
                let (forgedHeaders, forgedBody) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token, responseURL: responseURL, secret: "wrong")
                #expect(try await client.execute(uri: uri, method: .post, headers: forgedHeaders, body: ByteBuffer(string: forgedBody)).status == .unauthorized)
                var unsigned = forgedHeaders
                unsigned[HTTPField.Name("X-Slack-Signature")!] = nil
                #expect(try await client.execute(uri: uri, method: .post, headers: unsigned, body: ByteBuffer(string: forgedBody)).status == .unauthorized)
                let (oldHeaders, oldBody) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token, responseURL: responseURL, at: Date().addingTimeInterval(-600))
                #expect(try await client.execute(uri: uri, method: .post, headers: oldHeaders, body: ByteBuffer(string: oldBody)).status == .unauthorized)
                // Someone not in the directory.
                let (strangerHeaders, strangerBody) = Self.callback(user: "U999", action: "riposte.approve", token: token, responseURL: responseURL)
                #expect(try await client.execute(uri: uri, method: .post, headers: strangerHeaders, body: ByteBuffer(string: strangerBody)).status == .ok)
                // A tampered button value.
                let (tamperedHeaders, tamperedBody) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token + "x", responseURL: responseURL)
                #expect(try await client.execute(uri: uri, method: .post, headers: tamperedHeaders, body: ByteBuffer(string: tamperedBody)).status == .ok)
                // The Slack button's token replayed on the (unsigned) Mattermost endpoint, as an approver.
                let crossed = try await client.execute(
                    uri: "/v1/integrations/mattermost/actions", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"user_id":"mm-cco","context":{"token":"\#(token)","action":"approve"}}"#))
                #expect(crossed.status == .ok)
                #expect(String(buffer: crossed.body).contains("not valid"))
                #expect(try await server.database.escalations(state: .pending, limit: 5).count == 1, "nothing refused changed anything")
                // The genuine click, then the same request replayed, then a new click on a decided escalation.
                let (headers, body) = Self.callback(user: "U0CCO", action: "riposte.reject", token: token, responseURL: responseURL)
                #expect(try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)).status == .ok)
                #expect(try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)).status == .ok)
                try await Task.sleep(for: .seconds(1.1))  // a new timestamp, so a new signature: not a replay
                let (againHeaders, againBody) = Self.callback(user: "U0CCO", action: "riposte.approve", token: token, responseURL: responseURL)
                #expect(try await client.execute(uri: uri, method: .post, headers: againHeaders, body: ByteBuffer(string: againBody)).status == .ok)
                let stored = try #require(try await server.database.escalations(state: nil, limit: 5).first)
                #expect(stored.escalation.state == .rejected, "the first genuine decision stands")
                let reasons = try await refusals(server.database)
                for reason in ["signature_invalid", "timestamp_stale", "not_an_approver", "token_invalid", "replayed", "already_decided"] {
                    #expect(reasons.contains(reason), "\(reason) is audited (got \(reasons))")
                }
                let told = try await eventually { () async throws -> Bool in
                    receiver.calls("/response").contains(where: { call in call.body.contains("not in Riposte") && call.body.contains("ephemeral") })
                }
                #expect(told, "the stranger is told why, privately")
            }
        }
    }

    @Test func signedLinksAreSingleUseCSRFCheckedAndRefuseTampering() async throws {
        try await withReceiver { port, receiver in
            let server = try server(port: port)
            try await server.test { client in
                try await client.ingest(Self.angry("c1"))
                #expect(try await eventually { () async throws -> Bool in !receiver.calls("/teams").isEmpty })
                let teams = try #require(receiver.calls("/teams").first?.body)
                let range = try #require(teams.range(of: #"https://riposte.example/approvals/[A-Za-z0-9_\-\.]+"#, options: .regularExpression))
                let path = String(teams[range].dropFirst("https://riposte.example".count))
                // Tampered and expired links.
                #expect(try await client.execute(uri: path + "x", method: .get).status == .forbidden)
                let stored = try #require(try await server.database.escalations(state: .pending, limit: 5).first)
                let expired = ApprovalTokens(secret: Self.approvalSecret).token(
                    ApprovalClaims(escalationID: stored.escalation.id, level: 0, approver: "Claire Martin", expires: Date().addingTimeInterval(-1)))
                #expect(try await client.execute(uri: "/approvals/" + expired, method: .get).status == .gone)
                let intruder = ApprovalTokens(secret: Self.approvalSecret).token(
                    ApprovalClaims(escalationID: stored.escalation.id, level: 0, approver: "Mallory", expires: Date().addingTimeInterval(600)))
                #expect(try await client.execute(uri: "/approvals/" + intruder, method: .get).status == .forbidden, "only directory approvers")
                // The page: the mention, the drafted reply, a CSRF cookie and field.
                let page = try await client.execute(uri: path, method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("worst service ever") && html.contains("<textarea") && html.contains("name=\"csrf\""))
                let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
                let csrf = String(cookie.split(separator: "=")[1])
                // Without the CSRF field: refused.
                var form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                form[.cookie] = cookie
                #expect(try await client.execute(uri: path, method: .post, headers: form, body: ByteBuffer(string: "action=approve")).status == .forbidden)
                // Edit and approve.
                let edited = "We hear you. Please DM us your order number and we will make this right today."
                let body = "csrf=\(csrf)&action=edit&text=" + (edited.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                let decided = try await client.execute(uri: path, method: .post, headers: form, body: ByteBuffer(string: body))
                #expect(decided.status == .ok)
                #expect(String(buffer: decided.body).contains("approved with edits by Claire Martin"))
                let after = try #require(try await server.database.escalation(id: stored.escalation.id))
                #expect(after.escalation.state == .editedApproved)
                #expect(after.escalation.finalText == edited)
                // The link is spent.
                #expect(try await client.execute(uri: path, method: .post, headers: form, body: ByteBuffer(string: body)).status == .gone)
                #expect(try await client.execute(uri: path, method: .get).status == .gone)
                let reasons = try await refusals(server.database)
                for reason in ["token_invalid", "token_expired", "not_an_approver", "csrf_invalid", "link_used"] {
                    #expect(reasons.contains(reason), "\(reason) is audited (got \(reasons))")
                }
                let audit = try await server.database.auditEntries(limit: 100)
                let edit = try #require(audit.first { $0.action == "approval.edit" })
                #expect(edit.details?.contains("diff") == true, "the edit is audited with its diff")
            }
        }
    }

    @Test func thePageEscapesByScalar() {
        // U+0600 is a "prepend" code point: as Characters it would swallow the "<" after it.
        #expect(ApprovalPage.escape("\u{600}<style>x</style>") == "\u{600}&lt;style&gt;x&lt;/style&gt;")
        #expect(RequestLogMiddleware<BasicRequestContext>.redacted("/approvals/abc.def") == "/approvals/[redacted]")
        #expect(ApprovalsController<BasicRequestContext>.isSlackResponseURL("https://hooks.slack.com/actions/T/1/x"))
        #expect(!ApprovalsController<BasicRequestContext>.isSlackResponseURL("https://evil.example/hooks.slack.com"))
    }

    @Test func aSilentLevelTimesOutToTheNextAcrossARestart() async throws {
        try await withReceiver { port, receiver in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-restart-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let first = try server(port: port, folder: folder, firstTimeout: 2)
            try await first.test(keepingFiles: true) { client in
                try await client.ingest(Self.angry("t1"))
                #expect(try await eventually { () async throws -> Bool in receiver.calls("/slack").contains(where: { call in call.key.hasSuffix("-L0-execs") }) })
            }
            // The server is down while the first level's 2 s pass in silence.
            #expect(!receiver.calls("/slack").contains(where: { call in call.key.hasSuffix("-L1-execs") }))
            try await Task.sleep(for: .seconds(2.2))
            let second = try server(port: port, folder: folder, firstTimeout: 2)
            try await second.test(keepingFiles: true) { _ in
                let escalated = try await eventually { () async throws -> Bool in receiver.calls("/slack").contains(where: { call in call.key.hasSuffix("-L1-execs") }) }
                #expect(escalated, "level 2 is notified after the restart")
                let stored = try #require(try await second.database.escalations(state: .pending, limit: 5).first)
                #expect(stored.escalation.level == 1)
                #expect(stored.escalation.currentMembers == ["Sam Okafor"])
                #expect(try await second.database.auditEntries(limit: 50).contains { $0.action == "escalation.escalated" })
            }
        }
    }
}
