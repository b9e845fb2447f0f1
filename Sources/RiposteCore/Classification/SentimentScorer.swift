/// Scores posts with a ``SentimentModel`` quickly: the model's tables rearranged for one post at a
/// time, built once when a classifier is made.
///
/// The scores are those of ``SentimentModel/logits(_:routing:)`` (up to float rounding); what
/// changes is the memory traffic:
/// - the domain tables are interleaved, so one bucket's weights for every domain share a cache
///   line or two instead of sitting in `domains` tables megabytes apart;
/// - the unigram and character n-grams of each word of the model's vocabulary (frequent training
///   tokens) are summed once per word at load time, so a known word costs one look-up and one row
///   instead of a dozen n-gram hashes and their table reads. Unknown or negated words are hashed
///   as before.
struct SentimentScorer: Sendable {
    let model: SentimentModel
    let featurizer: SentimentFeaturizer
    /// `nil` when the model has more domains or buckets than the fast layout holds (then the model scores).
    private let tables: Tables?

    /// The rearranged tables, in memory allocated once and never written after `init`. Rows are
    /// padded to whole SIMD vectors: a bucket's shared weights are 4 floats, its domain weights
    /// `8 × blockChunks` (each domain's 3 classes in turn), its router weights 8 floats.
    private final class Tables: @unchecked Sendable {
        static let maxBlockChunks = 4
        let domainCount: Int
        let blockChunks: Int
        let domainMask: Int32
        /// `buckets × 4`.
        let shared: UnsafeMutableRawPointer
        /// `domainBuckets × 8·blockChunks`.
        let domainBlocks: UnsafeMutableRawPointer
        /// `domainBuckets × 8`.
        let router: UnsafeMutableRawPointer
        /// For each vocabulary word, its (not negated) unigram's weights plus the sums of its
        /// character n-grams' weights, laid out as shared (4), domains (8·blockChunks), router (8),
        /// then the n-gram count (4 floats of padding).
        let wordRows: UnsafeMutableRawPointer
        let wordStride: Int
        /// A vocabulary word's key → its row.
        let words: TokenKeyTable<Int32>

        init?(model: SentimentModel, featurizer: SentimentFeaturizer) {
            let domainCount = model.domains.count
            let classes = SentimentModel.classCount
            let blockChunks = (domainCount * classes + 7) / 8
            // A read packs a bucket or vocabulary row in 30 bits (see `Read`).
            guard domainCount <= 8, blockChunks <= Self.maxBlockChunks, model.hashBits <= 30, model.vocabulary.count <= 1 << 30 else { return nil }
            let buckets = 1 << model.domainBits
            let sharedBuckets = 1 << model.hashBits
            self.domainCount = domainCount
            self.blockChunks = blockChunks
            domainMask = Int32(buckets - 1)
            let floats = MemoryLayout<Float>.stride
            shared = .allocate(byteCount: sharedBuckets * 4 * floats, alignment: 64)
            shared.initializeMemory(as: Float.self, repeating: 0, count: sharedBuckets * 4)
            for bucket in 0..<sharedBuckets {
                for label in 0..<classes {
                    shared.storeBytes(of: model.shared[bucket * classes + label], toByteOffset: (bucket * 4 + label) * floats, as: Float.self)
                }
            }
            domainBlocks = .allocate(byteCount: buckets * 8 * blockChunks * floats, alignment: 64)
            domainBlocks.initializeMemory(as: Float.self, repeating: 0, count: buckets * 8 * blockChunks)
            router = .allocate(byteCount: buckets * 8 * floats, alignment: 64)
            router.initializeMemory(as: Float.self, repeating: 0, count: buckets * 8)
            for bucket in 0..<buckets {
                for domain in 0..<domainCount {
                    for label in 0..<classes {
                        let value = model.domainWeights[(domain * buckets + bucket) * classes + label]
                        domainBlocks.storeBytes(of: value, toByteOffset: (bucket * 8 * blockChunks + domain * classes + label) * floats, as: Float.self)
                    }
                    router.storeBytes(of: model.router[bucket * domainCount + domain], toByteOffset: (bucket * 8 + domain) * floats, as: Float.self)
                }
            }
            let vocabulary = model.vocabulary
            wordStride = (4 + 8 * blockChunks + 8 + 4) * floats
            wordRows = .allocate(byteCount: max(1, vocabulary.count) * wordStride, alignment: 64)
            wordRows.initializeMemory(as: Float.self, repeating: 0, count: max(1, vocabulary.count) * wordStride / floats)
            words = TokenKeyTable(vocabulary.enumerated().map { (SocialText.key(of: $1.unicodeScalars), Int32($0)) })
            var grams: [Int32] = []
            for (row, word) in vocabulary.enumerated() {
                let scalars = Array(word.unicodeScalars)
                grams.removeAll(keepingCapacity: true)
                scalars.withUnsafeBufferPointer { scalars in
                    featurizer.forEachCharacterGram(of: scalars) { grams.append($0) }
                }
                var sums = Sums()
                for index in grams { add(index, to: &sums) }
                let unigram = featurizer.unigram(SocialText.key(of: scalars))
                add(unigram, to: &sums)
                addRouter(unigram, to: &sums)
                let base = wordRows + row * wordStride
                base.storeBytes(of: sums.shared, as: SIMD4<Float>.self)
                for (chunk, vector) in [sums.blocks.0, sums.blocks.1, sums.blocks.2, sums.blocks.3].prefix(blockChunks).enumerated() {
                    base.storeBytes(of: vector, toByteOffset: (4 + 8 * chunk) * floats, as: SIMD8<Float>.self)
                }
                base.storeBytes(of: sums.router, toByteOffset: (4 + 8 * blockChunks) * floats, as: SIMD8<Float>.self)
                base.storeBytes(of: Float(grams.count), toByteOffset: (4 + 8 * blockChunks + 8) * floats, as: Float.self)
            }
        }

        deinit {
            shared.deallocate()
            router.deallocate()
            domainBlocks.deallocate()
            wordRows.deallocate()
        }

        /// One table read of a post, as a tagged 32-bit word: a character n-gram bucket, a word
        /// feature bucket (also read by the router), or a vocabulary row.
        enum Read {
            static let bucketTag: UInt32 = 0
            static let routedTag: UInt32 = 1
            static let wordTag: UInt32 = 2
            static let payload: UInt32 = (1 << 30) - 1

            @inline(__always) static func bucket(_ index: Int32) -> UInt32 { UInt32(bitPattern: index) }
            @inline(__always) static func routed(_ index: Int32) -> UInt32 { routedTag << 30 | UInt32(bitPattern: index) }
            @inline(__always) static func word(_ row: Int32) -> UInt32 { wordTag << 30 | UInt32(bitPattern: row) }
        }

        /// Running sums for one post.
        struct Sums {
            var shared = SIMD4<Float>()
            var blocks: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) = (.init(), .init(), .init(), .init())
            var router = SIMD8<Float>()
        }

        /// Adds bucket `index`'s shared and domain weights.
        @inline(__always)
        func add(_ index: Int32, to sums: inout Sums) {
            sums.shared += shared.loadUnaligned(fromByteOffset: Int(index) * 16, as: SIMD4<Float>.self)
            let block = domainBlocks + Int(index & domainMask) * 32 * blockChunks
            sums.blocks.0 += block.loadUnaligned(as: SIMD8<Float>.self)
            if blockChunks > 1 { sums.blocks.1 += block.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) }
            if blockChunks > 2 { sums.blocks.2 += block.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) }
            if blockChunks > 3 { sums.blocks.3 += block.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self) }
        }

        /// Adds bucket `index`'s router weights.
        @inline(__always)
        func addRouter(_ index: Int32, to sums: inout Sums) {
            sums.router += router.loadUnaligned(fromByteOffset: Int(index & domainMask) * 32, as: SIMD8<Float>.self)
        }

        /// Adds a vocabulary row; returns its n-gram count.
        @inline(__always)
        func addWord(_ row: Int32, to sums: inout Sums) -> Int {
            let base = wordRows + Int(row) * wordStride
            sums.shared += base.loadUnaligned(as: SIMD4<Float>.self)
            sums.blocks.0 += base.loadUnaligned(fromByteOffset: 16, as: SIMD8<Float>.self)
            if blockChunks > 1 { sums.blocks.1 += base.loadUnaligned(fromByteOffset: 48, as: SIMD8<Float>.self) }
            if blockChunks > 2 { sums.blocks.2 += base.loadUnaligned(fromByteOffset: 80, as: SIMD8<Float>.self) }
            if blockChunks > 3 { sums.blocks.3 += base.loadUnaligned(fromByteOffset: 112, as: SIMD8<Float>.self) }
            sums.router += base.loadUnaligned(fromByteOffset: 16 + 32 * blockChunks, as: SIMD8<Float>.self)
            return Int(base.load(fromByteOffset: 16 + 32 * blockChunks + 32, as: Float.self))
        }
    }

    init(model: SentimentModel) {
        self.model = model
        featurizer = model.featurizer
        tables = Tables(model: model, featurizer: featurizer)
    }

    /// Class scores before the temperature, and the router's share of each domain.
    func logits(_ text: SocialText, dense: [Float]) -> (logits: [Float], routing: [Float]) {
        guard let tables else {
            var vector = featurizer.features(of: text, language: nil)
            vector.dense = dense
            let routing = model.routing(vector)
            return (model.logits(vector, routing: routing), routing)
        }
        let classes = SentimentModel.classCount
        let domainCount = tables.domainCount
        // Two passes: first every table row the post reads, in order (hashing only, no table
        // reads), then the reads, in a loop with nothing else in it. The sums are added in the
        // same order as in one pass, so the scores are bit for bit the same.
        var sums = Tables.Sums()
        var wordFeatures = 0
        var occurrences = 0
        // At most: a bigram and a unigram per token, and per token of n scalars n + 1 n-gram starts.
        let gramsPerStart = max(0, featurizer.charGrams.upperBound - max(1, featurizer.charGrams.lowerBound) + 1)
        let bound = 2 * text.tokens.count + gramsPerStart * (text.scalars.count + text.tokens.count) + 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bound) { reads in
            var count = 0
            text.scalars.withUnsafeBufferPointer { all in
                var previous: UInt64?
                for token in text.tokens {
                    let hash = SentimentFeaturizer.wordHash(token)
                    if let previous {
                        reads[count] = Tables.Read.routed(featurizer.bigram(previous, hash))
                        count += 1
                        wordFeatures += 1
                    }
                    previous = hash
                    wordFeatures += 1
                    let grams = SentimentFeaturizer.hasCharacterGrams(token)
                    if grams, !token.negated, let row = tables.words[token.key] {
                        reads[count] = Tables.Read.word(row)
                    } else {
                        reads[count] = Tables.Read.routed(featurizer.unigram(hash))
                        if grams {
                            featurizer.forEachCharacterGram(of: UnsafeBufferPointer(rebasing: all[token.start..<(token.start + token.length)])) { index in
                                count += 1
                                reads[count] = Tables.Read.bucket(index)
                            }
                        }
                    }
                    count += 1
                }
            }
            for read in reads[..<count] {
                let payload = Int32(bitPattern: read & Tables.Read.payload)
                switch read >> 30 {
                case Tables.Read.wordTag: occurrences += tables.addWord(payload, to: &sums)
                case Tables.Read.routedTag:
                    tables.add(payload, to: &sums)
                    tables.addRouter(payload, to: &sums)
                default:
                    occurrences += 1
                    tables.add(payload, to: &sums)
                }
            }
        }
        occurrences += wordFeatures
        let blocks = [sums.blocks.0, sums.blocks.1, sums.blocks.2, sums.blocks.3]
        func block(_ domain: Int, _ label: Int) -> Float {
            let offset = domain * classes + label
            return blocks[offset / 8][offset % 8]
        }
        let routing: [Float]
        if domainCount > 1 {
            let value: Float = wordFeatures == 0 ? 0 : 1 / Float(wordFeatures).squareRoot()
            routing = softmax((0..<domainCount).map { model.routerBias[$0] + value * sums.router[$0] })
        } else {
            routing = [1]
        }
        let scale: Float = occurrences == 0 ? 0 : 1 / Float(occurrences).squareRoot()
        let denseCount = SentimentFeaturizer.denseCount
        var scores = (0..<classes).map { model.bias[$0] + scale * sums.shared[$0] }
        for feature in 0..<denseCount where dense[feature] != 0 {
            for label in 0..<classes { scores[label] += dense[feature] * model.sharedDense[feature * classes + label] }
        }
        for (domain, share) in routing.enumerated() where share >= 0.01 {
            for label in 0..<classes {
                var partial = model.domainBias[domain * classes + label] + scale * block(domain, label)
                for feature in 0..<denseCount where dense[feature] != 0 {
                    partial += dense[feature] * model.domainDense[(domain * denseCount + feature) * classes + label]
                }
                scores[label] += share * partial
            }
        }
        return (scores, routing)
    }
}
