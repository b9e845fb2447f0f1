import Foundation

/// What the classifier concluded about one post.
public struct SentimentResult: Sendable, Equatable, Codable {
    /// The label.
    public var label: Sentiment
    /// The calibrated probability of the label.
    public var confidence: Double
    /// The probability of each label.
    public var probabilities: [Sentiment: Double]
    /// The language the post was read in.
    public var language: String
    /// The words, phrases, emoji and cues that pushed toward the label, strongest first.
    public var evidence: [SentimentEvidence]
}

/// One piece of evidence for a label.
public struct SentimentEvidence: Sendable, Equatable, Codable {
    /// What kind of signal it is.
    public enum Kind: String, Sendable, Codable {
        case word, phrase, negation, emoji, emoticon, hashtag, punctuation, sarcasm
    }

    /// The text as it appears after normalisation (`not bad`, `😡`, `#fail`).
    public var text: String
    /// Its kind.
    public var kind: Kind
    /// How much it pushed toward the label, in log-odds.
    public var weight: Double
}

/// Labels posts with a ``SentimentModel``.
public struct SentimentClassifier: Sendable {
    /// The model.
    public var model: SentimentModel { scorer.model }
    private let scorer: SentimentScorer
    private var featurizer: SentimentFeaturizer { scorer.featurizer }
    private let detector = LanguageDetector()

    /// Creates a classifier around a loaded model (and precomputes its scoring tables).
    public init(model: SentimentModel) {
        scorer = SentimentScorer(model: model)
    }

    /// The model's version, stored with every classification.
    public var modelVersion: String { model.metadata.version }

    /// Classifies a post and explains why.
    /// - Parameters:
    ///   - text: The post's text, as the platform delivered it.
    ///   - language: The language the source gave, if any; detected otherwise.
    public func classify(_ text: String, language: String? = nil) -> SentimentResult {
        let social = SocialText(text)
        let language = Self.normalisedLanguage(language) ?? detector.detect(social) ?? "en"
        let (vector, origins) = featurizer.features(of: social, language: language, recordingOrigins: true)
        let (logits, routing) = scorer.logits(social, dense: vector.dense)
        let cues = featurizer.sarcasmCues(social)
        let probabilities = Self.applyingSarcasm(model.probabilities(logits), cues: cues)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 1
        let label = Sentiment.allCases[best]
        return SentimentResult(
            label: label,
            confidence: Double(probabilities[best]),
            probabilities: Dictionary(uniqueKeysWithValues: Sentiment.allCases.map { ($0, Double(probabilities[$0.classIndex])) }),
            language: language,
            evidence: evidence(for: label, text: social, language: language, vector: vector, origins: origins, routing: routing)
        )
    }

    /// The label alone: the fast path `eval` uses.
    public func label(_ text: String, language: String? = nil) -> Sentiment {
        let social = SocialText(text)
        let language = Self.normalisedLanguage(language) ?? detector.detect(social) ?? "en"
        let (dense, sarcastic) = featurizer.denseAndSarcasm(social, language: language)
        var logits = scorer.logits(social, dense: dense).logits
        if logits[0] > logits[2], sarcastic { logits.swapAt(0, 2) }
        let best = logits.indices.max { logits[$0] < logits[$1] } ?? 1
        return Sentiment.allCases[best]
    }

    /// The sarcasm rule: praise that comes with an explicit sarcasm cue (`#not`, `yeah right`,
    /// `love waiting 3 hours`) reads as criticism, so supportive and unsupportive swap places.
    /// A rule rather than a learned weight because the training data holds too few such posts
    /// for the model to learn it (measured: the cue feature's weight stays near zero).
    static func applyingSarcasm(_ probabilities: [Float], cues: [SentimentFeaturizer.Cue]) -> [Float] {
        guard !cues.isEmpty, probabilities[0] > probabilities[2] else { return probabilities }
        var swapped = probabilities
        swapped.swapAt(0, 2)
        return swapped
    }

    static func normalisedLanguage(_ language: String?) -> String? {
        guard let language, !language.isEmpty else { return nil }
        let code = language.lowercased().prefix { $0 != "-" && $0 != "_" }
        return code.isEmpty || code == "und" ? nil : String(code)
    }

    /// Per token, how much its features pushed toward `label` rather than the other labels; tokens
    /// are then merged into phrases where the push came from a bigram or a negation.
    private func evidence(
        for label: Sentiment, text: SocialText, language: String, vector: FeatureVector, origins: [FeatureOrigin], routing: [Float]
    ) -> [SentimentEvidence] {
        let target = label.classIndex
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        var perToken = [Float](repeating: 0, count: tokens.count)
        var phrases: [ClosedRange<Int>: Float] = [:]
        for origin in origins {
            let margin = model.margin(of: Int(origin.index), toward: target, routing: routing) * vector.scale
            if origin.tokens.count > 1 {
                phrases[origin.tokens, default: 0] += margin
            } else {
                perToken[origin.tokens.lowerBound] += margin
            }
        }
        for valence in featurizer.valences(text, language: language) {
            perToken[valence.token] += model.lexiconMargin(valence.value, toward: target, routing: routing)
        }
        var items: [SentimentEvidence] = []
        var covered = Set<Int>()
        // Bigrams that add to both their words' pushes become a phrase.
        for (range, push) in phrases.sorted(by: { $0.value > $1.value }) {
            let total = push + range.reduce(0) { $0 + perToken[$1] }
            guard push > 0.15, total > 0.3, covered.isDisjoint(with: range), range.allSatisfy({ tokens[$0].kind != .punctuation && tokens[$0].kind != .mention }) else { continue }
            let words = range.map { tokens[$0].text }.joined(separator: " ")
            let kind: SentimentEvidence.Kind = range.contains { tokens[$0].negated } || SocialText.isNegator(tokens[range.lowerBound].text) ? .negation : .phrase
            items.append(SentimentEvidence(text: words, kind: kind, weight: Double(total)))
            covered.formUnion(range)
        }
        for position in tokens.indices where !covered.contains(position) {
            let token = tokens[position]
            let push = perToken[position]
            guard push > 0.3, token.kind != .mention, token.kind != .url, token.kind != .number else { continue }
            let kind: SentimentEvidence.Kind
            switch token.kind {
            case .emoji: kind = .emoji
            case .emoticon: kind = .emoticon
            case .hashtag: kind = .hashtag
            case .punctuation: kind = .punctuation
            default: kind = token.negated ? .negation : .word
            }
            let shown = token.negated ? (tokens[..<position].last { SocialText.isNegator($0.text) }.map { "\($0.text) … \(token.text)" } ?? token.text) : token.text
            items.append(SentimentEvidence(text: shown, kind: kind, weight: Double(push)))
        }
        items.sort { $0.weight > $1.weight }
        if label == .unsupportive {
            // The sarcasm rule decided: its cues lead the evidence (weight 1: a rule, not a learned push).
            let cues = featurizer.sarcasmCues(text).map {
                SentimentEvidence(text: $0.tokens.map { tokens[$0].text }.joined(separator: " "), kind: .sarcasm, weight: 1)
            }
            items.removeAll { item in cues.contains { $0.text == item.text } }
            items.insert(contentsOf: cues, at: 0)
        }
        return Array(items.prefix(6)).map { item in
            var item = item
            item.weight = (item.weight * 100).rounded() / 100
            return item
        }
    }
}

// MARK: - Scoring

extension SentimentModel {
    /// The router's probability of each domain.
    func routing(_ vector: FeatureVector) -> [Float] {
        let domainCount = domains.count
        guard domainCount > 1 else { return [1] }
        let mask = Int32((1 << domainBits) - 1)
        var scores = routerBias
        let value = Self.routerValue(vector)
        router.withUnsafeBufferPointer { table in
            for index in vector.indices[..<vector.wordFeatureCount] {
                let row = Int(index & mask) * domainCount
                for domain in 0..<domainCount { scores[domain] += value * table[row + domain] }
            }
        }
        return softmax(scores)
    }

    /// The value of each word feature for the router: `1 / √(word features)`.
    static func routerValue(_ vector: FeatureVector) -> Float {
        vector.wordFeatureCount == 0 ? 0 : 1 / Float(vector.wordFeatureCount).squareRoot()
    }

    /// Class scores before the temperature.
    func logits(_ vector: FeatureVector, routing: [Float]) -> [Float] {
        let classes = Self.classCount
        let dense = SentimentFeaturizer.denseCount
        let mask = Int32((1 << domainBits) - 1)
        let domainBuckets = 1 << domainBits
        var scores = bias
        let value = vector.scale
        shared.withUnsafeBufferPointer { table in
            var sums: (Float, Float, Float) = (0, 0, 0)
            for index in vector.indices {
                let row = Int(index) * classes
                sums.0 += table[row]
                sums.1 += table[row + 1]
                sums.2 += table[row + 2]
            }
            scores[0] += value * sums.0
            scores[1] += value * sums.1
            scores[2] += value * sums.2
        }
        for feature in 0..<dense where vector.dense[feature] != 0 {
            for label in 0..<classes { scores[label] += vector.dense[feature] * sharedDense[feature * classes + label] }
        }
        domainWeights.withUnsafeBufferPointer { table in
            for (domain, share) in routing.enumerated() where share >= 0.01 {
                var sums: (Float, Float, Float) = (0, 0, 0)
                let base = domain * domainBuckets
                for index in vector.indices {
                    let row = (base + Int(index & mask)) * classes
                    sums.0 += table[row]
                    sums.1 += table[row + 1]
                    sums.2 += table[row + 2]
                }
                var partial = [
                    domainBias[domain * classes] + value * sums.0, domainBias[domain * classes + 1] + value * sums.1,
                    domainBias[domain * classes + 2] + value * sums.2,
                ]
                for feature in 0..<dense where vector.dense[feature] != 0 {
                    for label in 0..<classes {
                        partial[label] += vector.dense[feature] * domainDense[(domain * dense + feature) * classes + label]
                    }
                }
                for label in 0..<classes { scores[label] += share * partial[label] }
            }
        }
        return scores
    }

    /// Calibrated probabilities from class scores.
    func probabilities(_ logits: [Float]) -> [Float] {
        softmax(logits.map { $0 / temperature })
    }

    /// How much one unit of a sparse bucket favours `label` over the mean of the other labels.
    /// (Evidence calls this for every feature of a post: no array is built.)
    func margin(of index: Int, toward label: Int, routing: [Float]) -> Float {
        let classes = Self.classCount
        var weights = SIMD4<Float>(shared[index * classes], shared[index * classes + 1], shared[index * classes + 2], 0)
        let domainIndex = index & ((1 << domainBits) - 1)
        for (domain, share) in routing.enumerated() where share >= 0.01 {
            let row = (domain * (1 << domainBits) + domainIndex) * classes
            for other in 0..<classes { weights[other] += share * domainWeights[row + other] }
        }
        return Self.margin(of: weights, toward: label)
    }

    /// A class's weight minus the mean of the other classes' (summed in class order).
    @inline(__always)
    private static func margin(of weights: SIMD4<Float>, toward label: Int) -> Float {
        var others: Float = 0
        for other in 0..<classCount where other != label { others += weights[other] }
        return weights[label] - others / Float(classCount - 1)
    }

    /// How much a lexicon valence (through the dense lexicon-mass features) favours `label`.
    func lexiconMargin(_ valence: Float, toward label: Int, routing: [Float]) -> Float {
        let classes = Self.classCount
        let feature = valence > 0 ? 0 : 1
        var weights = SIMD4<Float>(sharedDense[feature * classes], sharedDense[feature * classes + 1], sharedDense[feature * classes + 2], 0)
        for (domain, share) in routing.enumerated() where share >= 0.01 {
            for other in 0..<classes {
                weights[other] += share * domainDense[(domain * SentimentFeaturizer.denseCount + feature) * classes + other]
            }
        }
        return abs(valence) * SentimentFeaturizer.denseScale * Self.margin(of: weights, toward: label)
    }
}

func softmax(_ scores: [Float]) -> [Float] {
    guard let top = scores.max() else { return [] }
    let exps = scores.map { expf($0 - top) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
}
