import Testing

@testable import RiposteCore

@Suite struct SocialTextTests {
    func texts(_ raw: String) -> [String] {
        SocialText(raw).tokens.map(\.text)
    }

    @Test func decodesHTMLEntitiesAsPlatformsDeliverThem() {
        #expect(texts("Q&amp;A &lt;3 it&#39;s &#x1F600; &bogus; &") == ["q", "a", "<3", "it's", "😀", "bogus", ";"])
    }

    @Test(arguments: ["", "plain ascii", "é à ç œ", "😡🇫🇷👍🏽", "日本語 ½ \u{10FFFF} \u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"])
    func decodesScalarsInOnePassLikeTheStandardLibrary(_ text: String) {
        #expect(SocialTextScanner.scalars(of: text) == Array(text.unicodeScalars))
    }

    @Test func keepsMentionsHashtagsAndURLsAsTheirOwnTokens() {
        let tokens = SocialText("@United lost my bag #fail https://t.co/xyz www.example.com").tokens
        #expect(tokens.map(\.text) == ["@united", "lost", "my", "bag", "#fail", "http", "http"])
        #expect(tokens.map(\.kind) == [.mention, .word, .word, .word, .hashtag, .url, .url])
        #expect(tokens[4].bareText == "fail")
    }

    @Test func squeezesElongationAndRemembersEmphasis() {
        let tokens = SocialText("sooooo goooood, SO BAD").tokens
        #expect(tokens.map(\.text) == ["soo", "good", ",", "so", "bad"])
        #expect(tokens[0].elongated && tokens[1].elongated && !tokens[3].elongated)
        #expect(!tokens[3].shouted, "two letters are not shouting")
        #expect(tokens[4].shouted)
    }

    @Test(arguments: [
        ("this is not good at all. great service", ["good", "at", "all"], ["great", "service"]),
        ("I don't like waiting", ["like", "waiting"], ["i"]),
        ("ce n'est pas terrible, franchement", ["terrible"], ["franchement"]),
        ("never again but the crew was lovely", ["again"], ["crew", "lovely"]),
    ])
    func marksNegationScopes(_ raw: String, _ negated: [String], _ plain: [String]) {
        let tokens = SocialText(raw).tokens
        for word in negated { #expect(tokens.first { $0.text == word }?.negated == true, "\(word) in \(raw)") }
        for word in plain { #expect(tokens.first { $0.text == word }?.negated == false, "\(word) in \(raw)") }
    }

    @Test func marksWordsAfterAContrast() {
        let tokens = SocialText("the app is good but slow").tokens
        #expect(tokens.first { $0.text == "good" }?.afterContrast == false)
        #expect(tokens.first { $0.text == "slow" }?.afterContrast == true)
    }

    @Test func splitsFrenchElisionAndCurlyApostrophes() {
        #expect(texts("l’avion d'Air France c'est nul, aujourd'hui") == ["l'", "avion", "d'", "air", "france", "c'", "est", "nul", ",", "aujourd'hui"])
        #expect(texts("don’t can't") == ["don't", "can't"])
    }

    @Test func readsEmojiAndEmoticons() {
        let tokens = SocialText("love it ❤️👍🏽 :) :-( <3 xD").tokens
        #expect(tokens.map(\.text) == ["love", "it", "❤", "👍", ":)", ":-(", "<3", "xD"])
        #expect(tokens.map(\.kind) == [.word, .word, .emoji, .emoji, .emoticon, .emoticon, .emoticon, .emoticon])
    }

    @Test func doesNotMistakeWordsOrTimesForEmoticons() {
        #expect(texts("xDrive at 10:30") == ["xdrive", "at", "10", ":", "30"])
    }

    @Test func squeezesRepeatedPunctuation() {
        #expect(texts("what?!!! really...") == ["what", "?", "!!", "really", "."])
    }
}

@Suite struct LanguageDetectorTests {
    @Test(arguments: [
        ("I can't believe the flight was delayed again", "en"),
        ("Je n'arrive pas à croire que le vol soit encore en retard", "fr"),
        ("merci pour votre aide, très rapide", "fr"),
        ("el servicio es muy malo y lento", "es"),
    ])
    func tellsTheLanguage(_ text: String, _ expected: String) {
        #expect(LanguageDetector().detect(text) == expected)
    }

    @Test func saysNothingWhenItCannotTell() {
        #expect(LanguageDetector().detect("@acme 👍") == nil)
    }
}
