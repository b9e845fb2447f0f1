import Foundation

/// The conditions of a route; every condition given must hold (a list means any of its values).
public struct RouteMatch: Sendable, Equatable {
    /// Sentiments.
    public var classifications: Set<Sentiment>?
    /// Priorities.
    public var priorities: Set<Priority>?
    /// Risk flags: the mention must carry at least one.
    public var flags: Set<RiskFlagKind>?
    /// Author types.
    public var authorTypes: Set<AuthorType>?
    /// Sources (`x`, `meltwater`…).
    public var sources: Set<String>?
    /// Languages (ISO 639-1).
    public var languages: Set<String>?
    /// Brands, compared without case.
    public var brands: Set<String>?
    /// The author's reach, at least.
    public var minFollowers: Int?
    /// When the route applies.
    public var window: TimeWindow?

    /// Matches everything.
    public init() {}

    /// Whether nothing is required.
    public var isEmpty: Bool {
        self == RouteMatch()
    }
}

/// A weekly window in a time zone (`business_hours`): days and a time range.
public struct TimeWindow: Sendable, Equatable {
    /// The zone the hours are in (`Europe/Paris`).
    public var timeZone: TimeZone
    /// ISO weekdays: 1 = Monday … 7 = Sunday.
    public var days: Set<Int>
    /// Minutes after midnight the window opens.
    public var start: Int
    /// Minutes after midnight it closes (exclusive).
    public var end: Int
    /// `true`: the route applies inside the window; `false`: outside it (after-hours routes).
    public var inside: Bool

    /// Creates a window.
    public init(timeZone: TimeZone, days: Set<Int>, start: Int, end: Int, inside: Bool) {
        self.timeZone = timeZone
        self.days = days
        self.start = start
        self.end = end
        self.inside = inside
    }

    /// Whether `date` is in the window (taking `inside` into account).
    public func admits(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1  // Gregorian 1 = Sunday → ISO 7
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let within = days.contains(weekday) && minute >= start && minute < end
        return within == inside
    }

    /// A short description (`Mon–Fri 09:00–18:00 Europe/Paris`).
    public var description: String {
        let names = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let dayText = days.sorted().map { names[$0] }.joined(separator: ",")
        func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        return "\(inside ? "" : "outside ")\(dayText) \(clock(start))–\(clock(end)) \(timeZone.identifier)"
    }
}

/// What routing looks at for one mention.
public struct RoutingFacts: Sendable {
    /// The classification.
    public var classification: MentionClassification
    /// The mention's source.
    public var source: String
    /// The brand it is filed under.
    public var brand: String?
    /// The author's followers.
    public var followers: Int?
    /// When (for time windows).
    public var at: Date

    /// Creates facts.
    public init(classification: MentionClassification, source: String, brand: String?, followers: Int?, at: Date) {
        self.classification = classification
        self.source = source
        self.brand = brand
        self.followers = followers
        self.at = at
    }
}

extension RouteMatch {
    /// Why the facts match, one reason per condition, or `nil` when a condition fails.
    public func reasons(for facts: RoutingFacts) -> [String]? {
        let classification = facts.classification
        var reasons: [String] = []
        if let classifications {
            guard classifications.contains(classification.sentiment.label) else { return nil }
            reasons.append("classification is \(classification.sentiment.label.rawValue)")
        }
        if let priorities {
            guard priorities.contains(classification.priority) else { return nil }
            reasons.append("priority is \(classification.priority.rawValue)")
        }
        if let flags {
            let raised = classification.risk.flags.map(\.kind).filter { flags.contains($0) }
            guard !raised.isEmpty else { return nil }
            reasons.append("flag \(raised.map(\.rawValue).joined(separator: ", "))")
        }
        if let authorTypes {
            guard authorTypes.contains(classification.risk.author.type) else { return nil }
            reasons.append("author is \(classification.risk.author.type.rawValue)")
        }
        if let sources {
            guard sources.contains(facts.source) else { return nil }
            reasons.append("source is \(facts.source)")
        }
        if let languages {
            guard languages.contains(classification.sentiment.language) else { return nil }
            reasons.append("language is \(classification.sentiment.language)")
        }
        if let brands {
            guard let brand = facts.brand, brands.contains(brand.lowercased()) else { return nil }
            reasons.append("brand is \(brand)")
        }
        if let minFollowers {
            guard let followers = facts.followers, followers >= minFollowers else { return nil }
            reasons.append("\(followers) followers ≥ \(minFollowers)")
        }
        if let window {
            guard window.admits(facts.at) else { return nil }
            reasons.append("time is \(window.description)")
        }
        return reasons.isEmpty ? ["matches everything"] : reasons
    }
}
