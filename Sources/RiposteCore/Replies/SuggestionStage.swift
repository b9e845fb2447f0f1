/// The pipeline stage that suggests replies to every classified mention.
public struct SuggestionStage: MentionStage {
    public var name: String { "suggestions" }
    /// The suggester.
    public let suggester: ReplySuggester
    /// The brand's values (`replies:` in the configuration).
    public let values: [String: String]
    /// How many suggestions to keep per mention.
    public let count: Int
    /// The company's medicines (`classifier.products`): a mention's brand is used as `{{product}}` only when listed.
    public let products: [String]

    /// Creates the stage.
    public init(suggester: ReplySuggester, values: [String: String], products: [String] = [], count: Int = 3) {
        self.suggester = suggester
        self.values = values
        self.products = products
        self.count = count
    }

    public func process(_ stored: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        guard let classification = result.classification else { return }
        let mention = stored.mention
        var values = self.values
        if let first = ReplyVariables.firstName(of: mention.author?.name) { values["author.first_name"] = first }
        if let handle = mention.author?.handle { values["author.handle"] = "@" + handle }
        // A brand filed by a listening tool may be a search name: only a configured product is
        // used as {{product}} in customer-facing text.
        if let brand = mention.brand, values["product"] == nil, products.contains(where: { $0.caseInsensitiveCompare(brand) == .orderedSame }) {
            values["product"] = brand
        }
        values["case_ref"] = ReplyVariables.caseReference(for: stored.id)
        let author = mention.author?.handle.map { "\(mention.source):\($0.lowercased())" }
        let thread = result.threadKey.map { "\(mention.source):\($0)" }
        let request = SuggestionRequest(
            text: mention.text, classification: classification, platform: ReplyPlatform(source: mention.source, url: mention.url),
            author: author, thread: thread, variables: ReplyVariables(values: values))
        result.replyAuthor = author
        result.replyThread = thread
        result.suggestions = suggester.suggest(request, history: context.replyHistory, now: context.now, limit: count)
        if let top = result.suggestions.first {
            context.replyHistory.append(RecentReply(variantKey: top.variantKey, author: author, thread: thread, at: context.now))
        }
    }
}
