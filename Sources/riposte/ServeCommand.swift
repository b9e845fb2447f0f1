import ArgumentParser
import Foundation
import Hummingbird
import RiposteCore
import RiposteServer

/// `riposte serve`: runs the HTTP server and the background pipeline.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server (HTTP API, ingest and background processing).",
        discussion: "Stops gracefully on SIGTERM or SIGINT: in-flight requests and the pipeline's current batch finish first.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(help: "Port to listen on (overrides server.port).")
    var port: Int?

    func validate() throws {
        if let port, !(1...65_535).contains(port) {
            throw ValidationError("--port must be from 1 to 65535")
        }
    }

    func run() async throws {
        try await reportingErrors {
            var configuration = try options.load()
            if let host { configuration.server.host = host }
            if let port { configuration.server.port = port }
            let logger = Logs.logger(level: configuration.log.level)
            let runtime: RiposteRuntime
            do {
                runtime = try RiposteRuntime(configuration: configuration, logger: logger)
            } catch {
                throw CLIError(message: "\(error)", exitCode: .unavailable)
            }
            for warning in runtime.configurationWarnings { logger.warning("\(warning)") }
            try await runtime.database.record(
                AuditEntry(at: Date(), actor: "system", action: "server.started", details: #"{"version":"\#(Riposte.configuration.version)"}"#))
            let (host, databasePath) = (configuration.server.host, configuration.database.path)
            // The durability actually in force on the committing connection, read back from
            // SQLite rather than assumed from the configuration.
            let durability = try await runtime.database.durabilitySettings()
            let modes = ["off", "normal", "full", "extra"]
            let synchronous = modes.indices.contains(durability.synchronous) ? modes[durability.synchronous] : "\(durability.synchronous)"
            if synchronous != configuration.database.synchronous.rawValue {
                logger.warning(
                    "the database commits with a different synchronous mode than configured",
                    metadata: ["database.synchronous": "\(synchronous)", "configured": "\(configuration.database.synchronous.rawValue)"])
            }
            let app = buildApplication(runtime) { port in
                logger.info(
                    "riposte is listening",
                    metadata: [
                        "server.address": "http://\(host):\(port)", "database.path": "\(databasePath)",
                        "database.journal_mode": "\(durability.journalMode)", "database.synchronous": "\(synchronous)",
                    ])
            }
            try await app.runService()
        }
    }
}
