import Foundation
import Testing

@testable import RiposteCore

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-21T10:00:00Z", 1_795_255_200.0),
        ("2026-11-21T10:00:00.250Z", 1_795_255_200.25),
        ("2026-11-21T11:00:00+01:00", 1_795_255_200.0),
        ("2026-11-21T05:30:00-04:30", 1_795_255_200.0),
        ("2026-11-21 10:00:00Z", 1_795_255_200.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func parses(_ text: String, _ seconds: Double) {
        #expect(RFC3339.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "", "2026-11-21", "2026-11-21T10:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00Zjunk",
        "2026-11-21T10:00:00+0100", "yesterday at noon",
        // The instant after the offset must stay within 0001–9999 UTC.
        "0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01", "0000-06-01T00:00:00Z",
    ])
    func refuses(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func acceptsTheEdgesOfTheRange() {
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") != nil)
        #expect(RFC3339.parse("9999-12-31T23:59:59Z") != nil)
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0.002)) == "1970-01-01T00:00:00.002Z")
    }

    @Test func formatsInUTC() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_255_200)) == "2026-11-21T10:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_255_200.25)) == "2026-11-21T10:00:00.250Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func roundTrips() {
        for seconds in stride(from: 0.0, to: 4_000_000_000, by: 123_456_789.125) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.parse(RFC3339.format(date)) == date)
        }
    }
}
