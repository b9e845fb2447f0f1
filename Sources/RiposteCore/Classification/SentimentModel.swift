import Foundation

/// A trained sentiment model: a multinomial logistic regression over hashed features, with a
/// shared part, one adaptation per training domain (airline tweets, general tweets, French…) and
/// a router that weighs the domains by how much a post resembles each.
///
/// A post's class scores are `shared · x + Σ_d p(d | x) · domain_d · x`, then a softmax with a
/// temperature fitted on held-out data so that the confidence is calibrated. Loaded once at
/// start-up; immutable and `Sendable`, so every request shares it.
public struct SentimentModel: Sendable {
    /// Facts about the model, stored in its file and shown in its card.
    public struct Metadata: Codable, Sendable, Equatable {
        /// A name that changes with every training (`sentiment-20261121-5f3a9c1e`).
        public var version: String
        /// What trained it.
        public var trainedOn: [TrainingSource]
        /// The options it was trained with.
        public var options: SentimentTrainingOptions
        /// The held-out negative log-likelihood before and after temperature fitting.
        public var calibration: [String: Double]

        /// Creates metadata.
        public init(version: String, trainedOn: [TrainingSource], options: SentimentTrainingOptions, calibration: [String: Double] = [:]) {
            self.version = version
            self.trainedOn = trainedOn
            self.options = options
            self.calibration = calibration
        }
    }

    /// One training file.
    public struct TrainingSource: Codable, Sendable, Equatable {
        /// The file's name.
        public var file: String
        /// The domain its rows trained.
        public var domain: String
        /// How many rows.
        public var rows: Int

        /// Creates a source.
        public init(file: String, domain: String, rows: Int) {
            self.file = file
            self.domain = domain
            self.rows = rows
        }
    }

    /// What it is.
    public var metadata: Metadata
    /// The lexicon behind the dense features.
    public var lexicon: SentimentLexicon
    /// The domains, in table order.
    public var domains: [String]
    let hashBits: Int
    let domainBits: Int
    var temperature: Float
    /// `buckets × 3`.
    var shared: [Float]
    /// `dense × 3`.
    var sharedDense: [Float]
    /// 3.
    var bias: [Float]
    /// `domains × domainBuckets × 3`.
    var domainWeights: [Float]
    /// `domains × dense × 3`.
    var domainDense: [Float]
    /// `domains × 3`.
    var domainBias: [Float]
    /// `domainBuckets × domains`.
    var router: [Float]
    /// `domains`.
    var routerBias: [Float]
    /// Frequent training tokens whose character n-gram sums the scorer precomputes at load time
    /// (a speed-up only: a token outside it is scored the same, just computed on the fly).
    public var vocabulary: [String] = []

    static let classCount = 3

    /// A zeroed model of the given shape.
    init(metadata: Metadata, lexicon: SentimentLexicon, domains: [String], hashBits: Int, domainBits: Int) {
        self.metadata = metadata
        self.lexicon = lexicon
        self.domains = domains
        self.hashBits = hashBits
        self.domainBits = domainBits
        let dense = SentimentFeaturizer.denseCount
        let classes = Self.classCount
        temperature = 1
        shared = .init(repeating: 0, count: (1 << hashBits) * classes)
        sharedDense = .init(repeating: 0, count: dense * classes)
        bias = .init(repeating: 0, count: classes)
        domainWeights = .init(repeating: 0, count: domains.count * (1 << domainBits) * classes)
        domainDense = .init(repeating: 0, count: domains.count * dense * classes)
        domainBias = .init(repeating: 0, count: domains.count * classes)
        router = .init(repeating: 0, count: (1 << domainBits) * domains.count)
        routerBias = .init(repeating: 0, count: domains.count)
    }

    var featurizer: SentimentFeaturizer {
        SentimentFeaturizer(hashBits: hashBits, lexicon: lexicon, charGrams: metadata.options.charGrams)
    }
}

// MARK: - File format

extension SentimentModel {
    /// The first bytes of a model file.
    static let magic = Array("RPSENT01".utf8)

    private struct Header: Codable {
        var metadata: Metadata
        var hashBits: Int
        var domainBits: Int
        var domains: [String]
        var temperature: Float
        var bias: [Float]
        var sharedDense: [Float]
        var domainDense: [Float]
        var domainBias: [Float]
        var routerBias: [Float]
        var lexicon: [String: [String: Float]]
        var vocabulary: [String]?
    }

    /// The model as file bytes: a magic, a JSON header, then the three large tables as
    /// little-endian half-precision floats.
    public func encoded() throws -> [UInt8] {
        let header = Header(
            metadata: metadata, hashBits: hashBits, domainBits: domainBits, domains: domains, temperature: temperature,
            bias: bias, sharedDense: sharedDense, domainDense: domainDense, domainBias: domainBias, routerBias: routerBias,
            lexicon: ["en": lexicon.english, "fr": lexicon.french, "symbol": lexicon.symbols],
            vocabulary: vocabulary
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var bytes = Self.magic
        bytes.reserveCapacity(bytes.count + 4 + json.count + 2 * (shared.count + domainWeights.count + router.count))
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for table in [shared, domainWeights, router] {
            for value in table {
                withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Reads a model from file bytes.
    /// - Throws: ``ModelFileError`` when the bytes are not a model file or are cut short.
    public init(encoded bytes: [UInt8]) throws {
        guard bytes.count >= 12, Array(bytes[0..<8]) == Self.magic else {
            throw ModelFileError(message: "not a Riposte sentiment model (bad magic)")
        }
        let headerLength = Int(UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
        guard 12 + headerLength <= bytes.count else { throw ModelFileError(message: "header cut short") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[12..<(12 + headerLength)]))
        } catch {
            throw ModelFileError(message: "unreadable header: \(error)")
        }
        guard (10...24).contains(header.hashBits), (8...header.hashBits).contains(header.domainBits), !header.domains.isEmpty else {
            throw ModelFileError(message: "header has impossible table sizes")
        }
        let lexicon = SentimentLexicon(english: header.lexicon["en"] ?? [:], french: header.lexicon["fr"] ?? [:], symbols: header.lexicon["symbol"] ?? [:])
        self.init(metadata: header.metadata, lexicon: lexicon, domains: header.domains, hashBits: header.hashBits, domainBits: header.domainBits)
        guard header.bias.count == bias.count, header.sharedDense.count == sharedDense.count, header.domainDense.count == domainDense.count,
              header.domainBias.count == domainBias.count, header.routerBias.count == routerBias.count, header.temperature > 0 else {
            throw ModelFileError(message: "header tables do not match the model's shape")
        }
        temperature = header.temperature
        bias = header.bias
        sharedDense = header.sharedDense
        domainDense = header.domainDense
        domainBias = header.domainBias
        routerBias = header.routerBias
        vocabulary = header.vocabulary ?? []
        var offset = 12 + headerLength
        guard bytes.count == offset + 2 * (shared.count + domainWeights.count + router.count) else {
            throw ModelFileError(message: "weight tables are \(bytes.count - offset) bytes, expected \(2 * (shared.count + domainWeights.count + router.count))")
        }
        func read(_ count: Int) -> [Float] {
            var table = [Float](repeating: 0, count: count)
            bytes.withUnsafeBufferPointer { buffer in
                for index in 0..<count {
                    let bits = UInt16(buffer[offset + 2 * index]) | UInt16(buffer[offset + 2 * index + 1]) << 8
                    table[index] = Float(Float16(bitPattern: bits))
                }
            }
            offset += 2 * count
            return table
        }
        shared = read(shared.count)
        domainWeights = read(domainWeights.count)
        router = read(router.count)
    }
}

/// A model file that cannot be read.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    public var description: String { "model file: \(message)" }
}
