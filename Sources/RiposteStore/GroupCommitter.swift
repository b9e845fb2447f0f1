import Foundation
import GRDB
import RiposteCore

/// Group commit: concurrent ingests share one SQLite transaction, and each caller is answered
/// only after the transaction holding its mentions has committed.
///
/// While one transaction is being written, new arrivals queue up; when it commits, the first of
/// them leads the next transaction, taking every payload queued so far. Under load this turns
/// hundreds of tiny commits (each an fsync with `synchronous = FULL`) into a few large ones,
/// without ever delaying a lone request. Each payload runs in its own savepoint, so one failing
/// request cannot sink the others sharing its transaction.
actor GroupCommitter {
    private enum Turn: Sendable {
        case done(Result<[IngestOutcome], any Error>)
        case lead
    }

    private struct Waiter {
        let payload: InboundPayload
        let continuation: CheckedContinuation<Turn, Never>
    }

    /// The most payloads one transaction takes, to bound its latency.
    private let maxGroupSize = 256
    private let writer: any DatabaseWriter
    private var queue: [Waiter] = []
    private var isWriting = false

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Stores a payload's mentions, sharing a transaction with whatever else is waiting.
    func ingest(_ payload: InboundPayload) async throws -> [IngestOutcome] {
        if isWriting {
            let turn = await withCheckedContinuation { queue.append(Waiter(payload: payload, continuation: $0)) }
            if case .done(let result) = turn { return try result.get() }
        } else {
            isWriting = true
        }
        // This caller leads the next transaction.
        let taken = min(queue.count, maxGroupSize - 1)
        let followers = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        let payloads = [payload] + followers.map(\.payload)
        let results: [Result<[IngestOutcome], any Error>]
        do {
            results = try await writer.write { db in
                payloads.map { payload in
                    Result { try MentionRows.store(payload, in: db) }
                }
            }
        } catch {
            results = Array(repeating: .failure(error), count: payloads.count)
        }
        for (waiter, result) in zip(followers, results.dropFirst()) {
            waiter.continuation.resume(returning: .done(result))
        }
        if queue.isEmpty {
            isWriting = false
        } else {
            queue.removeFirst().continuation.resume(returning: .lead)
        }
        return try results[0].get()
    }
}
