import Foundation

/// Word valences the classifier reads as features: the VADER lexicon for English (MIT licence,
/// Hutto & Gilbert 2014), Riposte's own French list, and emoji / emoticons for every language.
///
/// Valences run from −4 (most negative) to +4. The lexicon travels inside the model file, so a
/// trained model and the lexicon it was trained with cannot drift apart.
public struct SentimentLexicon: Sendable, Equatable {
    /// English words.
    public var english: [String: Float]
    /// French words.
    public var french: [String: Float]
    /// Emoji and emoticons, read in every language.
    public var symbols: [String: Float]

    /// Creates a lexicon.
    public init(english: [String: Float] = [:], french: [String: Float] = [:], symbols: [String: Float] = [:]) {
        self.english = english
        self.french = french
        self.symbols = symbols
    }

    /// The valence of a token's text in a language, if the lexicon knows it.
    public func valence(of text: Substring, language: String?) -> Float? {
        let key = text.startIndex == text.base.startIndex && text.endIndex == text.base.endIndex ? text.base : String(text)
        if let value = symbols[key] { return value }
        if language == "fr" { return french[key] ?? english[key].flatMap { Self.sharedEnglish.contains(key) ? $0 : nil } }
        return english[key]
    }

    /// English words French posts use as they are.
    static let sharedEnglish: Set<String> = ["top", "cool", "fail", "love", "lol", "wtf", "ok", "nice", "super", "best", "fake", "bad"]

    /// Reads a lexicon file: one entry per line, `section<TAB>token<TAB>valence`, where section is
    /// `en`, `fr` or `symbol`; `#` starts a comment line.
    /// - Throws: ``LexiconError`` naming the line of a malformed entry.
    public static func parse(_ text: String) throws -> SentimentLexicon {
        var lexicon = SentimentLexicon()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let value = Float(fields[2].trimmingCharacters(in: .whitespaces)), value.isFinite, abs(value) <= 4 else {
                throw LexiconError(line: offset + 1, message: "expected `section<TAB>token<TAB>valence` with a valence between -4 and 4")
            }
            let token = fields[1].lowercased()
            switch fields[0] {
            case "en": lexicon.english[token] = value
            case "fr": lexicon.french[token] = value
            case "symbol": lexicon.symbols[String(fields[1])] = value
            default: throw LexiconError(line: offset + 1, message: "unknown section `\(fields[0])` (expected en, fr or symbol)")
            }
        }
        return lexicon
    }
}

/// A malformed lexicon file.
public struct LexiconError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// A ``SentimentLexicon`` keyed by token keys, for the classifier's hot path: the same answers as
/// ``SentimentLexicon/valence(of:language:)`` without hashing strings.
struct LexiconIndex: Sendable {
    /// Each language's words with the symbols (emoji, emoticons) merged in: a symbol's valence
    /// wins over a word with the same key, as it did when symbols were looked up first.
    private let english: TokenKeyTable<Float>
    private let french: TokenKeyTable<Float>

    init(_ lexicon: SentimentLexicon) {
        var french = lexicon.french
        for word in SentimentLexicon.sharedEnglish where french[word] == nil {
            if let value = lexicon.english[word] { french[word] = value }
        }
        english = TokenKeyTable(words: lexicon.english.merging(lexicon.symbols) { $1 }.map { ($0.key, $0.value) })
        self.french = TokenKeyTable(words: french.merging(lexicon.symbols) { $1 }.map { ($0.key, $0.value) })
    }

    /// The table for `language`: one look-up per token, with the language chosen once per post.
    @inline(__always)
    func valences(in language: String?) -> TokenKeyTable<Float> {
        language == "fr" ? french : english
    }

    /// The valence of the token with `key` in `language`.
    @inline(__always)
    func valence(of key: UInt64, language: String?) -> Float? {
        valences(in: language)[key]
    }
}
