import ArgumentParser
import Foundation
import RiposteChat

/// `riposte healthcheck`: exits 0 when the server answers `/healthz` (for Docker's HEALTHCHECK,
/// whose slim image has libcurl but no curl binary).
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck", abstract: "Check that a running server answers /healthz (exit 0 if so).")

    @Option(help: "URL to check.")
    var url = "http://127.0.0.1:8080/healthz"

    @Option(help: "Seconds to wait.")
    var timeout: Double = 3

    func run() async throws {
        let client = CurlHTTPClient()
        do {
            let response = try await client.send(HTTPClientRequest(method: "GET", url: url, timeout: timeout, connectTimeout: timeout))
            guard response.status == 200 else {
                print("unhealthy: HTTP \(response.status)")
                throw ExitCode.failure
            }
            print("healthy")
        } catch let error as HTTPClientError {
            print("unhealthy: \(error)")
            throw ExitCode.failure
        }
    }
}
