import CCurl
import Foundation
import NIOPosix
import Synchronization

/// An HTTP client over libcurl.
///
/// Transfers are blocking `curl_easy_perform` calls, run on a `NIOThreadPool` so they never hold a
/// thread of Swift's cooperative pool. Easy handles are kept in a small pool and reset between
/// transfers, which keeps their connection caches: consecutive requests to the same host reuse
/// the connection. TLS peer and host verification stay on; proxies come from the usual
/// environment variables (`https_proxy`, `no_proxy`, …), which libcurl reads itself. Redirects are
/// not followed (a webhook that redirects is misconfigured, and following could leak the body).
public final class CurlHTTPClient: Sendable {
    private let threadPool: NIOThreadPool
    private let idleHandles = Mutex<[CurlEasyHandle]>([])
    private let maxIdleHandles: Int
    /// The most response body bytes kept; the rest is discarded.
    public let maxResponseBytes: Int

    /// Creates a client.
    /// - Parameters:
    ///   - threadPool: Where blocking transfers run.
    ///   - maxIdleHandles: How many handles (and their connections) to keep between transfers.
    ///   - maxResponseBytes: How much of a response body to keep.
    public init(threadPool: NIOThreadPool = .singleton, maxIdleHandles: Int = 8, maxResponseBytes: Int = 1 << 20) {
        _ = CurlGlobal.initialised
        self.threadPool = threadPool
        self.maxIdleHandles = maxIdleHandles
        self.maxResponseBytes = maxResponseBytes
    }

    deinit {
        for handle in idleHandles.withLock({ $0 }) { curl_easy_cleanup(handle.pointer) }
    }

    /// Sends a request and waits for the whole response.
    /// - Throws: ``HTTPClientError`` when no HTTP response arrived (timeout, refused, DNS, TLS, …).
    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try await threadPool.runIfActive { try self.perform(request) }
    }

    /// Runs one transfer on the calling thread.
    func perform(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        guard CurlGlobal.initialised else {
            throw HTTPClientError(kind: .other, curlCode: -1, message: "libcurl failed to initialise")
        }
        let handle: CurlEasyHandle
        if let idle = idleHandles.withLock({ $0.popLast() }) {
            handle = idle
        } else if let pointer = curl_easy_init() {
            handle = CurlEasyHandle(pointer: pointer)
        } else {
            throw HTTPClientError(kind: .other, curlCode: -1, message: "curl_easy_init failed")
        }
        defer {
            curl_easy_reset(handle.pointer)
            let kept = idleHandles.withLock { handles -> Bool in
                guard handles.count < maxIdleHandles else { return false }
                handles.append(handle)
                return true
            }
            if !kept { curl_easy_cleanup(handle.pointer) }
        }
        return try handle.perform(request, maxResponseBytes: maxResponseBytes)
    }
}

/// Process-wide libcurl initialisation, done once before the first handle.
enum CurlGlobal {
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

/// A libcurl easy handle.
///
/// `@unchecked Sendable`: a handle is used by one transfer at a time. The client's pool hands it
/// out under a lock and takes it back only when that transfer is over.
struct CurlEasyHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer

    func perform(_ request: HTTPClientRequest, maxResponseBytes: Int) throws(HTTPClientError) -> HTTPClientResponse {
        let sink = TransferSink(limit: maxResponseBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        headerList = curl_slist_append(headerList, "Expect:")

        var code = CURLE_OK
        func set(_ result: CURLcode) {
            if code == CURLE_OK { code = result }
        }
        set(riposte_curl_setopt_string(pointer, CURLOPT_URL, request.url))
        set(riposte_curl_setopt_string(pointer, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(riposte_curl_setopt_long(pointer, CURLOPT_NOSIGNAL, 1))
        set(riposte_curl_setopt_long(pointer, CURLOPT_FOLLOWLOCATION, 0))
        set(riposte_curl_setopt_long(pointer, CURLOPT_SSL_VERIFYPEER, 1))
        set(riposte_curl_setopt_long(pointer, CURLOPT_SSL_VERIFYHOST, 2))
        set(riposte_curl_setopt_long(pointer, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000)))
        set(riposte_curl_setopt_long(pointer, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000)))
        set(riposte_curl_setopt_string(pointer, CURLOPT_USERAGENT, "riposte/1"))
        set(riposte_curl_setopt_slist(pointer, CURLOPT_HTTPHEADER, headerList))
        set(riposte_curl_setopt_write_callback(pointer, CURLOPT_WRITEFUNCTION, curlWriteBody))
        set(riposte_curl_setopt_pointer(pointer, CURLOPT_WRITEDATA, sinkPointer))
        set(riposte_curl_setopt_write_callback(pointer, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        set(riposte_curl_setopt_pointer(pointer, CURLOPT_HEADERDATA, sinkPointer))
        switch request.method.uppercased() {
        case "GET":
            set(riposte_curl_setopt_long(pointer, CURLOPT_HTTPGET, 1))
        case "HEAD":
            set(riposte_curl_setopt_long(pointer, CURLOPT_NOBODY, 1))
        default:
            set(riposte_curl_setopt_long(pointer, CURLOPT_POST, 1))
            set(riposte_curl_setopt_off_t(pointer, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            set(request.body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                riposte_curl_setopt_pointer(pointer, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(sinkPointer)))
            })
            if request.method.uppercased() != "POST" {
                set(riposte_curl_setopt_string(pointer, CURLOPT_CUSTOMREQUEST, request.method.uppercased()))
            }
        }
        guard code == CURLE_OK else { throw Self.error(code, invalidRequest: true) }

        let result = withExtendedLifetime(sink) { curl_easy_perform(pointer) }
        guard result == CURLE_OK else { throw Self.error(result, invalidRequest: false) }

        var status = 0
        var totalTime = 0.0
        var connects = 0
        _ = riposte_curl_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &status)
        _ = riposte_curl_getinfo_double(pointer, CURLINFO_TOTAL_TIME, &totalTime)
        _ = riposte_curl_getinfo_long(pointer, CURLINFO_NUM_CONNECTS, &connects)
        return HTTPClientResponse(
            status: status, headers: sink.headers, body: sink.body, totalTime: totalTime, newConnections: connects)
    }

    static func error(_ code: CURLcode, invalidRequest: Bool) -> HTTPClientError {
        let message = String(cString: curl_easy_strerror(code))
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING: kind = .connectionFailed
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .dnsFailure
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM: kind = .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: kind = .invalidRequest
        default: kind = invalidRequest ? .invalidRequest : .other
        }
        return HTTPClientError(kind: kind, curlCode: Int(code.rawValue), message: message)
    }
}

/// Collects one transfer's response; touched only by the thread running that transfer.
final class TransferSink {
    let limit: Int
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []

    init(limit: Int) {
        self.limit = limit
    }

    func appendHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after 100 Continue or a proxy's CONNECT)
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.append((name, value))
    }
}

private let curlWriteBody: riposte_curl_write_callback = { data, size, count, context in
    let total = size * count
    guard let data, let context else { return total }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    let room = max(0, sink.limit - sink.body.count)
    if room > 0 {
        data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
            sink.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(room, total)))
        }
    }
    return total
}

private let curlWriteHeader: riposte_curl_write_callback = { data, size, count, context in
    let total = size * count
    guard let data, let context else { return total }
    let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
    let line = data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
        String(decoding: UnsafeBufferPointer(start: bytes, count: total), as: UTF8.self)
    }
    sink.appendHeaderLine(line)
    return total
}
