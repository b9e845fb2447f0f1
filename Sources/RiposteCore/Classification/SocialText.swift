/// A short social post broken into the tokens the classifier and the risk detectors read.
///
/// Normalisation handles what platforms deliver: HTML entities (`&amp;`), URLs, `@mentions`,
/// `#hashtags`, emoji and ASCII emoticons, elongation (`sooo` → `soo`, remembered as emphasis),
/// shouting (`AWFUL`), curly apostrophes and French elision (`l'avion` → `l'` `avion`).
/// Negation scope is marked: a word after `not`, `never`, `pas`, `jamais`… up to the next
/// punctuation or contrast word carries `negated`, and words after `but` / `mais` carry `afterContrast`.
public struct SocialText: Sendable {
    /// One token.
    public struct Token: Sendable, Equatable {
        /// What sort of token it is.
        public enum Kind: UInt8, Sendable {
            case word, hashtag, mention, url, number, emoji, emoticon, punctuation
        }

        /// Its kind.
        public var kind: Kind
        /// The normalised text: lower-cased, elongation squeezed, `http` for any URL.
        public var text: String
        /// The normalised text as scalars (what features hash).
        public var scalars: [Unicode.Scalar]
        /// Inside a negation scope.
        public var negated = false
        /// After a contrast word (`but`, `mais`, `however`…) in the same sentence.
        public var afterContrast = false
        /// Written in capitals in the original (`AWFUL`).
        public var shouted = false
        /// A letter was repeated three times or more in the original (`sooo`).
        public var elongated = false
        /// The text without a leading `#`, for lexicon look-ups.
        public var bareText: Substring {
            kind == .hashtag ? text.dropFirst() : text[...]
        }
    }

    /// The tokens, in order.
    public private(set) var tokens: [Token]

    /// Tokenises a post.
    public init(_ raw: String) {
        var scanner = SocialTextScanner(HTMLEntities.decode(raw))
        tokens = scanner.scan()
        SocialText.markScopes(&tokens)
    }

    /// Words that open a negation scope.
    static let negators: Set<String> = [
        "not", "no", "never", "cannot", "nothing", "nobody", "none", "nor", "neither", "without", "nowhere",
        "hardly", "barely", "aint", "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "cant", "couldnt",
        "shouldnt", "wouldnt", "havent", "hasnt", "arent", "werent",
        "pas", "jamais", "rien", "aucun", "aucune", "ni", "sans", "personne", "guère", "nullement",
    ]

    /// Words after which the sentence's weight shifts (`good but slow`).
    static let contrasts: Set<String> = ["but", "however", "though", "although", "yet", "mais", "cependant", "pourtant", "toutefois"]

    static func isNegator(_ text: String) -> Bool {
        negators.contains(text) || text.hasSuffix("n't") || text == "n'"
    }

    private static func markScopes(_ tokens: inout [Token]) {
        var negated = false
        var contrast = false
        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .punctuation:
                negated = false
                if token.text != "," { contrast = false }
            case .word, .hashtag:
                if contrasts.contains(token.text) {
                    negated = false
                    contrast = true
                } else if isNegator(token.text) {
                    negated = true
                } else {
                    tokens[index].negated = negated
                }
                tokens[index].afterContrast = contrast
            default:
                tokens[index].afterContrast = contrast
            }
        }
    }
}

/// The scanner behind ``SocialText``.
struct SocialTextScanner {
    private let input: [Unicode.Scalar]
    private var position = 0
    private var tokens: [SocialText.Token] = []

    init(_ text: String) {
        input = Array(text.unicodeScalars)
    }

    /// ASCII emoticons, longest first so `:-)` wins over `:-`.
    static let emoticons: [[Unicode.Scalar]] = [
        ":'-(", ":'-)", ">:-(", ">:(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)", ":'(", ":')", "</3",
        ":)", ":(", ":D", ":P", ":p", ":/", ":|", ";)", ";(", ":o", ":O", "<3", "=)", "=(", "xD", "XD", "^^", "^_^", "-_-", "T_T",
    ].map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    mutating func scan() -> [SocialText.Token] {
        while position < input.count {
            let scalar = input[position]
            if scalar == " " || scalar == "\n" || scalar == "\t" || (!scalar.isASCII && scalar.properties.isWhitespace) {
                position += 1
            } else if startsURL() {
                while position < input.count, input[position] != " ", input[position] != "\n", !input[position].properties.isWhitespace { position += 1 }
                append(.url, Array("http".unicodeScalars))
            } else if (scalar == "@" || scalar == "#" || scalar == "＃"), position + 1 < input.count, Self.isWordScalar(input[position + 1]) {
                position += 1
                var word = scanWord()
                word.scalars.insert(scalar == "@" ? "@" : "#", at: 0)
                append(scalar == "@" ? .mention : .hashtag, word.scalars, shouted: word.shouted, elongated: word.elongated)
            } else if let emoticon = matchEmoticon() {
                position += emoticon.count
                append(.emoticon, emoticon)
            } else if Self.isWordScalar(scalar) {
                let word = scanWord()
                appendWord(word)
            } else if !scalar.isASCII, Self.isEmoji(scalar) {
                position += 1
                append(.emoji, [scalar])
                while position < input.count, Self.isEmojiModifier(input[position]) { position += 1 }
            } else if Self.punctuation.contains(scalar) {
                var run = 1
                while position + run < input.count, input[position + run] == scalar { run += 1 }
                position += run
                let mark: Unicode.Scalar = scalar == "…" ? "." : scalar
                append(.punctuation, run > 1 && mark != "." ? [mark, mark] : [mark])
            } else {
                position += 1
            }
        }
        return tokens
    }

    private static let punctuation: Set<Unicode.Scalar> = [".", ",", "!", "?", ";", ":", "…", "(", ")", "\"", "«", "»", "¡", "¿"]

    private mutating func append(_ kind: SocialText.Token.Kind, _ scalars: [Unicode.Scalar], shouted: Bool = false, elongated: Bool = false) {
        tokens.append(SocialText.Token(kind: kind, text: Self.string(scalars), scalars: scalars, shouted: shouted, elongated: elongated))
    }

    /// A string from scalars, through UTF-8 (much faster than appending scalars one by one).
    static func string(_ scalars: [Unicode.Scalar]) -> String {
        if scalars.allSatisfy(\.isASCII) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                for (index, scalar) in scalars.enumerated() { buffer[index] = UInt8(truncatingIfNeeded: scalar.value) }
                return scalars.count
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars {
            let value = scalar.value
            switch value {
            case ..<0x80:
                bytes.append(UInt8(value))
            case ..<0x800:
                bytes.append(UInt8(0xC0 | (value >> 6)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            case ..<0x10000:
                bytes.append(UInt8(0xE0 | (value >> 12)))
                bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            default:
                bytes.append(UInt8(0xF0 | (value >> 18)))
                bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// French elided articles and pronouns split from the word they lean on.
    private static let elisions: Set<String> = ["l'", "d'", "j'", "n'", "qu'", "c'", "m'", "t'", "s'", "jusqu'", "lorsqu'", "puisqu'"]

    private mutating func appendWord(_ word: ScannedWord) {
        var scalars = word.scalars
        while scalars.last == "'" { scalars.removeLast() }
        if let apostrophe = scalars.firstIndex(of: "'"), apostrophe + 1 < scalars.count {
            let head = Array(scalars[...apostrophe])
            if Self.elisions.contains(Self.string(head)) {
                append(.word, head)
                scalars = Array(scalars[(apostrophe + 1)...])
            }
        }
        guard !scalars.isEmpty else { return }
        let kind: SocialText.Token.Kind = scalars.allSatisfy { ($0.value >= 0x30 && $0.value <= 0x39) || (!$0.isASCII && $0.properties.numericType != nil) } ? .number : .word
        append(kind, scalars, shouted: word.shouted, elongated: word.elongated)
    }

    private struct ScannedWord {
        var scalars: [Unicode.Scalar] = []
        var shouted = false
        var elongated = false
    }

    /// Reads letters, digits, `_` and inner apostrophes; lower-cases and squeezes runs of 3+ to 2.
    private mutating func scanWord() -> ScannedWord {
        var word = ScannedWord()
        var uppercase = 0
        var letters = 0
        var run = 0
        var previous: Unicode.Scalar?
        while position < input.count {
            var scalar = input[position]
            if scalar == "’" || scalar == "‘" || scalar == "`" { scalar = "'" }
            if scalar == "'" {
                let continues = position + 1 < input.count && Self.isWordScalar(input[position + 1])
                guard !word.scalars.isEmpty, continues else {
                    if !word.scalars.isEmpty, word.scalars.count <= 7, Self.elisions.contains(Self.string(word.scalars) + "'") {
                        word.scalars.append("'")
                        position += 1
                    }
                    break
                }
            } else if !Self.isWordScalar(scalar) {
                break
            }
            if scalar.isASCII {
                let value = scalar.value
                if value >= 0x41 && value <= 0x5A {
                    letters += 1
                    uppercase += 1
                } else if value >= 0x61 && value <= 0x7A {
                    letters += 1
                }
            } else if scalar.properties.isAlphabetic {
                letters += 1
                if scalar.properties.isUppercase { uppercase += 1 }
            }
            let lower = Self.lowercase(scalar)
            if lower == previous {
                run += 1
            } else {
                run = 1
                previous = lower
            }
            if run <= 2 {
                word.scalars.append(lower)
            } else {
                word.elongated = true
            }
            position += 1
        }
        word.shouted = letters >= 3 && uppercase == letters
        return word
    }

    private static let urlPrefixes: [[Unicode.Scalar]] = ["https://", "http://", "www."].map { Array($0.unicodeScalars) }

    private func startsURL() -> Bool {
        let first = input[position]
        guard first == "h" || first == "H" || first == "w" || first == "W" else { return false }
        for prefix in Self.urlPrefixes where position + prefix.count <= input.count {
            var matches = true
            for (offset, scalar) in prefix.enumerated() where Self.lowercase(input[position + offset]) != scalar {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// The characters an emoticon can start with.
    private static let emoticonStarts: Set<Unicode.Scalar> = Set(emoticons.compactMap(\.first))

    private func matchEmoticon() -> [Unicode.Scalar]? {
        let scalar = input[position]
        guard scalar.isASCII, Self.emoticonStarts.contains(scalar) else { return nil }
        if position > 0, Self.isWordScalar(input[position - 1]) { return nil }
        for emoticon in Self.emoticons where position + emoticon.count <= input.count {
            if zip(emoticon, input[position...]).allSatisfy({ $0 == $1 }) {
                let end = position + emoticon.count
                if end < input.count, Self.isWordScalar(input[end]), emoticon.last?.properties.isAlphabetic == true { continue }
                return emoticon
            }
        }
        return nil
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) || value == 0x5F
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x2190 && scalar.properties.isEmoji && !isEmojiModifier(scalar)
    }

    static func isEmojiModifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFE0F || scalar.value == 0x200D || (scalar.value >= 0x1F3FB && scalar.value <= 0x1F3FF)
    }

    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
