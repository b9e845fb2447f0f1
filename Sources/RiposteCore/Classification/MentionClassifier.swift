/// Everything Riposte concluded about a mention: sentiment, risk flags, author type and priority.
public struct MentionClassification: Sendable, Equatable, Codable {
    /// The sentiment, with confidence and evidence.
    public var sentiment: SentimentResult
    /// The version of the model that produced it.
    public var modelVersion: String
    /// The flags, the adverse-event analysis and the author type.
    public var risk: RiskAssessment
    /// How soon a human must look.
    public var priority: Priority
    /// The rule that set the priority.
    public var priorityRule: String
}

/// Classifies mentions: the sentiment model and the risk detectors together.
public struct MentionClassifier: Sendable {
    /// The sentiment classifier.
    public let sentiment: SentimentClassifier
    /// The risk detectors.
    public let risk: RiskDetector

    /// Creates a classifier.
    public init(sentiment: SentimentClassifier, risk: RiskDetector) {
        self.sentiment = sentiment
        self.risk = risk
    }

    /// The classifier a configuration asks for, around a loaded model.
    public init(model: SentimentModel, configuration: RiposteConfiguration) {
        self.init(sentiment: SentimentClassifier(model: model), risk: RiskDetector(settings: configuration.classifier.risk))
    }

    /// Classifies a stored mention.
    public func classify(_ mention: Mention) -> MentionClassification {
        classify(mention.text, language: mention.language, author: mention.author, brand: mention.brand)
    }

    /// Classifies a text, with what is known of its author and brand.
    public func classify(_ text: String, language: String? = nil, author: MentionAuthor? = nil, brand: String? = nil) -> MentionClassification {
        let result = sentiment.classify(text, language: language)
        let assessment = risk.assess(SocialText(text), author: author, brand: brand)
        let (priority, rule) = PriorityRules.decide(sentiment: result.label, risk: assessment)
        return MentionClassification(
            sentiment: result, modelVersion: sentiment.modelVersion, risk: assessment, priority: priority, priorityRule: rule
        )
    }
}

/// The pipeline stage that classifies every mention.
public struct ClassificationStage: MentionStage {
    public var name: String { "classification" }
    /// The classifier.
    public let classifier: MentionClassifier

    /// Creates the stage.
    public init(classifier: MentionClassifier) {
        self.classifier = classifier
    }

    public func process(_ mention: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        result.classification = classifier.classify(mention.mention)
    }
}
