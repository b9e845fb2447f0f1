import Hummingbird
import Prometheus
import RiposteCore
import Synchronization

/// Riposte's Prometheus metrics, in a registry of their own (no process-global state, so tests
/// can run several servers side by side). Labels are bounded: route templates, methods, status
/// codes, reasons from fixed lists, and source names capped at ``maxSources`` distinct values.
public final class RiposteMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    /// The most distinct `source` label values; later ones are counted as `other`.
    public let maxSources = 32
    private let seenSources = Mutex<Set<String>>([])
    /// Handles already made, so the hot path does one dictionary lookup instead of building names.
    private let counters = Mutex<[String: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    private let routeSeriesCache = Mutex<[RouteSeries.Key: RouteSeries]>([:])

    private func counter(_ key: String, _ make: () -> Counter) -> Counter {
        counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = make()
            cache[key] = made
            return made
        }
    }

    /// Creates the metrics.
    public init() {}

    /// The Prometheus text exposition.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// The request counter and latency histogram of one route, method and status, made once:
    /// the hot path does a single lookup keyed by the three values, without building strings.
    func routeSeries(route: String, method: String, status: Int) -> RouteSeries {
        let key = RouteSeries.Key(route: route, method: method, status: status)
        if let known = routeSeriesCache.withLock({ $0[key] }) { return known }
        let made = RouteSeries(requests: requests(route: route, method: method, status: status), duration: requestDuration(route: route, method: method))
        routeSeriesCache.withLock { $0[key] = made }
        return made
    }

    /// See ``routeSeries(route:method:status:)``.
    struct RouteSeries: Sendable {
        struct Key: Hashable, Sendable {
            let route: String
            let method: String
            let status: Int
        }
        let requests: Counter
        let duration: DurationHistogram
    }

    func requests(route: String, method: String, status: Int) -> Counter {
        counter("requests \(route) \(method) \(status)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests by route template, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]) }
    }

    func requestDuration(route: String, method: String) -> DurationHistogram {
        histograms.withLock { cache in
            let key = "\(route) \(method)"
            if let existing = cache[key] { return existing }
            let made = makeRequestDuration(route: route, method: method)
            cache[key] = made
            return made
        }
    }

    private func makeRequestDuration(route: String, method: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "riposte", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency by route template and method."),
            labels: [("route", route), ("method", method)],
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)])
    }

    func mentionsIngested(source: String) -> Counter {
        counter("ingested \(source)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "mentions", metricName: "ingested", unitName: "total", helpText: "New mentions stored, by source."),
            labels: [("source", boundedSource(source))]) }
    }

    func mentionsDuplicate(source: String) -> Counter {
        counter("duplicate \(source)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "mentions", metricName: "duplicates", unitName: "total", helpText: "Re-sent mentions answered with their existing id, by source."),
            labels: [("source", boundedSource(source))]) }
    }

    func ingestRejected(reason: String) -> Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "ingest", metricName: "rejected", unitName: "total", helpText: "Ingest requests refused, by reason."),
            labels: [("reason", reason)])
    }

    /// Mentions classified, by sentiment and priority (3 × 4 series).
    func mentionsClassified(sentiment: Sentiment, priority: Priority) -> Counter {
        counter("classified \(sentiment.rawValue) \(priority.rawValue)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "mentions", metricName: "classified", unitName: "total", helpText: "Mentions classified, by sentiment and priority."),
            labels: [("sentiment", sentiment.rawValue), ("priority", priority.rawValue)]) }
    }

    /// Risk flags raised, by flag (7 series).
    func riskFlagsRaised(_ kind: RiskFlagKind) -> Counter {
        counter("flag \(kind.rawValue)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "risk", metricName: "flags", unitName: "total", helpText: "Risk flags raised by the classifier, by flag."),
            labels: [("flag", kind.rawValue)]) }
    }

    /// Deliveries by destination type and result (delivered, retry, dead, rate_limited): 8 × 4 series.
    func deliveries(type: String, result: String) -> Counter {
        counter("delivery \(type) \(result)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "delivery", metricName: "attempts", unitName: "total", helpText: "Delivery attempts by destination type and result."),
            labels: [("type", type), ("result", result)]) }
    }

    /// Time from claim to the receiver's answer of delivered messages, by destination type.
    func deliveryLatency(type: String) -> DurationHistogram {
        histograms.withLock { cache in
            let key = "delivery \(type)"
            if let existing = cache[key] { return existing }
            let made = registry.makeDurationHistogram(
                descriptor: .init(namespace: "riposte", subsystem: "delivery", metricName: "latency", unitName: "seconds", helpText: "Delivery latency of delivered messages."),
                labels: [("type", type)],
                buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)])
            cache[key] = made
            return made
        }
    }

    var outboxPending: Gauge {
        registry.makeGauge(descriptor: .init(namespace: "riposte", subsystem: "outbox", metricName: "pending", unitName: "", helpText: "Messages waiting in the outbox."))
    }

    var outboxOldestDueAge: Gauge {
        registry.makeGauge(descriptor: .init(namespace: "riposte", subsystem: "outbox", metricName: "oldest_due_age", unitName: "seconds", helpText: "Age of the oldest due message."))
    }

    func slaBreaches(priority: Priority) -> Counter {
        counter("sla breach \(priority.rawValue)") { registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "sla", metricName: "breaches", unitName: "total", helpText: "Threads that waited past their first-response target."),
            labels: [("priority", priority.rawValue)]) }
    }

    func openThreads(priority: Priority) -> Gauge {
        registry.makeGauge(
            descriptor: .init(namespace: "riposte", subsystem: "threads", metricName: "open", unitName: "", helpText: "Threads not yet acknowledged or resolved, by priority."),
            labels: [("priority", priority.rawValue)])
    }

    /// From a page's opening to its acknowledgement.
    var timeToAcknowledge: DurationHistogram {
        histograms.withLock { cache in
            if let existing = cache["time to acknowledge"] { return existing }
            let made = registry.makeDurationHistogram(
                descriptor: .init(namespace: "riposte", subsystem: "pages", metricName: "time_to_acknowledge", unitName: "seconds", helpText: "From a page's opening to its acknowledgement."),
                buckets: [.seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(900), .seconds(1800), .seconds(3600), .seconds(7200)])
            cache["time to acknowledge"] = made
            return made
        }
    }

    var spikes: Counter {
        registry.makeCounter(descriptor: .init(namespace: "riposte", subsystem: "spikes", metricName: "detected", unitName: "total", helpText: "Spike alerts raised."))
    }

    func pipelineProcessed(result: String) -> Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "pipeline", metricName: "mentions", unitName: "total", helpText: "Mentions the pipeline finished, by result (processed, retry, failed)."),
            labels: [("result", result)])
    }

    var pipelinePending: Gauge {
        registry.makeGauge(
            descriptor: .init(namespace: "riposte", subsystem: "pipeline", metricName: "pending", unitName: "", helpText: "Mentions waiting for the pipeline, as of its last look."))
    }

    var pipelineYields: Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "riposte", subsystem: "pipeline", metricName: "yields", unitName: "total", helpText: "Pipeline batches followed by a rest because ingest was busy (pipeline.busy_share)."))
    }

    private func boundedSource(_ source: String) -> String {
        seenSources.withLock { seen in
            if seen.contains(source) { return source }
            guard seen.count < maxSources else { return "other" }
            seen.insert(source)
            return source
        }
    }
}

/// Records request counts and latency by route template (never by concrete path or id).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: RiposteMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            record(route: context.endpointPath, method: method, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(route: context.endpointPath, method: method, status: status, since: start)
            throw error
        }
    }

    private func record(route: String?, method: String, status: Int, since start: ContinuousClock.Instant) {
        let series = metrics.routeSeries(route: route ?? "unmatched", method: method, status: status)
        series.requests.increment()
        series.duration.record(ContinuousClock.now - start)
    }
}
