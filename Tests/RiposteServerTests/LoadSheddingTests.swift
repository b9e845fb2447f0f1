import Foundation
import HTTPTypes
import RiposteCore
import Testing

@testable import RiposteServer

@Suite struct LoadSheddingTests {
    @Test func admitsUpToTheLimitThenSheds() {
        let limiter = InFlightLimiter(limit: 2)
        #expect(limiter.tryEnter())
        #expect(limiter.tryEnter())
        #expect(!limiter.tryEnter(), "a third concurrent request is shed")
        #expect(limiter.inFlight == 2, "a shed request does not hold a place")
        limiter.leave()
        #expect(limiter.tryEnter(), "a released place is available again")
    }

    @Test func placesAreNeverLostUnderContention() async {
        let limiter = InFlightLimiter(limit: 8)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    for _ in 0..<100 where limiter.tryEnter() {
                        limiter.leave()
                    }
                }
            }
        }
        #expect(limiter.inFlight == 0)
    }
}

@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true), ("Application/JSON", true),
        (" application/json ;charset=UTF-8", true), ("application/vnd.meltwater+json", true),
        ("text/plain", false), ("application/jsonp", false), ("application/+json", false), ("", false),
        ("application/x-www-form-urlencoded", false), ("text/json", false),
    ])
    func recognisesJSON(_ contentType: String, _ expected: Bool) {
        #expect(IngestEndpoint.isJSON(contentType) == expected)
    }
}

@Suite struct IngestHotPathTests {
    @Test func aHeaderIsReadLikeTheSubscriptIncludingRepeatedFields() throws {
        let name = try #require(HTTPField.Name("webhook-signature"))
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        #expect(fields.value(of: name) == nil)
        fields.append(HTTPField(name: name, value: "v1,abc"))
        #expect(fields.value(of: name) == "v1,abc")
        #expect(fields.value(of: .contentType) == "application/json")
        fields.append(HTTPField(name: name, value: "v1,def"))
        #expect(fields.value(of: name) == fields[name], "repeated fields are joined as the subscript joins them")
    }

    @Test func theAcceptedAnswerIsValidJSONWithEscapedIDs() throws {
        let outcomes = [
            IngestOutcome(id: "01JTESTAAAAAAAAAAAAAAAAAAA", externalID: "plain-1", duplicate: false),
            IngestOutcome(id: "01JTESTBBBBBBBBBBBBBBBBBBB", externalID: "quote\"back\\slash\nline", duplicate: true),
        ]
        let buffer = IngestEndpoint.acceptedBody(outcomes, extra: #","note":"x""#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
        let accepted = try #require(object["accepted"] as? [[String: Any]])
        #expect(accepted.count == 2)
        #expect(accepted[0]["external_id"] as? String == "plain-1")
        #expect(accepted[0]["duplicate"] as? Bool == false)
        #expect(accepted[1]["external_id"] as? String == "quote\"back\\slash\nline")
        #expect(accepted[1]["duplicate"] as? Bool == true)
        #expect(object["note"] as? String == "x")
    }
}
