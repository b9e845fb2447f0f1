import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import RiposteCore
import RiposteStore
import Synchronization

/// A value recomputed at most every `lifetime` seconds.
final class TimedCache: Sendable {
    private let state = Mutex<(at: Date, value: String)?>(nil)
    let lifetime: Double

    init(lifetime: Double = 30) {
        self.lifetime = lifetime
    }

    func value(now: Date, _ make: (Date) async throws -> String) async throws -> String {
        if let cached = state.withLock({ $0 }), now.timeIntervalSince(cached.at) < lifetime { return cached.value }
        let fresh = try await make(now)
        state.withLock { $0 = (now, fresh) }
        return fresh
    }
}

/// The web dashboard at `/dashboard`: server-rendered HTML (Mustache, plain CSS, no JavaScript).
/// Every page needs a signed-in user (or a bearer token); every form carries a CSRF value.
struct DashboardController<Context: RequestContext> {
    let database: AppDatabase
    let auth: DashboardAuth
    let configuration: RiposteConfiguration
    let pages: PageNotifier?
    let wakeup: Wakeup
    let metrics: RiposteMetrics?

    static var loginCSRFCookie: String { "riposte_login_csrf" }

    func addRoutes(to router: Router<Context>) {
        router.get("/dashboard/login", use: loginPage)
        router.post("/dashboard/login", use: login)
        router.post("/dashboard/logout", use: signed(logout))
        router.get("/dashboard", use: signed(inbox))
        router.get("/dashboard/mentions/{id}", use: signed(mention))
        router.post("/dashboard/threads/{id}/{action}", use: signed(threadAction))
        router.get("/dashboard/approvals", use: signed(approvals))
        router.get("/dashboard/oncall", use: signed(oncall))
        router.post("/dashboard/pages/{id}/acknowledge", use: signed(acknowledgePage))
        router.get("/dashboard/outbox", use: signed(outbox))
        router.post("/dashboard/outbox/{id}/retry", use: signed(retry))
        router.get("/dashboard/audit", use: signed(audit))
    }

    /// Who is asking, their session, and the request's form (POST).
    struct Visitor: Sendable {
        var name: String
        var session: String?
        var csrf: String
        var form: [String: String]
    }

    /// Wraps a page: unauthenticated requests go to the sign-in page (or get 401 for non-GET);
    /// a POST without the session's CSRF value is refused and audited.
    private func signed(_ handler: @escaping @Sendable (Request, Context, Visitor) async throws -> Response) -> @Sendable (Request, Context) async throws -> Response {
        { request, context in
            let now = Date()
            guard let user = auth.user(request, now: now) else {
                if request.method == .get { return Response(status: .seeOther, headers: [.location: "/dashboard/login"]) }
                return html("Sign in", "<p>Sign in first: <a href=\"/dashboard/login\">sign in</a>.</p>", user: nil, csrf: "", status: .unauthorized)
            }
            var form: [String: String] = [:]
            if request.method == .post {
                form = ApprovalsController<Context>.form(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
                guard auth.validCSRF(form["csrf"], session: user.session) else {
                    try? await database.record(AuditEntry(at: now, actor: user.name, action: "dashboard.csrf_refused", subjectType: "dashboard", subjectID: request.uri.path))
                    return html("Refused", "<p>The form could not be verified (CSRF). Go back, reload the page and try again.</p>", user: user.name, csrf: auth.csrf(for: user.session), status: .forbidden)
                }
            }
            return try await handler(request, context, Visitor(name: user.name, session: user.session, csrf: auth.csrf(for: user.session), form: form))
        }
    }

    // MARK: Sign-in

    @Sendable func loginPage(_ request: Request, context: Context) async throws -> Response {
        let nonce = UUID().uuidString
        var response = try render("login", ["csrf": nonce], title: "Sign in", user: nil, csrf: "")
        response.headers[.setCookie] = "\(Self.loginCSRFCookie)=\(nonce); Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=900"
        return response
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let now = Date()
        let form = ApprovalsController<Context>.form(String(buffer: try await request.body.collect(upTo: 16 * 1024)))
        let cookie = ApprovalsController<Context>.cookies(request.headers[.cookie] ?? "")[Self.loginCSRFCookie]
        guard let field = form["csrf"], let cookie, ConstantTime.equal(Array(field.utf8), Array(cookie.utf8)) else {
            try? await database.record(AuditEntry(at: now, actor: String((form["user"] ?? "?").prefix(100)), action: "dashboard.csrf_refused", subjectType: "dashboard", subjectID: "/dashboard/login"))
            return html("Sign in", "<p>The sign-in form could not be verified (CSRF). <a href=\"/dashboard/login\">Try again</a>.</p>", user: nil, csrf: "", status: .forbidden)
        }
        let name = String((form["user"] ?? "").prefix(100))
        let session: String
        switch await signInGate.signIn(auth, name: name, password: form["password"] ?? "", now: now) {
        case .session(let value):
            session = value
        case .wrong:
            try? await database.record(AuditEntry(at: now, actor: name, action: "dashboard.login_failed", subjectType: "dashboard"))
            return html("Sign in", "<p>Wrong user or password. <a href=\"/dashboard/login\">Try again</a>.</p>", user: nil, csrf: "", status: .unauthorized)
        case .locked:
            try? await database.record(AuditEntry(at: now, actor: name, action: "dashboard.login_locked", subjectType: "dashboard"))
            return html("Sign in", "<p>Too many wrong passwords for this user: try again in a few minutes.</p>", user: nil, csrf: "", status: .tooManyRequests)
        case .busy:
            return html("Sign in", "<p>Too many sign-ins at once: try again in a moment.</p>", user: nil, csrf: "", status: .tooManyRequests)
        }
        try? await database.record(AuditEntry(at: now, actor: name, action: "dashboard.login", subjectType: "dashboard"))
        var response = Response(status: .seeOther, headers: [.location: "/dashboard"])
        response.headers[.setCookie] = auth.sessionCookie(session)
        return response
    }

    @Sendable func logout(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        var response = Response(status: .seeOther, headers: [.location: "/dashboard/login"])
        response.headers[.setCookie] = auth.clearedCookie
        return response
    }

    // MARK: Pages

    @Sendable func inbox(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? { parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        var query = InboxQuery()
        query.classification = value("classification").flatMap(Sentiment.init(rawValue:))
        query.priority = value("priority").flatMap(Priority.init(rawValue:))
        query.flag = value("flag").flatMap(RiskFlagKind.init(rawValue:))
        query.state = value("state").flatMap { ["open", "claimed", "acknowledged", "resolved"].contains($0) ? $0 : nil }
        query.owner = value("owner")
        query.before = value("before").flatMap { RiposteID.isValid($0) ? $0 : nil }
        let rows = try await database.inbox(query)
        let chart = try await chartCache.value(now: Date()) { now in Self.chart(try await database.unsupportiveByHour(since: now.addingTimeInterval(-48 * 3600))) }
        func options(_ all: [String], _ chosen: String?) -> [[String: Any]] { all.map { ["value": $0, "selected": $0 == chosen] } }
        var next: String?
        if rows.count == query.limit, query.state == nil, query.owner == nil, let last = rows.last {
            var items = ["before=\(last.mentionID)"]
            for name in ["classification", "priority", "flag", "state", "owner"] {
                if let chosen = value(name) { items.append("\(name)=\(chosen.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            }
            next = "/dashboard?" + items.joined(separator: "&")
        }
        let data: [String: Any] = [
            "chart": chart,
            "priorities": options(Priority.allCases.map(\.rawValue), query.priority?.rawValue),
            "labels": options(Sentiment.allCases.map(\.rawValue), query.classification?.rawValue),
            "flags": options(RiskFlagKind.allCases.map(\.rawValue), query.flag?.rawValue),
            "states": options(["open", "claimed", "acknowledged", "resolved"], query.state),
            "owner": query.owner ?? "",
            "rows": rows.map { row -> [String: Any] in
                [
                    "id": row.mentionID, "received": RFC3339.format(row.receivedAt).prefix(16).replacingOccurrences(of: "T", with: " "),
                    "priority": row.priority ?? "", "sentiment": row.sentiment ?? "pending", "text": AlertContent.cut(row.text, to: 160),
                    "handle": row.handle.map { "@" + $0 } ?? "someone", "source": row.source, "flags": row.flags, "state": row.threadState ?? "",
                    "owner": Self.shown(row.owner),
                ]
            },
            "next": Self.shown(next),
        ]
        return try render("inbox", data, title: "Inbox", user: visitor.name, csrf: visitor.csrf, notice: value("notice"))
    }

    @Sendable func mention(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RiposteID.isValid(id), let stored = try await database.mention(id: id) else {
            return html("Not found", "<p>No mention has that id.</p>", user: visitor.name, csrf: visitor.csrf, status: .notFound)
        }
        let classification = stored.classification
        let suggestions = try await database.suggestions(mentionID: id)
        let escalations = try await database.escalations(mentionID: id)
        var threadData: [String: Any]?
        if let state = try await threadOf(id) {
            threadData = ["id": state.id, "key": state.key, "state": state.state, "owner": Self.shown(state.owner), "csrf": visitor.csrf, "back": "/dashboard/mentions/\(id)"]
        }
        let item = classification.map {
            AlertComposer.item(mentionID: id, mention: stored.mention, receivedAt: stored.receivedAt, classification: $0, suggestion: suggestions.first)
        }
        let data: [String: Any] = [
            "priority": classification?.priority.rawValue ?? "", "sentiment": classification?.sentiment.label.rawValue ?? "not classified yet",
            "confidence": classification.map { String(format: "%.2f", $0.sentiment.confidence) } ?? "",
            "text": stored.mention.text, "author": item?.author ?? (stored.mention.author?.handle ?? "someone"), "source": stored.mention.source,
            "received": RFC3339.format(stored.receivedAt), "rule": classification?.priorityRule ?? "",
            "evidence": classification?.sentiment.evidence.prefix(6).map(\.text) ?? [],
            "flags": classification?.risk.flags.map { ["kind": $0.kind.rawValue, "detail": ([$0.detail].compactMap { $0 } + $0.evidence.prefix(3)).joined(separator: " · ")] } ?? [],
            "deadline": Self.shown(item?.deadline),
            "thread": threadData ?? false,
            "suggestions": suggestions.prefix(3).map { ["text": $0.text, "template": $0.templateID, "reasons": $0.reasons.joined(separator: "; ")] },
            "escalations": escalations.map { stored -> [String: Any] in
                [
                    "id": stored.escalation.id, "summary": stored.escalation.summary, "final": Self.shown(stored.escalation.finalText),
                    "votes": stored.escalation.votes.map { ["at": RFC3339.format($0.at), "approver": $0.approver, "decision": $0.decision, "via": $0.via, "text": Self.shown($0.text)] },
                ]
            },
        ]
        return try render("mention", data, title: "Mention", user: visitor.name, csrf: visitor.csrf, notice: request.uri.queryParameters["notice"].map(String.init))
    }

    private func threadOf(_ mentionID: String) async throws -> ThreadState? {
        guard let id = try await database.threadOfMention(mentionID) else { return nil }
        return try await database.thread(id: id)
    }

    @Sendable func threadAction(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError(.badRequest, code: "invalid_field", message: "must be a thread id", field: "id") }
        let action = try context.parameters.require("action")
        let now = Date()
        let outcome: ClaimOutcome
        switch action {
        case "claim": outcome = try await database.claimThread(id: id, by: visitor.name, at: now)
        case "acknowledge", "resolve":
            outcome = try await database.setThreadState(id: id, to: action == "resolve" ? "resolved" : "acknowledged", by: visitor.name, note: visitor.form["note"], at: now)
            if case .claimed(let thread) = outcome, let pages, let page = try await database.openPageID(thread: thread.key) {
                _ = try await PagingService.acknowledge(page, by: visitor.name, via: "dashboard", at: now, database: database, notifier: pages, metrics: metrics)
                wakeup.signal()
            }
        default:
            return html("Not found", "<p>Unknown action.</p>", user: visitor.name, csrf: visitor.csrf, status: .notFound)
        }
        let notice: String
        switch outcome {
        case .claimed(let thread): notice = "Thread \(thread.state) by \(visitor.name)."
        case .heldBy(let owner, let since): notice = "\(owner) has this thread\(since.map { " since \(RFC3339.format($0))" } ?? ""): it was not changed."
        case .notFound: notice = "No such thread."
        }
        let back = visitor.form["back"].flatMap { $0.hasPrefix("/dashboard/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/dashboard"
        return Response(status: .seeOther, headers: [.location: back + "?notice=" + (notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")])
    }

    @Sendable func approvals(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let pending = try await database.escalations(state: .pending, limit: 200)
        let rows = pending.map { stored -> [String: Any] in
            [
                "id": stored.escalation.id, "mention": stored.escalation.mentionID, "state": stored.escalation.state.rawValue,
                "approvers": stored.escalation.currentMembers.joined(separator: ", "), "deadline": stored.escalation.deadline.map(RFC3339.format) ?? "held",
                "draft": AlertContent.cut(stored.escalation.currentText, to: 200),
            ]
        }
        return try render("approvals", ["rows": rows], title: "Approvals", user: visitor.name, csrf: visitor.csrf)
    }

    @Sendable func oncall(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let now = Date()
        let layers = configuration.oncall.isConfigured
            ? OnCallLayer.allCases.map { layer -> [String: Any] in
                let who = configuration.oncall.schedule.who(layer, at: now)
                return ["layer": layer.rawValue, "who": who?.name ?? "nobody", "because": who?.because ?? "no rotation"]
            } : []
        let pageRows = try await database.pages(openOnly: false, limit: 100).map { page -> [String: Any] in
            [
                "id": page.id, "opened": RFC3339.format(page.openedAt), "summary": page.summary, "sent": page.sent,
                "state": page.isAcknowledged ? "acknowledged by \(page.acknowledgedBy ?? "?")" : "paging", "open": !page.isAcknowledged, "csrf": visitor.csrf,
            ]
        }
        return try render("oncall", ["layers": layers, "pages": pageRows], title: "On call", user: visitor.name, csrf: visitor.csrf)
    }

    @Sendable func acknowledgePage(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let id = try context.parameters.require("id")
        if let pages { _ = try await PagingService.acknowledge(id, by: visitor.name, via: "dashboard", at: Date(), database: database, notifier: pages, metrics: metrics) }
        wakeup.signal()
        return Response(status: .seeOther, headers: [.location: "/dashboard/oncall"])
    }

    @Sendable func outbox(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let status = request.uri.queryParameters["status"].map(String.init).flatMap { ["pending", "sending", "delivered", "dead"].contains($0) ? $0 : nil }
        let rows = try await database.outboxEntries(limit: 200, status: status).map { entry -> [String: Any] in
            [
                "id": entry.id, "key": entry.idempotencyKey, "destination": entry.destination, "status": entry.status, "attempts": entry.attempts,
                "error": entry.lastError.map { AlertContent.cut($0, to: 160) } ?? "", "dead": entry.status == "dead", "csrf": visitor.csrf,
            ]
        }
        return try render("outbox", ["rows": rows], title: "Outbox", user: visitor.name, csrf: visitor.csrf)
    }

    @Sendable func retry(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError(.badRequest, code: "invalid_field", message: "must be an outbox id", field: "id") }
        _ = try await database.retryDeadLetters(ids: [id], at: Date())
        wakeup.signal()
        return Response(status: .seeOther, headers: [.location: "/dashboard/outbox?status=dead"])
    }

    @Sendable func audit(_ request: Request, context: Context, visitor: Visitor) async throws -> Response {
        let rows = try await database.auditEntries(limit: 200).map { entry -> [String: Any] in
            [
                "at": RFC3339.format(entry.at), "actor": entry.actor, "action": entry.action,
                "subject": [entry.subjectType, entry.subjectID].compactMap { $0 }.joined(separator: " "), "details": AlertContent.cut(entry.details ?? "", to: 200),
            ]
        }
        return try render("audit", ["rows": rows], title: "Audit", user: visitor.name, csrf: visitor.csrf)
    }

    // MARK: Rendering

    private func render(_ name: String, _ data: [String: Any], title: String, user: String?, csrf: String, notice: String? = nil) throws -> Response {
        guard let library = DashboardTemplates.library, let body = library.render(data, withTemplate: name) else {
            throw APIError(.internalServerError, code: "template", message: "the dashboard template \(name) did not render")
        }
        return html(title, body, user: user, csrf: csrf, notice: notice, status: .ok)
    }

    private func html(_ title: String, _ body: String, user: String?, csrf: String, notice: String? = nil, status: HTTPResponse.Status) -> Response {
        var data: [String: Any] = ["title": title, "body": body, "csrf": csrf, "notice": Self.shown(notice)]
        if let user { data["user"] = user }
        let page = DashboardTemplates.library?.render(data, withTemplate: "layout") ?? body
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("X-Frame-Options") ?? .accept: "DENY",
                      HTTPField.Name("Content-Security-Policy") ?? .accept: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// The chart is the same for everyone and moves by the hour: drawn at most every 30 seconds.
    let chartCache = TimedCache()
    let signInGate = SignInGate()

    /// A value for a Mustache section: the text, or `false` (hidden) when there is none.
    static func shown(_ text: String?) -> Any {
        guard let text, !text.isEmpty else { return false }
        return text
    }

    /// A small SVG bar chart of unsupportive mentions per hour (48 bars, hour labels every 12).
    static func chart(_ hours: [(hour: String, count: Int)]) -> String {
        let width = 960.0, height = 120.0, bars = 48
        let now = Date()
        let counts = Dictionary(hours.map { ($0.hour, $0.count) }, uniquingKeysWith: +)
        let slots = (0..<bars).map { index -> (String, Int) in
            let hour = String(RFC3339.format(now.addingTimeInterval(Double(index - bars + 1) * 3600)).prefix(13))
            return (hour, counts[hour] ?? 0)
        }
        let peak = max(1, slots.map(\.1).max() ?? 1)
        let barWidth = width / Double(bars)
        var svg = "<svg role=\"img\" aria-label=\"Unsupportive mentions per hour\" viewBox=\"0 0 \(Int(width)) \(Int(height + 16))\" width=\"100%\" height=\"\(Int(height + 16))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (index, slot) in slots.enumerated() {
            let barHeight = Double(slot.1) / Double(peak) * height
            svg += "<rect x=\"\(Int(Double(index) * barWidth + 1))\" y=\"\(Int(height - barHeight))\" width=\"\(Int(barWidth - 2))\" height=\"\(Int(barHeight))\" fill=\"#b00020\"><title>\(slot.0):00 UTC · \(slot.1)</title></rect>"
            if index % 12 == 0 { svg += "<text x=\"\(Int(Double(index) * barWidth))\" y=\"\(Int(height + 12))\">\(slot.0.suffix(5)):00</text>" }
        }
        svg += "<text x=\"\(Int(width - 90))\" y=\"10\">peak \(peak)/h</text></svg>"
        return svg
    }
}
