/// An immutable map from a token's key (the FNV-1a hash of its normalised scalars, see
/// ``SocialText/Token/key``) to a value, with open addressing and linear probing.
///
/// The classifier looks every token up in several word lists and lexicons. With `String` keys each
/// look-up hashes the string with SipHash; here the key was computed once while scanning, and a
/// look-up is a multiply, a mask and usually one comparison. Keys are 64-bit hashes, so two
/// different words could share one: with a few thousand entries the chance that any token of a
/// post collides with one is about 1 in 10^15 per post.
struct TokenKeyTable<Value: Sendable>: Sendable {
    /// A key and its value side by side, so that a look-up touches one cache line.
    private struct Entry: Sendable {
        var key: UInt64
        var value: Value?
    }

    private var entries: [Entry]
    private let mask: Int

    /// A table holding `entries`; a later entry with the same key replaces an earlier one.
    init(_ list: some Sequence<(UInt64, Value)>) {
        let list = Array(list)
        var capacity = 16
        while capacity < list.count * 2 { capacity <<= 1 }
        entries = .init(repeating: Entry(key: 0, value: nil), count: capacity)
        mask = capacity - 1
        for (key, value) in list {
            var slot = Self.slot(key, mask: mask)
            while entries[slot].value != nil, entries[slot].key != key { slot = (slot + 1) & mask }
            entries[slot] = Entry(key: key, value: value)
        }
    }

    /// A table keyed by the words' keys.
    init(words: some Sequence<(String, Value)>) {
        self.init(words.map { (SocialText.key(of: $0.0.unicodeScalars), $0.1) })
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: FNV.finish(key)) & mask
    }

    /// The value stored for `key`.
    @inline(__always)
    subscript(key: UInt64) -> Value? {
        entries.withUnsafeBufferPointer { entries in
            var slot = Self.slot(key, mask: mask)
            while let value = entries[slot].value {
                if entries[slot].key == key { return value }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}

/// What the tokenizer and the classifier know about a function word, as bits.
struct WordRoles: OptionSet, Sendable {
    let rawValue: UInt32

    static let negator = WordRoles(rawValue: 1 << 0)
    static let contrast = WordRoles(rawValue: 1 << 1)
    static let booster = WordRoles(rawValue: 1 << 2)
    static let sarcasmTag = WordRoles(rawValue: 1 << 3)
    static let agreement = WordRoles(rawValue: 1 << 4)
    static let praise = WordRoles(rawValue: 1 << 5)
    static let ordeal = WordRoles(rawValue: 1 << 6)
    static let elision = WordRoles(rawValue: 1 << 7)
    /// Bits 16 and up: a function word of language `n` of ``LanguageDetector``'s list.
    static func stopword(ofLanguage index: Int) -> WordRoles { WordRoles(rawValue: 1 << (16 + UInt32(index))) }

    /// Every word's roles, from the word lists of the tokenizer, the featurizer and the language detector.
    static let table: TokenKeyTable<WordRoles> = {
        var roles: [String: WordRoles] = [:]
        func add(_ words: some Sequence<String>, _ role: WordRoles) {
            for word in words { roles[word, default: []].insert(role) }
        }
        add(SocialText.negators, .negator)
        add(SocialText.contrasts, .contrast)
        add(SocialTextScanner.elisions, .elision)
        add(SentimentFeaturizer.boosters, .booster)
        add(SentimentFeaturizer.sarcasmTags, .sarcasmTag)
        add(SentimentFeaturizer.agreements, .agreement)
        add(SentimentFeaturizer.praise, .praise)
        add(SentimentFeaturizer.ordeals, .ordeal)
        for (index, entry) in LanguageDetector.stopwords.enumerated() { add(entry.words, .stopword(ofLanguage: index)) }
        return TokenKeyTable(words: roles.map { ($0.key, $0.value) })
    }()

    /// The roles of the token with `key` (empty for most words).
    @inline(__always)
    static func of(_ key: UInt64) -> WordRoles {
        table[key] ?? []
    }
}
