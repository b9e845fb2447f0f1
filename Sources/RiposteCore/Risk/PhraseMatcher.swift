/// Finds phrases from a list in a post's tokens.
///
/// Phrases are written as plain lower-case text (`can't breathe`, `effets secondaires`); a word
/// ending in `*` matches any word it begins (`hospitali*`). A match whose first word sits in a
/// negation scope (`no side effects`, `pas d'effets secondaires`) is not a match.
struct PhraseMatcher: Sendable {
    private struct Phrase: Sendable {
        var words: [String]
        var text: String
    }

    private let byFirstWord: [String: [Phrase]]
    private let prefixed: [Phrase]

    /// Creates a matcher over `phrases`.
    init(_ phrases: [String]) {
        var byFirstWord: [String: [Phrase]] = [:]
        var prefixed: [Phrase] = []
        for text in phrases {
            // Words as the tokenizer splits them (`n'arrive` → `n'` `arrive`); `*` patterns as written.
            let pattern = text.contains("*")
                ? text.lowercased().split(separator: " ").map(String.init)
                : SocialText(text).tokens.filter { $0.kind != .punctuation }.map { String($0.bareText) }
            guard let first = pattern.first else { continue }
            let phrase = Phrase(words: pattern, text: text)
            if first.hasSuffix("*") {
                prefixed.append(phrase)
            } else {
                byFirstWord[first, default: []].append(phrase)
            }
        }
        self.byFirstWord = byFirstWord
        self.prefixed = prefixed
    }

    /// A match: the phrase and the tokens it covers.
    struct Match: Sendable, Equatable {
        var phrase: String
        var tokens: ClosedRange<Int>
        var text: String
    }

    /// Every match in `text`, in order; `allowNegated` keeps matches inside a negation scope.
    func matches(in text: SocialText, allowNegated: Bool = false) -> [Match] {
        let tokens = text.tokens
        var found: [Match] = []
        for start in tokens.indices {
            let token = tokens[start]
            guard token.kind != .punctuation, token.kind != .url else { continue }
            if !allowNegated, token.negated { continue }
            let word = token.kind == .hashtag ? String(token.bareText) : token.text
            for phrase in byFirstWord[word] ?? [] where Self.matches(phrase.words, tokens: tokens, at: start) {
                found.append(match(phrase, at: start, in: tokens))
            }
            for phrase in prefixed where Self.matches(phrase.words, tokens: tokens, at: start) {
                found.append(match(phrase, at: start, in: tokens))
            }
        }
        return found
    }

    private func match(_ phrase: Phrase, at start: Int, in tokens: [SocialText.Token]) -> Match {
        let range = start...(start + phrase.words.count - 1)
        return Match(phrase: phrase.text, tokens: range, text: range.map { tokens[$0].text }.joined(separator: " "))
    }

    private static func matches(_ words: [String], tokens: [SocialText.Token], at start: Int) -> Bool {
        guard start + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() {
            let text = tokens[start + offset].bareText
            if word.hasSuffix("*") {
                guard text.hasPrefix(word.dropLast()) else { return false }
            } else if text != word {
                return false
            }
        }
        return true
    }
}
