import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import RiposteServer

@Suite struct ReadRouteTests {
    @Test func listsWithFiltersAndCursor() async throws {
        let server = try TestServer()
        try await server.test { client in
            for index in 0..<7 {
                try await client.ingest(mentionJSON("m\(index)", source: index < 5 ? "x" : "reddit"))
            }
            var ids: [String] = []
            var uri = "/v1/mentions?source=x&limit=2"
            while true {
                let page = try await client.execute(uri: uri, method: .get)
                #expect(page.status == .ok)
                ids += (page.json["mentions"] as? [[String: Any]] ?? []).compactMap { $0["external_id"] as? String }
                guard let cursor = page.json["next_cursor"] as? String else { break }
                uri = "/v1/mentions?source=x&limit=2&cursor=\(cursor)"
            }
            #expect(ids == ["m4", "m3", "m2", "m1", "m0"])
            let since = try await client.execute(uri: "/v1/mentions?since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z", method: .get)
            #expect((since.json["mentions"] as? [Any])?.count == 7)
        }
    }

    @Test(arguments: [
        ("/v1/mentions?since=yesterday", "since"),
        ("/v1/mentions?until=2026-13-01T00:00:00Z", "until"),
        ("/v1/mentions?limit=0", "limit"),
        ("/v1/mentions?limit=many", "limit"),
        ("/v1/mentions?cursor=abc", "cursor"),
        ("/v1/mentions?status=lost", "status"),
        ("/v1/mentions?source=a%20b", "source"),
        ("/v1/mentions?colour=red", "colour"),
    ])
    func badQueriesNameTheParameter(_ uri: String, _ field: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest)
            #expect(response.error.field == field)
        }
    }

    @Test func unknownMentionsAndRoutesAreJSON404s() async throws {
        let server = try TestServer()
        try await server.test { client in
            let missing = try await client.execute(uri: "/v1/mentions/01ARZ3NDEKTSV4RRFFQ69G5FAV", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.error.code == "not_found")
            let nowhere = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(nowhere.status == .notFound)
            #expect(nowhere.error.code == "not_found")
        }
    }

    @Test func readTokensProtectReadsButNotIngest() async throws {
        let server = try TestServer { $0.api.tokens = ["reader-token"] }
        try await server.test { client in
            #expect(try await client.ingest(mentionJSON("1")).status == .accepted)
            #expect(try await client.execute(uri: "/v1/mentions", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/mentions", method: .get, headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            let allowed = try await client.execute(uri: "/v1/mentions", method: .get, headers: [.authorization: "Bearer reader-token"])
            #expect(allowed.status == .ok)
        }
    }
}
