import Testing

@testable import RiposteCore

/// The fast scorer (interleaved tables, precomputed vocabulary rows, token keys) gives the scores
/// of the plain model on every kind of token, known and unknown, negated or not.
@Suite struct SentimentScorerTests {
    static let texts = [
        "terrible delay again, I hate it 😡",
        "not good at all. great crew though",
        "I don't love it but it's not terrible",
        "#fail @airline lost my bag https://t.co/x sooooo bad!!!",
        "c'est génial merci, l'équipe au top",
        "ce n'est pas nul du tout",
        "gate changed to B4 :) <3",
        "zqxjk unseenword 12345 ¿qué? … «citation»",
        "AWFUL AWFUL service",
        "",
        "👍",
    ]

    static func model(vocabulary: Bool) -> SentimentModel {
        var model = SentimentTrainer(options: SentimentTrainingTests.options, lexicon: SentimentTrainingTests.lexicon)
            .train(SentimentTrainingTests.examples, sources: [])
        if !vocabulary { model.vocabulary = [] }
        return model
    }

    @Test(arguments: [true, false])
    func scoresLikeThePlainModel(withVocabulary vocabulary: Bool) {
        let model = Self.model(vocabulary: vocabulary)
        #expect(vocabulary == !model.vocabulary.isEmpty)
        let scorer = SentimentScorer(model: model)
        let featurizer = model.featurizer
        for raw in Self.texts {
            let text = SocialText(raw)
            let vector = featurizer.features(of: text, language: "en")
            let expectedRouting = model.routing(vector)
            let expected = model.logits(vector, routing: expectedRouting)
            let (logits, routing) = scorer.logits(text, dense: vector.dense)
            for label in 0..<3 { #expect(abs(logits[label] - expected[label]) < 1e-4, "\(raw): class \(label)") }
            for domain in routing.indices { #expect(abs(routing[domain] - expectedRouting[domain]) < 1e-5, "\(raw): domain \(domain)") }
        }
    }

    @Test func theVocabularyHoldsRepeatedTokensMostFrequentFirst() {
        let vocabulary = SentimentTrainer.vocabulary(of: [
            LabelledText(text: "great great crew, great day", label: .supportive, domain: "a"),
            LabelledText(text: "crew https://t.co/x !!!", label: .neutral, domain: "a"),
        ])
        #expect(vocabulary == ["great", "crew"], "once-seen words, URLs and punctuation stay out")
    }

    @Test func theVocabularyTravelsInTheModelFile() throws {
        let model = Self.model(vocabulary: true)
        #expect(try SentimentModel(encoded: model.encoded()).vocabulary == model.vocabulary)
    }

    @Test func tokenKeyTablesFindWhatTheyHoldAndNothingElse() {
        let words = (0..<500).map { "word\($0)" }
        let table = TokenKeyTable(words: words.enumerated().map { ($1, $0) })
        for (index, word) in words.enumerated() { #expect(table[SocialText.key(of: word.unicodeScalars)] == index) }
        #expect(table[SocialText.key(of: "word500".unicodeScalars)] == nil)
        #expect(TokenKeyTable<Int>([])[42] == nil)
        #expect(TokenKeyTable([(7, "a"), (7, "b")])[7] == "b", "a later entry replaces an earlier one")
    }

    @Test func theKeyedLexiconAnswersLikeTheLexicon() {
        let lexicon = SentimentLexicon(english: ["good": 1.9, "bad": -2.5, "cool": 1.3], french: ["nul": -2.6], symbols: [":)": 2])
        let index = LexiconIndex(lexicon)
        for word in ["good", "bad", "cool", "nul", ":)", "unknown"] {
            for language in ["en", "fr", nil] as [String?] {
                #expect(index.valence(of: SocialText.key(of: word.unicodeScalars), language: language)
                    == lexicon.valence(of: word[...], language: language), "\(word) in \(language ?? "nil")")
            }
        }
    }

    @Test func negatorsAreKnownByListAndByEnding() {
        for word in ["not", "jamais", "don't", "n'"] { #expect(SocialText.isNegator(word), "\(word)") }
        for word in ["note", "n", "t"] { #expect(!SocialText.isNegator(word), "\(word)") }
    }

    @Test func tokensCarryTheRolesOfTheirWords() {
        let tokens = SocialText("not good but yeah right #sarcasm merci").tokens
        #expect(tokens[0].roles.contains(.negator))
        #expect(tokens[2].roles.contains(.contrast))
        #expect(tokens[4].key == SocialText.key(of: "right".unicodeScalars))
        #expect(tokens[5].roles.contains(.sarcasmTag))
        #expect(tokens[5].bareKey == SocialText.key(of: "sarcasm".unicodeScalars))
        #expect(tokens[6].roles.contains(.stopword(ofLanguage: 1)), "merci is a French function word")
    }
}
