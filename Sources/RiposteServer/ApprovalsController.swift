import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiposteCore
import RiposteStore

/// Decisions from chat and from signed links:
/// - `POST /v1/integrations/slack/interactions`: Slack `block_actions`, verified with the signing
///   secret (`v0=` HMAC, 5-minute window, each callback once); the clicked message is updated
///   through its `response_url`.
/// - `POST /v1/integrations/mattermost/actions`: Mattermost button callbacks, authenticated by
///   Riposte's own HMAC token in the button `context` (Mattermost does not sign).
/// - `GET|POST /approvals/{token}`: the signed-link page (no JavaScript; single use; CSRF-checked POST).
/// Only approvers in the directory may decide; every refusal is answered and audited.
struct ApprovalsController<Context: RequestContext> {
    let desk: ApprovalDesk
    let notifier: EscalationNotifier
    let database: AppDatabase
    let slackSigningSecret: String?
    let wakeup: Wakeup
    /// Pages and their acknowledgements (`nil` without an on-call schedule).
    let pages: PageNotifier?
    let metrics: RiposteMetrics?

    static var csrfCookie: String { "riposte_csrf" }

    func addRoutes(to router: Router<Context>) {
        router.post("/v1/integrations/slack/interactions", use: slack)
        router.post("/v1/integrations/mattermost/actions", use: mattermost)
        router.get("/approvals/{token}", use: page)
        router.post("/approvals/{token}", use: submit)
        router.get("/pages/{token}", use: pagePage)
        router.post("/pages/{token}", use: pageSubmit)
    }

    // MARK: Slack

    @Sendable func slack(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        guard let secret = slackSigningSecret else {
            throw APIError(.notFound, code: "integration_not_configured", message: "Slack interactivity is not configured (integrations.slack.signing_secret)")
        }
        let body = try await request.body.collect(upTo: 256 * 1024)
        let bytes = Array(buffer: body)
        let timestamp = request.headers[HTTPField.Name("X-Slack-Request-Timestamp") ?? .accept] ?? ""
        let signature = request.headers[HTTPField.Name("X-Slack-Signature") ?? .accept] ?? ""
        guard let seconds = Double(timestamp), abs(now.timeIntervalSince1970 - seconds) <= 300 else {
            await desk.refuse(.staleTimestamp, actor: "slack", via: "slack", escalationID: nil, at: now)
            throw APIError(.unauthorized, code: ApprovalRefusal.staleTimestamp.rawValue, message: ApprovalRefusal.staleTimestamp.message, field: "X-Slack-Request-Timestamp")
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Array("v0:\(timestamp):".utf8) + bytes, using: SymmetricKey(data: Array(secret.utf8)))
        let expected = "v0=" + mac.map { String(format: "%02x", $0) }.joined()
        guard ConstantTime.equal(Array(expected.utf8), Array(signature.utf8)) else {
            await desk.refuse(.badSignature, actor: "slack", via: "slack", escalationID: nil, at: now)
            throw APIError(.unauthorized, code: ApprovalRefusal.badSignature.rawValue, message: ApprovalRefusal.badSignature.message, field: "X-Slack-Signature")
        }
        guard try await database.useOnce("slack:" + signature, at: now) else {
            await desk.refuse(.replayed, actor: "slack", via: "slack", escalationID: nil, at: now)
            return Response(status: .ok)
        }
        let form = Self.form(String(decoding: bytes, as: UTF8.self))
        guard let payloadText = form["payload"], let payload = (try? JSONSerialization.jsonObject(with: Data(payloadText.utf8))) as? [String: Any],
            payload["type"] as? String == "block_actions", let action = (payload["actions"] as? [[String: Any]])?.first,
            let actionID = action["action_id"] as? String, let value = action["value"] as? String
        else {
            throw APIError(.badRequest, code: "invalid_payload", message: "expected a block_actions payload with one action", field: "payload")
        }
        let userID = (payload["user"] as? [String: Any])?["id"] as? String ?? ""
        let responseURL = payload["response_url"] as? String
        var pending: [OutboundMessage] = []
        func answer(_ text: String, replace: Bool) {
            guard let responseURL, Self.isSlackResponseURL(responseURL) else { return }
            pending.append(OutboundMessage(
                idempotencyKey: "slack-response-\(UUID().uuidString)", destination: "slack-response", destinationType: .slack,
                body: EscalationNotifier.slackResponse(text: text, replaceOriginal: replace), mentionID: nil, routePath: nil, targetURL: responseURL))
        }
        if actionID == "riposte.ack" {
            let text = try await acknowledge(token: value, purpose: .pageSlack, person: pages?.responder(slackID: userID)?.name, actor: "slack:\(userID)", via: "slack", now: now)
            answer(text.message, replace: text.done)
        } else {
        switch notifier.tokens.verify(value, for: .slack, now: now) {
        case .failure(let refusal):
            await desk.refuse(refusal, actor: "slack:\(userID)", via: "slack", escalationID: nil, at: now)
            answer(refusal.message, replace: false)
        case .success(let claims):
            guard let approver = desk.approver(slackID: userID) else {
                await desk.refuse(.notAnApprover, actor: "slack:\(userID)", via: "slack", escalationID: claims.escalationID, at: now)
                answer(ApprovalRefusal.notAnApprover.message, replace: false)
                break
            }
            switch actionID {
            case "riposte.edit":
                // Editing needs a page: a link signed for this approver, shown to them alone.
                let stored = try await database.escalation(id: claims.escalationID)
                let refusal: ApprovalRefusal? =
                    switch stored?.escalation {
                    case nil: .unknownEscalation
                    case let escalation? where escalation.state != .pending: .alreadyDecided
                    case let escalation? where escalation.level != claims.level: .staleLevel
                    case let escalation? where !escalation.currentMembers.contains(approver.name): .notAtThisLevel
                    default: nil
                    }
                if let refusal {
                    await desk.refuse(refusal, actor: approver.name, via: "slack", escalationID: claims.escalationID, at: now)
                    answer(refusal.message, replace: false)
                } else if let stored {
                    answer("Edit the reply and approve it here (this link is yours, single use): \(notifier.link(stored.escalation, approver: approver.name, now: now))", replace: false)
                    try? await database.record(AuditEntry(at: now, actor: approver.name, action: "approval.edit_opened", subjectType: "escalation", subjectID: claims.escalationID, details: #"{"via":"slack"}"#))
                }
            case "riposte.approve", "riposte.reject":
                let decision: ApprovalDecision = actionID == "riposte.approve" ? .approve : .reject(reason: nil)
                let outcome = try await desk.decide(decision, escalationID: claims.escalationID, level: claims.level, approver: approver.name, via: "slack", at: now)
                let final = (try? outcome.result.get())?.isFinal ?? false
                answer(final ? "\(outcome.message) — \(outcome.escalation?.finalText ?? "")" : outcome.message, replace: final)
            default:
                throw APIError(.badRequest, code: "unknown_action", message: "'\(actionID)' is not a Riposte action", field: "actions[0].action_id")
            }
        }
        }
        if !pending.isEmpty {
            try await database.enqueue(pending, at: now)
            wakeup.signal()
        }
        // Slack needs an answer within 3 seconds; the message update goes through the outbox.
        return Response(status: .ok)
    }

    // MARK: Mattermost

    @Sendable func mattermost(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        let body = try await request.body.collect(upTo: 256 * 1024)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
            let actionContext = object["context"] as? [String: Any], let token = actionContext["token"] as? String,
            let action = actionContext["action"] as? String
        else {
            throw APIError(.badRequest, code: "invalid_payload", message: "expected a Mattermost action with context.token and context.action", field: "context")
        }
        let userID = object["user_id"] as? String ?? ""
        func reply(_ ephemeral: String, update: String? = nil) throws -> Response {
            var answer: [String: Any] = ["ephemeral_text": ephemeral]
            if let update { answer["update"] = ["message": update] }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: answer))))
        }
        if action == "ack" {
            let result = try await acknowledge(
                token: token, purpose: .pageMattermost, person: pages?.responder(mattermostID: userID)?.name, actor: "mattermost:\(userID)", via: "mattermost", now: now)
            return try reply(result.message, update: result.done ? result.message : nil)
        }
        let claims: ApprovalClaims
        switch notifier.tokens.verify(token, for: .mattermost, now: now) {
        case .failure(let refusal):
            await desk.refuse(refusal, actor: "mattermost:\(userID)", via: "mattermost", escalationID: nil, at: now)
            return try reply(refusal.message)
        case .success(let verified):
            claims = verified
        }
        guard let approver = desk.approver(mattermostID: userID) else {
            await desk.refuse(.notAnApprover, actor: "mattermost:\(userID)", via: "mattermost", escalationID: claims.escalationID, at: now)
            return try reply(ApprovalRefusal.notAnApprover.message)
        }
        guard action == "approve" || action == "reject" else {
            throw APIError(.badRequest, code: "unknown_action", message: "'\(action)' is not a Riposte action", field: "context.action")
        }
        let outcome = try await desk.decide(
            action == "approve" ? .approve : .reject(reason: nil), escalationID: claims.escalationID, level: claims.level, approver: approver.name,
            via: "mattermost", at: now)
        wakeup.signal()
        let final = (try? outcome.result.get())?.isFinal ?? false
        return try reply(outcome.message, update: final ? "Escalation \(claims.escalationID): \(outcome.message)" : nil)
    }

    // MARK: Signed links

    @Sendable func page(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        let token = context.parameters.get("token") ?? ""
        let (claims, problem) = try await check(token, now: now, via: "link")
        guard let claims, let stored = try await database.escalation(id: claims.escalationID) else {
            return ApprovalPage.message(problem ?? .unknownEscalation, status: problem == .expired || problem == .used ? .gone : .forbidden)
        }
        let nonce = UUID().uuidString
        var response = ApprovalPage.form(stored.escalation, approver: claims.approver, level: claims.level, csrf: nonce)
        response.headers[.setCookie] = "\(Self.csrfCookie)=\(nonce); Path=/approvals; HttpOnly; SameSite=Strict; Max-Age=3600\(notifier.publicURL.hasPrefix("https:") ? "; Secure" : "")"
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        let token = context.parameters.get("token") ?? ""
        let body = try await request.body.collect(upTo: 64 * 1024)
        let form = Self.form(String(buffer: body))
        let cookie = Self.cookies(request.headers[.cookie] ?? "")[Self.csrfCookie]
        let (claims, problem) = try await check(token, now: now, via: "link")
        guard let claims else {
            return ApprovalPage.message(problem ?? .unknownEscalation, status: problem == .expired || problem == .used ? .gone : .forbidden)
        }
        guard let field = form["csrf"], let cookie, !field.isEmpty, ConstantTime.equal(Array(field.utf8), Array(cookie.utf8)) else {
            await desk.refuse(.csrf, actor: claims.approver, via: "link", escalationID: claims.escalationID, at: now)
            return ApprovalPage.message(.csrf, status: .forbidden)
        }
        let decision: ApprovalDecision
        switch form["action"] {
        case "approve": decision = .approve
        case "reject": decision = .reject(reason: form["reason"].flatMap { $0.isEmpty ? nil : $0 })
        case "edit":
            let text = (form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return ApprovalPage.notice("The edited reply is empty: nothing was decided. Go back and write the reply.", status: .badRequest) }
            decision = .edit(text: text)
        default:
            return ApprovalPage.notice("Choose approve, edit and approve, or reject.", status: .badRequest)
        }
        // Single use: the link is spent with the vote it records, in the same transaction.
        let outcome = try await desk.decide(
            decision, escalationID: claims.escalationID, level: claims.level, approver: claims.approver, via: "link", at: now,
            singleUse: "link:" + notifier.tokens.digest(token))
        wakeup.signal()
        switch outcome.result {
        case .success: return ApprovalPage.notice(outcome.message, status: .ok)
        case .failure(.used): return ApprovalPage.message(.used, status: .gone)
        case .failure: return ApprovalPage.notice(outcome.message, status: .conflict)
        }
    }

    // MARK: Pages

    /// Acknowledges a page from a chat button or a link. Anyone in `oncall.responders` may.
    private func acknowledge(token: String, purpose: ApprovalPurpose, person: String?, actor: String, via: String, now: Date) async throws -> (message: String, done: Bool) {
        guard let pages else { return ("On-call paging is not configured.", false) }
        let claims: ApprovalClaims
        switch notifier.tokens.verify(token, for: purpose, now: now) {
        case .failure(let refusal):
            await desk.refuse(refusal, actor: actor, via: via, escalationID: nil, at: now)
            return (refusal.message, false)
        case .success(let verified):
            claims = verified
        }
        let who = purpose.isPersonal ? claims.approver : person
        guard let who, pages.responders.isEmpty || pages.responders.contains(where: { $0.name == who }) else {
            try? await database.record(AuditEntry(at: now, actor: actor, action: "page.refused", subjectType: "page", subjectID: claims.escalationID, details: #"{"reason":"not_a_responder"}"#))
            return ("You are not in oncall.responders, so you cannot acknowledge this page.", false)
        }
        switch try await PagingService.acknowledge(claims.escalationID, by: who, via: via, at: now, database: database, notifier: pages, metrics: metrics) {
        case true?:
            wakeup.signal()
            return ("Acknowledged by \(who): paging stopped.", true)
        case false?:
            let page = try await database.page(id: claims.escalationID)
            return ("Already acknowledged by \(page?.acknowledgedBy ?? "someone").", false)
        case nil:
            return ("No such page.", false)
        }
    }

    @Sendable func pagePage(_ request: Request, context: Context) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard case .success(let claims) = notifier.tokens.verify(token, for: .pageLink, now: Date()) else {
            await desk.refuse(.tampered, actor: "link", via: "link", escalationID: nil, at: Date())
            return ApprovalPage.message(.tampered, status: .forbidden)
        }
        let nonce = UUID().uuidString
        let page = try await database.page(id: claims.escalationID)
        let state = page.map { $0.isAcknowledged ? "Acknowledged by \($0.acknowledgedBy ?? "?")." : "Paging every few minutes until someone acknowledges." } ?? "No such page."
        var response = ApprovalPage.html(
            title: "Acknowledge a page",
            """
            <h1>Acknowledge a page</h1>
            <p class="who">As <strong>\(ApprovalPage.escape(claims.approver))</strong></p>
            <blockquote>\(ApprovalPage.escape(page?.summary ?? ""))</blockquote>
            <p class="notice">\(ApprovalPage.escape(state))</p>
            <form method="post"><input type="hidden" name="csrf" value="\(nonce)">
            <div class="actions"><button type="submit" class="approve">Acknowledge</button></div></form>
            """, status: .ok)
        response.headers[.setCookie] = "\(Self.csrfCookie)=\(nonce); Path=/pages; HttpOnly; SameSite=Strict; Max-Age=3600"
        return response
    }

    @Sendable func pageSubmit(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        let token = context.parameters.get("token") ?? ""
        let form = Self.form(String(buffer: try await request.body.collect(upTo: 16 * 1024)))
        let cookie = Self.cookies(request.headers[.cookie] ?? "")[Self.csrfCookie]
        guard let field = form["csrf"], let cookie, !field.isEmpty, ConstantTime.equal(Array(field.utf8), Array(cookie.utf8)) else {
            await desk.refuse(.csrf, actor: "link", via: "link", escalationID: nil, at: now)
            return ApprovalPage.message(.csrf, status: .forbidden)
        }
        let result = try await acknowledge(token: token, purpose: .pageLink, person: nil, actor: "link", via: "link", now: now)
        return ApprovalPage.notice(result.message, status: result.done ? .ok : .conflict)
    }

    /// A link's claims, or why it cannot be used (audited).
    private func check(_ token: String, now: Date, via: String) async throws -> (ApprovalClaims?, ApprovalRefusal?) {
        switch notifier.tokens.verify(token, for: .link, now: now) {
        case .failure(let refusal):
            await desk.refuse(refusal, actor: "link", via: via, escalationID: nil, at: now)
            return (nil, refusal)
        case .success(let claims):
            guard desk.approver(named: claims.approver) != nil else {
                await desk.refuse(.notAnApprover, actor: claims.approver, via: via, escalationID: claims.escalationID, at: now)
                return (nil, .notAnApprover)
            }
            if try await database.isUsed("link:" + notifier.tokens.digest(token)) {
                await desk.refuse(.used, actor: claims.approver, via: via, escalationID: claims.escalationID, at: now)
                return (nil, .used)
            }
            return (claims, nil)
        }
    }

    // MARK: Helpers

    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part) }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// Slack's `response_url`s live on hooks.slack.com; loopback is allowed for development and tests.
    static func isSlackResponseURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let host = url.host?.lowercased() else { return false }
        if url.scheme == "https", host == "hooks.slack.com" { return true }
        return ["http", "https"].contains(url.scheme ?? "") && ["127.0.0.1", "localhost", "::1"].contains(host)
    }

    static func cookies(_ header: String) -> [String: String] {
        var cookies: [String: String] = [:]
        for item in header.split(separator: ";") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { cookies[parts[0]] = parts[1] }
        }
        return cookies
    }
}
