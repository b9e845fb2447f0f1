import Foundation
import Hummingbird
import RiposteCore
import RiposteStore

/// Threads and who owns them: `GET /v1/threads`, and `POST /v1/threads/{id}/claim|acknowledge|resolve`
/// with `{"responder": "Ana", "note": "…"}`. The collision guard: a thread someone else owns
/// answers 409 naming them. Acknowledging a thread stops its page.
struct ThreadsController<Context: RequestContext> {
    let database: AppDatabase
    let access: ReadAccess
    let pages: PageNotifier?
    let wakeup: Wakeup
    let metrics: RiposteMetrics?

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/threads", use: list)
        router.post("/v1/threads/{id}/claim", use: claim)
        router.post("/v1/threads/{id}/acknowledge", use: acknowledge)
        router.post("/v1/threads/{id}/resolve", use: resolve)
    }

    struct ThreadView: Encodable {
        var id: Int64
        var key: String
        var state: String
        var owner: String?
        var claimedAt: String?
        var mentionCount: Int
        var lastMentionAt: String

        init(_ thread: ThreadState) {
            id = thread.id
            key = thread.key
            state = thread.state
            owner = thread.owner
            claimedAt = thread.claimedAt.map(RFC3339.format)
            mentionCount = thread.mentionCount
            lastMentionAt = RFC3339.format(thread.lastMentionAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, key, state, owner
            case claimedAt = "claimed_at"
            case mentionCount = "mention_count"
            case lastMentionAt = "last_mention_at"
        }
    }

    struct ListView: Encodable {
        var threads: [ThreadView]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try access.check(request)
        let state = request.uri.queryParameters["state"].map(String.init)
        if let state, !["open", "claimed", "acknowledged", "resolved"].contains(state) {
            throw APIError(.badRequest, code: "invalid_field", message: "must be one of open, claimed, acknowledged, resolved", field: "state")
        }
        return try JSONResponse.make(ListView(threads: try await database.threads(state: state, limit: 200).map(ThreadView.init)))
    }

    @Sendable func claim(_ request: Request, context: Context) async throws -> Response {
        let (id, responder, _) = try await input(request, context: context)
        return try answer(try await database.claimThread(id: id, by: responder, at: Date()), id: id)
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let (id, responder, note) = try await input(request, context: context)
        let now = Date()
        let outcome = try await database.setThreadState(id: id, to: "acknowledged", by: responder, note: note, at: now)
        if case .claimed(let thread) = outcome, let pages, let page = try await database.openPageID(thread: thread.key) {
            _ = try await PagingService.acknowledge(page, by: responder, via: "api", at: now, database: database, notifier: pages, metrics: metrics)
            wakeup.signal()
        }
        return try answer(outcome, id: id)
    }

    @Sendable func resolve(_ request: Request, context: Context) async throws -> Response {
        let (id, responder, note) = try await input(request, context: context)
        let now = Date()
        let outcome = try await database.setThreadState(id: id, to: "resolved", by: responder, note: note, at: now)
        // A resolved thread needs nobody paged any more.
        if case .claimed(let thread) = outcome, let pages, let page = try await database.openPageID(thread: thread.key) {
            _ = try await PagingService.acknowledge(page, by: responder, via: "api", at: now, database: database, notifier: pages, metrics: metrics)
            wakeup.signal()
        }
        return try answer(outcome, id: id)
    }

    private func input(_ request: Request, context: Context) async throws -> (Int64, String, String?) {
        try access.checkWrite(request)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError(.badRequest, code: "invalid_field", message: "must be a thread id", field: "id") }
        let body = try await request.body.collect(upTo: 16 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        guard let responder = (object?["responder"] as? String)?.trimmingCharacters(in: .whitespaces), !responder.isEmpty else {
            throw APIError(.badRequest, code: "missing_field", message: "is required: who is doing this", field: "responder")
        }
        return (id, String(responder.prefix(100)), (object?["note"] as? String).map { String($0.prefix(2_000)) })
    }

    private func answer(_ outcome: ClaimOutcome, id: Int64) throws -> Response {
        switch outcome {
        case .claimed(let thread):
            return try JSONResponse.make(ThreadView(thread))
        case .heldBy(let owner, let since):
            throw APIError(.conflict, code: "thread_owned", message: "\(owner) has this thread\(since.map { " since \(RFC3339.format($0))" } ?? "")", field: "responder")
        case .notFound:
            throw APIError(.notFound, code: "not_found", message: "no thread has the id \(id)", field: "id")
        }
    }
}
