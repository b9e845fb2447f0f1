import ArgumentParser
import Foundation
import RiposteCore

/// `riposte oncall who [--at TIME]`.
struct OncallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall",
        abstract: "The on-call schedule.",
        subcommands: [Who.self])

    /// `riposte oncall who`.
    struct Who: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "who",
            abstract: "Who is on call now (or at --at), primary and secondary, and why.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "When (RFC 3339); default now.")
        var at: String?

        func run() throws {
            try reportingErrorsSync {
                let configuration = try options.load()
                var date = Date()
                if let at {
                    guard let parsed = RFC3339.parse(at) else { throw CLIError(message: "--at: '\(at)' is not an RFC 3339 time such as 2026-11-21T22:00:00Z", exitCode: .usage) }
                    date = parsed
                }
                guard configuration.oncall.isConfigured else {
                    print("no on-call schedule is configured (oncall.rotations in the configuration file)")
                    return
                }
                print("at \(RFC3339.format(date)):")
                for layer in OnCallLayer.allCases {
                    if let who = configuration.oncall.schedule.who(layer, at: date) {
                        print("  \(layer.rawValue): \(who.name) (\(who.because))")
                    } else {
                        print("  \(layer.rawValue): nobody")
                    }
                }
            }
        }
    }
}
