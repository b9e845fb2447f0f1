import Foundation
import Logging
import RiposteCore
import Synchronization

/// Writes one line per log event to standard error:
/// `2026-12-06T08:00:00.123Z warning riposte: message http.path=/v1/mentions http.status=202`.
///
/// Metadata is kept as given and formatted only when a line is written. swift-log's
/// `StreamLogHandler` re-formats all of its metadata each time a key is set, and Hummingbird sets
/// `hb.request.id` on every request: at the default level, where nothing is logged, that was 5 %
/// of the request handlers' CPU on the ingest route.
///
/// Keys are sorted; a value with spaces, quotes or `=` is quoted. Values under keys that name a
/// secret (`secret`, `token`, `password`, `signature`, `authorization`, `cookie`, `webhook_url`)
/// are written as `[redacted]`: the call sites never log secrets, and this is the net under them.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let output: LineOutput

    /// A handler that writes to standard error.
    public static func standardError(label: String) -> LineLogHandler {
        LineLogHandler(label: label, output: .standardError)
    }

    init(label: String, output: LineOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        output.write(Self.line(date: Date(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// The formatted line, newline included.
    static func line(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(RFC3339.format(date)) \(level) \(label): \(message)"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(key)=\(isSecret(key) ? "[redacted]" : quoted(value.description))"
        }
        line += "\n"
        return line
    }

    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return secretKeyParts.contains { lowered.contains($0) }
    }

    static let secretKeyParts = ["secret", "token", "password", "signature", "authorization", "cookie", "webhook_url"]

    /// The value as is, or as a JSON string literal when it is empty or holds a space, quote, `=`,
    /// backslash or control character.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.utf8.contains { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3D || $0 == 0x5C }
        return plain ? value : "\"\(JSONText.quote(value))\""
    }
}

/// Where log lines go: standard error, or (in tests) memory. Each line is one `write`, so lines
/// from concurrent tasks never interleave.
final class LineOutput: Sendable {
    private let capturing: Bool
    private let captured = Mutex<[String]>([])

    static let standardError = LineOutput(capturing: false)

    init(capturing: Bool) {
        self.capturing = capturing
    }

    func write(_ line: String) {
        if capturing {
            captured.withLock { $0.append(line) }
            return
        }
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // nowhere to report a failing standard error
                }
            }
        }
    }

    /// The lines written so far (capturing outputs only).
    var lines: [String] {
        captured.withLock { $0 }
    }
}
