import Foundation
import Testing

@testable import RiposteCore

@Suite struct SpikeDetectorTests {
    var settings: RiposteConfiguration.Spikes {
        var settings = RiposteConfiguration.Spikes()
        settings.minCount = 10
        settings.ratio = 3
        return settings
    }

    func mentions(_ count: Int, _ text: (Int) -> String) -> [SpikeMention] {
        (0..<count).map { SpikeMention(mentionID: "m\($0)", handle: "u\($0)", text: text($0)) }
    }

    @Test func volumeWellAboveTheBaselineRateIsASpike() throws {
        let detector = SpikeDetector(settings: settings)
        // 120 in the 12 hours before: 10 an hour expected; 40 in the last hour: 4×.
        let baseline = mentions(120) { "slow delivery again, order \($0) late" }
        let recent = mentions(40) { "Cardiolix recall? my pharmacy says the lot is withdrawn \($0)" }
        let spikes = detector.spikes(brand: "Cardiolix", recent: recent, recentCount: 40, baseline: baseline, baselineCount: 120)
        let spike = try #require(spikes.first)
        #expect(spikes.count == 1)
        #expect(spike.topic == nil)
        #expect(abs(spike.expected - 10) < 0.001)
        #expect(abs(spike.ratio - 4) < 0.001)
        #expect(spike.priority == .p2)
        #expect(spike.topTerms.contains("recall (40)") && spike.topTerms.contains("withdrawn (40)"), "\(spike.topTerms)")
        #expect(!spike.topTerms.contains { $0.hasPrefix("slow") }, "terms as common before are not news")
        #expect(!spike.topTerms.contains { $0.hasPrefix("cardiolix") })
        #expect(spike.examples.count == 5)
        let facts = spike.routingFacts(at: Date())
        #expect(facts.classification.risk.has(.spike))
        #expect(facts.classification.sentiment.label == .unsupportive)
        #expect(facts.brand == "Cardiolix")
        #expect(spike.content(key: "k").title.contains("40 unsupportive mentions in the last hour (4.0× usual)"))
    }

    @Test func aFewPostsOnAQuietBrandAreNotASpike() {
        let detector = SpikeDetector(settings: settings)
        let spikes = detector.spikes(brand: "b", recent: mentions(9) { "awful \($0)" }, recentCount: 9, baseline: [], baselineCount: 0)
        #expect(spikes.isEmpty, "below min_count, however large the ratio")
        let steady = detector.spikes(brand: "b", recent: mentions(25) { "awful product \($0)" }, recentCount: 25, baseline: mentions(240) { "awful product \($0)" }, baselineCount: 240)
        #expect(steady.isEmpty, "25 an hour against 20 an hour is not 3×")
    }

    @Test func aTopicCanSpikeInsideABrandThatDoesNot() throws {
        let detector = SpikeDetector(settings: settings)
        // The brand: 24 an hour against 20 usual. Within it, "recall" goes from nothing to 12.
        let baseline = mentions(240) { "service was slow, ticket \($0)" }
        let recent = mentions(24) { $0 < 12 ? "is there a #recall on my inhaler?" : "service was slow, ticket \($0)" }
        let spikes = detector.spikes(brand: "Ventolux", recent: recent, recentCount: 24, baseline: baseline, baselineCount: 240)
        let topics = spikes.compactMap(\.topic)
        #expect(topics.contains("#recall") || topics.contains("inhaler"), "\(topics)")
        let spike = try #require(spikes.first)
        #expect(spike.subject.hasPrefix("Ventolux / "))
        #expect(spike.examples.allSatisfy { $0.text.contains("recall") })
        var off = settings
        off.topics = false
        #expect(SpikeDetector(settings: off).spikes(brand: "Ventolux", recent: recent, recentCount: 24, baseline: baseline, baselineCount: 240).isEmpty)
    }

    @Test func termsDropLinksHandlesAndFunctionWords() {
        #expect(SpikeDetector.terms("The #Recall of l'inhalateur is NOT ok https://x.co/a @pharma 2024") == ["#recall", "inhalateur"])
    }
}
