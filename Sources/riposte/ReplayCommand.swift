import ArgumentParser
import Foundation
import RiposteCore
import RiposteModels

/// `riposte replay FILE.jsonl`: a dry run of the pipeline over a stream of mentions.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a stream of mentions (JSON lines) through classify → suggest → route and show what would happen.",
        discussion: """
            Nothing is stored or sent: each mention prints its label, flags, priority, top suggestion and the routes and \
            messages it would produce, then a summary. Try: riposte replay conversations/samples/mentions.jsonl
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "A file of mentions, one JSON object per line (the POST /v1/mentions shape).")
    var file: String

    func run() throws {
        try reportingErrorsSync {
            let configuration = try options.load()
            let model = try modelOptions.load(configuration: configuration)
            let classifier = MentionClassifier(model: model, configuration: configuration)
            let library = try loadLibrary(configuration.replies.templates)
            let pipeline = MentionPipeline.configured(configuration, classifier: classifier, templates: library)
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CLIError(message: "\(file): cannot be read (\(error.localizedDescription))", exitCode: .dataError)
            }
            let decoder = MentionPayloadDecoder()
            var context = PipelineContext(now: Date())
            var labels: [Sentiment: Int] = [:]
            var priorities: [Priority: Int] = [:]
            var flags: [RiskFlagKind: Int] = [:]
            var messages: [String: Int] = [:]
            var count = 0
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                let mentions: [Mention]
                do {
                    mentions = try decoder.decode(Array(trimmed.utf8))
                } catch {
                    throw CLIError(message: "\(file):\(offset + 1): \(error)", exitCode: .dataError)
                }
                for mention in mentions {
                    count += 1
                    let stored = StoredMention(id: RiposteID.make(), mention: mention, receivedAt: Date())
                    let result: MentionProcessingResult
                    do {
                        result = try pipeline.process(stored, context: &context)
                    } catch {
                        throw CLIError(message: "\(file):\(offset + 1): \(error)", exitCode: .software)
                    }
                    guard let classification = result.classification else { continue }
                    labels[classification.sentiment.label, default: 0] += 1
                    priorities[classification.priority, default: 0] += 1
                    for flag in classification.risk.flags { flags[flag.kind, default: 0] += 1 }
                    let author = mention.author?.handle.map { "@" + $0 } ?? "?"
                    print("\n[\(count)] \(mention.source) \(author): \(String(mention.text.prefix(100)))\(mention.text.count > 100 ? "…" : "")")
                    print("    \(classification.sentiment.label.rawValue) \(String(format: "%.2f", classification.sentiment.confidence)) · \(classification.priority.rawValue) (\(classification.priorityRule))")
                    if !classification.risk.flags.isEmpty {
                        print("    flags: " + classification.risk.flags.map { "\($0.kind.rawValue)\($0.detail.map { "/\($0)" } ?? "")" }.joined(separator: ", "))
                    }
                    if let top = result.suggestions.first {
                        print("    reply [\(top.templateID)]: \(top.text)")
                    } else {
                        print("    reply: none fits — write it by hand")
                    }
                    for decision in result.routes {
                        print("    route \(decision.path) → \(decision.destinations.joined(separator: ", "))\(decision.escalation.map { " (escalation \($0))" } ?? "")")
                    }
                    for message in result.messages { messages[message.destination, default: 0] += 1 }
                }
            }
            print("\n\(count) mention\(count == 1 ? "" : "s"): " + Sentiment.allCases.map { "\(labels[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            print("priorities: " + Priority.allCases.map { "\($0.rawValue) \(priorities[$0] ?? 0)" }.joined(separator: ", "))
            print("flags: " + (flags.isEmpty ? "none" : flags.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")))
            print("alerts that would be sent: " + (messages.isEmpty ? "none" : messages.sorted { $0.key < $1.key }.map { "\($0.value) to \($0.key)" }.joined(separator: ", ")))
        }
    }
}

extension ExitCode {
    /// An internal failure (sysexits EX_SOFTWARE).
    static let software = ExitCode(70)
}
