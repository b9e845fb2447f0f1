import ArgumentParser
import Foundation
import RiposteCore
import RiposteModels

/// `riposte train`: trains a sentiment model from labelled CSV files.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the sentiment model from labelled CSV files (id,text,label[,extra]).",
        discussion: """
            Each file is a training domain named after the file (airline.dev.csv → airline): the model \
            learns what is shared and what is particular to each, and a router weighs the domains for a \
            new post. Training is reproducible: the same files, lexicon and options give the same model. \
            With --cv K it first prints K-fold cross-validated figures per file.
            """)

    @Option(name: .customLong("data"), help: ArgumentHelp("A labelled CSV file (repeat for several).", valueName: "file"))
    var data: [String] = []

    @Option(help: ArgumentHelp("The lexicon file (section<TAB>token<TAB>valence).", valueName: "file"))
    var lexicon = "models/lexicon.tsv"

    @Option(help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String

    @Option(help: "Cross-validate with this many folds before training (0 = skip).")
    var cv = 0

    @Option(help: "Passes over the data.")
    var epochs = SentimentTrainingOptions().epochs

    @Option(help: "L2 regularisation strength.")
    var alpha = SentimentTrainingOptions().alpha

    @Option(help: "How far class weights go toward balance within a file (0…1).")
    var classBalance = SentimentTrainingOptions().classBalance

    @Option(help: "The random seed.")
    var seed = SentimentTrainingOptions().seed

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("give at least one --data FILE.csv") }
        guard cv == 0 || (2...20).contains(cv) else { throw ValidationError("--cv must be 0 or from 2 to 20") }
        guard (1...500).contains(epochs) else { throw ValidationError("--epochs must be from 1 to 500") }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
        guard (0...1).contains(classBalance) else { throw ValidationError("--class-balance must be from 0 to 1") }
    }

    func run() throws {
        try reportingErrorsSync {
            var options = SentimentTrainingOptions()
            options.epochs = epochs
            options.alpha = alpha
            options.classBalance = classBalance
            options.seed = seed
            let lexiconText: String
            do {
                lexiconText = try String(contentsOfFile: lexicon, encoding: .utf8)
            } catch {
                throw CLIError(message: "\(lexicon): cannot be read (\(error.localizedDescription))", exitCode: .dataError)
            }
            let parsedLexicon: SentimentLexicon
            do {
                parsedLexicon = try SentimentLexicon.parse(lexiconText)
            } catch let error as LexiconError {
                throw CLIError(message: "\(lexicon):\(error.line): \(error.message)", exitCode: .dataError)
            }
            var examples: [LabelledText] = []
            var sources: [SentimentModel.TrainingSource] = []
            for path in data {
                let rows = try readLabelledCSV(path, labels: EvaluationTask.sentiment.labels)
                let domain = Self.domain(of: path)
                guard !sources.contains(where: { $0.domain == domain }) else {
                    throw CLIError(message: "\(path): another file already trains the domain `\(domain)`", exitCode: .dataError)
                }
                sources.append(SentimentModel.TrainingSource(file: URL(fileURLWithPath: path).lastPathComponent, domain: domain, rows: rows.count))
                examples += rows.compactMap { row in Sentiment(rawValue: row.label).map { LabelledText(text: row.text, label: $0, domain: domain) } }
                FileHandle.standardError.write(Data("read \(rows.count) rows from \(path) (domain \(domain))\n".utf8))
            }
            let trainer = SentimentTrainer(options: options, lexicon: parsedLexicon)
            let progress = Progress()
            if cv > 0 {
                let results = trainer.crossValidate(examples, folds: cv) { progress.update("cross-validation: \($0)") }
                progress.finish()
                print("\(cv)-fold cross-validation (macro-F1 / F1 unsupportive / accuracy):")
                for (domain, metrics) in results.sorted(by: { $0.key < $1.key }) {
                    let name = domain.padding(toLength: max(22, domain.count), withPad: " ", startingAt: 0)
                    print("  \(name) " + String(format: "%.3f / %.3f / %.3f  (n=%d)", metrics.macroF1, metrics.scores(of: "unsupportive").f1, metrics.accuracy, metrics.total))
                }
            }
            let start = ContinuousClock.now
            let model = trainer.train(examples, sources: sources) { progress.update($0) }
            progress.finish()
            do {
                try SentimentModelFile.write(model, to: out)
            } catch {
                throw CLIError(message: "\(out): cannot be written (\(error.localizedDescription))", exitCode: .cantCreate)
            }
            print("wrote \(out): \(model.metadata.version), \(examples.count) texts, \(sources.count) domains, in \(Int((ContinuousClock.now - start).seconds)) s")
        }
    }

    /// `…/airline.dev.csv` → `airline`.
    static func domain(of path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return String(name.prefix { $0 != "." })
    }
}

extension ExitCode {
    /// An output file cannot be created (sysexits EX_CANTCREAT).
    static let cantCreate = ExitCode(73)
}
