import Foundation
import Hummingbird
import RiposteCore
import RiposteStore

/// `GET /v1/audit`: the audit log, oldest first, filtered and paged by cursor.
struct AuditController<Context: RequestContext> {
    let database: AppDatabase
    let readAccess: ReadAccess

    func addRoutes(to router: Router<Context>) {
        router.get("/v1/audit", use: list)
    }

    struct EntryView: Encodable {
        var id: Int64
        var at: String
        var actor: String
        var action: String
        var subjectType: String?
        var subjectID: String?
        var details: String?

        enum CodingKeys: String, CodingKey {
            case id, at, actor, action, details
            case subjectType = "subject_type"
            case subjectID = "subject_id"
        }
    }

    struct PageView: Encodable {
        var entries: [EntryView]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case entries
            case nextCursor = "next_cursor"
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let parameters = request.uri.queryParameters
        let known = ["since", "until", "action", "actor", "subject_type", "subject_id", "cursor", "limit"]
        for (key, _) in parameters where !known.contains(String(key)) {
            throw APIError(.badRequest, code: "invalid_field", message: "unknown query parameter (known: \(known.joined(separator: ", ")))", field: String(key))
        }
        var query = AuditQuery()
        for (field, keyPath) in [("since", \AuditQuery.since), ("until", \AuditQuery.until)] {
            if let text = parameters[Substring(field)].map(String.init) {
                guard let date = RFC3339.parse(text) else {
                    throw APIError(.badRequest, code: "invalid_field", message: "must be an RFC 3339 timestamp such as 2026-11-21T10:00:00Z", field: field)
                }
                query[keyPath: keyPath] = date
            }
        }
        query.action = parameters["action"].map(String.init)
        query.actor = parameters["actor"].map(String.init)
        query.subjectType = parameters["subject_type"].map(String.init)
        query.subjectID = parameters["subject_id"].map(String.init)
        if let limit = parameters["limit"].map(String.init) {
            guard let value = Int(limit), (1...1_000).contains(value) else {
                throw APIError(.badRequest, code: "invalid_field", message: "must be a whole number from 1 to 1000", field: "limit")
            }
            query.limit = value
        }
        if let cursor = parameters["cursor"].map(String.init) {
            guard let value = Int64(cursor), value >= 0 else { throw APIError(.badRequest, code: "invalid_field", message: "is not a cursor this server issued", field: "cursor") }
            query.afterID = value
        }
        let rows = try await database.auditEntries(matching: query)
        let entries = rows.map {
            EntryView(id: $0.id, at: RFC3339.format($0.entry.at), actor: $0.entry.actor, action: $0.entry.action, subjectType: $0.entry.subjectType, subjectID: $0.entry.subjectID, details: $0.entry.details)
        }
        return try JSONResponse.make(PageView(entries: entries, nextCursor: rows.count == query.limit ? rows.last.map { String($0.id) } : nil))
    }
}
