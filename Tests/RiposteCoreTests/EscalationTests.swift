import Foundation
import Testing

@testable import RiposteCore

@Suite struct EscalationTests {
    static let directory = [
        Approver(name: "Claire", role: "cco", slackID: "U1"),
        Approver(name: "Sam", role: "ceo", slackID: "U2"),
        Approver(name: "Ines", role: "general_counsel", slackID: "U3"),
        Approver(name: "Omar", role: "general_counsel", slackID: "U4"),
    ]
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let item = AlertItem(
        mentionID: "m1", priority: .p1, sentiment: .unsupportive, headline: "legal threat", handle: "@a", source: "x", author: "@a", text: "I will sue",
        url: nil, label: "unsupportive", flags: [], flagKinds: [], suggestion: "Sorry", deadline: nil)

    func escalation(_ levels: [EscalationLevel], exhausted: ExhaustedAction = .hold) throws -> Escalation {
        try #require(Escalation.start(
            id: "e1", item: Self.item, policy: EscalationPolicy(name: "exec", levels: levels, whenExhausted: exhausted), directory: Self.directory,
            draft: "We are sorry.", at: Self.start))
    }

    @Test func anyApproverDecidesAtQuorumAny() throws {
        var escalation = try escalation([EscalationLevel(approvers: ["Claire", "Sam"], quorum: .any, timeout: 60)])
        #expect(escalation.deadline == Self.start.addingTimeInterval(60))
        #expect(escalation.decide(.approve, by: "Sam", onLevel: 0, via: "slack", at: Self.start) == .success(.approved))
        #expect(escalation.finalText == "We are sorry.")
        #expect(escalation.deadline == nil)
        #expect(escalation.decide(.reject(reason: nil), by: "Claire", onLevel: 0, via: "slack", at: Self.start) == .failure(.alreadyDecided))
    }

    @Test func nOfMWaitsForTheQuorumAndRejectsWhenItCannotBeReached() throws {
        var two = try escalation([EscalationLevel(roles: ["ceo", "general_counsel"], quorum: .count(2), timeout: 60)])
        #expect(two.currentMembers == ["Sam", "Ines", "Omar"])
        #expect(two.decide(.approve, by: "Sam", onLevel: 0, via: "link", at: Self.start) == .success(.pending))
        #expect(two.decide(.approve, by: "Sam", onLevel: 0, via: "link", at: Self.start) == .failure(.alreadyVoted))
        #expect(two.decide(.approve, by: "Ines", onLevel: 0, via: "link", at: Self.start) == .success(.approved))
        #expect(two.finalText == "We are sorry.")
        #expect(two.decidedBy == "Ines")

        var all = try escalation([EscalationLevel(approvers: ["Claire", "Sam"], quorum: .all, timeout: 60)])
        #expect(all.decide(.approve, by: "Claire", onLevel: 0, via: "slack", at: Self.start) == .success(.pending))
        #expect(all.decide(.reject(reason: "tone"), by: "Sam", onLevel: 0, via: "slack", at: Self.start) == .success(.rejected), "one reject makes 'all' impossible")
    }

    @Test func anEditNeedsTheQuorumAgain() throws {
        var two = try escalation([EscalationLevel(roles: ["ceo", "general_counsel"], quorum: .count(2), timeout: 60)])
        #expect(two.decide(.approve, by: "Sam", onLevel: 0, via: "link", at: Self.start) == .success(.pending))
        #expect(two.decide(.edit(text: "Edited."), by: "Ines", onLevel: 0, via: "link", at: Self.start) == .success(.pending), "Sam approved the draft, not the edit")
        #expect(two.currentText == "Edited.")
        #expect(two.decide(.approve, by: "Omar", onLevel: 0, via: "link", at: Self.start) == .success(.editedApproved))
        #expect(two.finalText == "Edited.")
    }

    @Test func onlyTheCurrentLevelsApproversOnTheCurrentLevelCount() throws {
        var escalation = try escalation([
            EscalationLevel(approvers: ["Claire"], timeout: 60), EscalationLevel(roles: ["ceo"], timeout: 60),
        ])
        #expect(escalation.decide(.approve, by: "Sam", onLevel: 0, via: "slack", at: Self.start) == .failure(.notAtThisLevel))
        #expect(escalation.timeOut(at: Self.start.addingTimeInterval(30)) == .none, "not due yet")
        #expect(escalation.timeOut(at: Self.start.addingTimeInterval(61)) == .escalated(level: 1))
        #expect(escalation.deadline == Self.start.addingTimeInterval(121))
        #expect(escalation.decide(.approve, by: "Claire", onLevel: 0, via: "slack", at: Self.start) == .failure(.staleLevel), "a click on the old level's message changes nothing")
        #expect(escalation.decide(.approve, by: "Sam", onLevel: 1, via: "slack", at: Self.start) == .success(.approved))
    }

    @Test func theLastTimeoutHoldsRejectsOrPagesByPolicy() throws {
        var held = try escalation([EscalationLevel(approvers: ["Claire"], timeout: 60)], exhausted: .hold)
        #expect(held.timeOut(at: Self.start.addingTimeInterval(60)) == .held)
        #expect(held.state == .pending && held.deadline == nil)
        var rejected = try escalation([EscalationLevel(approvers: ["Claire"], timeout: 60)], exhausted: .reject)
        #expect(rejected.timeOut(at: Self.start.addingTimeInterval(60)) == .expired(page: false))
        #expect(rejected.state == .expired)
        var paged = try escalation([EscalationLevel(approvers: ["Claire"], timeout: 60)], exhausted: .pageOncall)
        #expect(paged.timeOut(at: Self.start.addingTimeInterval(60)) == .expired(page: true))
        #expect(Escalation.start(id: "x", item: Self.item, policy: EscalationPolicy(name: "p", levels: [EscalationLevel(roles: ["nobody"])]), directory: Self.directory, draft: "", at: Self.start) == nil)
    }

    @Test func tokensRefuseTamperingAndExpiry() throws {
        let tokens = ApprovalTokens(secret: "s3cret")
        let claims = ApprovalClaims(escalationID: "m1.exec", level: 1, approver: "Claire", expires: Self.start.addingTimeInterval(3600))
        let token = tokens.token(claims)
        #expect(try tokens.verify(token, now: Self.start).get() == claims)
        #expect(tokens.verify(token, now: Self.start.addingTimeInterval(3601)) == .failure(.expired))
        #expect(ApprovalTokens(secret: "other").verify(token, now: Self.start) == .failure(.tampered))
        // Changing the approver or the level in the payload breaks the MAC.
        let forged = ApprovalTokens.base64URL(Array("link|m1.exec|1|Sam|\(Int(Self.start.timeIntervalSince1970 + 3600))".utf8)) + "." + token.split(separator: ".")[1]
        #expect(tokens.verify(forged, now: Self.start) == .failure(.tampered))
        #expect(tokens.verify("garbage", now: Self.start) == .failure(.tampered))
        // Each endpoint takes only its own kind: a Slack button value is not a link nor a Mattermost token.
        let button = tokens.token(ApprovalClaims(purpose: .slack, escalationID: "m1.exec", level: 1, approver: "", expires: Self.start.addingTimeInterval(3600)))
        #expect((try? tokens.verify(button, for: .slack, now: Self.start).get())?.purpose == .slack)
        #expect(tokens.verify(button, for: .mattermost, now: Self.start) == .failure(.tampered))
        #expect(tokens.verify(button, for: .link, now: Self.start) == .failure(.tampered))
        #expect(tokens.verify(token, for: .slack, now: Self.start) == .failure(.tampered), "a link is not a button")
    }

    @Test func policiesAreReadAndCheckedAgainstTheDirectory() throws {
        let loader = ConfigurationLoader(environment: ["S": "x"])
        let yaml = """
            destinations: [{ name: c, type: console }]
            approvals: { secret: "${S}" }
            approvers:
              - { name: Claire Martin, role: CCO, slack_id: U0CCO }
              - { name: Sam, role: ceo }
            escalation_policies:
              - name: exec
                levels:
                  - { approvers: [Claire Martin], quorum: any, timeout: 15m }
                  - { roles: [ceo], quorum: all, timeout: 30m }
                when_exhausted: reject
            routes:
              - { destinations: [c], escalation: exec }
            """
        let configuration = try loader.load(yaml: yaml)
        let policy = try #require(configuration.escalationPolicies.first)
        #expect(policy.levels.map(\.timeout) == [900, 1800])
        #expect(policy.levels[1].quorum == .all)
        #expect(policy.whenExhausted == .reject)
        #expect(configuration.approvers.first?.role == "cco")
        func refusal(_ text: String) -> String? {
            do {
                _ = try loader.load(yaml: text)
                return nil
            } catch let error as ConfigurationError {
                return error.key
            } catch {
                return "?"
            }
        }
        #expect(refusal(yaml.replacingOccurrences(of: "[Claire Martin]", with: "[Nobody]")) == "escalation_policies[0].levels[0].approvers[0]")
        #expect(refusal(yaml.replacingOccurrences(of: "roles: [ceo]", with: "roles: [cfo]")) == "escalation_policies[0].levels[1].roles[0]")
        #expect(refusal(yaml.replacingOccurrences(of: "escalation: exec", with: "escalation: board")) == "routes[0].escalation")
        #expect(refusal(yaml.replacingOccurrences(of: "quorum: any", with: "quorum: 3")) == "escalation_policies[0].levels[0].quorum")
    }
}
