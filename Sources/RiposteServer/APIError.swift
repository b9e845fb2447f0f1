import Foundation
import Hummingbird
import RiposteCore

/// An error answered as `{"error": {"code": …, "message": …, "field": …}}` with its HTTP status.
///
/// The HTTP status is chosen here, at the edge; the core's errors carry only their meaning.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code.
    public var code: String
    /// A sentence the client can act on.
    public var message: String
    /// The offending field, if one applies.
    public var field: String?
    /// Extra headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// A 400 from a validation error.
    init(_ error: ValidationError) {
        self.init(.badRequest, code: error.code.rawValue, message: error.message, field: error.field)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The JSON body.
    var body: [UInt8] {
        var json = #"{"error":{"code":""# + JSONText.quote(code) + #"","message":""# + JSONText.quote(message) + "\""
        if let field { json += #","field":""# + JSONText.quote(field) + "\"" }
        json += "}}"
        return Array(json.utf8)
    }
}

/// Turns every error escaping a handler into the JSON error shape, including the framework's own
/// (404 for an unknown path, 405 for a wrong method), so clients only ever see one error format.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code: String
            switch status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "body_too_large"
            default: code = "http_\(status.code)"
            }
            let message = (error as? HTTPError)?.body ?? status.reasonPhrase
            throw APIError(status, code: code, message: message.isEmpty ? status.reasonPhrase : message)
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, code: "shutting_down", message: "the server is shutting down")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal_error", message: "the server failed to handle the request; it has been logged")
        }
    }
}

/// Minimal JSON text helpers for hand-built hot-path responses.
enum JSONText {
    /// A JSON string literal's contents (without the quotes) for `text`.
    static func quote(_ text: String) -> String {
        // Most texts (ids, handles) need no escaping: return them as they are.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                out += String(format: "\\u%04x", s.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
