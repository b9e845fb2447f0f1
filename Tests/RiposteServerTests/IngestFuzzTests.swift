import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import RiposteServer

/// A small deterministic generator, so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hostile bodies of every kind: the server must answer each with a JSON 4xx (or 202), never crash or 5xx.
@Suite struct IngestFuzzTests {
    static func bodies(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(state: seed)
        let valid = Array(#"{"mentions":[{"id":"1","source":"x","text":"Cardiolix \u00e9 \ud83d\ude00","author":{"handle":"a","followers":3,"verified":true},"metrics":{"likes":1},"created_at":"2026-11-21T10:00:00Z"}]}"#.utf8)
        let fragments = [
            #"{"#, #"}"#, #"["#, #"]"#, #"""#, #":"#, #","#, #"null"#, #"true"#, #"-1e999"#, #"1.5"#, #""id""#, #""text""#,
            #""source""#, #""mentions""#, #""author""#, #""\ud800""#, #""\u0000""#, "\u{FEFF}", "\\", #""followers""#,
        ].map { Array($0.utf8) }
        var result: [[UInt8]] = []
        for index in 0..<count {
            switch index % 8 {
            case 0:  // random bytes
                result.append((0..<Int.random(in: 0...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            case 1:  // truncated valid JSON
                result.append(Array(valid.prefix(Int.random(in: 0..<valid.count, using: &random))))
            case 2:  // valid JSON with one byte flipped
                var copy = valid
                copy[Int.random(in: 0..<copy.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                result.append(copy)
            case 3:  // deep nesting
                let depth = Int.random(in: 100...20_000, using: &random)
                let open = index % 16 == 3 ? Array(#"{"a":"#.utf8) : Array("[".utf8)
                result.append(Array(repeating: open, count: depth).flatMap { $0 })
            case 4:  // huge strings
                let size = Int.random(in: 10_000...900_000, using: &random)
                result.append(Array(#"{"id":"1","source":"x","text":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: size) + Array(#""}"#.utf8))
            case 5:  // invalid UTF-8 inside strings
                result.append(Array(#"{"id":"1","source":"x","text":""#.utf8) + [0xC3, 0x28, 0xA0, 0xA1, 0xF0, 0x28, 0x8C, 0xBC] + Array(#""}"#.utf8))
            case 6:  // random token soup
                result.append((0..<Int.random(in: 1...40, using: &random)).flatMap { _ in fragments[Int.random(in: 0..<fragments.count, using: &random)] })
            default:  // valid shape, wrong types
                let values = [#"null"#, #"1"#, #"-7"#, #""""#, #""x""#, #"[]"#, #"{}"#, #"true"#, #"1e3"#, #""2026-99-99T00:00:00Z""#]
                let keys = ["id", "source", "text", "url", "language", "created_at", "author", "thread_id", "metrics", "mentions"]
                let pairs = keys.map { #""\#($0)":\#(values[Int.random(in: 0..<values.count, using: &random)])"# }
                result.append(Array("{\(pairs.joined(separator: ","))}".utf8))
            }
        }
        return result
    }

    @Test(arguments: ["/v1/mentions", "/v1/integrations/x", "/v1/integrations/meltwater"])
    func hostileBodiesGetJSON4xx(_ uri: String) async throws {
        let server = try TestServer {
            $0.ingest.requireSignature = false
            $0.integrations.x.consumerSecret = "consumer-secret"
        }
        let bodies = Self.bodies(count: uri == "/v1/mentions" ? 3_000 : 800, seed: 0x5EED)
        try await server.test { client in
            for (index, body) in bodies.enumerated() {
                var headers: HTTPFields = [.contentType: "application/json"]
                if uri.hasSuffix("/x") {
                    headers[HTTPField.Name("x-twitter-webhooks-signature")!] = RiposteCoreSigning.x(body)
                }
                let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
                let status = response.status.code
                #expect([200, 202, 400, 413].contains(status), "body #\(index) got \(status)")
                if status >= 400 {
                    #expect(response.error.code != nil, "body #\(index): error answers are JSON")
                }
            }
        }
    }
}

import RiposteCore

enum RiposteCoreSigning {
    static func x(_ body: [UInt8]) -> String { XWebhookSecurity.signature(body: body, consumerSecret: "consumer-secret") }
}
