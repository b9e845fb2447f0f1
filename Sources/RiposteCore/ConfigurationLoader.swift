import Foundation
import Yams

/// Reads `riposte.yml` into a ``RiposteConfiguration``.
///
/// Every key is optional (the embedded default applies); unknown keys and bad values are errors
/// naming the key and the line. Strings may reference environment variables as `${NAME}` or
/// `${NAME:-fallback}`; a reference to an unset variable without a fallback is an error, so a
/// secret that was meant to be there is never silently empty. Secrets (ingest secrets, API
/// tokens, integration secrets, webhook URLs and bot tokens) must be such references.
public struct ConfigurationLoader: Sendable {
    /// The environment `${NAME}` references are resolved against.
    public var environment: [String: String]

    /// Creates a loader.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Parses YAML text.
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - file: The file's name, for error messages.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public func load(yaml: String, file: String? = nil) throws -> RiposteConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(key: "", message: "not valid YAML: \(error)", file: file)
        }
        var configuration = defaults()
        guard let root else { return configuration }
        let reader = try ConfigReader(root, path: "", file: file, environment: environment)
        try configuration.read(from: reader)
        try configuration.validate(file: file)
        return configuration
    }
}

extension ConfigurationLoader {
    /// The embedded defaults, plus what the environment supplies without a file:
    /// `RIPOSTE_INGEST_SECRET` becomes the ingest secret.
    public func defaults() -> RiposteConfiguration {
        var configuration = RiposteConfiguration()
        if let secret = environment["RIPOSTE_INGEST_SECRET"], !secret.isEmpty {
            configuration.ingest.secrets = [secret]
        }
        return configuration
    }
}

extension RiposteConfiguration {
    mutating func read(from root: ConfigReader) throws(ConfigurationError) {
        if let node = try root.section("server") {
            server.host = try node.string("host") ?? server.host
            server.port = try node.int("port", in: 1...65_535) ?? server.port
            server.publicURL = try node.url("public_url")
            try node.finish()
        }
        if let node = try root.section("database") {
            database.path = try node.string("path", nonEmpty: true) ?? database.path
            database.synchronous = try node.choice("synchronous", SynchronousMode.self) ?? database.synchronous
            database.busyTimeout = try node.seconds("busy_timeout", in: 0...600) ?? database.busyTimeout
            try node.finish()
        }
        if let node = try root.section("ingest") {
            ingest.requireSignature = try node.bool("require_signature") ?? ingest.requireSignature
            ingest.secrets = try node.strings("secrets", droppingEmpty: true, secret: true) ?? ingest.secrets
            ingest.maxBodyBytes = try node.int("max_body_bytes", in: 1_024...67_108_864) ?? ingest.maxBodyBytes
            ingest.maxBatchSize = try node.int("max_batch_size", in: 1...500) ?? ingest.maxBatchSize
            ingest.maxInFlight = try node.int("max_in_flight", in: 1...1_000_000) ?? ingest.maxInFlight
            ingest.signatureTolerance = try node.seconds("signature_tolerance", in: 1...3_600) ?? ingest.signatureTolerance
            try node.finish()
        }
        if let node = try root.section("integrations") {
            if let x = try node.section("x") {
                integrations.x.consumerSecret = try x.string("consumer_secret", nonEmpty: true, secret: true)
                try x.finish()
            }
            if let meltwater = try node.section("meltwater") {
                integrations.meltwater.token = try meltwater.string("token", nonEmpty: true, secret: true)
                try meltwater.finish()
            }
            if let slack = try node.section("slack") {
                integrations.slack.signingSecret = try slack.string("signing_secret", nonEmpty: true, secret: true)
                try slack.finish()
            }
            try node.finish()
        }
        if let node = try root.section("approvals") {
            approvals.secret = try node.string("secret", nonEmpty: true, secret: true)
            approvals.linkLifetime = try node.seconds("link_ttl", in: 60...30 * 86_400) ?? approvals.linkLifetime
            approvals.publishDestination = try node.string("publish_destination", nonEmpty: true)
            approvals.checkInterval = try node.seconds("check_interval", in: 0.05...3_600) ?? approvals.checkInterval
            try node.finish()
        }
        if let node = try root.section("dashboard") {
            dashboard.users = try node.list("users")?.map { (item) throws(ConfigurationError) -> DashboardUser in
                guard let name = try item.string("name", nonEmpty: true) else { throw item.missing("name") }
                if name.contains("|") || name == "token" { throw item.error("name", "must not contain '|' nor be 'token' (reserved for bearer-token access)") }
                guard let hash = try item.string("password_hash", nonEmpty: true) else { throw item.missing("password_hash") }
                guard hash.hasPrefix("pbkdf2-sha256$"), hash.split(separator: "$").count == 4 else {
                    throw item.error("password_hash", "must come from `riposte dashboard hash-password` (pbkdf2-sha256$…)")
                }
                try item.finish()
                return DashboardUser(name: name, passwordHash: hash)
            } ?? []
            dashboard.tokens = try node.strings("tokens", droppingEmpty: true, secret: true) ?? []
            dashboard.sessionSecret = try node.string("session_secret", nonEmpty: true, secret: true)
            dashboard.sessionLifetime = try node.seconds("session_ttl", in: 60...30 * 86_400) ?? dashboard.sessionLifetime
            try node.finish()
        }
        if let node = try root.section("sla") {
            sla.enabled = try node.bool("enabled") ?? sla.enabled
            sla.destination = try node.string("destination", nonEmpty: true)
            sla.checkInterval = try node.seconds("check_interval", in: 0.05...3_600) ?? sla.checkInterval
            if let targets = try node.section("first_response") {
                for priority in Priority.allCases {
                    if let seconds = try targets.seconds(priority.rawValue, in: 60...30 * 86_400) { sla.clock.targets[priority] = seconds }
                }
                try targets.finish()
            }
            if let text = try node.string("warn_at") {
                guard let value = Double(text), value > 0, value < 1 else { throw node.error("warn_at", "must be a fraction between 0 and 1, such as 0.75 (got '\(text)')") }
                sla.clock.warnAt = value
            }
            if let hours = try node.section("business_hours") {
                // The same keys as a route's business-hours match.
                sla.clock.businessHours = try Self.readWindow(hours, required: true)
                sla.clock.businessPriorities = try hours.choices("priorities", Priority.self) ?? sla.clock.businessPriorities
                try hours.finish()
            }
            try node.finish()
        }
        if let node = try root.section("oncall") {
            oncall.destination = try node.string("destination", nonEmpty: true)
            oncall.repageEvery = try node.seconds("repage_every", in: 10...86_400) ?? oncall.repageEvery
            oncall.escalateAfter = try node.int("escalate_after", in: 1...100) ?? oncall.escalateAfter
            oncall.checkInterval = try node.seconds("check_interval", in: 0.05...3_600) ?? oncall.checkInterval
            oncall.responders = try node.list("responders")?.map { (item) throws(ConfigurationError) -> Responder in
                guard let name = try item.string("name", nonEmpty: true) else { throw item.missing("name") }
                let responder = Responder(
                    name: name, slackID: try item.string("slack_id", nonEmpty: true), mattermostID: try item.string("mattermost_id", nonEmpty: true),
                    email: try item.string("email", nonEmpty: true))
                try item.finish()
                return responder
            } ?? []
            oncall.schedule.rotations = try node.list("rotations")?.map { (item) throws(ConfigurationError) -> Rotation in
                guard let name = try item.string("name", nonEmpty: true) else { throw item.missing("name") }
                let zoneName = try item.string("time_zone", nonEmpty: true) ?? "UTC"
                guard let zone = TimeZone(identifier: zoneName) else { throw item.error("time_zone", "'\(zoneName)' is not a time zone (e.g. Europe/Paris)") }
                var handoff = 9 * 60
                if let text = try item.string("handoff", nonEmpty: true) {
                    let parts = text.split(separator: ":")
                    guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
                        throw item.error("handoff", "'\(text)' is not a time such as 09:00")
                    }
                    handoff = hour * 60 + minute
                }
                guard let startText = try item.string("start", nonEmpty: true) else { throw item.missing("start") }
                let dateParts = startText.split(separator: "-").compactMap { Int($0) }
                guard dateParts.count == 3 else { throw item.error("start", "'\(startText)' is not a date such as 2026-11-16") }
                guard let participants = try item.strings("participants", droppingEmpty: true), !participants.isEmpty else { throw item.missing("participants") }
                let rotation = Rotation(
                    name: name, layer: try item.choice("layer", OnCallLayer.self) ?? .primary, period: try item.choice("every", Rotation.Period.self) ?? .weekly,
                    handoff: handoff, timeZone: zone, start: DateComponents(year: dateParts[0], month: dateParts[1], day: dateParts[2]), participants: participants)
                try item.finish()
                return rotation
            } ?? []
            oncall.schedule.overrides = try node.list("overrides")?.map { (item) throws(ConfigurationError) -> OnCallOverride in
                guard let who = try item.string("who", nonEmpty: true) else { throw item.missing("who") }
                guard let fromText = try item.string("from", nonEmpty: true), let from = RFC3339.parse(fromText) else { throw item.error("from", "must be an RFC 3339 time such as 2026-11-21T18:00:00Z") }
                guard let untilText = try item.string("until", nonEmpty: true), let until = RFC3339.parse(untilText), until > from else {
                    throw item.error("until", "must be an RFC 3339 time after from")
                }
                let override = OnCallOverride(layer: try item.choice("layer", OnCallLayer.self) ?? .primary, who: who, from: from, until: until)
                try item.finish()
                return override
            } ?? []
            try node.finish()
        }
        if let items = try root.list("approvers") {
            approvers = try items.map { (node) throws(ConfigurationError) -> Approver in
                guard let name = try node.string("name", nonEmpty: true) else { throw node.missing("name") }
                guard let role = try node.string("role", nonEmpty: true) else { throw node.missing("role") }
                let zone = try node.string("time_zone", nonEmpty: true)
                if let zone, TimeZone(identifier: zone) == nil { throw node.error("time_zone", "'\(zone)' is not a time zone (e.g. Europe/Paris)") }
                let approver = Approver(
                    name: name, role: role.lowercased(), timeZone: zone, slackID: try node.string("slack_id", nonEmpty: true),
                    mattermostID: try node.string("mattermost_id", nonEmpty: true), email: try node.string("email", nonEmpty: true))
                try node.finish()
                return approver
            }
        }
        if let items = try root.list("escalation_policies") {
            escalationPolicies = try items.map { (node) throws(ConfigurationError) -> EscalationPolicy in
                guard let name = try node.string("name", nonEmpty: true) else { throw node.missing("name") }
                guard let levelNodes = try node.list("levels"), !levelNodes.isEmpty else { throw node.missing("levels") }
                let levels = try levelNodes.map { (level) throws(ConfigurationError) -> EscalationLevel in
                    let approvers = try level.values("approvers") ?? []
                    let roles = (try level.values("roles") ?? []).map { $0.lowercased() }
                    if approvers.isEmpty, roles.isEmpty { throw level.missing("approvers") }
                    var quorum = Quorum.any
                    if let text = try level.string("quorum", nonEmpty: true) {
                        switch text.lowercased() {
                        case "any": quorum = .any
                        case "all": quorum = .all
                        default:
                            guard let count = Int(text), count >= 1 else { throw level.error("quorum", "must be any, all or a number of approvers (got '\(text)')") }
                            quorum = .count(count)
                        }
                    }
                    let timeout = try level.seconds("timeout", in: 10...30 * 86_400) ?? 900
                    try level.finish()
                    return EscalationLevel(approvers: approvers, roles: roles, quorum: quorum, timeout: timeout)
                }
                let exhausted = try node.choice("when_exhausted", ExhaustedAction.self) ?? .hold
                try node.finish()
                return EscalationPolicy(name: name, levels: levels, whenExhausted: exhausted)
            }
        }
        if let node = try root.section("pipeline") {
            pipeline.enabled = try node.bool("enabled") ?? pipeline.enabled
            pipeline.batchSize = try node.int("batch_size", in: 1...1_000) ?? pipeline.batchSize
            pipeline.pollInterval = try node.seconds("poll_interval", in: 0.01...3_600) ?? pipeline.pollInterval
            pipeline.threadWindow = try node.seconds("thread_window", in: 0...30 * 86_400) ?? pipeline.threadWindow
            pipeline.gather = try node.seconds("gather", in: 0...10) ?? pipeline.gather
            pipeline.lease = try node.seconds("lease", in: 1...86_400) ?? pipeline.lease
            pipeline.maxAttempts = try node.int("max_attempts", in: 1...100) ?? pipeline.maxAttempts
            pipeline.busyShare = try node.double("busy_share", in: 0.05...1) ?? pipeline.busyShare
            try node.finish()
        }
        if let node = try root.section("classifier") {
            classifier.model = try node.string("model", nonEmpty: true)
            classifier.risk.products = try node.strings("products", droppingEmpty: true) ?? classifier.risk.products
            classifier.risk.competitors = try node.strings("competitors", droppingEmpty: true) ?? classifier.risk.competitors
            classifier.risk.highReachFollowers = try node.int("high_reach_followers", in: 1...1_000_000_000) ?? classifier.risk.highReachFollowers
            classifier.risk.influentialFollowers = try node.int("influential_followers", in: 1...1_000_000_000) ?? classifier.risk.influentialFollowers
            try node.finish()
        }
        if let node = try root.section("delivery") {
            delivery.enabled = try node.bool("enabled") ?? delivery.enabled
            delivery.batchSize = try node.int("batch_size", in: 1...1_000) ?? delivery.batchSize
            delivery.pollInterval = try node.seconds("poll_interval", in: 0.01...3_600) ?? delivery.pollInterval
            delivery.lease = try node.seconds("lease", in: 1...86_400) ?? delivery.lease
            delivery.baseDelay = try node.seconds("base_delay", in: 0.01...3_600) ?? delivery.baseDelay
            delivery.maxDelay = try node.seconds("max_delay", in: 0.01...86_400) ?? delivery.maxDelay
            delivery.maxAttempts = try node.int("max_attempts", in: 1...1_000) ?? delivery.maxAttempts
            delivery.timeout = try node.seconds("timeout", in: 0.1...300) ?? delivery.timeout
            delivery.deadLetterDestination = try node.string("dead_letter_destination", nonEmpty: true)
            if let rates = try node.section("rates") {
                for type in DestinationType.allCases {
                    if let text = try rates.string(type.rawValue) {
                        guard let value = Double(text), value > 0, value <= 10_000 else {
                            throw rates.error(type.rawValue, "must be messages per second, more than 0 (got '\(text)')")
                        }
                        delivery.rates[type.rawValue] = value
                    }
                }
                try rates.finish()
            }
            try node.finish()
        }
        if let node = try root.section("spikes") {
            spikes.enabled = try node.bool("enabled") ?? spikes.enabled
            spikes.window = try node.seconds("window", in: 60...7 * 86_400) ?? spikes.window
            spikes.baseline = try node.seconds("baseline", in: 60...90 * 86_400) ?? spikes.baseline
            spikes.minCount = try node.int("min_count", in: 1...1_000_000) ?? spikes.minCount
            if let text = try node.string("ratio") {
                guard let value = Double(text), value > 1, value <= 1_000 else { throw node.error("ratio", "must be a number above 1, such as 3 (got '\(text)')") }
                spikes.ratio = value
            }
            spikes.checkInterval = try node.seconds("check_interval", in: 1...86_400) ?? spikes.checkInterval
            spikes.cooldown = try node.seconds("cooldown", in: 0...30 * 86_400)
            spikes.topics = try node.bool("topics") ?? spikes.topics
            if spikes.baseline < spikes.window { throw node.error("baseline", "must be at least the window (\(Int(spikes.window))s)") }
            try node.finish()
        }
        if let node = try root.section("replies") {
            replies.templates = try node.string("templates", nonEmpty: true) ?? replies.templates
            replies.jargon = try node.string("jargon", nonEmpty: true) ?? replies.jargon
            replies.varietyWindow = try node.seconds("variety_window", in: 0...31_536_000) ?? replies.varietyWindow
            for key in Replies.valueKeys {
                if let value = try node.string(key, nonEmpty: true) { replies.values[key] = value }
            }
            try node.finish()
        }
        if let node = try root.section("api") {
            api.tokens = try node.strings("tokens", droppingEmpty: true, secret: true) ?? api.tokens
            try node.finish()
        }
        if let node = try root.section("log") {
            log.level = try node.choice("level", ["trace", "debug", "info", "notice", "warning", "error", "critical"]) ?? log.level
            try node.finish()
        }
        if let items = try root.list("destinations") {
            destinations = try items.map { (node) throws(ConfigurationError) -> Destination in
                guard let name = try node.string("name", nonEmpty: true) else { throw node.missing("name") }
                guard let type = try node.choice("type", DestinationType.self) else { throw node.missing("type") }
                let destination = Destination(
                    name: name, type: type, url: try node.url("url", secret: true), token: try node.string("token", nonEmpty: true, secret: true),
                    channel: try node.string("channel", nonEmpty: true), secret: try node.string("secret", nonEmpty: true, secret: true))
                if destination.secret != nil, type != .webhook { throw node.error("secret", "signs webhook destinations only (this one is \(type.rawValue))") }
                switch type {
                case .console: break
                case .slackBot:
                    if destination.token == nil { throw node.missing("token") }
                    if destination.channel == nil { throw node.missing("channel") }
                default:
                    if destination.url == nil { throw node.missing("url") }
                }
                try node.finish()
                return destination
            }
        }
        if let items = try root.list("routes") {
            routes = try Self.readRoutes(items, path: "routes")
        } else if !destinations.contains(where: { $0.name == "console" }) {
            routes = []
        }
        try root.finish()
    }

    /// Cross-key checks.
    func validate(file: String?) throws(ConfigurationError) {
        var seen = Set<String>()
        for (index, destination) in destinations.enumerated() {
            guard seen.insert(destination.name).inserted else {
                throw ConfigurationError(key: "destinations[\(index)].name", message: "'\(destination.name)' is used twice", file: file)
            }
        }
        try Self.validate(routes, destinations: seen, inherited: false, file: file)
        try Self.validateGrouping(routes, grouped: false, file: file)
        try validateApprovals(destinations: seen, file: file)
        if let name = sla.destination, !seen.contains(name) {
            throw ConfigurationError(key: "sla.destination", message: "no destination is named '\(name)' (known: \(seen.sorted().joined(separator: ", ")))", file: file)
        }
        if let name = oncall.destination, !seen.contains(name) {
            throw ConfigurationError(key: "oncall.destination", message: "no destination is named '\(name)' (known: \(seen.sorted().joined(separator: ", ")))", file: file)
        }
        let responders = Set(oncall.responders.map(\.name))
        if !responders.isEmpty {
            for (index, rotation) in oncall.schedule.rotations.enumerated() {
                for (position, name) in rotation.participants.enumerated() where !responders.contains(name) {
                    throw ConfigurationError(key: "oncall.rotations[\(index)].participants[\(position)]", message: "'\(name)' is not in oncall.responders", file: file)
                }
            }
            for (index, override) in oncall.schedule.overrides.enumerated() where !responders.contains(override.who) {
                throw ConfigurationError(key: "oncall.overrides[\(index)].who", message: "'\(override.who)' is not in oncall.responders", file: file)
            }
        }
        if let name = delivery.deadLetterDestination, !seen.contains(name) {
            throw ConfigurationError(key: "delivery.dead_letter_destination", message: "no destination is named '\(name)' (known: \(seen.sorted().joined(separator: ", ")))", file: file)
        }
    }
}

extension RiposteConfiguration {
    /// Reads a list of routes and, recursively, their children.
    static func readRoutes(_ items: [ConfigReader], path: String) throws(ConfigurationError) -> [RouteNode] {
        var nodes: [RouteNode] = []
        for (index, node) in items.enumerated() {
            let here = "\(path)[\(index)]"
            var match = RouteMatch()
            if let matcher = try node.section("match") {
                match.classifications = try matcher.choices("classification", Sentiment.self)
                match.priorities = try matcher.choices("priority", Priority.self)
                match.flags = try matcher.choices("flag", RiskFlagKind.self)
                match.authorTypes = try matcher.choices("author_type", AuthorType.self)
                match.sources = try matcher.values("source").map { Set($0.map { $0.lowercased() }) }
                match.languages = try matcher.values("language").map { Set($0.map { $0.lowercased() }) }
                match.brands = try matcher.values("brand").map { Set($0.map { $0.lowercased() }) }
                match.minFollowers = try matcher.int("min_followers", in: 0...1_000_000_000)
                match.window = try readWindow(matcher)
                try matcher.finish()
            }
            let children = try node.list("routes").map { (list) throws(ConfigurationError) in try readRoutes(list, path: "\(here).routes") } ?? []
            let destinations = try node.strings("destinations", droppingEmpty: true) ?? []
            if destinations.isEmpty, children.isEmpty, path == "routes" { throw node.missing("destinations") }
            nodes.append(RouteNode(
                path: here, match: match, destinations: destinations, escalation: try node.string("escalation", nonEmpty: true),
                continue: try node.bool("continue") ?? false, grouping: try readGrouping(node), children: children))
            try node.finish()
        }
        return nodes
    }

    /// `group_by` (labels, or `["..."]` for one message per mention), `group_wait`, `group_interval`, `repeat_interval`.
    static func readGrouping(_ node: ConfigReader) throws(ConfigurationError) -> GroupingRule {
        var rule = GroupingRule()
        if let written = try node.values("group_by") {
            if written == ["..."] {
                rule.perMention = true
            } else {
                var labels: [GroupLabel] = []
                for (index, item) in written.enumerated() {
                    guard let label = GroupLabel(rawValue: item.lowercased()) else {
                        throw node.error(
                            "group_by", "item \(index): '\(item)' is not a label (one of \(GroupLabel.allCases.map(\.rawValue).joined(separator: ", ")), or [\"...\"] for one message per mention)")
                    }
                    if !labels.contains(label) { labels.append(label) }
                }
                rule.labels = labels
            }
        }
        rule.wait = try node.seconds("group_wait", in: 0...86_400)
        rule.interval = try node.seconds("group_interval", in: 1...86_400)
        rule.repeatInterval = try node.seconds("repeat_interval", in: 60...30 * 86_400)
        return rule
    }

    /// `business_hours: true|false` with `time_zone`, `days` (`mon-fri` or a list) and `hours` (`09:00-18:00`).
    static func readWindow(_ matcher: ConfigReader, required: Bool = false) throws(ConfigurationError) -> TimeWindow? {
        guard let inside = required ? true : try matcher.bool("business_hours") else {
            for key in ["time_zone", "days", "hours"] where try matcher.values(key) != nil {
                throw matcher.error(key, "needs business_hours: true (inside the hours) or false (outside them)")
            }
            return nil
        }
        let zoneName = try matcher.string("time_zone", nonEmpty: true) ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else { throw matcher.error("time_zone", "'\(zoneName)' is not a time zone (e.g. Europe/Paris)") }
        let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        var days: Set<Int> = [1, 2, 3, 4, 5]
        if let written = try matcher.values("days") {
            days = []
            for item in written {
                let parts = item.lowercased().split(separator: "-").map(String.init)
                guard let first = parts.first.flatMap({ names[String($0.prefix(3))] }), let last = parts.last.flatMap({ names[String($0.prefix(3))] }), parts.count <= 2 else {
                    throw matcher.error("days", "'\(item)' is not a day or range such as mon-fri")
                }
                if first <= last { days.formUnion(first...last) } else { days.formUnion(first...7); days.formUnion(1...last) }
            }
        }
        var start = 9 * 60
        var end = 18 * 60
        if let hours = try matcher.string("hours", nonEmpty: true) {
            let parts = hours.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let open = clock(parts[0]), let close = clock(parts[1]), open < close else {
                throw matcher.error("hours", "'\(hours)' is not a range such as 09:00-18:00")
            }
            (start, end) = (open, close)
        }
        return TimeWindow(timeZone: zone, days: days, start: start, end: end, inside: inside)
    }

    private static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// Approver names are unique; policies name known approvers and roles; routes name known policies.
    func validateApprovals(destinations: Set<String>, file: String?) throws(ConfigurationError) {
        var names = Set<String>()
        for (index, approver) in approvers.enumerated() {
            // `|` separates the fields of signed approval tokens.
            if approver.name.contains("|") { throw ConfigurationError(key: "approvers[\(index)].name", message: "must not contain '|'", file: file) }
            guard names.insert(approver.name).inserted else {
                throw ConfigurationError(key: "approvers[\(index)].name", message: "'\(approver.name)' is listed twice", file: file)
            }
        }
        let roles = Set(approvers.map(\.role))
        var policies = Set<String>()
        for (index, policy) in escalationPolicies.enumerated() {
            if policy.name.contains("|") { throw ConfigurationError(key: "escalation_policies[\(index)].name", message: "must not contain '|'", file: file) }
            guard policies.insert(policy.name).inserted else {
                throw ConfigurationError(key: "escalation_policies[\(index)].name", message: "'\(policy.name)' is used twice", file: file)
            }
            for (position, level) in policy.levels.enumerated() {
                let here = "escalation_policies[\(index)].levels[\(position)]"
                for (item, name) in level.approvers.enumerated() where !names.contains(name) {
                    throw ConfigurationError(key: "\(here).approvers[\(item)]", message: "'\(name)' is not in the approver directory (approvers:)", file: file)
                }
                for (item, role) in level.roles.enumerated() where !roles.contains(role) {
                    throw ConfigurationError(key: "\(here).roles[\(item)]", message: "no approver has the role '\(role)' (known: \(roles.sorted().joined(separator: ", ")))", file: file)
                }
                if case .count(let count) = level.quorum, count > level.members(in: approvers).count {
                    throw ConfigurationError(key: "\(here).quorum", message: "needs \(count) approvals but the level has \(level.members(in: approvers).count) approvers", file: file)
                }
            }
        }
        func check(_ routes: [RouteNode]) throws(ConfigurationError) {
            for route in routes {
                if let name = route.escalation, !policies.contains(name) {
                    throw ConfigurationError(
                        key: "\(route.path).escalation", message: "no escalation policy is named '\(name)' (known: \(policies.sorted().joined(separator: ", ")))", file: file)
                }
                try check(route.children)
            }
        }
        try check(routes)
        if let name = approvals.publishDestination, !destinations.contains(name) {
            throw ConfigurationError(key: "approvals.publish_destination", message: "no destination is named '\(name)'", file: file)
        }
    }

    /// Grouping timings need labels, on the route or above it.
    static func validateGrouping(_ routes: [RouteNode], grouped: Bool, file: String?) throws(ConfigurationError) {
        for route in routes {
            let rule = route.grouping
            let hasLabels = !rule.perMention && (rule.labels != nil || grouped)
            if !hasLabels, !rule.perMention, rule.wait != nil || rule.interval != nil || rule.repeatInterval != nil {
                throw ConfigurationError(key: "\(route.path).group_by", message: "is required with group_wait, group_interval or repeat_interval (nothing above groups)", file: file)
            }
            try validateGrouping(route.children, grouped: hasLabels, file: file)
        }
    }

    /// Every destination a route names exists, and every route that can match has somewhere to go.
    static func validate(_ routes: [RouteNode], destinations: Set<String>, inherited: Bool, file: String?) throws(ConfigurationError) {
        for route in routes {
            for (position, name) in route.destinations.enumerated() where !destinations.contains(name) {
                throw ConfigurationError(
                    key: "\(route.path).destinations[\(position)]",
                    message: "no destination is named '\(name)' (known: \(destinations.sorted().joined(separator: ", ")))", file: file)
            }
            let has = inherited || !route.destinations.isEmpty
            if !has, route.children.isEmpty {
                throw ConfigurationError(key: "\(route.path).destinations", message: "is required (nothing above gives one)", file: file)
            }
            try validate(route.children, destinations: destinations, inherited: has, file: file)
        }
    }
}

/// Walks one YAML mapping, remembering which keys were read so the rest can be refused.
final class ConfigReader {
    let mapping: Node.Mapping
    let path: String
    let file: String?
    let environment: [String: String]
    private var consumed = Set<String>()

    init(_ node: Node, path: String, file: String?, environment: [String: String]) throws(ConfigurationError) {
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError(key: path, message: "must be a mapping of keys to values", file: file, line: node.mark?.line)
        }
        self.mapping = mapping
        self.path = path
        self.file = file
        self.environment = environment
    }

    private func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func node(_ name: String) -> Node? {
        consumed.insert(name)
        for (key, value) in mapping where key.string == name {
            if case .scalar(let scalar) = value, scalar.style == .plain, ["", "~", "null"].contains(scalar.string) {
                return nil
            }
            return value
        }
        return nil
    }

    func error(_ name: String, _ message: String, at node: Node? = nil) -> ConfigurationError {
        ConfigurationError(key: key(name), message: message, file: file, line: (node ?? self.node(name))?.mark?.line ?? mapping.mark?.line)
    }

    func missing(_ name: String) -> ConfigurationError {
        ConfigurationError(key: key(name), message: "is required", file: file, line: mapping.mark?.line)
    }

    func section(_ name: String) throws(ConfigurationError) -> ConfigReader? {
        guard let node = node(name) else { return nil }
        return try ConfigReader(node, path: key(name), file: file, environment: environment)
    }

    func list(_ name: String) throws(ConfigurationError) -> [ConfigReader]? {
        guard let node = node(name) else { return nil }
        guard case .sequence(let sequence) = node else { throw error(name, "must be a list", at: node) }
        var readers: [ConfigReader] = []
        for (index, element) in sequence.enumerated() {
            readers.append(try ConfigReader(element, path: "\(key(name))[\(index)]", file: file, environment: environment))
        }
        return readers
    }

    /// A scalar with `${ENV}` references resolved. A `secret` must come from the environment:
    /// a value written in the file itself is refused.
    func string(_ name: String, nonEmpty: Bool = false, secret: Bool = false) throws(ConfigurationError) -> String? {
        guard let node = node(name) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(name, "must be a single value, not a list or mapping", at: node) }
        if secret { try requireReference(scalar.string, name: name, node: node) }
        let value = try expand(scalar.string, name: name, node: node)
        if nonEmpty, value.isEmpty { return nil }
        return value
    }

    func strings(_ name: String, droppingEmpty: Bool, secret: Bool = false) throws(ConfigurationError) -> [String]? {
        guard let node = node(name) else { return nil }
        guard case .sequence(let sequence) = node else { throw error(name, "must be a list", at: node) }
        var values: [String] = []
        for (index, element) in sequence.enumerated() {
            guard case .scalar(let scalar) = element else {
                throw error("\(name)[\(index)]", "must be a single value", at: element)
            }
            if secret { try requireReference(scalar.string, name: "\(name)[\(index)]", node: element) }
            let value = try expand(scalar.string, name: "\(name)[\(index)]", node: element)
            if droppingEmpty, value.isEmpty { continue }
            values.append(value)
        }
        return values
    }

    /// A value that may be written as one scalar, a comma-separated scalar, or a list.
    func values(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let node = node(name) else { return nil }
        if case .scalar = node {
            return try string(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return try strings(name, droppingEmpty: true)
    }

    /// Like ``values(_:)``, each value one of an enumeration's.
    func choices<T: RawRepresentable & CaseIterable & Hashable>(_ name: String, _ type: T.Type) throws(ConfigurationError) -> Set<T>? where T.RawValue == String {
        guard let values = try values(name) else { return nil }
        var result = Set<T>()
        for value in values {
            guard let parsed = T(rawValue: value) else {
                throw error(name, "'\(value)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(parsed)
        }
        return result
    }

    /// A list of scalars with the 1-based line of each (for messages that point at one item).
    func stringsWithLines(_ name: String) throws(ConfigurationError) -> [(value: String, line: Int?)]? {
        guard let node = node(name) else { return nil }
        guard case .sequence(let sequence) = node else { throw error(name, "must be a list", at: node) }
        var values: [(value: String, line: Int?)] = []
        for (index, element) in sequence.enumerated() {
            guard case .scalar(let scalar) = element else {
                throw error("\(name)[\(index)]", "must be a single value", at: element)
            }
            values.append((scalar.string, element.mark?.line))
        }
        return values
    }

    /// The 1-based line of this mapping.
    var line: Int? { mapping.mark?.line }

    func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = try string(name) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            throw error(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
        }
        return value
    }

    /// A number (a share, a ratio) within a range.
    func double(_ name: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let text = try string(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw error(name, "must be a number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
        }
        return value
    }

    func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let text = try string(name) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(name, "must be true or false (got '\(text)')")
        }
    }

    /// A duration: a number of seconds, or a number with a unit (`250ms`, `30s`, `15m`, `2h`).
    func seconds(_ name: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let text = try string(name) else { return nil }
        guard let value = Self.parseDuration(text), range.contains(value) else {
            throw error(name, "must be a duration such as 500ms, 30s, 15m or 2h, between \(range.lowerBound)s and \(range.upperBound)s (got '\(text)')")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(ConfigurationError) -> T? where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw error(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(text)')")
        }
        return value
    }

    func choice(_ name: String, _ allowed: [String]) throws(ConfigurationError) -> String? {
        guard let text = try string(name) else { return nil }
        guard allowed.contains(text) else {
            throw error(name, "must be one of \(allowed.joined(separator: ", ")) (got '\(text)')")
        }
        return text
    }

    func url(_ name: String, secret: Bool = false) throws(ConfigurationError) -> String? {
        guard let text = try string(name, nonEmpty: true, secret: secret) else { return nil }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), let url = URL(string: text), url.host != nil else {
            // Never echo the value: URLs here are usually secrets.
            throw error(name, "must be an absolute http(s) URL")
        }
        return text
    }

    /// Refuses keys that nothing read.
    func finish() throws(ConfigurationError) {
        for (keyNode, _) in mapping {
            guard let name = keyNode.string, consumed.contains(name) else {
                let name = keyNode.string ?? "?"
                throw ConfigurationError(
                    key: key(name), message: "unknown key (known here: \(consumed.sorted().joined(separator: ", ")))",
                    file: file, line: keyNode.mark?.line)
            }
        }
    }

    private func requireReference(_ text: String, name: String, node: Node) throws(ConfigurationError) {
        guard text.contains("${") else {
            // Never echo the value.
            throw error(name, "is a secret: reference an environment variable such as \"${RIPOSTE_SECRET}\" instead of writing the value in the file", at: node)
        }
    }

    private func expand(_ text: String, name: String, node: Node) throws(ConfigurationError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw error(name, "has an unterminated ${…} reference", at: node)
            }
            let reference = rest[start.upperBound..<end]
            let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let variable = String(parts[0])
            guard !variable.isEmpty, variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw error(name, "has an invalid environment reference ${\(reference)}", at: node)
            }
            if let value = environment[variable], !value.isEmpty {
                result += value
            } else if parts.count == 2 {
                result += parts[1]
            } else {
                throw error(name, "refers to the environment variable \(variable), which is not set", at: node)
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            return Double(trimmed.dropLast(suffix.count)).map { $0 * scale }
        }
        return Double(trimmed)
    }
}
