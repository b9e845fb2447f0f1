import ArgumentParser
import Foundation
import RiposteCore

/// `riposte routes test "text" …`: which routes a mention would take, and why.
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Explain the routing tree.",
        subcommands: [Test.self])

    /// `riposte routes test`.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Classify a text and show which routes match, with the conditions that held.",
            discussion: "Example: riposte routes test \"Cardiolix made me dizzy\" --author-followers 50000 --source x --at 2026-11-21T22:00:00Z")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var modelOptions: ModelOptions

        @Argument(help: "The text of the post.")
        var text: String

        @Option(help: "The source (x, meltwater, …).")
        var source = "x"

        @Option(help: "The post's language; detected when absent.")
        var language: String?

        @Option(help: "The brand it is filed under.")
        var brand: String?

        @OptionGroup var authorOptions: AuthorOptions

        @Option(help: "When it arrives (RFC 3339), for business-hours routes; default now.")
        var at: String?

        func run() throws {
            try reportingErrorsSync {
                let configuration = try options.load()
                let model = try modelOptions.load(configuration: configuration)
                let classifier = MentionClassifier(model: model, configuration: configuration)
                var date = Date()
                if let at {
                    guard let parsed = RFC3339.parse(at) else { throw CLIError(message: "--at: '\(at)' is not an RFC 3339 time such as 2026-11-21T22:00:00Z", exitCode: .usage) }
                    date = parsed
                }
                let author = authorOptions.author
                let classification = classifier.classify(text, language: language, author: author, brand: brand)
                let facts = RoutingFacts(classification: classification, source: source.lowercased(), brand: brand, followers: author?.followers, at: date)
                let decisions = MentionRouter(routes: configuration.routes).decide(facts)
                let flags = classification.risk.flags.map(\.kind.rawValue)
                print("\(classification.sentiment.label.rawValue), \(classification.priority.rawValue), author \(classification.risk.author.type.rawValue)\(flags.isEmpty ? "" : ", flags: " + flags.joined(separator: ", "))")
                if configuration.routes.isEmpty { print("no routes are configured (routes: in the configuration file)") }
                if decisions.isEmpty, !configuration.routes.isEmpty { print("no route matches: the mention is stored and classified, and nobody is alerted") }
                for decision in decisions {
                    print("\n→ \(decision.path): \(decision.destinations.joined(separator: ", "))\(decision.escalation.map { " (escalation \($0))" } ?? "")")
                    for reason in decision.reasons { print("   · \(reason)") }
                    if let grouping = decision.grouping {
                        let labels = grouping.labels.isEmpty ? "everything on the route" : grouping.labels.map(\.rawValue).joined(separator: ", ")
                        print("   grouped by \(labels): first message after \(Int(grouping.wait))s, updates at most every \(Int(grouping.interval))s, a fresh message after \(Int(grouping.repeatInterval))s")
                    }
                }
            }
        }
    }
}

extension ExitCode {
    /// A command-line usage error (sysexits EX_USAGE).
    static let usage = ExitCode(64)
}
