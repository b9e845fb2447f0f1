import Dispatch
import Foundation
import GRDB
import RiposteCore
import Synchronization

/// Group commit: concurrent ingests share one SQLite transaction, and each caller is answered
/// only after the transaction holding its mentions has committed.
///
/// Callers queue their payload and suspend. One dedicated writer thread takes everything queued,
/// writes it in a single transaction (one fsync with `synchronous = FULL`), and resumes each
/// caller with its own outcome. While it writes, new arrivals queue up for the next transaction,
/// so the batch size follows the load without ever delaying a lone request. If a group's
/// transaction fails, each of its payloads is retried in a transaction of its own, so one
/// failing request cannot sink the others that shared its group.
///
/// The writer is a thread rather than an actor on purpose: an actor's turns are jobs on the same
/// small cooperative pool as the request handlers, and under load each commit waited behind
/// dozens of them. A blocked dedicated thread costs nothing while idle.
final class GroupCommitter: Sendable {
    private struct Waiter {
        let payload: InboundPayload
        let continuation: CheckedContinuation<[IngestOutcome], any Error>
    }

    /// The most payloads one transaction takes, to bound its latency.
    private let maxGroupSize = 512
    private let writer: any DatabaseWriter
    private let queue = Mutex<[Waiter]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)

    init(writer: any DatabaseWriter) {
        self.writer = writer
        let thread = Thread { [weak self] in
            while let committer = self, !committer.stopped.load(ordering: .relaxed) {
                // Wake at least once a second to notice when the database has gone away.
                if committer.wake.wait(timeout: .now() + 1) == .success {
                    committer.drain()
                }
            }
        }
        thread.name = "riposte-group-commit"
        thread.start()
    }

    deinit {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// Stores a payload's mentions, sharing a transaction with whatever else is waiting.
    func ingest(_ payload: InboundPayload) async throws -> [IngestOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            queue.withLock { $0.append(Waiter(payload: payload, continuation: continuation)) }
            wake.signal()
        }
    }

    /// Commits everything queued, in groups of at most ``maxGroupSize``.
    private func drain() {
        while true {
            let group = queue.withLock { waiting -> [Waiter] in
                let taken = Array(waiting.prefix(maxGroupSize))
                waiting.removeFirst(taken.count)
                return taken
            }
            guard !group.isEmpty else { return }
            do {
                let outcomes = try writer.write { db in
                    let statements = try MentionRows.WriteStatements(db)
                    return try group.map { try MentionRows.store($0.payload, in: db, using: statements) }
                }
                for (waiter, outcome) in zip(group, outcomes) {
                    waiter.continuation.resume(returning: outcome)
                }
            } catch {
                // Something in the group failed and the whole transaction rolled back:
                // retry each payload alone, so only the faulty one gets the error.
                for waiter in group {
                    waiter.continuation.resume(with: Result {
                        try writer.write { db in
                            try MentionRows.store(waiter.payload, in: db, using: try MentionRows.WriteStatements(db))
                        }
                    })
                }
            }
        }
    }
}
