import RiposteCore

extension HTTPClientResponse {
    /// This response as a delivery outcome (the body's first 4 KiB).
    public var outcome: DeliveryAttemptOutcome {
        DeliveryAttemptOutcome(status: status, retryAfterHeader: header("retry-after"), body: String(decoding: body.prefix(4_096), as: UTF8.self))
    }
}

extension HTTPClientError {
    /// This failure as a delivery outcome: no response, a transport error.
    public var outcome: DeliveryAttemptOutcome {
        DeliveryAttemptOutcome(status: nil, transportError: "\(kind.rawValue) (curl \(curlCode))")
    }
}

extension CurlHTTPClient {
    /// Sends a request and reports how it ended, never throwing: what a delivery worker records.
    public func attempt(_ request: HTTPClientRequest) async -> DeliveryAttemptOutcome {
        do {
            return try await send(request).outcome
        } catch let error as HTTPClientError {
            return error.outcome
        } catch {
            return DeliveryAttemptOutcome(status: nil, transportError: "\(type(of: error))")
        }
    }
}
