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
/// caller with its own outcome. While it writes, new arrivals queue up for the next transaction.
/// If a group's transaction fails, each of its payloads is retried in a transaction of its own,
/// so one failing request cannot sink the others that shared its group.
///
/// Under concurrent load the writer also *gathers*: when fewer payloads are queued than the last
/// group held, it waits up to ``gatherWindow`` for that many (like PostgreSQL's `commit_delay`
/// with `commit_siblings`). Each commit has a fixed cost (WAL frames, an fsync) that a bigger
/// group shares, and a writer that committed every trickle of two or three requests took the CPU
/// the request handlers needed. A lone request never waits: after a group of one there is
/// nothing to gather for.
///
/// The writer is a thread rather than an actor on purpose: an actor's turns are jobs on the same
/// small cooperative pool as the request handlers, and under load each commit waited behind
/// dozens of them. A blocked dedicated thread costs nothing while idle.
final class GroupCommitter: Sendable {
    private struct Waiter {
        let payload: InboundPayload
        let continuation: CheckedContinuation<[IngestOutcome], any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        /// The queue length at which an arrival wakes the writer (`Int.max` while it writes).
        var wakeAt = 1
    }

    /// The most payloads one transaction takes, to bound its latency.
    let maxGroupSize = 512
    /// The longest the writer waits for a group to fill before committing what it has.
    let gatherWindow: DispatchTimeInterval
    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)

    init(writer: any DatabaseWriter, gatherWindow: DispatchTimeInterval = .microseconds(250)) {
        self.writer = writer
        self.gatherWindow = gatherWindow
        let thread = Thread { [weak self] in
            // Named from inside: Foundation on Linux names only the current thread.
            Thread.current.name = "riposte-commit"
            var lastGroupSize = 1
            while let committer = self, !committer.stopped.load(ordering: .relaxed) {
                lastGroupSize = committer.commitNextGroup(after: lastGroupSize)
            }
        }
        thread.start()
    }

    deinit {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// Stores a payload's mentions, sharing a transaction with whatever else is waiting.
    func ingest(_ payload: InboundPayload) async throws -> [IngestOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            let signal = state.withLock { state -> Bool in
                state.queue.append(Waiter(payload: payload, continuation: continuation))
                guard state.queue.count >= state.wakeAt else { return false }
                state.wakeAt = .max  // one wake is enough
                return true
            }
            if signal { wake.signal() }
        }
    }

    /// Waits for work, gathers a group and commits it.
    /// - Returns: The size of the group committed (0 when there was none).
    private func commitNextGroup(after lastGroupSize: Int) -> Int {
        // Sleep until something arrives (waking once a second to notice a shutdown).
        let idle = state.withLock { state -> Bool in
            if state.queue.isEmpty {
                state.wakeAt = 1
                return true
            }
            return false
        }
        if idle {
            // A second without work ends the burst: the next request has nothing to gather for.
            guard wake.wait(timeout: .now() + 1) == .success else { return 1 }
        }
        // Gather: under load, wait briefly for as many payloads as the last group held.
        let target = min(lastGroupSize, maxGroupSize)
        let gathering = state.withLock { state -> Bool in
            if state.queue.count >= target {
                state.wakeAt = .max
                return false
            }
            state.wakeAt = target
            return true
        }
        if gathering, wake.wait(timeout: .now() + gatherWindow) == .timedOut {
            // The window closed; an arrival may have signalled meanwhile: consume that signal
            // under the lock so it does not end a later wait early.
            let signalled = state.withLock { state -> Bool in
                let signalled = state.wakeAt == .max
                state.wakeAt = .max
                return signalled
            }
            if signalled { _ = wake.wait(timeout: .now() + 1) }
        }
        let group = state.withLock { state -> [Waiter] in
            state.wakeAt = .max
            let taken = Array(state.queue.prefix(maxGroupSize))
            state.queue.removeFirst(taken.count)
            return taken
        }
        guard !group.isEmpty else { return lastGroupSize }
        commit(group)
        return group.count
    }

    /// Writes one group in one transaction and answers each caller.
    private func commit(_ group: [Waiter]) {
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

