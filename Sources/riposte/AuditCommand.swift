import ArgumentParser
import Foundation
import RiposteCore
import RiposteStore

/// `riposte audit export`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: notifications, decisions, edits, refusals, timeouts.",
        subcommands: [Export.self])

    /// `riposte audit export --format csv`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the audit log (oldest first) as CSV or JSON lines.")

        @OptionGroup var database: OutboxCommand.DatabaseOptions

        @Option(help: "csv or jsonl.")
        var format = "csv"

        @Option(help: "From this time (RFC 3339).")
        var since: String?

        @Option(help: "Before this time (RFC 3339).")
        var until: String?

        @Option(help: "Only this action, or a prefix ending in a dot (approval.).")
        var action: String?

        @Option(help: "Write here instead of standard output.")
        var output: String?

        func validate() throws {
            guard ["csv", "jsonl"].contains(format) else { throw ValidationError("--format must be csv or jsonl") }
            if let since, RFC3339.parse(since) == nil { throw ValidationError("--since: '\(since)' is not an RFC 3339 time such as 2026-11-21T00:00:00Z") }
            if let until, RFC3339.parse(until) == nil { throw ValidationError("--until: '\(until)' is not an RFC 3339 time such as 2026-11-21T00:00:00Z") }
        }

        func run() async throws {
            try await reportingErrors {
                let store = try database.open()
                var query = AuditQuery()
                query.since = since.flatMap(RFC3339.parse)
                query.until = until.flatMap(RFC3339.parse)
                query.action = action
                query.limit = 1_000
                let sink: FileHandle
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: nil) else {
                        throw CLIError(message: "cannot write \(output)", exitCode: .cantCreate)
                    }
                    sink = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
                } else {
                    sink = FileHandle.standardOutput
                }
                if format == "csv" { sink.write(Data("id,at,actor,action,subject_type,subject_id,details\n".utf8)) }
                var written = 0
                while true {
                    let rows = try await store.auditEntries(matching: query)
                    var chunk = ""
                    for (id, entry) in rows {
                        if format == "csv" {
                            chunk += [String(id), RFC3339.format(entry.at), entry.actor, entry.action, entry.subjectType ?? "", entry.subjectID ?? "", entry.details ?? ""]
                                .map(Self.csvField).joined(separator: ",") + "\n"
                        } else {
                            let object: [String: Any] = [
                                "id": id, "at": RFC3339.format(entry.at), "actor": entry.actor, "action": entry.action,
                                "subject_type": entry.subjectType ?? NSNull(), "subject_id": entry.subjectID ?? NSNull(), "details": entry.details ?? NSNull(),
                            ]
                            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                            chunk += String(decoding: data, as: UTF8.self) + "\n"
                        }
                    }
                    sink.write(Data(chunk.utf8))
                    written += rows.count
                    if output != nil, written > 0, written % 10_000 < rows.count {
                        FileHandle.standardError.write(Data("audit export: \(written) entries…\n".utf8))
                    }
                    guard rows.count == query.limit, let last = rows.last else { break }
                    query.afterID = last.id
                }
                if let output {
                    try sink.close()
                    FileHandle.standardError.write(Data("audit export: \(written) entries written to \(output)\n".utf8))
                }
            }
        }

        /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. A leading
        /// `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it as a formula.
        static func csvField(_ value: String) -> String {
            var text = value
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
