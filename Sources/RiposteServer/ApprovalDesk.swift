import Crypto
import Foundation
import RiposteCore
import RiposteStore

/// Where every decision lands, whatever platform it came from: checks it against the escalation
/// (through the pure state machine), stores it with its audit entry and the messages it causes
/// (the outcome to every channel, the approved reply's hand-off), in one transaction.
public struct ApprovalDesk: Sendable {
    let database: AppDatabase
    let notifier: EscalationNotifier
    let directory: [Approver]

    /// What a decision did.
    public struct Outcome: Sendable {
        /// The escalation's state afterwards, or why nothing changed.
        public var result: Result<EscalationState, ApprovalRefusal>
        /// One line for the person (`approved by Claire Martin via slack`, or the refusal).
        public var message: String
        /// The escalation as it stands.
        public var escalation: Escalation?
    }

    /// The approver a platform identity belongs to.
    public func approver(slackID: String) -> Approver? { directory.first { $0.slackID == slackID } }
    public func approver(mattermostID: String) -> Approver? { directory.first { $0.mattermostID == mattermostID } }
    public func approver(named name: String) -> Approver? { directory.first { $0.name == name } }

    /// Records `approver`'s decision made on a notification for `level`.
    /// A `singleUse` key (a signed link's) is spent in the same transaction, and only when the
    /// vote is recorded; a link already spent is refused.
    public func decide(
        _ decision: ApprovalDecision, escalationID: String, level: Int, approver: String, via: String, at date: Date, singleUse: String? = nil
    ) async throws -> Outcome {
        let notifier = self.notifier
        let outcome = try await database.updateEscalation(id: escalationID, at: date, singleUse: singleUse) { escalation, channels, used -> (Outcome, EscalationEffects) in
            let result = used ? .failure(.used) : escalation.decide(decision, by: approver, onLevel: level, via: via, at: date)
            var effects = EscalationEffects()
            if case .success = result { effects.spend = singleUse }
            switch result {
            case .success(let state):
                var details = ["decision": decision.name, "level": "\(level + 1)", "via": via, "state": state.rawValue]
                if case .edit(let text) = decision {
                    details["diff"] = Self.diff(from: escalation.draft, to: text)
                    details["text"] = text
                }
                if case .reject(let reason?) = decision { details["reason"] = reason }
                effects.audit.append(AuditEntry(at: date, actor: approver, action: "approval.\(decision.name)", subjectType: "escalation", subjectID: escalation.id, details: Self.json(details)))
                if state.isFinal {
                    effects.messages = notifier.outcome(escalation, channels: channels, at: date)
                    effects.audit.append(AuditEntry(at: date, actor: approver, action: "escalation.\(state.rawValue)", subjectType: "escalation", subjectID: escalation.id, details: Self.json(["summary": escalation.summary])))
                }
                let message = state.isFinal ? escalation.summary : "Recorded your \(decision.name) as \(approver). \(escalation.summary)."
                if case .edit = decision, !state.isFinal {
                    // The edited text needs the quorum again: every channel sees what is now up for approval.
                    effects.messages = notifier.requests(escalation, channels: channels, at: date).map { message in
                        var update = message
                        update.idempotencyKey += "-edit\(escalation.votes.count)"
                        return update
                    }
                }
                return (Outcome(result: result, message: message, escalation: escalation), effects)
            case .failure(let refusal):
                effects.audit.append(AuditEntry(
                    at: date, actor: approver, action: "approval.refused", subjectType: "escalation", subjectID: escalation.id,
                    details: Self.json(["reason": refusal.rawValue, "decision": decision.name, "via": via, "level": "\(level + 1)"])))
                let message = refusal == .alreadyDecided ? "\(refusal.message) (\(escalation.summary))" : refusal.message
                return (Outcome(result: result, message: message, escalation: escalation), effects)
            }
        }
        return outcome ?? Outcome(result: .failure(.unknownEscalation), message: ApprovalRefusal.unknownEscalation.message, escalation: nil)
    }

    /// Audits a refusal that never reached an escalation (bad signature, unknown person…).
    public func refuse(_ refusal: ApprovalRefusal, actor: String, via: String, escalationID: String?, at date: Date) async {
        try? await database.record(AuditEntry(
            at: date, actor: actor, action: "approval.refused", subjectType: escalationID == nil ? nil : "escalation", subjectID: escalationID,
            details: Self.json(["reason": refusal.rawValue, "via": via])))
    }

    /// A line diff of an edit: `- old` / `+ new` lines.
    static func diff(from old: String, to new: String) -> String {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines: [String] = []
        for line in before where !after.contains(line) { lines.append("- " + line) }
        for line in after where !before.contains(line) { lines.append("+ " + line) }
        return lines.joined(separator: "\n")
    }

    static func json(_ fields: [String: String]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
