import Hummingbird
import Logging

/// Logs each request at `debug` with its method, path, status and duration.
///
/// Only the path is logged, never the query string (a Meltwater hook URL carries its token there)
/// and never headers (signatures, bearer tokens).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, since: start)
            return response
        } catch {
            log(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        context.logger.debug(
            "request",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(Self.redacted(request.uri.path))",
                "http.status": "\(status)",
                "http.duration_ms": "\((ContinuousClock.now - start).milliseconds)",
            ])
    }
}

extension RequestLogMiddleware {
    /// The path with secrets in it cut (`/approvals/{token}` carries a bearer token).
    static func redacted(_ path: String) -> String {
        path.hasPrefix("/approvals/") ? "/approvals/[redacted]" : path
    }
}

extension Duration {
    /// Whole and fractional milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
