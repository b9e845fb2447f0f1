import ArgumentParser
import Foundation
import RiposteCore
import RiposteStore

/// `riposte outbox list|retry|purge`.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Inspect and manage the outbox of chat alerts.",
        subcommands: [List.self, Retry.self, Purge.self])

    struct DatabaseOptions: ParsableArguments {
        @OptionGroup var options: ConfigOptions

        @Option(help: "Database file (overrides database.path).")
        var database: String?

        func open() throws -> AppDatabase {
            let configuration = try options.load()
            do {
                return try AppDatabase(path: database ?? configuration.database.path, synchronous: configuration.database.synchronous)
            } catch {
                throw CLIError(message: "\(error)", exitCode: .unavailable)
            }
        }
    }

    /// `riposte outbox list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List messages, newest first: status, attempts, last error.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Only this status: pending, sending, delivered, dead.")
        var status: String?

        @Option(help: "How many.")
        var limit = 50

        func validate() throws {
            if let status, !["pending", "sending", "delivered", "dead"].contains(status) {
                throw ValidationError("--status must be pending, sending, delivered or dead")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let entries = try await database.open().outboxEntries(limit: limit, status: status)
                if entries.isEmpty { print("the outbox is empty\(status.map { " (status \($0))" } ?? "")") }
                for entry in entries {
                    print("#\(entry.id) \(entry.status) → \(entry.destination), \(entry.attempts) attempt(s)\(entry.lastStatus.map { ", last HTTP \($0)" } ?? "")\(entry.lastError.map { ": \($0.prefix(120))" } ?? "")  [\(entry.idempotencyKey)]")
                }
            }
        }
    }

    /// `riposte outbox retry`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Send dead letters again (all, or the given ids), with their original idempotency keys.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "Outbox ids (default: every dead letter).")
        var ids: [Int64] = []

        func run() async throws {
            try await reportingErrors {
                let count = try await database.open().retryDeadLetters(ids: ids, at: Date())
                print("\(count) dead letter\(count == 1 ? "" : "s") requeued; a running server sends them within its poll interval")
            }
        }
    }

    /// `riposte outbox purge`.
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Delete delivered and dead messages older than a number of days.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Keep this many days.")
        var olderThanDays = 30

        func run() async throws {
            try await reportingErrors {
                let count = try await database.open().purgeOutbox(before: Date().addingTimeInterval(-Double(olderThanDays) * 86_400))
                print("\(count) message\(count == 1 ? "" : "s") purged")
            }
        }
    }
}
