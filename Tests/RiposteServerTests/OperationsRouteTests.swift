import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import RiposteServer

@Suite struct OperationsRouteTests {
    @Test func healthAndReadiness() async throws {
        let server = try TestServer()
        try await server.test { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.json["database"] as? String == "ok")
        }
    }

    @Test func metricsCountRequestsIngestsDuplicatesAndRejects() async throws {
        let server = try TestServer()
        try await server.test { client in
            try await client.ingest(mentionJSON("1"))
            try await client.ingest(mentionJSON("1"))
            try await client.ingest(mentionJSON("2"), headers: [.contentType: "application/json"])
            _ = try await client.execute(uri: "/v1/mentions/01ARZ3NDEKTSV4RRFFQ69G5FAV", method: .get)
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"riposte_http_requests_total{route="/v1/mentions",method="POST",status="202"} 2"#))
            #expect(text.contains(#"riposte_mentions_ingested_total{source="x"} 1"#))
            #expect(text.contains(#"riposte_mentions_duplicates_total{source="x"} 1"#))
            #expect(text.contains(#"riposte_ingest_rejected_total{reason="signature_missing"} 1"#))
            // Accepted requests are not counted as rejections of any kind.
            #expect(!text.contains(#"reason="body_too_large""#))
            #expect(text.components(separatedBy: "riposte_ingest_rejected_total{").count == 2)
            #expect(text.contains("riposte_http_request_duration_seconds_bucket"))
            // Route templates, never concrete ids.
            #expect(text.contains(#"route="/v1/mentions/{id}""#) || text.contains(#"route="/v1/mentions/:id""#))
            #expect(!text.contains("01ARZ3NDEKTSV4RRFFQ69G5FAV"))
        }
    }

    @Test func openAPIDescribesEveryRegisteredRoute() async throws {
        let server = try TestServer()
        let router = buildRouter(server.runtime)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json())) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(router.routes.count >= 10)
        for route in router.routes {
            // Hummingbird prints captures as {id} or :id; OpenAPI uses {id}.
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            let operations = paths["/" + path] ?? paths[path]
            #expect(operations?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) is missing from openapi.json")
        }
        try await server.test { client in
            let served = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(served.json["openapi"] as? String == "3.1.0")
        }
    }
}
