import Foundation

/// The features the sentiment model reads from one post: hashed sparse n-grams and a few dense
/// lexicon and punctuation signals.
///
/// Sparse part: word unigrams (negated words carry a mark, so `not good` ≠ `good`), word bigrams,
/// and character 2–5-grams inside each word padded with spaces (what makes `#fail`, `fail` and
/// `failed` share evidence, and typos still count). Counts are damped (`1 + ln n`) and the vector
/// is L2-normalised. Dense part: positive and negative lexicon mass after negation (×−0.74),
/// intensifiers, shouting, elongation and contrast (words after `but` ×1.5, before ×0.5), counts of
/// `!` and `?`, and sarcasm cues.
struct FeatureVector: Sendable {
    /// Bucket indices, one per occurrence (a repeated n-gram appears as often as it occurs):
    /// the word features first, then the character n-grams.
    var indices: [Int32] = []
    /// How many of `indices` are word unigrams and bigrams (what the domain router reads).
    var wordFeatureCount = 0
    /// The value of every occurrence: `1 / √occurrences`, so the vector has unit length when no
    /// n-gram repeats (and near it otherwise). Summing occurrences instead of sorting and merging
    /// them keeps featurisation allocation-light and several times faster.
    var scale: Float = 0
    /// Dense features, ``SentimentFeaturizer/denseCount`` of them.
    var dense: [Float] = []
}

/// Where a sparse feature came from, for evidence.
struct FeatureOrigin: Sendable {
    /// The bucket.
    var index: Int32
    /// The tokens it covers.
    var tokens: ClosedRange<Int>
}

/// Turns a post into a ``FeatureVector``.
struct SentimentFeaturizer: Sendable {
    /// Buckets of the sparse space, as a power of two.
    let hashBits: Int
    /// The lexicon behind the dense features.
    let lexicon: SentimentLexicon
    /// Character n-gram lengths (`0...0` for none).
    let charGrams: ClosedRange<Int>
    /// `lexicon`, keyed by token keys.
    let lexiconIndex: LexiconIndex

    init(hashBits: Int, lexicon: SentimentLexicon, charGrams: ClosedRange<Int>) {
        self.hashBits = hashBits
        self.lexicon = lexicon
        self.charGrams = charGrams
        lexiconIndex = LexiconIndex(lexicon)
    }

    /// How many dense features there are.
    static let denseCount = 12
    /// The dense features' scale relative to the unit-length sparse part.
    static let denseScale: Float = 0.3

    static let boosters: Set<String> = [
        "very", "so", "really", "extremely", "absolutely", "totally", "super", "incredibly", "completely", "utterly",
        "too", "most", "such", "hugely", "seriously", "truly", "fucking", "freaking",
        "très", "trop", "vraiment", "tellement", "absolument", "complètement", "hyper", "grave", "carrément", "si",
    ]

    static let sarcasmTags: Set<String> = ["#sarcasm", "#not", "#irony", "#ironie", "#sarcasme", "#sarcastic"]

    /// A sarcasm cue with the tokens that show it.
    struct Cue: Sendable {
        var name: String
        var tokens: ClosedRange<Int>
    }

    /// The lexicon's reading of one token, after the rules.
    struct Valence: Sendable {
        var token: Int
        var value: Float
    }

    /// The features of `text`.
    func features(of text: SocialText, language: String?) -> FeatureVector {
        features(of: text, language: language, recordingOrigins: false).vector
    }

    /// The features of `text`; when `recordingOrigins`, also where each sparse occurrence came from.
    func features(of text: SocialText, language: String?, recordingOrigins: Bool) -> (vector: FeatureVector, origins: [FeatureOrigin]) {
        var origins: [FeatureOrigin] = []
        let tokens = text.tokens
        var vector = FeatureVector()
        vector.indices.reserveCapacity(tokens.count * 26)
        forEachWordFeature(of: text) { index, range in
            vector.indices.append(index)
            if recordingOrigins { origins.append(FeatureOrigin(index: index, tokens: range)) }
        }
        vector.wordFeatureCount = vector.indices.count
        text.scalars.withUnsafeBufferPointer { all in
            for (position, token) in tokens.enumerated() where Self.hasCharacterGrams(token) {
                forEachCharacterGram(of: UnsafeBufferPointer(rebasing: all[token.start..<(token.start + token.length)])) { index in
                    vector.indices.append(index)
                    if recordingOrigins { origins.append(FeatureOrigin(index: index, tokens: position...position)) }
                }
            }
        }
        vector.scale = vector.indices.isEmpty ? 0 : 1 / Float(vector.indices.count).squareRoot()
        vector.dense = dense(text, language: language)
        return (vector, origins)
    }

    /// Calls `body` with each word feature of `text` and the tokens it covers: the unigram of
    /// every token (negated words marked), then the bigram it makes with the token before.
    @inline(__always)
    func forEachWordFeature(of text: SocialText, _ body: (Int32, ClosedRange<Int>) -> Void) {
        var previousHash: UInt64?
        for (position, token) in text.tokens.enumerated() {
            let hash = Self.wordHash(token)
            body(unigram(hash), position...position)
            if let previousHash { body(bigram(previousHash, hash), (position - 1)...position) }
            previousHash = hash
        }
    }

    /// What a token's word features hash: its key, marked when the token is negated.
    @inline(__always)
    static func wordHash(_ token: SocialText.Token) -> UInt64 {
        token.negated ? FNV.mix(token.key, 0x10FFFF + 1) : token.key
    }

    /// The bucket of a token's unigram.
    @inline(__always)
    func unigram(_ hash: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: FNV.finish(hash) & UInt64((1 << hashBits) - 1))
    }

    /// The bucket of the bigram of two consecutive tokens.
    @inline(__always)
    func bigram(_ previous: UInt64, _ hash: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: FNV.finish(FNV.mix(FNV.mix(previous, 0x02), UInt32(truncatingIfNeeded: hash >> 32)) ^ hash) & UInt64((1 << hashBits) - 1))
    }

    /// Whether a token contributes character n-grams (URLs and punctuation do not).
    @inline(__always)
    static func hasCharacterGrams(_ token: SocialText.Token) -> Bool {
        token.kind != .url && token.kind != .punctuation
    }

    /// Calls `body` with the bucket of each character n-gram of `" " + scalars + " "`.
    @inline(__always)
    func forEachCharacterGram(of scalars: UnsafeBufferPointer<Unicode.Scalar>, _ body: (Int32) -> Void) {
        let (shortest, longest) = (charGrams.lowerBound, charGrams.upperBound)
        guard longest >= 2 else { return }
        let mask = UInt64((1 << hashBits) - 1)
        let count = scalars.count + 2
        for start in 0..<(count - 1) {
            var gram = FNV.offset ^ 0x03
            for length in 1...longest {
                let offset = start + length - 1
                guard offset < count else { break }
                let value = offset == 0 || offset == count - 1 ? 0x20 : scalars[offset - 1].value
                gram = FNV.mix(gram, value)
                if length >= shortest { body(Int32(truncatingIfNeeded: FNV.finish(gram) & mask)) }
            }
        }
    }

    /// The lexicon's valence of each scored token, after negation, intensifiers and contrast.
    func valences(_ text: SocialText, language: String?) -> [Valence] {
        var result: [Valence] = []
        forEachValence(text, language: language) { result.append(Valence(token: $0, value: $1)) }
        return result
    }

    /// Calls `body` with each lexicon word's position and valence, in token order (what
    /// ``valences(_:language:)`` lists, without building the list: this runs for every post).
    @inline(__always)
    func forEachValence(_ text: SocialText, language: String?, _ body: (Int, Float) -> Void) {
        let tokens = text.tokens
        // Which sentences contain a contrast word: words before it count half. Most posts have
        // none, and then nothing needs marking.
        var contrastAhead: [Bool] = []
        if tokens.contains(where: { $0.kind == .word && $0.roles.contains(.contrast) }) {
            contrastAhead = [Bool](repeating: false, count: tokens.count)
            var seen = false
            for position in tokens.indices.reversed() {
                let token = tokens[position]
                if token.kind == .punctuation, !token.is(",") { seen = false }
                if token.kind == .word, token.roles.contains(.contrast) { seen = true }
                contrastAhead[position] = seen
            }
        }
        let lexicon = lexiconIndex.valences(in: language)
        for position in tokens.indices {
            let kind = tokens[position].kind
            guard kind != .mention, kind != .url, kind != .number, var value = lexicon[tokens[position].bareKey] else { continue }
            let token = tokens[position]
            if token.shouted { value *= 1.3 }
            if token.elongated { value *= 1.2 }
            if position > 0, tokens[position - 1].kind == .word, tokens[position - 1].roles.contains(.booster) { value *= 1.3 }
            if token.negated { value *= -0.74 }
            if token.afterContrast {
                value *= 1.5
            } else if !contrastAhead.isEmpty, contrastAhead[position] {
                value *= 0.5
            }
            body(position, value)
        }
    }

    /// Sarcasm cues: `#sarcasm` / `#not`, `yeah right`, `/s`, or praise words about a delay or
    /// cancellation in the same post (`love waiting 3 hours`).
    func sarcasmCues(_ text: SocialText) -> [Cue] {
        let tokens = text.tokens
        var cues: [Cue] = []
        for (position, token) in tokens.enumerated() {
            let roles = token.roles
            if token.kind == .hashtag, roles.contains(.sarcasmTag) {
                cues.append(Cue(name: "sarcasm_tag", tokens: position...position))
            } else if token.key == Self.rightKey, position > 0, tokens[position - 1].roles.contains(.agreement) {
                cues.append(Cue(name: "yeah_right", tokens: (position - 1)...position))
            } else if roles.contains(.praise),
                      let next = tokens[(position + 1)...].prefix(6).firstIndex(where: { $0.roles.contains(.ordeal) }) {
                cues.append(Cue(name: "praise_for_an_ordeal", tokens: position...next))
            }
        }
        return cues
    }

    private static let rightKey = SocialText.key(of: "right".unicodeScalars)
    static let agreements: Set<String> = ["yeah", "yea", "sure", "oh"]
    static let praise: Set<String> = ["love", "loving", "great", "thanks", "adore", "merci", "génial", "bravo"]

    static let ordeals: Set<String> = [
        "waiting", "delayed", "delay", "delays", "cancelled", "canceled", "stuck", "hold", "lost", "broken", "crashed", "crashing",
        "retard", "retardé", "annulé", "attendre", "attente", "bloqué", "panne", "perdu",
    ]

    func dense(_ text: SocialText, language: String?) -> [Float] {
        denseAndSarcasm(text, language: language).dense
    }

    /// The dense features, and whether the post carries a sarcasm cue (one of them).
    func denseAndSarcasm(_ text: SocialText, language: String?) -> (dense: [Float], sarcastic: Bool) {
        var positive: Float = 0
        var negative: Float = 0
        var negatedPositive: Float = 0
        forEachValence(text, language: language) { position, value in
            if value > 0 { positive += value } else { negative -= value }
            if text.tokens[position].negated, value < 0 { negatedPositive = 1 }
        }
        var exclamations: Float = 0
        var questions: Float = 0
        var shouted: Float = 0
        var words: Float = 0
        for token in text.tokens {
            switch token.kind {
            case .punctuation:
                if token.first == "!" { exclamations += Float(token.length) }
                if token.first == "?" { questions += Float(token.length) }
            case .word:
                words += 1
                if token.shouted { shouted += 1 }
            default:
                break
            }
        }
        let sarcasm: Float = sarcasmCues(text).isEmpty ? 0 : 1
        let scale = Self.denseScale
        let dense: [Float] = [
            positive * scale, negative * scale, log1pf(positive) * scale, log1pf(negative) * scale,
            (positive > negative ? 1 : 0) * scale, (negative > positive ? 1 : 0) * scale, (positive == 0 && negative == 0 ? 1 : 0) * scale,
            log1pf(exclamations) * scale, log1pf(questions) * scale, (words > 0 ? shouted / words : 0) * scale, sarcasm * scale, negatedPositive * scale,
        ]
        return (dense, sarcasm != 0)
    }
}

/// 64-bit FNV-1a over 32-bit code points, with a final avalanche so that low bits are usable as a
/// bucket. Stable across platforms and runs (unlike `Hasher`), which a saved model depends on.
enum FNV {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    static func mix(_ hash: UInt64, _ value: UInt32) -> UInt64 {
        var hash = hash
        hash = (hash ^ UInt64(value & 0xFF)) &* prime
        hash = (hash ^ UInt64((value >> 8) & 0xFF)) &* prime
        hash = (hash ^ UInt64(value >> 16)) &* prime
        return hash
    }

    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 {
        var hash = hash
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}

@inline(__always)
func log1pf(_ value: Float) -> Float {
    logf(1 + value)
}
