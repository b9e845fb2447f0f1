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
