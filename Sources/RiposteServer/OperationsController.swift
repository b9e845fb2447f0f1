import Foundation
import Hummingbird
import RiposteCore

/// `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.json`.
struct OperationsController<Context: RequestContext> {
    let repository: any MentionRepository
    let metrics: RiposteMetrics
    let openAPI: [UInt8]

    func addRoutes(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/readyz", use: ready)
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }

    /// Ready when the database answers.
    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        do {
            try await repository.ping()
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "database_unavailable", message: "the database does not answer")
        }
        return try JSONResponse.make(["status": "ready", "database": "ok"])
    }
}
