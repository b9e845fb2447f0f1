import Foundation

/// A person who may decide on escalated replies, as listed in the approver directory.
public struct Approver: Sendable, Equatable, Codable {
    /// The name the policies and the audit log use.
    public var name: String
    /// The role (`ceo`, `cmo`, `cco`, `general_counsel`, `head_of_pv`…), lowercased.
    public var role: String
    /// Their time zone (shown on notifications).
    public var timeZone: String?
    /// Their identities per platform: only these recognise them.
    public var slackID: String?
    public var mattermostID: String?
    public var email: String?

    /// Creates an approver.
    public init(name: String, role: String, timeZone: String? = nil, slackID: String? = nil, mattermostID: String? = nil, email: String? = nil) {
        self.name = name
        self.role = role
        self.timeZone = timeZone
        self.slackID = slackID
        self.mattermostID = mattermostID
        self.email = email
    }
}

/// How many of a level's approvers must approve.
public enum Quorum: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The first approver's decision stands.
    case any
    /// Every approver of the level must approve.
    case all
    /// At least this many must approve.
    case count(Int)

    /// How many approvals a level of `eligible` approvers needs.
    public func needed(of eligible: Int) -> Int {
        switch self {
        case .any: min(1, eligible)
        case .all: eligible
        case .count(let count): min(count, eligible)
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .all: "all"
        case .count(let count): "\(count)"
        }
    }
}

/// What happens when the last level times out.
public enum ExhaustedAction: String, Sendable, Equatable, Codable, CaseIterable {
    /// The escalation stays pending, with no further deadline.
    case hold
    /// It expires: the reply is not approved.
    case reject
    /// It expires and the on-call destination is alerted.
    case pageOncall = "page_oncall"
}

/// One level of an escalation policy.
public struct EscalationLevel: Sendable, Equatable, Codable {
    /// Approvers named directly, and roles whose approvers all belong to the level.
    public var approvers: [String]
    public var roles: [String]
    /// How many must approve.
    public var quorum: Quorum
    /// Seconds before the next level is notified.
    public var timeout: Double

    /// Creates a level.
    public init(approvers: [String] = [], roles: [String] = [], quorum: Quorum = .any, timeout: Double = 900) {
        self.approvers = approvers
        self.roles = roles
        self.quorum = quorum
        self.timeout = timeout
    }

    /// The level's approvers (names), from the directory, in directory order.
    public func members(in directory: [Approver]) -> [String] {
        directory.filter { approvers.contains($0.name) || roles.contains($0.role) }.map(\.name)
    }
}

/// An ordered chain of approver levels with timeouts (`escalation_policies:`).
public struct EscalationPolicy: Sendable, Equatable, Codable {
    /// The name routes refer to.
    public var name: String
    /// The levels, first notified first.
    public var levels: [EscalationLevel]
    /// After the last level's timeout.
    public var whenExhausted: ExhaustedAction

    /// Creates a policy.
    public init(name: String, levels: [EscalationLevel], whenExhausted: ExhaustedAction = .hold) {
        self.name = name
        self.levels = levels
        self.whenExhausted = whenExhausted
    }
}
