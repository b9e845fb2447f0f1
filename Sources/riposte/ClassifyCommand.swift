import ArgumentParser
import Foundation
import RiposteCore

/// `riposte classify "text"`: sentiment, evidence, flags and priority of one text.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify one text: label, confidence, evidence, risk flags and priority.",
        discussion: "Author options let you see how the author's profile changes flags and priority.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The text of the post.")
    var text: String

    @Option(help: "The post's language (ISO 639-1); detected when absent.")
    var language: String?

    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: "The brand the mention is filed under.")
    var brand: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try reportingErrorsSync {
            let configuration = try options.load()
            let model = try modelOptions.load(configuration: configuration)
            let classifier = MentionClassifier(model: model, configuration: configuration)
            let result = classifier.classify(text, language: language, author: authorOptions.author, brand: brand)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(ClassificationText.render(result))
            }
        }
    }
}

/// The human-readable form of a classification.
enum ClassificationText {
    static func render(_ result: MentionClassification) -> String {
        let sentiment = result.sentiment
        var lines = [
            String(format: "%@ (confidence %.2f, language %@)", sentiment.label.rawValue, sentiment.confidence, sentiment.language),
        ]
        if sentiment.evidence.isEmpty {
            lines.append("  evidence: none strong enough (the model leaned on its prior)")
        } else {
            lines.append("  evidence: " + sentiment.evidence.map { "\($0.text) [\($0.kind.rawValue) \(String(format: "%+.2f", $0.weight))]" }.joined(separator: ", "))
        }
        lines.append("priority: \(result.priority.rawValue) — \(result.priorityRule)")
        lines.append("author: \(result.risk.author.type.rawValue)" + (result.risk.author.evidence.isEmpty ? "" : " (\(result.risk.author.evidence.joined(separator: ", ")))"))
        if result.risk.flags.isEmpty {
            lines.append("flags: none")
        } else {
            lines.append("flags:")
            for flag in result.risk.flags {
                lines.append("  \(flag.kind.rawValue)\(flag.detail.map { " (\($0))" } ?? ""): \(flag.evidence.joined(separator: ", "))")
            }
        }
        if let event = result.risk.adverseEvent, result.risk.has(.adverseEvent) {
            lines.append("adverse event: \(event.presentElements.count)/4 GVP elements (\(event.presentElements.joined(separator: ", ")))\(event.isComplete ? " — a valid report: day 0 is receipt" : "")")
            if event.serious { lines.append("  serious: \(event.seriousEvidence.joined(separator: ", "))") }
        }
        lines.append("model: \(result.modelVersion)")
        return lines.joined(separator: "\n")
    }
}

/// ``reportingErrors`` for synchronous commands.
func reportingErrorsSync<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CLIError {
        FileHandle.standardError.write(Data("riposte: \(error.message)\n".utf8))
        throw error.exitCode
    }
}
