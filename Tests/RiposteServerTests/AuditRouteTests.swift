import Foundation
import HTTPTypes
import HummingbirdTesting
import RiposteCore
import Testing

@testable import RiposteServer

@Suite struct AuditRouteTests {
    @Test func theAuditLogIsFilteredAndPagedOldestFirst() async throws {
        let server = try TestServer { configuration in
            configuration.pipeline.enabled = false
            configuration.delivery.enabled = false
            configuration.spikes.enabled = false
        }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for (index, action) in ["approval.approve", "escalation.held", "approval.refused", "approval.edit"].enumerated() {
            try await server.database.record(AuditEntry(at: start.addingTimeInterval(Double(index)), actor: "Claire Martin", action: action, subjectType: "escalation", subjectID: "e1"))
        }
        try await server.test { client in
            let first = try await client.execute(uri: "/v1/audit?action=approval.&limit=2", method: .get)
            #expect(first.status == .ok)
            let entries = try #require(first.json["entries"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["approval.approve", "approval.refused"])
            #expect(entries.first?["subject_id"] as? String == "e1")
            let cursor = try #require(first.json["next_cursor"] as? String)
            let second = try await client.execute(uri: "/v1/audit?action=approval.&limit=2&cursor=\(cursor)", method: .get)
            #expect((second.json["entries"] as? [[String: Any]])?.map { $0["action"] as? String } == ["approval.edit"])
            #expect(second.json["next_cursor"] == nil || second.json["next_cursor"] is NSNull)
            let bad = try await client.execute(uri: "/v1/audit?since=yesterday", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.error.field == "since")
            #expect(try await client.execute(uri: "/v1/audit?colour=red", method: .get).error.field == "colour")
        }
    }
}
