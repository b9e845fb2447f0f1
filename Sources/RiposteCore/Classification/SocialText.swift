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
        /// Inside a negation scope.
        public var negated = false
        /// After a contrast word (`but`, `mais`, `however`…) in the same sentence.
        public var afterContrast = false
        /// Written in capitals in the original (`AWFUL`).
        public var shouted = false
        /// A letter was repeated three times or more in the original (`sooo`).
        public var elongated = false
        /// ``SocialText/key(of:)`` of the text: what word lists and lexicons are looked up by.
        let key: UInt64
        /// The key of ``bareText``.
        let bareKey: UInt64
        /// Where its scalars start in ``SocialText/scalars``.
        let start: Int
        /// How many scalars it has.
        public let length: Int
        /// Its first scalar and, for one-scalar tokens, its only one.
        let first: Unicode.Scalar
        /// The token's roles in the word lists, looked up once while scanning (several readers
        /// ask for them).
        let roles: WordRoles

        init(kind: Kind, text: String, key: UInt64, bareKey: UInt64, start: Int, length: Int, first: Unicode.Scalar, shouted: Bool, elongated: Bool) {
            self.kind = kind
            self.text = text
            self.key = key
            self.bareKey = bareKey
            self.start = start
            self.length = length
            self.first = first
            roles = WordRoles.of(key)
            self.shouted = shouted
            self.elongated = elongated
        }

        /// The normalised text as scalars.
        public var scalars: [Unicode.Scalar] { Array(text.unicodeScalars) }

        /// The text without a leading `#`, for lexicon look-ups.
        public var bareText: Substring {
            kind == .hashtag ? text.dropFirst() : text[...]
        }

        /// A one-scalar token equal to `scalar`.
        @inline(__always)
        func `is`(_ scalar: Unicode.Scalar) -> Bool {
            length == 1 && first == scalar
        }

        public static func == (lhs: Token, rhs: Token) -> Bool {
            lhs.kind == rhs.kind && lhs.text == rhs.text && lhs.negated == rhs.negated && lhs.afterContrast == rhs.afterContrast
                && lhs.shouted == rhs.shouted && lhs.elongated == rhs.elongated
        }
    }

    /// The key of a token's text: 64-bit FNV-1a over its scalars (the hash word features start from).
    @inline(__always)
    static func key(of scalars: some Sequence<Unicode.Scalar>) -> UInt64 {
        var hash = FNV.offset ^ 0x01
        for scalar in scalars { hash = FNV.mix(hash, scalar.value) }
        return hash
    }

    /// The tokens, in order.
    public private(set) var tokens: [Token]
    /// Every token's normalised scalars, one after another (a token's are at `start..<start + length`).
    let scalars: [Unicode.Scalar]

    /// Tokenises a post.
    public init(_ raw: String) {
        var scanner = SocialTextScanner(HTMLEntities.decode(raw))
        scanner.scan()
        tokens = scanner.tokens
        scalars = scanner.output
        SocialText.markScopes(&tokens, scalars: scalars)
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
        WordRoles.of(key(of: text.unicodeScalars)).contains(.negator) || isNegatorBySuffix(Array(text.unicodeScalars)[...])
    }

    private static func markScopes(_ tokens: inout [Token], scalars: [Unicode.Scalar]) {
        var negated = false
        var contrast = false
        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .punctuation:
                negated = false
                if !token.is(",") { contrast = false }
            case .word, .hashtag:
                let roles = token.roles
                if roles.contains(.contrast) {
                    negated = false
                    contrast = true
                } else if roles.contains(.negator) || isNegatorBySuffix(scalars[token.start..<(token.start + token.length)]) {
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

    /// `n'` or a word ending in `n't`.
    @inline(__always)
    private static func isNegatorBySuffix(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let end = scalars.endIndex
        switch scalars.count {
        case ..<2: return false
        case 2: return scalars[end - 1] == "'" && scalars[end - 2] == "n"
        default: return scalars[end - 1] == "t" && scalars[end - 2] == "'" && scalars[end - 3] == "n"
        }
    }
}

/// The scanner behind ``SocialText``: reads the post's scalars once and writes every token's
/// normalised scalars into one buffer, so that a token costs no allocation of its own (short
/// ASCII texts are stored inline by `String`).
struct SocialTextScanner {
    private let input: [Unicode.Scalar]
    private var position = 0
    private(set) var tokens: [SocialText.Token] = []
    /// The normalised scalars of every token, in order.
    private(set) var output: [Unicode.Scalar] = []

    init(_ text: String) {
        input = Self.scalars(of: text)
        output.reserveCapacity(input.count + 8)
        tokens.reserveCapacity(input.count / 4 + 1)
    }

    /// The scalars of `text`, decoded in one pass over its UTF-8 (`Array(text.unicodeScalars)`
    /// counts them first, then decodes them).
    static func scalars(of text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        buffer[count] = Unicode.Scalar(byte)
                        index += 1
                    } else {
                        // A valid String's UTF-8: a lead byte says how many continuation bytes follow.
                        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                        var value = UInt32(byte) & (0x7F >> UInt32(length))
                        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                        buffer[count] = Unicode.Scalar(value) ?? "\u{FFFD}"
                        index += length
                    }
                    count += 1
                }
            }
        }
    }

    /// ASCII emoticons, longest first so `:-)` wins over `:-`.
    static let emoticons: [[Unicode.Scalar]] = [
        ":'-(", ":'-)", ">:-(", ">:(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)", ":'(", ":')", "</3",
        ":)", ":(", ":D", ":P", ":p", ":/", ":|", ";)", ";(", ":o", ":O", "<3", "=)", "=(", "xD", "XD", "^^", "^_^", "-_-", "T_T",
    ].map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    private static let http = Array("http".unicodeScalars)

    mutating func scan() {
        while position < input.count {
            let scalar = input[position]
            if scalar == " " || scalar == "\n" || scalar == "\t" || (!scalar.isASCII && scalar.properties.isWhitespace) {
                position += 1
            } else if startsURL() {
                while position < input.count, input[position] != " ", input[position] != "\n", !input[position].properties.isWhitespace { position += 1 }
                let start = output.count
                output.append(contentsOf: Self.http)
                append(.url, from: start)
            } else if (scalar == "@" || scalar == "#" || scalar == "＃"), position + 1 < input.count, Self.isWordScalar(input[position + 1]) {
                position += 1
                let start = output.count
                output.append(scalar == "@" ? "@" : "#")
                let word = scanWord()
                append(scalar == "@" ? .mention : .hashtag, from: start, shouted: word.shouted, elongated: word.elongated)
            } else if let emoticon = matchEmoticon() {
                position += emoticon.count
                let start = output.count
                output.append(contentsOf: emoticon)
                append(.emoticon, from: start)
            } else if Self.isWordScalar(scalar) {
                let start = output.count
                let word = scanWord()
                appendWord(from: start, word)
            } else if !scalar.isASCII, Self.isEmoji(scalar) {
                position += 1
                let start = output.count
                output.append(scalar)
                append(.emoji, from: start)
                while position < input.count, Self.isEmojiModifier(input[position]) { position += 1 }
            } else if Self.isPunctuation(scalar) {
                var run = 1
                while position + run < input.count, input[position + run] == scalar { run += 1 }
                position += run
                let mark: Unicode.Scalar = scalar == "…" ? "." : scalar
                let start = output.count
                output.append(mark)
                if run > 1 && mark != "." { output.append(mark) }
                append(.punctuation, from: start)
            } else {
                position += 1
            }
        }
    }

    @inline(__always)
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", "!", "?", ";", ":", "…", "(", ")", "\"", "«", "»", "¡", "¿": true
        default: false
        }
    }

    /// Records the token whose scalars are `output[start...]`.
    private mutating func append(_ kind: SocialText.Token.Kind, from start: Int, shouted: Bool = false, elongated: Bool = false) {
        let key: UInt64
        let bareKey: UInt64
        let text: String
        (key, bareKey, text) = output.withUnsafeBufferPointer { buffer in
            let scalars = UnsafeBufferPointer(rebasing: buffer[start...])
            let key = SocialText.key(of: scalars)
            return (key, kind == .hashtag ? SocialText.key(of: scalars.dropFirst()) : key, Self.string(scalars))
        }
        tokens.append(SocialText.Token(
            kind: kind, text: text, key: key, bareKey: bareKey, start: start, length: output.count - start, first: output[start],
            shouted: shouted, elongated: elongated
        ))
    }

    /// A string from scalars, through UTF-8 (much faster than appending scalars one by one).
    static func string(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> String {
        if scalars.allSatisfy(\.isASCII) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                for (index, scalar) in scalars.enumerated() { buffer[index] = UInt8(truncatingIfNeeded: scalar.value) }
                return scalars.count
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// French elided articles and pronouns split from the word they lean on.
    static let elisions: Set<String> = ["l'", "d'", "j'", "n'", "qu'", "c'", "m'", "t'", "s'", "jusqu'", "lorsqu'", "puisqu'"]

    private mutating func appendWord(from start: Int, _ word: ScannedWord) {
        while output.count > start, output[output.count - 1] == "'" { output.removeLast() }
        var start = start
        if let apostrophe = output[start...].firstIndex(of: "'"), apostrophe + 1 < output.count {
            let head = SocialText.key(of: output[start...apostrophe])
            if WordRoles.of(head).contains(.elision) {
                // The elided head becomes its own token; the word after it follows in place.
                let tail = Array(output[(apostrophe + 1)...])
                output.removeSubrange((apostrophe + 1)...)
                append(.word, from: start)
                start = output.count
                output.append(contentsOf: tail)
            }
        }
        guard output.count > start else { return }
        let isNumber = output[start...].allSatisfy { ($0.value >= 0x30 && $0.value <= 0x39) || (!$0.isASCII && $0.properties.numericType != nil) }
        append(isNumber ? .number : .word, from: start, shouted: word.shouted, elongated: word.elongated)
    }

    private struct ScannedWord {
        var shouted = false
        var elongated = false
    }

    /// Reads letters, digits, `_` and inner apostrophes into `output`; lower-cases and squeezes
    /// runs of 3+ to 2.
    private mutating func scanWord() -> ScannedWord {
        var word = ScannedWord()
        let start = output.count
        var uppercase = 0
        var letters = 0
        var run = 0
        var previous: Unicode.Scalar?
        while position < input.count {
            var scalar = input[position]
            if scalar == "’" || scalar == "‘" || scalar == "`" { scalar = "'" }
            if scalar == "'" {
                let continues = position + 1 < input.count && Self.isWordScalar(input[position + 1])
                let length = output.count - start
                guard length > 0, continues else {
                    if length > 0, length <= 7,
                       WordRoles.of(FNV.mix(SocialText.key(of: output[start...]), UInt32(UInt8(ascii: "'")))).contains(.elision) {
                        output.append("'")
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
                output.append(lower)
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
    /// The ASCII characters an emoticon can start with, one bit each (low and high half).
    private static let emoticonStarts: (UInt64, UInt64) = {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for emoticon in emoticons {
            guard let first = emoticon.first else { continue }
            let value = UInt64(first.value)
            if value < 64 { low |= 1 << value } else { high |= 1 << (value - 64) }
        }
        return (low, high)
    }()

    @inline(__always)
    private static func startsEmoticon(_ value: UInt32) -> Bool {
        let bits = value < 64 ? emoticonStarts.0 >> UInt64(value) : emoticonStarts.1 >> UInt64(value - 64)
        return bits & 1 == 1
    }

    private func matchEmoticon() -> [Unicode.Scalar]? {
        let scalar = input[position]
        guard scalar.isASCII, Self.startsEmoticon(scalar.value) else { return nil }
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

    @inline(__always)
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

    @inline(__always)
    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
