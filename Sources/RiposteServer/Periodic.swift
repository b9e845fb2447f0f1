import Foundation
import Logging
import ServiceLifecycle

/// The loop of the timer services (escalations, paging, spikes): run `tick` every `interval`
/// until graceful shutdown; a failed tick is logged and tried again at the next interval.
enum Periodic {
    static func run(every interval: Double, logger: Logger, failure: String, _ tick: @Sendable () async throws -> Void) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await tick()
            } catch {
                logger.error("\(failure); trying again at the next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
        }
    }
}
