import Synchronization

/// Admission control for ingest: at most `limit` requests are being stored at once; past that,
/// requests are shed with 429 and `Retry-After` instead of queueing without bound.
final class InFlightLimiter: Sendable {
    private let current = Atomic<Int>(0)
    /// The most requests admitted at once.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Admits a request, or returns false when the limit is reached. Every admitted request
    /// must call ``leave()`` exactly once.
    func tryEnter() -> Bool {
        let value = current.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        guard value <= limit else {
            current.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    /// Releases an admitted request's place.
    func leave() {
        current.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    /// From this many requests in flight, ingest counts as busy and the pipeline yields
    /// (`pipeline.busy_share`). A lone sender, or a few, never gets there.
    static let busy = 4

    /// Requests admitted right now.
    var inFlight: Int { current.load(ordering: .relaxed) }
}
