import Foundation
import Testing

@testable import RiposteCore

@Suite struct OnCallTests {
    static let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt

    func date(_ text: String) throws -> Date { try #require(RFC3339.parse(text)) }

    @Test func rotationsHandOverAtTheLocalTime() throws {
        let daily = Rotation(
            name: "day", layer: .primary, period: .daily, handoff: 9 * 60, timeZone: Self.paris, start: DateComponents(year: 2026, month: 11, day: 16),
            participants: ["Ana", "Ben", "Chloé"])
        // 2026-11-16 09:00 Paris = 08:00 UTC.
        #expect(daily.onShift(at: try date("2026-11-16T08:00:00Z")) == "Ana")
        #expect(daily.onShift(at: try date("2026-11-17T07:59:00Z")) == "Ana", "until the next hand-off")
        #expect(daily.onShift(at: try date("2026-11-17T08:00:00Z")) == "Ben")
        #expect(daily.onShift(at: try date("2026-11-19T08:30:00Z")) == "Ana", "three days later, round again")
        let weekly = Rotation(
            name: "week", layer: .secondary, period: .weekly, handoff: 10 * 60, timeZone: .gmt, start: DateComponents(year: 2026, month: 11, day: 2),
            participants: ["Dan", "Eve"])
        #expect(weekly.onShift(at: try date("2026-11-08T12:00:00Z")) == "Dan")
        #expect(weekly.onShift(at: try date("2026-11-09T10:00:00Z")) == "Eve")
        #expect(weekly.onShift(at: try date("2026-11-23T09:00:00Z")) == "Dan", "before Monday's hand-off, still the week that began on the 16th")
        // Across the end of summer time (Paris, 2026-10-25), the hand-off stays at 09:00 local.
        let autumn = Rotation(
            name: "dst", layer: .primary, period: .daily, handoff: 9 * 60, timeZone: Self.paris, start: DateComponents(year: 2026, month: 10, day: 24),
            participants: ["Ana", "Ben"])
        #expect(autumn.onShift(at: try date("2026-10-25T07:30:00Z")) == "Ana", "08:30 Paris (UTC+1 now): before the hand-off")
        #expect(autumn.onShift(at: try date("2026-10-25T08:00:00Z")) == "Ben", "09:00 Paris")
    }

    @Test func overridesWin() throws {
        let rotation = Rotation(name: "day", layer: .primary, period: .daily, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 11, day: 1), participants: ["Ana"])
        let schedule = OnCallSchedule(rotations: [rotation], overrides: [OnCallOverride(layer: .primary, who: "Zoe", from: try date("2026-11-21T18:00:00Z"), until: try date("2026-11-22T09:00:00Z"))])
        #expect(schedule.who(.primary, at: try date("2026-11-21T17:59:00Z"))?.name == "Ana")
        #expect(schedule.who(.primary, at: try date("2026-11-21T20:00:00Z"))?.name == "Zoe")
        #expect(schedule.who(.secondary, at: try date("2026-11-21T20:00:00Z")) == nil)
    }

    @Test func aPageRepagesEscalatesAndStopsWhenAcknowledged() throws {
        let schedule = OnCallSchedule(rotations: [
            Rotation(name: "p", layer: .primary, period: .daily, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 11, day: 1), participants: ["Ana"]),
            Rotation(name: "s", layer: .secondary, period: .daily, handoff: 0, timeZone: .gmt, start: DateComponents(year: 2026, month: 11, day: 1), participants: ["Ben"]),
        ])
        let start = try date("2026-11-21T10:00:00Z")
        var page = Page(id: "p1", threadKey: "x:1", mentionID: "m1", reason: .urgent, summary: "s", at: start)
        #expect(page.due(at: start, schedule: schedule, repageEvery: 300, escalateAfter: 2).map(\.name) == ["Ana"])
        #expect(page.due(at: start.addingTimeInterval(100), schedule: schedule, repageEvery: 300, escalateAfter: 2).isEmpty, "not due again yet")
        #expect(page.due(at: start.addingTimeInterval(300), schedule: schedule, repageEvery: 300, escalateAfter: 2).map(\.name) == ["Ana"])
        #expect(page.due(at: start.addingTimeInterval(600), schedule: schedule, repageEvery: 300, escalateAfter: 2).map(\.name) == ["Ana", "Ben"], "the secondary joins")
        let first = page.acknowledge(by: "Ben", via: "slack", at: start.addingTimeInterval(610))
        let second = page.acknowledge(by: "Ana", via: "slack", at: start.addingTimeInterval(620))
        #expect(first && !second, "the first acknowledgement stands")
        #expect(page.due(at: start.addingTimeInterval(900), schedule: schedule, repageEvery: 300, escalateAfter: 2).isEmpty, "paging stopped")
        #expect(page.paged == ["Ana", "Ben"])
        // Nobody on the primary layer: the secondary is paged at once.
        let secondaryOnly = OnCallSchedule(rotations: schedule.rotations.filter { $0.layer == .secondary })
        var orphan = Page(id: "p2", threadKey: "x:2", mentionID: nil, reason: .p1, summary: "s", at: start)
        #expect(orphan.due(at: start, schedule: secondaryOnly, repageEvery: 300, escalateAfter: 3).map(\.name) == ["Ben"])
    }
}
