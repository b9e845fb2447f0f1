import Testing

@testable import RiposteCore

@Suite struct JSONReaderTests {
    let decoder = MentionPayloadDecoder()

    func text(of json: String) throws -> String? {
        try decoder.decode(Array(#"{"id":"1","source":"x","text":\#(json)}"#.utf8)).first?.text
    }

    @Test func unescapesStrings() throws {
        #expect(try text(of: #""a\"b\\c\/d\n\te""#) == "a\"b\\c/d\n\te")
        #expect(try text(of: #""caf\u00e9 \ud83d\ude00""#) == "café 😀")
        #expect(try text(of: #""déjà vu 🙏""#) == "déjà vu 🙏")
    }

    @Test(arguments: [
        #""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\x41""#, #""\u12""#, "\"tab\there\"", #""unterminated"#,
    ])
    func refusesBadStrings(_ json: String) {
        #expect(throws: ValidationError.self) { try text(of: json) }
    }

    @Test func readsNumbersAndIdentifiers() throws {
        let body = #"{"id": 1790000000000000001, "source": "x", "text": "t", "author": {"followers": 1.2e5}, "metrics": {"likes": 3.0, "shares": 0}}"#
        let mention = try #require(try decoder.decode(Array(body.utf8)).first)
        #expect(mention.externalID == "1790000000000000001")
        #expect(mention.author?.followers == 120_000)
        #expect(mention.metrics?.likes == 3)
    }

    @Test(arguments: ["01", "1.", "-", "1e", "+1", ".5", "NaN", "0x10"])
    func refusesBadNumbers(_ number: String) {
        #expect(throws: ValidationError.self) {
            try decoder.decode(Array(#"{"id":"1","source":"x","text":"t","extra":\#(number)}"#.utf8))
        }
    }

    @Test func skipsUnknownKeysButValidatesThem() throws {
        let ok = #"{"id":"1","source":"x","text":"t","extra":{"a":[1,2,{"b":null}],"c":true}}"#
        #expect(try decoder.decode(Array(ok.utf8)).count == 1)
        let broken = #"{"id":"1","source":"x","text":"t","extra":{"a":[1,2,}]}}"#
        #expect(throws: ValidationError(.malformed, "the body is not valid JSON (or not UTF-8)")) { try decoder.decode(Array(broken.utf8)) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: ValidationError.self) {
            try decoder.decode(Array(#"{"id":"1","source":"x","text":"t","extra":\#(deep)}"#.utf8))
        }
        let fine = String(repeating: "[", count: 30) + String(repeating: "]", count: 30)
        #expect(throws: Never.self) {
            try decoder.decode(Array(#"{"id":"1","source":"x","text":"t","extra":\#(fine)}"#.utf8))
        }
    }

    @Test func refusesTrailingGarbageAndCommas() {
        for body in [#"{"id":"1","source":"x","text":"t"} x"#, #"{"id":"1","source":"x","text":"t",}"#, #"{"id":"1" "source":"x"}"#] {
            #expect(throws: ValidationError.self) { try decoder.decode(Array(body.utf8)) }
        }
    }
}
