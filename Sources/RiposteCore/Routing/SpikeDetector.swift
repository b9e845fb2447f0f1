import Foundation

/// One unsupportive mention as spike detection sees it.
public struct SpikeMention: Sendable, Equatable, Codable {
    /// Riposte's id, the author's handle and the text.
    public var mentionID: String
    public var handle: String?
    public var text: String

    /// Creates one.
    public init(mentionID: String, handle: String?, text: String) {
        self.mentionID = mentionID
        self.handle = handle
        self.text = text
    }
}

/// Unsupportive volume well above its baseline: for a brand, or for a topic (a term) within it.
public struct Spike: Sendable, Equatable, Codable {
    /// The brand (`""` for mentions filed under none).
    public var brand: String
    /// The term, for a topic spike; `nil` for the brand as a whole.
    public var topic: String?
    /// Unsupportive mentions in the recent window, and in the baseline window.
    public var recentCount: Int
    public var baselineCount: Int
    /// What the baseline rate predicts for a window, and the recent count over it.
    public var expected: Double
    public var ratio: Double
    /// The windows, in seconds.
    public var window: Double
    public var baseline: Double
    /// A few recent mentions.
    public var examples: [SpikeMention]
    /// The terms most over-represented in the recent window, with their counts there.
    public var topTerms: [String]
    /// The priority of the alert: P1 when the volume is twice the threshold ratio and three times the minimum count.
    public var priority: Priority

    /// `brand` or `brand / "term"`, for people.
    public var subject: String {
        let name = brand.isEmpty ? "(no brand)" : brand
        return topic.map { "\(name) / “\($0)”" } ?? name
    }

    /// The alert for this spike.
    public func content(key: String) -> AlertContent {
        let window = Self.duration(self.window)
        let title = "\(priority.rawValue) · spike · \(subject): \(recentCount) unsupportive mentions in the last \(window) (\(String(format: "%.1f", ratio))× usual)"
        let examples = self.examples.prefix(5).map { "\($0.handle.map { "@" + $0 } ?? "someone"): \(AlertContent.cut($0.text, to: 200))" }
        return AlertContent(
            key: key, title: title,
            text: examples.first ?? "",
            author: "Riposte spike detection",
            label: "\(recentCount) in the last \(window) vs \(baselineCount) in the \(Self.duration(baseline)) before (\(String(format: "%.1f", expected)) expected per \(window))",
            flags: topTerms.isEmpty ? [] : ["top terms: " + topTerms.joined(separator: ", ")],
            more: Array(examples.dropFirst()))
    }

    /// What routing sees of a spike: an unsupportive alert with the `spike` flag, from source `riposte`.
    public func routingFacts(at date: Date) -> RoutingFacts {
        let sentiment = SentimentResult(
            label: .unsupportive, confidence: 1, probabilities: [.unsupportive: 1, .neutral: 0, .supportive: 0], language: "und", evidence: [])
        let risk = RiskAssessment(
            flags: [RiskFlag(kind: .spike, evidence: topTerms, detail: topic)], adverseEvent: nil,
            author: AuthorAssessment(type: .regular, evidence: [], influential: false))
        let classification = MentionClassification(
            sentiment: sentiment, modelVersion: "spike", risk: risk, priority: priority,
            priorityRule: "spike: \(recentCount) unsupportive in \(Self.duration(window)), \(String(format: "%.1f", ratio))× the baseline")
        return RoutingFacts(classification: classification, source: "riposte", brand: brand.isEmpty ? nil : brand, followers: nil, at: date)
    }

    static func duration(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return seconds == 3600 ? "hour" : "\(Int(seconds / 3600)) hours" }
        if seconds >= 60 { return "\(Int(seconds / 60)) min" }
        return "\(Int(seconds)) s"
    }
}

/// Early warning: unsupportive volume per brand in a recent window against the rate of a longer
/// baseline window before it (by default the last hour against the 12 hours before), with a
/// minimum count so a handful of posts on a quiet brand is not a spike. Within a brand that is
/// not spiking as a whole, a term (a topic) whose own volume spikes is reported too.
public struct SpikeDetector: Sendable {
    /// The settings (`spikes:` in the configuration).
    public let settings: RiposteConfiguration.Spikes

    /// Creates a detector.
    public init(settings: RiposteConfiguration.Spikes) {
        self.settings = settings
    }

    /// The spikes of one brand.
    /// - Parameters:
    ///   - recent: The recent window's unsupportive mentions (all of them, or the newest when there are very many).
    ///   - recentCount: How many there are in all.
    ///   - baseline: A sample of the baseline window's unsupportive mentions.
    ///   - baselineCount: How many the baseline window has in all.
    public func spikes(brand: String, recent: [SpikeMention], recentCount: Int, baseline: [SpikeMention], baselineCount: Int) -> [Spike] {
        let scale = settings.window / settings.baseline
        let expected = Double(baselineCount) * scale
        let ratio = Double(recentCount) / max(expected, 1)
        let brandWords = Set(Self.terms(brand))
        let recentTerms = Self.documentFrequencies(recent, skipping: brandWords)
        let baselineTerms = Self.documentFrequencies(baseline, skipping: brandWords)
        // Baseline term counts, scaled from the sample to the whole window, then to one recent window.
        let sampleScale = baseline.isEmpty ? 0 : Double(baselineCount) / Double(baseline.count)
        let recentScale = recent.isEmpty ? 0 : Double(recentCount) / Double(recent.count)
        var ranked: [TermLift] = []
        for (term, documents) in recentTerms {
            let count = Int((Double(documents) * recentScale).rounded())
            guard count >= 2 else { continue }
            let termExpected = Double(baselineTerms[term] ?? 0) * sampleScale * scale
            ranked.append(TermLift(term: term, count: count, expected: termExpected, ratio: Double(count) / max(termExpected, 1)))
        }
        ranked.sort { ($0.score, $1.term) > ($1.score, $0.term) }
        let topTerms = ranked.prefix(8).map { "\($0.term) (\($0.count))" }
        func spike(topic: String?, count: Int, expected: Double, ratio: Double, examples: [SpikeMention]) -> Spike {
            let severe = ratio >= settings.ratio * 2 && count >= settings.minCount * 3
            return Spike(
                brand: brand, topic: topic, recentCount: count, baselineCount: topic == nil ? baselineCount : Int((expected / scale).rounded()),
                expected: expected, ratio: ratio, window: settings.window, baseline: settings.baseline, examples: Array(examples.prefix(5)),
                topTerms: topTerms, priority: severe ? .p1 : .p2)
        }
        if recentCount >= settings.minCount, ratio >= settings.ratio {
            return [spike(topic: nil, count: recentCount, expected: expected, ratio: ratio, examples: recent)]
        }
        guard settings.topics else { return [] }
        return ranked.filter { $0.count >= settings.minCount && $0.ratio >= settings.ratio }.prefix(3).map { lift in
            spike(topic: lift.term, count: lift.count, expected: lift.expected, ratio: lift.ratio, examples: recent.filter { Self.terms($0.text).contains(lift.term) })
        }
    }

    /// A term's recent count against what the baseline predicts.
    struct TermLift {
        var term: String
        var count: Int
        var expected: Double
        var ratio: Double
        var score: Double { ratio * Double(count) }
    }

    /// In how many mentions each term appears.
    static func documentFrequencies(_ mentions: [SpikeMention], skipping: Set<String>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for mention in mentions {
            for term in Set(terms(mention.text)) where !skipping.contains(term) { counts[term, default: 0] += 1 }
        }
        return counts
    }

    /// The content words of a text: lowercased, hashtags kept with their `#`, links, mentions,
    /// numbers, short words and English and French function words dropped.
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        for raw in text.lowercased().split(whereSeparator: { $0.isWhitespace }) {
            if raw.hasPrefix("http") || raw.hasPrefix("@") || raw.hasPrefix("www.") { continue }
            let hashtag = raw.hasPrefix("#")
            let word = String(raw.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed())
            let core = word.split(separator: "'").last.map(String.init) ?? word  // l'effet → effet
            guard core.count >= 3, core.contains(where: \.isLetter), !stopwords.contains(core) else { continue }
            terms.append(hashtag ? "#" + core : core)
        }
        return terms
    }

    static let stopwords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "your", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "have",
        "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "got", "let", "say", "she", "too", "use",
        "this", "that", "with", "from", "they", "them", "then", "than", "there", "their", "what", "when", "where", "which", "while", "will",
        "would", "could", "should", "been", "being", "were", "just", "about", "into", "over", "after", "before", "again", "very", "only",
        "also", "some", "more", "most", "such", "even", "much", "many", "still", "because", "does", "doing", "done", "here", "well", "really",
        "don't", "dont", "can't", "cant", "won't", "didn't", "isn't", "i'm", "it's", "amp", "via", "why", "yet", "off", "own", "same", "each",
        "les", "des", "une", "est", "pas", "que", "qui", "dans", "pour", "par", "sur", "avec", "sont", "mais", "plus", "tout", "tous", "cette",
        "ces", "son", "ses", "aux", "nous", "vous", "ils", "elle", "elles", "leur", "leurs", "été", "être", "avoir", "fait", "comme", "encore",
        "très", "rien", "moi", "toi", "lui", "mes", "tes", "nos", "vos", "ça", "cela", "car", "donc", "quand", "où", "sans", "chez", "depuis",
    ]
}
