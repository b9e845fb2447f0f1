import Foundation
import Hummingbird
import RiposteCore
import RiposteStore

/// `GET /v1/escalations` and `GET /v1/escalations/{id}`: where replies stand, and the approved
/// ones ready to post (`state=approved`: `ready_to_post` with the final text).
struct EscalationsController<Context: RequestContext> {
    let database: AppDatabase
    let readAccess: ReadAccess
    /// Tells the channels when an escalation is withdrawn (`nil` when approvals are off).
    let notifier: EscalationNotifier?
    let wakeup: Wakeup

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/escalations", use: list)
        router.get("/v1/escalations/{id}", use: show)
        router.post("/v1/escalations/{id}/withdraw", use: withdraw)
    }

    /// Withdraws a pending escalation (the reply will not be posted); its channels are told.
    @Sendable func withdraw(_ request: Request, context: Context) async throws -> Response {
        try readAccess.checkWrite(request)
        let id = try context.parameters.require("id")
        let body = try await request.body.collect(upTo: 16 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        let actor = (object?["by"] as? String).flatMap { $0.isEmpty ? nil : String($0.prefix(100)) } ?? "api"
        let reason = (object?["reason"] as? String).map { String($0.prefix(1_000)) }
        let now = Date()
        let notifier = self.notifier
        let result = try await database.updateEscalation(id: id, at: now) { escalation, channels, _ -> (Bool, EscalationEffects) in
            guard escalation.withdraw(by: actor, at: now) else { return (false, EscalationEffects()) }
            var details = ["by": actor]
            if let reason { details["reason"] = reason }
            return (true, EscalationEffects(
                messages: notifier?.outcome(escalation, channels: channels, at: now) ?? [],
                audit: [AuditEntry(at: now, actor: actor, action: "escalation.withdrawn", subjectType: "escalation", subjectID: escalation.id, details: ApprovalDesk.json(details))]))
        }
        guard let result else { throw APIError(.notFound, code: "not_found", message: "no escalation has the id \(id)", field: "id") }
        guard result else { throw APIError(.conflict, code: "already_decided", message: "the escalation is no longer pending", field: "id") }
        wakeup.signal()
        guard let stored = try await database.escalation(id: id) else { throw APIError(.notFound, code: "not_found", message: "no escalation has the id \(id)", field: "id") }
        return try JSONResponse.make(EscalationView(stored))
    }

    struct VoteView: Encodable {
        var approver: String
        var level: Int
        var decision: String
        var text: String?
        var at: String
        var via: String
    }

    struct EscalationView: Encodable {
        var id: String
        var mentionID: String
        var policy: String
        var state: String
        var level: Int
        var levels: Int
        var approvers: [String]
        var deadline: String?
        var draft: String
        var finalText: String?
        var readyToPost: Bool
        var decidedBy: String?
        var decidedAt: String?
        var decidedVia: String?
        var channels: [String]
        var votes: [VoteView]

        init(_ stored: StoredEscalation) {
            let escalation = stored.escalation
            id = escalation.id
            mentionID = escalation.mentionID
            policy = escalation.policy.name
            state = escalation.state.rawValue
            level = escalation.level + 1
            levels = escalation.policy.levels.count
            approvers = escalation.currentMembers
            deadline = escalation.deadline.map(RFC3339.format)
            draft = escalation.draft
            finalText = escalation.finalText
            readyToPost = escalation.state.isApproved
            decidedBy = escalation.decidedBy
            decidedAt = escalation.decidedAt.map(RFC3339.format)
            decidedVia = escalation.decidedVia
            channels = stored.channels
            votes = escalation.votes.map { VoteView(approver: $0.approver, level: $0.level + 1, decision: $0.decision, text: $0.text, at: RFC3339.format($0.at), via: $0.via) }
        }

        enum CodingKeys: String, CodingKey {
            case id, policy, state, level, levels, approvers, deadline, draft, channels, votes
            case mentionID = "mention_id"
            case finalText = "final_text"
            case readyToPost = "ready_to_post"
            case decidedBy = "decided_by"
            case decidedAt = "decided_at"
            case decidedVia = "decided_via"
        }
    }

    struct ListView: Encodable {
        var escalations: [EscalationView]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let parameters = request.uri.queryParameters
        for (key, _) in parameters where !["state", "limit"].contains(String(key)) {
            throw APIError(.badRequest, code: "invalid_field", message: "unknown query parameter (known: state, limit)", field: String(key))
        }
        var state: EscalationState?
        if let text = parameters["state"].map(String.init) {
            guard let value = EscalationState(rawValue: text) else {
                throw APIError(.badRequest, code: "invalid_field", message: "must be one of \(EscalationState.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
            }
            state = value
        }
        var limit = 100
        if let text = parameters["limit"].map(String.init) {
            guard let value = Int(text), (1...500).contains(value) else { throw APIError(.badRequest, code: "invalid_field", message: "must be a whole number from 1 to 500", field: "limit") }
            limit = value
        }
        let escalations = try await database.escalations(state: state, limit: limit)
        return try JSONResponse.make(ListView(escalations: escalations.map(EscalationView.init)))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let id = try context.parameters.require("id")
        guard let stored = try await database.escalation(id: id) else {
            throw APIError(.notFound, code: "not_found", message: "no escalation has the id \(id)", field: "id")
        }
        return try JSONResponse.make(EscalationView(stored))
    }
}
