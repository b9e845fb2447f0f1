import ArgumentParser
import Foundation
import Testing

@testable import riposte

/// The command names and options the README, the Makefile and the Dockerfile rely on.
@Suite struct CommandLineTests {
    @Test(arguments: [
        (["serve"], "serve"),
        (["serve", "--config", "riposte.yml", "--host", "0.0.0.0", "--port", "9000"], "serve"),
        (["migrate", "--config", "riposte.yml", "--database", "x.sqlite"], "migrate"),
        (["config", "check", "--config", "riposte.yml"], "check"),
        (["healthcheck", "--url", "http://127.0.0.1:8080/healthz"], "healthcheck"),
    ])
    func parses(_ arguments: [String], _ expected: String) throws {
        let command = try Riposte.parseAsRoot(arguments)
        #expect(type(of: command).configuration.commandName == expected)
    }

    @Test func refusesABadPort() {
        #expect(throws: (any Error).self) { try Riposte.parseAsRoot(["serve", "--port", "70000"]) }
    }

    @Test func migrateCreatesTheDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/riposte.sqlite").path
        let command = try #require(try Riposte.parseAsRoot(["migrate", "--database", path]) as? MigrateCommand)
        try await command.run()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func configErrorsExitWithEXCONFIG() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "server:\n  prot: 80\n".write(to: file, atomically: true, encoding: .utf8)
        let command = try #require(try Riposte.parseAsRoot(["config", "check", "--config", file.path]) as? ConfigCommand.Check)
        await #expect {
            try await command.run()
        } throws: { error in
            (error as? ExitCode) == ExitCode(78)
        }
    }
}
