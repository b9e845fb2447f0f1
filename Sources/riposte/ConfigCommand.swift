import ArgumentParser
import Foundation
import RiposteCore

/// `riposte config check`: validates the configuration without starting anything.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Validate the configuration and print a summary (secrets are not shown).")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try await reportingErrors {
                let configuration = try options.load()
                print("configuration OK (\(options.configPath ?? "embedded defaults"))")
                print("  server:        \(configuration.server.host):\(configuration.server.port)")
                print("  database:      \(configuration.database.path) (synchronous \(configuration.database.synchronous.rawValue))")
                print("  ingest:        signatures \(configuration.ingest.requireSignature ? "required" : "optional"), \(configuration.ingest.secrets.count) secret(s), body ≤ \(configuration.ingest.maxBodyBytes) bytes")
                print("  destinations:  \(configuration.destinations.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", "))")
                print("  routes:        \(configuration.routes.count)")
            }
        }
    }
}
