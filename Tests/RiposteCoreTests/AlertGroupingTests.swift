import Foundation
import Testing

@testable import RiposteCore

@Suite struct AlertGroupingTests {
    static let yaml = """
        destinations:
          - { name: comms, type: console }
          - { name: pv, type: console }
        routes:
          - match: { classification: unsupportive }
            destinations: [comms]
            group_by: [brand, thread]
            group_wait: 10s
            group_interval: 2m
            routes:
              - match: { flag: adverse_event }
                destinations: [pv]
                group_by: ["..."]
              - match: { priority: P2 }
                repeat_interval: 1h
          - match: { classification: neutral }
            destinations: [comms]
        """

    func facts(flags: [RiskFlagKind] = [], priority: Priority = .p3, sentiment: Sentiment = .unsupportive, brand: String? = "Cardiolix") -> RoutingFacts {
        let result = SentimentResult(label: sentiment, confidence: 0.9, probabilities: [:], language: "en", evidence: [])
        let risk = RiskAssessment(
            flags: flags.map { RiskFlag(kind: $0, evidence: ["x"]) }, adverseEvent: nil, author: AuthorAssessment(type: .regular, evidence: [], influential: false))
        let classification = MentionClassification(sentiment: result, modelVersion: "t", risk: risk, priority: priority, priorityRule: "test")
        return RoutingFacts(classification: classification, source: "x", brand: brand, followers: nil, at: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func groupingIsReadAndInheritedAlertmanagerStyle() throws {
        let router = MentionRouter(routes: try ConfigurationLoader(environment: [:]).load(yaml: Self.yaml).routes)
        let plain = try #require(router.decide(facts()).first)
        #expect(plain.grouping == AlertGrouping(labels: [.brand, .thread], wait: 10, interval: 120, repeatInterval: 4 * 3600))
        let adverse = try #require(router.decide(facts(flags: [.adverseEvent])).first)
        #expect(adverse.path == "routes[0].routes[0]")
        #expect(adverse.grouping == nil, "group_by: [\"...\"] sends one message per mention")
        let urgent = try #require(router.decide(facts(priority: .p2)).first)
        #expect(urgent.grouping == AlertGrouping(labels: [.brand, .thread], wait: 10, interval: 120, repeatInterval: 3600), "timings override one by one")
        #expect(router.decide(facts(sentiment: .neutral)).first?.grouping == nil, "no group_by: no grouping")
    }

    @Test func badGroupingNamesTheKey() {
        let loader = ConfigurationLoader(environment: [:])
        let base = "destinations: [{ name: c, type: console }]\nroutes:\n  - destinations: [c]\n"
        func refusal(_ extra: String) -> ConfigurationError? {
            do {
                _ = try loader.load(yaml: base + extra)
                return nil
            } catch let error as ConfigurationError {
                return error
            } catch {
                return nil
            }
        }
        let unknown = refusal("    group_by: [colour]\n")
        #expect(unknown?.key == "routes[0].group_by")
        #expect(unknown?.message.contains("colour") == true && unknown?.message.contains("thread") == true)
        #expect(refusal("    group_wait: 30s\n")?.key == "routes[0].group_by", "timings need labels")
        #expect(refusal("    group_by: [brand]\n    group_interval: soon\n")?.key == "routes[0].group_interval")
        #expect(refusal("    group_by: [brand]\n    group_wait: 0s\n") == nil)
    }

    @Test func theGroupKeyIsBuiltFromTheLabels() {
        let grouping = AlertGrouping(labels: [.brand, .thread, .flag])
        let (key, description) = grouping.key(route: "routes[0]", destination: "comms", facts: facts(flags: [.legalThreat]), threadKey: "123", author: "x:jdoe")
        #expect(key == "comms|routes[0]|brand=cardiolix|thread=x:123|flag=legal_threat")
        #expect(description == "brand=cardiolix, thread=x:123, flag=legal_threat")
        let everything = AlertGrouping(labels: []).key(route: "routes[1]", destination: "comms", facts: facts(), threadKey: nil, author: nil)
        #expect(everything.key == "comms|routes[1]|")
    }

    func item(_ id: String, priority: Priority = .p3, sentiment: Sentiment = .unsupportive, flags: [String] = [], deadline: String? = nil) -> AlertItem {
        AlertItem(
            mentionID: id, priority: priority, sentiment: sentiment, headline: sentiment.rawValue, handle: "@\(id)", source: "x", author: "@\(id) · regular",
            text: "text of \(id)", url: nil, label: "\(sentiment.rawValue) 0.90", flags: flags.map { "\($0): x" }, flagKinds: flags, suggestion: nil, deadline: deadline)
    }

    @Test func aDigestCountsTheGroupAndShowsTheLatestInFull() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var digest = AlertGroupDigest(description: "brand=cardiolix", first: item("a"), at: start)
        let single = digest.content(key: "k", publicURL: nil)
        #expect(single.title == "P3 · unsupportive · @a on x", "a group of one reads like a single alert")
        #expect(single.footer?.contains("brand=cardiolix") == true)
        digest = digest.adding(item("b", priority: .p1, flags: ["adverse_event"], deadline: "AE clock"), at: start.addingTimeInterval(60))
        for index in 0..<7 { digest = digest.adding(item("c\(index)", sentiment: .neutral), at: start.addingTimeInterval(120)) }
        let content = digest.content(key: "k", publicURL: "https://riposte.example")
        #expect(digest.count == 9)
        #expect(content.title == "P1 · 9 mentions · adverse event ×1 · brand=cardiolix", "the highest priority and the flags lead")
        #expect(content.text == "text of c6", "the latest mention in full")
        #expect(content.deadline == "AE clock", "the AE clock of any mention in the group is shown")
        #expect(content.label.contains("unsupportive 2, neutral 7"))
        #expect(content.more.count == AlertGroupDigest.recentLimit + 1)
        #expect(content.more.last == "… and 3 more")
        #expect(content.links.first?.url == "https://riposte.example/dashboard/mentions/c6")
        // Every platform's renderer shows the earlier mentions.
        let destinations: [RiposteConfiguration.DestinationType] = [.slack, .discord, .teams, .mattermost, .googleChat, .webhook]
        for type in destinations {
            let body = String(decoding: AlertComposer.body(content, for: RiposteConfiguration.Destination(name: "d", type: type), threadKey: "t"), as: UTF8.self)
            #expect(body.contains("@c5"), "\(type.rawValue) lists earlier mentions")
        }
    }
}
