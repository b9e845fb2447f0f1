import Foundation
import Hummingbird
import RiposteCore

/// `POST /v1/mentions`, `GET /v1/mentions`, `GET /v1/mentions/{id}`.
struct MentionsController<Context: RequestContext> {
    let ingest: IngestEndpoint
    let repository: any MentionRepository
    let readAccess: ReadAccess
    let decoder: MentionPayloadDecoder

    func addRoutes(to router: Router<Context>) {
        router.post("/v1/mentions", use: create)
        router.get("/v1/mentions", use: list)
        router.get("/v1/mentions/{id}", use: show)
        router.get("/v1/mentions/{id}/suggestions", use: suggestions)
    }

    /// Stores one mention or a batch; answers 202 after commit.
    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        try await ingest.admitted { try await createAdmitted(request, context: context) }
    }

    private func createAdmitted(_ request: Request, context: Context) async throws -> Response {
        let body = try await ingest.readJSONBody(request)
        let authentication = try ingest.authenticate(request, body: body)
        let mentions: [Mention]
        do {
            mentions = try decoder.decode(body)
        } catch let error as ValidationError {
            throw ingest.reject(error.code.rawValue, APIError(error))
        }
        let outcomes = try await ingest.store(
            mentions, channel: "api", body: body, request: request, authentication: authentication, context: context)
        return Response(
            status: .accepted, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: IngestEndpoint.acceptedBody(outcomes)))
    }

    /// One mention with everything Riposte knows about it.
    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let id = try context.parameters.require("id")
        guard RiposteID.isValid(id), let stored = try await repository.mention(id: id) else {
            throw APIError(.notFound, code: "not_found", message: "no mention has the id \(id)", field: "id")
        }
        var view = MentionView(stored)
        view.suggestions = try await repository.suggestions(mentionID: id)
        return try JSONResponse.make(view)
    }

    /// The suggested replies of a mention, best first, each with why it was chosen.
    @Sendable func suggestions(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let id = try context.parameters.require("id")
        guard RiposteID.isValid(id), let stored = try await repository.mention(id: id) else {
            throw APIError(.notFound, code: "not_found", message: "no mention has the id \(id)", field: "id")
        }
        let suggestions = try await repository.suggestions(mentionID: id)
        return try JSONResponse.make(SuggestionsView(mentionID: id, status: stored.status.rawValue, suggestions: suggestions))
    }

    /// Mentions, newest first, with filters and cursor paging.
    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        try readAccess.check(request)
        let parameters = request.uri.queryParameters
        var query = MentionQuery()
        let known = ["source", "since", "until", "status", "classification", "flag", "priority", "cursor", "limit"]
        for (key, _) in parameters where !known.contains(String(key)) {
            let name = String(key)
            throw APIError(.badRequest, code: "invalid_field", message: "unknown query parameter (known: \(known.joined(separator: ", ")))", field: name)
        }
        query.classification = try Self.choice(parameters["classification"], Sentiment.self, field: "classification")
        query.flag = try Self.choice(parameters["flag"], RiskFlagKind.self, field: "flag")
        query.priority = try Self.choice(parameters["priority"], Priority.self, field: "priority")
        if let source = parameters["source"].map(String.init) {
            do {
                query.source = try MentionPayloadDecoder.normaliseSource(source)
            } catch let error as ValidationError {
                throw APIError(error)
            }
        }
        query.since = try Self.date(parameters["since"], field: "since")
        query.until = try Self.date(parameters["until"], field: "until")
        if let status = parameters["status"].map(String.init) {
            guard let value = ProcessingStatus(rawValue: status) else {
                throw APIError(.badRequest, code: "invalid_field", message: "must be one of \(ProcessingStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            query.status = value
        }
        if let limit = parameters["limit"].map(String.init) {
            guard let value = Int(limit), (1...500).contains(value) else {
                throw APIError(.badRequest, code: "invalid_field", message: "must be a whole number from 1 to 500", field: "limit")
            }
            query.limit = value
        }
        if let cursor = parameters["cursor"].map(String.init) {
            guard RiposteID.isValid(cursor) else {
                throw APIError(.badRequest, code: "invalid_field", message: "is not a cursor this server issued", field: "cursor")
            }
            query.after = cursor
        }
        let page = try await repository.mentions(matching: query)
        return try JSONResponse.make(MentionListView(mentions: page.mentions.map(MentionView.init), nextCursor: page.nextAfter))
    }

    private static func date(_ value: Substring?, field: String) throws -> Date? {
        guard let value else { return nil }
        guard let date = RFC3339.parse(String(value)) else {
            throw APIError(.badRequest, code: "invalid_field", message: "must be an RFC 3339 timestamp such as 2026-11-21T10:00:00Z", field: field)
        }
        return date
    }
}

/// Optional bearer-token protection of read endpoints (`api.tokens`).
struct ReadAccess: Sendable {
    let tokens: [[UInt8]]

    init(tokens: [String]) {
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// Changes need a token even on loopback: without `api.tokens` they are refused.
    func checkWrite(_ request: Request) throws {
        guard !tokens.isEmpty else {
            throw APIError(.forbidden, code: "writes_disabled", message: "changes through the API need a bearer token: set api.tokens")
        }
        try check(request)
    }

    func check(_ request: Request) throws {
        guard !tokens.isEmpty else { return }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, code: "unauthorized", message: "send Authorization: Bearer <token> (api.tokens)", headers: [.wwwAuthenticate: "Bearer"])
        }
        let presented = Array(header.dropFirst(7).utf8)
        // Compare against every token without stopping early.
        var matched = false
        for token in tokens { matched = ConstantTime.equal(token, presented) || matched }
        guard matched else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the bearer token is not valid", headers: [.wwwAuthenticate: "Bearer"])
        }
    }
}

/// Byte comparison whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}

/// `GET /v1/mentions/{id}/suggestions`.
struct SuggestionsView: Encodable {
    var mentionID: String
    /// The mention's pipeline status: suggestions appear once it is `processed`.
    var status: String
    var suggestions: [ReplySuggestion]
}

extension MentionsController {
    /// A query parameter that must be one of an enumeration's values.
    static func choice<T: RawRepresentable & CaseIterable>(_ value: Substring?, _ type: T.Type, field: String) throws -> T? where T.RawValue == String {
        guard let value else { return nil }
        guard let choice = T(rawValue: String(value)) else {
            throw APIError(.badRequest, code: "invalid_field", message: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: field)
        }
        return choice
    }
}

/// JSON responses from `Encodable` views.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Views spell their own keys in snake_case; nested core values (a classification) get it here.
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
