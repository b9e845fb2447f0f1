/// Thresholds and names the risk detectors read from configuration.
public struct RiskSettings: Sendable, Equatable {
    /// Followers from which an author counts as high-reach.
    public var highReachFollowers = 100_000
    /// Followers from which any author counts as influential.
    public var influentialFollowers = 10_000
    /// The company's medicines (brand and generic names): a mention of one is a suspect product.
    public var products: [String] = []
    /// Competitors' names and handles: an author whose handle, name or bio carries one is a competitor.
    public var competitors: [String] = []

    /// The defaults.
    public init() {}
}

/// Finds the risk flags and the author type of a mention. Pure and fast: phrase lists over the
/// same tokens the sentiment model reads.
public struct RiskDetector: Sendable {
    /// The settings.
    public let settings: RiskSettings
    private let medicines = PhraseMatcher(RiskLexicon.medicines + RiskLexicon.drugNames)
    private let products: PhraseMatcher
    private let events = PhraseMatcher(RiskLexicon.adverseEvents)
    private let causal = PhraseMatcher(RiskLexicon.causalCues)
    private let relatives = PhraseMatcher(RiskLexicon.relatives)
    private let serious = PhraseMatcher(RiskLexicon.serious)
    private let seriousOutcomes = PhraseMatcher(RiskLexicon.seriousOutcomes)
    private let strongCausal = PhraseMatcher(RiskLexicon.strongCausalCues)
    private let legal = PhraseMatcher(RiskLexicon.legalThreats)
    private let legalWords = PhraseMatcher(RiskLexicon.legalWords)
    private let legalIntents = PhraseMatcher(RiskLexicon.legalIntents)
    private let misinformation = PhraseMatcher(RiskLexicon.misinformation)
    private let emergencies = PhraseMatcher(RiskLexicon.medicalEmergencies)
    private let selfHarm = PhraseMatcher(RiskLexicon.selfHarm)
    private let safety = PhraseMatcher(RiskLexicon.safety)
    private let profanity = PhraseMatcher(RiskLexicon.profanity)
    private let insults = PhraseMatcher(RiskLexicon.insults)
    private let threats = PhraseMatcher(RiskLexicon.threats)
    private let journalists = PhraseMatcher(RiskLexicon.journalists)
    private let clinicians = PhraseMatcher(RiskLexicon.healthcareProfessionals)
    private let patients = PhraseMatcher(RiskLexicon.patients)
    private let competitors: PhraseMatcher
    private let firstPerson = Set(RiskLexicon.firstPerson)
    private let secondPerson = Set(RiskLexicon.secondPerson)

    /// Creates a detector.
    public init(settings: RiskSettings = RiskSettings()) {
        self.settings = settings
        products = PhraseMatcher(settings.products.map { $0.lowercased() })
        competitors = PhraseMatcher(settings.competitors.map { $0.lowercased() })
    }

    /// Everything the detectors find in a post.
    /// - Parameters:
    ///   - text: The post, tokenised.
    ///   - author: Its author, when the source gave one.
    ///   - brand: The brand the listening tool filed it under, if any.
    public func assess(_ text: SocialText, author: MentionAuthor? = nil, brand: String? = nil) -> RiskAssessment {
        var flags: [RiskFlag] = []
        let adverseEvent = adverseEventAssessment(text, author: author, brand: brand)
        let authorAssessment = assessAuthor(author)
        if let adverseEvent, !adverseEvent.adverseEvent.isEmpty, !adverseEvent.suspectProduct.isEmpty {
            flags.append(RiskFlag(
                kind: .adverseEvent,
                evidence: adverseEvent.adverseEvent + adverseEvent.suspectProduct.map { "product: \($0)" },
                detail: adverseEvent.serious ? "serious" : "non_serious"
            ))
        }
        if authorAssessment.influential {
            flags.append(RiskFlag(kind: .influentialAuthor, evidence: authorAssessment.evidence, detail: authorAssessment.type.rawValue))
        }
        // "lawyer" alone is not a threat ("my lawyer friend recommended it"); with an intent it is.
        let strongLegal = Self.phrases(legal.matches(in: text))
        let weakLegal = Self.phrases(legalWords.matches(in: text))
        let legalIntent = Self.phrases(legalIntents.matches(in: text))
        let legalMatches = strongLegal + (legalIntent.isEmpty || weakLegal.isEmpty ? [] : weakLegal + legalIntent)
        if !legalMatches.isEmpty { flags.append(RiskFlag(kind: .legalThreat, evidence: Self.unique(legalMatches))) }
        let misinformationMatches = Self.phrases(misinformation.matches(in: text))
        if !misinformationMatches.isEmpty { flags.append(RiskFlag(kind: .misinformationCue, evidence: misinformationMatches)) }
        for (matcher, detail) in [(selfHarm, "self_harm"), (emergencies, "medical_emergency"), (safety, "safety")] {
            // Inside a negation too: "je n'ai plus envie de vivre", "I can't do this anymore, I want
            // to die" must not be read as denials (a false alarm costs a look; a miss, a life).
            let found = Self.phrases(matcher.matches(in: text, allowNegated: true))
            if !found.isEmpty {
                flags.append(RiskFlag(kind: .urgent, evidence: found, detail: detail))
                break
            }
        }
        let swearing = Self.phrases(profanity.matches(in: text, allowNegated: true))
        if !swearing.isEmpty { flags.append(RiskFlag(kind: .profanity, evidence: swearing)) }
        let addressed = text.tokens.contains { secondPerson.contains($0.text) }
        let threatening = Self.phrases(threats.matches(in: text, allowNegated: true))
        let insulting = Self.phrases(insults.matches(in: text))
        if !threatening.isEmpty || (addressed && !insulting.isEmpty) || (addressed && swearing.count >= 2) {
            flags.append(RiskFlag(kind: .harassment, evidence: threatening + insulting + (insulting.isEmpty ? swearing : [])))
        }
        return RiskAssessment(flags: flags, adverseEvent: adverseEvent, author: authorAssessment)
    }

    /// The four GVP elements as found in a post, or `nil` when neither an event nor a product is mentioned.
    func adverseEventAssessment(_ text: SocialText, author: MentionAuthor?, brand: String?) -> AdverseEventAssessment? {
        // Events are denied only by a denial just before them ("no side effects", "sans effets"),
        // not by any negation in scope ("I can't stop throwing up" is an event).
        var eventMatches = Self.phrases(events.matches(in: text, allowNegated: true).filter { !Self.denied($0, in: text) })
        // Products count inside a negation too: "I can't take Cardiolix anymore" still names it.
        var productMatches = Self.phrases(products.matches(in: text, allowNegated: true)) + Self.phrases(medicines.matches(in: text, allowNegated: true))
        for token in text.tokens where token.kind == .word && token.length >= 7 {
            if RiskLexicon.drugSuffixes.contains(where: { token.text.hasSuffix($0) }), !productMatches.contains(token.text) {
                productMatches.append(token.text)
            }
        }
        if let brand, settings.products.contains(where: { $0.caseInsensitiveCompare(brand) == .orderedSame }),
           !productMatches.contains(where: { $0.caseInsensitiveCompare(brand) == .orderedSame }) {
            productMatches.append(brand)
        }
        let causalMatches = Self.phrases(causal.matches(in: text))
        // A serious outcome tied to a product by a causal cue is a report even when no symptom is
        // named ("my client was hospitalised after taking your drug").
        if eventMatches.isEmpty, !productMatches.isEmpty, !strongCausal.matches(in: text).isEmpty {
            eventMatches = Self.phrases(seriousOutcomes.matches(in: text).filter { !Self.denied($0, in: text) })
        }
        // Without a product word, a causal cue next to an event still names a suspect treatment
        // ("after taking it I got hives"): recall over precision.
        if productMatches.isEmpty, !eventMatches.isEmpty, let cue = causalMatches.first(where: { $0 != "on it" }) {
            productMatches.append("(implied by \"\(cue)\")")
        }
        guard !eventMatches.isEmpty || !productMatches.isEmpty else { return nil }
        let speaksForSelf = text.tokens.lazy.filter { self.firstPerson.contains($0.text) }.map(\.text)
        let relativeMatches = Self.phrases(relatives.matches(in: text, allowNegated: true))
        var reporter: [String] = []
        if let handle = author?.handle, !handle.isEmpty { reporter.append("@\(handle)") }
        if reporter.isEmpty, let first = speaksForSelf.first { reporter.append(first) }
        let patientWords = Array(Self.unique(Array(speaksForSelf)).prefix(2))
        let patient = relativeMatches.isEmpty ? patientWords : relativeMatches
        let seriousMatches = eventMatches.isEmpty ? [] : Self.phrases(serious.matches(in: text))
        return AdverseEventAssessment(
            identifiableReporter: reporter, identifiablePatient: patient, suspectProduct: productMatches,
            adverseEvent: eventMatches, serious: !seriousMatches.isEmpty, seriousEvidence: seriousMatches
        )
    }

    /// The author's type from bio, name, verification and reach.
    public func assessAuthor(_ author: MentionAuthor?) -> AuthorAssessment {
        guard let author else { return AuthorAssessment(type: .regular, evidence: [], influential: false) }
        let profile = SocialText([author.handle, author.name, author.bio].compactMap { $0 }.joined(separator: " . "))
        let followers = author.followers ?? 0
        let reach = followers >= settings.influentialFollowers ? ["followers: \(followers)"] : []
        if let competitor = Self.phrases(competitors.matches(in: profile, allowNegated: true)).first {
            return AuthorAssessment(type: .competitor, evidence: ["profile: \(competitor)"], influential: true)
        }
        let bio = SocialText([author.name, author.bio].compactMap { $0 }.joined(separator: " . "))
        if let role = Self.phrases(journalists.matches(in: bio, allowNegated: true)).first {
            return AuthorAssessment(type: .journalist, evidence: ["bio: \(role)"] + reach, influential: true)
        }
        if let role = Self.phrases(clinicians.matches(in: bio, allowNegated: true)).first {
            return AuthorAssessment(type: .healthcareProfessional, evidence: ["bio: \(role)"] + reach, influential: true)
        }
        if followers >= settings.highReachFollowers {
            return AuthorAssessment(type: .celebrityOrHighReach, evidence: ["followers: \(followers)"] + (author.verified == true ? ["verified"] : []), influential: true)
        }
        if let role = Self.phrases(patients.matches(in: bio, allowNegated: true)).first {
            return AuthorAssessment(type: .patientOrCaregiver, evidence: ["bio: \(role)"] + reach, influential: !reach.isEmpty)
        }
        if author.verified == true, followers >= settings.influentialFollowers {
            return AuthorAssessment(type: .celebrityOrHighReach, evidence: ["verified"] + reach, influential: true)
        }
        return AuthorAssessment(type: .regular, evidence: reach, influential: !reach.isEmpty)
    }

    private static let denials: Set<String> = [
        "no", "not", "without", "never", "zero", "none", "nor", "didn't", "don't", "doesn't", "haven't", "hadn't", "hasn't",
        "wasn't", "isn't", "aren't", "weren't", "didnt", "dont", "doesnt", "havent", "hadnt", "wasnt", "isnt",
        "pas", "aucun", "aucune", "sans", "jamais", "ni",
    ]

    /// Words that start a new clause: a denial before them does not reach past them
    /// ("qui ne passe pas et des vertiges").
    private static let clauseBreaks: Set<String> = ["and", "but", "or", "then", "et", "mais", "ou", "puis"]

    /// Whether one of the three words before a match (in its clause) denies it. French `plus`
    /// denies after `ne`/`n'` ("je n'ai plus de nausées", not "de plus en plus de nausées"), and
    /// opening a clause before `de`/`d'` ("…, plus d'essoufflement dans les escaliers": no more),
    /// unless a comparison follows ("plus de nausées qu'avant").
    static func denied(_ match: PhraseMatcher.Match, in text: SocialText) -> Bool {
        let tokens = text.tokens
        var position = match.tokens.lowerBound - 1
        var seen = 0
        while position >= 0, seen < 3 {
            let token = tokens[position]
            if token.kind == .punctuation || clauseBreaks.contains(token.text) { return false }
            if denials.contains(token.text) { return !comparisonFollows(match, in: text) }
            if token.text == "plus" {
                if tokens[..<position].suffix(3).contains(where: { $0.text == "ne" || $0.text == "n'" }) { return true }
                let opensClause = position == 0 || tokens[position - 1].kind == .punctuation || clauseBreaks.contains(tokens[position - 1].text)
                let partitive = position + 1 < tokens.count && ["de", "d'", "des", "du"].contains(tokens[position + 1].text)
                if opensClause, partitive, !comparisonFollows(match, in: text) { return true }
            }
            position -= 1
            seen += 1
        }
        return false
    }

    /// Whether a comparative `que`/`qu'`/`than` follows a match within its clause ("plus de
    /// nausées qu'avant"; not the `que` of "depuis que", "parce que"…).
    private static func comparisonFollows(_ match: PhraseMatcher.Match, in text: SocialText) -> Bool {
        let tokens = text.tokens
        for position in (match.tokens.upperBound + 1)..<max(match.tokens.upperBound + 1, tokens.count) {
            let token = tokens[position]
            if token.kind == .punctuation || clauseBreaks.contains(token.text) { return false }
            // "more nausea than before", "never had migraines before Cardiolix": not denials.
            if token.text == "than" || token.text == "before" || token.text == "until" || token.text == "avant" { return true }
            if token.text == "que" || token.text == "qu'", !conjunctionsBeforeQue.contains(tokens[position - 1].text) { return true }
        }
        return false
    }

    /// Words that make `que` a conjunction rather than a comparison.
    private static let conjunctionsBeforeQue: Set<String> = [
        "depuis", "parce", "pendant", "alors", "tandis", "dès", "avant", "après", "bien", "pour", "afin", "sans", "tant", "maintenant", "vu",
    ]

    /// The matched text of each match, once, longest matches swallowing the shorter ones inside them.
    static func phrases(_ matches: [PhraseMatcher.Match]) -> [String] {
        var kept: [PhraseMatcher.Match] = []
        for match in matches.sorted(by: { $0.tokens.count > $1.tokens.count }) {
            if kept.contains(where: { $0.tokens.lowerBound <= match.tokens.lowerBound && match.tokens.upperBound <= $0.tokens.upperBound }) { continue }
            kept.append(match)
        }
        return unique(kept.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }.map(\.text))
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
