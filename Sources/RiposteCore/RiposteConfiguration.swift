import Foundation

/// Everything Riposte can be configured with. Every value has an embedded default, so
/// `RiposteConfiguration()` is a working configuration (loopback server, local database file).
public struct RiposteConfiguration: Sendable, Equatable {
    /// The HTTP listener.
    public struct Server: Sendable, Equatable {
        /// Address to bind; loopback by default.
        public var host = "127.0.0.1"
        /// TCP port.
        public var port = 8080
        /// Public base URL used in links Riposte sends out (approval links, dashboard links).
        public var publicURL: String?

        /// The embedded defaults.
        public init() {}
    }

    /// How SQLite makes commits durable.
    public enum SynchronousMode: String, Sendable, Equatable, CaseIterable {
        /// fsync the WAL at every commit: a committed mention survives a power loss.
        case full
        /// fsync only at checkpoints: survives a crash or kill -9, may lose the last commits on power loss.
        case normal
    }

    /// The SQLite database.
    public struct Database: Sendable, Equatable {
        /// Path of the database file; its folder is created if missing.
        public var path = "data/riposte.sqlite"
        /// Durability of commits.
        public var synchronous = SynchronousMode.full
        /// How long a connection waits for a lock before failing, in seconds.
        public var busyTimeout: Double = 5

        /// The embedded defaults.
        public init() {}
    }

    /// `POST /v1/mentions` and the source adapters.
    public struct Ingest: Sendable, Equatable {
        /// Refuse unsigned requests.
        public var requireSignature = true
        /// Accepted secrets (several during a rotation); `whsec_<base64>` or plain strings.
        public var secrets: [String] = []
        /// The largest request body accepted, in bytes.
        public var maxBodyBytes = 1_048_576
        /// The most mentions in one request.
        public var maxBatchSize = 500
        /// The most ingest requests being stored at once; more are answered 429 with `Retry-After`.
        public var maxInFlight = 4096
        /// Accepted clock difference for signed timestamps, in seconds.
        public var signatureTolerance: Double = 300

        /// The embedded defaults.
        public init() {}
    }

    /// X (Twitter) Account Activity API.
    public struct XIntegration: Sendable, Equatable {
        /// The app's consumer (API) secret: keys the CRC answer and the payload signatures.
        public var consumerSecret: String?

        /// The embedded defaults.
        public init() {}
    }

    /// Meltwater Listening hooks.
    public struct MeltwaterIntegration: Sendable, Equatable {
        /// A shared token expected as `?token=` in the hook's target URL (or a standard signature).
        public var token: String?

        /// The embedded defaults.
        public init() {}
    }

    /// Inbound integrations.
    /// Slack interactivity (approval buttons).
    public struct SlackIntegration: Sendable, Equatable {
        /// Verifies interaction callbacks (`v0=` HMAC of `v0:{timestamp}:{body}`).
        public var signingSecret: String?

        public init() {}
    }

    public struct Integrations: Sendable, Equatable {
        /// X Account Activity.
        public var x = XIntegration()
        /// Meltwater hooks.
        public var meltwater = MeltwaterIntegration()
        /// Slack interactivity.
        public var slack = SlackIntegration()

        /// The embedded defaults.
        public init() {}
    }

    /// The sentiment model and the risk detectors.
    public struct Classifier: Sendable, Equatable {
        /// A model file to load instead of the one shipped with Riposte (from `riposte train`).
        public var model: String?
        /// Thresholds and names the risk detectors use.
        public var risk = RiskSettings()

        /// The embedded defaults.
        public init() {}
    }

    /// Reply suggestions: where the template library is, and the brand's values templates use.
    public struct Replies: Sendable, Equatable {
        /// The folder of template files (`*.yml`); relative paths are tried from the working
        /// directory, then from the installed share folder.
        public var templates = "conversations/templates"
        /// The jargon list `templates lint` refuses.
        public var jargon = "conversations/jargon.txt"
        /// Values for `{{brand}}`, `{{product}}`, `{{safety_contact}}`, `{{support_url}}`,
        /// `{{medical_info_contact}}`, `{{press_contact}}`, `{{approved_info_url}}`, `{{facts_url}}`,
        /// `{{crisis_line}}`.
        public var values: [String: String] = [:]
        /// How long a variant is not repeated to the same author or thread, in seconds.
        public var varietyWindow: Double = 30 * 86_400

        /// The configuration keys of `values`.
        public static let valueKeys = [
            "brand", "product", "safety_contact", "support_url", "medical_info_contact", "press_contact", "approved_info_url", "facts_url",
            "crisis_line",
        ]

        /// The embedded defaults.
        public init() {}
    }

    /// The outbox's delivery worker.
    public struct Delivery: Sendable, Equatable {
        /// Run the delivery worker in this process.
        public var enabled = true
        /// Messages claimed per batch.
        public var batchSize = 32
        /// Fallback poll when nothing wakes the worker, in seconds.
        public var pollInterval: Double = 1
        /// A crashed worker's claims are taken over after this, in seconds.
        public var lease: Double = 60
        /// The first retry's backoff ceiling, in seconds (doubling, with full jitter).
        public var baseDelay: Double = 1
        /// The longest backoff, in seconds.
        public var maxDelay: Double = 300
        /// Attempts before a message is dead-lettered.
        public var maxAttempts = 12
        /// Total time allowed for one HTTP request, in seconds.
        public var timeout: Double = 15
        /// Messages per second per destination, by destination type (defaults: Slack 1, Teams 4,
        /// Google Chat 1, Discord 0.5, Mattermost 10, webhook 10).
        public var rates: [String: Double] = [:]
        /// Where an operator is told about dead letters (`dead_letter_destination`); by default
        /// the `console` destination when there is one.
        public var deadLetterDestination: String?

        /// The embedded defaults.
        public init() {}
    }

    /// The background processing pipeline.
    /// Spike detection (`spikes:`): unsupportive volume per brand in `window` against the rate of
    /// the `baseline` window before it.
    public struct Spikes: Sendable, Equatable {
        public var enabled = true
        /// The recent window and the baseline window before it.
        public var window: Double = 3600
        public var baseline: Double = 12 * 3600
        /// A spike needs at least this many unsupportive mentions in the window…
        public var minCount = 10
        /// …and this many times what the baseline rate predicts.
        public var ratio: Double = 3
        /// How often to look.
        public var checkInterval: Double = 60
        /// After an alert, none for the same brand (or topic) for this long; by default the window.
        public var cooldown: Double?
        /// Also look for spiking terms within a brand.
        public var topics = true

        public init() {}
    }

    /// On-call paging (`oncall:`): who is on call, and how urgent threads page them.
    public struct OnCall: Sendable, Equatable {
        /// The destination pages go to; by default the `console`.
        public var destination: String?
        /// Re-page this often until someone acknowledges.
        public var repageEvery: Double = 300
        /// After this many unanswered pages, the secondary is paged too.
        public var escalateAfter = 3
        /// People who can be paged and acknowledge, with their chat identities.
        public var responders: [Responder] = []
        /// Rotations and overrides.
        public var schedule = OnCallSchedule()
        /// How often due pages are looked for.
        public var checkInterval: Double = 5

        /// Whether anyone can be paged.
        public var isConfigured: Bool { !schedule.rotations.isEmpty || !schedule.overrides.isEmpty }

        public init() {}
    }

    /// A dashboard user: a name and a password hash from `riposte dashboard hash-password`.
    public struct DashboardUser: Sendable, Equatable {
        public var name: String
        public var passwordHash: String

        public init(name: String, passwordHash: String) {
            self.name = name
            self.passwordHash = passwordHash
        }
    }

    /// The web dashboard (`dashboard:`): who may sign in.
    public struct Dashboard: Sendable, Equatable {
        public var users: [DashboardUser] = []
        /// Bearer tokens that also open it (for scripts and kiosks).
        public var tokens: [String] = []
        /// Signs session cookies; without it, sessions end when the process does.
        public var sessionSecret: String?
        public var sessionLifetime: Double = 12 * 3600

        public init() {}
    }

    /// Response-time targets (`sla:`).
    public struct SLA: Sendable, Equatable {
        public var enabled = true
        public var clock = ResponseClock()
        /// Where warnings and breaches are sent; by default the `console`.
        public var destination: String?
        public var checkInterval: Double = 60

        public init() {}
    }

    /// Decisions from chat and signed links (`approvals:`).
    public struct Approvals: Sendable, Equatable {
        /// Signs decision buttons and approval links; without it, escalations are not started.
        public var secret: String?
        /// How long an approval link stays valid.
        public var linkLifetime: Double = 24 * 3600
        /// Where an approved reply is handed on (a destination, usually a signed `webhook`).
        public var publishDestination: String?
        /// How often due escalation timeouts are looked for.
        public var checkInterval: Double = 5

        public init() {}
    }

    public struct Pipeline: Sendable, Equatable {
        /// Run the pipeline worker in this process (off for an ingest-only node).
        public var enabled = true
        /// How many mentions one worker claims at a time.
        public var batchSize = 256
        /// After being woken, how long to let new mentions gather before claiming, in seconds
        /// (bigger batches cost the shared database writer less during bursts).
        public var gather: Double = 0.025
        /// How often to look for work when nothing wakes the worker, in seconds.
        public var pollInterval: Double = 1
        /// How long a claim holds before another worker may take the mention, in seconds.
        public var lease: Double = 60
        /// Attempts before a mention is marked failed.
        public var maxAttempts = 5
        /// An author's posts about one brand within this window are one thread (0: off).
        public var threadWindow: Double = 24 * 3600
        /// While ingest is busy, the share of its time the worker spends working (the rest it
        /// sleeps), so acknowledging webhooks never queues behind classification. 1: never yield.
        public var busyShare: Double = 0.25

        /// The embedded defaults.
        public init() {}
    }

    /// Read access to the API.
    public struct API: Sendable, Equatable {
        /// Bearer tokens accepted on read endpoints (`GET /v1/…`); none means open (loopback use).
        public var tokens: [String] = []

        /// The embedded defaults.
        public init() {}
    }

    /// Logging.
    public struct Log: Sendable, Equatable {
        /// Lowest level logged: trace, debug, info, notice, warning, error, critical.
        public var level = "info"

        /// The embedded defaults.
        public init() {}
    }

    /// Kinds of chat destinations.
    public enum DestinationType: String, Sendable, Equatable, CaseIterable {
        case console, slack, slackBot = "slack_bot", teams, mattermost, googleChat = "google_chat", discord, webhook
    }

    /// Somewhere alerts go.
    public struct Destination: Sendable, Equatable {
        /// Unique name routes refer to.
        public var name: String
        /// Platform.
        public var type: DestinationType
        /// Webhook URL (a secret), for every type but `console`; for `slack_bot`, optionally the Web API base (default `https://slack.com/api`).
        public var url: String?
        /// Bot token (a secret), for `slack_bot`.
        public var token: String?
        /// Channel, for `slack_bot`.
        public var channel: String?
        /// Standard Webhooks secret (`whsec_…`, a secret), for `webhook`: requests are signed.
        public var secret: String?

        /// Creates a destination.
        public init(name: String, type: DestinationType, url: String? = nil, token: String? = nil, channel: String? = nil, secret: String? = nil) {
            self.name = name
            self.type = type
            self.url = url
            self.token = token
            self.channel = channel
            self.secret = secret
        }
    }

    public var server = Server()
    public var database = Database()
    public var ingest = Ingest()
    public var integrations = Integrations()
    public var pipeline = Pipeline()
    /// The classifier.
    public var classifier = Classifier()
    /// Reply suggestions.
    public var replies = Replies()
    /// Delivery of alerts from the outbox.
    public var delivery = Delivery()
    public var spikes = Spikes()
    public var approvals = Approvals()
    public var oncall = OnCall()
    public var sla = SLA()
    public var dashboard = Dashboard()
    /// The approver directory.
    public var approvers: [Approver] = []
    /// Escalation policies, by the names routes use.
    public var escalationPolicies: [EscalationPolicy] = []
    public var api = API()
    public var log = Log()
    /// Chat destinations; the embedded default is one `console` destination.
    public var destinations: [Destination] = [Destination(name: "console", type: .console)]
    /// The routing tree: which mentions go to which destinations. The embedded default sends
    /// P1 and P2 mentions to the `console` destination, so a new user sees alerts with no chat
    /// configured; a file that lists destinations without `console` and no routes routes nothing.
    public var routes: [RouteNode] = RiposteConfiguration.defaultRoutes

    /// P1 and P2 to `console`.
    public static let defaultRoutes = [
        RouteNode(path: "routes[0]", match: { var match = RouteMatch(); match.priorities = [.p1, .p2]; return match }(), destinations: ["console"]),
    ]

    /// The embedded defaults.
    public init() {}
}
