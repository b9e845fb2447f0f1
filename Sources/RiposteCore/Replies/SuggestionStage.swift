/// The pipeline stage that suggests replies to every classified mention.
public struct SuggestionStage: MentionStage {
    public var name: String { "suggestions" }
    /// The suggester.
    public let suggester: ReplySuggester
    /// The brand's values (`replies:` in the configuration).
    public let values: [String: String]
    /// How many suggestions to keep per mention.
    public let count: Int

    /// Creates the stage.
    public init(suggester: ReplySuggester, values: [String: String], count: Int = 3) {
        self.suggester = suggester
        self.values = values
        self.count = count
    }

    public func process(_ stored: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) {
        guard let classification = result.classification else { return }
        let mention = stored.mention
        var values = self.values
        if let first = ReplyVariables.firstName(of: mention.author?.name) { values["author.first_name"] = first }
        if let handle = mention.author?.handle { values["author.handle"] = "@" + handle }
        if mention.brand != nil, values["product"] == nil { values["product"] = mention.brand }
        values["case_ref"] = ReplyVariables.caseReference(for: stored.id)
        let author = mention.author?.handle.map { "\(mention.source):\($0.lowercased())" }
        let thread = result.threadKey.map { "\(mention.source):\($0)" }
        let request = SuggestionRequest(
            text: mention.text, classification: classification, platform: ReplyPlatform(source: mention.source),
            author: author, thread: thread, variables: ReplyVariables(values: values))
        result.suggestions = suggester.suggest(request, recent: context.recentReplies, now: context.now, limit: count)
        if let top = result.suggestions.first {
            context.recentReplies.append(RecentReply(variantKey: top.variantKey, author: author, thread: thread, at: context.now))
        }
    }
}
