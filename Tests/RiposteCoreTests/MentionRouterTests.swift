import Foundation
import Testing

@testable import RiposteCore

@Suite struct MentionRouterTests {
    static let yaml = """
        destinations:
          - { name: pv, type: console }
          - { name: comms, type: console }
          - { name: night, type: console }
          - { name: press, type: console }
        approvers:
          - { name: Claire Martin, role: cco }
        escalation_policies:
          - { name: exec, levels: [{ approvers: [Claire Martin] }] }
        routes:
          - match: { flag: adverse_event }
            destinations: [pv]
            continue: true
          - match: { author_type: journalist }
            destinations: [press]
          - match: { classification: unsupportive }
            destinations: [comms]
            routes:
              - match: { priority: [P1, P2] }
                escalation: exec
              - match: { business_hours: false, time_zone: Europe/Paris, days: mon-fri, hours: "09:00-18:00" }
                destinations: [night]
          - match: { min_followers: 100000, language: fr }
            destinations: [comms]
        """

    func router() throws -> MentionRouter {
        MentionRouter(routes: try ConfigurationLoader(environment: [:]).load(yaml: Self.yaml).routes)
    }

    func facts(
        sentiment: Sentiment = .neutral, priority: Priority = .p4, flags: [RiskFlagKind] = [], author: AuthorType = .regular,
        language: String = "en", followers: Int? = nil, at: String = "2026-11-18T10:00:00Z"
    ) -> RoutingFacts {
        let result = SentimentResult(label: sentiment, confidence: 0.9, probabilities: [:], language: language, evidence: [])
        let risk = RiskAssessment(
            flags: flags.map { RiskFlag(kind: $0, evidence: ["x"]) }, adverseEvent: nil,
            author: AuthorAssessment(type: author, evidence: [], influential: author != .regular))
        let classification = MentionClassification(sentiment: result, modelVersion: "t", risk: risk, priority: priority, priorityRule: "t")
        return RoutingFacts(classification: classification, source: "x", brand: nil, followers: followers, at: RFC3339.parse(at) ?? Date())
    }

    @Test func firstMatchWinsAndChildrenRefine() throws {
        // Wednesday 11:00 in Paris: business hours.
        let decisions = try router().decide(facts(sentiment: .unsupportive, priority: .p3))
        #expect(decisions.map(\.path) == ["routes[2]"])
        #expect(decisions.first?.destinations == ["comms"])
        #expect(decisions.first?.reasons == ["routes[2]: classification is unsupportive"])
    }

    @Test func childrenInheritDestinationsAndAddEscalation() throws {
        let decisions = try router().decide(facts(sentiment: .unsupportive, priority: .p2))
        #expect(decisions.map(\.path) == ["routes[2].routes[0]"])
        #expect(decisions.first?.destinations == ["comms"])
        #expect(decisions.first?.escalation == "exec")
        #expect(decisions.first?.reasons == ["routes[2]: classification is unsupportive", "routes[2].routes[0]: priority is P2"])
    }

    @Test func continueLetsLaterRoutesMatchToo() throws {
        let decisions = try router().decide(facts(sentiment: .unsupportive, priority: .p2, flags: [.adverseEvent]))
        #expect(decisions.map(\.path) == ["routes[0]", "routes[2].routes[0]"])
        #expect(decisions.map(\.destinations) == [["pv"], ["comms"]])
    }

    @Test func withoutContinueTheFirstMatchStops() throws {
        let decisions = try router().decide(facts(sentiment: .unsupportive, author: .journalist))
        #expect(decisions.map(\.path) == ["routes[1]"])
    }

    @Test func businessHoursFollowTheTimeZone() throws {
        // 19:30 UTC on a Wednesday is 20:30 in Paris: after hours.
        let night = try router().decide(facts(sentiment: .unsupportive, at: "2026-11-18T19:30:00Z"))
        #expect(night.map(\.path) == ["routes[2].routes[1]"])
        #expect(night.first?.destinations == ["night"])
        // Saturday noon: outside mon-fri.
        let weekend = try router().decide(facts(sentiment: .unsupportive, at: "2026-11-21T12:00:00Z"))
        #expect(weekend.first?.destinations == ["night"])
        // 07:30 UTC in winter is 08:30 in Paris: still before opening.
        #expect(try router().decide(facts(sentiment: .unsupportive, at: "2026-11-18T07:30:00Z")).first?.destinations == ["night"])
        #expect(try router().decide(facts(sentiment: .unsupportive, at: "2026-11-18T08:30:00Z")).first?.destinations == ["comms"])
    }

    @Test func reachAndLanguageTogether() throws {
        #expect(try router().decide(facts(language: "fr", followers: 250_000)).map(\.path) == ["routes[3]"])
        #expect(try router().decide(facts(language: "en", followers: 250_000)).isEmpty)
        #expect(try router().decide(facts(language: "fr", followers: 2_000)).isEmpty)
    }

    @Test func aGroupingRouteWithNoDestinationOfItsOwnDoesNotSwallowMentions() throws {
        let yaml = """
            destinations: [{ name: a, type: console }, { name: b, type: console }]
            routes:
              - match: { classification: unsupportive }
                routes:
                  - { match: { priority: P1 }, destinations: [a] }
              - match: { classification: unsupportive }
                destinations: [b]
            """
        let router = MentionRouter(routes: try ConfigurationLoader(environment: [:]).load(yaml: yaml).routes)
        #expect(router.decide(facts(sentiment: .unsupportive, priority: .p1)).map(\.destinations) == [["a"]])
        #expect(router.decide(facts(sentiment: .unsupportive, priority: .p3)).map(\.destinations) == [["b"]])
    }

    @Test(arguments: [
        ("routes:\n  - { match: { priority: P9 }, destinations: [console] }\n", "routes[0].match.priority"),
        ("routes:\n  - { match: { business_hours: true, time_zone: Mars/Olympus }, destinations: [console] }\n", "routes[0].match.time_zone"),
        ("routes:\n  - { match: { business_hours: true, hours: 18-9 }, destinations: [console] }\n", "routes[0].match.hours"),
        ("routes:\n  - { match: { hours: \"09:00-18:00\" }, destinations: [console] }\n", "routes[0].match.hours"),
        ("routes:\n  - match: { flag: urgent }\n    routes:\n      - { match: { priority: P1 } }\n", "routes[0].routes[0].destinations"),
        ("routes:\n  - match: { flag: urgent }\n    destinations: [console]\n    routes:\n      - { match: { priority: P1 }, destinations: [nowhere] }\n", "routes[0].routes[0].destinations[0]"),
    ])
    func badRoutesNameTheKey(_ yaml: String, _ key: String) {
        #expect {
            try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }
}
