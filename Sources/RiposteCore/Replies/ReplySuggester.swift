import Foundation

/// A reply the team sent (or was suggested) recently: what variety is measured against.
public struct RecentReply: Sendable, Equatable {
    /// ``ReplyTemplate/variantKey(_:)``.
    public var variantKey: String
    /// The author it went to (`source:handle`), if known.
    public var author: String?
    /// The thread it went to, if known.
    public var thread: String?
    /// When.
    public var at: Date

    /// Creates a record.
    public init(variantKey: String, author: String?, thread: String?, at: Date) {
        self.variantKey = variantKey
        self.author = author
        self.thread = thread
        self.at = at
    }
}

/// Recent replies indexed for the suggester: which variants each author and thread got and when,
/// and when the team last used each variant. Appending and looking up are O(1), so a batch of
/// thousands of mentions does not re-scan the history for each one.
public struct ReplyHistory: Sendable {
    private var byAuthor: [String: [String: Date]] = [:]
    private var byThread: [String: [String: Date]] = [:]
    private var lastUsed: [String: Date] = [:]

    /// An empty history.
    public init() {}

    /// A history of these replies.
    public init(_ replies: [RecentReply]) {
        for reply in replies { append(reply) }
    }

    /// Adds a reply.
    public mutating func append(_ reply: RecentReply) {
        lastUsed[reply.variantKey] = max(lastUsed[reply.variantKey] ?? .distantPast, reply.at)
        if let author = reply.author { byAuthor[author, default: [:]][reply.variantKey] = max(byAuthor[author]?[reply.variantKey] ?? .distantPast, reply.at) }
        if let thread = reply.thread { byThread[thread, default: [:]][reply.variantKey] = max(byThread[thread]?[reply.variantKey] ?? .distantPast, reply.at) }
    }

    /// When the team last used a variant.
    func lastUse(of variantKey: String) -> Date? {
        lastUsed[variantKey]
    }

    /// The variants this author or thread got since `since`.
    func blocked(author: String?, thread: String?, since: Date) -> Set<String> {
        var keys = Set<String>()
        for history in [author.flatMap { byAuthor[$0] }, thread.flatMap { byThread[$0] }] {
            for (key, at) in history ?? [:] where at >= since { keys.insert(key) }
        }
        return keys
    }
}

/// One suggested reply.
public struct ReplySuggestion: Sendable, Equatable, Codable {
    /// The template.
    public var templateID: String
    /// Its locale.
    public var locale: String
    /// Which variant (0-based).
    public var variant: Int
    /// ``ReplyTemplate/variantKey(_:)``, for variety records.
    public var variantKey: String
    /// The rendered reply.
    public var text: String
    /// Its length as the platform counts it, and the platform's limit.
    public var length: Int
    /// The platform's limit.
    public var limit: Int
    /// The ranking score.
    public var score: Double
    /// Why it was chosen.
    public var reasons: [String]
    /// Whether an approver must sign it off.
    public var requiresApproval: Bool
    /// The review that approved the template.
    public var reviewReference: String?

    /// Spelled out, so the stored JSON reads back whatever key strategy an encoder used.
    enum CodingKeys: String, CodingKey {
        case locale, variant, text, length, limit, score, reasons
        case templateID = "template_id"
        case variantKey = "variant_key"
        case requiresApproval = "requires_approval"
        case reviewReference = "review_reference"
    }
}

/// What the suggester needs to know about one mention.
public struct SuggestionRequest: Sendable {
    /// The mention's text.
    public var text: String
    /// Its classification.
    public var classification: MentionClassification
    /// Where the reply would go.
    public var platform: ReplyPlatform
    /// The author (`source:handle`) and thread, for variety.
    public var author: String?
    /// The thread key.
    public var thread: String?
    /// Values for the templates (author's first name, case reference, brand settings…).
    public var variables: ReplyVariables

    /// Creates a request.
    public init(text: String, classification: MentionClassification, platform: ReplyPlatform, author: String? = nil, thread: String? = nil, variables: ReplyVariables = ReplyVariables()) {
        self.text = text
        self.classification = classification
        self.platform = platform
        self.author = author
        self.thread = thread
        self.variables = variables
    }
}

/// Ranks the library's templates for a mention: the top suggestions, each with its reasons.
///
/// Hard rules first: a reviewed, unexpired template in the mention's language; on an adverse event,
/// only adverse-event templates; a template written for flags only on a mention with one of them;
/// its sentiments, author types and channels when it names them; a variant that fits the platform
/// (a shorter variant is chosen rather than cutting one). Then scoring on intent, sentiment, author
/// type and channel, and variety: never a variant the same author or thread got within the
/// window, and the team's least recently used variant first.
public struct ReplySuggester: Sendable {
    /// The library.
    public let library: TemplateLibrary
    /// How long a variant is not repeated to the same author or thread.
    public var varietyWindow: TimeInterval
    private let detector = IntentDetector()

    /// Creates a suggester.
    public init(library: TemplateLibrary, varietyWindow: TimeInterval = 30 * 86_400) {
        self.library = library
        self.varietyWindow = varietyWindow
    }

    /// The language replies are written in: the mention's when the library has it, else English.
    public static func replyLocale(for language: String) -> String {
        language == "fr" ? "fr" : "en"
    }

    /// The top suggestions for a mention.
    /// - Parameters:
    ///   - request: The mention.
    ///   - recent: Replies sent or suggested recently (any order).
    ///   - now: The current time (for review expiry and the variety window).
    ///   - limit: How many suggestions.
    public func suggest(_ request: SuggestionRequest, recent: [RecentReply], now: Date, limit: Int = 3) -> [ReplySuggestion] {
        suggest(request, history: ReplyHistory(recent), now: now, limit: limit)
    }

    /// The top suggestions for a mention, against an indexed history.
    public func suggest(_ request: SuggestionRequest, history: ReplyHistory, now: Date, limit: Int = 3) -> [ReplySuggestion] {
        let classification = request.classification
        let risk = classification.risk
        let locale = Self.replyLocale(for: classification.sentiment.language)
        let intents = detector.intents(of: SocialText(request.text), classification: classification)
        let today = Self.day(now)
        let blocked = history.blocked(author: request.author, thread: request.thread, since: now.addingTimeInterval(-varietyWindow))
        let mentionFlags = Set(risk.flags.map(\.kind))
        var candidates: [ReplySuggestion] = []
        for template in library.templates where template.locale == locale {
            guard let review = template.review, review.isValid(on: today) else { continue }
            // An adverse event gets only the acknowledgement, except that an emergency may also get
            // the crisis reply ("his tongue is swelling, what do I do").
            let emergencyReply = mentionFlags.contains(.urgent) && template.intents.contains { $0 == .crisis || $0 == .selfHarm }
            if mentionFlags.contains(.adverseEvent), !template.flags.contains(.adverseEvent), !emergencyReply { continue }
            // A post with a serious flag never gets a general-purpose reply (praise, service, neutral).
            if template.flags.isEmpty, !mentionFlags.isDisjoint(with: Self.seriousFlags) { continue }
            if mentionFlags.contains(.harassment), !template.intents.contains(.hostile) { continue }
            if !template.flags.isEmpty, mentionFlags.isDisjoint(with: template.flags) { continue }
            if !template.sentiments.isEmpty, !template.sentiments.contains(classification.sentiment.label) { continue }
            if !template.authorTypes.isEmpty, !template.authorTypes.contains(risk.author.type) { continue }
            if !template.channels.isEmpty, !template.channels.contains(request.platform.rawValue) { continue }
            guard let match = intents.first(where: { template.intents.contains($0.intent) }) else { continue }
            var score = match.score
            var reasons = ["intent \(match.intent.rawValue): \(match.reason)"]
            if template.sentiments.contains(classification.sentiment.label) {
                score += 0.1
                reasons.append("written for \(classification.sentiment.label.rawValue) mentions")
            }
            if template.authorTypes.contains(risk.author.type) {
                score += 0.15
                reasons.append("written for \(risk.author.type.rawValue) authors")
            }
            if template.channels.contains(request.platform.rawValue) {
                score += 0.05
                reasons.append("written for \(request.platform.rawValue)")
            }
            if !template.flags.isEmpty {
                score += 0.1
                reasons.append("addresses \(template.flags.filter { mentionFlags.contains($0) }.map(\.rawValue).joined(separator: ", "))")
            }
            guard let chosen = chooseVariant(template, request: request, blocked: blocked, history: history) else { continue }
            reasons.append(chosen.reason)
            reasons.append("\(locale == "fr" ? "French" : "English"), like the mention; review \(review.reference) valid until \(review.expiresOn)")
            candidates.append(ReplySuggestion(
                templateID: template.id, locale: template.locale, variant: chosen.index, variantKey: template.variantKey(chosen.index),
                text: chosen.text, length: request.platform.length(of: chosen.text), limit: request.platform.limit,
                score: (score * 1000).rounded() / 1000, reasons: reasons, requiresApproval: template.requiresApproval,
                reviewReference: review.reference
            ))
        }
        candidates.sort { ($0.score, $1.templateID) > ($1.score, $0.templateID) }
        return Array(candidates.prefix(limit))
    }

    /// The variant to use: one that fits the platform and that this author or thread has not had
    /// within the window; among those, the team's least recently used, then a stable pick per
    /// author so that a burst of similar mentions does not get one wording.
    private func chooseVariant(_ template: ReplyTemplate, request: SuggestionRequest, blocked: Set<String>, history: ReplyHistory) -> (index: Int, text: String, reason: String)? {
        // Order: the team's least recently used first; among equals, a stable pick per author so
        // that a burst of similar mentions does not get one wording. Render in that order and take
        // the first that fits the platform (a shorter variant rather than a cut one).
        let seed = Self.stableHash(request.author ?? request.text)
        let keys = template.variants.indices.map { template.variantKey($0) }
        let open = template.variants.indices.filter { !blocked.contains(keys[$0]) }
        let rotation = open.isEmpty ? 0 : Int(seed % UInt64(open.count))
        // Each variant's last use, looked up once rather than in every comparison of the sort.
        let lastUse = open.map { history.lastUse(of: keys[$0]) }
        let ordered = open.indices.sorted { left, right in
            let leftUsed = lastUse[left] ?? .distantPast
            let rightUsed = lastUse[right] ?? .distantPast
            if leftUsed != rightUsed { return leftUsed < rightUsed }
            let count = open.count
            return (left - rotation + count) % count < (right - rotation + count) % count
        }.map { open[$0] }
        var tooLong = 0
        for index in ordered {
            guard let text = library.render(template, variant: index, variables: request.variables) else { continue }
            guard request.platform.fits(text) else {
                tooLong += 1
                continue
            }
            let skipped = template.variants.count - open.count
            var notes: [String] = []
            if skipped > 0 { notes.append("\(skipped) already sent to this author or thread") }
            if tooLong > 0 { notes.append("\(tooLong) too long for \(request.platform.rawValue)") }
            let used = history.lastUse(of: keys[index]) == nil ? "not used recently" : "the team's least recently used"
            return (index, text, "variant \(index + 1) of \(template.variants.count), \(used)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        }
        return nil
    }

    /// Flags whose posts get only templates written for a flag.
    static let seriousFlags: Set<RiskFlagKind> = [.urgent, .legalThreat, .adverseEvent, .harassment]

    static func stableHash(_ text: String) -> UInt64 {
        var hash = FNV.offset
        for scalar in text.unicodeScalars { hash = FNV.mix(hash, scalar.value) }
        return FNV.finish(hash)
    }

    static func day(_ date: Date) -> String {
        RFC3339.format(date).prefix(10).description
    }
}
