import ArgumentParser
import Foundation
import RiposteCore
import RiposteModels

/// `--model`, shared by the commands that classify.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A model file from `riposte train` (default: classifier.model, else the shipped model).", valueName: "file"))
    var model: String?

    /// Loads the model named by --model, else by the configuration, else the shipped one.
    func load(configuration: RiposteConfiguration) throws -> SentimentModel {
        do {
            return try SentimentModelFile.load(path: model ?? configuration.classifier.model)
        } catch {
            throw CLIError(message: "\(error)", exitCode: .configuration)
        }
    }
}

/// Writes a progress line on standard error, overwriting the previous one when it is a terminal.
struct Progress {
    private let terminal = isatty(STDERR_FILENO) == 1

    func update(_ line: String) {
        let text = (terminal ? "\r\u{1B}[K" : "") + line + (terminal ? "" : "\n")
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Reads a labelled CSV file, turning problems into a message that names the file and line.
func readLabelledCSV(_ path: String, labels: [String]) throws -> [LabelledRow] {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CLIError(message: "\(path): cannot be read as UTF-8 text (\(error.localizedDescription))", exitCode: .dataError)
    }
    do {
        return try LabelledCSV.parse(text, allowedLabels: Set(labels))
    } catch let error as LabelledCSVError {
        throw CLIError(message: "\(path):\(error.line): \(error.message)", exitCode: .dataError)
    }
}

extension ExitCode {
    /// The input data is malformed (sysexits EX_DATAERR).
    static let dataError = ExitCode(65)
}

/// `--author-…`, shared by the commands that classify a text: what is known of its author.
struct AuthorOptions: ParsableArguments {
    @Option(help: "The author's handle.")
    var authorHandle: String?

    @Option(help: "The author's display name (its first word greets them in replies).")
    var authorName: String?

    @Option(help: "The author's bio.")
    var authorBio: String?

    @Option(help: "The author's follower count.")
    var authorFollowers: Int?

    @Flag(help: "The author is verified.")
    var authorVerified = false

    /// The author, or `nil` when no option was given.
    var author: MentionAuthor? {
        guard authorHandle != nil || authorName != nil || authorBio != nil || authorFollowers != nil || authorVerified else { return nil }
        return MentionAuthor(handle: authorHandle, name: authorName, bio: authorBio, followers: authorFollowers, verified: authorVerified)
    }
}
