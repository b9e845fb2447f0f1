import Foundation

/// How a sentiment model is trained. Stored in the model's metadata, so a model says how it was made.
public struct SentimentTrainingOptions: Codable, Sendable, Equatable {
    /// Passes over the training data.
    public var epochs = 40
    /// L2 regularisation strength.
    public var alpha = 1e-5
    /// The seed of every shuffle: the same data and options give the same model.
    public var seed: UInt64 = 42
    /// Sparse buckets of the shared table, as a power of two.
    public var hashBits = 18
    /// Sparse buckets of each domain table and of the router, as a power of two.
    public var domainBits = 16
    /// Passes of the domain router.
    public var routerEpochs = 5
    /// The share of rows held out to fit the temperature.
    public var calibrationFraction = 0.1
    /// How far class weights go toward balance within a domain: 0 = none, 1 = fully balanced.
    public var classBalance = 0.25
    /// The shortest character n-gram (0 with `charGramMax` 0 for none).
    public var charGramMin = 3
    /// The longest character n-gram.
    public var charGramMax = 5

    /// The character n-gram lengths.
    var charGrams: ClosedRange<Int> {
        charGramMax < 2 ? 0...0 : max(2, charGramMin)...charGramMax
    }

    /// The defaults (chosen by 5-fold cross-validation on the dev files; see the model card).
    public init() {}
}

/// One labelled post for training or evaluation.
public struct LabelledText: Sendable, Equatable {
    /// The post.
    public var text: String
    /// Its label.
    public var label: Sentiment
    /// Which training domain it belongs to (usually the file it came from).
    public var domain: String
    /// Its language, if known.
    public var language: String?

    /// Creates a labelled post.
    public init(text: String, label: Sentiment, domain: String, language: String? = nil) {
        self.text = text
        self.label = label
        self.domain = domain
        self.language = language
    }
}

/// Trains a ``SentimentModel`` by stochastic gradient descent on the multinomial log-loss, with
/// class weights balanced within each domain and the learning rate schedule of Bottou's SGD.
public struct SentimentTrainer: Sendable {
    /// The options.
    public var options: SentimentTrainingOptions
    /// The lexicon the model reads.
    public var lexicon: SentimentLexicon

    /// Creates a trainer.
    public init(options: SentimentTrainingOptions = SentimentTrainingOptions(), lexicon: SentimentLexicon) {
        self.options = options
        self.lexicon = lexicon
    }

    /// A post turned into features once, reused across folds.
    struct Prepared: Sendable {
        var vector: FeatureVector
        var label: Int
        var domain: Int
        var stratum: Int
        /// An explicit sarcasm cue is present (the classifier's sarcasm rule applies).
        var sarcastic = false
    }

    /// Featurises examples; `domains` is the sorted list of their domains.
    func prepare(_ examples: [LabelledText], progress: (Int) -> Void = { _ in }) -> (prepared: [Prepared], domains: [String]) {
        let domains = Array(Set(examples.map(\.domain))).sorted()
        let domainIndex = Dictionary(uniqueKeysWithValues: domains.enumerated().map { ($1, $0) })
        let featurizer = SentimentFeaturizer(hashBits: options.hashBits, lexicon: lexicon, charGrams: options.charGrams)
        let detector = LanguageDetector()
        var prepared: [Prepared] = []
        prepared.reserveCapacity(examples.count)
        for (number, example) in examples.enumerated() {
            let social = SocialText(example.text)
            let language = SentimentClassifier.normalisedLanguage(example.language) ?? detector.detect(social) ?? "en"
            let domain = domainIndex[example.domain] ?? 0
            prepared.append(Prepared(
                vector: featurizer.features(of: social, language: language),
                label: example.label.classIndex, domain: domain, stratum: domain * 3 + example.label.classIndex,
                sarcastic: !featurizer.sarcasmCues(social).isEmpty
            ))
            if number % 1000 == 999 { progress(number + 1) }
        }
        return (prepared, domains)
    }

    /// Trains on every example: first on all but a held-out share to fit the temperature, then
    /// on everything with that temperature.
    /// - Parameters:
    ///   - examples: The labelled posts.
    ///   - sources: The files they came from, for the metadata.
    ///   - progress: Called with a line of progress now and then.
    public func train(_ examples: [LabelledText], sources: [SentimentModel.TrainingSource], progress: (String) -> Void = { _ in }) -> SentimentModel {
        progress("featurising \(examples.count) texts")
        let (prepared, domains) = prepare(examples) { done in progress("featurised \(done)/\(examples.count)") }
        let (calibrationTrain, calibrationTest) = Self.split(prepared, holdOut: options.calibrationFraction, seed: options.seed)
        progress("fitting the temperature on \(calibrationTest.count) held-out texts")
        let probe = fit(prepared, rows: calibrationTrain, domains: domains, metadata: placeholderMetadata(sources))
        let (temperature, before, after) = Self.fitTemperature(model: probe, prepared: prepared, rows: calibrationTest)
        progress(String(format: "temperature %.2f (held-out log-loss %.4f → %.4f)", temperature, before, after))
        progress("training on all \(prepared.count) texts")
        var metadata = placeholderMetadata(sources)
        metadata.calibration = ["temperature": Double(temperature), "held_out_log_loss_before": before, "held_out_log_loss_after": after]
        var model = fit(prepared, rows: Array(prepared.indices), domains: domains, metadata: metadata)
        model.temperature = temperature
        model.metadata.version = "sentiment-" + Self.fingerprint(model)
        model.vocabulary = Self.vocabulary(of: examples)
        return model
    }

    /// The tokens that occur at least twice in `examples` (most frequent first, at most
    /// `limit`): the words whose character n-grams the scorer precomputes.
    static func vocabulary(of examples: [LabelledText], limit: Int = 60_000) -> [String] {
        var counts: [String: Int] = [:]
        for example in examples {
            for token in SocialText(example.text).tokens where SentimentFeaturizer.hasCharacterGrams(token) {
                counts[token.text, default: 0] += 1
            }
        }
        return counts.filter { $0.value >= 2 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map(\.key)
    }

    private func placeholderMetadata(_ sources: [SentimentModel.TrainingSource]) -> SentimentModel.Metadata {
        SentimentModel.Metadata(version: "untrained", trainedOn: sources, options: options)
    }

    /// A short digest of the weights, so two different models never share a version.
    static func fingerprint(_ model: SentimentModel) -> String {
        var hash = FNV.offset
        for table in [model.bias, model.sharedDense, model.domainBias] {
            for value in table { hash = FNV.mix(hash, value.bitPattern) }
        }
        for index in stride(from: 0, to: model.shared.count, by: 97) { hash = FNV.mix(hash, model.shared[index].bitPattern) }
        return String(FNV.finish(hash) & 0xFFFF_FFFF, radix: 16)
    }

    /// A stratified split: `holdOut` of each (domain, label) stratum goes to the second list.
    static func split(_ prepared: [Prepared], holdOut: Double, seed: UInt64) -> ([Int], [Int]) {
        var generator = SplitMix64(seed: seed ^ 0xCA11)
        var byStratum: [Int: [Int]] = [:]
        for (index, item) in prepared.enumerated() { byStratum[item.stratum, default: []].append(index) }
        var train: [Int] = []
        var test: [Int] = []
        for stratum in byStratum.keys.sorted() {
            var rows = byStratum[stratum] ?? []
            rows.shuffle(using: &generator)
            let cut = Int((Double(rows.count) * holdOut).rounded())
            test += rows[..<cut]
            train += rows[cut...]
        }
        return (train.sorted(), test.sorted())
    }

    /// Trains a model on `rows` of `prepared`.
    func fit(_ prepared: [Prepared], rows: [Int], domains: [String], metadata: SentimentModel.Metadata) -> SentimentModel {
        var model = SentimentModel(metadata: metadata, lexicon: lexicon, domains: domains, hashBits: options.hashBits, domainBits: options.domainBits)
        let classes = SentimentModel.classCount
        let dense = SentimentFeaturizer.denseCount
        let domainBuckets = 1 << options.domainBits
        let mask = Int32(domainBuckets - 1)
        // Balanced class weights within each domain.
        var counts = [Int: Int]()
        var domainSizes = [Int: Int]()
        for row in rows {
            counts[prepared[row].stratum, default: 0] += 1
            domainSizes[prepared[row].domain, default: 0] += 1
        }
        func weight(_ item: Prepared) -> Float {
            powf(Float(domainSizes[item.domain] ?? 1) / Float(classes * (counts[item.stratum] ?? 1)), Float(options.classBalance))
        }
        var generator = SplitMix64(seed: options.seed)
        let alpha = Float(options.alpha)
        let typicalWeight = (1 / alpha.squareRoot()).squareRoot()
        let t0 = 1 / (alpha * typicalWeight)
        var step: Float = 0
        var scale: Float = 1
        var order = rows
        for _ in 0..<options.epochs {
            order.shuffle(using: &generator)
            for row in order {
                let item = prepared[row]
                let vector = item.vector
                let domain = item.domain
                var logits = [Float](repeating: 0, count: classes)
                for label in 0..<classes { logits[label] = model.bias[label] + model.domainBias[domain * classes + label] }
                var raw = [Float](repeating: 0, count: classes)
                let value = vector.scale
                for index in vector.indices {
                    let row = Int(index) * classes
                    let domainRow = (domain * domainBuckets + Int(index & mask)) * classes
                    for label in 0..<classes {
                        raw[label] += value * (model.shared[row + label] + model.domainWeights[domainRow + label])
                    }
                }
                for feature in 0..<dense where vector.dense[feature] != 0 {
                    for label in 0..<classes {
                        raw[label] += vector.dense[feature] * (model.sharedDense[feature * classes + label] + model.domainDense[(domain * dense + feature) * classes + label])
                    }
                }
                for label in 0..<classes { logits[label] += scale * raw[label] }
                let probabilities = softmax(logits)
                let sampleWeight = weight(item)
                let eta = 1 / (alpha * (t0 + step))
                scale *= 1 - eta * alpha
                let rawStep = eta / scale
                for label in 0..<classes {
                    let gradient = (probabilities[label] - (label == item.label ? 1 : 0)) * sampleWeight
                    guard gradient != 0 else { continue }
                    model.bias[label] -= eta * gradient * 0.01
                    model.domainBias[domain * classes + label] -= eta * gradient * 0.01
                    let update = rawStep * gradient * value
                    for index in vector.indices {
                        model.shared[Int(index) * classes + label] -= update
                        model.domainWeights[(domain * domainBuckets + Int(index & mask)) * classes + label] -= update
                    }
                    for feature in 0..<dense where vector.dense[feature] != 0 {
                        model.sharedDense[feature * classes + label] -= rawStep * gradient * vector.dense[feature]
                        model.domainDense[(domain * dense + feature) * classes + label] -= rawStep * gradient * vector.dense[feature]
                    }
                }
                step += 1
                if scale < 1e-6 {
                    Self.rescale(&model, by: scale)
                    scale = 1
                }
            }
        }
        Self.rescale(&model, by: scale)
        if domains.count > 1 { trainRouter(&model, prepared: prepared, rows: rows) }
        return model
    }

    private static func rescale(_ model: inout SentimentModel, by scale: Float) {
        for index in model.shared.indices { model.shared[index] *= scale }
        for index in model.domainWeights.indices { model.domainWeights[index] *= scale }
        for index in model.sharedDense.indices { model.sharedDense[index] *= scale }
        for index in model.domainDense.indices { model.domainDense[index] *= scale }
    }

    /// Trains the domain router: a multinomial logistic regression from features to domain.
    private func trainRouter(_ model: inout SentimentModel, prepared: [Prepared], rows: [Int]) {
        let domainCount = model.domains.count
        let mask = Int32((1 << options.domainBits) - 1)
        var generator = SplitMix64(seed: options.seed ^ 0x5EED)
        let alpha: Float = 1e-5
        let t0 = 1 / (alpha * (1 / alpha.squareRoot()).squareRoot())
        var step: Float = 0
        var scale: Float = 1
        var order = rows
        for _ in 0..<options.routerEpochs {
            order.shuffle(using: &generator)
            for row in order {
                let item = prepared[row]
                var scores = model.routerBias
                let words = item.vector.indices[..<item.vector.wordFeatureCount]
                let value = SentimentModel.routerValue(item.vector)
                for index in words {
                    let base = Int(index & mask) * domainCount
                    for domain in 0..<domainCount { scores[domain] += scale * value * model.router[base + domain] }
                }
                let probabilities = softmax(scores)
                let eta = 1 / (alpha * (t0 + step))
                scale *= 1 - eta * alpha
                for domain in 0..<domainCount {
                    let gradient = probabilities[domain] - (domain == item.domain ? 1 : 0)
                    model.routerBias[domain] -= eta * gradient * 0.01
                    let update = eta / scale * gradient * value
                    for index in words {
                        model.router[Int(index & mask) * domainCount + domain] -= update
                    }
                }
                step += 1
                if scale < 1e-6 {
                    for index in model.router.indices { model.router[index] *= scale }
                    scale = 1
                }
            }
        }
        for index in model.router.indices { model.router[index] *= scale }
    }

    /// The temperature that minimises the held-out log-loss, with the log-loss before and after.
    static func fitTemperature(model: SentimentModel, prepared: [Prepared], rows: [Int]) -> (Float, Double, Double) {
        guard !rows.isEmpty else { return (1, 0, 0) }
        let logits = rows.map { model.logits(prepared[$0].vector, routing: model.routing(prepared[$0].vector)) }
        func loss(_ temperature: Float) -> Double {
            var total = 0.0
            for (offset, row) in rows.enumerated() {
                let probabilities = softmax(logits[offset].map { $0 / temperature })
                total -= log(Double(max(probabilities[prepared[row].label], 1e-12)))
            }
            return total / Double(rows.count)
        }
        var best: Float = 1
        var bestLoss = loss(1)
        var candidate: Float = 0.25
        while candidate <= 4 {
            let value = loss(candidate)
            if value < bestLoss {
                best = candidate
                bestLoss = value
            }
            candidate += 0.05
        }
        return (best, loss(1), bestLoss)
    }
}

/// A small, fast, seedable generator (SplitMix64), so training is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
