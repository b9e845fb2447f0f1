/// An outbound HTTP request, as Riposte sends them to chat platforms and webhooks.
public struct HTTPClientRequest: Sendable {
    /// The method (`POST`, `GET`, …).
    public var method: String
    /// The absolute URL. Treated as a secret: never logged, never put in an error.
    public var url: String
    /// Header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The whole transfer's limit, in seconds.
    public var timeout: Double
    /// The connection's limit, in seconds.
    public var connectTimeout: Double

    /// Creates a request.
    public init(
        method: String = "POST", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Double = 15, connectTimeout: Double = 5
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}

/// What the server answered.
public struct HTTPClientResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: [(name: String, value: String)]
    /// The body (cut at the client's response limit).
    public var body: [UInt8]
    /// Seconds from start to finish.
    public var totalTime: Double
    /// How many new connections the transfer opened (0 when an idle one was reused).
    public var newConnections: Int

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a transfer failed before any HTTP status arrived.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A bounded classification, for retries and metrics.
    public enum Kind: String, Sendable {
        case timeout
        case connectionFailed = "connection_failed"
        case dnsFailure = "dns_failure"
        case tls
        case invalidRequest = "invalid_request"
        case other
    }

    /// What kind of failure.
    public var kind: Kind
    /// libcurl's error code.
    public var curlCode: Int
    /// libcurl's description (never contains the URL).
    public var message: String

    /// Whether sending again later may succeed.
    public var isTransient: Bool { kind != .invalidRequest }

    public var description: String { "\(kind.rawValue): \(message) (curl \(curlCode))" }
}
