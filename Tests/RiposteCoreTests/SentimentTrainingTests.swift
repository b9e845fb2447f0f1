import Foundation
import Testing

@testable import RiposteCore

/// Training, the model file and the figures, on a small made-up data set (tests never read ../shared).
@Suite struct SentimentTrainingTests {
    static let lexicon = SentimentLexicon(
        english: ["good": 1.9, "great": 3.1, "love": 3.2, "bad": -2.5, "terrible": -2.1, "awful": -2.0, "hate": -2.7],
        french: ["génial": 3.0, "nul": -2.6],
        symbols: ["😡": -3.0, "😍": 3.0]
    )

    static let examples: [LabelledText] = {
        let positive = ["great service, love it", "so good, thanks", "love the new app 😍", "great crew today", "good job team", "c'est génial merci"]
        let negative = ["terrible delay again", "awful support, hate it 😡", "bad bad bad", "lost my bag, terrible", "worst flight, awful", "c'est nul"]
        let neutral = ["flight 123 leaves at 9", "is the lounge open", "boarding now", "what time is check-in", "gate changed to B4", "le vol part à 9h"]
        var examples: [LabelledText] = []
        for round in 0..<4 {
            for (label, texts) in [(Sentiment.supportive, positive), (.unsupportive, negative), (.neutral, neutral)] {
                for text in texts { examples.append(LabelledText(text: "\(text) \(round)", label: label, domain: round % 2 == 0 ? "a" : "b")) }
            }
        }
        return examples
    }()

    static var options: SentimentTrainingOptions {
        var options = SentimentTrainingOptions()
        options.hashBits = 12
        options.domainBits = 10
        options.epochs = 10
        return options
    }

    @Test func learnsTheTrainingDataAndExplainsItself() {
        let model = SentimentTrainer(options: Self.options, lexicon: Self.lexicon).train(Self.examples, sources: [])
        let classifier = SentimentClassifier(model: model)
        let result = classifier.classify("terrible delay, I hate it")
        #expect(result.label == .unsupportive)
        #expect(result.confidence > 1.0 / 3.0 && result.confidence <= 1)
        #expect(abs(result.probabilities.values.reduce(0, +) - 1) < 1e-4)
        #expect(result.evidence.contains { $0.text.contains("terrible") || $0.text.contains("hate") })
        #expect(classifier.classify("love it, great").label == .supportive)
        #expect(classifier.label("gate changed to B4") == .neutral)
        #expect(model.metadata.version.hasPrefix("sentiment-"))
    }

    @Test func trainingIsReproducible() throws {
        let trainer = SentimentTrainer(options: Self.options, lexicon: Self.lexicon)
        let first = try trainer.train(Self.examples, sources: []).encoded()
        let second = try trainer.train(Self.examples, sources: []).encoded()
        #expect(first == second)
        var other = Self.options
        other.seed = 7
        #expect(try SentimentTrainer(options: other, lexicon: Self.lexicon).train(Self.examples, sources: []).encoded() != first)
    }

    @Test func theModelFileRoundTrips() throws {
        let sources = [SentimentModel.TrainingSource(file: "a.csv", domain: "a", rows: 36)]
        let model = SentimentTrainer(options: Self.options, lexicon: Self.lexicon).train(Self.examples, sources: sources)
        let decoded = try SentimentModel(encoded: model.encoded())
        #expect(decoded.metadata == model.metadata)
        #expect(decoded.lexicon == model.lexicon)
        #expect(decoded.domains == ["a", "b"])
        let original = SentimentClassifier(model: model)
        let reloaded = SentimentClassifier(model: decoded)
        for example in Self.examples.prefix(12) {
            #expect(original.label(example.text) == reloaded.label(example.text))
        }
    }

    @Test func refusesFilesThatAreNotModels() throws {
        #expect(throws: ModelFileError.self) { try SentimentModel(encoded: Array("hello".utf8)) }
        let model = SentimentTrainer(options: Self.options, lexicon: Self.lexicon).train(Self.examples, sources: [])
        let bytes = try model.encoded()
        #expect(throws: ModelFileError.self) { try SentimentModel(encoded: Array(bytes.dropLast(10))) }
    }

    @Test func crossValidationScoresEveryDomain() {
        let results = SentimentTrainer(options: Self.options, lexicon: Self.lexicon).crossValidate(Self.examples, folds: 3)
        #expect(Set(results.keys) == ["a", "b"])
        #expect(results.values.map(\.total).reduce(0, +) == Self.examples.count)
    }
}

@Suite struct LabelledCSVTests {
    @Test func readsQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let csv = "id,text,label,extra\r\n1,\"hello, \"\"world\"\"\nsecond line\",supportive,x\n2,plain,neutral,\n"
        let rows = try LabelledCSV.parse(csv, allowedLabels: ["supportive", "neutral", "unsupportive"])
        #expect(rows.map(\.text) == ["hello, \"world\"\nsecond line", "plain"])
        #expect(rows.map(\.line) == [2, 4])
        #expect(rows.map(\.id) == ["1", "2"])
    }

    @Test func readsAByteOrderMarkAndTextInAnyScript() throws {
        let csv = "\u{FEFF}id,text,label\n1,\"Très déçu 😡, vraiment\",unsupportive\n2,日本語のテキスト,neutral"
        let rows = try LabelledCSV.parse(csv, allowedLabels: ["supportive", "neutral", "unsupportive"])
        #expect(rows.map(\.text) == ["Très déçu 😡, vraiment", "日本語のテキスト"])
        #expect(rows.map(\.label) == ["unsupportive", "neutral"], "the last row needs no final newline")
    }

    @Test func namesTheLineOfABadLabel() {
        let csv = "id,text,label\n1,ok,neutral\n2,\"two\nlines\",neutral\n3,bad,positive\n"
        #expect(throws: LabelledCSVError(line: 5, message: "unknown label `positive` (expected one of neutral, supportive, unsupportive)")) {
            try LabelledCSV.parse(csv, allowedLabels: ["supportive", "neutral", "unsupportive"])
        }
    }

    @Test func namesTheLineOfAnUnclosedQuoteAndAMissingColumn() {
        #expect(throws: LabelledCSVError(line: 3, message: "a quoted field opened here is never closed")) {
            try LabelledCSV.parse("id,text,label\n1,a,ade\n2,\"b,ade\n", allowedLabels: ["ade", "no_ade"])
        }
        #expect(throws: LabelledCSVError.self) { try LabelledCSV.parse("id,text,label\n1,only-two\n", allowedLabels: ["ade"]) }
        #expect(throws: LabelledCSVError.self) { try LabelledCSV.parse("id,body,tag\n1,a,ade\n", allowedLabels: ["ade"]) }
    }
}

@Suite struct SentimentLexiconTests {
    @Test func parsesSectionsAndNamesTheBadLine() throws {
        let lexicon = try SentimentLexicon.parse("# comment\nen\tgood\t1.9\nfr\tnul\t-2.6\nsymbol\t:)\t2\n")
        #expect(lexicon.valence(of: "good", language: "en") == 1.9)
        #expect(lexicon.valence(of: "nul", language: "fr") == -2.6)
        #expect(lexicon.valence(of: "good", language: "fr") == nil)
        #expect(lexicon.valence(of: ":)", language: "fr") == 2)
        #expect(throws: LexiconError(line: 2, message: "expected `section<TAB>token<TAB>valence` with a valence between -4 and 4")) {
            try SentimentLexicon.parse("en\tgood\t1\nen\tbad\tminus two\n")
        }
    }
}

@Suite struct EvaluationReportTests {
    @Test func hasTheContractsJSONShape() throws {
        var metrics = ClassificationMetrics(labels: EvaluationTask.sentiment.labels)
        metrics.record(truth: "unsupportive", prediction: "unsupportive")
        metrics.record(truth: "unsupportive", prediction: "neutral")
        metrics.record(truth: "supportive", prediction: "supportive")
        metrics.record(truth: "neutral", prediction: "unsupportive")
        let report = EvaluationReport(task: .sentiment, metrics: metrics, textsPerSecond: 1234.5)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["n", "accuracy", "macro_f1", "unsupportive", "texts_per_second"])
        #expect(object["n"] as? Int == 4)
        #expect(object["accuracy"] as? Double == 0.5)
        let focus = try #require(object["unsupportive"] as? [String: Double])
        #expect(focus == ["precision": 0.5, "recall": 0.5, "f1": 0.5])
        let ade = EvaluationReport(task: .ade, metrics: ClassificationMetrics(labels: EvaluationTask.ade.labels), textsPerSecond: 1)
        let adeObject = try #require(try JSONSerialization.jsonObject(with: Data(ade.json.utf8)) as? [String: Any])
        #expect(adeObject["ade"] != nil && adeObject["unsupportive"] == nil)
    }

    @Test func macroF1AveragesEveryLabel() {
        var metrics = ClassificationMetrics(labels: ["a", "b"])
        metrics.record(truth: "a", prediction: "a")
        metrics.record(truth: "b", prediction: "a")
        // a: precision 0.5, recall 1 → F1 2/3; b: F1 0.
        #expect(abs(metrics.macroF1 - 1.0 / 3.0) < 1e-9)
        #expect(metrics.table.contains("truth \\ predicted"))
    }
}
