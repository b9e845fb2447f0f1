import ArgumentParser
import Foundation
import Logging
import RiposteCore
import RiposteServer

/// `--config`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Path of the YAML configuration file.", valueName: "file"))
    var config: String?

    /// The file to read, if any: --config, else $RIPOSTE_CONFIG, else ./riposte.yml when present.
    var configPath: String? {
        if let config { return config }
        if let path = ProcessInfo.processInfo.environment["RIPOSTE_CONFIG"], !path.isEmpty { return path }
        return FileManager.default.fileExists(atPath: "riposte.yml") ? "riposte.yml" : nil
    }

    /// Loads the configuration, or exits with a message naming the bad key.
    func load() throws -> RiposteConfiguration {
        let loader = ConfigurationLoader(environment: ProcessInfo.processInfo.environment)
        guard let path = configPath else { return loader.defaults() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError(message: "cannot read the configuration file \(path): \(error.localizedDescription)", exitCode: .configuration)
        }
        do {
            return try loader.load(yaml: text, file: path)
        } catch {
            throw CLIError(message: "\(error)", exitCode: .configuration)
        }
    }
}

/// A failure the CLI reports as one line on standard error, with a meaningful exit code.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: ExitCode

    var description: String { message }
}

extension ExitCode {
    /// The configuration is wrong (sysexits EX_CONFIG).
    static let configuration = ExitCode(78)
    /// A needed resource (database, network) is unavailable (sysexits EX_UNAVAILABLE).
    static let unavailable = ExitCode(69)
}

/// Runs a command body, turning ``CLIError`` into a message and an exit code.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as CLIError {
        FileHandle.standardError.write(Data("riposte: \(error.message)\n".utf8))
        throw error.exitCode
    }
}

/// Logs to standard error, once per process.
enum Logs {
    static let bootstrapped: Bool = {
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler.standardError(label: label)
            handler.logLevel = .trace  // the logger's own level decides
            return handler
        }
        return true
    }()

    static func logger(level: String) -> Logger {
        _ = bootstrapped
        var logger = Logger(label: "riposte")
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
