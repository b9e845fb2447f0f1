import ArgumentParser
import Foundation
import RiposteServer

/// `riposte dashboard hash-password`: a password hash for `dashboard.users`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Dashboard helpers.",
        subcommands: [HashPassword.self])

    struct HashPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-password",
            abstract: "Read a password on standard input and print its hash for dashboard.users[].password_hash (PBKDF2-SHA256).")

        @Option(help: "PBKDF2 iterations.")
        var iterations = 600_000

        func validate() throws {
            guard (100_000...10_000_000).contains(iterations) else { throw ValidationError("--iterations must be from 100,000 to 10,000,000") }
        }

        func run() throws {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIError(message: "no password on standard input (try: printf '%s' \"$PASSWORD\" | riposte dashboard hash-password)", exitCode: .usage)
            }
            print(PasswordHash.make(line, iterations: iterations))
        }
    }
}
