import Foundation
import Testing

@testable import RiposteCore

@Suite struct ResponseClockTests {
    func date(_ text: String) throws -> Date { try #require(RFC3339.parse(text)) }

    @Test func businessHoursPauseTheClock() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let window = TimeWindow(timeZone: paris, days: [1, 2, 3, 4, 5], start: 9 * 60, end: 18 * 60, inside: true)
        // Friday 17:00 Paris (16:00 UTC) + 4 business hours = Monday 12:00 Paris (11:00 UTC).
        #expect(ResponseClock.adding(4 * 3600, to: try date("2026-11-20T16:00:00Z"), within: window) == (try date("2026-11-23T11:00:00Z")))
        // Saturday night counts from Monday 09:00.
        #expect(ResponseClock.adding(1800, to: try date("2026-11-21T22:00:00Z"), within: window) == (try date("2026-11-23T08:30:00Z")))
        let clock = ResponseClock(businessHours: window)
        let start = try date("2026-11-20T16:00:00Z")
        #expect(clock.deadlines(start: start, priority: .p1)?.due == start.addingTimeInterval(900), "P1 counts every minute")
        #expect(clock.deadlines(start: start, priority: .p3)?.due == (try date("2026-11-23T11:00:00Z")), "P3 counts business hours")
        #expect(clock.deadlines(start: start, priority: .p2)?.warn == start.addingTimeInterval(2700), "warning at 75 %")
    }

    @Test func slaIsReadFromTheConfiguration() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: """
            sla:
              first_response: { P1: 10m, P3: 8h }
              warn_at: 0.5
              business_hours: { time_zone: Europe/Paris, days: mon-fri, hours: "08:00-20:00", priorities: [P3, P4] }
            """)
        #expect(configuration.sla.clock.targets[.p1] == 600)
        #expect(configuration.sla.clock.targets[.p2] == 3600, "unset targets keep their default")
        #expect(configuration.sla.clock.warnAt == 0.5)
        #expect(configuration.sla.clock.businessHours?.start == 8 * 60)
    }
}
