import ArgumentParser
import Foundation
import RiposteCore
import RiposteModels

/// `riposte templates lint|list`.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Check or list the reply template library.",
        subcommands: [Lint.self, List.self])

    /// `riposte templates lint`.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check the template library; exits non-zero with file:line messages on any problem.",
            discussion: """
                Refuses YAML errors, unknown keys, duplicate ids, a template missing a locale, unknown variables, a variant \
                over a channel's limit with fallbacks, expired reviews, missing review metadata on templates that skip \
                approval, adverse-event templates that do not point to the safety contact, and corporate jargon.
                """)

        @OptionGroup var options: ConfigOptions

        @Option(help: ArgumentHelp("The template folder (default: replies.templates).", valueName: "folder"))
        var dir: String?

        @Option(help: ArgumentHelp("The jargon list (default: replies.jargon).", valueName: "file"))
        var jargon: String?

        @Option(help: ArgumentHelp("Check review expiry as of this day (YYYY-MM-DD; default today).", valueName: "day"))
        var today: String?

        func run() throws {
            try reportingErrorsSync {
                let configuration = try options.load()
                let library = try loadLibrary(dir ?? configuration.replies.templates)
                let phrases: [String]
                do {
                    phrases = try TemplateFiles.jargon(jargon ?? configuration.replies.jargon)
                } catch {
                    throw CLIError(message: "\(error)", exitCode: .dataError)
                }
                let day = today ?? String(RFC3339.format(Date()).prefix(10))
                let issues = TemplateLinter(jargon: phrases, today: day).lint(library)
                for issue in issues { print(issue) }
                let variants = library.templates.map(\.variants.count).reduce(0, +)
                if issues.isEmpty {
                    print("\(library.templates.count) templates, \(variants) variants: no problems")
                } else {
                    throw CLIError(message: "\(issues.count) problem\(issues.count == 1 ? "" : "s") in the template library", exitCode: .dataError)
                }
            }
        }
    }

    /// `riposte templates list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Print the template library: id, locale, intents, flags, approval and review.")

        @OptionGroup var options: ConfigOptions

        @Option(help: ArgumentHelp("The template folder (default: replies.templates).", valueName: "folder"))
        var dir: String?

        func run() throws {
            try reportingErrorsSync {
                let configuration = try options.load()
                let library = try loadLibrary(dir ?? configuration.replies.templates)
                for template in library.templates {
                    let flags = template.flags.isEmpty ? "" : " flags=\(template.flags.map(\.rawValue).joined(separator: ","))"
                    let review = template.review.map { "\($0.reference) until \($0.expiresOn)" } ?? "no review"
                    print("\(template.id) [\(template.locale)] intents=\(template.intents.map(\.rawValue).joined(separator: ","))\(flags) variants=\(template.variants.count) \(template.requiresApproval ? "approval" : "no-approval") \(review)  (\(template.file):\(template.line ?? 0))")
                }
                for issue in library.issues { FileHandle.standardError.write(Data("riposte: \(issue)\n".utf8)) }
            }
        }
    }
}

/// Reads the template folder, turning a missing folder into a clear error.
func loadLibrary(_ path: String) throws -> TemplateLibrary {
    do {
        return try TemplateFiles.library(folder: path)
    } catch {
        throw CLIError(message: "\(error)", exitCode: .dataError)
    }
}
