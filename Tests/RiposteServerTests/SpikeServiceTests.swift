import Foundation
import Logging
import RiposteCore
import RiposteStore
import Testing

@testable import RiposteServer

/// Spike detection over a real database: mentions are ingested and classified by the running
/// pipeline, then the spike check reads the windows, raises one routed alert and respects its cooldown.
@Suite struct SpikeServiceTests {
    @Test func aBurstOfComplaintsRaisesOneRoutedSpikeAlert() async throws {
        let server = try TestServer { configuration in
            configuration.spikes.enabled = false  // checked by hand below
            configuration.spikes.minCount = 5
            configuration.delivery.enabled = false
            configuration.destinations = [
                RiposteConfiguration.Destination(name: "console", type: .console),
                RiposteConfiguration.Destination(name: "comms", type: .webhook, url: "http://127.0.0.1:9/never"),
            ]
            var spikes = RouteMatch()
            spikes.flags = [.spike]
            configuration.routes = [RouteNode(path: "routes[0]", match: spikes, destinations: ["comms"])]
            configuration.oncall.schedule = OnCallSchedule(rotations: [
                Rotation(name: "p", layer: .primary, period: .weekly, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 1, day: 5), participants: ["Ana"])
            ])
        }
        try await server.test { client in
            let complaints = (1...8).map { index in
                #"{"id":"s\#(index)","source":"x","brand":"Cardiolix","text":"Cardiolix recall again?? My pharmacy has no stock, this shortage is a disgrace \#(index)","author":{"handle":"user\#(index)"}}"#
            }
            let ingested = try await client.ingest(#"{"mentions":["# + complaints.joined(separator: ",") + "]}")
                #expect(ingested.status == .accepted)
            let classified = try await eventually { try await server.database.unsupportiveVolume(baselineStart: Date().addingTimeInterval(-7200), recentStart: Date().addingTimeInterval(-3600)).first?.recent ?? 0 >= 6 }
            #expect(classified)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let service = SpikeService(database: server.database, configuration: server.runtime.configuration, metrics: server.runtime.metrics, wakeup: Wakeup(), logger: logger)
            let spikes = try await service.check(now: Date().addingTimeInterval(1))
            let spike = try #require(spikes.first)
            #expect(spikes.count == 1)
            #expect(spike.brand == "Cardiolix")
            #expect(spike.topic == nil)
            #expect(spike.recentCount >= 6)
            #expect(spike.topTerms.contains { $0.hasPrefix("shortage") || $0.hasPrefix("recall") }, "top terms say what it is about: \(spike.topTerms)")
            #expect(!spike.topTerms.contains { $0.hasPrefix("cardiolix") }, "the brand itself is not a topic")
            let outbox = try await server.database.outboxEntries(limit: 50)
            let alert = try #require(outbox.first { $0.idempotencyKey.hasPrefix("spike-") })
            #expect(alert.destination == "comms", "routed by flag: spike")
            #expect(try await service.check(now: Date().addingTimeInterval(2)).isEmpty, "one alert per cooldown")
            let pages = try await server.database.pages(openOnly: true, limit: 5).filter { $0.reason == .spike }
            #expect(pages.count == 1, "a spike pages the on-call")
            #expect(pages.first?.threadKey == "spike:Cardiolix")
            #expect(try await server.database.spikes(since: Date().addingTimeInterval(-60)).count == 1)
            #expect(try await server.database.auditEntries(limit: 50).contains { $0.action == "spike.detected" })
        }
    }
}
