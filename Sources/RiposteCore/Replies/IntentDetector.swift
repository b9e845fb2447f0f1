/// One intent read from a mention, with how sure and why.
public struct IntentScore: Sendable, Equatable, Codable {
    /// The intent.
    public var intent: ReplyIntent
    /// From 0 to 1.
    public var score: Double
    /// What showed it.
    public var reason: String
}

/// Infers what a mention asks of the team from its words, flags, sentiment and author.
public struct IntentDetector: Sendable {
    private let access = PhraseMatcher([
        "price", "prices", "cost", "costs", "expensive", "afford", "can't afford", "insurance", "insurer", "coverage", "covered",
        "copay", "co-pay", "deductible", "shortage", "out of stock", "back order", "backorder", "backordered", "can't find", "can't get",
        "pharmacy", "pharmacies", "refill", "prior authorization", "denied", "prix", "cher", "chère", "trop cher", "remboursé",
        "remboursement", "mutuelle", "sécu", "rupture", "rupture de stock", "pénurie", "introuvable", "pharmacie", "pharmacies",
    ])
    private let service = PhraseMatcher([
        "customer service", "customer support", "support", "on hold", "hold", "no answer", "nobody answers", "no one answers",
        "nobody responds", "no response", "waiting", "waited", "rude", "call center", "helpline", "hotline", "hung up", "ignored",
        "ghosted", "service client", "service clients", "attente", "personne ne répond", "aucune réponse", "sans réponse", "injoignable",
        "raccroché", "hotline",
    ])
    private let questions = PhraseMatcher([
        "can i", "can you", "could i", "should i", "is it", "is it safe", "does it", "do i", "how do", "how long", "how much", "where can",
        "what is", "what's", "when will", "any side effects", "est-ce que", "est-ce", "puis-je", "peut-on", "dois-je", "comment", "combien",
        "où", "quand", "faut-il",
    ])
    private let offLabel = PhraseMatcher([
        "off label", "off-label", "pregnant", "pregnancy", "breastfeeding", "my kid", "my child", "my son", "my daughter", "my dog",
        "my cat", "with alcohol", "drink alcohol", "crush", "split the", "double dose", "double the dose", "instead of", "for weight loss",
        "for anxiety", "for sleep", "higher dose", "stop taking", "mix with", "hors amm", "enceinte", "allaitement", "mon enfant",
        "mon fils", "ma fille", "alcool", "écraser", "doubler la dose", "au lieu de", "pour maigrir", "arrêter",
    ])
    private let story = PhraseMatcher([
        "changed my life", "saved my life", "my life", "diagnosed", "years", "since i started", "thanks to", "because of you",
        "back to", "finally", "journey", "grâce à", "ma vie", "sauvé la vie", "diagnostiqué", "diagnostiquée", "depuis que", "enfin",
        "ans",
    ])
    private let press = PhraseMatcher([
        "comment", "statement", "interview", "press", "story", "article", "reporting", "deadline", "on the record", "reach out",
        "commentaire", "déclaration", "interview", "article", "enquête", "presse",
    ])

    /// Creates a detector.
    public init() {}

    /// The intents of a mention, most likely first.
    public func intents(of text: SocialText, classification: MentionClassification) -> [IntentScore] {
        var scores: [ReplyIntent: (Double, String)] = [:]
        func add(_ intent: ReplyIntent, _ score: Double, _ reason: String) {
            if (scores[intent]?.0 ?? 0) < score { scores[intent] = (score, reason) }
        }
        let risk = classification.risk
        let sentiment = classification.sentiment.label
        if let flag = risk.flag(.adverseEvent) { add(.adverseEvent, 1.0, "adverse_event flag (\(flag.evidence.prefix(2).joined(separator: ", ")))") }
        // Self-harm outranks everything and has its own replies (a crisis line, never "we're
        // investigating"). A medical emergency outranks everything too, unless the post is also an
        // adverse-event report (often told after the fact: "she couldn't breathe"), which keeps
        // the acknowledgement first and the emergency reply second.
        if let flag = risk.flag(.urgent) {
            let reason = "urgent flag (\(flag.detail ?? "")): \(flag.evidence.first ?? "")"
            switch flag.detail {
            case "self_harm": add(.selfHarm, 1.1, reason)
            case "medical_emergency": add(.crisis, risk.has(.adverseEvent) ? 0.99 : 1.05, reason)
            default: add(.crisis, 0.95, reason)
            }
        }
        if let flag = risk.flag(.legalThreat) { add(.legalThreat, 0.9, "legal_threat flag (\(flag.evidence.first ?? ""))") }
        if let flag = risk.flag(.harassment) { add(.hostile, 0.9, "harassment flag (\(flag.evidence.first ?? ""))") }
        if risk.has(.profanity), sentiment == .unsupportive { add(.hostile, 0.6, "profanity in an unsupportive post") }
        if let flag = risk.flag(.misinformationCue) { add(.misinformation, 0.85, "misinformation cue (\(flag.evidence.first ?? ""))") }
        let asks = !Self.phrases(questions.matches(in: text, allowNegated: true)).isEmpty || text.tokens.contains { $0.text.hasPrefix("?") }
        switch risk.author.type {
        case .journalist:
            let cue = Self.phrases(press.matches(in: text, allowNegated: true)).first
            add(.mediaInquiry, cue != nil || asks ? 0.85 : 0.7, "author is a journalist" + (cue.map { " asking for \"\($0)\"" } ?? ""))
        case .healthcareProfessional where asks:
            add(.hcpInquiry, 0.85, "a healthcare professional asks a question")
        default:
            break
        }
        let offLabelCue = Self.phrases(offLabel.matches(in: text, allowNegated: true)).first
        if asks, let offLabelCue { add(.offLabelQuestion, 0.8, "question outside the approved use (\"\(offLabelCue)\")") }
        if asks, offLabelCue == nil { add(.productQuestion, 0.65, "a question about the product") }
        if let cue = Self.phrases(access.matches(in: text, allowNegated: true)).first, sentiment != .supportive {
            // Above a plain question: "where is my medicine??" about a shortage is a complaint.
            add(.accessComplaint, sentiment == .unsupportive ? 0.8 : 0.7, "access, price or supply (\"\(cue)\")")
        }
        if let cue = Self.phrases(service.matches(in: text, allowNegated: true)).first, sentiment != .supportive {
            add(.serviceFailure, 0.75, "customer service (\"\(cue)\")")
        }
        if sentiment != .unsupportive, let cue = Self.phrases(story.matches(in: text, allowNegated: true)).first,
           text.tokens.contains(where: { ["i", "i'm", "me", "my", "je", "j'", "moi", "ma", "mon"].contains($0.text) }) {
            add(.patientStory, sentiment == .supportive ? 0.75 : 0.65, "a personal story (\"\(cue)\")")
        }
        if sentiment == .supportive {
            add(.praise, 0.7, "supportive (\(Int((classification.sentiment.confidence * 100).rounded())) %)")
        }
        if sentiment == .unsupportive, scores.isEmpty {
            add(.serviceFailure, 0.4, "unsupportive with no more specific intent")
        }
        add(.neutralMention, sentiment == .neutral ? 0.5 : 0.2, sentiment == .neutral ? "neutral mention" : "fallback")
        return scores.map { IntentScore(intent: $0.key, score: $0.value.0, reason: $0.value.1) }
            .sorted { ($0.score, $1.intent.rawValue) > ($1.score, $0.intent.rawValue) }
    }

    private static func phrases(_ matches: [PhraseMatcher.Match]) -> [String] {
        RiskDetector.phrases(matches)
    }
}
