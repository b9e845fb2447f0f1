import Foundation

/// Where an escalation stands.
public enum EscalationState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Waiting for the current level's quorum.
    case pending
    /// Approved as drafted.
    case approved
    /// Approved with the reply text changed.
    case editedApproved = "edited_approved"
    case rejected
    /// The last level timed out and the policy does not hold.
    case expired
    /// Withdrawn by the team.
    case withdrawn

    /// Whether it is over.
    public var isFinal: Bool { self != .pending }

    /// Whether the reply may be posted.
    public var isApproved: Bool { self == .approved || self == .editedApproved }
}

/// An approver's answer.
public enum ApprovalDecision: Sendable, Equatable {
    case approve
    case reject(reason: String?)
    /// Approve with a changed reply.
    case edit(text: String)

    /// `approve`, `reject`, `edit`.
    public var name: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .edit: "edit"
        }
    }
}

/// One approver's recorded vote at a level.
public struct ApprovalVote: Sendable, Equatable, Codable {
    public var approver: String
    public var level: Int
    public var decision: String
    public var text: String?
    public var at: Date
    public var via: String
}

/// A reply waiting for approval, and the rules that move it: pending → approved /
/// edited-and-approved / rejected / expired / escalated to the next level / withdrawn. Pure: the
/// store persists it (timers are its `deadline` column) and the services act on the outcomes.
public struct Escalation: Sendable, Equatable, Codable {
    /// Riposte's id for it.
    public var id: String
    /// The mention whose reply it is, as the notifications show it.
    public var mentionID: String
    public var item: AlertItem
    /// The policy as it was when the escalation started (a later configuration change does not
    /// move a running escalation), with each level's members resolved.
    public var policy: EscalationPolicy
    public var members: [[String]]
    /// Where it stands.
    public var state: EscalationState
    /// The current level (0-based).
    public var level: Int
    /// When the current level times out; `nil` when it is over or held.
    public var deadline: Date?
    /// The drafted reply, and the final text once approved.
    public var draft: String
    public var finalText: String?
    /// Every vote, in order.
    public var votes: [ApprovalVote]
    /// Who decided (the last vote that settled it, or `timeout`), when and from where.
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decidedVia: String?
    /// When it started.
    public var startedAt: Date

    /// Starts an escalation at level 0, or `nil` when the policy has no level with an approver.
    public static func start(id: String, item: AlertItem, policy: EscalationPolicy, directory: [Approver], draft: String, at date: Date) -> Escalation? {
        let members = policy.levels.map { $0.members(in: directory) }
        guard let first = members.firstIndex(where: { !$0.isEmpty }) else { return nil }
        return Escalation(
            id: id, mentionID: item.mentionID, item: item, policy: policy, members: members, state: .pending, level: first,
            deadline: date.addingTimeInterval(policy.levels[first].timeout), draft: draft, finalText: nil, votes: [], decidedBy: nil, decidedAt: nil,
            decidedVia: nil, startedAt: date)
    }

    /// The text now up for approval: the latest edit at this level, else the draft.
    public var currentText: String {
        votes.last { $0.level == level && $0.decision == "edit" }?.text ?? draft
    }

    /// The current level's approvers.
    public var currentMembers: [String] { level < members.count ? members[level] : [] }

    /// Records `approver`'s decision, made on a notification for `level`.
    /// - Returns: The new state (still `.pending` while the quorum is not reached), or why the
    ///   decision changes nothing: the escalation is over, the notification is for an older
    ///   level, the person is not an approver here, or has already voted.
    public mutating func decide(_ decision: ApprovalDecision, by approver: String, onLevel notifiedLevel: Int, via: String, at date: Date) -> Result<EscalationState, ApprovalRefusal> {
        guard state == .pending else { return .failure(.alreadyDecided) }
        guard notifiedLevel == level else { return .failure(.staleLevel) }
        guard currentMembers.contains(approver) else { return .failure(.notAtThisLevel) }
        guard !votes.contains(where: { $0.level == level && $0.approver == approver }) else { return .failure(.alreadyVoted) }
        var text: String?
        if case .edit(let edited) = decision { text = edited }
        if case .reject(let reason) = decision { text = reason }
        votes.append(ApprovalVote(approver: approver, level: level, decision: decision.name, text: text, at: date, via: via))
        // An edit changes what is being approved: approvals given before it do not carry over,
        // so with a quorum above one the edited text needs the quorum again.
        let here = votes.filter { $0.level == level }
        let lastEdit = here.lastIndex { $0.decision == "edit" }
        let approvals = here.indices.filter { index in here[index].decision != "reject" && (lastEdit.map { index >= $0 } ?? true) }
        let rejections = here.filter { $0.decision == "reject" }.count
        let eligible = currentMembers.count
        let needed = policy.levels[level].quorum.needed(of: eligible)
        if approvals.count >= needed {
            let edited = lastEdit.map { here[$0].text ?? draft }
            finish(edited == nil ? .approved : .editedApproved, by: approver, via: via, at: date)
            finalText = edited ?? draft
        } else if rejections > eligible - needed {
            finish(.rejected, by: approver, via: via, at: date)
        }
        return .success(state)
    }

    /// What a timeout did.
    public enum TimeoutOutcome: Sendable, Equatable {
        /// Not due yet, or already over.
        case none
        /// The next level (with approvers) is now current and must be notified.
        case escalated(level: Int)
        /// The last level timed out; the policy holds it pending, with no deadline.
        case held
        /// The last level timed out; expired (and, with `page_oncall`, on-call must be alerted).
        case expired(page: Bool)
    }

    /// Moves on when the current level's deadline has passed.
    public mutating func timeOut(at date: Date) -> TimeoutOutcome {
        guard state == .pending, let deadline, deadline <= date else { return .none }
        if let next = members.indices.first(where: { $0 > level && !members[$0].isEmpty }) {
            level = next
            self.deadline = date.addingTimeInterval(policy.levels[next].timeout)
            return .escalated(level: next)
        }
        switch policy.whenExhausted {
        case .hold:
            self.deadline = nil
            return .held
        case .reject, .pageOncall:
            finish(.expired, by: "timeout", via: "timer", at: date)
            return .expired(page: policy.whenExhausted == .pageOncall)
        }
    }

    /// Withdraws a pending escalation.
    public mutating func withdraw(by actor: String, at date: Date) -> Bool {
        guard state == .pending else { return false }
        finish(.withdrawn, by: actor, via: "api", at: date)
        return true
    }

    private mutating func finish(_ final: EscalationState, by actor: String, via: String, at date: Date) {
        state = final
        deadline = nil
        decidedBy = actor
        decidedAt = date
        decidedVia = via
    }

    /// One line for chat messages and logs (`approved by Claire Martin via slack`).
    public var summary: String {
        switch state {
        case .pending: "waiting for \(currentMembers.joined(separator: ", ")) (level \(level + 1) of \(policy.levels.count), quorum \(policy.levels[level].quorum))"
        case .approved: "approved by \(decidedBy ?? "?") via \(decidedVia ?? "?")"
        case .editedApproved: "approved with edits by \(decidedBy ?? "?") via \(decidedVia ?? "?")"
        case .rejected: "rejected by \(decidedBy ?? "?") via \(decidedVia ?? "?")"
        case .expired: "expired: no decision before the last level's timeout"
        case .withdrawn: "withdrawn by \(decidedBy ?? "?")"
        }
    }
}
