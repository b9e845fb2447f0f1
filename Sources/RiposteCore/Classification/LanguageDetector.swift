/// Tells the language of a short post from its function words and letters.
///
/// Only what the product needs: English and French with confidence, and a handful of other
/// European languages recognised so that they are not misread as English. Returns `nil` when a
/// post has too few words to tell (`"@acme 👍"`).
public struct LanguageDetector: Sendable {
    /// Creates a detector.
    public init() {}

    static let stopwords: [(code: String, words: Set<String>)] = [
        ("en", ["the", "and", "is", "are", "was", "i", "you", "it", "to", "of", "in", "for", "my", "me", "this", "that", "with", "on", "have", "not", "be", "just", "so", "but", "what", "your", "at", "we", "they", "do", "can", "will", "get", "from", "an", "if", "no", "about", "how", "all", "been", "would", "had", "has", "i'm", "it's", "don't", "can't", "thanks", "please", "after", "since", "why"]),
        ("fr", ["le", "la", "les", "et", "est", "un", "une", "des", "du", "de", "je", "j'", "tu", "il", "elle", "nous", "vous", "ils", "pas", "ne", "n'", "que", "qui", "pour", "dans", "sur", "avec", "mon", "ma", "mes", "ce", "c'", "ça", "au", "aux", "en", "mais", "très", "d'", "l'", "qu'", "sont", "suis", "ai", "été", "plus", "merci", "depuis", "après", "aussi", "cette", "leur", "votre", "notre", "moi", "toujours", "rien"]),
        ("es", ["el", "los", "las", "y", "es", "una", "por", "con", "para", "que", "muy", "pero", "mi", "yo", "está", "gracias", "del", "lo", "como", "más"]),
        ("de", ["der", "die", "das", "und", "ist", "nicht", "ich", "mit", "ein", "eine", "auf", "für", "sie", "es", "zu", "mein", "danke", "sehr", "aber", "auch"]),
        ("it", ["il", "di", "che", "è", "per", "non", "sono", "una", "gli", "della", "con", "ma", "molto", "grazie", "questo", "anche"]),
        ("pt", ["o", "os", "não", "uma", "com", "para", "muito", "obrigado", "mas", "isso", "você", "está", "minha", "meu"]),
    ]

    // Which languages a word belongs to is in ``WordRoles`` (one bit per language of `stopwords`).

    private static let frenchLetters = Set("éèêàçùœ".unicodeScalars)

    /// The language of a post, as an ISO 639-1 code, or `nil` when it cannot be told.
    public func detect(_ text: SocialText) -> String? {
        // One lane per language of `stopwords`, no array per post. Word roles have 16 bits for
        // languages (bits 16–31), so 16 lanes hold every language a role can name.
        var scores = SIMD16<Double>(repeating: 0)
        let languages = min(Self.stopwords.count, scores.scalarCount)
        var words = 0
        for token in text.tokens where token.kind == .word {
            words += 1
            let roles = token.roles.rawValue >> 16
            if roles != 0 {
                for index in 0..<languages where roles & (1 << UInt32(index)) != 0 { scores[index] += 1 }
            }
            if text.scalars[token.start..<(token.start + token.length)].contains(where: { !$0.isASCII && Self.frenchLetters.contains($0) }) {
                scores[1] += 0.5
            }
        }
        guard words > 0, let best = (0..<languages).max(by: { scores[$0] < scores[$1] }), scores[best] >= 1 else { return nil }
        var runnerUp: Double = 0
        for index in 0..<languages where index != best { runnerUp = max(runnerUp, scores[index]) }
        guard scores[best] > runnerUp else { return scores[0] == scores[best] ? "en" : nil }
        return Self.stopwords[best].code
    }

    /// The language of a post's raw text.
    public func detect(_ raw: String) -> String? {
        detect(SocialText(raw))
    }
}
