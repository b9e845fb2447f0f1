import ArgumentParser
import Foundation
import RiposteCore
import RiposteModels

/// `riposte suggest "text"`: the top reply suggestions for a text, with why.
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest replies to a text from the template library, with the reasons for each.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The text of the post.")
    var text: String

    @Option(help: "Where the reply goes: \(ReplyPlatform.allCases.map(\.rawValue).joined(separator: ", ")).")
    var platform = "x"

    @Option(help: "The post's language; detected when absent.")
    var language: String?

    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: "How many suggestions.")
    var count = 3

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard ReplyPlatform(rawValue: platform) != nil else {
            throw ValidationError("--platform must be one of \(ReplyPlatform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...10).contains(count) else { throw ValidationError("--count must be from 1 to 10") }
    }

    func run() throws {
        try reportingErrorsSync {
            let configuration = try options.load()
            let model = try modelOptions.load(configuration: configuration)
            let classifier = MentionClassifier(model: model, configuration: configuration)
            let classification = classifier.classify(text, language: language, author: authorOptions.author, brand: configuration.replies.values["brand"])
            let library = try loadLibrary(configuration.replies.templates)
            var values = configuration.replies.values
            if let first = ReplyVariables.firstName(of: authorOptions.authorName) { values["author.first_name"] = first }
            if let handle = authorOptions.authorHandle { values["author.handle"] = "@" + handle }
            values["case_ref"] = ReplyVariables.caseReference(for: RiposteID.make())
            let request = SuggestionRequest(
                text: text, classification: classification, platform: ReplyPlatform(rawValue: platform) ?? .x,
                author: authorOptions.authorHandle.map { "cli:\($0)" }, variables: ReplyVariables(values: values))
            let suggestions = ReplySuggester(library: library, varietyWindow: configuration.replies.varietyWindow)
                .suggest(request, recent: [], now: Date(), limit: count)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(suggestions), as: UTF8.self))
                return
            }
            print("\(classification.sentiment.label.rawValue), \(classification.priority.rawValue)\(classification.risk.flags.isEmpty ? "" : ", flags: " + classification.risk.flags.map(\.kind.rawValue).joined(separator: ", "))")
            if suggestions.isEmpty { print("no template fits this mention: write the reply by hand") }
            for (rank, suggestion) in suggestions.enumerated() {
                print("\n\(rank + 1). \(suggestion.templateID) [\(suggestion.locale)] variant \(suggestion.variant + 1) — score \(suggestion.score)\(suggestion.requiresApproval ? ", needs approval" : "")")
                print("   \(suggestion.text)")
                print("   (\(suggestion.length)/\(suggestion.limit) characters on \(platform))")
                for reason in suggestion.reasons { print("   · \(reason)") }
            }
        }
    }
}
